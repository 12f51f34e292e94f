"""Factuality of an event: did the text assert it, deny it, forecast it or only suppose it?

The categories follow FactBank's event factuality (Saurí & Pustejovsky 2009), reduced to the
record contract's four values:

* negated      a negation on the predicate or on the verb that governs it ("did not sign",
               "no deal was reached", "failed to agree", "never visited");
* hypothetical a conditional or possibility modal ("could", "might", "may", "should", "would"
               outside reported speech), or an "if/unless" clause;
* forecast     future tense ("will visit", "is going to"), or a governing verb of planning and
               expectation ("plans to", "is expected to", "is set to", "foresees a thaw"),
               or "would" in reported speech ("said it would impose");
* asserted     none of these.

Precedence when several markers apply: negated > hypothetical > forecast > asserted. A
refusal is not a negation: "refused to sign" is an asserted REJECT (the refusal happened).

Only the predicate's own clause is inspected, climbing through the verbs that control it
(xcomp) and, for a noun, the verb it is the object of; a reporting verb's tense ("said")
never makes the reported event a forecast.
"""
from __future__ import annotations

from spacy.tokens import Token

FUTURE_AUX = {"will", "shall", "'ll", "wo"}               # "wo" is "won't" split by the tokenizer
HYPOTHETICAL_AUX = {"could", "might", "may", "should", "can", "ca", "must"}
WOULD = {"would", "'d"}
FORECAST_GOVERNORS = {
    "plan", "intend", "expect", "set", "schedule", "due", "prepare", "aim", "hope", "want",
    "foresee", "anticipate", "predict", "likely", "poise", "slate", "propose", "seek", "mull",
    "consider", "envisage", "envision", "project", "forecast", "ready", "willing", "prepared",
    "eager", "keen", "look",
}
NEGATING_GOVERNORS = {"fail", "refrain", "avoid", "cease", "stop", "abandon", "unable"}
REPORTING_VERBS = {"say", "tell", "announce", "state", "add", "claim", "report", "confirm",
                   "declare", "insist", "note", "argue", "suggest", "believe", "think", "feel",
                   "predict", "indicate", "write", "warn", "according"}
CONDITION_MARKS = {"if", "unless", "whether"}


def _chain(trigger: Token) -> list[Token]:
    """The trigger, the verb governing a nominal trigger, and the verbs controlling them."""
    chain = [trigger]
    t = trigger
    for _ in range(6):
        dep, head = t.dep_, t.head
        if head == t:
            break
        if t.pos_ in ("NOUN", "PROPN") and dep in ("dobj", "obj", "nsubjpass", "attr", "oprd", "nsubj"):
            t = head
        elif t.pos_ in ("NOUN", "PROPN") and dep == "pobj" and head.head != head:
            t = head.head
        elif dep in ("xcomp", "acomp") or (dep == "conj" and head.pos_ == t.pos_ == "VERB"
                                           and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)):
            t = head
        elif dep == "pcomp" and head.dep_ == "prep":
            t = head.head
        else:
            break
        chain.append(t)
    return chain


def _in_reported_speech(token: Token) -> bool:
    return token.dep_ == "ccomp" and token.head.lemma_.lower() in REPORTING_VERBS


def _is_conditional(token: Token) -> bool:
    if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in token.children):
        return True
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS
                                         for m in c.children) for c in token.children) and any(
        c.dep_ == "aux" and c.lower_ in WOULD | HYPOTHETICAL_AUX for c in token.children)


def factuality(trigger: Token, ignore_negation: bool = False) -> tuple[str, str]:
    """(factuality, reason) for an event expressed by `trigger`. `ignore_negation`: the
    factuality of the event a negation turns into another one ("did not accept" is a
    rejection: was it asserted or forecast?)."""
    chain = _chain(trigger)
    found: dict[str, str] = {}
    for node in chain:
        for child in node.children:
            low = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "det" and low == "no" and node == trigger):
                if not ignore_negation:
                    found.setdefault("negated", f"'{child.text}' negates '{node.text}'")
            elif child.dep_ == "aux":
                if low in FUTURE_AUX:
                    found.setdefault("forecast", f"future auxiliary '{child.text}' on '{node.text}'")
                elif low in WOULD:
                    if any(_in_reported_speech(n) for n in chain):
                        found.setdefault("forecast", f"'{child.text}' in reported speech on '{node.text}'")
                    else:
                        found.setdefault("hypothetical", f"conditional '{child.text}' on '{node.text}'")
                elif low in HYPOTHETICAL_AUX:
                    found.setdefault("hypothetical", f"modal '{child.text}' on '{node.text}'")
        lemma = node.lemma_.lower()
        if node != trigger:
            if lemma in NEGATING_GOVERNORS and ignore_negation:
                pass
            elif lemma in NEGATING_GOVERNORS:
                found.setdefault("negated", f"governed by '{node.text}'")
            elif lemma in FORECAST_GOVERNORS:
                found.setdefault("forecast", f"governed by '{node.text}'")
            elif lemma == "go" and node.tag_ == "VBG":
                found.setdefault("forecast", f"'going to' on '{node.text}'")
        if _is_conditional(node):
            found.setdefault("hypothetical", f"conditional clause ('if/unless') around '{node.text}'")
    for label in ("negated", "hypothetical", "forecast"):
        if label in found:
            return label, found[label]
    return "asserted", "no negation, modal, conditional or future marker in the event's clause"
