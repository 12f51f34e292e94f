"""Actor mentions: every span that names a state, organisation or person, resolved.

The step sets `ctx.mentions` (sorted by position) for the later steps and yields one `actor`
record per mention. Resolution runs in passes over the parsed Doc, each cheap:

1. gazetteer: longest match of known forms (tightrope.knowledge.actors) at each token, looked
   up by first word; names inside a larger spaCy entity that is not itself an actor ("South
   China Sea", "Kabul Airport") are dropped, generic names ("Foreign Ministry", "officials")
   are kept only next to a state ("Pakistan's Foreign Office", "US officials");
2. organisations spaCy finds that end in an organisation word ("... Institute") take the
   state named inside them;
3. people: known people by name (date-aware role from the office terms), other PERSON
   entities; roles from a title before the name ("US Commerce Secretary Gina Raimondo") or an
   apposition ("Pakistan's former ambassador to China, Naghmana Hashmi");
4. coreference inside the document: later first-name or surname mentions ("Hashmi",
   "Ambassador Hashmi", also of people nothing describes), then he/she pronouns resolved to
   the last compatible person, preferring the subject, searched through the paragraph and
   the one before, only when that choice is unique (otherwise no mention) — the salience
   heuristic of Lappin & Leass (1994), reduced to recency, subjecthood and gender;
5. titles with a state but no name ("the US Commerce Secretary") resolved to whoever held
   the office on the article's date (`OfficeIndex.holders`); titled people with no state
   take one from the article (an earlier title of the same post, the only state of the
   sentence, a later apposition); definite descriptions as subjects ("The former minister
   argues") and plural anaphors ("they", "the two leaders") resolved to a unique antecedent
   or left alone. Names whose actor depends on context ("Congress": the US Congress or
   India's party; "Georgia senator") are settled right after the gazetteer pass;
6. phrases that point to a state: state enterprises ("state-run Indian Oil", "Pakistan's
   state oil company"), armed groups' branches and global groups coded where they act,
   and "its" before a title or institution ("its foreign secretary") -> the subject state.

docs/gazetteer.md describes the data and every rule with examples.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from tightrope.extract import DocContext
from tightrope.knowledge.actors import OFFICE_LABELS, Entry, Title, normalise
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
    kind: str = "state"       # state, capital, institution, organisation, person, demonym,
                              # pronoun, title
    office: str | None = None     # office key the text gives this person ("commerce_minister")
    title: str | None = None      # the title words as written ("US Commerce Secretary")
    gender: str | None = None     # "m" / "f" for people when known

    def actor(self) -> dict:
        """The contract's Actor dict."""
        extra = {"role": self.role} if self.role else {}
        return actor_dict(self.text, self.name, self.country, self.sector, **extra)


