"""PLOVER-coded events: who did what to whom, when, and how sure the text is about it.

For each sentence that names at least one actor (from the actors step):

1. predicates: tokens whose lemma is in the PLOVER lexicon (tightrope.extract.predicates),
   verbal ("imposed") and nominal ("tariffs", "talks"); a "light" verb lends its subject to
   its object noun ("held talks", "reached a deal"); a predicate embedded under another one
   ("refused to sign", "urged X to lift sanctions", "accused Y of attacking") is folded into
   the governing predicate, which decides the type and may borrow the embedded target;
2. source and target from the parse (tightrope.extract.roles), one event per pair of parties;
3. type and mode from the lexicon entry, or from the learned classifier
   (tightrope.extract.classifier) for verbs the lexicon does not cover;
4. factuality from the predicate's clause (tightrope.extract.factuality);
5. date from the temporal expressions in the event's own clause (tightrope.extract.dates),
   never the publication date;
6. intensity from knowledge/plover/intensity.tsv, context channels from knowledge/context.tsv;
7. with `ctx.explain`, an "explain" field saying which words and rules decided each value.

Coding rules and data formats: docs/events.md.
"""
from __future__ import annotations

import bisect
import functools
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span, Token

from tightrope.extract import DocContext, sentences, trimmed
from tightrope.extract import factuality as fact
from tightrope.extract import roles
from tightrope.extract.predicates import LIGHT, Entry, lexicon
from tightrope.knowledge import path
from tightrope.records import record_id

SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN"}
PROMISE_LEMMAS = {"vow", "pledge", "promise", "offer", "commit", "agree", "swear"}
# Links through which one predicate is embedded in (governed by) another.
EMBEDDING_DEPS = {"xcomp", "ccomp", "dobj", "obj", "pobj", "prep", "pcomp", "attr", "oprd",
                  "nsubjpass", "acomp", "acl"}
RECIPROCALS = {"each other", "one another"}
ARMED_SECTORS = {"REB", "INS", "MIL_NS", "TER"}
DOMESTIC_NAMES = {"REB": "armed group", "OPP": "opposition group", "PTY": "party", "CVL": "civilian group",
                  "EDU": "students' group", "LAB": "workers' group", "MED": "media group",
                  "REF": "refugee group", "REL": "religious group"}
STATE_NAME_KINDS = {"state", "capital"}
# Types never coded towards an unnamed domestic group named as the verb's object: a state
# hosting or welcoming "migrant workers" is not consulting them.
DOMESTIC_FREE_TYPES = {"CONSULT"}
# Measures a government takes over its own territory: with no one else named, they act on the
# country itself ("imposed a curfew", "lifted the state of emergency").
DOMESTIC_MEASURES = {"curfew", "emergency", "siege", "law", "lockdown", "censorship"}
# Who announces an actor's own plans when the sentence does not name the actor again.
ANNOUNCERS = {"statement", "spokesman", "spokeswoman", "spokesperson", "official", "ministry",
              "source", "embassy", "government", "office", "agency", "communique", "release",
              "minister", "president", "leader", "representative", "envoy", "ambassador"}
ANNOUNCING_VERBS = {"say", "announce", "state", "declare", "confirm", "tell", "add", "reiterate",
                    "report", "write"}
COMMITTABLE_TYPES = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
# Hostile acts an actor announces it will take are threats (PLOVER THREATEN).
THREATENABLE_TYPES = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
INTENTION = {"plan", "intend", "prepare", "prepared", "ready", "determine", "determined", "resolve"}
# Agreements denied ("did not accept", "failed to reach agreement") are rejections.
REJECTABLE_TYPES = {"AGREE", "CONCEDE", "COOPERATE", "SUPPORT"}
# Acts whose plain negation says they have not (yet) happened, not that they were refused.
NOT_YET_DONE = {"sign", "ratify", "initial", "conclude", "finalize", "finalise", "deliver",
                "send", "ship", "supply", "pay", "grant", "give", "provide", "lift", "release"}
# Non-state groups whose protests, strikes and occupations are PLOVER PROTEST, whatever
# the word ("workers struck", "students occupied the campus", "farmers blockaded the city").
CIVIL_SECTORS = {"CVL", "EDU", "LAB", "OPP", "REL", "MED", "PTY", "NGO"}
CIVIL_PROTEST_MODES = {"protest": "demo", "strike": "strike-gen", "occupy": "obstruct",
                       "blockade": "obstruct", "block": "obstruct", "march": "demo",
                       "riot": "riot", "storm": "riot"}
WILLINGNESS = {"ready", "willing", "prepared", "prepare", "eager", "commit", "committed", "keen"}
SPEECH_TYPES = {"REQUEST", "THREATEN", "ACCUSE", "AGREE", "REJECT"}
# What the aim of a protest may be: a demand or a complaint (folded into the protest).
AIM_TYPES = {"REQUEST", "ACCUSE"}
CONDITIONAL_THREAT_TYPES = {"THREATEN", "ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "RETREAT", "REJECT",
                            "PROTEST"}
OBLIGATION_REPORTERS = {"say", "declare", "reiterate", "announce", "insist", "stress", "state",
                        "conclude", "add", "tell", "warn", "argue", "write", "demand"}
OBLIGATION_MODALS = {"must", "should"}
CLASSIFIER_MIN = 0.6
CLASSIFIER_MIN_ONE_PARTY = 0.85
CLASSIFIER_SKIP = {"be", "have", "say", "do", "tell", "add", "make", "take", "get", "go",
                   "come", "see", "know", "think", "become", "remain", "seem", "include",
                   "leave", "keep"}
# Verbs of planning, willingness and expectation only frame the act they govern.
CLASSIFIER_SKIP |= fact.FORECAST_GOVERNORS | fact.NEGATING_GOVERNORS | WILLINGNESS
# Verbs of admission: with a "that" clause they report what someone grants is true ("officials
# concede that the money moves faster"), not a concession or an endorsement.
ADMISSION_VERBS = {"concede", "admit", "acknowledge", "accept", "recognise", "recognize", "grant"}
# Trade verbs: in the simple present with a quantity they describe a habitual volume ("X
# supplies 30 percent of Y's gas"), which the conventions do not code; a dated or past
# shipment is an event.
TRADE_VERBS = {"supply", "sell", "export", "ship", "send", "buy", "import", "purchase", "deliver",
               "meet", "cover"}      # "Russian gas meets 40 per cent of Turkish demand"
MARKET_WORDS = {"energy", "oil", "gas", "power", "electricity", "fuel", "consumer", "domestic",
                "global", "import", "export", "market", "crude", "coal", "food", "grain", "chip"}
QUANTITY_WORDS = {"percent", "per", "cent", "pc", "%", "most", "much", "half", "third", "quarter",
                  "share", "bulk", "majority", "tonne", "ton", "barrel", "bcm", "million", "billion"}
# Verbs of opinion: a commentator's belief about one actor's future act with no counterpart
# ("she believes Ankara will join the bloc") is a forecast (the forecasts step), not an event.
OPINION_VERBS = {"believe", "think", "argue", "suspect", "reckon", "doubt", "fear", "expect",
                 "predict", "guess", "suggest", "feel", "bet", "wager", "estimate"}
# Verbs of telling: telling another state's officials something is a consultation with them.
TELLING = {"tell", "brief", "inform", "assure", "speak"}
# Mutual fighting: "clashes between X and Y troops" is an attack by each side on the other.
MUTUAL_ASSAULTS = {"clash", "skirmish", "fighting", "fight", "firefight", "battle", "gunfight",
                   "exchange"}


@dataclass
class Candidate:
    """A predicate found in a sentence, with its arguments before pairing."""

    token: Token
    entry: Entry | None
    etype: str
    mode: str | None
    confidence: float
    type_by: str
    source: roles.Arg | None = None
    target: roles.Arg | None = None
    governor: Token | None = None          # verb whose subject a nominal predicate borrows
    performed: bool = False                # the governor is a verb that performs the noun's event
    target_sector: str = "REB"             # sector of an unnamed domestic group target
    governed_by: "Candidate | None" = None  # predicate this one is folded into
    embedded: list["Candidate"] = field(default_factory=list)
    words: list[Token] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    announced_by: Token | None = None      # reporting verb of an announced commitment or refusal


# --------------------------------------------------------------------------- data tables

