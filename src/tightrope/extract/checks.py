"""Consistency flags: things in an article that cannot all be true.

Each check reads what the earlier steps produced (mentions, amounts) plus the office-holder
knowledge base, and yields a `flag` record saying what (the words), where (their span and
sentence) and why (one sentence). The checks, in the spirit of the automatic fact-checking
"claim consistency" rules surveyed by Thorne & Vlachos 2018:

* implausible_year   a five-digit number standing where a year stands ("the 20180-2020
                     clashes", "in 20180", "March 20180"), or a year more than 50 years after
                     publication in a past-tense clause.
* office_mismatch    a person introduced with an office title ("US Commerce Secretary X") on
                     a date (a time expression in the sentence, else the publication date)
                     when the office-holder data says they did not hold that office.
* inconsistent_quantity  the same quantity (same `about` and unit) stated with different
                     values in different sentences of one article.
* share_over_100     a percentage above 100 where a share of a whole is meant ("a 120%
                     stake", "130 percent of the vote").
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

from tightrope.extract import DocContext, sentences, trimmed
from tightrope.extract.amounts import lexicon
from tightrope.records import record_id

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
         r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
TEMPORAL_PREP = r"(?i:in|since|from|until|till|by|during|before|after|around|circa|early|late|mid-?)"
# A five-digit number in a year's place; the number must start like a year (1x or 2x).
LONG_YEAR = re.compile(
    rf"(?<![\w$.,])(?P<y>[12]\d{{4}})(?=\s*[-\u2013]\s*\d{{4}}(?!\d))"        # 20180-2020
    rf"|(?<![\w$.,])\d{{4}}\s*[-\u2013]\s*(?P<y2>[12]\d{{4}})(?![\d,.%])"      # 2018-20200
    rf"|\b{MONTH}\s+(?:\d{{1,2}},?\s+)?(?P<y3>[12]\d{{4}})(?![\d,.%])"       # March 20180
    rf"|\b{TEMPORAL_PREP}\s+(?P<y4>[12]\d{{4}})(?![\d,.%]|\s*(?:people|troops|tonnes|km))")
YEAR = re.compile(rf"\b(?i:in|since|during|by)\s+(?P<y>\d{{4}})\b(?![\d,.%])")
FUTURE_YEARS_ALLOWED = 50
TITLE_DEPS = ("compound", "amod", "nmod", "poss", "case")
PAST_TITLE_WORDS = {"former", "ex", "then", "late", "erstwhile", "outgoing", "ousted"}


def _flag(ctx: DocContext, kind: str, start: int, end: int, message: str, sent: str) -> dict:
    return {"kind": "flag", "doc_id": ctx.doc_id,
            "id": record_id(ctx.doc_id, "flag", kind, start, end),
            "flag": kind, "text": ctx.article.text[start:end], "message": message,
            "sentence": sent, "span": [start, end]}


# --- years ---------------------------------------------------------------------------------

def year_repairs(digits: str, latest: int) -> list[int]:
    """Years one dropped digit away from a too-long year ("20180" -> 2018, 2010)."""
    found = []
    for i in range(len(digits)):
        candidate = digits[:i] + digits[i + 1:]
        if len(candidate) == 4 and 1800 <= int(candidate) <= latest and int(candidate) not in found:
            found.append(int(candidate))
    return sorted(found, reverse=True)


def _clause_is_past(token: Token) -> bool:
    node = token
    for _ in range(5):
        if node.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in node.children):
                return False
            if node.tag_ == "VBD":
                return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def year_flags(ctx: DocContext, sent: Span, amount_spans: list[tuple[int, int]]) -> Iterator[dict]:
    start, _, text = trimmed(sent)
    latest = (ctx.published.year if ctx.published else dt.date.today().year) + FUTURE_YEARS_ALLOWED
    for m in LONG_YEAR.finditer(text):
        group = next(g for g in ("y", "y2", "y3", "y4") if m.group(g))
        a, b = start + m.start(group), start + m.end(group)
        if any(s <= a < e for s, e in amount_spans):
            continue
        repairs = year_repairs(m.group(group), latest)
        hint = f"; probably {' or '.join(map(str, repairs))}" if repairs else ""
        yield _flag(ctx, "implausible_year", a, b,
                    f"'{m.group(group)}' stands where a year stands but has five digits{hint}.",
                    text)
    if ctx.published is None:
        return
    for m in YEAR.finditer(text):
        year = int(m.group("y"))
        if year <= ctx.published.year + FUTURE_YEARS_ALLOWED:
            continue
        a, b = start + m.start("y"), start + m.end("y")
        token = ctx.doc.char_span(a, b, alignment_mode="expand")
        if token is not None and _clause_is_past(token.root):
            yield _flag(ctx, "implausible_year", a, b,
                        f"{year} is told as past but is more than {FUTURE_YEARS_ALLOWED} years "
                        f"after publication ({ctx.published.isoformat()}).", text)


# --- office holders ------------------------------------------------------------------------

def title_before(doc, start: int) -> tuple[int, str] | None:
    """The capitalised title phrase right before a name ("US Commerce Secretary" before
    "Gina Raimondo"): (first token index, text), or None."""
    i = start
    while i > 0 and start - i < 6:
        t = doc[i - 1]
        if t.is_punct and t.text not in ("'s", "\u2019s") or t.pos_ in ("DET", "VERB", "ADP", "CCONJ"):
            break
        if not (t.is_title or t.is_upper or t.tag_ == "POS" or t.lower_ in PAST_TITLE_WORDS):
            break
        i -= 1
    if i == start:
        return None
    return i, doc[i:start].text


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb at or above `token` (the clause it belongs to)."""
    node = token
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head is node:
            return None
        node = node.head
    return None


