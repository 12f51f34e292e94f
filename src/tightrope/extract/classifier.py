"""A learned PLOVER event-type classifier: the fallback for predicates the lexicon does not cover.

Method: multinomial logistic regression (maximum-entropy classification, as in Berger, Della
Pietra & Della Pietra 1996) over features the pipeline already computes, so classifying costs
a few vector look-ups and one small matrix product:

* dense: the md model's word vectors (each block L2-normalised) of the trigger's lemma, its
  syntactic head, its arguments (direct object, prepositional objects, open clausal complement
  and its object, noun modifiers of a nominal trigger) and the mean of the clause's content
  words other than names;
* prototype similarities: the best cosine similarity of the trigger's and the arguments'
  vectors to a few words per type paraphrasing the PLOVER definitions
  (knowledge/plover/prototypes.json) — a prior that reaches verbs the training set lacks;
* sparse (hashed with CRC-32, so no vocabulary file is needed): trigger lemma, part of speech
  and dependency label, head lemma, argument lemmas, prepositions, lemma+preposition and
  lemma+argument pairs, negation, modal auxiliaries, passive voice, and what kind of actors
  were found (none, a state, an IGO, both in one country).

`scripts/train_classifier.py` trains it on our own labelled sentences
(knowledge/plover/training.jsonl) with scikit-learn and exports the weights to
knowledge/plover/classifier.npz; inference here needs only numpy. See docs/classifier.md.
"""
from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Span, Token

from tightrope.errors import TightropeError
from tightrope.knowledge import path as knowledge_path

MODEL_PATH = knowledge_path("plover/classifier.npz")
TRAINING_PATH = knowledge_path("plover/training.jsonl")
PROTOTYPES_PATH = knowledge_path("plover/prototypes.json")

FEATURE_VERSION = 2
VECTOR_WIDTH = 300                         # en_core_web_md
DENSE_BLOCKS = ("trigger", "head", "arguments", "clause")
# The trigger's own vector says most; weights chosen by cross-validation (docs/classifier.md).
DENSE_WEIGHTS = (2.0, 1.0, 1.0, 1.0)
PROTOTYPE_BLOCKS = ("trigger", "arguments")
PROTOTYPE_WEIGHT = 2.0
HASH_DIM = 4096
# Named places, people and organisations say who acts, not what is done: left out of the
# clause vector so that actors do not stand in for event types.
NAME_LABELS = frozenset({"GPE", "ORG", "NORP", "PERSON", "FAC", "LOC"})

ARGUMENT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "xcomp", "ccomp", "dative", "acomp",
                           "nsubjpass", "agent"})
NOMINAL_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
MODALS = frozenset({"will", "would", "could", "can", "may", "might", "shall", "should", "must",
                    "'ll", "wo", "ca"})


class ClassifierError(TightropeError):
    """The event classifier's model file is missing or unreadable."""


# --------------------------------------------------------------------------- features

def _lemma(token: Token) -> str:
    return (token.lemma_ or token.lower_).lower()


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _lemma_vector(token: Token) -> np.ndarray:
    """The vector of the token's lemma (inflections share it), else of the token itself."""
    lexeme = token.vocab[_lemma(token)]
    if lexeme.has_vector:
        return lexeme.vector
    return token.vector if token.has_vector else np.zeros(VECTOR_WIDTH, dtype=np.float32)


def _mean_vector(tokens: Iterable[Token]) -> np.ndarray:
    vectors = [_lemma_vector(t) for t in tokens]
    vectors = [v for v in vectors if v.any()]
    if not vectors:
        return np.zeros(VECTOR_WIDTH, dtype=np.float32)
    return np.mean(vectors, axis=0)


def _content(token: Token) -> bool:
    return token.is_alpha and not token.is_stop


def arguments(trigger: Token) -> list[Token]:
    """The words that say what the trigger is done to or about: its objects, the object of
    its prepositions, an open complement ("agreed to *cooperate*", "threatened to *impose*
    *tariffs*") with that complement's own object, and the modifiers of a nominal trigger
    ("*joint* exercises", "*air* strikes")."""
    found: list[Token] = []
    for child in trigger.children:
        if child.dep_ in ARGUMENT_DEPS:
            found.append(child)
            if child.dep_ in ("xcomp", "ccomp"):
                found.extend(g for g in child.children if g.dep_ in ("dobj", "attr", "oprd"))
                found.extend(p for g in child.children if g.dep_ == "prep"
                             for p in g.children if p.dep_ == "pobj")
        elif child.dep_ == "prep":
            found.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ in NOMINAL_MODIFIER_DEPS and trigger.pos_ in ("NOUN", "PROPN"):
            found.append(child)
    return [t for t in found if _content(t)]


@functools.lru_cache(maxsize=1)
def prototype_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """knowledge/plover/prototypes.json: a few words per type, from the PLOVER definitions."""
    data = json.loads(PROTOTYPES_PATH.read_text(encoding="utf-8"))["types"]
    return tuple((t, tuple(words)) for t, words in sorted(data.items()))


