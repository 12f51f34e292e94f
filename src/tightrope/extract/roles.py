"""Source and target of an event predicate, read from the dependency parse.

The rules follow the predicate-argument view of semantic role labelling (PropBank's Arg0 =
agent, Arg1 = patient; Palmer, Gildea & Kingsbury 2005), approximated with spaCy's ClearNLP
dependency labels:

* verbs, active voice: source = subject (nsubj); target = direct object, dative, or the
  object of a preposition (defaults below, plus per-entry roles from the lexicon);
* passive voice: source = the "by" agent, target = the passive subject;
* a verb with no subject of its own takes it from the clause that controls it: xcomp
  ("China agreed to visit" -> China), conjoined verbs ("met X and signed" -> same subject),
  relative clauses ("Russia, which invaded ..." -> Russia), participles ("..., killing");
  never across a reported clause (ccomp), so "X said that Y attacked Z" stays Y -> Z;
* nouns: possessor ("Pakistan's arrest of ...") or a modifier naming an actor ("US
  tariffs") is the source; "on/against/with/to ..." the target; "between X and Y" both; a
  noun that is the object of a verb ("imposed tariffs", "held talks") takes the verb's subject.

An argument phrase names actors through its head ("China"), its modifiers ("Chinese
officials", "US Commerce Secretary", "China's envoy"), "of/from/for" ("the president of
Iran", "officials from Kabul"), an apposition, and coordination ("the US and China").
All argument search stays inside the predicate's own clause.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from tightrope.extract.actors import STATE_KINDS
from tightrope.knowledge import path

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod"}
OWNER_PREPS = frozenset({"of", "for", "by"})         # "the minister of X", "calls by X"
SUBJECT_OWNER_PREPS = OWNER_PREPS | {"from"}          # "officials from Kabul said"
# Heads whose "of/for/by" phrase names who they are ("the president of Iran", "a spokesman for
# the ministry", "calls by Belarus"); other nouns ("the deepening of relations") do not.
AGENT_NOUNS = {
    "president", "minister", "leader", "head", "chief", "government", "official", "spokesman",
    "spokeswoman", "spokesperson", "ambassador", "envoy", "delegation", "representative",
    "member", "army", "force", "troop", "soldier", "military", "police", "authority", "ministry",
    "parliament", "prime", "secretary", "king", "queen", "emir", "prince", "ruler", "regime",
    "administration", "office", "council", "commander", "general", "militant", "rebel",
    "fighter", "group", "faction", "party", "people", "citizen", "national", "diplomat",
    "negotiator", "team", "unit", "agency", "court", "judge", "state", "people", "call",
    "demand", "request", "proposal", "offer", "appeal", "plan", "statement", "invitation",
    "consul", "chairman", "director", "coalition", "alliance", "bloc", "union", "navy",
    "mission", "observer", "inspector", "monitor", "peacekeeper", "expert", "negotiator",
    # partitives: "a group of X", "thousands of X", "a contingent of X"
    "patch", "contingent", "batch", "number", "hundred", "thousand", "dozen", "score", "band",
    "wave", "convoy", "column", "squad", "some", "most", "many", "one", "two", "three",
    # attackers named by where they come from: "gunmen from a Venezuelan gang"
    "gunman", "gunmen", "gang", "attacker", "assailant", "raider", "hacker", "pirate",
}
# Heads located by "in X" that belong to X ("security forces in Guinea", "rebels in the Ivory
# Coast", "officials in Kabul").
LOCATED_AGENTS = {"force", "troop", "police", "army", "soldier", "authority", "official",
                  "government", "militia", "rebel", "militant", "insurgent", "guerrilla",
                  "separatist", "fighter", "group", "leader", "people"}
STATIVE_PASSIVES = {"commit", "prepare", "oppose", "determine", "resolve", "dedicate", "engage",
                    "involve", "poise", "set", "opposed"}
REPORTED_PRONOUNS = {"it", "they", "he", "she", "we"}
SPEECH_NOUNS = {"offer", "demand", "request", "call", "appeal", "proposal", "invitation", "plan",
                "ultimatum", "plea", "initiative", "warning", "threat", "accusation", "criticism",
                "pressure", "demands", "criticisms", "calls"}
LOCATIVE_NOUNS = {
    "sideline", "margin", "side", "edge", "outskirt", "heart", "centre", "center", "part",
    "rest", "end", "beginning", "start", "middle", "eve", "wake", "course", "occasion",
    "framework", "context", "basis", "day", "week", "month", "year", "time", "session",
    "round", "level", "sector", "area", "region",
}
# Prepositions that place a nominal event in time or cause, never make the clause's subject
# its participant ("since the meeting", "after the attack", "despite the sanctions").
CIRCUMSTANCE_PREPS = {"since", "after", "before", "during", "following", "despite", "amid",
                      "until", "ahead", "because", "due", "prior", "pending", "like", "unlike",
                      "under"}        # "under the 2015 nuclear deal": the frame, not an act
# Verbs whose subject undergoes the event named by their object ("China faces sanctions").
UNDERGOER_VERBS = {"face", "suffer", "undergo", "endure", "risk", "receive", "incur", "weather"}
VERB_TARGET_PREPS = ("with", "against", "on", "upon", "to", "toward", "towards", "into", "at")
NOUN_TARGET_PREPS = ("on", "against", "with", "to", "toward", "towards", "into", "at", "upon")
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "csubj", "parataxis", "xcomp", "conj", "pcomp"}
# Types whose location ("in X") stands for the target when nothing else names one: an attack,
# arrest or deployment in a country acts on that country.
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "CONCEDE", "PROTEST", "SANCTION", "AID"}


@dataclass
class Arg:
    """An argument: the actors it names and how it was found (for explanations)."""

    mentions: list
    how: str
    token: Token | None = None
    pair: bool = False                 # from "between X and Y": both participants
    armed: bool = False                # the phrase names an armed group

    def __bool__(self) -> bool:
        return bool(self.mentions)


# Unnamed armed groups ("the rebels", "Darfur militants") are coded with the country they
# operate in (docs/events.md); heads that name such a group:
DOMESTIC_SECTORS = {"REB", "OPP", "PTY"}
ARMED_GROUP_NOUNS = {
    "rebel", "militant", "insurgent", "guerrilla", "guerilla", "separatist", "terrorist",
    "jihadist", "militia", "militiaman", "extremist", "insurgency", "fighter",
}


class MentionIndex:
    """Token index -> actor mention, built once per document (O(1) lookups)."""

    def __init__(self, mentions: Iterable) -> None:
        self.at: dict[int, list] = {}
        self.domestic: dict[int, str] = {}   # token -> sector of a countryless group mention
        for m in mentions:
            if m.country is None:
                # An actor with no country cannot be coded, but a generic domestic group
                # ("the rebels", "the opposition") takes the country of the state acting on it.
                if m.sector in DOMESTIC_SECTORS:
                    for i in range(m.start, m.end):
                        self.domestic[i] = m.sector
                continue
            for i in range(m.start, m.end):
                self.at.setdefault(i, []).append(m)

    def get(self, token: Token) -> list:
        """The mentions covering a token: usually one; several for a plural anaphor that the
        actors step resolved to more than one party ("the two leaders")."""
        return self.at.get(token.i, [])

    def names_actor(self, token: Token) -> bool:
        """Is the phrase headed by `token` an actor itself (not something an actor owns)?"""
        if token.i in self.at:
            return True
        return any(c.i in self.at for c in token.children
                   if c.dep_ in ("compound", "amod", "appos", "conj", "nmod"))


def is_armed_group(token: Token | None) -> bool:
    return token is not None and token.lemma_.lower() in ARMED_GROUP_NOUNS


@functools.lru_cache(maxsize=1)
def domestic_nouns() -> dict[str, tuple[str, str]]:
    """lemma -> (sector, role) for nouns naming an unnamed domestic actor
    (knowledge/plover/domestic.tsv): role "agent" (police, army), "group" (protesters,
    students) or "armed" (rebels)."""
    table: dict[str, tuple[str, str]] = {}
    for raw in path("plover/domestic.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#") or raw.startswith("lemma\t"):
            continue
        lemma, sector, role = raw.split("\t")[:3]
        table[lemma.strip()] = (sector.strip(), role.strip())
    return table


def domestic_noun(token: Token) -> tuple[str, str] | None:
    """(sector, role) of an unnamed domestic actor a phrase headed by `token` names: its head
    ("riot police", "thousands of students") or a modifier ("opposition leaders")."""
    table = domestic_nouns()
    found = table.get(token.lemma_.lower()) or table.get(token.lower_)
    if found is None and any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in token.children):
        return ("CVL", "group")                   # "ethnic Hungarians": a minority where it lives
    if found is None and token.lemma_.lower() not in THING_HEADS:
        for child in token.children:
            if child.dep_ in ("compound", "amod") and (hit := table.get(child.lemma_.lower())):
                if hit[1] != "agent":            # "government forces" is the head's, not a group
                    return hit
        if token.lower_ in PARTITIVES:
            for _, pobj in prep_objects(token, ("of",)):
                return domestic_noun(pobj)
    return found


# Heads naming things, not people: "merchant ships" or "a student hostel" name no group.
THING_HEADS = {"ship", "vessel", "boat", "tanker", "freighter", "plane", "aircraft", "jet",
               "truck", "lorry", "car", "bus", "train", "hotel", "building", "office", "port",
               "shop", "market", "school", "hostel", "facility", "plant", "factory", "pipeline",
               "project", "property", "convoy", "camp", "house", "home", "mosque", "church"}

PARTITIVES = {"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "group",
              "number", "scores", "crowd", "tens", "millions", "some", "many", "part",
              "member", "members", "remnant", "remnants", "most", "several", "band"}


PORTIONS = {"half", "all", "portion", "share", "rest", "bulk", "much", "third", "quarter"}


def domestic_group(token: Token | None, index: MentionIndex) -> str | None:
    """The sector of an unnamed non-state group a phrase names ("twelve militants" -> REB,
    "opposition candidates" -> OPP, "protesters" -> CVL), or None."""
    if token is None:
        return None
    if is_armed_group(token):
        return "REB"
    for t in [token] + [c for c in token.children if c.dep_ in ("compound", "amod")]:
        if t.i in index.domestic:
            return index.domestic[t.i]
        if t.lemma_.lower() in ARMED_GROUP_NOUNS:
            return "REB"
    found = domestic_noun(token)
    if found is not None and found[1] != "agent":
        return found[0]
    return None


PLACE_PREPS = ("in", "inside", "at", "across", "throughout", "near", "outside", "around")


def _place_in(holder: Token, index: MentionIndex, preps: tuple[str, ...] = PLACE_PREPS) -> list:
    pobjs = [p for _, p in prep_objects(holder, preps)]
    # "outside of the Iraqi city": a compound preposition
    pobjs += [p for c in holder.children if c.dep_ in ("prep", "advmod") and c.lower_ in preps
              for _, p in prep_objects(c, ("of",))]
    # "near a market in Kabul": the place of the landmark named
    pobjs += [q for p in list(pobjs) if p.lemma_.lower() not in PLACE_NOUNS
              for _, q in prep_objects(p, ("in",))]
    for pobj in pobjs:
        if pobj.lemma_.lower() not in PLACE_NOUNS and not any(
                m.kind in ("state", "capital") for m in index.get(pobj)):
            continue            # "outside the US embassy" is not a place in the United States
        found = [m for m in phrase_actors(pobj, index) if m.country not in (None, "IGO")]
        if found:
            return found
    return []


# Heads of place phrases that belong to the state named in them ("the Iraqi city of Basra",
# "southern Serbia's capital", "the north of the country").
PLACE_NOUNS = {"city", "town", "village", "capital", "province", "region", "district",
               "state", "country", "area", "part", "north", "south", "east", "west",
               "northeast", "northwest", "southeast", "southwest", "centre", "center",
               "border", "outskirts", "outskirt", "port", "enclave", "territory", "island",
               "valley", "camp", "street", "streets", "square", "neighbourhood",
               "neighborhood", "suburb", "county", "governorate", "strip", "bank",
               "heights", "highlands", "plateau", "hills", "coast", "delta", "peninsula",
               "desert", "mountains", "zone", "corridor", "basin", "frontier", "countryside"}


def placed_country(verb: Token | None, phrase: Token, index: MentionIndex) -> object | None:
    """The country an unnamed domestic actor acts in: a place on its own phrase ("students
    throughout Indonesia", "police in Jericho"), else a place of its clause ("... dispersed
    protesters in Nairobi"; the verb, its object, a verb it is coordinated with or controlled
    by). Only a place the gazetteer knows (state, capital) counts."""
    found = _place_in(phrase, index, PLACE_PREPS + ("of", "from"))
    if found:
        return found[0]
    node = verb
    for _ in range(3):
        if node is None:
            break
        for holder in [node] + _children(node, ("dobj", "obj", "prep", "advcl", "xcomp")):
            if holder.dep_ == "prep":
                holder = next((c for c in holder.children if c.dep_ == "pobj"), None)
                if holder is None:
                    continue
            found = _place_in(holder, index)
            if found:
                return found[0]
        if node.dep_ not in ("conj", "xcomp", "advcl") or node.head == node:
            break
        node = node.head
    return None


def domestic_mention(phrase: Token, country: str, sector: str) -> object:
    """An actor for an unnamed domestic actor, coded with the country it acts in."""
    from tightrope.extract.actors import Mention

    end = phrase.right_edge.i + 1 if phrase.right_edge.i - phrase.left_edge.i < 8 else phrase.i + 1
    span = phrase.doc[phrase.left_edge.i:end]
    return Mention(start=span.start, end=span.end, start_char=span.start_char,
                   end_char=span.end_char, text=span.text.strip(" ,"), name=None, country=country,
                   sector=sector, kind="organisation")


def implied_mention(word: Token, country: str, sector: str, label: str) -> object:
    """An actor the sentence implies without naming it ("thousands marched": their
    government), anchored on the word that implies it for provenance."""
    from tightrope.extract.actors import Mention
    from tightrope.knowledge.actors import country_label

    name = f"{country_label(country)} {label}"
    return Mention(start=word.i, end=word.i + 1, start_char=word.idx,
                   end_char=word.idx + len(word.text), text=f"({name}, implied)", name=name,
                   country=country, sector=sector, kind="organisation")


# Heads a demonym modifies without naming an actor.
CULTURAL_HEADS = {"language", "tongue", "dialect", "culture", "literature", "cuisine", "music",
                  "art", "film", "heritage", "speaker", "alphabet", "script", "name", "word"}


def _dedupe(mentions: list) -> list:
    seen, out = set(), []
    for m in mentions:
        key = (m.country, m.name)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _names_its_owner(token: Token, owner_preps: frozenset[str]) -> bool:
    """May an "of/for/by" phrase on this head name the actor? For the acting party only
    when the head is a name or an agent noun ("the president of Iran", not "the deepening
    of relations"); for the party acted upon, unless the head is a place or time word
    ("the offices of the Palestinian administrators", not "the sidelines of the summit")."""
    lemma = token.lemma_.lower()
    if owner_preps is SUBJECT_OWNER_PREPS:
        return token.pos_ == "PROPN" or lemma in AGENT_NOUNS
    return lemma not in LOCATIVE_NOUNS


def _owner_preps_of(token: Token, owner_preps: frozenset[str]) -> frozenset[str]:
    """"An offer from X", "observers from X": a speech act's author or an agent's origin is
    named by "from"; "forces in X" belong to X."""
    lemma = token.lemma_.lower()
    extra = set()
    if lemma in SPEECH_NOUNS or lemma in AGENT_NOUNS or lemma in TRADED_GOODS:
        extra.add("from")          # "tariffs on goods from India": the goods are India's
    if lemma in LOCATED_AGENTS:
        extra.add("in")
    return owner_preps | extra if extra else owner_preps


def phrase_actors(token: Token, index: MentionIndex, depth: int = 0,
                  owner_preps: frozenset[str] = OWNER_PREPS) -> list:
    """The actors a noun phrase headed by `token` names (several when coordinated)."""
    if depth > 4:
        return []
    if token.tag_ in ("WDT", "WP") and token.lower_ in RELATIVE_PRONOUNS:
        # "Russia, which invaded ...": the relative pronoun stands for the noun it modifies.
        clause = token.head
        if clause.dep_ == "relcl":
            return phrase_actors(clause.head, index, depth + 1, owner_preps)
        return []
    found = list(index.get(token))
    if found:
        # "Hungarian and Romanian officials": the gazetteer names the head with its nearest
        # modifier; the modifiers coordinated with it are parties too
        for child in token.children:
            if child.dep_ in ("amod", "compound", "nmod") and any(c.dep_ == "conj" for c in child.children):
                found.extend(phrase_actors(child, index, depth + 1, owner_preps))
    if not found and token.lemma_.lower() not in CULTURAL_HEADS:
        # "the Russian language", "Kurdish culture": a demonym there names no actor
        for child in token.children:
            if child.dep_ in MODIFIER_DEPS:
                found.extend(phrase_actors(child, index, depth + 1, owner_preps))
        if not found and _names_its_owner(token, owner_preps):
            preps = _owner_preps_of(token, owner_preps)
            for child in token.children:
                if child.dep_ in ("prep", "agent") and child.lower_ in preps:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found.extend(phrase_actors(pobj, index, depth + 1, owner_preps))
    for child in token.children:
        if child.dep_ == "conj":
            found.extend(phrase_actors(child, index, depth + 1, owner_preps))
    return _dedupe(found)


def _children(token: Token, deps: set[str] | tuple[str, ...]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def has_to_infinitive(token: Token) -> bool:
    """Is the verb a "to"-infinitive ("a deal to import ...")?"""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def is_infinitive_clause(token: Token) -> bool:
    """An adverbial "to"-infinitive, which the parser often uses where xcomp is meant
    ("threatened today to impose ...")."""
    return token.dep_ == "advcl" and has_to_infinitive(token)


def complements(verb: Token) -> list[Token]:
    """Controlled verbs of a verb: xcomp, and infinitival advcl."""
    return [c for c in verb.children if c.dep_ == "xcomp" or is_infinitive_clause(c)]


def prep_objects(token: Token, preps: Iterable[str]) -> list[tuple[str, Token]]:
    """(preposition, object) pairs for the given prepositions attached to `token`."""
    wanted = set(preps)
    out = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in wanted:
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    out.append((child.lower_, pobj))
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


HYPHENS = {"-", "\u2010", "\u2011", "\u2013", "\u2014"}


def hyphen_partners(token: Token) -> list[Token]:
    """Words joined to `token` by a hyphen inside one modifier ("US-Pakistan deal",
    "Sino-Indian talks", "the Trump-Xi meeting"): the parser hangs the first on the second,
    and a modifier that is itself an actor hides the other from `phrase_actors`."""
    doc = token.doc
    return [c for c in token.children if c.dep_ in ("compound", "amod", "nmod") and c.i == token.i - 2
            and doc[c.i + 1].text in HYPHENS]


def between(token: Token, index: MentionIndex) -> Arg | None:
    """'between X and Y' on the token: both participants; also "between Indian and Chinese
    troops", one noun whose coordinated modifiers name the two sides."""
    for prep, pobj in prep_objects(token, ("between", "among")):
        actors = phrase_actors(pobj, index)
        if len(actors) < 2:
            actors = _dedupe(actors + [a for c in pobj.children if c.dep_ in ("amod", "compound")
                                       for a in phrase_actors(c, index)])
        if len(actors) >= 2:
            return Arg(actors, f"'{prep}' phrase of '{token.text}'", pobj, pair=True)
    return None


def subject(verb: Token, index: MentionIndex, depth: int = 0) -> Arg | None:
    """The acting participant of a verb: its subject, its passive agent, or the subject of
    the clause that controls it."""
    if depth > 4:
        return None
    if is_passive(verb):
        agent = agent_of(verb)
        if agent is not None:
            actors = phrase_actors(agent, index, owner_preps=SUBJECT_OWNER_PREPS)
            return Arg(actors, f"agent ('by') of passive '{verb.text}'", agent) if actors else None
        if verb.lemma_.lower() in STATIVE_PASSIVES:
            # "Israel is opposed to ...", "Vietnam is committed to ...": a state of the subject.
            for subj in _children(verb, PASSIVE_SUBJECT_DEPS):
                return _subject_arg(verb, subj, index, depth)
        return None                      # "28 people were killed": the text does not say by whom
    else:
        subjects = _children(verb, SUBJECT_DEPS)
        if len(subjects) > 1:
            # "Macron and Starmer signed": the parser may read a coordination as two subjects
            args = [a for subj in subjects if (a := _subject_arg(verb, subj, index, depth))]
            if len(args) == len(subjects):
                return Arg(_dedupe([m for a in args for m in a.mentions]),
                           f"coordinated subjects of '{verb.text}'", subjects[0])
        for subj in subjects:
            # An explicit subject that names no actor ends the search: the clause says who acted.
            return _subject_arg(verb, subj, index, depth)
    head = verb.head
    if head == verb:
        return None
    if verb.dep_ == "acomp":
        # "Israel is opposed to ...": a predicative participle takes the copula's subject.
        for subj in _children(head, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS):
            return _subject_arg(head, subj, index, depth)
        return None
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
        head = head.head                 # "is ready to mediate", "is willing to withdraw"
    if verb.dep_ == "xcomp" or is_infinitive_clause(verb):
        # Object control ("urged Iran to stop") or subject control ("agreed to stop").
        objs = [o for o in _children(head, ("dobj",)) if phrase_actors(o, index)]
        if objs:
            return Arg(phrase_actors(objs[0], index), f"object of controlling verb '{head.text}'", objs[0])
        if is_passive(head) and agent_of(head) is None:
            # Raising: "Kenya is expected to sign", "was forced to withdraw".
            for subj in _children(head, PASSIVE_SUBJECT_DEPS):
                return _subject_arg(head, subj, index, depth)
        found = subject(head, index, depth + 1)
        if found:
            found.how = f"subject of controlling verb '{head.text}'"
        return found
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        if is_passive(head):
            # "X was indicted ... and will resign": the passive subject is the shared one.
            for subj in _children(head, PASSIVE_SUBJECT_DEPS):
                actors = phrase_actors(subj, index, owner_preps=SUBJECT_OWNER_PREPS)
                return Arg(actors, f"shared subject of coordinated verb '{head.text}'", subj) if actors else None
            return None
        found = subject(head, index, depth + 1)
        if found:
            found.how = f"shared subject of coordinated verb '{head.text}'"
        return found
    if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN") and not _children(verb, {"mark"}):
        found = subject(head, index, depth + 1)
        if found:
            found.how = f"subject of '{head.text}' (participle clause)"
        return found
    if verb.dep_ == "relcl":
        actors = phrase_actors(head, index)
        if actors:
            return Arg(actors, f"noun '{head.text}' the relative clause modifies", head)
        return _author_of_document(verb, index, depth)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.dep_ in ("dobj", "obj") and head.head.pos_ == "VERB":
        # "X issued a statement demanding ...": the statement's author acts.
        found = subject(head.head, index, depth + 1)
        if found:
            found.how = f"subject of '{head.head.text}' (author of '{head.text}')"
        return found
    return None


# Traded goods, whose origin ("from X") is the party a tariff or ban on them acts on.
TRADED_GOODS = {"good", "goods", "import", "imports", "export", "exports", "product", "products",
                "commodity", "commodities", "shipment", "shipments", "steel", "oil", "gas",
                "crude", "grain", "wheat", "rice", "textile", "textiles", "car", "vehicle",
                "chip", "semiconductor", "seafood", "fruit", "meat", "lumber", "timber"}


# Documents through which their author acts ("signed an order that imposes ...").
DOCUMENT_NOUNS = {"order", "decree", "proclamation", "directive", "law", "bill", "legislation",
                  "ordinance", "statement", "declaration", "communique", "memorandum", "letter",
                  "resolution"}


# Nouns naming the means of an attack whose perpetrator the sentence does not name.
INSTRUMENT_NOUNS = {"bomb", "bombing", "explosion", "blast", "device", "mine", "minefield",
                    "grenade", "rocket", "mortar", "shell", "missile", "bomber", "ied", "attack",
                    "ambush", "car-bomb", "landmine", "airstrike", "shelling", "gunfire",
                    "gunman", "sniper", "drone", "explosive", "suicide"}


def unattributed_attack(verb: Token, index: MentionIndex) -> Arg | None:
    """The acting side of an attack named only by its means ("a car bomb killed ...", "were
    killed in a bombing in Baghdad"): coded with the country where it happened, as event
    data codes unattributed violence; None when the clause names no known place."""
    candidates = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if is_passive(verb):
        agent = agent_of(verb)
        candidates += [agent] if agent is not None else []
    candidates += [p for _, p in prep_objects(verb, ("in", "by", "with"))]
    for inst in candidates:
        words = {inst.lemma_.lower()} | {c.lemma_.lower() for c in inst.children if c.dep_ == "compound"}
        if not words & INSTRUMENT_NOUNS or phrase_actors(inst, index):
            continue
        place = placed_country(verb, inst, index)
        if place is not None:
            return Arg([domestic_mention(inst, place.country, None)],
                       f"unattributed '{inst.text}', coded with the place '{place.text}'", inst)
    return None


def relocate_ethnic(arg: Arg | None, verb: Token, index: MentionIndex) -> Arg | None:
    """An ethnic group is coded with the state it lives in, not the state its name comes from:
    a demonym under "ethnic" is re-placed by the place of its phrase or clause ("ethnic
    Albanians demonstrated in Serbia" -> SRB); a people named with its own place ("the
    Albanians of southern Serbia", "Kurds in Iraq") or with a second demonym ("Bosnian Serbs",
    "Iraqi Kurds") belongs to that place."""
    if arg is None or arg.token is None or not arg.mentions:
        return arg
    head = arg.token
    head_mentions = [m for m in index.get(head) if m.kind in ("demonym", "combining")]
    if head_mentions and head.pos_ in ("PROPN", "NOUN") and head.tag_ in ("NNPS", "NNS"):
        own_place = _place_in(head, index, ("in", "of", "inside", "across", "throughout"))
        modifier = [m for c in head.children if c.dep_ in ("amod", "compound") and c.i < head.i
                    for m in index.get(c) if m.kind in ("demonym", "combining", "state")]
        for place, how in ((own_place, "its own place"), (modifier, "its first demonym")):
            countries = {m.country for m in place} - {m.country for m in head_mentions}
            if place and countries:
                country = place[0].country
                return Arg([domestic_mention(head, country, "CVL")],
                           f"{arg.how}; a people coded with {how} ('{place[0].text}')", head)
    if not any(c.lower_ == "ethnic" for c in head.subtree if c.i < head.i or c.head == head):
        return arg
    if not all(m.kind in ("demonym", "combining") for m in arg.mentions):
        return arg
    place = placed_country(verb, head, index)
    if place is None or place.country in {m.country for m in arg.mentions}:
        return arg
    return Arg([domestic_mention(head, place.country, "CVL")],
               f"{arg.how}; an ethnic group coded with where it lives ('{place.text}')", head)


def misparsed_finite_verb(verb: Token, index: MentionIndex) -> tuple[Arg, Arg | None] | None:
    """Repair of one frequent parser error in long sentences: a finite past-tense verb read
    as a modifier of the noun after it (tagged VBD, or VBN in a sentence left without a main
    verb) ("X on Saturday hosted Japanese Prime Minister Y",
    with "hosted" an amod of "Minister"). A finite verb cannot modify a noun, so the noun
    phrase it hangs from is its object, and its subject is the nearest actor mention to its
    left that is not inside that phrase. Returns (source, target) or None."""
    if verb.dep_ not in ("amod", "compound", "nmod") or verb.head.i <= verb.i:
        return None
    # a past participle may be a true modifier ("the hosted delegation"), unless the sentence
    # has no verb as its root, i.e. the parser found no main verb at all
    if verb.tag_ != "VBD" and not (verb.tag_ == "VBN" and verb.sent.root.pos_ not in ("VERB", "AUX")):
        return None
    obj = verb.head
    inside = {t.i for t in obj.subtree}
    for i in range(verb.i - 1, verb.sent.start - 1, -1):
        tok = verb.doc[i]
        if tok.pos_ == "VERB" or tok.text in (";", ":"):
            return None
        if i in inside or not index.get(tok):
            continue
        source = Arg(_dedupe(index.get(tok)), f"nearest actor to the left of '{verb.text}' "
                                              f"(the parser read the verb as a modifier)", tok)
        actors = phrase_actors(obj, index)
        target = Arg(actors, f"noun phrase '{obj.text}' that '{verb.text}' was read as "
                             f"modifying (its object)", obj) if actors else None
        return source, target
    return None


def _author_of_document(verb: Token, index: MentionIndex, depth: int) -> Arg | None:
    """"Trump signed an order that imposes tariffs": a relative clause on a document (order,
    decree, law) that its author signed or issued is the author's act."""
    head = verb.head
    if (verb.dep_ != "relcl" or head.lemma_.lower() not in DOCUMENT_NOUNS
            or head.dep_ not in ("dobj", "obj") or head.head.pos_ != "VERB"):
        return None
    found = subject(head.head, index, depth + 1)
    if found:
        found.how = f"subject of '{head.head.text}', author of the {head.text} that '{verb.text}'"
    return found


def _subject_arg(verb: Token, subj: Token, index: MentionIndex, depth: int) -> Arg | None:
    actors = phrase_actors(subj, index, owner_preps=SUBJECT_OWNER_PREPS)
    if actors:
        return Arg(actors, f"subject of '{verb.text}'", subj)
    if subj.tag_ in ("WDT", "WP") and subj.lower_ in RELATIVE_PRONOUNS:
        return _author_of_document(verb, index, depth)
    if subj.lower_ in REPORTED_PRONOUNS or _self_description(subj) or _reported_possessive(subj):
        # "X said its forces had withdrawn": an unresolved possessive is the reporter too
        return _reporter(verb, subj, index, depth)
    domestic = domestic_noun(subj)
    if domestic is not None:
        # "Police dispersed protesters in Nairobi": an unnamed state agent or group is coded
        # with the country it acts in, when its phrase or clause names a place.
        place = placed_country(verb, subj, index)
        if place is not None:
            mention = domestic_mention(subj, place.country, domestic[0])
            return Arg([mention], f"subject of '{verb.text}', unnamed domestic actor placed by "
                                  f"'{place.text}'", subj, armed=domestic[1] == "armed")
    return None


def _reported_possessive(subj: Token) -> bool:
    """Is the subject owned by "its"/"their" ("their forces"), which in a reported clause
    stands for the reporter?"""
    return any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in subj.children)