@functools.lru_cache(maxsize=1)
def intensity_table() -> dict[tuple[str, str | None], float]:
    table: dict[tuple[str, str | None], float] = {}
    for raw in path("plover/intensity.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        table[(cols[0], None if cols[1] == "-" else cols[1])] = float(cols[2])
    return table


def intensity(etype: str, mode: str | None) -> float:
    table = intensity_table()
    return table.get((etype, mode), table.get((etype, None), 0.0))


@dataclass(frozen=True)
class ContextIndex:
    words: dict[str, frozenset[str]]                      # lemma -> channels
    phrases: dict[str, list[tuple[tuple[str, ...], str]]]  # first word -> (words, channel)
    by_type: dict[str, frozenset[str]]                    # PLOVER type -> channels


@functools.lru_cache(maxsize=1)
def context_index() -> ContextIndex:
    words: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    by_type: dict[str, set[str]] = {}
    for raw in path("context.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        channel = cols[0]
        for term in cols[1].split("|"):
            parts = tuple(term.lower().split())
            if len(parts) == 1:
                words.setdefault(parts[0], set()).add(channel)
            elif parts:
                phrases.setdefault(parts[0], []).append((parts, channel))
        if len(cols) > 2 and cols[2].strip() not in ("", "-"):
            for etype in cols[2].split("|"):
                by_type.setdefault(etype.strip(), set()).add(channel)
    return ContextIndex({k: frozenset(v) for k, v in words.items()}, phrases,
                        {k: frozenset(v) for k, v in by_type.items()})


def clause_tokens(head: Token) -> list[Token]:
    """The tokens of a clause without the clauses embedded in it (advcl, ccomp, relcl, ...),
    in text order; controlled verbs (xcomp) belong to the clause."""
    out, stack = [], [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.dep_ in roles.CLAUSE_DEPS and child.dep_ != "xcomp" and child.pos_ in ("VERB", "AUX"):
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def channels_of(tokens: list[Token]) -> set[str]:
    """Channels named by these words (lemmas, and lower-case forms)."""
    index = context_index()
    found: set[str] = set()
    tokens = [t for t in tokens if not t.is_space]
    lemmas = [t.lemma_.lower() for t in tokens]
    for i, (tok, lemma) in enumerate(zip(tokens, lemmas)):
        for key in (lemma, tok.lower_):
            channels = index.words.get(key)
            if channels:
                found |= channels
            for words, channel in index.phrases.get(key, ()):
                if tuple(lemmas[i:i + len(words)]) == words or tuple(
                        t.lower_ for t in tokens[i:i + len(words)]) == words:
                    found.add(channel)
    return found


# --------------------------------------------------------------------------- classifier

@functools.lru_cache(maxsize=1)
def _classifier() -> Any:
    """The learned fallback classifier, when it is installed and trained; else None."""
    try:
        from tightrope.extract.classifier import EventClassifier
    except ImportError:
        return None
    try:
        return EventClassifier.load()
    except Exception as exc:  # noqa: BLE001 - a missing or broken model must not stop extraction
        print(f"tightrope: event classifier unavailable ({exc}); lexicon only", file=sys.stderr)
        return None


# --------------------------------------------------------------------------- predicates

def _governing(token: Token, triggers: dict[int, Candidate]) -> Candidate | None:
    """The predicate `token` is embedded in, if any ("refused to SIGN", "imposed TARIFFS")."""
    t = roles.event_anchor(token)          # "halt mediation efforts": from "efforts"
    for _ in range(5):
        nominal_conj = t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN")   # "friendship and cooperation"
        # "refused to allow planes to land and evacuate": a verb coordinated with an embedded one
        embedded_conj = t.dep_ == "conj" and t.head.dep_ in EMBEDDING_DEPS
        if (t.dep_ not in EMBEDDING_DEPS and not nominal_conj and not embedded_conj
                and not roles.is_infinitive_clause(t)) or t.head == t:
            return None
        clause_dep = t.dep_
        lo, hi = sorted((t.i, t.head.i))
        if any(x.text == ";" for x in t.doc[lo:hi]):
            return None     # "X accepted the plan; Y has refused it": two statements
        t = t.head
        if t.i in triggers:
            if clause_dep == "ccomp" and triggers[t.i].etype == "CONSULT":
                return None     # "told the Indian delegation that ...": what was said stands alone
            return triggers[t.i]
        if clause_dep == "ccomp":
            # "reiterated its demand that Israel ease ...": the clause is the noun's content.
            for obj in t.children:
                said = triggers.get(obj.i)
                if obj.dep_ in ("dobj", "obj") and said is not None and said.etype in SPEECH_TYPES:
                    return said
    return None


def _verb_arguments(c: Candidate, index: roles.MentionIndex) -> None:
    tok, entry_roles = c.token, (c.entry.roles if c.entry else {})
    pair = roles.between(tok, index)
    if pair is None and c.mode == "mediate":
        # "brokered an exchange between Russia and Ukraine": the mediator meets each side
        pair = next((p for o in tok.children if o.dep_ in ("dobj", "obj") and (p := roles.between(o, index))), None)
    c.source = roles.subject(tok, index)
    c.target = roles.verb_target(tok, entry_roles, index, c.etype)
    if c.source is None and (repaired := roles.misparsed_finite_verb(tok, index)) is not None:
        c.source, c.target = repaired
    if c.source is None and c.etype == "ASSAULT":
        c.source = roles.unattributed_attack(tok, index)
    c.source = roles.relocate_ethnic(c.source, tok, index)
    c.target = roles.relocate_ethnic(c.target, tok, index)
    if pair is not None:
        if c.source is None:
            c.source, c.target = pair, None
        elif c.target is None:
            c.target = pair
    if c.target is None and c.etype == "ACCUSE":
        c.target = roles.destination_of_sender(tok, index)
    if c.target is None and (c.etype in roles.PLACE_TARGET_TYPES or entry_roles.get("in") == "target"):
        c.target = roles.place_target(tok, index)
    if c.target is None and c.etype not in DOMESTIC_FREE_TYPES:
        objects = [o for o in tok.children if o.dep_ in (("nsubjpass",) if roles.is_passive(tok) else ("dobj",))]
        objects += [p for _, p in roles.prep_objects(tok, roles.VERB_TARGET_PREPS + tuple(
            prep for prep, role in entry_roles.items() if role == "target"))]
        # "accepted demands from the rebels": the author of what the verb acts on
        objects += [p for o in list(objects) if o.lemma_.lower() in roles.SPEECH_NOUNS
                    for _, p in roles.prep_objects(o, ("from", "by"))]
        sector = None
        for obj in objects:
            sector = roles.domestic_group(obj, index)
            if sector is not None:
                objects = [obj]
                break
        if sector is not None:
            c.target = roles.Arg([], f"unnamed {DOMESTIC_NAMES.get(sector, 'domestic group')} '{objects[0].text}', object of "
                                     f"'{tok.text}'", objects[0], armed=True)
            c.target_sector = sector
    c.words = [tok] + [ch for ch in tok.children if ch.dep_ == "prt"]


def _noun_arguments(c: Candidate, index: roles.MentionIndex) -> None:
    tok, entry_roles = roles.event_anchor(c.token), (c.entry.roles if c.entry else {})
    gov, how = roles.governing_verb(tok)
    c.governor = gov
    if gov is not None and how == "object" and tok.dep_ != "nsubjpass":
        # "held talks", "imposed tariffs": the verb performs what its object names.
        gov_entry = lexicon().match(gov, index.names_actor)
        c.performed = gov_entry is not None and gov_entry.type in (LIGHT, c.etype)
    pair = next((p for n in roles.of_chain(tok) if (p := roles.between(n, index))), None) or (
        roles.between(gov, index) if gov is not None else None)
    c.source = roles.noun_source(tok, entry_roles, index)
    c.target = roles.noun_target(tok, entry_roles, index)
    if pair is not None and c.mode == "mediate":
        # Mediators consult with each side: the mediator acts, both parties are targets.
        mediator = c.source if c.source is not None and not c.source.pair else (
            roles.subject(gov, index) if gov is not None else None)
        if mediator is not None:
            c.source, c.target, pair = mediator, pair, None
    if pair is not None and c.source is None:
        c.source, c.target = pair, None
    elif pair is not None and c.target is None:
        c.target = pair
    if gov is not None and gov.lemma_.lower() in roles.UNDERGOER_VERBS and how == "object":
        # "China faces new tariffs": the subject is on the receiving end.
        if c.target is None:
            c.target = roles.subject(gov, index)
            if c.target is not None:
                c.target.how = f"subject of '{gov.text}', which undergoes '{tok.text}'"
        gov = None
    if (c.source is not None and c.performed and gov is not None and c.source.how.startswith("'")
            and not c.source.pair           # "hosted talks between X and Y": X and Y talk
            and (acting := roles.subject(gov, index)) is not None):
        # "X speeded up the withdrawal of forces from Y": the verb's subject performs the
        # event; the noun's own phrase only says what was withdrawn
        acting.how += f" (performs its {how} '{tok.text}')"
        c.source = acting
    if c.source is None and gov is not None:
        c.source = roles.subject(gov, index)
        if c.source is not None:
            c.source.how += f" (the noun is its {how})"
    elif (gov is not None and c.source is not None and not c.source.pair
          and c.source.how.startswith("modifier")):
        # "Pakistan forges a new US partnership": the verb's subject acts, the modifier is the
        # other party.
        acting = roles.subject(gov, index)
        if acting is not None and {m.country for m in acting.mentions} != {m.country for m in c.source.mentions}:
            if c.target is None:
                c.target = c.source
            acting.how += f" (the noun is its {how})"
            c.source = acting
    if c.target is None and gov is not None:
        found = roles.verb_target(gov, entry_roles, index, c.etype)
        if found is not None and (found.token is None or found.token.i != tok.i):
            c.target = found
    if c.target is None and (c.etype in roles.PLACE_TARGET_TYPES or entry_roles.get("in") == "target"):
        c.target = roles.place_target(tok, index) or (
            roles.place_target(gov, index) if gov is not None else None)
    if c.target is None:
        for prep, pobj in roles.prep_objects(tok, ("of", "on", "against")):
            sector = roles.domestic_group(pobj, index)
            if sector is not None:
                c.target = roles.Arg([], f"unnamed {DOMESTIC_NAMES.get(sector, 'domestic group')} '{pobj.text}', "
                                         f"'{prep}' phrase of '{tok.text}'", pobj, armed=True)
                c.target_sector = sector
                break
    if c.source is None and c.target is not None and c.etype in SYMMETRIC:
        c.source = _reporting_party(gov if gov is not None else tok, c.target, index)
    tok = c.token
    words = [tok]
    if c.entry is not None and len(c.entry.words) > 1:
        words = [t for t in tok.doc[max(tok.i - 4, 0):tok.i] if t.lemma_.lower() in c.entry.words[:-1]
                 or t.lower_ in c.entry.words[:-1]] + words
    if gov is not None and c.performed:
        words = [gov] + words
    c.words = words


def _reporting_party(node: Token, other: roles.Arg, index: roles.MentionIndex) -> roles.Arg | None:
    """"Chilean officials say talks with Bolivia will resume": a joint act named only by its
    other party ("talks with X", "the deal with X") in a clause reported by an actor of
    another country has the reporter's side as its first party."""
    head = roles.clause_head(node)
    for _ in range(3):
        if head.dep_ == "ccomp" and head.head.lemma_.lower() in fact.REPORTING_VERBS:
            break
        if head.dep_ not in ("xcomp", "conj") or head.head == head:
            return None
        head = roles.clause_head(head.head)
    else:
        return None
    if head.dep_ != "ccomp":
        return None
    reporter = roles.subject(head.head, index)
    if reporter is None or {m.country for m in reporter.mentions} & {m.country for m in other.mentions}:
        return None
    reporter.how += f" (reports the joint act with '{other.token.text if other.token is not None else ''}')"
    return reporter


def _complete(c: Candidate) -> bool:
    """Does a nominal predicate name its own participants (not borrowed from a verb)?"""
    own_source = c.source is not None and c.governor is None or (
        c.source is not None and c.source.token is not None and c.source.token.head == c.token)
    return bool(own_source and (c.target is not None or (c.source and c.source.pair)))


def _borrow_target(parent: Candidate, child: Candidate, index: roles.MentionIndex) -> None:
    """A governing predicate with no target of its own takes the embedded one's: "threatened
    to cut off electricity to X", "demanded that X withdraw" (the one asked to act)."""
    if parent.target is not None:
        return
    near = [child.token.head, child.token.head.head]
    if child.token.dep_ == "pobj" and child.token.head.lower_ == "of":
        near.append(child.token.head.head.head)      # "hosted three rounds of talks between ..."
    if child.token.pos_ != "VERB" and parent.token not in near:
        return      # a noun deep inside a complement ("ordered X to appear in an investigation of ...")
    if child.source is not None and child.source.pair and child.target is None:
        # "will host talks between X and Y": the host meets each side.
        parent.target = roles.Arg(child.source.mentions, f"{child.source.how}, via embedded "
                                  f"'{child.token.text}'", child.source.token, pair=True)
    elif child.token.dep_ == "ccomp" and child.source is not None:
        parent.target = roles.Arg(child.source.mentions, f"subject of embedded '{child.token.text}'",
                                  child.source.token)
    elif child.target is not None:
        parent.target = roles.Arg(child.target.mentions,
                                  f"{child.target.how}, via embedded '{child.token.text}'",
                                  child.target.token, child.target.pair, child.target.armed)
        parent.target_sector = child.target_sector


def _refine_type(parent: Candidate, child: Candidate) -> None:
    if (parent.etype == "AGREE" and parent.token.lemma_.lower() in PROMISE_LEMMAS
            and child.etype in HOSTILE and parent.token.lemma_.lower() != "agree"):
        parent.notes.append(f"'{parent.token.text}' + hostile '{child.token.text}' -> THREATEN")
        parent.etype, parent.mode = "THREATEN", None


def find_candidates(sent: Span, index: roles.MentionIndex) -> list[Candidate]:
    """Predicates of one sentence with their arguments, embedded ones folded in."""
    lex = lexicon()
    found: dict[int, Candidate] = {}
    for tok in sent:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in CHARACTERISING_VERBS and (word := _disapproving(tok)):
            # "X called the move aggressive", "described the sanctions as illegal"; calling an
            # accusation a fabrication denies it
            denial = any(o.dep_ in ("dobj", "obj") and o.lemma_.lower() in CLAIM_NOUNS for o in tok.children)
            etype = "REJECT" if denial else "ACCUSE"
            found[tok.i] = Candidate(tok, None, etype, None, 0.7,
                                     f"'{tok.text}' + disapproving '{word}' (disapproval.tsv) -> {etype}")
            continue
        if tok.pos_ == "VERB" and tok.lemma_.lower() in LEAVING_VERBS and _leaves_an_organisation(tok, index):
            # "Mali, Burkina Faso and Niger left ECOWAS": quitting an organisation cuts ties
            found[tok.i] = Candidate(tok, None, "SANCTION", "relations", 0.7,
                                     f"'{tok.text}' an international organisation -> SANCTION")
            continue
        if lex.candidates(tok) is None:
            continue
        entry = lex.match(tok, index.names_actor)
        if entry is None or entry.type == LIGHT or _not_an_act(tok):
            continue
        found[tok.i] = Candidate(tok, entry, entry.type, entry.mode, entry.conf, entry.describe())
    for c in found.values():
        if c.token.pos_ == "VERB":
            _verb_arguments(c, index)
        else:
            _noun_arguments(c, index)
        _civil_protest(c)
        _seized_company(c)
        _joint_exercise(c)
    for c in found.values():
        _numeric_object_target(c, found)
    for c in found.values():
        parent = _governing(c.token, found)
        if parent is None or parent is c:
            continue
        if c.token.pos_ != "VERB" and _complete(c):
            continue                                  # "condemned Y's attack on Z": two events
        c.governed_by = parent
        parent.embedded.append(c)
    _fold_protest_aims(found)
    for c in found.values():
        for child in c.embedded:
            _borrow_target(c, child, index)
            _refine_type(c, child)
    result = [c for c in found.values() if c.governed_by is None]
    # "Turkey hosted talks between X and Y": the host meets each side, and X and Y talk
    result += [c for c in found.values() if c.governed_by is not None and c.etype == "CONSULT"
               and c.governed_by.etype == "CONSULT" and c.token.pos_ != "VERB"
               and c.source is not None and c.source.pair]
    for c in result:
        if c.source is None:
            verb = c.token if c.token.pos_ == "VERB" else c.governor
            if verb is not None:
                c.source = roles.domestic_source(verb, c.target, index)
            if verb is not None and c.source is None and c.target is None and c.token.pos_ == "VERB":
                # "the rebel group insisted on its demands that X's government grant ...": the
                # nearest actor of the clause may be the target a domestic group acts on
                nearest = roles.clause_party(verb, roles.Arg([], ""), index, domestic=True)
                if nearest is not None and (source := roles.domestic_source(verb, nearest, index)):
                    c.source, c.target = source, nearest
        _conditional_threat(c, index)
        _threatened_place(c, index)
        if c.target and c.source and (_same_party(c.target, c.source) or _own_people_freed(c)):
            # "reneged on his commitment to ...": "his" is the source; "demanded the release
            # of its fishermen": the demand is to whoever holds them
            c.target = None
        if (c.target is None and c.source and len(_by_country(c.source.mentions)) == 1
                and (c.token.pos_ == "VERB" or (c.performed and c.governor is not None))
                and c.token.lemma_.lower() not in TELLING):     # "spoke to reporters in Kyiv"
            # a group of a country's people or an armed group acts on its own state
            c.target = roles.clause_party(c.token if c.token.pos_ == "VERB" else c.governor, c.source,
                                          index, domestic=_names_group(c.source.mentions[0], c.source))
    result.extend(_reported_obligations(sent, index, found, result))
    classifier = _classifier()
    if classifier is not None:
        result.extend(_classified(sent, index, found, classifier))
    return result


def _same_party(a: roles.Arg, b: roles.Arg) -> bool:
    """Do two arguments name the same actor (a pronoun or name resolved to the other)?"""
    names = {m.name for m in b.mentions if m.name}
    return bool(names) and all(m.name in names for m in a.mentions)


FREEING_NOUNS = {"release", "return", "repatriation", "freedom", "handover"}


def _own_people_freed(c: Candidate) -> bool:
    """Is the target the source's own people whose release or return the source asks for?"""
    if c.etype != "REQUEST" or c.target.token is None:
        return False
    if {m.country for m in c.target.mentions} != {m.country for m in c.source.mentions}:
        return False
    t = c.target.token
    for _ in range(3):
        t = t.head
        if t.lemma_.lower() in FREEING_NOUNS:
            return True
    return False


def _joint_exercise(c: Candidate) -> None:
    """"American and Philippine troops will begin their annual exercises": an exercise held
    by two states together is military cooperation, not a show of force."""
    if c.etype == "MOBILIZE" and c.mode == "exercise" and c.source is not None and (
            c.source.pair or len(_by_country(c.source.mentions)) >= 2):
        c.notes.append("exercise held by two states together -> COOPERATE")
        c.etype, c.mode = "COOPERATE", "military"


COMPANY_NOUNS = {"company", "firm", "chipmaker", "maker", "manufacturer", "producer", "bank",
                 "refinery", "plant", "factory", "mine", "subsidiary", "stake", "asset", "assets",
                 "operator", "carrier", "conglomerate", "group", "business", "enterprise"}


def _seized_company(c: Candidate) -> None:
    """"The Hague took control of Nexperia, a chipmaker ...": seizing a company is a
    confiscation (COERCE), not the capture of territory (ASSAULT)."""
    if c.etype != "ASSAULT" or c.token.lemma_.lower() not in ("take", "seize", "assume"):
        return
    things = [o for o in c.token.children if o.dep_ in ("dobj", "obj")]
    things += [p for o in list(things) if o.lemma_.lower() == "control"
               for prep in o.children if prep.dep_ == "prep" and prep.lower_ == "of"
               for p in prep.children if p.dep_ == "pobj"]
    things += [t for o in list(things) for t in o.children if t.dep_ == "appos"]
    if any(t.ent_type_ == "ORG" or t.lemma_.lower() in COMPANY_NOUNS for t in things
           if t.ent_type_ not in ("GPE", "LOC", "FAC")):
        c.notes.append(f"'{c.token.text}' a company -> COERCE (was {c.etype})")
        c.etype, c.mode = "COERCE", "confiscate"


def _fold_protest_aims(found: dict[int, Candidate]) -> None:
    """"staged demonstrations to demand reforms", "began a hunger strike to protest the
    decision": the aim of a protest act says what it is against, it is not a second act.
    The demand or complaint is folded into the protest, which takes its target."""
    performers = {c.governor.i: c for c in found.values()
                  if c.etype == "PROTEST" and c.governor is not None
                  and (c.performed or (c.token.head == c.governor and c.token.dep_ in ("dobj", "obj")))}
    performers.update({c.token.i: c for c in found.values() if c.etype == "PROTEST"})
    for c in found.values():
        if c.etype not in AIM_TYPES or c.governed_by is not None or c.token.pos_ != "VERB":
            continue
        if c.token.dep_ not in ("advcl", "xcomp") or not roles.has_to_infinitive(c.token):
            continue
        protest = performers.get(c.token.head.i)
        if protest is None or protest is c:
            continue
        protest.notes.append(f"aim '{c.token.text}' ({c.etype}) folded into the protest")
        c.governed_by = protest
        protest.embedded.append(c)


LEAVING_VERBS = {"leave", "quit", "exit"}
CHARACTERISING_VERBS = {"call", "describe", "brand", "label", "term", "denounce", "dub"}
CLAIM_NOUNS = {"accusation", "claim", "charge", "allegation", "report", "assertion", "statement"}


@functools.lru_cache(maxsize=1)
def disapproval_words() -> frozenset[str]:
    text = path("plover/disapproval.tsv").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _disapproving(verb: Token) -> str | None:
    """The disapproving word a characterising verb applies to its object, if any: an object
    predicate ("called the move aggressive"), an "as" phrase ("described X as illegal") or a
    second object ("branded the decision a provocation")."""
    words = disapproval_words()
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    preds = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "acomp")]
    preds += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children]
    preds += objects[1:]
    for p in preds:
        for w in [p, *p.conjuncts, *(c for c in p.children if c.dep_ in ("amod", "compound"))]:
            if w.lemma_.lower() in words or w.lower_ in words:
                return w.text
    return None


