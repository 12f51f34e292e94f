"""Forecasts: statements about the future, with who holds them, what they claim, and when
they should come true.

Method: rule-based detection of future reference in the tradition of TimeML's modality and
event-factuality work (Saurí & Pustejovsky 2009, "FactBank"): a sentence states a forecast when
its predicate is marked as future — a verb of predicting ("foresee", "expect"), a future
auxiliary ("will", "shall"), "be going to", or a prospective predicate ("is set/likely/poised
to") — with knowledge/forecast_cues.tsv as the lexicon. Kept out: futures inside "if/unless"
clauses (hypothetical), questions, and obligations ("will need to", "will have to").

The holder is, in order: the subject of a verb of predicting; the speaker of the quote the
future clause sits in (so "I" in a direct quote is its speaker); the speaker of a quote in
the sentence just before, in the same paragraph, when this sentence names no speaker of its
own (journalists continue a source's reasoning that way: "He says a deal will be clinched.
This will be followed by ..."). A future sentence with no holder is kept only when it is
checkable — it carries a future time expression, or a prospective predicate such as "is set
to": a bare "will" in the author's own commentary ("Regional security will also benefit
China") is not a forecast anyone can be held to.

`from`/`by` are the window of the sentence's future time expression (tightrope.extract.dates,
resolved against the publication date); `claim` is a short deterministic restatement of the
future clause (see `claim_of`); `event_ids` are the forecast-factuality events of the sentence.
"""
from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from tightrope.extract import DocContext, sentences, trimmed
from tightrope.extract.amounts import read_table
from tightrope.extract.quotes import paragraphs
from tightrope.records import actor_dict, record_id

MAX_CLAIM_WORDS = 8
SUBJECTS = ("nsubj", "nsubjpass")
CONDITIONAL_MARKS = {"if", "unless", "whether"}
FIRST_PERSON = {"i", "we"}
FUTURE_MODALS = {"will", "would", "shall", "'ll", "wo"}
POSSIBLE_MODALS = {"could", "may", "might"}
# Subjects that point back to the sentence before ("This will be followed by ..."): only
# such a sentence continues the previous speaker's forecast.
ANAPHORS = {"this", "that", "these", "those", "it", "they", "he", "she", "such"}
PREFERRED = ("verb", "complement", "reported", "reported_modal")


@functools.cache
def cues() -> dict[str, str]:
    return {row["form"]: row["kind"] for row in read_table("forecast_cues.tsv")}


@dataclass
class Marker:
    kind: str            # verb, complement, aux, going, predicate
    cue: Token           # the word that marks the future
    predicate: Token     # the verb whose clause is the claim (for verbs of predicting: itself)


def _has_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def markers(sent: Span) -> list[Marker]:
    """Future markers of a sentence, in text order."""
    table = cues()
    found = []
    for token in sent:
        kind = table.get(token.lemma_.lower()) or table.get(token.lower_)
        if kind == "verb" and token.pos_ == "VERB":
            found.append(Marker("verb", token, token))
        elif kind == "complement" and token.pos_ == "VERB":
            if any(c.dep_ in ("ccomp", "xcomp") and c.tag_ in ("VBG", "VB") for c in token.children) \
                    and not any(c.dep_ == "prep" and c.lower_ == "as" for c in token.children):
                found.append(Marker("complement", token, token))
        elif kind == "aux" and token.dep_ in ("aux", "auxpass") and token.tag_ == "MD":
            found.append(Marker("aux", token, token.head))
        elif token.lower_ == "going" and token.tag_ == "VBG":
            complements = [c for c in token.children if c.dep_ == "xcomp" and _has_to(c)]
            if complements and any(c.dep_ == "aux" and c.lemma_ == "be" for c in token.children):
                found.append(Marker("going", token, complements[0]))
        elif kind == "report" and token.pos_ == "VERB":
            reported = _reported_clause(token)
            if reported is not None:
                found.append(Marker(reported[1], token, reported[0]))
        elif kind == "predicate" and token.pos_ in ("ADJ", "VERB"):
            complements = [c for c in token.children if c.dep_ == "xcomp" and _has_to(c)]
            if complements:
                found.append(Marker("predicate", token, complements[0]))
    return [m for m in found if not _excluded(m)]


def _reported_clause(cue: Token) -> tuple[Token, str] | None:
    """The clause a reporting verb introduces ("say (that) C") or interrupts ("C, X says"),
    with "reported" when its own predicate is future ("will", "would", "be going to") and
    "reported_modal" when it is only possible ("could", "may", "might")."""
    clauses = [c for c in cue.children if c.dep_ == "ccomp"]
    # "said that A and that B would ...": the second clause is a conjunct of the first.
    clauses += [c for clause in clauses for c in clause.children if c.dep_ == "conj"]
    if cue.dep_ == "parataxis" and cue.head.i != cue.i:
        clauses.append(cue.head)
    for clause in clauses:
        modals = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD"}
        if modals & FUTURE_MODALS:
            return clause, "reported"
        going = [c for c in clause.children if c.dep_ == "xcomp" and _has_to(c)]
        if clause.lower_ == "going" and going:
            return going[0], "reported"
        if modals & POSSIBLE_MODALS:
            return clause, "reported_modal"
    return None