# "Kenyan officials said the country would ...": a bare definite description of a state in a
# reported clause stands for the reporter's state, like a pronoun.
SELF_DESCRIPTIONS = {"country", "kingdom", "sultanate", "emirate", "republic", "nation",
                     "government", "administration"}


def _self_description(token: Token) -> bool:
    return (token.lemma_.lower() in SELF_DESCRIPTIONS and token.tag_ == "NN"
            and [c.lower_ for c in token.children] == ["the"])


def _reporter(verb: Token, pronoun: Token, index: MentionIndex, depth: int) -> Arg | None:
    """"Japan said it had halted aid": an unresolved pronoun subject of a reported clause is
    the reporting verb's subject (the only antecedent this rule looks at, so it never reaches
    outside the governing clause)."""
    node = verb
    while node.dep_ in ("conj", "xcomp", "acomp") and node.head != node:
        node = node.head
    if node.dep_ != "ccomp" or node.head == node:
        return None
    found = subject(node.head, index, depth + 1)
    if found:
        found = Arg(found.mentions, f"'{pronoun.text}' = subject of reporting verb '{node.head.text}'",
                    found.token)
    return found


def verb_target(verb: Token, entry_roles: dict[str, str], index: MentionIndex,
                etype: str, depth: int = 0) -> Arg | None:
    """The participant acted upon by a verb predicate."""
    role_preps = [p for p, r in entry_roles.items() if r == "target"]
    for role_prep in role_preps:                      # in the lexicon's order of preference
        for prep, pobj in prep_objects(verb, (role_prep,)):
            actors = phrase_actors(pobj, index)
            if actors:
                return Arg(actors, f"'{prep}' object of '{verb.text}' (lexicon role)", pobj)
            if prep in ("in", "into", "to"):
                # "invest in minerals projects in Chile and Peru", "deployed troops to bases
                # in Poland": the place of what is acted on or sent to
                for _, place in prep_objects(pobj, ("in",)):
                    actors = [a for a in phrase_actors(place, index) if a.country != "IGO"]
                    if actors:
                        return Arg(actors, f"place of '{pobj.text}', the '{prep}' object of "
                                           f"'{verb.text}'", place)
    if is_passive(verb):
        for subj in _children(verb, PASSIVE_SUBJECT_DEPS):
            actors = phrase_actors(subj, index)
            if actors:
                return Arg(actors, f"passive subject of '{verb.text}'", subj)
    for dative in _children(verb, ("dative", "iobj")):
        actors = phrase_actors(dative, index)
        if not actors:
            actors = [a for _, p in prep_objects(dative, ()) for a in phrase_actors(p, index)]
        if not actors and dative.lower_ == "to":
            actors = [a for p in _children(dative, ("pobj",)) for a in phrase_actors(p, index)]
        if actors:
            return Arg(actors, f"indirect object of '{verb.text}'", dative)
    objects = _children(verb, ("dobj", "obj", "attr"))
    for obj in objects:
        actors = phrase_actors(obj, index)
        if actors:
            return Arg(actors, f"object of '{verb.text}'", obj)
    # "suspended part of an aid programme for X": the beneficiary of the whole a partitive
    # object is taken from (only "for"/"to": "part of a camp on the border" is a place)
    for whole in [w for obj in objects if obj.lower_ in PARTITIVES | PORTIONS
                  for _, w in prep_objects(obj, ("of",))]:
        for prep, pobj in prep_objects(whole, ("for", "to")):
            actors = phrase_actors(pobj, index)
            if actors:
                return Arg(actors, f"'{prep}' phrase of '{whole.text}', the whole of object "
                                   f"of '{verb.text}'", pobj)
    for obj in objects:
        for prep, pobj in prep_objects(obj, NOUN_TARGET_PREPS + tuple(role_preps)):
            actors = phrase_actors(pobj, index)
            if actors:
                return Arg(actors, f"'{prep}' phrase of object '{obj.text}'", pobj)
    for prep, pobj in prep_objects(verb, VERB_TARGET_PREPS):
        actors = phrase_actors(pobj, index)
        if actors:
            return Arg(actors, f"'{prep}' object of '{verb.text}'", pobj)
    # "mobilised volunteers for any confrontation with X": the aim of the act
    for holder in [verb] + objects:
        for _, aim in prep_objects(holder, ("for",)):
            for prep, pobj in prep_objects(aim, NOUN_TARGET_PREPS):
                actors = phrase_actors(pobj, index)
                if actors:
                    return Arg(actors, f"'{prep}' phrase of '{aim.text}', the aim of "
                                       f"'{holder.text}'", pobj)
    for obj in objects:
        if obj.lemma_.lower() not in AGREEMENT_NOUNS:
            continue
        for clause in obj.children:
            # "signed a deal to buy power from Ethiopia": the other party of the deal's content
            if clause.dep_ in ("acl", "relcl") and has_to_infinitive(clause):
                for prep, pobj in prep_objects(clause, ("from", "to", "with")):
                    actors = phrase_actors(pobj, index)
                    if actors:
                        return Arg(actors, f"'{prep}' object of '{clause.text}', what the "
                                           f"{obj.text} provides for", pobj)
    if depth < 2:
        for xcomp in complements(verb):
            # "agreed to reopen its borders to X": the controlled verb names the target.
            found = verb_target(xcomp, {}, index, etype, depth + 1)
            if found:
                found.how += f", in '{xcomp.text}' controlled by '{verb.text}'"
                return found
        for ccomp in _children(verb, ("ccomp",)):
            # "allowed X to participate", "forced X to leave": the parser makes X the subject
            # of an infinitival clause; it is the verb's object
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in ccomp.children):
                for subj in _children(ccomp, SUBJECT_DEPS):
                    actors = phrase_actors(subj, index)
                    if actors:
                        return Arg(actors, f"subject of infinitive '{ccomp.text}' after "
                                           f"'{verb.text}' (its object)", subj)
        if etype == "REQUEST":
            for ccomp in _children(verb, ("ccomp",)):
                # "demanded that X withdraw": the one asked to act.
                for subj in _children(ccomp, SUBJECT_DEPS):
                    actors = phrase_actors(subj, index)
                    if actors:
                        return Arg(actors, f"subject of '{ccomp.text}' requested by '{verb.text}'", subj)
    return None