def _leaves_an_organisation(tok: Token, index: roles.MentionIndex) -> bool:
    # the object is the organisation itself, not something of it ("exit IMF programmes")
    return any(m.country == "IGO" for obj in tok.children if obj.dep_ in ("dobj", "obj")
               for m in index.get(obj))


def _not_an_act(tok: Token) -> bool:
    """Verbs that, in this use, state no interaction: an admission of a fact ("concede that
    ..."), a habitual trade volume ("Norway supplies a third of Germany's gas")."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() == "demand":
        # market demand, not a political one: "30 per cent of Spanish demand", "oil demand"
        of_a_quantity = (tok.dep_ == "pobj" and tok.head.lower_ == "of"
                         and (tok.head.head.lower_ in QUANTITY_WORDS or tok.head.head.like_num))
        return of_a_quantity or any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in MARKET_WORDS
                                    for c in tok.children)
    if tok.pos_ != "VERB":
        return False
    lemma = tok.lemma_.lower()
    if lemma in ADMISSION_VERBS and any(ch.dep_ == "ccomp" and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in ch.children) for ch in tok.children):
        return True
    if lemma in TRADE_VERBS and tok.tag_ in ("VBZ", "VBP") and not any(
            ch.dep_ in ("aux", "auxpass") for ch in tok.children):
        objects = [o for o in tok.children if o.dep_ in ("dobj", "obj")]
        return any(w.lower_ in QUANTITY_WORDS or w.lemma_.lower() in QUANTITY_WORDS or w.like_num
                   for o in objects for w in o.subtree)
    return False


def _numeric_object_target(c: Candidate, found: dict[int, Candidate]) -> None:
    """"Police fired on the marchers, killing one and arresting 12": a bare number as the
    object of a participle or coordinated verb counts members of the party the main verb
    acted on, so it takes that verb's target."""
    tok = c.token
    if c.target is not None or tok.pos_ != "VERB" or c.source is None:
        return
    if not any(o.dep_ in ("dobj", "obj") and (o.pos_ == "NUM" or o.like_num) and not list(o.children)
               for o in tok.children):
        return
    node = tok
    for _ in range(3):
        if node.dep_ not in ("advcl", "conj", "xcomp") or node.head == node:
            return
        node = node.head
        main = found.get(node.i)
        if main is not None and main.target is not None:
            c.target = roles.Arg(main.target.mentions, f"{main.target.how}, counted by the number "
                                 f"after '{tok.text}'", main.target.token, main.target.pair,
                                 main.target.armed)
            c.target_sector = main.target_sector
            return