STATE_KINDS = frozenset({"state", "capital", "demonym", "combining"})
# spaCy entity labels under which a state name is part of something else ("South China Sea")
_CONTAINER_LABELS = frozenset({"PERSON", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
# names of states that are also common given names or US states: trust spaCy's PERSON
_PERSON_AMBIGUOUS = frozenset({"jordan", "georgia", "chad", "israel", "kenya", "victoria",
                               "washington", "lincoln", "cuba", "india", "china", "sofia", "lima",
                               "santiago", "abuja", "jericho"})
# organisation words -> sector, for organisations spaCy finds that the gazetteer does not know
_ORG_WORDS = {
    "institute": "EXPERT", "institution": "EXPERT", "centre": "EXPERT", "center": "EXPERT",
    "university": "EXPERT", "academy": "EXPERT", "council": "NGO", "foundation": "NGO",
    "forum": "NGO", "association": "NGO", "society": "NGO", "chamber": "BUS", "bank": "BUS",
    "company": "BUS", "corporation": "BUS", "corp": "BUS", "group": "BUS", "holdings": "BUS",
    "limited": "BUS", "ltd": "BUS", "inc": "BUS", "party": "PTY", "ministry": "GOV",
    "department": "GOV", "agency": "GOV", "authority": "GOV", "commission": "GOV",
    "board": "GOV", "office": "GOV", "committee": "GOV", "army": "MIL", "navy": "MIL",
    "force": "MIL", "forces": "MIL", "command": "MIL",
}
_CONNECTORS = frozenset({"of", "for", "and", "&", "-", "'s", "\u2019s", "on", "at"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NOT_NAME_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                              "QUANTITY"})
_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
             "she": "f", "her": "f", "hers": "f", "herself": "f"}
_TITLE_GENDER = {"mr": "m", "mr.": "m", "sir": "m", "sheikh": "m", "shaikh": "m",
                 "ms": "f", "ms.": "f", "mrs": "f", "mrs.": "f", "miss": "f", "madam": "f",
                 "dame": "f", "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f",
                 "businesswoman": "f", "spokesman": "m", "congressman": "m", "businessman": "m"}
_DESTINATION_WORDS = frozenset({"to", "in", "at", "with", "on"})
_ENVOY_WORDS = ("ambassador", "envoy", "commissioner", "consul", "charg", "attach")
_PRONOUN_WINDOW = 3           # sentences back where a lone non-subject may be the antecedent
# beyond those, the antecedent must be a subject within the pronoun's paragraph or the one
# before; the cap keeps a text without line breaks from making the search quadratic
_PRONOUN_MAX_SENTENCES = 12
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
# "the two leaders", "both countries": the group noun says what kind of actors it joins
_GROUP_NOUNS = {
    "leaders": "person", "presidents": "person", "ministers": "person", "men": "person",
    "women": "person", "premiers": "person", "envoys": "person", "diplomats": "person",
    "countries": "state", "nations": "state", "neighbours": "state", "neighbors": "state",
    "states": "state", "powers": "state", "capitals": "state", "economies": "state",
    "sides": "any", "governments": "any", "parties": "any", "allies": "any", "rivals": "any",
    "partners": "any",
}
# Group phrases whose words also name the members' sector: "the two central banks" are the
# two states' central banks, "both militaries" their armed forces. Keyed by the last word:
# (words before it, kind of member wanted, sector given to each member)
_GROUP_PHRASES = {
    "banks": ((("central",), "state", "BUS"),),
    "militaries": (((), "state", "MIL"),),
    "armies": (((), "state", "MIL"),),
    "forces": ((("armed",), "state", "MIL"),),
    "governments": (((), "any", "GOV"),),
}
# "state-run Indian Oil", "Pakistan's state oil company": an enterprise of the state named
# in the phrase; the last of these nouns gives the sector (default BUS)
_STATE_RUN = frozenset({"run", "owned", "controlled", "backed", "funded", "operated"})
_ENTERPRISE_NOUNS = {
    "company": "BUS", "firm": "BUS", "corporation": "BUS", "enterprise": "BUS",
    "giant": "BUS", "lender": "BUS", "bank": "BUS", "group": "BUS", "conglomerate": "BUS",
    "producer": "BUS", "refiner": "BUS", "airline": "BUS", "carrier": "BUS", "utility": "BUS",
    "miner": "BUS", "shipper": "BUS", "operator": "BUS", "insurer": "BUS", "fund": "BUS",
    "agency": "GOV", "regulator": "GOV", "broadcaster": "MED", "television": "MED",
    "media": "MED", "newspaper": "MED", "news": "MED", "outlet": "MED", "daily": "MED",
}
# Armed groups are coded by the country they operate in; these names stand for a movement
# active in many countries, so a place in the sentence says which country's branch acts
_GLOBAL_ARMED_GROUPS = frozenset({"Islamic State", "al-Qaeda"})
_BRANCH_WORDS = frozenset({"branch", "affiliate", "wing", "cell", "cells", "faction",
                           "franchise", "offshoot", "chapter", "province", "arm"})
_LOCATIVE_WORDS = frozenset({"in", "near", "across", "inside", "throughout", "around"})
# "a former Indian diplomat", "a retired army general": someone out of the office the title
# names (and not a known politician) comments as an expert, not for the state
_FORMER_WORDS = frozenset({"former", "ex", "ex-", "retired"})
_OFFICIAL_SECTORS = frozenset({"GOV", "MIL", "SPY"})
_PAIR_HYPHENS = frozenset({"-", "\u2013", "\u2014", "/"})
# "Congress" is the US Congress unless the words around it or the article say otherwise
_PARTY_NEXT = frozenset({"party", "leader", "leaders", "president", "chief", "spokesperson",
                         "spokesman", "spokeswoman", "mp", "mps", "mla", "mlas", "worker",
                         "workers", "candidate", "candidates", "government", "led", "-led",
                         "general", "veteran", "ticket", "cadre", "cadres", "manifesto"})
_US_LEGISLATURE_WORDS = frozenset({"senate", "senator", "senators", "lawmakers", "republicans",
                                   "republican", "democrats", "capitol", "congressional",
                                   "congressman", "congresswoman", "gop"})
_INDIAN_POLITICS_WORDS = frozenset({"bjp", "lok", "rajya", "mla", "mlas", "aap"})
# "Georgia senator", "Georgia's governor": the US state, not the country
_US_STATE_NEXT = frozenset({"senator", "senators", "governor", "congressman", "congresswoman",
                            "representative", "republican", "republicans", "democrat",
                            "democrats", "legislature", "lawmakers", "voters", "state",
                            "statehouse", "primary", "gop", "attorney"})
_PERSON_KINDS = frozenset({"person", "title", "pronoun"})
_STATE_LIKE = frozenset({"state", "capital", "demonym", "institution"})


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    start_char: int
    end_char: int
    entry: Entry | Title
    text: str

    @property
    def kind(self) -> str:
        return self.entry.kind if isinstance(self.entry, Entry) else "title"


# --- pass 1: gazetteer ----------------------------------------------------------------------

def scan(doc: Doc, index, check_case: bool = True) -> list[_Match]:
    """Longest known form at each token (a FormIndex: actors or titles), left to right."""
    text = doc.text
    first = index.first
    matches: list[_Match] = []
    n = len(doc)
    i = 0
    while i < n:
        token = doc[i]
        limit = first.get(token.lower_)
        best: _Match | None = None
        if limit is not None:
            start_char = token.idx
            j = i
            while j < n:
                tj = doc[j]
                if j > i and tj.is_space:
                    break
                end_char = tj.idx + len(tj.text)
                if end_char - start_char > limit + 4:
                    break
                candidate = text[start_char:end_char]
                entry = index.lookup(candidate) if check_case else index.get(candidate)
                if entry is not None:
                    best = _Match(i, j + 1, start_char, end_char, entry, candidate)
                j += 1
        if best is not None:
            matches.append(best)
            i = best.end
            continue
        if check_case and "-" in token.text and len(token.text) > 3:
            matches.extend(_hyphen_parts(token, index))
        i += 1
    return matches


def _hyphen_parts(token: Token, index) -> Iterator[_Match]:
    """Actors inside one hyphenated token spaCy did not split ("U.S.-China")."""
    offset = 0
    for part in token.text.split("-"):
        if part:
            entry = index.lookup(part)
            if entry is not None and entry.kind in STATE_KINDS:
                start_char = token.idx + offset
                yield _Match(token.i, token.i + 1, start_char, start_char + len(part), entry, part)
        offset += len(part) + 1


def _entity_at(doc: Doc) -> list:
    """For each token, the spaCy entity span covering it (or None)."""
    at: list = [None] * len(doc)
    for ent in doc.ents:
        for k in range(ent.start, ent.end):
            at[k] = ent
    return at


def _covered(matches: list[_Match], n: int) -> list[bool]:
    covered = [False] * n
    for m in matches:
        for k in range(m.start, m.end):
            covered[k] = True
    return covered


def _before_a_title(doc: Doc, end: int, titles) -> bool:
    """"Jordan's King Abdullah", "Georgia's prime minister": a possessive and a title."""
    if end + 1 < len(doc) and doc[end].lower_ in ("'s", "\u2019s"):
        return doc[end + 1].lower_ in titles.first
    return False


def filter_in_entities(doc: Doc, matches: list[_Match], ent_at: list, titles) -> list[_Match]:
    """Drop state names that are part of a larger non-actor name spaCy found ("South China
    Sea", "Kabul Airport", "Michael Jordan"); keep them when every word of that entity is an
    actor name ("U.S.-China", "Trump-Xi")."""
    covered = _covered(matches, len(doc))
    kept = []
    for m in matches:
        ent = ent_at[m.start]
        if m.kind in STATE_KINDS and ent is not None and ent.label_ in _CONTAINER_LABELS:
            if ent.start < m.start or ent.end > m.end:
                words = [t for t in ent if t.is_alpha and t.lower_ not in ("and", "of", "the")]
                if any(not covered[t.i] for t in words):
                    continue
            elif ent.label_ == "PERSON" and normalise(m.text) in _PERSON_AMBIGUOUS \
                    and not _before_a_title(doc, m.end, titles):
                continue
        if m.kind == "demonym" and m.start > 0 and doc[m.start - 1].lower_ == "ethnic":
            continue            # "ethnic Albanians" are a people, not the state of Albania
        if m.kind == "combining":
            nxt = m.end < len(doc) and doc[m.end].text in ("-", "\u2013")
            if not (nxt or m.end_char < doc[m.start].idx + len(doc[m.start].text)):
                continue
        kept.append(m)
    return kept


def _state_before(doc: Doc, matches_by_end: dict[int, _Match], start: int) -> tuple[_Match | None, int]:
    """A state/demonym/capital match right before token `start` (skipping a possessive 's):
    the match and the token where the combined span starts."""
    k = start
    if k > 0 and doc[k - 1].lower_ in ("'s", "\u2019s", "'"):
        k -= 1
    m = matches_by_end.get(k)
    if m is not None and m.kind in STATE_KINDS and isinstance(m.entry, Entry):
        if m.start >= 2 and doc[m.start - 1].text == "-" and \
                doc[m.start - 2].lower_ in ("anti", "pro", "non"):
            return None, start  # "anti-Syria journalist": Syria is the opposite of whom
        return m, m.start
    return None, start


def _state_after(doc: Doc, matches_by_start: dict[int, _Match], end: int) -> _Match | None:
    """'... of Pakistan' right after token `end`."""
    if end < len(doc) and doc[end].lower_ == "of":
        k = end + 1
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        m = matches_by_start.get(k)
        if m is not None and m.kind in ("state", "capital"):
            return m
    return None


def resolve_generic(doc: Doc, matches: list[_Match], country_names: dict[str, str]) -> list[_Match]:
    """"Pakistan's Foreign Office", "Chinese officials", "the Foreign Ministry of Iran": a
    generic institution joined to the state beside it. Alone, a generic name is dropped."""
    by_end = {m.end: m for m in matches}
    by_start = {m.start: m for m in matches}
    text = doc.text     # Doc.text joins every token: build it once, not per match
    out: list[_Match] = []
    for m in matches:
        if m.kind != "generic":
            out.append(m)
            continue
        state, start = _state_before(doc, by_end, m.start)
        after = None if state else _state_after(doc, by_start, m.end)
        if state is None and after is None:
            continue
        country = (state or after).entry.country
        entry = Entry(f"{country_names.get(country, country)} {m.entry.name.lower()}", country,
                      m.entry.sector, "institution", form=m.text)
        if state is not None:
            if out and out[-1] is state:
                out.pop()
            out.append(_Match(start, m.end, state.start_char, m.end_char, entry,
                              text[state.start_char:m.end_char]))
        else:
            out.append(_Match(m.start, after.end, m.start_char, after.end_char, entry,
                              text[m.start_char:after.end_char]))
            after.entry = None  # consumed; removed below
    return [m for m in out if m.entry is not None]


# --- pass 2: organisations spaCy finds --------------------------------------------------------

def compose_organisations(doc: Doc, matches: list[_Match], actors) -> list[_Match]:
    """An ORG entity ending in an organisation word and naming a state inside ("Pakistan-
    Africa Institute for Development and Research") becomes one organisation of that state;
    the state names inside it are no longer mentions of their own."""
    by_start = {m.start: m for m in matches}
    drop: set[int] = set()
    added: list[_Match] = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or len(ent) < 2 or not ent[-1].text[:1].isupper():
            continue
        sector = _ORG_WORDS.get(ent[-1].lower_) or _ORG_WORDS.get(_org_head(ent))
        if sector is None:
            continue
        inner = [by_start[k] for k in range(ent.start, ent.end) if k in by_start]
        if any(m.start < ent.start or m.end > ent.end for m in inner):
            continue
        if any(m.kind in ("organisation", "institution", "person") for m in inner):
            continue            # a known actor name inside: the gazetteer knows better
        states = [m for m in inner if m.kind in STATE_KINDS
                  and not (m.start > 0 and doc[m.start - 1].lower_ in _DESTINATION_WORDS)]
        country = states[0].entry.country if states else None
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        span = doc[start:ent.end]
        if country is None and any(e.kind == "generic" for e in actors.entries(span.text)):
            continue            # "the Foreign Office" with no state: left unresolved
        name = span.text
        added.append(_Match(start, ent.end, span.start_char, span.end_char,
                            Entry(name, country, sector, "organisation", form=name), name))
        drop.update(id(m) for m in inner)
    if not added:
        return matches
    result = [m for m in matches if id(m) not in drop] + added
    result.sort(key=lambda m: (m.start, m.start_char))
    return result


def _org_head(ent) -> str:
    """The organisation word of 'Institute for Development and Research' (before 'for/of')."""
    for t in ent:
        if t.lower_ in ("for", "of", "on") and t.i > ent.start:
            return ent.doc[t.i - 1].lower_
    return ""


# --- pass 3 and 4: people, roles, coreference ---------------------------------------------------

@dataclass(slots=True)
class _Person:
    mention: Mention
    key: str                   # entity identity for coreference (canonical name)
    subject: bool
    sentence: int


_UNSET = object()


class _Resolver:
    def __init__(self, doc: Doc, kb, published: dt.date | None) -> None:
        self.doc = doc
        self.kb = kb
        self.published = published
        self.ent_at = _entity_at(doc)
        self.country_names = _country_names(kb)
        self.sent_of, self.sent_start = _sentence_index(doc)
        self.text = doc.text    # Doc.text joins every token: build it once per document
        self.para_of = _paragraph_index(self.text, doc, self.sent_start)
        self.indian_politics: object = _UNSET

    # -- driver
    def run(self) -> list[Mention]:
        doc, kb = self.doc, self.kb
        matches = scan(doc, kb.actors)
        matches = filter_in_entities(doc, matches, self.ent_at, kb.titles)
        self.blocked = _covered([m for m in matches if m.kind == "block"], len(doc))
        matches = [m for m in matches if m.kind != "block"]
        matches = self._misspelt_places(matches)
        self.its_generics = [m for m in matches if m.kind == "generic" and m.start > 0
                             and doc[m.start - 1].lower_ == "its"]
        matches = resolve_generic(doc, matches, self.country_names)
        matches = compose_organisations(doc, matches, kb.actors)
        matches = self._homonyms(matches)
        titles = [t for t in scan(doc, kb.titles, check_case=False)]
        self.matches = matches
        self.titles = titles
        self.match_at: list[_Match | None] = [None] * len(doc)
        for m in matches:
            for k in range(m.start, m.end):
                self.match_at[k] = self.match_at[k] or m
        self.title_at: list[_Match | None] = [None] * len(doc)
        for t in titles:
            for k in range(t.start, t.end):
                self.title_at[k] = t
        self.consumed: set[int] = set()      # ids of matches absorbed into a person's title
        self.heads: dict[int, _Match] = {}   # id(person mention) -> its title's head
        self.match_starts: list[int] | None = None
        self.sole: object = _UNSET
        persons = self.people()
        titled = self.title_mentions(persons)
        self.countries_from_context(persons, titled)
        mentions = [self._from_match(m) for m in self.matches
                    if id(m) not in self.consumed and m.kind != "person"]
        mentions += persons
        mentions += titled
        mentions = [m for m in mentions if m is not None]
        mentions.sort(key=lambda m: (m.start_char, -m.end_char))
        mentions = _without_overlaps(mentions)
        mentions = self.state_companies(mentions)
        self.armed_group_places(mentions)
        mentions += self.possessive_its(mentions)
        mentions.sort(key=lambda m: (m.start_char, -m.end_char))
        mentions += self.pronouns(mentions)
        mentions += self.descriptions(mentions)
        mentions += self.organisation_descriptions(mentions)
        mentions.sort(key=lambda m: (m.start, m.start_char))
        mentions += self.plurals(mentions)
        mentions += self.state_it(mentions)
        mentions.sort(key=lambda m: (m.start, m.start_char))
        return mentions

    def organisation_descriptions(self, mentions: list[Mention]) -> list[Mention]:
        """"the agency", "the fund", "the bank", "the court": a definite description whose
        noun is the last word of an organisation named earlier in the text (International
        Atomic Energy Agency, International Monetary Fund) is that organisation, when exactly
        one such organisation was named in the _ORG_WINDOW sentences before."""
        doc = self.doc
        orgs = [m for m in mentions if m.kind in ("organisation", "institution") and m.name and m.country]
        if not orgs:
            return []
        taken = _covered_mentions(mentions, len(doc))
        out: list[Mention] = []
        for token in doc:
            noun = token.lemma_.lower()
            if (noun not in _ORG_NOUNS or taken[token.i] or token.i == 0 or token.tag_ != "NN"
                    or doc[token.i - 1].lower_ != "the"):
                continue
            sentence = self.sent_of[token.i]
            before = [m for m in orgs if m.end <= token.i and sentence - self.sent_of[m.start] <= _ORG_WINDOW
                      and normalise(m.name).split()[-1] == noun]
            if len({m.name for m in before}) != 1:
                continue
            m = before[-1]
            start = token.i - 1
            out.append(Mention(start, token.i + 1, doc[start].idx, token.idx + len(token.text),
                               doc[start:token.i + 1].text, m.name, m.country, m.sector, m.role,
                               "pronoun", m.office))
        return out

    def state_it(self, mentions: list[Mention]) -> list[Mention]:
        """"Washington raised tariffs in March. It soon exempted goods ...": "it" as the
        subject of a verb of action, first in its sentence, is the state that was the subject
        of the sentence before, when that subject names a state (state, capital, government)."""
        doc = self.doc
        taken = _covered_mentions(mentions, len(doc))
        by_token = _by_root(doc, mentions)
        out: list[Mention] = []
        for token in doc:
            if token.lower_ != "it" or taken[token.i] or token.dep_ != "nsubj":
                continue
            verb = token.head
            if verb.pos_ != "VERB" or verb.lemma_.lower() in _STATIVE_VERBS:
                continue                   # "it is clear", "it seems": no actor
            sentence = self.sent_of[token.i]
            if sentence == 0 or any(t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("DATE", "TIME")
                                    for t in doc[self.sent_start[sentence]:token.i]):
                continue                   # only a sentence-initial "it" ("In December it agreed" too)
            prev = doc[self.sent_start[sentence - 1]:self.sent_start[sentence]]
            subjects = [by_token.get(t.i) for t in prev if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"]
            subjects = [m for m in subjects if m is not None and m.country not in (None, "IGO")
                        and (m.kind in ("state", "capital") or m.sector == "GOV")]
            if len(subjects) != 1:
                continue
            m = subjects[0]
            out.append(Mention(token.i, token.i + 1, token.idx, token.idx + len(token.text),
                               token.text, m.name, m.country, m.sector, m.role, "pronoun", m.office))
        return out

    def _misspelt_places(self, matches: list[_Match]) -> list[_Match]:
        """spaCy GPE/NORP entities no form matched ("Afganistan", "Khatmandu") compared
        with the names of states, capitals and demonyms (rapidfuzz ratio >= 88): entity
        spans only, never every token."""
        doc = self.doc
        covered = None
        added = []
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "NORP") or len(ent.text) < 5 or len(ent) > 3:
                continue
            if covered is None:
                covered = _covered(matches, len(doc))
            if any(covered[k] or self.blocked[k] for k in range(ent.start, ent.end)):
                continue
            if self.kb.actors.entries(ent.text):
                continue        # a known form a rule has set aside, not a misspelling
            entry = _fuzzy_place(self.kb, ent.text)
            if entry is not None:
                added.append(_Match(ent.start, ent.end, ent.start_char, ent.end_char, entry,
                                    ent.text))
        if not added:
            return matches
        return sorted(matches + added, key=lambda m: (m.start, m.start_char))

    def _homonyms(self, matches: list[_Match]) -> list[_Match]:
        """Names that mean different actors by context (docs/gazetteer.md):

        - a bare "Congress" is the Indian National Congress when a party word follows
          ("Congress leader", "Congress-led") or India is named right before it, or when the
          article has Indian party or parliament names (BJP, Lok Sabha, ...) and no US
          legislative words (Senate, lawmakers, Republicans, ...), or names India at least
          twice as often as the US and has no US legislative words; otherwise the US Congress;
        - "Georgia" followed by a US state-level word ("Georgia senator", "Georgia's
          governor", "Georgia voters") is the US state, so the United States."""
        doc = self.doc
        by_end = {m.end: m for m in matches}
        out = []
        for m in matches:
            e = m.entry
            if isinstance(e, Entry) and e.country == "USA" and e.kind == "institution" \
                    and normalise(m.text) == "congress":
                ent = self.ent_at[m.start]
                if ent is not None and ent.start < m.start and ent.label_ in ("ORG", "FAC", "EVENT") \
                        and not any(k in by_end and by_end[k].kind in STATE_KINDS
                                    for k in range(ent.start + 1, m.start + 1)):
                    continue        # "World Uyghur Congress": part of another name
                prev = _state_before(doc, by_end, m.start)[0]     # "US", "India's"
                prev_country = prev.entry.country if prev is not None else None
                if prev_country == "USA":
                    pass
                elif prev_country == "IND" or self._party_word_after(m.end) or \
                        self._indian_politics(matches):
                    party = self.kb.actors.lookup("Indian National Congress")
                    if party is not None:
                        m = _Match(m.start, m.end, m.start_char, m.end_char,
                                   Entry(party.name, party.country, party.sector, "organisation",
                                         form=m.text), m.text)
            elif isinstance(e, Entry) and e.country == "GEO" and e.kind == "state" \
                    and normalise(m.text) == "georgia":
                k = m.end + (1 if m.end < len(doc) and doc[m.end].lower_ in ("'s", "\u2019s") else 0)
                if k < len(doc) and doc[k].lower_ in _US_STATE_NEXT:
                    m = _Match(m.start, m.end, m.start_char, m.end_char,
                               Entry("United States", "USA", None, "state", form=m.text), m.text)
            out.append(m)
        return out

    def _party_word_after(self, end: int) -> bool:
        doc = self.doc
        if end >= len(doc):
            return False
        word = doc[end].lower_
        if word in ("-", "\u2013") and end + 1 < len(doc):
            word = doc[end + 1].lower_
        return word in _PARTY_NEXT

    def _indian_politics(self, matches: list[_Match]) -> bool:
        """Does the article as a whole point to India's Congress party? (once per Doc)"""
        if self.indian_politics is _UNSET:
            self.indian_politics = self._indian_politics_cues(matches)
        return self.indian_politics

    def _indian_politics_cues(self, matches: list[_Match]) -> bool:
        words = {t.lower_ for t in self.doc}
        if words & _US_LEGISLATURE_WORDS:
            return False
        if words & _INDIAN_POLITICS_WORDS or any(
                isinstance(m.entry, Entry) and m.entry.country == "IND"
                and m.entry.sector in ("PTY", "LEG") for m in matches):
            return True
        countries = [m.entry.country for m in matches if isinstance(m.entry, Entry)
                     and m.kind in _STATE_LIKE]
        india, us = countries.count("IND"), countries.count("USA")
        return india >= 2 and india >= 2 * us

    def _from_match(self, m: _Match) -> Mention | None:
        e = m.entry
        if not isinstance(e, Entry):
            return None
        kind = "demonym" if e.kind == "combining" else e.kind
        return Mention(m.start, m.end, m.start_char, m.end_char, m.text, e.name, e.country,
                       e.sector, e.role, kind)

    # -- people
    def people(self) -> list[Mention]:
        doc = self.doc
        spans: list[tuple[int, int, Entry | None]] = []
        for m in self.matches:
            if m.kind == "person":
                spans.append((m.start, m.end, m.entry))
        taken = _covered(self.matches, len(doc))
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                self._unclaim_alias_inside(ent, spans, taken)
            if ent.label_ != "PERSON" or any(taken[k] or self.blocked[k]
                                             for k in range(ent.start, ent.end)):
                continue
            start = ent.start
            while start < ent.end and (self.title_at[start] or doc[start].is_punct):
                start += 1   # spaCy sometimes puts the title inside the PERSON span
            end = ent.end
            while end > start and doc[end - 1].lower_ in ("'s", "\u2019s", "'"):
                end -= 1
            if end > start:
                spans.append((start, end, None))
        spans.sort(key=lambda s: s[0])
        parts: dict[str, set[str]] = {}         # first name / surname -> canonical names
        known: dict[str, Mention] = {}          # canonical name -> first full mention
        gender: dict[str, str] = {}
        out: list[Mention] = []
        seen_spans: set[int] = set()
        for start, end, entry in spans:
            if start in seen_spans:
                continue
            seen_spans.add(start)
            out.append(self._person(start, end, entry, parts, known, gender))
        # surnames/first names spaCy did not tag as PERSON ("Mushahid says", tagged ORG)
        extra = self._bare_name_parts(parts, out, known, gender)
        out += extra
        out.sort(key=lambda m: m.start)
        self.gender = gender
        return out

    def _unclaim_alias_inside(self, ent, spans: list, taken: list[bool]) -> None:
        """'Imran Qadir', 'Ivanka Trump': a one-word alias of a known person ("Imran",
        "Trump") inside a longer name spaCy tagged PERSON belongs to someone else; the
        whole name is resolved instead (only when every other word is a plain capitalised
        word, so "Donald J. Trump" keeps its alias)."""
        if len(ent) < 2 or not any(self.match_at[k] is not None
                                   and self.match_at[k].kind == "person"
                                   for k in range(ent.start, ent.end)):
            return
        inside = [s for s in spans if ent.start <= s[0] and s[1] <= ent.end]
        if len(inside) != 1 or inside[0][1] - inside[0][0] != 1:
            return
        alias = inside[0][0]
        others = [t for t in ent if t.i != alias and t.lower_ not in ("'s", "\u2019s")]
        if not others or any(self.title_at[t.i] or self.match_at[t.i] or not t.is_alpha
                             or not t.text[:1].isupper() or t.lower_ in _TITLE_GENDER
                             for t in others):
            return
        spans.remove(inside[0])
        taken[alias] = False
        self.matches = [m for m in self.matches if m.start != alias or m.kind != "person"]
        self.match_at[alias] = None

    def _person(self, start: int, end: int, entry: Entry | None, parts, known, gender) -> Mention:
        doc = self.doc
        span = doc[start:end]
        text = span.text
        name, country, sector, role, office, g = None, None, None, None, None, None
        coreferent = False
        if entry is not None:
            local = parts.get(normalise(text)) if " " not in text.strip() else None
            if local and len(local) == 1 and entry.name not in local:
                # "Qureshi" after "Hina Qureshi": the person this article introduced, not
                # a better-known bearer of the surname in the gazetteer
                entry = None
        if entry is not None and entry.name in known and known[entry.name].title:
            antecedent = known[entry.name]     # described earlier: keep that description
            name, country, sector, role, office = (antecedent.name, antecedent.country,
                                                   antecedent.sector, antecedent.role,
                                                   antecedent.office)
            g = gender.get(name) or entry.gender
            coreferent = True
        elif entry is not None:
            name, country, sector, g = entry.name, entry.country, entry.sector, entry.gender
            role, office = self._role_from_terms(name, entry)
        else:
            key = normalise(text)
            names = parts.get(key)
            if names is None and " " in key:
                names = {n for n in known if normalise(n) == key} or None
            coreferent = bool(names) and len(names) == 1
            if coreferent:
                antecedent = known[next(iter(names))]
                name, country, sector, role, office = (antecedent.name, antecedent.country,
                                                       antecedent.sector, antecedent.role,
                                                       antecedent.office)
                g = gender.get(name)
            elif names is None:
                found = self._fuzzy_person(text, start)
                if found is not None:
                    name, country, sector, g = found.name, found.country, found.sector, found.gender
                    role, office = self._role_from_terms(name, found)
                else:
                    name = text
        g = g or self._honorific_gender(start)
        mention = Mention(start, end, span.start_char, span.end_char, text, name, country,
                          sector, role, "person", office, None, g)
        self._attach_title(mention, keep_role=coreferent)
        if name and (mention.country or mention.role or (entry is None and not coreferent
                                                          and _plain_name(span))):
            if mention.gender:
                gender.setdefault(name, mention.gender)
            mention.gender = gender.get(name, mention.gender)
            words = [w for w in normalise(name).split() if len(w) > 1]
            titled_surname = len(words) == 1 and mention.title is not None and text.isalpha() \
                and text[:1].isupper() and name == text   # "President Tinubu"
            if (len(words) >= 2 or titled_surname) and name not in known:
                known[name] = mention
                last = words[-1]
                # "al-Burhan" is "Burhan" on second mention
                bare = last.split("-", 1)[1] if last.split("-", 1)[0] in ARABIC_ARTICLES and "-" in last else last
                for w in {words[0], last, bare, " ".join(words[-2:])}:
                    parts.setdefault(w, set()).add(name)
        return mention

    def _bare_name_parts(self, parts, found: list[Mention], known, gender) -> list[Mention]:
        doc = self.doc
        if not parts:
            return []
        taken = _covered(self.matches, len(doc))
        for m in found:
            for k in range(m.start, m.end):
                taken[k] = True
        out = []
        first_seen = {name: m.start for name, m in known.items()}
        for token in doc:
            if taken[token.i] or not token.text[:1].isupper() or token.pos_ != "PROPN" \
                    or token.ent_type_ in _NOT_NAME_LABELS:
                continue        # "in May" is a month even after "Theresa May"
            names = parts.get(token.lower_)
            if not names or len(names) != 1:
                continue
            name = next(iter(names))
            if first_seen[name] > token.i:
                continue
            ante = known[name]
            m = Mention(token.i, token.i + 1, token.idx, token.idx + len(token.text), token.text,
                        ante.name, ante.country, ante.sector, ante.role, "person", ante.office,
                        None, gender.get(name) or self._honorific_gender(token.i))
            if m.gender:
                gender.setdefault(name, m.gender)
            self._attach_title(m, keep_role=True)
            out.append(m)
        return out

    def _honorific_gender(self, start: int) -> str | None:
        """'Mr Wang', 'Ms Baloch', 'spokeswoman Mao Ning': gender from the word before."""
        k = start - 1
        if k >= 0 and self.doc[k].is_punct and self.doc[k].text == ".":
            k -= 1
        return _TITLE_GENDER.get(self.doc[k].lower_) if k >= 0 else None

    def _fuzzy_person(self, text: str, start: int | None = None) -> Entry | None:
        """Known people spelled differently ("Shahbaz Sharif"); only for multi-word names that
        missed the exact index, and only against multi-word known names. A bare surname right
        after a title ("President Obasanjo") is a leader bearing it when they all served one
        state."""
        if " " not in text.strip():
            if start is None or start == 0 or self.title_at[start - 1] is None:
                return None
            term = self.kb.offices.leader_by_surname(text.strip())
            return self.kb.people.get(term.person) if term is not None else None
        from rapidfuzz import fuzz, process

        names = self.kb.__dict__.setdefault("_multiword_people",
                                            [n for n in self.kb.people if " " in n])
        hit = process.extractOne(text, names, scorer=fuzz.ratio, score_cutoff=90)
        return self.kb.people[hit[0]] if hit else None

    def _role_from_terms(self, name: str, entry: Entry) -> tuple[str | None, str | None]:
        term = self.kb.offices.role_on(name, self.published)
        if term is None:
            return entry.role, None
        label = OFFICE_LABELS[term.office]
        if self.published is not None and not term.holds_on(self.published):
            return f"former {label}", None
        return label, term.office

    def _attach_title(self, mention: Mention, keep_role: bool = False) -> None:
        """Role, country and sector from a title before the name or an apposition.
        `keep_role`: a later mention of someone already described ("Ambassador Hashmi")
        keeps the fuller description of the first mention."""
        pre = self._pre_title(mention)
        if pre is not None and not any(self.match_at[k] for k in range(pre[0], pre[1])):
            # "Dr Ayesha Khan, a senior fellow at ...": the apposition says more
            app = self._apposition(mention)
            if app is not None:
                self._apply_title(mention, *app, keep_role=keep_role)
                self._apply_title(mention, *pre, keep_role=True)
                return
        found = pre or self._apposition(mention)
        if found is not None:
            self._apply_title(mention, *found, keep_role=keep_role)

    def _apply_title(self, mention: Mention, start: int, end: int, head: _Match | None,
                     keep_role: bool = False) -> None:
        doc = self.doc
        tokens = [t for t in doc[start:end] if not t.is_punct or t.text in ("-", "'s")]
        if not tokens:
            return
        matches = []
        for t in tokens:
            m = self.match_at[t.i]
            if m is not None and (not matches or matches[-1] is not m):
                matches.append(m)
        states = [m for m in matches if isinstance(m.entry, Entry)
                  and m.kind in STATE_KINDS | {"organisation", "institution"}
                  and m.entry.country
                  and not (m.start > 0 and doc[m.start - 1].lower_ in _DESTINATION_WORDS)]
        country = states[0].entry.country if states else None
        org_sector = next((m.entry.sector for m in matches if isinstance(m.entry, Entry)
                           and m.kind in ("organisation", "institution") and m.entry.sector),
                          None)
        # role: the title words without a state named in front of them ("Pakistan's",
        # "US"), but whole when the state is part of a name ("Pakistan-China Institute")
        role_start = start
        lead = states[0] if states and states[0].start == start else None
        if lead is not None and lead.kind in STATE_KINDS and lead.end < end and (
                doc[lead.end].lower_ in ("'s", "\u2019s", "'") or self.title_at[lead.end]):
            role_start = lead.end
            while role_start < end and doc[role_start].lower_ in ("'s", "\u2019s", "'", "-"):
                role_start += 1
        role_span = doc[role_start:end]
        role = role_span.text.strip(" ,;:-\u2013\u2014")
        title_text = doc[start:end].text.strip(" ,;:")
        office = self.kb.offices.office_from_title(head.text, country) if head else None
        sector = org_sector or (head.entry.sector if head else None)
        if sector in _OFFICIAL_SECTORS and head is not None and \
                mention.name not in self.kb.people and \
                any(t.lower_ in _FORMER_WORDS for t in doc[start:head.start]):
            # "Kavita Rao, a former Indian diplomat": out of office, speaking as a commentator
            sector = "EXPERT"
        mention.title = title_text
        if not (keep_role and mention.role):
            if mention.country is None or states:
                mention.country = country or mention.country
            if not mention.sector or org_sector or mention.country == country:
                mention.sector = sector or mention.sector
            if role:
                mention.role = role
            if office:
                mention.office = office
        elif mention.country is None and states:
            # "Ruto, Kenya's president" after "President Ruto": the later words add the state
            mention.country = country
            mention.office = mention.office or office
        if head is not None:
            self.heads[id(mention)] = head
        for t in doc[start:end]:
            g = _TITLE_GENDER.get(t.lower_)
            if g and not mention.gender:
                mention.gender = g
        for m in matches:
            self.consumed.add(id(m))
        for k in range(start, end):
            if self.title_at[k] is not None:
                self.consumed.add(id(self.title_at[k]))
        if start < mention.start and end == mention.start:
            # a title written before the name is part of the mention as written
            mention.start = start
            mention.start_char = doc[start].idx
            mention.text = self.text[mention.start_char:mention.end_char]

    def _pre_title(self, mention: Mention) -> tuple[int, int, _Match | None] | None:
        """Title words right before the name: 'US Commerce Secretary', 'Ambassador',
        'Pakistan-China Institute chairman'. Needs a title word next to the name."""
        doc = self.doc
        k = mention.start
        head = None
        # the title closest to the name, allowing modifiers ("former") and honorifics
        sent_start = self.sent_start[self.sent_of[k]]
        j = k - 1
        while j >= sent_start and self.title_at[j] is not None:
            t = self.title_at[j]
            if t.entry.head and head is None:
                head = t
            j = t.start - 1
        if head is None:
            return None
        start = j + 1
        # what the title belongs to: a state, an institution or an organisation name
        while j >= sent_start:
            token = doc[j]
            m = self.match_at[j]
            if m is not None and m.kind != "person":
                j = m.start - 1
                start = m.start
                if m.kind in STATE_KINDS and not self._hyphen_before(m.start):
                    break
                continue
            if token.lower_ in ("'s", "\u2019s") and j - 1 >= sent_start:
                j -= 1
                continue
            if token.text in ("-", "\u2013") or token.lower_ in ("of", "for", "&"):
                j -= 1
                continue
            left = self.match_at[j - 1] if token.lower_ == "and" and j > sent_start else None
            if left is not None and left.kind in STATE_KINDS and self._hyphen_before(left.start):
                j -= 1
                continue
            if token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN", "ADJ") \
                    and self.ent_at[j] is not None and self.ent_at[j].label_ == "ORG":
                start = j
                j -= 1
                continue
            break
        while start < k and doc[start].lower_ in ("of", "for", "and", "-", "&"):
            start += 1
        return start, k, head

    def _hyphen_before(self, state_start: int) -> bool:
        """Is this state name the second half of an 'X-Y' compound (Pakistan-China)?"""
        doc = self.doc
        return state_start >= 2 and doc[state_start - 1].text in ("-", "\u2013") \
            and self.match_at[state_start - 2] is not None

    def _apposition(self, mention: Mention) -> tuple[int, int, _Match | None] | None:
        """'Pakistan's former ambassador to China, Naghmana Hashmi' and 'Naghmana Hashmi,
        Pakistan's former ambassador to China': the appositive noun phrase around the name."""
        doc = self.doc
        root = _span_root(doc, mention.start, mention.end)
        candidates = []
        if root.dep_ == "appos" and root.head.i < mention.start:
            # the parser may hang the name on the last noun of the title phrase ("Japan"
            # in "ambassador to Japan, Sara Malik"): climb to the title word
            head = root.head
            for _ in range(4):
                if self.title_at[head.i] is not None or head.head.i == head.i:
                    break
                if head.dep_ not in ("pobj", "prep", "compound", "poss", "amod", "nmod"):
                    break
                head = head.head
            candidates.append((head, False))
        for child in root.children:
            if child.dep_ == "appos" and child.i >= mention.end:
                candidates.append((child, True))
        for head_token, after in candidates:
            title = self.title_at[head_token.i]
            if title is None or not title.entry.head:
                continue
            if after:
                tokens = [t.i for t in head_token.subtree]
                start, end = min(tokens), max(tokens) + 1
            else:
                start = min(t.i for t in head_token.subtree)
                end = mention.start
            while start < end and (doc[start].is_punct or doc[start].lower_ in ("the", "a", "an")):
                start += 1
            while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            if end > start:
                return start, end, title
        return None

    # -- people with a title but no state
    def countries_from_context(self, persons: list[Mention], titled: list[Mention]) -> None:
        """A titled person the words around the name give no state ("President Ruto", "the
        minister Ahmed Karimi") takes one from the article, in this order (docs/gazetteer.md
        lists the risks):

        1. an earlier title of the same post with a state ("Kenya's trade minister said ...
           Trade Minister Rebecca Miano"), when all such titles name one state;
        2. the only state named in the same sentence, when the title is a government office
           (not an envoy's post), no other person with a state is in the sentence, and the
           state appears once neither as the object of a verb or preposition ("in Nairobi",
           "met China") nor inside reported words ("said India was ..."), unless the text
           names no other state at all;
        3. afterwards every mention of a person shares the one state any of them has (a later
           apposition "Ruto, Kenya's president" fills "President Ruto")."""
        for m in persons:
            head = self.heads.get(id(m))
            if m.country is not None or head is None or not head.entry.head:
                continue
            country = self._same_post_before(m, head, titled) or \
                self._only_state_in_sentence(m, head, persons)
            if country is not None:
                m.country = country
                m.sector = m.sector or head.entry.sector
                m.office = m.office or self.kb.offices.office_from_title(head.text, country)
        by_name: dict[str, set[str]] = {}
        for m in persons:
            if m.name and m.country:
                by_name.setdefault(m.name, set()).add(m.country)
        for m in persons:
            found = by_name.get(m.name) if m.country is None else None
            if found and len(found) == 1:
                m.country = next(iter(found))

    def _same_post_before(self, m: Mention, head: _Match, titled: list[Mention]) -> str | None:
        key = normalise(head.text)
        countries = {t.country for t in titled if t.start < m.start and t.country
                     and t.title and normalise(t.title) == key}
        return countries.pop() if len(countries) == 1 else None

    def _only_state_in_sentence(self, m: Mention, head: _Match, persons: list[Mention]) -> str | None:
        if head.entry.sector != "GOV" or any(w in normalise(head.text) for w in _ENVOY_WORDS):
            return None
        doc = self.doc
        s = self.sent_of[m.start]
        first = self.sent_start[s]
        last = self.sent_start[s + 1] if s + 1 < len(self.sent_start) else len(doc)
        if any(p is not m and p.country and p.name != m.name and first <= p.start < last
               for p in persons):
            return None
        countries = set()
        acting = False
        if self.match_starts is None:
            self.match_starts = [x.start for x in self.matches]
        lo = bisect.bisect_left(self.match_starts, first)
        hi = bisect.bisect_left(self.match_starts, last)
        for x in self.matches[lo:hi]:
            if id(x) in self.consumed \
                    or x.kind not in _STATE_LIKE or not isinstance(x.entry, Entry) \
                    or not x.entry.country or x.entry.country == "IGO":
                continue
            countries.add(x.entry.country)
            root = _span_root(doc, x.start, x.end)
            # a place visited or met ("in Nairobi", "met China") may be anyone's: the state
            # must also appear once as a subject or a modifier; inside reported words ("said
            # India was ...") only when the text names no other state at all
            if root.dep_ not in ("pobj", "dobj", "dative", "obj") and not (
                    x.start > 0 and doc[x.start - 1].lower_ in _DESTINATION_WORDS) and (
                    not _in_reported_clause(root) or x.entry.country == self._sole_state()):
                acting = True
        return countries.pop() if len(countries) == 1 and acting else None

    def _sole_state(self) -> str | None:
        """The one state the whole text names (a single-sentence report), else None."""
        if self.sole is _UNSET:
            countries = {x.entry.country for x in self.matches
                         if x.kind in _STATE_LIKE and isinstance(x.entry, Entry)
                         and x.entry.country and x.entry.country != "IGO"}
            self.sole = countries.pop() if len(countries) == 1 else None
        return self.sole

    # -- titles without a name
    def title_mentions(self, persons: list[Mention]) -> list[Mention]:
        """'the US Commerce Secretary', 'Pakistan's army chief', 'the Chinese ambassador':
        a title with a state beside it; the holder on the article's date when the office is
        tracked and has one holder then."""
        doc = self.doc
        in_person = _covered_mentions(persons, len(doc))
        by_end = {m.end: m for m in self.matches}
        by_start = {m.start: m for m in self.matches}
        out = []
        for t in self.titles:
            if not t.entry.head or in_person[t.start] or id(t) in self.consumed:
                continue
            if t.end < len(doc) and (in_person[t.end]):
                continue
            state, start = _state_before(doc, by_end, t.start)
            after = None if state else _state_after(doc, by_start, t.end)
            if (state is None and after is None) or id(state or after) in self.consumed:
                continue
            country = (state or after).entry.country
            end = after.end if after else t.end
            office = self.kb.offices.office_from_title(t.text, country)
            name = None
            if office and self.published is not None:
                holders = {h.person for h in self.kb.offices.holders(country, office, self.published)}
                if len(holders) == 1:
                    name = holders.pop()
            start_char = doc[start].idx
            end_char = doc[end - 1].idx + len(doc[end - 1].text)
            self.consumed.add(id(state or after))
            out.append(Mention(start, end, start_char, end_char, self.text[start_char:end_char],
                               name, country, t.entry.sector, t.text, "title", office, t.text,
                               self.kb.people[name].gender if name in self.kb.people else None))
        return out

    # -- pronouns
    def pronouns(self, mentions: list[Mention]) -> list[Mention]:
        """he/she -> the last compatible person (see module docstring), or nothing."""
        doc = self.doc
        persons = [m for m in mentions if m.kind in ("person", "title") and m.name]
        if not persons and not any(t.lower_ in _OBJECT_PRONOUNS for t in doc):
            return []
        by_sentence: dict[int, list[Mention]] = {}
        for m in persons:
            by_sentence.setdefault(self.sent_of[m.start], []).append(m)
        gender = dict(self.gender)
        for m in persons:
            if m.gender and m.name:
                gender.setdefault(m.name, m.gender)
        resolved: list[Mention] = []
        taken = _covered_mentions(mentions, len(doc))
        for token in doc:
            g = _PRONOUNS.get(token.lower_)
            if g is None or taken[token.i] or token.pos_ not in ("PRON", "DET"):
                continue
            person = _unnamed_person_before(doc, token) if token.lower_ in _OBJECT_PRONOUNS else None
            if person is not None:
                # "Bamako arrested a French embassy employee and accused him": the nearer
                # unnamed person is meant; it is an actor only through its phrase's state
                states = [m for m in mentions if person.left_edge.i <= m.start and m.end <= person.i + 1
                          and m.country]
                if states:
                    resolved.append(Mention(token.i, token.i + 1, token.idx, token.idx + len(token.text),
                                            token.text, None, states[0].country, None, None,
                                            "pronoun", None, None, g))
                continue
            antecedent = self._antecedent(token, g, by_sentence, gender)
            if antecedent is None:
                continue
            if antecedent.name:
                gender.setdefault(antecedent.name, g)
            pronoun = Mention(token.i, token.i + 1, token.idx, token.idx + len(token.text),
                              token.text, antecedent.name, antecedent.country, antecedent.sector,
                              antecedent.role, "pronoun", antecedent.office, None, g)
            resolved.append(pronoun)
            by_sentence.setdefault(self.sent_of[token.i], []).append(pronoun)
        return resolved

    # -- state enterprises
    def state_companies(self, mentions: list[Mention]) -> list[Mention]:
        """'State-run Indian Oil', 'state-owned Chinese firm X', "Pakistan's state oil
        company": the enterprise of the state the phrase names (a demonym or state inside
        it, or a possessive state before 'state'); sector from its noun, BUS by default.
        Enterprises the gazetteer already knows keep their entry."""
        doc = self.doc
        self._state_named_organisations(mentions)
        found: list[tuple[int, int, str, str, str]] = []   # start, end, name, country, sector
        by_end: dict[int, _Match] | None = None
        for token in doc:
            if token.lower_ != "state":
                continue
            i = token.i
            if i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ in _STATE_RUN:
                k, hyphenated = i + 3, True
            else:
                k, hyphenated = i + 1, False
            phrase = self._enterprise_phrase(k)
            if phrase is None:
                continue
            start, end, name, country, sector, noun_only = phrase
            if not hyphenated and not noun_only:
                continue      # "state media": the capitalised name needs a '-run' marker
            by_end = by_end if by_end is not None else {m.end: m for m in self.matches}
            owner, owner_start = _state_before(doc, by_end, i)
            if country is None and owner is not None:
                country, start = owner.entry.country, owner_start
            if country is None or country == "IGO":
                continue
            if noun_only:
                start = min(start, i if owner is None else owner_start)
                nouns = " ".join(t.lower_ for t in doc[i + 1:end] if t.is_lower and t.is_alpha
                                 and t.lower_ not in _STATE_RUN)
                name = f"{self.country_names.get(country, country)} state {nouns}"
            found.append((start, end, name, country, sector))
        if not found:
            return mentions
        out = list(mentions)
        for start, end, name, country, sector in found:
            inside = [m for m in out if m.start < end and start < m.end]
            if any(m.kind not in STATE_KINDS and m.country for m in inside):
                continue      # a known enterprise or a person: keep what the gazetteer says
            out = [m for m in out if not (m.start < end and start < m.end)]
            span = doc[start:end]
            out.append(Mention(start, end, span.start_char, span.end_char, span.text, name,
                               country, sector, None, "organisation"))
        out.sort(key=lambda m: (m.start_char, -m.end_char))
        return out

    def _state_named_organisations(self, mentions: list[Mention]) -> None:
        """'the State Bank', "India's State Bank": an organisation named 'State ...' with no
        country belongs to the state before it, else to the state of the same name written
        in full elsewhere in the text ('State Bank of Pakistan'), else to the text's only
        state."""
        doc = self.doc
        full = {}
        for m in mentions:
            if m.country and m.name and m.name.startswith("State ") and " of " in m.name:
                full.setdefault(m.name.split(" of ")[0], set()).add(m.country)
        for m in mentions:
            if m.country or m.kind != "organisation" or not m.text.startswith("State "):
                continue
            owner = next((x for x in mentions if x.end + 1 == m.start and x.kind in STATE_KINDS
                          and doc[x.end].lower_ in ("'s", "\u2019s")), None)
            if owner is not None:
                m.country = owner.country
            elif len(full.get(m.text, ())) == 1:
                m.country = next(iter(full[m.text]))
            else:
                m.country = self._sole_state()

    def _enterprise_phrase(self, k: int):
        """After 'state-run': an optional demonym/state, lower-case nouns ('oil company'),
        then an optional capitalised name. (start, end, name, country, sector, noun_only)."""
        doc = self.doc
        country = None
        start, j, limit = k, k, min(len(doc), k + 8)
        demonym_end = None
        sector, noun_end = None, None
        while j < limit:
            m = self.match_at[j]
            if country is None and m is not None and m.kind in STATE_KINDS and \
                    isinstance(m.entry, Entry) and m.start == j:
                country, j, demonym_end = m.entry.country, m.end, m.end
                continue
            t = doc[j]
            if t.is_lower and t.is_alpha and t.pos_ in ("NOUN", "ADJ"):
                if t.lower_ in _ENTERPRISE_NOUNS:
                    sector = "MED" if sector == "MED" else _ENTERPRISE_NOUNS[t.lower_]
                    noun_end = j + 1
                j += 1
                continue
            break
        name_start = j
        while j < limit and doc[j].text[:1].isupper() and not doc[j].is_punct and \
                (doc[j].pos_ == "PROPN" or doc[j].ent_type_ == "ORG"):
            j += 1
        if j > name_start:
            if country is None:
                # "Indian Oil": the parser may take the demonym for part of a place name
                lead = self.kb.actors.lookup(doc[name_start].text)
                if isinstance(lead, Entry) and lead.kind in STATE_KINDS:
                    country = lead.country
            if demonym_end == name_start:
                name_start = demonym_end - 1 if demonym_end else name_start
                while name_start > k and self.match_at[name_start - 1] is \
                        self.match_at[demonym_end - 1]:
                    name_start -= 1
            return start, j, doc[name_start:j].text, country, sector or "BUS", False
        if noun_end is not None and noun_end == j:
            return start, noun_end, "", country, sector, True
        return None

    # -- armed groups' branches
    def armed_group_places(self, mentions: list[Mention]) -> None:
        """"the Islamic State's Khorasan affiliate" -> the branch the gazetteer knows under
        '<group> Khorasan'; "IS's local branch attacked ... in Afghanistan" and a global group
        acting in a place -> the country of the place named in the sentence (one country,
        or one after 'in'/'near'). Otherwise the group keeps its entry's country."""
        doc = self.doc
        for m in mentions:
            if m.kind != "organisation" or m.sector != "REB" or not m.name:
                continue
            branch = self._branch_words(m.end)
            if branch is None and m.name not in _GLOBAL_ARMED_GROUPS:
                continue
            if branch and branch[1] > branch[0]:
                known = self.kb.actors.lookup(f"{m.name} {doc[branch[0]:branch[1]].text}")
                if isinstance(known, Entry) and known.country and known.sector == "REB":
                    m.name, m.country = known.name, known.country
                    continue
                inside = {x.country for x in mentions if branch[0] <= x.start < branch[1]
                          and x.kind in STATE_KINDS and x.country}
                if len(inside) == 1:          # "al-Qaeda's Yemeni wing"
                    m.country = inside.pop()
                    continue
            country = self._place_in_sentence(m, mentions)
            if country is not None:
                m.country = country

    def _branch_words(self, end: int) -> tuple[int, int] | None:
        """After "X": "'s (local|Khorasan|...) branch" -> the span of the words between 's
        and the branch word (empty span when none); None when no branch word follows."""
        doc = self.doc
        if end >= len(doc) or doc[end].lower_ not in ("'s", "\u2019s"):
            return None
        for k in range(end + 1, min(len(doc), end + 4)):
            if doc[k].lower_ in _BRANCH_WORDS:
                named = [t.i for t in doc[end + 1:k] if t.text[:1].isupper()]
                return (named[0], named[-1] + 1) if named else (end + 1, end + 1)
        return None

    def _place_in_sentence(self, group: Mention, mentions: list[Mention]) -> str | None:
        sentence = self.sent_of[group.start]
        first = self.sent_start[sentence]
        last = self.sent_start[sentence + 1] if sentence + 1 < len(self.sent_start) \
            else len(self.doc)
        doc = self.doc
        owner = next((m for m in mentions if m.end + 1 == group.start and m.kind in STATE_KINDS
                      and doc[m.end].lower_ in ("'s", "\u2019s")), None)
        if owner is not None and owner.country != "IGO":
            return owner.country           # "Iraq's al-Qaeda"
        # where it acts: a place after 'in'/'near', or a city; a state named as an agent or
        # partner ("US drones killed al-Qaeda leaders") says nothing about the place
        countries = {m.country for m in mentions if first <= m.start < last and m is not group
                     and m.country and m.country != "IGO" and (m.kind == "capital" or (
                         m.kind == "state" and m.start > 0
                         and doc[m.start - 1].lower_ in _LOCATIVE_WORDS))}
        return countries.pop() if len(countries) == 1 else None

    # -- "its foreign secretary", "its central bank"
    def possessive_its(self, mentions: list[Mention]) -> list[Mention]:
        """'Pakistan warned India. Its foreign secretary said ...': 'its' before a title or a
        generic institution -> the state in subject position in this sentence (before
        'its') or else in the previous one; the title or institution gives the sector. A
        non-state subject first ('the company said its ...') or two candidate states leave
        it unresolved."""
        doc = self.doc
        taken = _covered_mentions(mentions, len(doc))
        heads: list[tuple[int, int, object]] = []   # ("its" token, end, title or generic)
        for t in self.titles:
            if not t.entry.head or id(t) in self.consumed or taken[t.start]:
                continue
            k = t.start
            while k > 0 and self.title_at[k - 1] is not None:
                k -= 1
            if k > 0 and doc[k - 1].lower_ == "its":
                heads.append((k - 1, t.end, t))
        for g in self.its_generics:
            if not taken[g.start]:
                heads.append((g.start - 1, g.end, g))
        if not heads:
            return []
        by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sentence.setdefault(self.sent_of[m.start], []).append(m)
        out = []
        for its, end, head in sorted(heads, key=lambda h: h[0]):
            if any(taken[k] for k in range(its, end)):
                continue
            country = self._its_state(its, by_sentence)
            if country is None:
                continue
            if any(m.end <= its for m in by_sentence.get(self.sent_of[its], ())) and \
                    _span_root(doc, its, end).dep_ not in _SUBJECT_DEPS:
                continue    # "Syria offered its troops": the subject's own, not a new actor
            span = doc[its:end]
            if isinstance(head.entry, Title):
                office = self.kb.offices.office_from_title(head.text, country)
                name = None
                if office and self.published is not None:
                    holders = {h.person for h in
                               self.kb.offices.holders(country, office, self.published)}
                    name = holders.pop() if len(holders) == 1 else None
                out.append(Mention(its, end, span.start_char, span.end_char, span.text, name,
                                   country, head.entry.sector, head.text, "title", office,
                                   head.text, self.kb.people[name].gender
                                   if name in self.kb.people else None))
            else:
                name = f"{self.country_names.get(country, country)} {head.entry.name.lower()}"
                out.append(Mention(its, end, span.start_char, span.end_char, span.text, name,
                                   country, head.entry.sector, None, "institution"))
            for k in range(its, end):
                taken[k] = True
        return out

    def _its_state(self, its: int, by_sentence: dict[int, list[Mention]]) -> str | None:
        sentence = self.sent_of[its]
        here = [m for m in by_sentence.get(sentence, ()) if m.end <= its]
        subjects = [m for m in here if _is_subject(self.doc, m)]
        if subjects:
            if any(m.kind not in _STATE_LIKE for m in subjects):
                return None          # "Sinopec said its ...": a company's own
            countries = {m.country for m in subjects if m.country}
            return countries.pop() if len(countries) == 1 else None
        if any(m.kind in _STATE_LIKE for m in here) or sentence == 0:
            return None              # a state in a non-subject position: not clear which
        before = by_sentence.get(sentence - 1, [])
        subjects = [m for m in before if _is_subject(self.doc, m)]
        if subjects and all(m.kind in _STATE_LIKE for m in subjects):
            countries = {m.country for m in subjects if m.country}
            return countries.pop() if len(countries) == 1 else None
        if not subjects:
            countries = {m.country for m in before if m.kind in _STATE_LIKE and m.country}
            return countries.pop() if len(countries) == 1 else None
        return None

    # -- definite descriptions
    def descriptions(self, mentions: list[Mention]) -> list[Mention]:
        """'The former federal minister argues ...': a title with 'the', no name and no
        state, as the subject of its sentence, refers back like a pronoun of unknown gender
        (the unique person in subject position nearby), or to no one."""
        doc = self.doc
        taken = _covered_mentions(mentions, len(doc))
        persons = [m for m in mentions if m.kind in ("person", "title", "pronoun") and m.name]
        by_sentence: dict[int, list[Mention]] = {}
        for m in persons:
            by_sentence.setdefault(self.sent_of[m.start], []).append(m)
        out = []
        for t in self.titles:
            if not t.entry.head or id(t) in self.consumed or taken[t.start] or \
                    (t.end < len(doc) and taken[t.end]):
                continue
            start = t.start
            while start > 0 and self.title_at[start - 1] is not None:
                start -= 1          # modifiers: "former", "federal"
            while start > 0 and doc[start - 1].lower_ in ("former", "federal", "senior",
                                                          "veteran", "retired", "outgoing"):
                start -= 1
            if start == 0 or doc[start - 1].lower_ != "the":
                continue
            root = _span_root(doc, start, t.end)
            if root.dep_ not in _SUBJECT_DEPS or any(taken[k] for k in range(start, t.end)):
                continue
            antecedent = self._antecedent(doc[start - 1], None, by_sentence, {})
            if antecedent is None:
                continue
            office = self.kb.offices.office_from_title(t.text, antecedent.country)
            if office and office != antecedent.office:
                continue        # "the Foreign Office spokesperson" is not the premier
            first = start - 1
            span = doc[first:t.end]
            out.append(Mention(first, t.end, span.start_char, span.end_char, span.text,
                               antecedent.name, antecedent.country, antecedent.sector,
                               antecedent.role, "title", antecedent.office, span.text,
                               antecedent.gender))
        return out

    # -- plural anaphors
    def plurals(self, mentions: list[Mention]) -> list[Mention]:
        """'they' and 'the two leaders' / 'both countries' -> the actors of the nearest
        coordination ("Trump and Xi", "Pakistan and China agreed"); 'they' also -> a lone
        organisation in subject position. One mention per member, all on the same words;
        nothing when no such group is near."""
        doc = self.doc
        taken = _covered_mentions(mentions, len(doc))
        by_token = _by_root(doc, mentions)
        partners = _hyphen_partners(doc, mentions)
        out: list[Mention] = []
        for token in doc:
            if taken[token.i]:
                continue
            lower = token.lower_
            sector = None
            if lower in _PLURAL_PRONOUNS and token.pos_ == "PRON":
                start, end, want, pronoun = token.i, token.i + 1, "any", True
            else:
                found = _group_phrase(doc, token)
                if found is None:
                    continue
                start, want, sector = found
                if start >= 1 and doc[start - 1].lower_ == "the":
                    start -= 1
                end, pronoun = token.i + 1, False
            group = self._group(token.i, want, pronoun, partners, by_token)
            if not group or (not pronoun and len(group) != 2
                             and any(t.lower_ in ("two", "both") for t in doc[start:end])):
                continue       # "the two countries" after three named: which two is unclear
            span = doc[start:end]
            for m in group:
                own = sector if sector and m.kind in _STATE_LIKE else m.sector
                out.append(Mention(start, end, span.start_char, span.end_char, span.text,
                                   m.name, m.country, own, m.role, "pronoun", m.office))
        return out

    def _group(self, at: int, want: str, pronoun: bool, partners, by_token) -> list[Mention]:
        sentence = self.sent_of[at]
        doc = self.doc
        for back in range(0, 3):
            s = sentence - back
            if s < 0:
                break
            first = self.sent_start[s]
            last = at if back == 0 else (self.sent_start[s + 1] if s + 1 < len(self.sent_start)
                                         else len(doc))
            pairs: dict[frozenset, tuple[list[Mention], bool]] = {}
            grouped: set[int] = set()      # later members of "A, B and C" are no group again
            lone: list[Mention] = []
            for k in range(first, last):
                m = by_token.get(k)
                if m is None or m.end > at or not _fits(m, want) or id(m) in grouped:
                    continue
                members = [m] + [by_token[c.i] for c in doc[k].conjuncts
                                 if c.i > k and c.i in by_token and _fits(by_token[c.i], want)]
                members += [p for p in partners.get(id(m), ()) if _fits(p, want)
                            and p.end <= at]
                keys = frozenset((x.name, x.country) for x in members)
                subject = _is_subject(doc, m)
                if len(keys) >= 2 and (subject or not pronoun):
                    grouped.update(id(x) for x in members)
                    unique = list({(x.name, x.country): x for x in members}.values())
                    pairs.setdefault(keys, (unique, subject))
                elif pronoun and m.kind in ("organisation", "institution") and _is_subject(doc, m):
                    lone = [m]
            if pairs:
                # a coordination in subject position wins over others; two different
                # groups on the same footing leave the anaphor unresolved
                subjects = [g for g, subject in pairs.values() if subject]
                tier = subjects or [g for g, _ in pairs.values()]
                return tier[0] if len(tier) == 1 else []
            if lone:
                return lone
            if not pronoun and back <= 1:
                # "Hanoi ... as much as Beijing, and the two countries agreed": exactly two
                # actors of the kind wanted, named in this sentence (or the one before) but
                # not coordinated, are the two
                named = {(m.name, m.country): m for k in range(first, last)
                         if (m := by_token.get(k)) is not None and m.end <= at and _fits(m, want)}
                if len(named) == 2 and len({c for _, c in named}) == 2:
                    return list(named.values())
                if named:
                    return []
            if pronoun and back == 0:
                continue
        return []

    def _antecedent(self, token: Token, g: str | None, by_sentence, gender) -> Mention | None:
        """The last compatible person, searched back sentence by sentence: in the pronoun's
        own sentence only subjects; up to three sentences back a lone compatible person in
        any position; further back, within this paragraph and the previous one (at most
        `_PRONOUN_MAX_SENTENCES`), only a subject, and any other compatible person met on
        the way (two subjects, or one outside subject position) leaves it unresolved."""
        sentence = self.sent_of[token.i]
        first_para = self.para_of[sentence] - 1
        passed: set[str | None] = set()    # far back: people met outside subject position
        for back in range(0, _PRONOUN_MAX_SENTENCES + 1):
            s = sentence - back
            if s < 0 or (back > _PRONOUN_WINDOW and self.para_of[s] < first_para):
                break
            here = [m for m in by_sentence.get(s, ()) if m.end <= token.i]
            compatible = [m for m in here
                          if g is None or gender.get(m.name, m.gender) in (None, g)]
            if not compatible:
                continue
            subjects = [m for m in compatible if _is_subject(self.doc, m)]
            names = {m.name for m in subjects}
            if len(names) == 1:
                return subjects[-1] if passed <= names else None
            if len(names) > 1:
                return None            # two people in subject position: ambiguous
            if back == 0:
                continue               # in its own sentence only a subject can be meant
            if back > _PRONOUN_WINDOW:
                passed.update(m.name for m in compatible)
                if len(passed) > 1:
                    return None        # two people in between: unclear
                continue
            names = {m.name for m in compatible}
            return compatible[-1] if len(names) == 1 else None
        return None


_OBJECT_PRONOUNS = frozenset({"him", "her"})
# Nouns a definite description of a named organisation ends with ("the agency" -> the
# International Atomic Energy Agency), searched this many sentences back.
_ORG_NOUNS = frozenset({"agency", "fund", "bank", "court", "commission", "council", "organisation",
                        "organization", "union", "alliance", "programme", "program", "tribunal",
                        "forum", "community", "association", "authority"})
_ORG_WINDOW = 6
_STATIVE_VERBS = frozenset({"be", "seem", "appear", "remain", "look", "sound", "mean", "matter",
                            "take", "make", "happen", "follow", "cost", "need"})
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "an", "as", "ash", "at", "az", "ar"})
# Common nouns naming one person ("an embassy employee", "a British tourist").
_PERSON_NOUNS = frozenset({
    "employee", "worker", "official", "diplomat", "man", "woman", "soldier", "journalist",
    "reporter", "citizen", "national", "businessman", "businesswoman", "tourist", "student",
    "activist", "engineer", "spy", "suspect", "prisoner", "detainee", "sailor", "fisherman",
    "pilot", "doctor", "missionary", "correspondent", "officer", "agent", "contractor",
    "aide", "adviser", "advisor", "researcher", "academic", "priest", "teenager", "boy", "girl"})