def place_target(token: Token, index: MentionIndex) -> Arg | None:
    """The place of an event ("in X") as its target, for types that act on a place; the
    place may hang from the verb or from its object ("suspended aid deliveries in X")."""
    holders = [token] + _children(token, ("dobj", "obj"))
    # "captured the city, the army's last stronghold in Darfur": the object's apposition
    holders += [a for h in holders[1:] for a in _children(h, ("appos",))]
    # "fired shells at targets in Jericho": the place of what the verb is aimed at
    holders += [p for _, p in prep_objects(token, ("at", "on", "against", "into"))]
    for holder in holders:
        for prep, pobj in prep_objects(holder, ("in", "inside", "near", "across", "into")):
            actors = phrase_actors(pobj, index)
            if actors:
                return Arg(actors[:1], f"place '{prep} {pobj.text}' of '{holder.text}'", pobj)
    return None


def noun_source(noun: Token, entry_roles: dict[str, str], index: MentionIndex) -> Arg | None:
    """Who acts in a nominal event: possessor, actor-naming modifier, 'by X', or a role prep."""
    for child in noun.children:
        if child.dep_ == "poss":
            actors = phrase_actors(child, index)
            if actors:
                return Arg(actors, f"possessor of '{noun.text}'", child)
    if noun.dep_ == "conj":
        # "Presidents Xi and Trump's summit", parsed as "Xi" and "Trump's summit" coordinated.
        owners = [a for c in noun.children if c.dep_ == "poss" for a in phrase_actors(c, index)]
        first = [a for a in phrase_actors(noun.head, index) if a not in owners] if owners else []
        if owners and first and noun.head.i < noun.i:
            return Arg(_dedupe(first[:1] + owners), f"coordinated possessors of '{noun.text}'", None, pair=True)
    mods = []
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i:
            mods.extend(phrase_actors(child, index))
            mods.extend(a for partner in hyphen_partners(child) for a in phrase_actors(partner, index))
    mods = _dedupe(mods)
    if mods:
        return Arg(mods, f"modifier of '{noun.text}'", None, pair=len(mods) >= 2)
    preps = ["by"] + [p for p, r in entry_roles.items() if r == "source"]
    for prep, pobj in prep_objects(noun, preps):
        actors = phrase_actors(pobj, index)
        if actors:
            return Arg(actors, f"'{prep}' phrase of '{noun.text}'", pobj)
    return None


