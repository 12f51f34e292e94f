"""The record contract (docs/records.md) as Python: the input `Article` and record helpers.

Records themselves are plain dicts, exactly as they are written to JSON Lines, so that the
store, the exports, the API and the evaluation scorer all read one format.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

RECORD_KINDS = ("document", "actor", "event", "quote", "amount", "forecast", "flag")

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
FACTUALITY = ("asserted", "forecast", "hypothetical", "negated")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(slots=True)
class Article:
    """One input article, whatever it was read from.

    `published` is an ISO date string (`YYYY-MM-DD`) or None; `origin` names where the article
    came from (a path, a URL, `path:line`) so messages can point at it.
    """

    text: str
    id: str = ""
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    language: str | None = None
    origin: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = "sha-" + content_hash(self.text)[:16]

    @property
    def hash(self) -> str:
        return content_hash(self.text)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        return data


def record_id(doc_id: str, kind: str, *parts: object) -> str:
    """A stable id for a record: the same article always gives the same ids, on any machine."""
    key = "\x1f".join([doc_id, kind, *map(str, parts)])
    return f"{kind[:2]}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:14]}"


def actor_dict(text: str, name: str | None = None, country: str | None = None,
               sector: str | None = None, **extra: Any) -> dict[str, Any]:
    """The contract's `Actor`: text as written, canonical name, ISO3/IGO country, sector code."""
    return {"text": text, "name": name, "country": country, "sector": sector, **extra}
