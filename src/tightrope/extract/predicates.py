"""Event predicates: the words that express an interaction, matched against the PLOVER lexicon.

The lexicon (knowledge/plover/lexicon.tsv, format in docs/events.md) maps a lemma, with
optional conditions on its dependents (direct object, particle, preposition, controlled verb,
noun modifiers), to a PLOVER type and mode. This is the pattern-dictionary method of the
event coders TABARI and PETRARCH (Schrodt 2001; Norris, Schrodt & Beieler 2017) with the
verb-phrase patterns read from spaCy's dependency parse instead of a shallow parse.

Matching is a dict lookup by lemma; conditions are only evaluated for the few tokens whose
lemma is in the lexicon.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from tightrope.knowledge import path
from tightrope.records import PLOVER_TYPES

LEXICON_FILE = "plover/lexicon.tsv"
LIGHT = "LIGHT"          # verb that only carries its object's meaning ("held talks")
VERB_POS = {"VERB"}
NOUN_POS = {"NOUN", "PROPN"}
CONDITION_KEYS = {"obj", "prt", "prep", "pobj", "xcomp", "mod", "objactor"}
HYPHENS = {"-", "\u2010", "\u2011", "\u2013"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row."""

    lemma: str                                   # as written, possibly several words
    pos: str                                     # "V" or "N"
    conditions: tuple[tuple[str, frozenset[str]], ...]
    type: str                                    # PLOVER type or LIGHT
    mode: str | None
    roles: dict[str, str] = field(hash=False, compare=False)   # preposition -> source/target
    conf: float = 0.7
    line: int = 0

    @property
    def words(self) -> list[str]:
        return self.lemma.split()

    @property
    def specificity(self) -> int:
        return len(self.conditions) * 2 + len(self.words) - 1

    def describe(self) -> str:
        when = ";".join(f"{k}={'|'.join(sorted(v))}" for k, v in self.conditions) or "-"
        mode = f"/{self.mode}" if self.mode else ""
        return f"lexicon.tsv line {self.line}: {self.lemma} {self.pos} {when} -> {self.type}{mode}"


def _parse_conditions(text: str, line: int) -> tuple[tuple[str, frozenset[str]], ...]:
    if text in ("", "-"):
        return ()
    out = []
    for part in text.split(";"):
        key, _, values = part.partition("=")
        key = key.strip()
        if key not in CONDITION_KEYS or not values:
            raise ValueError(f"{LEXICON_FILE} line {line}: unknown condition {part!r}")
        out.append((key, frozenset(v.strip().lower() for v in values.split("|"))))
    return tuple(out)


def _parse_roles(text: str, line: int) -> dict[str, str]:
    if text in ("", "-"):
        return {}
    roles = {}
    for part in text.split(";"):
        prep, _, role = part.partition("=")
        if role not in ("source", "target"):
            raise ValueError(f"{LEXICON_FILE} line {line}: role must be source or target: {part!r}")
        roles[prep.strip().lower()] = role
    return roles