def noun_target(noun: Token, entry_roles: dict[str, str], index: MentionIndex) -> Arg | None:
    role_targets = [p for p, r in entry_roles.items() if r == "target"]
    excluded = {p for p, r in entry_roles.items() if r == "source"}
    preps = role_targets + [p for p in NOUN_TARGET_PREPS if p not in excluded and p not in role_targets]
    for wanted in preps:
        for prep, pobj in prep_objects(noun, (wanted,)):
            actors = phrase_actors(pobj, index)
            if actors:
                return Arg(actors, f"'{prep}' phrase of '{noun.text}'", pobj)
    for _, inner in prep_objects(noun, ("of",)):
        # "a suspension of air links with Serbia", "the withdrawal of troops from X"
        for wanted in preps:
            for prep, pobj in prep_objects(inner, (wanted,)):
                actors = phrase_actors(pobj, index)
                if actors:
                    return Arg(actors, f"'{prep}' phrase of '{inner.text}' (of '{noun.text}')", pobj)
    for _, topic in prep_objects(noun, ("into", "of", "over")):
        # "an inquiry into abuses committed by X": the author of what is examined
        for clause in _children(topic, ("acl", "relcl")):
            agent = agent_of(clause)
            actors = phrase_actors(agent, index) if agent is not None else []
            if actors:
                return Arg(actors, f"agent of '{clause.text}' in '{topic.text}' (of '{noun.text}')", agent)
    return None


