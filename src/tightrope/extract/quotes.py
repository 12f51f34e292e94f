"""Quotes: who said what, directly (inside quotation marks) or as attributed paraphrase.

Method, after the rule-based quotation extractors of the news-analysis literature (Pouliquen,
Steinberger & Best 2007, "Automatic detection of quotations in multilingual news"; Krestel,
Bergler & Witte 2008, "Minding the source: automatic tagging of reported speech"; the same
cue-verb design as textacy's `extract.triples.direct_quotations`):

1. Direct quotes are found from the quotation marks of each paragraph (curly or straight
   double marks; single marks when they stand alone). Single marks inside a double quote are
   nested and stay in the outer quote's text. An opening mark that is never closed is closed
   at the end of its sentence when another quote opens first, otherwise at the end of the
   paragraph (the journalistic convention for quotes that run on); a closing mark with no
   opening is ignored. Both cases leave a `logging.debug` note.
2. A direct quote is attributed to the reporting cue (knowledge/cues.tsv) nearest to it
   outside the marks in its first or last sentence ("...," she observed; X said: "..."; X
   views Y as "..."). Quotes with no cue take the speaker of an attributed statement in the
   sentence just before, or else just after, within the same paragraph (the nearest speaker;
   nothing farther is guessed).
3. Indirect quotes are read from the parse around each cue: "X says (that) C" (the
   complement clause C), "C, says X" (inverted), "C, X argues, C'" (parenthetical: the host
   clause), "X acknowledged NP", "X sees Y as Z", "according to X, C". When that content is
   itself a direct quotation, the cue attributes the direct quote instead of making a second
   record.

Speakers are the actors step's mentions (`mention_for`): a named person or organisation, or
a pronoun, surname or title the actors step resolved to one. Quotes without such a speaker
are not kept.
"""
from __future__ import annotations

import bisect
import functools
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tightrope.extract import DocContext, sentences, trimmed
from tightrope.extract.amounts import read_table
from tightrope.records import record_id

log = logging.getLogger(__name__)

DOUBLE_OPEN, DOUBLE_CLOSE, STRAIGHT = "\u201c", "\u201d", '"'
SINGLE_OPEN, SINGLE_CLOSE = "\u2018", "\u2019"
# Characters after which a straight mark opens a quotation rather than closes one.
OPENERS_BEFORE = set(" \t\n([{\u2014\u2013-:")
SPEAKER_KINDS = {"person", "organisation", "institution", "title", "pronoun", "surname"}
MIN_WORDS = 4            # shorter marked phrases are terms or scare quotes ("win-win") ...
MIN_WORDS_WITH_VERB = 2  # ... unless they are a clause with its own cue ("We will," she said)
SUBJECTS = ("nsubj", "nsubjpass")


@functools.cache
def cue_table() -> dict[str, frozenset[str]]:
    """Cue lemma (or "verb particle") -> the frames it takes."""
    return {row["lemma"]: frozenset(f.strip() for f in row["frames"].split(","))
            for row in read_table("cues.tsv")}


def cue_frames(token: Token) -> frozenset[str]:
    """The frames of a reporting cue, or an empty set when `token` is not one."""
    if token.pos_ not in ("VERB", "AUX"):
        return frozenset()
    table = cue_table()
    lemma = token.lemma_.lower()
    for child in token.children:
        # A particle ("point out") or a pronoun object ("put it bluntly") makes the cue.
        if child.dep_ == "prt" or (child.dep_ == "dobj" and child.pos_ == "PRON"):
            frames = table.get(f"{lemma} {child.lower_}")
            if frames:
                return frames
    return table.get(lemma, frozenset())


def cue_text(token: Token) -> str:
    particles = [c.text for c in token.children if c.dep_ == "prt"]
    return " ".join([token.text, *particles])


# --- quotation marks -----------------------------------------------------------------------

def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line: articles put each paragraph on its own line."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens(text: str, pos: int, first: int) -> bool:
    mark = text[pos]
    if mark == DOUBLE_OPEN:
        return True
    if mark == DOUBLE_CLOSE:
        return False
    return pos == first or text[pos - 1] in OPENERS_BEFORE


