"""The actor gazetteer: surface forms -> actor entries (states, organisations, people).

First cut: every ISO 3166-1 country by its official, common and short names (pycountry).
Aliases, demonyms, capitals, institutions, office holders and organisations are data files
added beside this module.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pycountry


@dataclass(frozen=True, slots=True)
class Entry:
    name: str                 # canonical name ("United States", "Lin Jian")
    country: str | None       # ISO3, "IGO" or None
    sector: str | None        # GOV, MIL, BUS, REB, IGO, EXPERT, ...
    kind: str                 # state, capital, institution, organisation, person, demonym
    role: str | None = None


def normalise(text: str) -> str:
    """Lookup key for a surface form: case-folded, curly quotes straightened, 'the ' dropped."""
    key = " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()).casefold()
    return key.removeprefix("the ")


class ActorIndex:
    def __init__(self) -> None:
        self.forms: dict[str, Entry] = {}
        self.max_tokens = 1

    def add(self, form: str, entry: Entry) -> None:
        key = normalise(form)
        if key:
            self.forms[key] = entry
            self.max_tokens = max(self.max_tokens, len(key.split()))

    def lookup(self, text: str) -> Entry | None:
        return self.forms.get(normalise(text))

    @classmethod
    def build(cls, gazetteers: tuple[Path, ...] = ()) -> "ActorIndex":
        index = cls()
        for c in pycountry.countries:
            entry = Entry(name=getattr(c, "common_name", None) or c.name, country=c.alpha_3,
                          sector=None, kind="state")
            for form in {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)}:
                if form:
                    index.add(form, entry)
        return index
