"""The `document` record: what the article is, as read."""
from __future__ import annotations

from collections.abc import Iterator

from tightrope.extract import DocContext


def extract(ctx: DocContext) -> Iterator[dict]:
    a = ctx.article
    yield {"kind": "document", "doc_id": a.id, "url": a.url, "outlet": a.outlet,
           "published": a.published, "title": a.title, "language": a.language or "en",
           "n_sentences": len(ctx.sentence_spans), "n_chars": len(a.text),
           "hash": a.hash}