def _by_root(doc: Doc, mentions: list[Mention]) -> dict[int, Mention]:
    """Token index of each mention's syntactic root -> the first mention rooted there."""
    by_token: dict[int, Mention] = {}
    for m in mentions:
        by_token.setdefault(_span_root(doc, m.start, m.end).i, m)
    return by_token


def _unnamed_person_before(doc: Doc, pronoun: Token) -> Token | None:
    """The last singular noun naming a person with no name of its own ("a French embassy
    employee") earlier in the pronoun's sentence, if any."""
    sent = pronoun.sent
    found = [t for t in doc[sent.start:pronoun.i] if t.tag_ == "NN" and t.lemma_.lower() in _PERSON_NOUNS
             and t.ent_type_ != "PERSON" and not any(c.dep_ == "appos" for c in t.children)]
    return found[-1] if found else None


def _in_reported_clause(token: Token) -> bool:
    """Is the token inside a clause that is the complement of another verb ("said [the
    US must stop]")? Climbs at most a few heads."""
    for _ in range(6):
        if token.dep_ in ("ccomp", "parataxis"):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _plain_name(span) -> bool:
    """Two to four capitalised words ("Hina Qureshi", "Jean-Paul Okafor"): a person spaCy
    found whom nothing describes still anchors later surname mentions."""
    if not 2 <= len(span) <= 4:
        return False
    return all(t.text[:1].isupper() and t.text.replace("-", "").replace("'", "").isalpha()
               for t in span)