def marked_spans(text: str, start: int, end: int, sentence_end) -> list[tuple[int, int]]:
    """Offsets of the words inside double quotation marks in text[start:end] (one paragraph).
    `sentence_end(pos)` gives the end of the sentence holding `pos`."""
    marks = [i for i in range(start, end) if text[i] in (DOUBLE_OPEN, DOUBLE_CLOSE, STRAIGHT)]
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for pos in marks:
        if _opens(text, pos, start):
            if open_at is not None:
                close = min(sentence_end(open_at), pos)
                log.debug("quotation mark at %d is never closed; closed at its sentence end %d",
                          open_at, close)
                spans.append(_strip(text, open_at + 1, close))
            open_at = pos
        elif open_at is None:
            log.debug("closing quotation mark at %d has no opening mark; ignored", pos)
        else:
            spans.append(_strip(text, open_at + 1, pos))
            open_at = None
    if open_at is not None:
        log.debug("quotation mark at %d is never closed; closed at the paragraph end %d",
                  open_at, end)
        spans.append(_strip(text, open_at + 1, end))
    return [s for s in spans if s[1] > s[0]]


def single_marked_spans(text: str, start: int, end: int,
                        inside: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotations in single marks that stand alone (not nested in a double quote). A closing
    single mark is also an apostrophe, so it closes only before a non-letter."""
    spans = []
    pos = start
    while True:
        i = text.find(SINGLE_OPEN, pos, end)
        if i < 0:
            return spans
        pos = i + 1
        if i > start and not (text[i - 1] in OPENERS_BEFORE):
            continue
        if any(a <= i < b for a, b in inside):
            continue
        j = i + 1
        while True:
            j = text.find(SINGLE_CLOSE, j, end)
            if j < 0 or j + 1 >= end or not text[j + 1].isalpha():
                break
            j += 1
        if j < 0:
            log.debug("single quotation mark at %d is never closed; ignored", i)
            continue
        spans.append(_strip(text, i + 1, j))
        pos = j + 1


# --- speakers ------------------------------------------------------------------------------

def subject_of(verb: Token) -> Token | None:
    """The verb's subject; a participle or conjunct without one borrows its host's
    ("she observed, noting ..." -> she)."""
    node = verb
    for _ in range(3):
        for child in node.children:
            if child.dep_ in SUBJECTS:
                return child
        # The parser sometimes hangs a name before the verb as its compound ("Dar notes").
        names = [c for c in node.lefts if c.dep_ in ("compound", "npadvmod") and c.pos_ == "PROPN"]
        if names:
            return names[-1]
        if node.dep_ in ("advcl", "conj", "xcomp") and node.head.i != node.i:
            node = node.head
        else:
            return None
    return None


def _is_state(ctx: DocContext, name: str | None) -> bool:
    index = getattr(ctx.kb, "actors", None)
    lookup = getattr(index, "lookup", None)
    if not name or lookup is None:
        return False
    entry = lookup(name)
    return entry is not None and getattr(entry, "kind", None) in ("state", "capital")


def _entity_of(token: Token) -> str:
    """Text of the named entity holding `token`, from the IOB tags (no scan of doc.ents)."""
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _is_group(head: Token) -> bool:
    """"US officials", "Palestinian residents", "the rebels": a group, not a named speaker."""
    return head.tag_ == "NNS" and head.is_lower


def _in_modifier_phrase(token: Token, subject: Token) -> bool:
    """Is `token` inside a prepositional or clausal modifier of the subject ("exporters in
    Tiruppur", "analysts who visited Kabul")? Such a name is not the speaker."""
    node = token
    while node.i != subject.i and node.head.i != node.i:
        if node.dep_ in ("prep", "pobj", "relcl", "acl", "advcl"):
            return True
        node = node.head
    return False


def speaker_dict(ctx: DocContext, subject: Token | None, cue: Token | None = None) -> dict | None:
    """A named speaker for a subject token: the actors step's mention of it, of a name in
    apposition ("the former ambassador, Naghmana Hashmi") or of the name just before the cue
    when the parser misplaced the subject's head ("... Institute chairman Mushahid Hussain
    Sayed sees"); else a PERSON/ORG entity the gazetteer does not know. States and
    unresolved pronouns are not speakers."""
    from tightrope.extract.actors import mention_for

    if subject is None or subject.tag_ in ("WDT", "WP", "EX"):
        return None
    candidates = [subject, *[c for c in subject.children if c.dep_ in ("appos", "compound")]]
    if cue is not None and cue.i > subject.i:
        before = cue.i - 1
        while before > subject.left_edge.i and cue.doc[before].pos_ in ("ADV", "AUX", "PART"):
            before -= 1
        if subject.left_edge.i <= before <= subject.right_edge.i \
                and not _in_modifier_phrase(cue.doc[before], subject):
            candidates.append(cue.doc[before])
    for token in candidates:
        m = mention_for(ctx, token)
        if m is not None and m.name and m.kind in SPEAKER_KINDS and not _is_state(ctx, m.name) \
                and not _is_group(token.doc[m.end - 1]):
            return {"text": m.text, "name": m.name, "country": m.country, "role": m.role,
                    "sector": m.sector}
    for token in candidates:
        if token.ent_type_ in ("PERSON", "ORG") and mention_for(ctx, token) is None:
            ent = _entity_of(token)
            return {"text": ent, "name": ent, "country": None, "role": None, "sector": None}
    return None


# --- records -------------------------------------------------------------------------------

@dataclass
class Quote:
    start: int
    end: int
    direct: bool
    speaker: dict | None = None
    cue: str | None = None
    sentences: tuple[int, int] = (0, 0)     # first and last sentence index
    has_verb: bool = False
    words: int = 0
    text: str | None = None                 # content when it is not the whole span (a
                                            # parenthetical attribution left out)
    inferred: bool = False                  # speaker taken from a neighbouring sentence
    owned: bool = False                     # a cue claims it, even if its speaker is unknown


class Layout:
    """Per-article lookups: the sentences in order, their offsets and their paragraphs."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.doc: Doc = ctx.doc
        self.text = ctx.article.text
        self.sents: list[Span] = list(sentences(ctx.doc))
        self.bounds = [trimmed(s)[:2] for s in self.sents]
        self.starts = [b[0] for b in self.bounds]
        self.paras = paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paras]

    def sentence_index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def sentence_end(self, char: int) -> int:
        return self.bounds[self.sentence_index(char)][1]

    def paragraph_of(self, sent_index: int) -> int:
        return bisect.bisect_right(self.para_starts, self.bounds[sent_index][0]) - 1


def direct_quotes(art: Layout) -> list[Quote]:
    quotes = []
    for p_start, p_end in art.paras:
        doubles = marked_spans(art.text, p_start, p_end, art.sentence_end)
        singles = single_marked_spans(art.text, p_start, p_end, doubles)
        for start, end in sorted(doubles + singles):
            span = art.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            words = sum(1 for t in span if t.is_alpha)
            has_verb = any(t.pos_ in ("VERB", "AUX") for t in span)
            quotes.append(Quote(start, end, True, has_verb=has_verb, words=words,
                                sentences=(art.sentence_index(start), art.sentence_index(end - 1))))
    return quotes


def _inside(quotes: list[Quote], char: int) -> Quote | None:
    """The direct quote holding `char` (direct quotes are sorted and never overlap)."""
    i = bisect.bisect_right(quotes, char, key=lambda q: q.start) - 1
    return quotes[i] if i >= 0 and char < quotes[i].end else None


def attribute_direct(art: Layout, quotes: list[Quote]) -> None:
    """Give each direct quote the nearest cue outside the marks in its first or last sentence."""
    for n, q in enumerate(quotes):
        if q.speaker is not None:
            continue
        first, last = art.sents[q.sentences[0]], art.sents[q.sentences[1]]
        after_limit = quotes[n + 1].start if n + 1 < len(quotes) else last.end_char
        before_limit = quotes[n - 1].end if n > 0 else first.start_char
        after = [t for t in last if q.end <= t.idx < after_limit]
        before = [t for t in first if before_limit <= t.idx < q.start]
        for token in [*after, *reversed(before)]:
            frames = cue_frames(token)
            if not frames & {"direct", "clause", "as"} or _inside(quotes, token.idx):
                continue
            # A cue with an unresolved subject still owns the quote: guessing is worse.
            q.owned = True
            q.speaker = speaker_dict(art.ctx, subject_of(token), token)
            q.cue = cue_text(token)
            break
        else:
            source = according_to(before + after)
            if source is not None:
                q.speaker, q.cue, q.owned = speaker_dict(art.ctx, source), "according to", True


def according_to(tokens: list[Token]) -> Token | None:
    for token in tokens:
        if token.lower_ == "according":
            for prep in token.children:
                if prep.lower_ == "to":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            return obj
    return None


def _content_bounds(tokens: list[Token]) -> tuple[int, int, str] | None:
    """Character bounds and text of content tokens, without edge punctuation or 'that'; the
    text leaves out gaps (a parenthetical attribution) that the bounds span."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].is_space
                      or (tokens[0].dep_ == "mark" and tokens[0].lower_ == "that")):
        tokens.pop(0)
    while tokens and (tokens[-1].is_space or tokens[-1].is_punct and not _closes_quote(tokens)):
        tokens.pop()
    if sum(1 for t in tokens if t.is_alpha) < 3:
        return None
    text = ""
    for n, t in enumerate(tokens):
        if n and tokens[n - 1].i + 1 != t.i:
            # Drop the comma that closed the gap's left side ("The reforms, X suggests, are").
            text = text.rstrip().rstrip(",") + " "
        text += t.text_with_ws
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), text.strip()