def _is_civil(arg: roles.Arg | None) -> bool:
    """Does the argument name a non-state group (protesters, workers, an opposition party)?"""
    if arg is None or not arg.mentions:
        return False
    if all(m.sector in CIVIL_SECTORS for m in arg.mentions):
        return True
    found = roles.domestic_noun(arg.token) if arg.token is not None else None
    return found is not None and found[1] == "group"


def _civil_protest(c: Candidate) -> None:
    """A protest, strike, occupation or blockade by a non-state group is a PROTEST, even
    when the word alone reads as a diplomatic protest (ACCUSE), an attack (ASSAULT) or a
    blockade (COERCE)."""
    lemma = c.token.lemma_.lower()
    if c.etype == "PROTEST" or lemma not in CIVIL_PROTEST_MODES or not _is_civil(c.source):
        return
    c.notes.append(f"'{c.token.text}' by a non-state group -> PROTEST (was {c.etype})")
    c.etype, c.mode = "PROTEST", CIVIL_PROTEST_MODES[lemma]


def _rejection(c: Candidate, factuality: str, reason: str,
               index: roles.MentionIndex | None = None) -> tuple[str, str]:
    """A denied agreement or concession is a rejection: "did not accept the plan", "failed
    to reach agreement", "will not meet their demands" (REJECT, asserted or forecast)."""
    if factuality != "negated" or c.etype not in REJECTABLE_TYPES:
        return factuality, reason
    if c.source is not None and c.source.how.startswith("object of controlling verb"):
        return factuality, reason       # "told X not to offer": X was asked, it did not refuse
    if (c.token.lemma_.lower() in NOT_YET_DONE and not reason.startswith("governed by")
            and not any(a.dep_ == "aux" and a.lower_ in ("will", "would", "shall", "wo", "'ll")
                        for a in c.token.children)):
        # "has not signed the agreement": an act not (yet) done, not a refusal (issue 4:
        # "did not sign" is negated); "failed to sign" and "will not sign" are refusals
        return factuality, reason
    c.notes.append(f"negated {c.etype} ({reason}) -> REJECT")
    c.etype, c.mode = "REJECT", None
    factuality, reason = fact.factuality(c.token, ignore_negation=True)
    if factuality == "forecast" and index is not None and _said_by_the_actor(c, index):
        # "Saudi officials told X the kingdom would not join": the refusal was stated
        return "asserted", f"{reason}; but the refusal was stated by the actor itself"
    return factuality, reason


