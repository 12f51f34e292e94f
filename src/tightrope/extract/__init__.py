"""Extraction: one article in, the contract's records out.

The spaCy pipeline (`tightrope.nlp.load()`) parses the text once; then each step below reads
the parsed `Doc` and yields plain records. One module per record kind:

    document  -> kind "document"       (tightrope.extract.document)
    actors    -> kind "actor"          (tightrope.extract.actors; fills ctx.mentions)
    events    -> kind "event"          (tightrope.extract.events)
    quotes    -> kind "quote"          (tightrope.extract.quotes)
    amounts   -> kind "amount"         (tightrope.extract.amounts)
    forecasts -> kind "forecast"       (tightrope.extract.forecasts; links to forecast events)
    checks    -> kind "flag"           (tightrope.extract.checks)

Steps run in that order and may read what earlier steps left on the context (`ctx.mentions`,
`ctx.records`), never the other way round.
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from tightrope.records import Article

STEPS = ("document", "actors", "events", "quotes", "amounts", "forecasts", "checks")


@dataclass
class DocContext:
    """Everything the extraction steps share about one article."""

    article: Article
    doc: Doc
    published: dt.date | None
    kb: Any = None                       # tightrope.knowledge.KnowledgeBase
    mentions: list[Any] = field(default_factory=list)   # actor mentions, set by the actors step
    records: list[dict] = field(default_factory=list)   # every record yielded so far
    explain: bool = False                # steps may attach an "explain" field to records

    @property
    def doc_id(self) -> str:
        return self.article.id

    def of_kind(self, kind: str) -> list[dict]:
        return [r for r in self.records if r["kind"] == kind]

    @functools.cached_property
    def sentence_spans(self) -> list[tuple[int, int]]:
        """The (start, end) offsets of `sentences(doc)`: computed once per document, read by
        the document step and by `Extraction.sentences`."""
        return sentence_spans(self.doc)


@dataclass
class Extraction:
    """The result for one article: its records, and its sentences as (start, end) offsets."""

    article: Article
    records: list[dict]
    sentences: list[tuple[int, int]]


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def trimmed(span: Span) -> tuple[int, int, str]:
    """Character offsets and text of a span without surrounding white space."""
    text = span.text
    start = span.start_char + (len(text) - len(text.lstrip()))
    stripped = text.strip()
    return start, start + len(stripped), stripped


def sentences(doc: Doc) -> Iterator[Span]:
    """The document's sentences, without the blank ones line breaks leave."""
    for sent in doc.sents:
        if not sent.text.isspace():
            yield sent


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    return [trimmed(sent)[:2] for sent in sentences(doc)]


def _step_functions() -> list[tuple[str, Callable[[DocContext], Iterable[dict]]]]:
    steps = []
    for name in STEPS:
        module = importlib.import_module(f"tightrope.extract.{name}")
        steps.append((name, module.extract))
    return steps


class Extractor:
    """Runs the extraction steps over parsed documents. Build once, reuse for many articles."""

    def __init__(self, nlp: Language | None = None, kb: Any = None, explain: bool = False) -> None:
        from tightrope import knowledge, nlp as nlp_module

        self.nlp = nlp if nlp is not None else nlp_module.load()
        self.kb = kb if kb is not None else knowledge.load()
        self.explain = explain
        self.steps = _step_functions()
        # Seconds spent in each step over this extractor's life (read by bench/).
        self.step_seconds: Counter[str] = Counter()

    def from_doc(self, article: Article, doc: Doc) -> Extraction:
        ctx = DocContext(article=article, doc=doc, published=parse_date(article.published),
                         kb=self.kb, explain=self.explain)
        clock = time.perf_counter
        for name, step in self.steps:
            started = clock()
            ctx.records.extend(step(ctx))
            self.step_seconds[name] += clock() - started
        return Extraction(article, ctx.records, ctx.sentence_spans)

    def one(self, article: Article) -> Extraction:
        return self.from_doc(article, self.nlp(article.text))

    def many(self, articles: Iterable[Article], batch_size: int = 16,
             on_error: Callable[[Article, Exception], None] | None = None) -> Iterator[Extraction]:
        """Parse with `nlp.pipe` (batched) and extract, streaming: nothing is held but a batch.

        An article whose extraction fails is passed to `on_error` and left out, and the batch
        goes on; without `on_error` the error propagates."""
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            try:
                yield self.from_doc(article, doc)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(article, exc)


def extract(article: Article | str, **kwargs: Any) -> list[dict]:
    """Extract the records of one article (or a raw text) with the default pipeline."""
    if isinstance(article, str):
        article = Article(text=article)
    return Extractor(**kwargs).one(article).records