def _closes_quote(tokens: list[Token]) -> bool:
    """Is the last token a quotation mark that closes one opened inside `tokens`?"""
    last = tokens[-1].text
    if last not in (DOUBLE_CLOSE, STRAIGHT, "''"):
        return False
    text = "".join(t.text_with_ws for t in tokens[:-1])
    return text.count(DOUBLE_OPEN) > text.count(DOUBLE_CLOSE) or text.count(STRAIGHT) % 2 == 1


def _without(tokens: list[Token], removed: set[int]) -> list[Token]:
    return [t for t in tokens if t.i not in removed]


def indirect_content(cue: Token, frames: frozenset[str], sent: Span) -> tuple[int, int, str] | None:
    """The reported content of a cue in its sentence, as character bounds, or None."""
    children = list(cue.children)
    if "as" in frames:
        objects = [c for c in children if c.dep_ == "dobj"]
        as_phrase = [c for c in children if c.dep_ == "prep" and c.lower_ == "as"]
        if objects and not as_phrase:
            as_phrase = [c for c in objects[0].children if c.dep_ == "prep" and c.lower_ == "as"]
        if objects and as_phrase:
            first, last = objects[0].left_edge.i, as_phrase[0].right_edge.i
            return _content_bounds(list(sent.doc[first:last + 1]))
        return None
    if "clause" in frames:
        for child in children:
            if child.dep_ == "ccomp":
                return _content_bounds(list(child.subtree))
        if cue.dep_ == "parataxis":
            # "The framework, he suggests, is built on ..." / "Crucially, X argues, there is ...":
            # the host clause without the parenthetical; words before the cue stay only when
            # they hold the host's subject.
            host = cue.head
            removed = {t.i for t in cue.subtree}
            tokens = _without(list(host.subtree), removed)
            subject_before = any(c.dep_ in (*SUBJECTS, "expl") and c.i < cue.i for c in host.children)
            if not subject_before:
                tokens = [t for t in tokens if t.i > cue.right_edge.i]
            return _content_bounds(tokens)
    if "np" in frames:
        for child in children:
            if child.dep_ == "dobj" and child.pos_ in ("NOUN", "PROPN"):
                return _content_bounds(list(child.subtree))
    return None