def _said_by_the_actor(c: Candidate, index: roles.MentionIndex) -> bool:
    """Is the predicate's clause reported by a speaker of the acting party's own country?"""
    if c.source is None:
        return False
    head = roles.clause_head(c.governor if c.governor is not None else c.token)
    for _ in range(3):
        if head.dep_ == "ccomp" and head.head.lemma_.lower() in fact.REPORTING_VERBS:
            speaker = roles.subject(head.head, index)
            if speaker is not None and {m.country for m in speaker.mentions} == {
                    m.country for m in c.source.mentions}:
                c.announced_by = head.head
                return True
            return False
        if head.dep_ not in ("xcomp", "conj") or head.head == head:
            return False
        head = roles.clause_head(head.head)
    return False


def _threatened_place(c: Candidate, index: roles.MentionIndex) -> None:
    """A threat naming no one is aimed at the place of the threatened act: "threatened to
    ban voting in X", "vowed to resume attacks inside Y"."""
    if c.etype != "THREATEN" or c.target is not None or c.token.pos_ != "VERB":
        return
    for comp in roles.complements(c.token):
        found = roles.place_target(comp, index)
        if found is not None:
            found.how += f", place of the threatened '{comp.text}'"
            c.target = found
            return


def _conditional_threat(c: Candidate, index: roles.MentionIndex) -> None:
    """"X will withdraw its force unless Y holds elections", "X threatened to stop the talks
    if Y goes ahead": a harmful act made conditional on another party's conduct is a threat
    to that party."""
    if c.etype not in CONDITIONAL_THREAT_TYPES:
        return
    node = c.governor if c.governor is not None else c.token
    nodes = [node]
    for depth in range(3):                     # "threatened to stop the talks (to reduce ...) if ..."
        for n in list(nodes):
            nodes.extend(x for x in roles.complements(n) if x not in nodes)
            # the parser often hangs the condition on the object's infinitive ("stop
            # negotiations to reduce arms if X goes ahead")
            nodes.extend(x for obj in n.children if obj.dep_ in ("dobj", "obj")
                         for x in obj.children if x.dep_ in ("acl", "relcl")
                         and roles.has_to_infinitive(x) and x not in nodes)
    up = node
    for _ in range(3):
        if up.dep_ not in ("xcomp", "conj") or up.head == up:
            break
        up = up.head
        nodes.append(up)
    for node in nodes:
        for clause in node.children:
            if clause.dep_ != "advcl" or not any(m.dep_ == "mark" and m.lower_ in ("unless", "if")
                                                 for m in clause.children):
                continue
            party = roles.subject(clause, index)
            if c.source is None or (party is None and c.target is None):
                continue
            if party is not None and {m.country for m in party.mentions} & {
                    m.country for m in c.source.mentions}:
                continue
            if c.etype != "THREATEN":
                c.notes.append(f"'{c.token.text}' ({c.etype}) made conditional on '{clause.text}' "
                               f"-> THREATEN")
                c.etype, c.mode = "THREATEN", None
            if c.target is None and party is not None:
                party.how = f"subject of the condition '{clause.text}'"
                c.target = party
            return


def _opinion_about_one_party(c: Candidate) -> bool:
    """Is the predicate's clause reported by a verb of opinion ("she believes that X will
    ...", "analysts expect X to ...")?"""
    node = c.governor if c.governor is not None else c.token
    for _ in range(4):
        if node.head == node:
            return False
        if node.dep_ in ("ccomp", "xcomp") and node.head.lemma_.lower() in OPINION_VERBS:
            return True
        if node.dep_ not in ("xcomp", "conj", "ccomp", "acomp"):
            return False
        node = node.head
    return False


def _announced_commitment(c: Candidate, factuality: str, index: roles.MentionIndex) -> bool:
    """An actor's own commitment to a cooperative act is an AGREE (PLOVER: "agree to, or offer
    to, take an action"): "France is ready to contribute troops", "Iraq said it would allow the
    inspectors' return". A third party's prediction ("talks will follow") keeps its type.
    Returns True when a reporting verb announced it: the announcement was made, so the
    commitment (or threat) is asserted."""
    hostile = c.etype in THREATENABLE_TYPES
    if (c.etype not in COMMITTABLE_TYPES and not hostile) or c.source is None:
        return
    new_type = "THREATEN" if hostile else "AGREE"
    acting = {m.country for m in c.source.mentions}
    node = c.governor if c.governor is not None else c.token
    path = [node]
    for _ in range(5):
        head = node.head
        if head == node:
            # "Turkey will allow ...", "X will visit Y": a verbal act the main clause states
            # in the future tense is the actor's stated intention
            future = next((a for n in path for a in n.children
                           if a.dep_ == "aux" and a.lower_ in fact.FUTURE_AUX), None)
            if future is not None and c.token.pos_ == "VERB" and not c.source.how.startswith("object"):
                what = "a threat" if hostile else "a commitment"
                c.notes.append(f"'{future.text} {c.token.text}' stated as the actor's own future act: "
                               f"{what} -> {new_type} (was {c.etype})")
                c.etype, c.mode = new_type, None
            return
        lemma = head.lemma_.lower()
        if (node.dep_ == "xcomp" and c.etype == "ASSAULT" and lemma == "prepare" and head.pos_ == "VERB"
                and not any(a.dep_ in ("auxpass", "cop") for a in head.children)):
            # "the army prepared to storm the town": readying forces for an attack is a
            # military preparation (PLOVER MOBILIZE), not a stated intention
            c.notes.append(f"'{head.text} to {c.token.text}': preparing an attack -> MOBILIZE (was {c.etype})")
            c.etype, c.mode = "MOBILIZE", "troops"
            return
        if node.dep_ == "xcomp" and (lemma in WILLINGNESS or (hostile and lemma in INTENTION)):
            what = "a threat" if hostile else "an offer"
            c.notes.append(f"'{head.text} to {c.token.text}': {what} -> {new_type} (was {c.etype})")
            c.etype, c.mode = new_type, None
            return
        if node.dep_ == "ccomp" and factuality in ("forecast", "hypothetical") \
                and lemma in fact.REPORTING_VERBS:
            # The speaker is the actor itself, or names no other actor ("..., a statement said").
            speaker = roles.subject(head, index)
            said_by = next((t for t in head.children if t.dep_ in roles.SUBJECT_DEPS), None)
            announced = said_by is not None and said_by.lemma_.lower() in ANNOUNCERS
            if lemma in ANNOUNCING_VERBS and ((speaker is None and announced) or (
                    speaker is not None and {m.country for m in speaker.mentions} == acting)):
                what = "a threat" if hostile else "a commitment"
                c.notes.append(f"'{head.text}' by the actor itself about its own future act: "
                               f"{what} -> {new_type} (was {c.etype})")
                c.etype, c.mode = new_type, None
                c.announced_by = head
                return True
            return False
        if node.dep_ not in ("xcomp", "acomp", "conj"):
            return
        node = head
        path.append(node)


def _reported_obligations(sent: Span, index: roles.MentionIndex, found: dict[int, Candidate],
                          result: list[Candidate]) -> list[Candidate]:
    """"X said (that) Y must / should do Z" is X's demand on Y: a REQUEST from the speaker to
    the one obliged, into which Z is folded (a deontic modal in reported speech)."""
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in OBLIGATION_REPORTERS:
            continue
        for clause in tok.children:
            if clause.dep_ != "ccomp":
                continue
            modal = next((a for a in clause.children if a.dep_ == "aux" and a.lower_ in OBLIGATION_MODALS), None)
            if modal is None:
                continue
            source = roles.subject(tok, index)
            if source is not None and any(_commentator(m) for m in source.mentions):
                continue        # "an analyst argues that X should ...": an opinion
            target = next((roles.Arg(actors, f"subject of '{clause.text}' ('{modal.text}')", subj)
                           for subj in clause.children if subj.dep_ in roles.SUBJECT_DEPS
                           if (actors := roles.phrase_actors(subj, index))), None)
            if source is None or target is None:
                continue
            c = Candidate(tok, None, "REQUEST", "demand", 0.6,
                          f"reported obligation: '{modal.text}' in the clause reported by '{tok.text}'",
                          source=source, target=target)
            c.words = [tok, modal]
            for other in list(result):
                if roles.controlled_by(other.token, clause):
                    other.governed_by = c
                    c.embedded.append(other)
                    result.remove(other)
            out.append(c)
    return out


def _commentator(m: Any) -> bool:
    """A speaker who acts for no government: an expert, or a former official."""
    return m.sector == "EXPERT" or (getattr(m, "role", None) or "").lower().startswith(("former", "ex-", "retired"))


