"""Amounts: money, percentages, percentage points and physical quantities, normalised.

Method: the pattern-first approach of rule-based quantity taggers (e.g. the number+unit
grammars of Grobid-quantities and of spaCy's own `like_num`/currency handling): candidates are
found with a handful of regular expressions built once from two lexicons
(knowledge/currencies.tsv, knowledge/units.tsv), so a bare number never becomes an amount —
years, dates, ordinals, list numbers, versions ("2.0"), times and phone numbers carry no
currency or unit and are never matched. Only then is the dependency parse read, once per
candidate, to name what the amount measures (`about`) and the states in its clause.

A range ("$1-2 billion", "5 to 6 percent") gives one record per end, both with the range's text.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tightrope import knowledge
from tightrope.extract import DocContext, sentences, trimmed
from tightrope.knowledge.actors import read_tsv
from tightrope.records import record_id

NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
# "to" joins a range only between spaces; a dash may be tight ("1-2").
RANGE = r"(?:\s*[-\u2013\u2014]\s*|\s+to\s+)"


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated file in the knowledge folder ('#' lines are comments)."""
    return read_tsv(knowledge.path(name))


@dataclass(frozen=True, slots=True)
class Currency:
    code: str
    default_country: str
    alternatives: tuple[tuple[str, str], ...]   # (country, code) used when that country is the nearer named


@dataclass(frozen=True, slots=True)
class Unit:
    kind: str        # scale, percent, points, physical, share
    unit: str
    factor: float


def _alternation(forms: list[str], exact: set[str]) -> str:
    """Longest-first alternation; forms in `exact` keep their case, the rest ignore it."""
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        pattern = re.escape(form).replace(r"\ ", r"\s+")
        parts.append(pattern if form in exact else f"(?i:{pattern})")
    return "|".join(parts)


@dataclass(frozen=True)
class Lexicon:
    currencies: dict[str, Currency]
    currency_ci: dict[str, Currency]          # case-folded names ("Dollars")
    units: dict[str, Unit]
    units_ci: dict[str, Unit]
    money_before: re.Pattern
    money_after: re.Pattern
    measure: re.Pattern
    share_words: tuple[str, ...]

    def currency(self, form: str) -> Currency:
        return self.currencies.get(form) or self.currency_ci[" ".join(form.split()).casefold()]

    def unit(self, form: str) -> Unit:
        key = " ".join(form.split())
        return self.units.get(key) or self.units_ci[key.casefold()]

    def scale_factor(self, form: str | None) -> float:
        """Factor of one scale word or of two in a row ("lakh crore" = 1e5 * 1e7)."""
        if not form:
            return 1.0
        factor = 1.0
        for word in form.split():
            factor *= self.unit(word).factor
        return factor