def according_content(token: Token) -> tuple[int, int, str] | None:
    """'According to X, C' -> C: the host clause without the 'according to X' phrase."""
    host = token.head
    removed = {t.i for t in token.subtree}
    return _content_bounds(_without(list(host.subtree), removed))


def _covered(start: int, end: int, quotes: list[Quote]) -> list[Quote]:
    """Direct quotes that make up most of [start, end), or a good part of it when they are
    quotations in their own right rather than scare quotes (`X said that the plan "remains
    on track despite the floods" and ...`): the cue then attributes the quotation, and a
    second, indirect record would repeat it."""
    inside = [q for q in quotes if q.start < end and start < q.end]
    covered = sum(min(end, q.end) - max(start, q.start) for q in inside)
    if not inside:
        return []
    if covered >= 0.5 * (end - start):
        return inside
    real = any(q.words >= MIN_WORDS for q in inside)
    return inside if real and covered >= 0.3 * (end - start) else []


def indirect_quotes(art: Layout, quotes: list[Quote]) -> list[Quote]:
    found: list[Quote] = []
    for index, sent in enumerate(art.sents):
        contents: list[tuple[int, int, str]] = []
        for token in sent:
            frames = cue_frames(token)
            is_according = token.lower_ == "according" and any(c.lower_ == "to" for c in token.children)
            if not frames and not is_according:
                continue
            if _inside(quotes, token.idx) or any(a <= token.idx < b for a, b, _ in contents):
                continue     # a cue inside a quotation or inside reported content is nested
            if is_according:
                source = according_to([token])
                cue_token = None
                bounds = according_content(token)
                cue = "according to"
            else:
                source = subject_of(token)
                cue_token = token
                bounds = indirect_content(token, frames, sent)
                cue = cue_text(token)
            if bounds is None:
                continue
            contents.append(bounds)
            speaker = speaker_dict(art.ctx, source, cue_token)
            covered = _covered(bounds[0], bounds[1], quotes)
            if covered:
                for q in covered:
                    if q.speaker is None:
                        q.speaker, q.cue, q.owned = speaker, cue, True
                continue
            if speaker is None:
                continue
            found.append(Quote(bounds[0], bounds[1], False, speaker, cue, (index, index),
                               text=bounds[2]))
    return found