class Lexicon:
    """Trigger entries indexed by the lemma of their head word (the last word)."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.verbs: dict[str, list[Entry]] = {}
        self.nouns: dict[str, list[Entry]] = {}
        for e in entries:
            index = self.verbs if e.pos == "V" else self.nouns
            index.setdefault(e.words[-1], []).append(e)
        for index in (self.verbs, self.nouns):
            for lst in index.values():
                lst.sort(key=lambda e: -e.specificity)

    @classmethod
    def read(cls, text: str) -> "Lexicon":
        entries = []
        for n, raw in enumerate(text.splitlines(), 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            cols = raw.rstrip("\n").split("\t")
            if len(cols) < 5:
                raise ValueError(f"{LEXICON_FILE} line {n}: expected at least 5 columns")
            cols += ["-"] * (7 - len(cols))
            lemma, pos, when, etype, mode, roles, conf = cols[:7]
            if pos not in ("V", "N"):
                raise ValueError(f"{LEXICON_FILE} line {n}: pos must be V or N")
            if etype != LIGHT and etype not in PLOVER_TYPES:
                raise ValueError(f"{LEXICON_FILE} line {n}: unknown type {etype!r}")
            entries.append(Entry(lemma.lower(), pos, _parse_conditions(when, n), etype,
                                 None if mode in ("", "-") else mode, _parse_roles(roles, n),
                                 float(conf) if conf not in ("", "-") else 0.7, n))
        return cls(entries)

    def candidates(self, token: Token) -> list[Entry] | None:
        """Entries that might match `token` (by lemma and part of speech), or None."""
        if token.pos_ in VERB_POS:
            return self.verbs.get(token.lemma_.lower())
        if token.pos_ in NOUN_POS:
            found = self.nouns.get(token.lemma_.lower())
            if found is None and token.pos_ == "PROPN":
                # Headlines capitalise common nouns; the lemmatizer keeps them as written.
                found = self.nouns.get(token.lower_) or self.nouns.get(token.lower_.rstrip("s"))
            return found
        return None

    def match(self, token: Token, names_actor: Callable[[Token], bool]) -> Entry | None:
        """The most specific entry whose conditions hold for `token`."""
        entries = self.candidates(token)
        if not entries:
            return None
        features = _Features(token, names_actor)
        for entry in entries:                       # most specific first
            if _words_before_match(token, entry.words[:-1]) and all(
                    features.holds(key, values) for key, values in entry.conditions):
                return entry
        return None


def _words_before_match(token: Token, words: list[str]) -> bool:
    """Multiword nouns: the words before the head must precede it (hyphens skipped)."""
    if not words:
        return True
    i = token.i - 1
    doc = token.doc
    for word in reversed(words):
        while i >= 0 and doc[i].text in HYPHENS:
            i -= 1
        if i < 0 or (doc[i].lemma_.lower() != word and doc[i].lower_ != word):
            return False
        i -= 1
    return True


# Quantity heads an object's real head hangs from: "a series of bombs", "part of the town".
PARTITIVE_HEADS = {"series", "number", "wave", "string", "barrage", "volley", "salvo", "hail",
                   "part", "parts", "dozen", "dozens", "hundred", "hundreds", "thousand",
                   "thousands", "score", "scores", "couple", "pair", "handful", "group",
                   "rest", "most", "some", "all", "many", "none", "one",
                   # measures of what is sent or traded: "sent 120 tonnes of food"
                   "tonne", "tonnes", "ton", "tons", "barrel", "barrels", "kilogram",
                   "kilograms", "worth", "cargo", "consignment", "batch", "load", "shipload",
                   "planeload", "truckload", "trainload", "round", "rounds"}


GENERIC_OBJECT_HEADS = {"effort", "process", "programme", "program", "package", "operation",
                        "campaign", "mission", "plan", "initiative", "drive", "round"}


def direct_objects(token: Token) -> list[Token]:
    """The direct object(s) of a verb, the passive subject counting as the object; through a
    quantity head to the noun it counts ("exploded a series of bombs" -> bombs too)."""
    objs = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "obj")]
    objs += [c for o in objs for c in o.children if c.dep_ in ("conj", "appos")]   # "Section 907, a law"
    objs += [p for o in objs if o.lemma_.lower() in PARTITIVE_HEADS or o.lower_ in PARTITIVE_HEADS
             for prep in o.children if prep.dep_ == "prep" and prep.lower_ == "of"
             for p in prep.children if p.dep_ == "pobj"]
    # "ended mediation efforts", "suspended an aid programme": the generic head's modifier
    objs += [c for o in objs if o.lemma_.lower() in GENERIC_OBJECT_HEADS
             for c in o.children if c.dep_ == "compound"]
    return objs


def _temporal(prep: Token) -> bool:
    """A preposition that only places the act in time ("on Friday", "on October 10"): it is
    not the "on" of "called on X"."""
    return any(p.dep_ == "pobj" and p.ent_type_ in ("DATE", "TIME") for p in prep.children)


class _Features:
    """Lazily computed facts about a candidate trigger token, for the lexicon conditions."""

    def __init__(self, token: Token, names_actor: Callable[[Token], bool]) -> None:
        self.token = token
        self.names_actor = names_actor

    @functools.cached_property
    def objects(self) -> list[Token]:
        return direct_objects(self.token)

    def _lemmas(self, dep: set[str], token: Token | None = None) -> set[str]:
        """Lemmas and forms of the children with these dependencies, leaving out
        prepositions that only date the act ("on Friday")."""
        children = [c for c in (token or self.token).children if c.dep_ in dep and not _temporal(c)]
        return {c.lemma_.lower() for c in children} | {c.lower_ for c in children}

    def holds(self, key: str, values: frozenset[str]) -> bool:
        token = self.token
        if key == "obj":
            if "none" in values and not self.objects:
                return True
            return any(o.lemma_.lower() in values or o.lower_ in values for o in self.objects) or (
                # "rolled over $2bn": the number heads the phrase, its currency sign marks money
                "$" in values and any(c.is_currency for o in self.objects for c in o.children))
        if key == "prt":
            return bool(self._lemmas({"prt"}) & values) or (
                # "call on X": the parser often reads the particle as a preposition.
                bool(self._lemmas({"prep"}) & values))
        if key == "prep":
            found = self._lemmas({"prep", "agent", "dative"})
            if token.pos_ in NOUN_POS and token.dep_ in ("dobj", "obj"):
                # "opened a hearing on Monday into X": the parser hangs the noun's phrase on
                # the verb it is the object of
                found |= self._lemmas({"prep"}, token.head)
            return bool(found & values)
        if key == "pobj":
            # idioms whose meaning sits in a prepositional object ("kept X in the loop")
            return any(p.lemma_.lower() in values or p.lower_ in values
                       for prep in token.children if prep.dep_ in ("prep", "dative")
                       for p in prep.children if p.dep_ == "pobj")
        if key == "xcomp":
            xcomps = [c for c in token.children if c.dep_ == "xcomp"]
            return bool(xcomps) and ("*" in values or any(x.lemma_.lower() in values for x in xcomps))
        if key == "mod":
            mods = {c.lemma_.lower() for c in token.children if c.dep_ in ("amod", "compound", "nmod")}
            before = token.doc[token.i - 1].lemma_.lower() if token.i > 0 else ""
            return bool((mods | {before}) & values)
        if key == "objactor":
            # The object itself is an actor ("hosted the Japanese prime minister"), not merely
            # something an actor owns ("welcomed Reagan's statement").
            has = any(self.names_actor(o) for o in self.objects if o.dep_ != "nsubjpass")
            return has == ("yes" in values)
        return False


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, read once per process."""
    return Lexicon.read(path(LEXICON_FILE).read_text(encoding="utf-8"))