@functools.cache
def lexicon() -> Lexicon:
    currencies: dict[str, Currency] = {}
    prefix, suffix, exact = [], [], set()
    for row in read_table("currencies.tsv"):
        alts = tuple(tuple(part.split("=", 1)) for part in row["alternative"].split(";") if part)
        currencies[row["form"]] = Currency(row["code"], row["default_country"], alts)
        # Symbols and codes are case-sensitive ("Rs", "RMB"); names are not ("Dollars").
        if not row["form"].islower():
            exact.add(row["form"])
        if row["position"] in ("prefix", "both"):
            prefix.append(row["form"])
        if row["position"] in ("suffix", "both"):
            suffix.append(row["form"])
    units: dict[str, Unit] = {}
    scale, measure, unit_exact, share = [], [], set(), []
    for row in read_table("units.tsv"):
        if row["kind"] == "share":
            share.append(row["form"].casefold())
            continue
        units[row["form"]] = Unit(row["kind"], row["unit"], float(row["factor"]))
        if row["case"] == "exact":
            unit_exact.add(row["form"])
        (scale if row["kind"] == "scale" else measure).append(row["form"])
    # Indian English stacks scale words ("Rs 3.4 lakh crore", "Rs 45 thousand crore"); only
    # whole words may follow the first, never a bare letter ("m", "b").
    scale_re = (f"(?:{_alternation(scale, unit_exact)})"
                f"(?:\\s+(?:{_alternation([f for f in scale if len(f) >= 4], unit_exact)})(?![\\w$%]))?")
    tail = r"(?![\w$%])"
    # A prefix word ("Rs", "USD") must not be the end of a longer word; a symbol may be glued.
    before = (rf"(?<![\w$])(?P<cur>{_alternation(prefix, exact)})\s?(?P<n1>{NUMBER})"
              rf"(?:{RANGE}(?:(?P=cur)\s?)?(?P<n2>{NUMBER}))?(?:\s?(?P<scale>{scale_re}){tail})?")
    after = (rf"(?<![\w.,$])(?P<n1>{NUMBER})(?:{RANGE}(?P<n2>{NUMBER}))?"
             rf"(?:\s?(?P<scale>{scale_re}))?\s?(?P<cur>{_alternation(suffix, exact)}){tail}")
    quantity = (rf"(?<![\w.,$])(?P<n1>{NUMBER})(?:{RANGE}(?P<n2>{NUMBER}))?"
                rf"(?:\s?(?P<scale>{scale_re}))?(?P<sep>\s?|-)(?P<unit>{_alternation(measure, unit_exact)})"
                rf"(?:(?<=%)|{tail})")
    return Lexicon(
        currencies=currencies,
        currency_ci={k.casefold(): v for k, v in currencies.items() if k.islower()},
        units=units, units_ci={k.casefold(): v for k, v in units.items() if k not in unit_exact},
        money_before=re.compile(before), money_after=re.compile(after),
        measure=re.compile(quantity), share_words=tuple(share))


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    text: str
    values: list[float]
    unit: str
    currency: Currency | None = None


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def find_candidates(text: str) -> list[Candidate]:
    """Every amount written in `text`, left to right, overlaps resolved (longest wins)."""
    lex = lexicon()
    found: list[Candidate] = []
    for pattern in (lex.money_before, lex.money_after):
        for m in pattern.finditer(text):
            currency = lex.currency(m["cur"])
            factor = lex.scale_factor(m["scale"])
            values = [_number(m["n1"]) * factor]
            if m["n2"]:
                values.append(_number(m["n2"]) * factor)
            found.append(Candidate(m.start(), m.end(), m.group(), values, currency.code, currency))
    for m in lex.measure.finditer(text):
        unit = lex.unit(m["unit"])
        if m["sep"] == "-" and unit.kind != "physical":
            continue     # "a 10-point plan", "a 20-percent-owned firm": not a measure
        factor = unit.factor * lex.scale_factor(m["scale"])
        values = [_number(m["n1"]) * factor]
        if m["n2"]:
            values.append(_number(m["n2"]) * factor)
        found.append(Candidate(m.start(), m.end(), m.group(), values, unit.unit))
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Candidate] = []
    for cand in found:
        if kept and cand.start < kept[-1].end:
            continue
        kept.append(cand)
    return kept


# --- what the amount measures -------------------------------------------------------------

_MODIFIER_DEPS = {"compound", "amod", "poss"}
_PREPS = {"on", "of", "in", "for", "with", "to", "from", "against", "between", "over", "into"}
_NOUNS = {"NOUN", "PROPN"}
_MAX_WORDS = 6


def _phrase_tokens(head: Token, skip: range) -> list[Token]:
    """Head noun with its compounds and adjectives (verb participles, numbers, determiners and
    pronouns left out: "hiked duties" is about duties)."""
    out = []
    for child in head.lefts:
        if child.dep_ in _MODIFIER_DEPS and child.pos_ in ("ADJ", "NOUN", "PROPN") \
                and child.i not in skip and not child.like_num:
            out.extend(t for t in child.subtree if t.i not in skip and not t.is_punct
                       and t.pos_ in ("ADJ", "NOUN", "PROPN", "ADV") and not t.like_num)
    out.append(head)
    return sorted(set(out), key=lambda t: t.i)


def noun_phrase(head: Token, skip: range) -> str | None:
    """The phrase a head noun stands for, plus one prepositional object
    ("levies on US agricultural goods"); at most six words, the outermost modifiers go first."""
    if head.pos_ == "PRON" or head.i in skip:
        return None
    words = _phrase_tokens(head, skip)
    tail: list[Token] = []
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _PREPS:
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in _NOUNS
                       and c.ent_type_ not in ("DATE", "TIME")]
            if objects and objects[0].i not in skip:
                tail = [child, *_phrase_tokens(objects[0], skip)]
            break
    while len(words) + len(tail) > _MAX_WORDS and len(words) > 1:
        words.pop(0)
    while len(words) + len(tail) > _MAX_WORDS:
        tail.pop(1)
    return " ".join(t.text for t in words + tail) or None


def _object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "oprd") and child.pos_ in _NOUNS:
            return child
    return None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.pos_ in _NOUNS:
                return child
            # "the clashes that cost the US $316 billion": the relative pronoun stands for
            # the noun the clause modifies.
            if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" and verb.head.pos_ in _NOUNS:
                return verb.head
    return None


def _nominal(token: Token) -> bool:
    """A noun, or a word the tagger called a verb but the parser uses as one ("a deal")."""
    return token.pos_ in _NOUNS or (
        token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children))


def _is_actor(token: Token) -> bool:
    return token.ent_type_ in ("GPE", "ORG", "PERSON", "NORP")