def _classified(sent: Span, index: roles.MentionIndex, found: dict[int, Candidate],
                classifier: Any) -> list[Candidate]:
    """Verbs outside the lexicon with an actor on each side, typed by the classifier."""
    out = []
    lex = lexicon()
    for tok in sent:
        if tok.pos_ != "VERB" or tok.i in found or tok.lemma_.lower() in CLASSIFIER_SKIP \
                or tok.lemma_.lower() in fact.REPORTING_VERBS:
            continue
        if any(ch.dep_ == "oprd" for ch in tok.children) or _not_an_act(tok):
            continue                  # "made X nervous": a result, not an interaction
        entry = lex.match(tok, index.names_actor) if lex.candidates(tok) else None
        if entry is not None and entry.type == LIGHT:
            continue                  # "held talks": the object noun carries the event
        if _governing(tok, found) is not None:
            continue
        source = roles.subject(tok, index)
        if source is None:
            continue
        target = roles.verb_target(tok, {}, index, "")
        if target is not None and {m.country for m in target.mentions} <= {m.country for m in source.mentions}:
            target = None             # "Pakistan ... proving Pakistan's ...": one party, not two
        try:
            scores = classifier.predict(sent, tok, source.mentions[0],
                                        target.mentions[0] if target is not None else None)
        except Exception as exc:  # noqa: BLE001 - one bad sentence must not stop the batch
            print(f"tightrope: classifier failed on {tok.text!r}: {exc}", file=sys.stderr)
            continue
        if not scores:
            continue
        best, p = scores[0]
        # A verb with no second party must be typed with more certainty to be coded at all.
        if p < (CLASSIFIER_MIN if target is not None else CLASSIFIER_MIN_ONE_PARTY):
            continue
        runner = f"; next {scores[1][0]} {scores[1][1]:.2f}" if len(scores) > 1 else ""
        c = Candidate(tok, None, best, None, float(p), f"classifier: {best} {p:.2f}{runner}",
                      source=source, target=target)
        c.words = [tok] + [ch for ch in tok.children if ch.dep_ == "prt"]
        out.append(c)
    return out


# --------------------------------------------------------------------------- pairing

def _names_group(m: Any, arg: roles.Arg | None) -> bool:
    """Does this side of a pair name a group of a country's people or an armed group
    ("Spanish fishermen", "the rebels", "protesters"), rather than the state itself?"""
    if m.sector in CIVIL_SECTORS or m.sector in ARMED_SECTORS:
        return True
    found = roles.domestic_noun(arg.token) if arg is not None and arg.token is not None else None
    return found is not None and found[1] in ("group", "armed")


def _allowed_self(s: Any, t: Any, c: Candidate) -> bool:
    """Same-country dyads are domestic events between two different actors of one country
    (a government and its opposition, police and protesters, a court and a minister, a
    president and his country). Not pairs: a country named twice ("Turkey ... Ankara"), one
    actor named twice, a state and one of its own companies (commerce), a commentator and
    their own government (opinion)."""
    if {"BUS", "EXPERT"} & {s.sector, t.sector}:
        return False
    if (s.start, s.end) == (t.start, t.end):
        return False
    if _names_group(s, c.source) or _names_group(t, c.target):
        return True
    state_kinds = STATE_NAME_KINDS | {"demonym", "combining"}
    if s.kind in state_kinds and t.kind in state_kinds:
        return False
    if s.name is not None and s.name == t.name:
        return False
    return s.text != t.text


def dyads(c: Candidate) -> list[tuple[Any, Any, str]]:
    """(source mention, target mention or None, note) pairs: one event per pair of parties."""
    if c.source is None:
        return []
    sources = c.source.mentions
    out: list[tuple[Any, Any, str]] = []
    if c.target is None and len(_by_country(sources)) == 1:
        implied = _implied_domestic_target(c, sources[0])
        if implied is not None:
            return [(sources[0], roles.implied_mention(implied[0], sources[0].country,
                                                       *(("GOV", "government") if implied[1] == "protest"
                                                         else ("CVL", "population"))),
                     "protest by a domestic group: against its own government" if implied[1] == "protest"
                     else f"'{implied[0].text}': a measure over the government's own country")]
    if c.target is not None and not c.target.mentions and c.target.armed:
        return [(s, _armed_group(c.target.token, s, c.target_sector),
                 f"unnamed {DOMESTIC_NAMES.get(c.target_sector, 'domestic group')} coded with the country it operates in "
                 "(the acting state's)") for s in _by_country(sources)
                if s.sector not in ARMED_SECTORS]
    reciprocal = any(" ".join(t.lower_ for t in c.token.doc[i:i + 2]) in RECIPROCALS
                     for i in range(c.token.sent.start, c.token.sent.end - 1)) if len(sources) > 1 else False
    # "clashes between Indian and Chinese troops": each side attacked the other
    reciprocal = reciprocal or (c.etype == "ASSAULT" and c.source.pair
                                and c.token.lemma_.lower() in MUTUAL_ASSAULTS)
    if c.target is not None:
        for s in sources:
            for t in c.target.mentions:
                if s.country == t.country and not _allowed_self(s, t, c):
                    continue
                out.append((s, t, ""))
        if not out and len(c.target.mentions) >= 2 and c.target.pair:
            sources = c.target.mentions
        elif not out:
            return [(s, None, "target dropped: same country as the source") for s in _by_country(sources)]
        else:
            if c.etype == "CONSULT" and c.mode == "host":
                # "Trump hosted Pashinyan and Aliyev": the guests meet each other too
                out += _country_pairs(c.target.mentions, "guests of one host")
            elif c.etype in SYMMETRIC:
                # "Macron and Starmer signed a declaration with Zelensky": all three agree
                out += _country_pairs(sources, "parties acting together")
            return out
    if len(sources) >= 2:
        # Parties acting together with no one else named: one event per pair of them.
        uniq = _by_party(sources)
        for i, s in enumerate(uniq):
            for t in uniq[i + 1:]:
                if s.country == t.country and not (s.sector in ARMED_SECTORS) != (t.sector in ARMED_SECTORS):
                    continue
                out.append((s, t, "pair of parties acting together"))
                if reciprocal and c.etype not in SYMMETRIC:
                    out.append((t, s, "reciprocal ('each other')"))
        if out:
            return out
    return [(s, None, "") for s in _by_country(sources)]


def _country_pairs(mentions: list, note: str) -> list[tuple[Any, Any, str]]:
    """Each pair of the parties (`_by_party`) that belong to different states."""
    parties = _by_party(mentions)
    return [(a, b, note) for i, a in enumerate(parties) for b in parties[i + 1:] if a.country != b.country]


def _implied_domestic_target(c: Candidate, source: Any) -> tuple[Token, str] | None:
    """The unnamed domestic party of an event with no target: a protest by a domestic group
    (not a state organ) is against its own government ("thousands of Egyptians marched");
    a curfew, state of emergency or martial law imposed or lifted by a state acts on its own
    country. Returns (words standing for that party, "protest" | "measure")."""
    if source.country in (None, "IGO"):
        return None
    if c.etype == "PROTEST":
        if source.kind in STATE_NAME_KINDS or source.sector in ("GOV", "MIL", "JUD", "LEG"):
            return None
        return c.token, "protest"
    if c.etype in ("COERCE", "CONCEDE", "THREATEN") and source.sector not in ARMED_SECTORS:
        words = [c.token] + [e.token for e in c.embedded]
        for w in list(words):
            words.extend(ch for ch in w.children if ch.dep_ in ("dobj", "obj", "nsubjpass"))
        for w in words:
            if w.lemma_.lower() in DOMESTIC_MEASURES:
                return w, "measure"
    return None


def _armed_group(token: Token, state: Any, sector: str = "REB") -> Any:
    """An actor for an unnamed domestic group (armed, opposition, civilians ...) acted upon
    by a state in its own territory."""
    return roles.domestic_mention(token, state.country, sector)


def _by_party(mentions: list) -> list:
    """One mention per country, except that a state and an armed group of the same country
    ("Sudan's army and the RSF") are two parties."""
    seen, out = set(), []
    for m in mentions:
        key = (m.country, m.sector in ARMED_SECTORS)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _by_country(mentions: list) -> list:
    seen, out = set(), []
    for m in mentions:
        if m.country not in seen:
            seen.add(m.country)
            out.append(m)
    return out


# --------------------------------------------------------------------------- dates

def _event_clauses(c: Candidate) -> set[int]:
    heads = [roles.clause_head(c.token)]
    if c.governor is not None:
        heads.append(roles.clause_head(c.governor))
    own = heads[-1]
    if (own.dep_ == "ccomp" and own.head.lemma_.lower() in fact.REPORTING_VERBS
            and own.tag_ in ("VBZ", "VBP") and not any(a.dep_ == "aux" for a in own.children)):
        # "said on January 8 that China respects X": a stance in the present tense is taken
        # by saying it, so the saying dates it
        heads.append(roles.clause_head(own.head))
    if c.announced_by is not None:
        heads.append(roles.clause_head(c.announced_by))   # the announcement is the event
    clauses: set[int] = set()
    for h in heads:
        node = h
        for _ in range(4):
            clauses.add(node.i)
            clauses.update(ch.i for ch in node.children if ch.dep_ == "xcomp")
            if node.dep_ != "xcomp" or node.head == node:
                break
            node = roles.clause_head(node.head)
    return clauses