def _fuzzy_place(kb, text: str) -> Entry | None:
    from rapidfuzz import fuzz, process

    places = kb.__dict__.get("_place_forms")
    if places is None:
        places = {}
        for key, entries in kb.actors.forms.items():
            for e in entries:
                if e.kind in ("state", "capital", "demonym") and len(key) >= 5:
                    places.setdefault(key, e)
        kb.__dict__["_place_forms"] = places
    hit = process.extractOne(normalise(text), list(places), scorer=fuzz.ratio, score_cutoff=88)
    return places[hit[0]] if hit else None


def _group_phrase(doc: Doc, token: Token) -> tuple[int, str, str | None] | None:
    """'two countries', 'both sides', 'the two central banks' ending at `token`: the
    phrase's first token ('two'/'both'), the kind of member wanted and the sector the
    phrase gives the members (None: keep theirs)."""
    lower = token.lower_
    for before, want, sector in _GROUP_PHRASES.get(lower, ()):
        k = token.i - len(before)
        if k >= 1 and all(doc[k + n].lower_ == w for n, w in enumerate(before)) and \
                doc[k - 1].lower_ in ("two", "both"):
            return k - 1, want, sector
    if lower in _GROUP_NOUNS and token.i >= 1 and doc[token.i - 1].lower_ in ("two", "both"):
        return token.i - 1, _GROUP_NOUNS[lower], None
    return None


