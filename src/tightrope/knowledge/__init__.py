"""Knowledge kept as data: gazetteers and lexicons under this folder, loaded once per process.

`load()` returns the `KnowledgeBase` every extraction step reads. User gazetteers
(`--gazetteer FILE.yaml`) are layered on top of the shipped data.
"""
from __future__ import annotations

import functools
from pathlib import Path

DATA = Path(__file__).parent


def path(name: str) -> Path:
    """Path of a shipped data file (relative to the knowledge folder)."""
    return DATA / name


class KnowledgeBase:
    """Actor gazetteers, office holders and organisations (see tightrope.knowledge.actors)."""

    def __init__(self, gazetteers: tuple[Path, ...] = ()) -> None:
        from tightrope.knowledge.actors import ActorIndex

        self.gazetteers = gazetteers
        self.actors = ActorIndex.build(gazetteers)


@functools.lru_cache(maxsize=8)
def load(gazetteers: tuple[str | Path, ...] = ()) -> KnowledgeBase:
    return KnowledgeBase(tuple(Path(g) for g in gazetteers))