def _time_anchors(sent: Span, times: list) -> list[tuple[Any, Token]]:
    """(time expression, the word it modifies) for each expression in the sentence: the first
    word above the expression that is neither inside it nor a preposition ("on October 30"
    -> the verb or noun it dates; "the August 2021 bombers" -> "bombers")."""
    doc = sent.doc
    spans = []
    for t in times:
        span = doc.char_span(t.start_char, t.end_char, alignment_mode="expand")
        if span is not None and len(span):
            spans.append((t, span))

    def anchor_of(span, depth: int = 0) -> Token:
        anchor = span.root
        for _ in range(6):
            if anchor.head == anchor:
                break
            if span.start <= anchor.i < span.end or anchor.pos_ == "ADP":
                anchor = anchor.head
                continue
            break
        if depth < 2:
            # "on Sunday, October 26": the date restates the weekday and dates what it dates.
            for _, other in spans:
                if other is not span and other.start <= anchor.i < other.end:
                    return anchor_of(other, depth + 1)
        return anchor

    return [(t, anchor_of(span)) for t, span in spans]


def _dates_event(anchor: Token, c: Candidate, clauses: set[int], time: Any = None) -> bool:
    if anchor.i == c.token.i or (c.governor is not None and anchor.i == c.governor.i):
        return True
    if anchor.pos_ in ("VERB", "AUX") or anchor.head == anchor:
        if roles.clause_head(anchor).i in clauses:
            return True
        # "In August, Bamako arrested X and accused him": a time put before the first of two
        # coordinated verbs dates both ("visited X on May 2, and agreed ..." dates the visit)
        head = roles.clause_head(c.token)
        return (time is not None and head.dep_ == "conj" and head.head.i == anchor.i
                and time.end_char <= anchor.idx and not any(ch.dep_ in roles.SUBJECT_DEPS
                                                            for ch in head.children))
    if time is not None and _by_preposition(time, anchor):
        # "At the summit in Astana on June 17, X signed", "discussed it by telephone on
        # March 10": a dated phrase that is itself part of the predicate's phrase
        node = anchor
        for _ in range(4):
            if node.dep_ not in ("pobj", "prep", "appos", "compound") or node.head == node:
                break
            node = node.head
            if node.i == c.token.i or node.i in clauses or (c.governor is not None and node.i == c.governor.i):
                return True
    return False            # it dates another noun ("the August 2021 bombers")