def _hyphen_partners(doc: Doc, mentions: list[Mention]) -> dict[int, list[Mention]]:
    """'US-China', 'India-Pakistan': state mentions joined by a hyphen (or written in one
    token) form a pair the way a coordination does. id(first) -> the others."""
    states = [m for m in mentions if m.kind in STATE_KINDS and m.country]
    partners: dict[int, list[Mention]] = {}
    for a, b in zip(states, states[1:]):
        joined = a.start == b.start and a.end_char <= b.start_char or \
            b.start == a.end + 1 and doc[a.end].text in _PAIR_HYPHENS and \
            not doc[a.end].whitespace_ and not doc[a.end - 1].whitespace_
        if joined and a.country != b.country:
            partners.setdefault(id(a), []).append(b)
    return partners


def _fits(m: Mention, want: str) -> bool:
    if m.country is None:
        return False
    if want == "person":
        return m.kind in _PERSON_KINDS
    if want == "state":
        return m.kind in _STATE_LIKE
    return m.kind != "pronoun"


def _is_subject(doc: Doc, m: Mention) -> bool:
    root = _span_root(doc, m.start, m.end)
    if root.dep_ in _SUBJECT_DEPS:
        return True
    if root.dep_ == "conj":                # "B" in "A and B met"
        return root.head.dep_ in _SUBJECT_DEPS
    if root.dep_ != "appos":
        return False
    # "Naghmana Hashmi" in "X's former ambassador (to China), Naghmana Hashmi, says": the
    # phrase the name is in apposition to is the subject (the parser may attach the name
    # to the phrase's last noun, so climb a few steps)
    head = root.head
    for _ in range(4):
        if head.dep_ in _SUBJECT_DEPS:
            return True
        if head.dep_ not in ("pobj", "prep", "compound", "poss", "amod", "nmod") \
                or head.head.i == head.i:
            return False
        head = head.head
    return False


