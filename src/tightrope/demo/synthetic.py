"""Synthetic corpora for tests and benchmarks, recombined from the demo corpus's sentences.

The demo dispatches (written for tightrope) are split into sentences; each synthetic article
takes a few of them at random (seeded, so a corpus is reproducible) with a random 2025 date
and one of the demo outlets. The result reads like news and exercises every extractor, but it
is not real news: counts and analyses over it mean nothing.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

# A sentence ends at . ! ? (optionally followed by a closing quote) before white space and a
# capital or an opening quote; good enough for our own, regular prose.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d']?\s+(?=[A-Z\"\u201c])")


@lru_cache(maxsize=1)
def demo_sentences() -> tuple[str, ...]:
    folder = resources.files("tightrope.demo").joinpath("corpus")
    sentences: list[str] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            text = json.loads(entry.read_text(encoding="utf-8"))["text"]
            sentences.extend(s.strip() for s in _SENTENCE_END.split(text) if len(s.split()) >= 4)
    return tuple(sentences)


def outlets() -> list[str]:
    return ["Tightrope Demo Wire", "Demo Daily (Islamabad desk)", "Demo Review (Beijing desk)",
            "Demo Ledger (Washington desk)", "Demo Courier (New Delhi desk)"]


def articles(n: int, seed: int = 0, min_sentences: int = 3, max_sentences: int = 8) -> Iterator[dict]:
    """`n` synthetic articles in the contract's input form (dicts), generated lazily."""
    rng = random.Random(seed)
    pool = demo_sentences()
    names = outlets()
    start = dt.date(2025, 1, 1)
    for i in range(n):
        k = rng.randint(min_sentences, max_sentences)
        text = " ".join(rng.choice(pool) for _ in range(k))
        yield {"id": f"syn-{seed}-{i:07d}", "url": None, "outlet": rng.choice(names),
               "published": (start + dt.timedelta(days=rng.randrange(365))).isoformat(),
               "title": f"Synthetic dispatch {i}", "text": text}


def write_jsonl(path, n: int, seed: int = 0, **kwargs) -> int:
    """Write `n` synthetic articles to a JSON Lines file; returns the number of words."""
    words = 0
    with open(path, "w", encoding="utf-8") as out:
        for article in articles(n, seed, **kwargs):
            words += len(article["text"].split())
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return words
