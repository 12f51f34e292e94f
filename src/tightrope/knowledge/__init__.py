"""Knowledge kept as data: gazetteers and lexicons under this folder, loaded once per process.

`load()` returns the `KnowledgeBase` every extraction step reads. User gazetteers
(`--gazetteer FILE.yaml`, format in docs/gazetteer.md) are layered on top of the shipped data:
their entries add to it or override it.
"""
from __future__ import annotations

import functools
from pathlib import Path

DATA = Path(__file__).parent


def path(name: str) -> Path:
    """Path of a shipped data file (relative to the knowledge folder)."""
    return DATA / name


class KnowledgeBase:
    """Actor gazetteers, title phrases, office holders and people (tightrope.knowledge.actors).

    `actors`  ActorIndex: surface form -> Entry (states, capitals, institutions, organisations,
              demonyms, people);
    `titles`  FormIndex: title phrase -> Title (office key per country, sector);
    `offices` OfficeIndex: holders(country, office, on), terms_of(name), office_from_title(...);
    `people`  canonical person name -> Entry (country, sector, gender).
    """

    def __init__(self, gazetteers: tuple[Path, ...] = ()) -> None:
        from tightrope.knowledge.actors import KnowledgeData

        self.gazetteers = gazetteers
        data = KnowledgeData.build(gazetteers)
        self.actors = data.actors
        self.titles = data.titles
        self.offices = data.offices
        self.people = data.people


@functools.lru_cache(maxsize=8)
def load(gazetteers: tuple[str | Path, ...] = ()) -> KnowledgeBase:
    """The knowledge base with the given user gazetteers applied (cached per tuple)."""
    return KnowledgeBase(tuple(Path(g) for g in gazetteers))