def _completed(clause: Token) -> bool:
    """A clause in the past or perfect ("that the country has mortgaged its mines")."""
    if clause.tag_ == "VBD":
        return True
    return clause.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in clause.children)


def _past_prospective(cue: Token) -> bool:
    """"was due to host", "were set to sign": a plan reported in the past, not a forecast."""
    if any(c.dep_ in ("aux", "auxpass", "cop") and c.tag_ == "VBD" for c in cue.children):
        return True
    return cue.dep_ == "acomp" and cue.head.lemma_ == "be" and cue.head.tag_ == "VBD"


def _conditional(node: Token) -> bool:
    """Is the clause of `node` conditioned by an "if/unless" clause of its own?"""
    return any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITIONAL_MARKS
                                          for g in c.children) for c in node.children)


def _past(verb: Token) -> bool:
    if verb.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "was", "were", "did")
               for c in verb.children)


def _future_below(verb: Token) -> bool:
    """Does a clause under `verb` carry its own future ("predicted that prices would rise")?"""
    return any(t.dep_ == "aux" and t.lower_ in ("will", "would", "shall", "'ll", "wo")
               for t in verb.subtree if t.i != verb.i)


def _excluded(marker: Marker) -> bool:
    """Obligations ("will need to"), futures inside conditions, and predictions made in the
    past about something no longer future ("had anticipated this") are not forecasts."""
    if marker.kind in ("verb", "complement") and _past(marker.cue) and not _future_below(marker.cue):
        return True
    if marker.kind == "verb" and not _future_below(marker.cue):
        # "critics warn that the country has mortgaged its mines": nothing left to come true.
        clauses = [c for c in marker.cue.children if c.dep_ == "ccomp"]
        if clauses and all(_completed(c) for c in clauses):
            return True
    if marker.kind == "predicate" and _past_prospective(marker.cue):
        return True
    if _conditional(marker.predicate) or _conditional(marker.cue):
        return True
    table = cues()
    if table.get(marker.predicate.lemma_.lower()) == "obligation" and \
            any(c.dep_ == "xcomp" for c in marker.predicate.children):
        return True
    node = marker.predicate
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in node.children):
            return True
        if node.head.i == node.i:
            break
        node = node.head
    return False


# --- holders -------------------------------------------------------------------------------

def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child
    return None


def actor_for(ctx: DocContext, token: Token) -> dict | None:
    """The Actor a subject names: the actors step's mention of its head (or of a word in it),
    with the subject phrase as written ("American leaders")."""
    from tightrope.extract.actors import mention_for

    if token.pos_ == "PRON" and token.lower_ not in FIRST_PERSON:
        m = mention_for(ctx, token)
        return m.actor() if m is not None else None
    m = mention_for(ctx, token)
    if m is None:
        for t in token.subtree:
            m = mention_for(ctx, t)
            if m is not None:
                break
    if token.pos_ == "PRON":
        return m.actor() if m is not None else None
    words = [t for t in token.subtree if t.dep_ not in ("det", "punct") and t.i <= token.i]
    text = " ".join(t.text for t in words) if words else token.text
    if m is None:
        return actor_dict(text) if token.pos_ in ("NOUN", "PROPN") else None
    return actor_dict(text, m.name, m.country, m.sector)


def speaker_actor(speaker: dict) -> dict:
    return actor_dict(speaker.get("text") or "", speaker.get("name"), speaker.get("country"),
                      speaker.get("sector"))


class QuoteIndex:
    """The article's quote records by position, to find whose words a sentence carries."""

    def __init__(self, quotes: list[dict]) -> None:
        self.quotes = sorted(quotes, key=lambda q: q["span"][0])
        self.starts = [q["span"][0] for q in self.quotes]

    def covering(self, char: int) -> dict | None:
        i = bisect.bisect_right(self.starts, char) - 1
        while i >= 0:
            q = self.quotes[i]
            if q["span"][0] <= char < q["span"][1]:
                return q
            i -= 1
            if i >= 0 and self.quotes[i]["span"][1] < char - 2000:
                break
        return None

    def within(self, start: int, end: int) -> list[dict]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.quotes) and self.quotes[i]["span"][0] < end:
            out.append(self.quotes[i])
            i += 1
        return out