_prototype_cache: dict[int, list[np.ndarray]] = {}


def _prototype_matrices(vocab) -> list[np.ndarray]:
    """Unit vectors of each type's prototype words, once per vocabulary."""
    key = id(vocab)
    if key not in _prototype_cache:
        matrices = []
        for _, words in prototype_words():
            vectors = np.array([vocab[w].vector for w in words if vocab[w].has_vector],
                               dtype=np.float32).reshape(-1, VECTOR_WIDTH)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            matrices.append(vectors / np.where(norms > 0, norms, 1.0))
        _prototype_cache[key] = matrices
    return _prototype_cache[key]


def _prototype_similarity(vector: np.ndarray, matrices: list[np.ndarray]) -> np.ndarray:
    """Best cosine similarity of `vector` to each type's prototype words."""
    norm = float(np.linalg.norm(vector))
    if norm == 0:
        return np.zeros(len(matrices), dtype=np.float32)
    unit = vector / norm
    return np.array([float((m @ unit).max()) if len(m) else 0.0 for m in matrices],
                    dtype=np.float32)


def dense_dim() -> int:
    return VECTOR_WIDTH * len(DENSE_BLOCKS) + len(PROTOTYPE_BLOCKS) * len(prototype_words())


def _hashed(names: Iterable[str]) -> list[int]:
    return sorted({zlib.crc32(name.encode("utf-8")) % HASH_DIM for name in names})


def _country(actor: Any) -> str | None:
    if actor is None:
        return None
    if isinstance(actor, str):
        return actor
    if isinstance(actor, dict):
        return actor.get("country")
    return getattr(actor, "country", None)


def sparse_names(sent: Span, trigger: Token, source: Any = None, target: Any = None) -> list[str]:
    """The symbolic features of one (sentence, trigger, actors) instance, as strings."""
    lemma = _lemma(trigger)
    names = [f"lemma={lemma}", f"pos={trigger.pos_}", f"dep={trigger.dep_}",
             f"lemma+pos={lemma}|{trigger.pos_}"]
    head = trigger.head
    if head is not trigger:
        names += [f"head={_lemma(head)}", f"head+dep={_lemma(head)}|{trigger.dep_}"]
    for arg in arguments(trigger):
        names += [f"arg={_lemma(arg)}", f"lemma+arg={lemma}|{_lemma(arg)}"]
        if arg.dep_ in ("xcomp", "ccomp"):
            names.append(f"comp={_lemma(arg)}")
    for child in trigger.children:
        if child.dep_ == "prep":
            names += [f"prep={child.lower_}", f"lemma+prep={lemma}|{child.lower_}"]
        elif child.dep_ == "prt":
            names.append(f"lemma+prt={lemma}|{child.lower_}")
        elif child.dep_ == "neg":
            names.append("negated")
        elif child.dep_ in ("aux", "auxpass") and child.lower_ in MODALS:
            names.append(f"modal={child.lower_}")
        elif child.dep_ == "auxpass":
            names.append("passive")
    if head is not trigger and any(c.dep_ == "neg" for c in head.children):
        names.append("head_negated")
    src, tgt = _country(source), _country(target)
    names.append("source=" + ("none" if src is None else "IGO" if src == "IGO" else "state"))
    names.append("target=" + ("none" if tgt is None else "IGO" if tgt == "IGO" else "state"))
    if src is not None and src == tgt:
        names.append("same_country")
    return names


def features(sent: Span, trigger: Token, source: Any = None,
             target: Any = None) -> tuple[np.ndarray, list[int]]:
    """The dense part (weighted vector blocks, then prototype similarities) and the hashed
    indices of the sparse features."""
    head = trigger.head if trigger.head is not trigger else None
    names = {t.i for ent in sent.ents if ent.label_ in NAME_LABELS for t in ent}
    clause = [t for t in sent if _content(t) and t is not trigger and t.i not in names]
    zeros = np.zeros(VECTOR_WIDTH, dtype=np.float32)
    trigger_vector = np.asarray(_lemma_vector(trigger), dtype=np.float32)
    argument_vector = np.asarray(_mean_vector(arguments(trigger)), dtype=np.float32)
    blocks = [trigger_vector,
              np.asarray(_lemma_vector(head), dtype=np.float32) if head is not None else zeros,
              argument_vector,
              np.asarray(_mean_vector(clause), dtype=np.float32)]
    parts = [_unit(b) * w for b, w in zip(blocks, DENSE_WEIGHTS)]
    matrices = _prototype_matrices(trigger.vocab)
    parts += [_prototype_similarity(v, matrices) * PROTOTYPE_WEIGHT
              for v in (trigger_vector, argument_vector)]
    return np.concatenate(parts), _hashed(sparse_names(sent, trigger, source, target))


