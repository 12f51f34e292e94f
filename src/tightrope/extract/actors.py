"""Actor mentions: every span that names a state, organisation or person, resolved.

The step sets `ctx.mentions` (sorted by position) for the later steps and yields one `actor`
record per mention.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from tightrope.extract import DocContext
from tightrope.records import actor_dict, record_id


@dataclass(slots=True)
class Mention:
    start: int                # first token index in the Doc
    end: int                  # token index after the last token
    start_char: int
    end_char: int
    text: str                 # as written
    name: str | None          # canonical entity
    country: str | None       # ISO3 / "IGO" / None
    sector: str | None
    role: str | None = None
    kind: str = "state"       # state, capital, institution, organisation, person, demonym, pronoun

    def actor(self) -> dict:
        """The contract's Actor dict."""
        extra = {"role": self.role} if self.role else {}
        return actor_dict(self.text, self.name, self.country, self.sector, **extra)


def find_mentions(doc: Doc, kb, published=None) -> list[Mention]:
    """Longest gazetteer match at each position (token n-grams up to the longest form)."""
    index = kb.actors
    mentions: list[Mention] = []
    i = 0
    while i < len(doc):
        found = None
        for n in range(min(index.max_tokens, len(doc) - i), 0, -1):
            span = doc[i:i + n]
            entry = index.lookup(span.text)
            if entry is not None:
                found = Mention(span.start, span.end, span.start_char, span.end_char, span.text,
                                entry.name, entry.country, entry.sector, entry.role, entry.kind)
                break
        if found:
            mentions.append(found)
            i = found.end
        else:
            i += 1
    return mentions


def mention_for(ctx: DocContext, token: Token) -> Mention | None:
    """The mention covering `token`, if any."""
    for m in ctx.mentions:
        if m.start <= token.i < m.end:
            return m
    return None


def extract(ctx: DocContext) -> Iterator[dict]:
    ctx.mentions = find_mentions(ctx.doc, ctx.kb, ctx.published)
    for m in ctx.mentions:
        yield {"kind": "actor", "doc_id": ctx.doc_id,
               "id": record_id(ctx.doc_id, "actor", m.start_char, m.end_char),
               **m.actor(), "role": m.role, "mention_kind": m.kind,
               "span": [m.start_char, m.end_char]}