# Verbs that send people somewhere; a purpose clause's act ("sent experts to X to
# investigate") takes place where they are sent.
SENDING_VERBS = {"send", "dispatch", "deploy", "fly", "rush"}


def destination_of_sender(verb: Token, index: MentionIndex) -> Arg | None:
    """The place a purpose clause's act is aimed at, named on the sending verb it depends on."""
    head = verb.head
    if verb.dep_ not in ("advcl", "xcomp") or head == verb or head.lemma_.lower() not in SENDING_VERBS:
        return None
    for prep, pobj in prep_objects(head, ("to", "into")):
        actors = [a for a in phrase_actors(pobj, index) if a.country != "IGO"]
        if actors:
            return Arg(actors, f"'{prep}' object of sending verb '{head.text}'", pobj)
    return None


AGREEMENT_NOUNS = {"deal", "agreement", "accord", "pact", "contract", "memorandum", "mou", "treaty"}

GENERIC_HEADS = {"mission", "effort", "process", "round", "team", "bid", "initiative", "attempt",
                 "programme", "program", "package", "operation", "campaign", "drive", "plan",
                 "session"}


def event_anchor(noun: Token) -> Token:
    """The phrase a nominal predicate's participants hang from: "mediation mission between X
    and Y", "aid package for X" -> the generic head ("mission", "package")."""
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in GENERIC_HEADS:
        return noun.head
    return noun