def holder_of(ctx: DocContext, marker: Marker, quotes: QuoteIndex,
              previous_quotes: list[dict]) -> tuple[dict | None, str]:
    """(holder, how it was found)."""
    in_quote = quotes.covering(marker.cue.idx)
    if marker.kind in PREFERRED:
        subject = subject_of(marker.cue)
        if subject is not None:
            if subject.lower_ in FIRST_PERSON and in_quote is not None:
                return speaker_actor(in_quote["speaker"]), "speaker of the quote"
            holder = actor_for(ctx, subject)
            if holder is not None:
                return holder, "subject of the predicting verb"
    if in_quote is not None:
        return speaker_actor(in_quote["speaker"]), "speaker of the quote"
    if previous_quotes:
        return speaker_actor(previous_quotes[-1]["speaker"]), "speaker of the sentence before"
    return None, ""


# --- claims --------------------------------------------------------------------------------

_KEEP_DEPS = {"compound", "amod", "nmod", "poss", "nummod", "quantmod"}


def _np_words(head: Token, with_prep: bool = True) -> list[Token]:
    words = []
    for child in head.lefts:
        if child.dep_ in _KEEP_DEPS and child.pos_ not in ("PRON", "DET"):
            words.extend(t for t in child.subtree
                         if t.pos_ not in ("DET", "PRON", "PUNCT") and t.dep_ != "case"
                         or t.text == "-")
    words.append(head)
    if with_prep:
        for child in head.rights:
            if child.dep_ == "prep":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and objects[0].ent_type_ not in ("DATE", "TIME"):
                    words.append(child)
                    words.extend(_np_words(objects[0], with_prep=True))
                break
    return sorted(set(words), key=lambda t: t.i)


def _join(words: list[Token]) -> str:
    """Words as written: neighbours keep the text's own spacing ("$2 billion", "US-China")."""
    out = ""
    for n, t in enumerate(words):
        if n and words[n - 1].i + 1 != t.i:
            out = out.rstrip() + " "
        out += t.text_with_ws
    return out.strip()


def _dyad(ctx: DocContext, clause: Token, inside: set[int],
          within: tuple[int, int] | None = None) -> str | None:
    """'A-B' for a clause that names exactly two parties outside the claim's phrase."""
    from tightrope.extract.actors import mention_for

    while clause.dep_ == "xcomp":           # "there is going to be X": the clause of "going"
        clause = clause.head
    aside = {t.i for c in clause.children if c.dep_ == "parataxis" for t in c.subtree}
    names: list[str] = []
    for t in clause.subtree:
        if t.i in inside or t.i in aside or (within and not within[0] <= t.idx < within[1]):
            continue
        m = mention_for(ctx, t)
        if m is None or m.kind not in ("state", "capital", "person", "demonym", "organisation"):
            continue
        label = m.text.removeprefix("the ").removeprefix("The ")
        if label not in names:
            names.append(label)
    return "-".join(names) if len(names) == 2 else None