def _span_root(doc: Doc, start: int, end: int) -> Token:
    for token in doc[start:end]:
        if not (start <= token.head.i < end) or token.head.i == token.i:
            return token
    return doc[end - 1]


def _covered_mentions(mentions: list[Mention], n: int) -> list[bool]:
    covered = [False] * n
    for m in mentions:
        for k in range(m.start, m.end):
            covered[k] = True
    return covered


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the first (longest at a position) of overlapping mentions; two actors inside one
    hyphenated token ("U.S.-China") do not overlap in characters and are both kept."""
    out: list[Mention] = []
    last_end = -1
    for m in mentions:
        if m.start_char >= last_end:
            out.append(m)
            last_end = m.end_char
    return out


def _sentence_index(doc: Doc) -> tuple[list[int], list[int]]:
    """Sentence number of each token, and the first token of each sentence."""
    index = [0] * len(doc)
    starts = []
    n = -1
    for sent in doc.sents:
        if n < 0 or not sent.text.isspace():    # blank line-break "sentences" do not count
            n += 1
            starts.append(sent.start)
        for k in range(sent.start, sent.end):
            index[k] = n
    return index, starts


def _paragraph_index(text: str, doc: Doc, sent_start: list[int]) -> list[int]:
    """Paragraph number of each sentence: a line break in the text starts a paragraph."""
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    return [bisect.bisect_right(breaks, doc[start].idx) for start in sent_start]


_SHORT_NAMES = {"USA": "United States", "GBR": "United Kingdom", "RUS": "Russia",
                "IRN": "Iran", "KOR": "South Korea", "PRK": "North Korea", "SYR": "Syria",
                "VNM": "Vietnam", "TWN": "Taiwan", "TUR": "Turkey", "IGO": "International"}


def _country_names(kb) -> dict[str, str]:
    """ISO3 -> the short English name used to name composed institutions."""
    names = kb.__dict__.get("_country_names")
    if names is None:
        import pycountry

        names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
        names.update(_SHORT_NAMES)
        kb.__dict__["_country_names"] = names
    return names


# --- API ------------------------------------------------------------------------------------

def find_mentions(doc: Doc, kb, published: dt.date | None = None) -> list[Mention]:
    """Every actor mention in the Doc, resolved, sorted by position."""
    return _Resolver(doc, kb, published).run()


def _index(ctx: DocContext) -> tuple[list[int], list[int]]:
    """Per document, built once (and again only if ctx.mentions is replaced or grows):
    token -> position of the first mention covering it, and the mentions' start tokens."""
    cache = ctx.__dict__.get("_mention_index")
    if cache is not None and cache[0] is ctx.mentions and cache[1] == len(ctx.mentions):
        return cache[2], cache[3]
    at = [-1] * len(ctx.doc)
    for n, m in enumerate(ctx.mentions):
        for k in range(m.start, m.end):
            if at[k] < 0:
                at[k] = n
    starts = [m.start for m in ctx.mentions]
    ctx.__dict__["_mention_index"] = (ctx.mentions, len(ctx.mentions), at, starts)
    return at, starts


def mention_for(ctx: DocContext, token: Token) -> Mention | None:
    """The mention covering `token`, if any (O(1) after the first call per document). Where
    several mentions share words ("the two leaders", "U.S.-China") this is the first; use
    `mentions_in` to get them all."""
    n = _index(ctx)[0][token.i]
    return ctx.mentions[n] if n >= 0 else None


def mentions_in(ctx: DocContext, start: int, end: int) -> list[Mention]:
    """Mentions lying inside the token range [start, end) (a sentence, a clause)."""
    starts = _index(ctx)[1]
    i = bisect.bisect_left(starts, start)
    out = []
    while i < len(ctx.mentions) and ctx.mentions[i].start < end:
        if ctx.mentions[i].end <= end:
            out.append(ctx.mentions[i])
        i += 1
    return out


def extract(ctx: DocContext) -> Iterator[dict]:
    ctx.mentions = find_mentions(ctx.doc, ctx.kb, ctx.published)
    for m in ctx.mentions:
        yield {"kind": "actor", "doc_id": ctx.doc_id,
               "id": record_id(ctx.doc_id, "actor", m.start_char, m.end_char),
               **m.actor(), "role": m.role, "mention_kind": m.kind,
               "span": [m.start_char, m.end_char]}
