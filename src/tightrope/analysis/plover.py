"""PLOVER types as the analyses see them: quad class, default intensity, symmetry.

Quad classes follow the CAMEO root codes each PLOVER type was made from (PLOVER's own
CAMEO2PLOVER table) and the quad classes GDELT and ICEWS assign to those roots:

    verbal cooperation    AGREE (03) CONSULT (04) SUPPORT (05) REQUEST (02 appeal)
    material cooperation  COOPERATE (06) AID (07) CONCEDE (08) RETREAT (08)
    verbal conflict       ACCUSE (09, 11) REJECT (12) THREATEN (13)
    material conflict     PROTEST (14) MOBILIZE (15) SANCTION (16) COERCE (17) ASSAULT (18-20)

REQUEST also absorbs CAMEO's "demand" (10, verbal conflict); we keep it with appeals because
in the reporting we code (a state asking another for support, relief, talks) it is mostly
cooperative. Default intensities (used only when an event record carries none) come from
the extraction's own table `knowledge/plover/intensity.tsv` (its per-type default rows, and
a quad column if it ever has one), so extraction and analyses share one scale; the values
below, Goldstein's (1992) CAMEO root weights rounded, are the fallback if it is missing.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from tightrope.records import PLOVER_TYPES

QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")

# Mutual by nature: "A and B agreed / met / cooperated" has no meaningful direction.
SYMMETRIC = ("AGREE", "CONSULT", "COOPERATE")

_DEFAULTS: dict[str, tuple[str, float]] = {
    "AGREE": ("verbal_cooperation", 4.0),
    "CONSULT": ("verbal_cooperation", 2.0),
    "SUPPORT": ("verbal_cooperation", 3.5),
    "REQUEST": ("verbal_cooperation", 3.0),
    "COOPERATE": ("material_cooperation", 6.0),
    "AID": ("material_cooperation", 7.0),
    "CONCEDE": ("material_cooperation", 5.0),
    "RETREAT": ("material_cooperation", 5.0),
    "ACCUSE": ("verbal_conflict", -2.0),
    "REJECT": ("verbal_conflict", -4.0),
    "THREATEN": ("verbal_conflict", -6.0),
    "PROTEST": ("material_conflict", -6.5),
    "MOBILIZE": ("material_conflict", -7.0),
    "SANCTION": ("material_conflict", -7.0),
    "COERCE": ("material_conflict", -7.0),
    "ASSAULT": ("material_conflict", -9.0),
}


@dataclass(frozen=True)
class TypeInfo:
    type: str
    quad: str
    intensity: float          # default intensity, -10..+10

    @property
    def cooperative(self) -> bool:
        return self.quad in ("verbal_cooperation", "material_cooperation")


def _shared_table() -> dict[str, dict[str, str]]:
    """The default row of each type in knowledge/plover/intensity.tsv (mode "-" or empty;
    rows for a specific mode refine the extraction's coding, the analyses do not need them).
    The column names come from the header line, commented ("# type<TAB>mode...") or not."""
    from tightrope.knowledge import path

    table = path("plover/intensity.tsv")
    if not table.exists():
        return {}
    header: list[str] | None = None
    rows: dict[str, dict[str, str]] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        bare = line.lstrip("# ").rstrip("\n")
        if bare.startswith("type\t"):
            header = bare.split("\t")
            continue
        if not line.strip() or line.startswith("#") or header is None:
            continue
        row = dict(zip(header, line.split("\t")))
        kind = (row.get("type") or "").strip().upper()
        if kind in PLOVER_TYPES and (row.get("mode") or "-").strip() in ("", "-"):
            rows.setdefault(kind, row)
    return rows


@functools.lru_cache(maxsize=1)
def types() -> dict[str, TypeInfo]:
    """Every PLOVER type with its quad class and default intensity."""
    shared = _shared_table()
    info = {}
    for kind in PLOVER_TYPES:
        quad, intensity = _DEFAULTS[kind]
        row = shared.get(kind, {})
        try:
            intensity = float(row.get("intensity", intensity))
        except (TypeError, ValueError):
            pass
        quad = (row.get("quad") or quad).strip().lower().replace(" ", "_")
        if quad not in QUADS:
            quad = _DEFAULTS[kind][0]
        info[kind] = TypeInfo(kind, quad, intensity)
    return info


def values_sql() -> str:
    """The mapping as a SQL relation `plover(type, quad, default_intensity)`, for CTEs."""
    rows = ", ".join(f"('{t.type}', '{t.quad}', {t.intensity!r})" for t in types().values())
    return f"plover(type, quad, default_intensity) AS (VALUES {rows})"


def symmetric_sql(column: str = "type") -> str:
    return f"{column} IN ({', '.join(repr(t) for t in SYMMETRIC)})"