def claim_of(ctx: DocContext, marker: Marker, within: tuple[int, int] | None = None) -> str:
    """A short restatement of the future clause, built the same way every time:
    the predicted thing (object of a predicting verb, "there is going to be X", the subject
    of a passive, or the agent of "this will be followed by X"), else the predicate with its
    object; prefixed "A-B" when the clause names two parties the phrase leaves out
    ("Trump-Xi deal"); determiners dropped; at most eight words."""
    p = marker.predicate
    core: list[Token] = []
    if marker.kind in ("verb", "complement"):
        objects = [c for c in p.children if c.dep_ in ("dobj", "ccomp", "xcomp")]
        if objects and objects[0].pos_ in ("NOUN", "PROPN"):
            core = _np_words(objects[0])
        elif objects and objects[0].pos_ in ("VERB", "AUX"):
            p = objects[0]
    if not core:
        expl = any(c.dep_ == "expl" for c in p.children) or \
            (p.head.i != p.i and any(c.dep_ == "expl" for c in p.head.children))
        attrs = [c for c in p.children if c.dep_ == "attr"]
        subject = subject_of(p)
        if subject is None and p.dep_ == "xcomp":     # "X is going to be ...": X is the host's
            subject = subject_of(p.head)
        agents = [g for c in p.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if expl and attrs:
            core = _np_words(attrs[0])
        elif subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == p.i \
                and subject.pos_ != "PRON":
            core = [*_np_words(subject, with_prep=False), p]     # "deal signed"
        elif agents:
            core = _np_words(agents[0])
        else:
            if subject is not None and subject.pos_ != "PRON":
                core = _np_words(subject, with_prep=False)
            core.append(p)
            preference = {"dobj": 0, "attr": 0, "xcomp": 1, "ccomp": 1, "prep": 2}
            rest = sorted((c for c in p.children if c.dep_ in preference and c.i > p.i),
                          key=lambda c: (preference[c.dep_], c.i))
            if rest:
                first = rest[0]
                if first.dep_ == "prep":
                    objects = [c for c in first.children if c.dep_ == "pobj"]
                    core += [first, *(_np_words(objects[0], with_prep=False) if objects else [])]
                elif first.dep_ in ("xcomp", "ccomp"):
                    core += [first]
                else:
                    core += _np_words(first, with_prep=False)
    # Keep the polarity: "talks not resume", "no deal" (the forecast ledger reads it).
    negations = [c for c in (*p.children, *marker.cue.children) if c.dep_ == "neg"]
    no_det = any(c.dep_ == "det" and c.lower_ in ("no", "neither") for t in core for c in t.children)
    prefix = ""
    if negations and p in core:
        core.insert(core.index(p), negations[0])
    elif negations or no_det:
        prefix = "no "
    inside = {t.i for t in core}
    # Inside a quotation, the parties come from the quoted words, not from its attribution
    # ("A negotiator, X, put it bluntly: 'We will not ...'" does not make X a party).
    dyad = _dyad(ctx, p, inside, within)
    if dyad and "-" not in _join(core[:3]):
        # The parties now lead the claim, so the phrase that named them can go.
        cut = next((n for n, t in enumerate(core) if n and t.dep_ == "prep"), len(core))
        text = f"{prefix}{dyad} {_join(core[:cut])}"
    else:
        text = prefix + _join(core)
    return " ".join(text.split()[:MAX_CLAIM_WORDS])


# --- windows and events --------------------------------------------------------------------

def window(ctx: DocContext, sent: Span) -> tuple[str | None, str | None]:
    """(from, by) of the sentence's first time expression that points to the future."""
    try:
        from tightrope.extract.dates import find_times
    except ImportError:
        return None, None
    for expr in find_times(sent, ctx.published):
        if expr.end is None:
            continue
        if expr.future or (ctx.published is not None and expr.end > ctx.published
                           and expr.relation in ("window", "by")):
            return (expr.start.isoformat() if expr.start else None), expr.end.isoformat()
    return None, None


def _has_future_time(ctx: DocContext, sent: Span) -> bool:
    return window(ctx, sent)[1] is not None


def quoted_span(quotes: QuoteIndex, marker: Marker) -> tuple[int, int] | None:
    """The span of the quote record the future predicate sits in, if any."""
    q = quotes.covering(marker.predicate.idx)
    return (q["span"][0], q["span"][1]) if q is not None else None


def _anaphoric_subject(predicate: Token) -> bool:
    """Does the predicate's subject point back ("This", "Such a deal", "It")?"""
    node = predicate
    for _ in range(3):
        subject = subject_of(node)
        if subject is not None:
            return subject.lower_ in ANAPHORS or any(
                c.dep_ in ("det", "predet", "amod") and c.lower_ in ANAPHORS for c in subject.children)
        if node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
            node = node.head
        else:
            return False
    return False


def forecast_events(ctx: DocContext, start: int, end: int) -> list[str]:
    return [e["id"] for e in ctx.of_kind("event")
            if e.get("factuality") == "forecast" and e["span"][0] < end and start < e["span"][1]]


def extract(ctx: DocContext) -> Iterator[dict]:
    quotes = QuoteIndex(ctx.of_kind("quote"))
    paras = [p[0] for p in paragraphs(ctx.article.text)]
    previous: tuple[int, list[dict]] | None = None    # (paragraph, quotes) of the sentence before
    for sent in sentences(ctx.doc):
        start, end, text = trimmed(sent)
        paragraph = bisect.bisect_right(paras, start) - 1
        own_quotes = quotes.within(start, end)
        before = previous[1] if previous and previous[0] == paragraph else []
        previous = (paragraph, own_quotes)
        if text.endswith("?"):
            continue
        found = markers(sent)
        if any(m.kind == "reported_modal" for m in found) and not _has_future_time(ctx, sent):
            found = [m for m in found if m.kind != "reported_modal"]
        if not found:
            continue
        marker = next((m for kind in PREFERRED for m in found if m.kind == kind), found[0])
        carried = [] if own_quotes or not _anaphoric_subject(marker.predicate) else before
        holder, how = holder_of(ctx, marker, quotes, carried)
        checkable = marker.kind in ("verb", "complement", "predicate") \
            or _has_future_time(ctx, sent)
        if holder is None and not checkable:
            continue
        date_from, date_by = window(ctx, sent)
        record = {"kind": "forecast", "doc_id": ctx.doc_id,
                  "id": record_id(ctx.doc_id, "forecast", start, end),
                  "holder": holder, "sentence": text, "span": [start, end],
                  "claim": claim_of(ctx, marker, quoted_span(quotes, marker)),
                  "from": date_from, "by": date_by,
                  "event_ids": forecast_events(ctx, start, end)}
        if ctx.explain:
            record["explain"] = {"cue": marker.cue.text, "holder_from": how}
        yield record