def design_row(sent: Span, trigger: Token, source: Any = None, target: Any = None) -> np.ndarray:
    """One full feature row (dense blocks, then the hashed one-hot part): the training layout."""
    dense, indices = features(sent, trigger, source, target)
    sparse = np.zeros(HASH_DIM, dtype=np.float32)
    sparse[indices] = 1.0
    return np.concatenate([dense, sparse])


def find_trigger(sent: Span, words: str) -> Token | None:
    """The token that stands for a trigger given as words ("agreed to cooperate" -> "agreed"):
    the first token matching the first word; a compound modifier moves to its head noun
    ("air" in "air strikes" -> "strikes")."""
    parts = words.split()
    if not parts:
        return None
    first = parts[0].casefold()
    found = None
    for token in sent:
        if token.text.casefold() == first or token.lower_.startswith(first) and len(first) > 3:
            found = token
            break
    if found is None:
        # Hyphenated words ("test-fired", "co-develop") are several tokens: take the root.
        at = sent.text.casefold().find(first)
        if at < 0:
            return None
        span = sent.doc.char_span(sent.start_char + at, sent.start_char + at + len(first),
                                  alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        found = span.root
    if found.dep_ == "compound" and found.head.i > found.i:
        return found.head
    return found


# --------------------------------------------------------------------------- the model

class EventClassifier:
    """Load with `EventClassifier.load()` (cached per process); `predict` ranks the 16 types."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, classes: list[str],
                 spec: dict, meta: dict) -> None:
        if spec.get("feature_version") != FEATURE_VERSION or spec.get("hash_dim") != HASH_DIM \
                or spec.get("dense_dim") != dense_dim():
            raise ClassifierError(
                f"the event classifier at {MODEL_PATH} was trained with another feature layout "
                f"({spec}); retrain it with scripts/train_classifier.py")
        width = spec["dense_dim"]
        self.dense_coef = np.ascontiguousarray(coef[:, :width].T)     # (dense_dim, k)
        self.sparse_coef = np.ascontiguousarray(coef[:, width:].T)    # (hash_dim, k)
        self.intercept = intercept
        self.classes = classes
        self.spec = spec
        self.meta = meta

    @classmethod
    def load(cls, path: Path | str | None = None) -> "EventClassifier":
        """The shipped model (or the one at `path`), loaded once per process."""
        return _load_cached(str(path or MODEL_PATH))

    @classmethod
    def from_file(cls, path: Path | str) -> "EventClassifier":
        try:
            with np.load(path, allow_pickle=False) as data:
                coef = data["coef"].astype(np.float32)
                intercept = data["intercept"].astype(np.float32)
                classes = [str(c) for c in data["classes"]]
                spec = json.loads(str(data["spec"]))
                meta = json.loads(str(data["meta"]))
        except (OSError, KeyError, ValueError) as exc:
            raise ClassifierError(f"cannot read the event classifier at {path}: {exc}; "
                                  f"retrain it with scripts/train_classifier.py") from exc
        return cls(coef, intercept, classes, spec, meta)

    def scores(self, sent: Span, trigger: Token, source: Any = None,
               target: Any = None) -> np.ndarray:
        """Class probabilities in the order of `self.classes`."""
        dense, indices = features(sent, trigger, source, target)
        logits = dense @ self.dense_coef + self.intercept
        if indices:
            logits = logits + self.sparse_coef[indices].sum(axis=0)
        logits = logits - logits.max()
        exp = np.exp(logits)
        return exp / exp.sum()

    def predict(self, sent: Span, trigger: Token, source: Any = None,
                target: Any = None) -> list[tuple[str, float]]:
        """All types with their probabilities, best first. `source`/`target` are actor
        `Mention`s (or anything with a `.country`), or None."""
        probs = self.scores(sent, trigger, source, target)
        order = np.argsort(-probs)
        return [(self.classes[i], float(probs[i])) for i in order]


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> EventClassifier:
    return EventClassifier.from_file(path)


def save(path: Path | str, coef: np.ndarray, intercept: np.ndarray, classes: list[str],
         meta: dict) -> None:
    """Write a model in the layout `EventClassifier.from_file` reads."""
    spec = {"feature_version": FEATURE_VERSION, "vector_width": VECTOR_WIDTH,
            "dense_blocks": list(DENSE_BLOCKS), "dense_weights": list(DENSE_WEIGHTS),
            "dense_normalisation": "each block L2-normalised, then weighted",
            "prototype_blocks": list(PROTOTYPE_BLOCKS), "prototype_weight": PROTOTYPE_WEIGHT,
            "prototype_types": [t for t, _ in prototype_words()],
            "dense_dim": dense_dim(), "hash_dim": HASH_DIM, "hash": "crc32(name) % hash_dim",
            "sparse_value": 1.0}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, coef=coef.astype(np.float32), intercept=intercept.astype(np.float32),
                            classes=np.array(classes), spec=np.array(json.dumps(spec)),
                            meta=np.array(json.dumps(meta)))
    _load_cached.cache_clear()