def of_chain(noun: Token) -> list[Token]:
    """The noun and the nouns it hangs from through "of" ("a series of visits", "an exchange
    of visits between X and Y"): their "between" and "from" phrases are the event's too."""
    chain = [noun]
    t = noun
    for _ in range(3):
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ in ("NOUN", "PROPN"):
            t = t.head.head
            chain.append(t)
        else:
            break
    return chain


def governing_verb(noun: Token) -> tuple[Token | None, str]:
    """The verb whose subject acts in a nominal event, and how the noun hangs from it:
    "imposed tariffs" (object), "agreed on a deal" (prepositional object), "a round of talks"
    (through 'of')."""
    token = noun
    for _ in range(4):
        dep, head = token.dep_, token.head
        if head == token:
            return None, ""
        if dep in ("dobj", "obj", "attr", "oprd", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            return head, "object"
        if dep == "pobj" and head.dep_ in ("prep", "agent"):
            grand = head.head
            if head.lower_ in CIRCUMSTANCE_PREPS:
                return None, ""        # "booked cargoes since the meeting": not a participant
            if grand.pos_ in ("VERB", "AUX"):
                return grand, f"'{head.lower_}' object"
            if head.lower_ == "of" and grand.pos_ in ("NOUN", "PROPN"):
                token = grand           # "a round of talks", "exchange of visits"
                continue
            return None, ""
        if dep == "conj":
            token = head
            continue
        return None, ""
    return None, ""


def controlled_by(token: Token, clause: Token) -> bool:
    """Is `token` the head of `clause`, or reached from it only through controlled verbs and
    adjectives ("must be ready to mediate"), or is it the object of such a verb?"""
    t = token
    for _ in range(5):
        if t.i == clause.i:
            return True
        if t.dep_ not in ("xcomp", "acomp", "conj", "dobj", "obj", "pobj", "prep") and not is_infinitive_clause(t):
            return False
        if t.head == t:
            return False
        t = t.head
    return False


def clause_head(token: Token) -> Token:
    """The verb heading the clause a token belongs to (itself for a verb)."""
    t = token
    for _ in range(40):
        if t.pos_ in ("VERB", "AUX") and (t.dep_ in CLAUSE_DEPS or t.dep_ == "ROOT" or t.head == t
                                          # "The IMF, whose programme runs until 2027, ...":
                                          # a verb with its own subject heads its own clause
                                          # whatever the parser hung it on
                                          or any(c.dep_ in SUBJECT_DEPS for c in t.children)):
            return t
        if t.head == t:
            return t
        t = t.head
    return t


def _bare_place(token: Token, mention) -> bool:
    """Is this mention a state or capital named as where something happens ("in south
    Lebanon"), which a domestic group's act does not target?"""
    if mention.kind not in ("state", "capital"):
        return False
    t = token
    while t.dep_ in ("compound", "amod") and t.head != t:
        t = t.head
    return t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS


# Clauses under a predicate that say something else than who it acts on: a reported
# statement, a relative clause about one participant, a side remark.
_OTHER_CLAUSES = {"ccomp", "relcl", "parataxis", "advcl", "csubj"}
# Sectors of a group or body of a state's own people ("the Zambian people", "the court").
GROUP_SECTORS = {"CVL", "REF", "OPP", "REB", "LAB", "EDU", "REL", "PTY", "NGO", "JUD", "LEG"}
# "according to X": who reports the act, not who it acts on ("as X said" is a clause, never
# entered anyway).
ATTRIBUTION_PREPS = {"according", "per"}


def _not_the_state(mention) -> bool:
    """Does the mention name something of a state other than the state itself? A group,
    person or body of the source's own country may be its target ("reneged on his
    commitment to the Zambian people"); the state may not."""
    return mention.kind not in STATE_KINDS or mention.sector in GROUP_SECTORS


def clause_party(head: Token, source: Arg, index: MentionIndex, domestic: bool = False,
                 max_depth: int = 5) -> Arg | None:
    """The nearest other actor inside the predicate's own clause, when no syntactic role names
    a target ("set up a research centre in Tokyo", "opened an embassy in Tehran", "offered
    concessions that the US negotiator believed ..."). Breadth-first from the predicate, so a
    participant close in the tree wins over one deep in a modifier; other clauses (reported
    speech, relative clauses, side remarks) are not entered. An actor of the source's own
    country counts only when the source is a `domestic` group (an armed group, a union)."""
    taken = {i for m in source.mentions for i in range(m.start, m.end)}
    if source.token is not None:
        taken.update(t.i for t in source.token.subtree)
    own = {m.country for m in source.mentions}
    names = {m.name for m in source.mentions if m.name}        # "his commitment": the source again
    countries = set() if domestic else own

    def entered(t: Token) -> bool:
        # "a deal to import power from X": an infinitival relative clause is the content; a
        # verb coordinated with the predicate is another predicate ("flew to X and threatened Y")
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"):
            # unless the two share an argument ("established ties with and opened an embassy
            # in X": a preposition left without its object)
            second = {x.i for x in t.subtree}
            return any(c.dep_ == "prep" and not any(g.dep_ in ("pobj", "pcomp") for g in c.children)
                       for c in t.head.subtree if c.i not in second)
        return t.dep_ not in _OTHER_CLAUSES or (t.dep_ == "relcl" and has_to_infinitive(t))

    frontier = [c for c in head.children if entered(c) and c.lower_ not in ATTRIBUTION_PREPS]
    for depth in range(max_depth):
        nxt = []
        for tok in sorted(frontier, key=lambda t: t.i):
            if tok.i in taken:
                continue
            actors = [m for m in index.get(tok) if m.country is not None
                      and (m.country not in countries or (_not_the_state(m) and m.name not in names
                                                            and m.kind != "pronoun"))
                      and not (domestic and m.country in own and _bare_place(tok, m))]
            if actors:
                return Arg(actors[:1], f"nearest actor '{tok.text}' in the clause of '{head.text}' "
                                       "(no syntactic target)", tok)
            nxt.extend(c for c in tok.children if entered(c))
        frontier = nxt
    return None


# Titles that make a person not in the gazetteer a political actor of some state
# ("President Dos Santos", "Judge Rivera", "General Avril").
POLITICAL_TITLES = {"president", "judge", "general", "gen.", "minister", "premier", "governor",
                    "mayor", "senator", "chancellor", "king", "prince", "sheikh", "emir",
                    "commander", "colonel", "col.", "prosecutor", "speaker", "chief", "leader",
                    "ambassador", "envoy", "official", "lawmaker", "deputy", "vice"}
GROUP_HEADS = {"leader", "elder", "chief", "member", "group", "committee", "council",
               "movement", "front", "party", "coalition", "union", "association", "organisation",
               "organization", "federation", "congress", "league", "alliance"}
# Sectors whose members comment on a state's affairs rather than act in them.
COMMENTING_SECTORS = {"EXPERT", "MED", "BUS"}


def _unplaced_actor(subj: Token) -> str | None:
    """The sector of a subject that names a political actor of no known country: a titled
    person the gazetteer lacks, a domestic group ("elders", "fundamentalists", "a group of
    refugees", "leaders of the opposition coalition"); None for anything else (a commentator,
    a thing, an unknown person without a title)."""
    found = domestic_noun(subj)
    if found is not None:
        # an arm of a state (police, lawmakers, officials) with no state named is as likely
        # a foreign one acting on the state named ("lawmakers criticised China")
        return None if found[0] in COMMENTING_SECTORS or found[1] == "agent" else found[0]
    lemma = subj.lemma_.lower()
    if subj.ent_type_ == "PERSON":
        titles = {c.lower_ for c in subj.children if c.dep_ in ("compound", "amod", "appos")}
        return "GOV" if titles & POLITICAL_TITLES else None
    if lemma in GROUP_HEADS or subj.lower_ in PARTITIVES:
        if any(c.ent_type_ == "NORP" for c in subj.subtree):
            return "CVL"
        for _, pobj in prep_objects(subj, ("of",)):
            found = _unplaced_actor(pobj)
            if found is not None:
                return found
            if pobj.ent_type_ in ("ORG", "NORP") or any(c.ent_type_ in ("ORG", "NORP") for c in pobj.subtree):
                return "CVL"
    if subj.ent_type_ == "NORP":
        return "CVL"
    return None


def _acting_subject(verb: Token) -> Token | None:
    """The subject word of a predicate, through control and coordination ("attempted to
    assassinate", "met X and signed"), and through a pronoun or possessive pronoun of a
    reported clause to the reporter ("the party said it will boycott ...", "the rebels said
    their forces had completed ...")."""
    node = verb
    for _ in range(4):
        subj = next(iter(_children(node, SUBJECT_DEPS)), None)
        if subj is not None or node.dep_ not in ("xcomp", "conj") or node.head == node:
            break
        node = node.head
    if subj is None:
        return None
    if subj.lower_ not in REPORTED_PRONOUNS and not _reported_possessive(subj):
        return subj
    while node.dep_ in ("conj", "xcomp") and node.head != node:
        node = node.head
    if node.dep_ != "ccomp" or node.head == node:
        return None
    return next(iter(_children(node.head, SUBJECT_DEPS)), None)


def _owns_a_thing(token: Token) -> bool:
    """Does the mention ending at this word name a building or object, or modify one ("the US
    embassy", "Iranian tankers")?"""
    heads = THING_HEADS | FACILITY_HEADS
    return token.lemma_.lower() in heads or (token.dep_ in MODIFIER_DEPS
                                             and token.head.lemma_.lower() in heads)


FACILITY_HEADS = {"embassy", "consulate", "mission", "base", "headquarters", "compound", "residence"}


def domestic_source(verb: Token, target: Arg | None, index: MentionIndex) -> Arg | None:
    """The acting side of a domestic event: the subject of an active predicate names a
    political actor the gazetteer cannot place ("Judge Rivera opened investigations against
    Chilean officials", "elders demanded ..."), and the sentence names one state only, the
    target's when there is one. Event data codes such an actor with the country it acts in
    (the gold standard's domestic convention, ../shared/eval/README.md)."""
    if is_passive(verb):
        return None
    subj = _acting_subject(verb)
    sent = verb.sent
    named = {m.country for i in range(sent.start, sent.end) for m in index.at.get(i, [])} - {"IGO"}
    if target:
        if any(_owns_a_thing(verb.doc[m.end - 1]) or m.sector in COMMENTING_SECTORS
               for m in target.mentions):
            # a building ("outside the US embassy") is no party; a company or a newspaper
            # deals across borders ("signed a contract with Gazprom")
            return None
        countries = {m.country for m in target.mentions}
    else:
        # with no target, the one state must be named in the subject's own phrase or as the
        # place of the act ("workers of the Serbian union stopped work", "... in Argentina"),
        # not elsewhere in the sentence ("lawmakers criticised the decision and said it
        # could help China"), nor as the owner of a building ("outside the US embassy")
        near = {t.i for t in subj.subtree} if subj is not None else set()
        near |= {t.i for _, p in prep_objects(verb, PLACE_PREPS) for t in p.subtree}
        countries = {m.country for i in near for m in index.at.get(i, [])
                     if m.country != "IGO" and not _owns_a_thing(verb.doc[m.end - 1])}
    if len(countries) != 1 or countries & {None, "IGO"} or named - countries:
        return None
    if any(t.ent_type_ == "GPE" and t.is_title and not index.get(t) for t in sent):
        # a place the gazetteer cannot place may be another state's (an all-capitals "GPE"
        # is mostly an organisation's acronym the tagger misread)
        return None
    if subj is None or index.get(subj):
        return None
    sector = _unplaced_actor(subj)
    if sector is None:
        return None
    if subj.ent_type_ == "PERSON" and target and any(m.kind in ("state", "capital") for m in target.mentions):
        # "President Ali asked Washington for aircraft": a titled person acting on a state as a
        # whole is as likely that state's counterpart abroad as one of its own
        return None
    country = next(iter(countries))
    where = (f"acting on '{target.token.text if target.token is not None else country}'"
             if target else f"in a sentence about {country}")
    return Arg([domestic_mention(subj, country, sector)],
               f"subject '{subj.text}' of '{verb.text}', an actor of no known country {where}, "
               f"the only state the sentence names: coded domestic", subj, armed=sector == "REB")