def _relevant_dates(ctx: DocContext, sent: Span, person: Token) -> list[tuple[dt.date, dt.date, str]]:
    """(start, end, words) of the time expressions in the person's clause or above it, else the
    publication day; the words say which date was used. A date in another clause dates
    something else: in "Secretary X said the group attacked in 2024", 2024 is when the group
    attacked, not when X held the office."""
    from tightrope.extract.dates import find_times

    clause = _governing_verb(person)
    doc = ctx.doc
    found = []
    for e in find_times(sent, ctx.published):
        if e.start is None or e.end is None or e.relation not in ("at", "range"):
            continue
        span = doc.char_span(e.start_char, e.end_char, alignment_mode="expand")
        if span is None:
            continue
        verb = _governing_verb(span.root)
        # The person's own clause, or a clause above it (a date on the main verb covers what
        # hangs below it); never a clause below or beside it.
        same = verb is not None and clause is not None and verb.i == clause.i
        if not same and (clause is None or verb is None or not verb.is_ancestor(clause)):
            continue
        found.append((e.start, e.end, f"'{e.text}' ({e.value or e.start.isoformat()})"))
    if not found and ctx.published is not None:
        found = [(ctx.published, ctx.published, f"the publication date ({ctx.published.isoformat()})")]
    return found


def _people(ctx: DocContext, sent: Span, persons: list[Span]) -> Iterator[tuple[int, int, int, str, str | None, str | None]]:
    """(title start, name start, end) token indices, name, country and title text of the people a
    sentence names: the actors step's person mentions (their own `title` when the mention
    includes it, "US Commerce Secretary Gina Raimondo"; else the capitalised words before
    them), and PERSON entities the gazetteer does not cover."""
    from tightrope.extract.amounts import mentions_between

    covered = set()
    for m in mentions_between(ctx, sent.start, sent.end):
        if m.kind != "person" or not m.name:
            continue
        covered.update(range(m.start, m.end))
        title = getattr(m, "title", None)
        if title:
            yield m.start, m.start, m.end, m.name, m.country, title
        else:
            found = title_before(ctx.doc, m.start)
            if found:
                yield found[0], m.start, m.end, m.name, m.country, found[1]
    first = bisect.bisect_left(persons, sent.start, key=lambda e: e.start)
    for ent in persons[first:]:
        if ent.start >= sent.end:
            break
        if not covered.intersection(range(ent.start, ent.end)):
            found = title_before(ctx.doc, ent.start)
            if found:
                yield found[0], ent.start, ent.end, ent.text, None, found[1]