def _person_subject(art: Layout, index: int) -> dict | None:
    """The named person who is the main subject of sentence `index` ("Modi spoke at length.")."""
    root = art.sents[index].root
    speaker = speaker_dict(art.ctx, subject_of(root), root)
    if speaker is None:
        return None
    from tightrope.extract.actors import mention_for

    m = mention_for(art.ctx, subject_of(root))
    return speaker if m is None or m.kind in ("person", "pronoun", "surname", "title") else None


def attribute_from_neighbours(art: Layout, quotes: list[Quote], said: list[Quote]) -> None:
    """A direct quote with no cue of its own takes the nearest speaker in its paragraph: the
    speaker of an attributed quotation earlier in the same sentence, else of an attributed
    statement in the sentence just before it, else just after it, else a person who is the
    subject of the sentence just before it."""
    by_sentence: dict[int, list[Quote]] = {}
    for q in said:
        if q.speaker is not None:
            by_sentence.setdefault(q.sentences[0], []).append(q)
            by_sentence.setdefault(q.sentences[1], []).append(q)
    for n, q in enumerate(quotes):
        if q.speaker is not None or q.owned:
            continue
        first, last = q.sentences
        paragraph = art.paragraph_of(first)
        earlier = quotes[n - 1] if n else None
        if earlier is not None and earlier.speaker is not None and not earlier.inferred \
                and earlier.sentences[1] == first:
            # A second quotation in the sentence of an attributed one continues it.
            q.speaker, q.cue = earlier.speaker, earlier.cue
            continue

        def same_paragraph(n: int) -> bool:
            return 0 <= n < len(art.sents) and art.paragraph_of(n) == paragraph

        for neighbour, pick in ((first - 1, -1), (last + 1, 0)):
            if same_paragraph(neighbour) and by_sentence.get(neighbour):
                source = by_sentence[neighbour][pick]
                q.speaker, q.cue, q.inferred = source.speaker, source.cue, True
                break
        else:
            if same_paragraph(first - 1):
                speaker = _person_subject(art, first - 1)
                if speaker is not None:
                    q.speaker, q.inferred = speaker, True
                    q.cue = cue_text(art.sents[first - 1].root)


def find_quotes(ctx: DocContext) -> list[Quote]:
    art = Layout(ctx)
    direct = direct_quotes(art)
    attribute_direct(art, direct)
    indirect = indirect_quotes(art, direct)
    attributed = [q for q in direct + indirect if q.speaker is not None]
    attribute_from_neighbours(art, direct, attributed)
    kept = [q for q in direct
            if q.speaker is not None and (q.words >= MIN_WORDS or
                                          (q.has_verb and not q.inferred and q.words >= MIN_WORDS_WITH_VERB))
            and not _within_paraphrase(q, indirect)]
    return sorted(kept + indirect, key=lambda q: (q.start, q.end))


def _within_paraphrase(q: Quote, indirect: list[Quote]) -> bool:
    """`Lin said the fishermen had been "treated like criminals"`: a quotation inside an
    attributed paraphrase of the same speaker is part of that record, not a second one."""
    name = (q.speaker or {}).get("name") or (q.speaker or {}).get("text")
    return any(p.start <= q.start and q.end <= p.end
               and ((p.speaker or {}).get("name") or (p.speaker or {}).get("text")) == name
               for p in indirect)


def extract(ctx: DocContext) -> Iterator[dict]:
    text = ctx.article.text
    for q in find_quotes(ctx):
        yield {"kind": "quote", "doc_id": ctx.doc_id,
               "id": record_id(ctx.doc_id, "quote", q.start, q.end),
               "speaker": q.speaker, "text": q.text or text[q.start:q.end], "direct": q.direct,
               "cue": q.cue, "span": [q.start, q.end]}