def _by_preposition(time: Any, anchor: Token) -> bool:
    """Is the time expression a prepositional phrase ("on June 17") on the word it dates,
    not a modifier inside a noun phrase ("the August 2021 bombers")?"""
    doc = anchor.doc
    span = doc.char_span(time.start_char, time.end_char, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return ((root.pos_ == "ADP" and root.head.i == anchor.i)
            or (root.head.pos_ == "ADP" and root.head.head.i == anchor.i))


def _when_clause_date(c: Candidate, timed: list[tuple[Any, Token]]) -> Any:
    """"became formal on January 29, when Mali left ECOWAS": a "when" clause hung on a
    date (or on the verb that date modifies) happens at that date."""
    head = roles.clause_head(c.token)
    if not any(ch.lower_ == "when" for ch in head.children) or head.dep_ not in ("relcl", "advcl"):
        return None
    for t, anchor in timed:
        span = head.doc.char_span(t.start_char, t.end_char, alignment_mode="expand")
        if t.value and span is not None and (span.start <= head.head.i < span.end or anchor.i == head.head.i):
            return t
    return None


def event_date(c: Candidate, timed: list[tuple[Any, Token]]) -> tuple[Any, str]:
    """The temporal expression dating the event, and why (None when its clause has none)."""
    if not timed:
        return None, "no temporal expression in the sentence"
    clauses = _event_clauses(c)
    mine = [(t, a.i) for t, a in timed if t.value and _dates_event(a, c, clauses, t)]
    if not mine and (when := _when_clause_date(c, timed)) is not None:
        return when, f"'{when.text}' dates the clause its \"when\" clause hangs on ({when.precision} precision)"
    if not mine:
        others = ", ".join(repr(t.text) for t, _ in timed)
        return None, f"no resolved temporal expression in the event's own clause (elsewhere: {others})"
    # "at" before "by"/"since"/windows; a calendar date ("August 31") before a weekday or a
    # relative word ("Sunday", "today") that restates it; then the nearest to the predicate.
    mine.sort(key=lambda ti: (ti[0].relation != "at", not any(ch.isdigit() for ch in ti[0].text),
                              abs(ti[1] - c.token.i)))
    t = mine[0][0]
    return t, f"'{t.text}' in the event's clause ({t.relation}, {t.precision} precision)"


# --------------------------------------------------------------------------- records

def _sentence_times(sent: Span, published: Any) -> list:
    try:
        from tightrope.extract import dates
    except ImportError:
        return []
    try:
        return dates.find_times(sent, published)
    except Exception as exc:  # noqa: BLE001 - a date bug must not lose the sentence's events
        print(f"tightrope: dates failed on a sentence: {exc}", file=sys.stderr)
        return []


def _channels(c: Candidate) -> list[str]:
    """Channels named in the event's own clause, plus those its type always carries."""
    head = roles.clause_head(c.governor if c.governor is not None else c.token)
    words = clause_tokens(head)
    if c.token.pos_ != "VERB":
        words = sorted(set(words) | set(c.token.subtree), key=lambda t: t.i)
    by_type = context_index().by_type.get(c.etype, frozenset())
    return sorted(channels_of(words) | by_type)


def sentence_events(ctx: DocContext, sent: Span, index: roles.MentionIndex) -> list[dict]:
    """The sentence's events. An event with no target is dropped when another predicate of
    the sentence names both parties: it is then a side remark ("..., urging its citizens")."""
    records = list(_sentence_records(ctx, sent, index))
    # a side remark is by a party of the sentence's two-party event; another actor's act
    # ("Israel struck X, and American bombers hit Y") stands on its own
    with_target = {r["source"]["country"] for r in records if r["target"] is not None}
    if with_target:
        records = [r for r in records if r["target"] is not None or (
            r["source"]["country"] not in with_target and r.get("_own_subject"))]
    for r in records:
        r.pop("_own_subject", None)
    told = [r for r in records if r.pop("_telling", False)]
    if told:
        # "X told Y that it would not join ...": when what was said is itself an event between
        # the two, the telling is only its channel
        said = {frozenset((r["source"]["country"], r["target"]["country"])) for r in records
                if r not in told and r["target"] is not None}
        records = [r for r in records if r not in told or frozenset(
            (r["source"]["country"], r["target"]["country"])) not in said]
    return records


def _dyad_key(etype: str, source: str | None, target: str | None) -> tuple:
    """One event per (type, source, target); the dyad of a symmetric type is unordered."""
    if etype in SYMMETRIC and target is not None:
        return (etype, *sorted([source or "", target]))
    return (etype, source, target)


def _sentence_records(ctx: DocContext, sent: Span, index: roles.MentionIndex) -> Iterator[dict]:
    candidates = find_candidates(sent, index)
    if not candidates:
        return
    start, end, text = trimmed(sent)
    timed = None
    seen: set[tuple] = set()
    for c in sorted(candidates, key=lambda c: c.token.i):
        pairs = dyads(c)
        if c.etype == "CONSULT":
            pairs = [p for p in pairs if p[1] is not None]   # a consultation takes two parties
            if c.token.lemma_.lower() in TELLING:
                # telling the press or a company something is no consultation of a state
                pairs = [p for p in pairs if p[1].sector not in ("MED", "BUS", "EXPERT")]
        if c.token.pos_ != "VERB" and not c.performed:
            # "US tariffs", "the APEC summit": a noun alone is an event only between two parties.
            pairs = [p for p in pairs if p[1] is not None]
        if not pairs:
            continue
        if timed is None:
            timed = _time_anchors(sent, _sentence_times(sent, ctx.published))
        factuality, fact_reason = fact.factuality(c.token)
        factuality, fact_reason = _rejection(c, factuality, fact_reason, index)
        if factuality in ("forecast", "hypothetical") and _opinion_about_one_party(c):
            pairs = [p for p in pairs if p[1] is not None]
            if not pairs:
                continue
        if _announced_commitment(c, factuality, index):
            # the commitment or threat was made: the announcement is what is coded
            factuality, fact_reason = "asserted", f"{fact_reason}; but the announcement itself was made"
        time, date_reason = event_date(c, timed)
        if time is not None and factuality == "asserted" and time.future:
            factuality, fact_reason = "forecast", f"its date '{time.text}' is after publication"
        trigger = " ".join(t.text for t in sorted(set(c.words), key=lambda t: t.i))
        context = _channels(c)
        for s, t, note in pairs:
            key = _dyad_key(c.etype, s.country, t.country if t is not None else None)
            if key in seen:
                continue
            seen.add(key)
            conf = c.confidence * (0.9 if c.source and "subject of '" not in c.source.how else 1.0)
            conf *= 0.9 if t is None else 1.0
            record = {
                "kind": "event", "doc_id": ctx.doc_id,
                "id": record_id(ctx.doc_id, "event", start, end, c.token.i, c.etype, s.country,
                                t.country if t is not None else None),
                "type": c.etype,
                "source": s.actor(),
                "target": t.actor() if t is not None else None,
                "sentence": text, "span": [start, end],
                "trigger": trigger,
                "date": time.value if time is not None else None,
                "factuality": factuality,
                "context": context,
                "intensity": intensity(c.etype, c.mode),
                "confidence": round(max(0.0, min(1.0, conf)), 3),
                "mode": c.mode,
            }
            if c.etype == "CONSULT" and c.token.lemma_.lower() in TELLING:
                record["_telling"] = True
            head = c.token if c.token.pos_ == "VERB" else c.governor
            if (head is not None and any(ch.dep_ in roles.SUBJECT_DEPS for ch in head.children)
                    and roles.clause_head(head).dep_ in ("ROOT", "conj", "ccomp")):
                record["_own_subject"] = True    # a clause of its own, not a side remark or condition
            if note.startswith("target dropped"):
                record["_own_target"] = True    # a target was named: no counterpart to guess
            if ctx.explain:
                record["explain"] = {
                    "trigger": trigger,
                    "type": c.type_by + ("; " + "; ".join(c.notes) if c.notes else ""),
                    "source": f"{s.text!r} ({s.country}): {c.source.how}" if c.source else None,
                    "target": (f"{t.text!r} ({t.country}): {c.target.how}"
                               if t is not None and c.target is not None
                               and (t in c.target.mentions or c.target.armed)
                               else f"{t.text!r} ({t.country}): acting together with the source, "
                                    f"{c.source.how}" if t is not None
                               else "none named in the predicate's clause"),
                    "pairing": note or None,
                    "folded": [f"'{e.token.text}' ({e.etype}) embedded in '{c.token.text}'"
                               for e in c.embedded],
                    "date": date_reason,
                    "factuality": fact_reason,
                }
            yield record


def extract(ctx: DocContext) -> Iterator[dict]:
    if not ctx.mentions:
        return
    index = roles.MentionIndex(ctx.mentions)
    if not index.at:
        return
    starts = sorted(index.at)
    pos = 0
    records: list[dict] = []
    for sent in sentences(ctx.doc):
        while pos < len(starts) and starts[pos] < sent.start:
            pos += 1
        if pos >= len(starts):
            break
        if starts[pos] >= sent.end:
            continue
        try:
            records.extend(sentence_events(ctx, sent, index))
        except Exception as exc:  # noqa: BLE001 - one odd parse must not lose the article
            print(f"tightrope: events skipped a sentence of {ctx.doc_id}: "
                  f"{type(exc).__name__}: {exc}", file=sys.stderr)
    starts = [a for a, _ in ctx.sentence_spans]
    per_state = states_by_sentences(ctx, starts)
    records = [_with_article_counterpart(ctx, r, per_state, starts) for r in records]
    yield from _without_repeats(records)


SUBJECT_MIN_SENTENCES = 3          # the counterpart is named in at least this many sentences
LOCAL_SENTENCES = 5                # ... and nearby text is read first: this many sentences back


def states_by_sentences(ctx: DocContext, starts: list[int]) -> dict[str, set[int]]:
    """The states an article names (by name, demonym, capital or official), and "IGO" for the
    international organisations it names, each with the sentences (indices, by the sentence
    `starts` offsets) naming it."""
    per_state: dict[str, set[int]] = {}
    for m in ctx.mentions:
        if m.country is not None:
            per_state.setdefault(m.country, set()).add(bisect.bisect_right(starts, m.start_char) - 1)
    return per_state


def _article_counterpart(per_state: dict[str, set[int]], source: str, sentence: int) -> tuple[str, str] | None:
    """(country, why) of the state an article is most about, other than `source`: named in
    the most sentences (at least SUBJECT_MIN_SENTENCES); between states named equally often,
    the one named last before `sentence`; None when that does not single one out."""
    others = {c: n for c, n in per_state.items() if c != source}
    if not others:
        return None
    # the nearby text first: the state named most in the event's sentence and the
    # LOCAL_SENTENCES before it, when one is named there more than any other
    near = {c: sum(1 for i in n if sentence - LOCAL_SENTENCES <= i <= sentence) for c, n in others.items()}
    best_near = max(near.values())
    if best_near >= 2 and sum(1 for v in near.values() if v == best_near) == 1:
        country = next(c for c, v in near.items() if v == best_near)
        if len(others[country]) >= SUBJECT_MIN_SENTENCES:
            return country, (f"named in {best_near} of the {LOCAL_SENTENCES + 1} sentences up to this one, "
                             f"more than any other, and in {len(others[country])} in all")
    top = max(len(n) for n in others.values())
    if top < SUBJECT_MIN_SENTENCES:
        return None
    tied = [c for c, n in others.items() if len(n) == top]
    if len(tied) == 1:
        return tied[0], f"named in the most sentences ({top})"
    last = {c: max((i for i in others[c] if i < sentence), default=-1) for c in tied}
    best = max(last.values())
    leaders = [c for c, i in last.items() if i == best]
    if best < 0 or len(leaders) != 1:
        return None
    return leaders[0], f"named in the most sentences ({top}, as often as {', '.join(sorted(set(tied) - set(leaders)))}) and the last named before this one"


def _with_article_counterpart(ctx: DocContext, record: dict, per_state: dict[str, set[int]],
                              starts: list[int]) -> dict:
    """"Russian officials have also offered to supply gas", in an article about Pakistan's
    energy: an event whose sentence names no counterpart is with the state the article is
    most about, other than the source's own (`_article_counterpart`). This is how hand coders
    read such sentences (../shared/eval/README.md: the parties are clear from the text); the
    target's text says it is implied and the confidence is lowered."""
    source = record["source"]
    if record.pop("_own_target", False) or record["target"] is not None or source["country"] is None:
        return record
    found = _article_counterpart(per_state, source["country"],
                                 bisect.bisect_right(starts, record["span"][0]) - 1)
    if found is None:
        return record
    from tightrope.knowledge.actors import country_label

    country, why = found
    name = country_label(country)
    record = dict(record, target={"text": f"({name}, implied: the article's main counterpart)",
                                  "name": name, "country": country, "sector": None})
    record["id"] = record_id(ctx.doc_id, "event", record["id"], country)
    record["confidence"] = round(record["confidence"] * 0.7, 3)
    if "explain" in record:
        record["explain"] = dict(record["explain"], target=(
            f"none in the sentence; {name} is the state the article is most about after the "
            f"source's own ({why}): taken as the counterpart"))
    return record


_WORD = re.compile(r"[a-z0-9]+")


def _without_repeats(records: list[dict]) -> list[dict]:
    """A standfirst or summary that repeats a sentence of the body ("As X attempts ..., the
    US-China relations take centre stage" / "As X attempts ..., the US-China rivalry is taking
    centre stage with ...") states one event once: of two events with the same type and dyad
    whose sentences nearly contain one another (overlap coefficient of their words >= 0.8),
    the one with a date is kept, else the later one (the body, with its context)."""
    dropped: set[int] = set()
    by_key: dict[tuple, list[int]] = {}
    for i, r in enumerate(records):
        target = r["target"]["country"] if r["target"] else None
        by_key.setdefault(_dyad_key(r["type"], r["source"]["country"], target), []).append(i)
    words: dict[int, Counter] = {}
    for same in by_key.values():
        if len(same) < 2:
            continue
        for i in same:
            words[i] = Counter(_WORD.findall(records[i]["sentence"].lower()))
        for a_pos, a in enumerate(same):
            for b in same[a_pos + 1:]:
                ra, rb = records[a], records[b]
                if a in dropped or b in dropped or ra["span"] == rb["span"]:
                    continue
                wa, wb = words[a], words[b]
                small = min(sum(wa.values()), sum(wb.values()))
                if small < 5 or sum((wa & wb).values()) / small < 0.8:
                    continue
                dropped.add(b if ra["date"] and not rb["date"] else a)
    return [r for i, r in enumerate(records) if i not in dropped]


def describe(record: dict) -> str:
    """A human-readable account of an event record carrying an "explain" field."""
    why = record.get("explain") or {}
    target = record["target"]
    lines = [
        f"{record['type']}: {record['source']['text']} ({record['source']['country']}) -> "
        + (f"{target['text']} ({target['country']})" if target else "no target")
        + f"  [{record['factuality']}, date {record['date'] or 'none'}, "
          f"intensity {record['intensity']:+g}, confidence {record['confidence']:.2f}]",
        f"  trigger:     {record['trigger']!r}",
        f"  type:        {why.get('type', '?')}",
        f"  source:      {why.get('source', '?')}",
        f"  target:      {why.get('target', '?')}",
    ]
    if why.get("pairing"):
        lines.append(f"  pairing:     {why['pairing']}")
    for folded in why.get("folded") or ():
        lines.append(f"  folded:      {folded}")
    lines += [
        f"  date:        {why.get('date', '?')}",
        f"  factuality:  {why.get('factuality', '?')}",
        f"  context:     {', '.join(record['context']) or 'none'}",
    ]
    return "\n".join(lines)