def office_flags(ctx: DocContext, sent: Span, persons: list[Span]) -> Iterator[dict]:
    offices = getattr(ctx.kb, "offices", None)
    if offices is None:
        return
    from tightrope.extract.amounts import mentions_between

    doc = ctx.doc
    s_text = trimmed(sent)[2]
    for t_first, first, end, name, person_country, title in _people(ctx, sent, persons):
        before = doc[max(0, t_first - 2):t_first].text
        if any(w.lower().strip(".-") in PAST_TITLE_WORDS for w in f"{before} {title}".split()):
            continue        # "former Foreign Minister X" was rightly titled
        states = [m.country for m in mentions_between(ctx, t_first, first)
                  if m.country and m.kind in ("state", "demonym", "capital")]
        if not states:
            states = [c for c in (_state_in_title(ctx, title),) if c]
        country = states[0] if states else person_country
        office = offices.office_from_title(title, country) if country else None
        if office is None:
            continue
        terms = [t for t in offices.terms_of(name) if t.office == office and t.country == country]
        for day_from, day_to, words in _relevant_dates(ctx, sent, doc[end - 1]):
            if any(t.start <= day_to and (t.end is None or t.end > day_from) for t in terms):
                continue
            holders = offices.holders(country, office, day_from)
            if not terms and not holders:
                continue        # the data knows nothing of this office then: say nothing
            written = doc[first:end].text.casefold().split()
            # Name particles are joined by hyphens ("al-Assad", "bin-Salman"): compare the parts.
            parts = {p for w in written for p in w.split("-")}
            if any(h.person.split()[-1].casefold().split("-")[-1] in parts for h in holders):
                continue        # the holder of the day shares the name as written
            full_name = sum(w in written for w in name.casefold().split()) >= 2
            if not full_name and not holders:
                continue        # a bare surname may be a namesake the data does not know
            label = office.replace("_", " ")
            if terms:
                spans = ", ".join(f"{t.start.isoformat()} to "
                                  f"{t.end.isoformat() if t.end else 'now'}" for t in terms)
                why = f"{name} was {label} of {country} from {spans}"
            else:
                why = f"{name} is not known to have been {label} of {country}"
            if holders:
                why += f"; on {day_from.isoformat()} the office was held by " \
                       f"{', '.join(sorted({h.person for h in holders}))}"
            a, b = doc[t_first].idx, doc[end - 1].idx + len(doc[end - 1].text)
            yield _flag(ctx, "office_mismatch", a, b,
                        f"Named {title} for {words}, but {why}.", s_text)
            break


def _state_in_title(ctx: DocContext, title: str) -> str | None:
    """The state a title names in its own words ("US" in "US Commerce Secretary")."""
    lookup = getattr(getattr(ctx.kb, "actors", None), "lookup", None)
    if lookup is None:
        return None
    for word in title.replace("\u2019s", "").replace("'s", "").split():
        entry = lookup(word)
        if entry is not None and entry.kind in ("state", "demonym", "capital") and entry.country:
            return entry.country
    return None


# --- quantities ----------------------------------------------------------------------------

def _about_key(about: str) -> str:
    return " ".join(w.lower().rstrip("s") for w in about.split())


def quantity_flags(ctx: DocContext, amounts: list[dict]) -> Iterator[dict]:
    first_seen: dict[tuple[str, str], dict] = {}
    for a in amounts:
        # One generic word ("tariff") names many quantities in one article; a conflict needs
        # a specific measure ("bilateral trade") between the same states.
        if not a.get("about") or len(a["about"].split()) < 2:
            continue
        key = (_about_key(a["about"]), a["unit"], tuple(sorted(a.get("actors") or ())))
        seen = first_seen.get(key)
        if seen is None:
            first_seen[key] = a
            continue
        if seen["sentence"] == a["sentence"] or seen["span"] == a["span"]:
            continue        # two values in one sentence are a change or a range, not a conflict
        if abs(seen["value"] - a["value"]) <= 0.01 * max(abs(seen["value"]), abs(a["value"])):
            continue
        yield _flag(ctx, "inconsistent_quantity", a["span"][0], a["span"][1],
                    f"'{a['about']}' is given as {a['text']} here but as {seen['text']} "
                    f"earlier in the article.", a["sentence"])


def share_flags(ctx: DocContext, amounts: list[dict]) -> Iterator[dict]:
    words = lexicon().share_words
    text = ctx.article.text
    for a in amounts:
        if a["unit"] != "percent" or a["value"] <= 100:
            continue
        window = " ".join([a.get("about") or "", text[max(0, a["span"][0] - 40):a["span"][1] + 40]])
        window = " " + " ".join(window.lower().split()) + " "
        if any(f" {w} " in window for w in words):
            yield _flag(ctx, "share_over_100", a["span"][0], a["span"][1],
                        f"{a['text']} is a share of a whole, which cannot exceed 100 percent.",
                        a["sentence"])


def extract(ctx: DocContext) -> Iterator[dict]:
    amounts = ctx.of_kind("amount")
    amount_spans = sorted(tuple(a["span"]) for a in amounts)
    persons = [e for e in ctx.doc.ents if e.label_ == "PERSON"]
    for sent in sentences(ctx.doc):
        yield from year_flags(ctx, sent, amount_spans)
        yield from office_flags(ctx, sent, persons)
    yield from quantity_flags(ctx, amounts)
    yield from share_flags(ctx, amounts)