def about(root: Token, skip: range) -> str | None:
    """What an amount measures, from the parse around the amount's root token.

    Order: the noun the amount modifies ("$500 million deal"); the amount's own "of/in/on"
    object ("$100 billion in exports", "5% of GDP"); for "at/to 100pc", the noun or the
    governing verb's object ("limiting GDP impact to 0.2pc"); for an amount that is a verb's
    object ("cost the US $316 billion", "trade reached $5bn"), the verb's subject."""
    node = root
    for _ in range(2):      # an amount in apposition or coordination: ask its head
        if node.dep_ in ("appos", "conj") and node.head.i not in skip:
            node = node.head
    head = node.head
    if node.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod", "npadvmod") \
            and _nominal(head) and head.i not in skip:
        while head.dep_ == "compound" and _nominal(head.head):
            head = head.head            # "$300 million minerals deal": the deal
        return noun_phrase(head, skip)
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "on", "for"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in _NOUNS:
                return noun_phrase(objects[0], skip)
    if node.dep_ == "pobj":
        prep = node.head
        governor = prep.head
        # A noun with a direct object is a verb the tagger got wrong ("Trump's ... hiked").
        if governor.pos_ in _NOUNS and _object(governor) is None:
            return noun_phrase(governor, skip)
        if governor.pos_ in ("VERB", "AUX") or _object(governor) is not None:
            # "raised tariffs to 25%": the object changed; "inflation eased to 4%": the subject.
            obj = _object(governor)
            target = obj if obj is not None and obj.i < prep.i else _subject(governor) or obj
            if target is not None and target.i not in skip:
                return noun_phrase(target, skip)
    if node.dep_ == "npadvmod" and head.pos_ == "ADJ" and head.head.pos_ in ("VERB", "AUX"):
        head, node = head.head, head           # "the deal was worth $5 billion"
    if node.dep_ in ("dobj", "attr", "oprd", "npadvmod", "dative", "acomp") \
            and head.pos_ in ("VERB", "AUX"):
        target = _subject(head)
        if target is not None and _is_actor(target) and head.pos_ == "VERB":
            # "Russia exported 7.3 million barrels of oil": the measure is the exporting.
            goods = [o for p in root.subtree if p.dep_ == "prep" and p.lower_ == "of"
                     for o in p.children if o.dep_ == "pobj" and o.i not in skip]
            goods += [c for c in head.children if c.dep_ == "dative" and c.pos_ in _NOUNS]
            return " ".join([head.text.lower(), *([goods[0].text] if goods else [])])
        if target is None:
            obj = _object(head)
            target = obj if obj is not None and obj.i != node.i else None
        if target is not None and target.i not in skip:
            return noun_phrase(target, skip)
    return None


def clause_of(token: Token) -> Token:
    """The nearest verb at or above `token`: the head of its clause."""
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def mentions_between(ctx: DocContext, start: int, end: int) -> list:
    """Actor mentions inside tokens [start, end)."""
    from tightrope.extract.actors import mentions_in

    return mentions_in(ctx, start, end)


def states_in(ctx: DocContext, start: int, end: int) -> list[str]:
    seen: list[str] = []
    for m in mentions_between(ctx, start, end):
        if m.country and m.country != "IGO" and m.country not in seen:
            seen.append(m.country)
    return seen


def _choose_code(ctx: DocContext, cand: Candidate, sent: Span, at: int) -> str:
    """A symbol or name shared by several currencies ("Rs": PKR or INR; "pesos": MXN, PHP,
    ARS ...) goes to the nearest of their states named in the sentence; the default when none
    is named."""
    cur = cand.currency
    if cur is None or not cur.alternatives:
        return cand.unit
    codes = dict(cur.alternatives)
    named = [m for m in mentions_between(ctx, sent.start, sent.end)
             if m.country in codes or m.country == cur.default_country]
    if not named:
        return cand.unit
    nearest = min(named, key=lambda m: abs(m.start - at))
    return codes.get(nearest.country, cand.unit)


def amounts_in(ctx: DocContext, sent: Span) -> Iterator[dict]:
    doc: Doc = ctx.doc
    s_start, s_end, s_text = trimmed(sent)
    for cand in find_candidates(s_text):
        start, end = s_start + cand.start, s_start + cand.end
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        skip = range(span.start, span.end)
        clause = clause_of(span.root)
        countries = states_in(ctx, clause.left_edge.i, clause.right_edge.i + 1) \
            if clause.pos_ in ("VERB", "AUX") else states_in(ctx, sent.start, sent.end)
        unit = _choose_code(ctx, cand, sent, span.start)
        topic = about(span.root, skip)
        for value in cand.values:
            yield {"kind": "amount", "doc_id": ctx.doc_id,
                   "id": record_id(ctx.doc_id, "amount", start, end, value),
                   "text": cand.text, "value": value, "unit": unit, "about": topic,
                   "actors": countries, "sentence": s_text, "span": [start, end]}


def extract(ctx: DocContext) -> Iterator[dict]:
    for sent in sentences(ctx.doc):
        yield from amounts_in(ctx, sent)
