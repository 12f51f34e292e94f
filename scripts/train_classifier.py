#!/usr/bin/env python
"""Train tightrope's PLOVER event-type classifier and export it for numpy-only inference.

    .venv/bin/python scripts/train_classifier.py                 # train, evaluate, write the model
    .venv/bin/python scripts/train_classifier.py --tune          # also compare regularisation strengths
    .venv/bin/python scripts/train_classifier.py --per-type 8 --out /tmp/c.npz --no-gsr   # quick

Data: src/tightrope/knowledge/plover/training.jsonl, sentences we wrote ourselves, one JSON
object a line: {"text", "type", "trigger", "source", "target"}. Reported, never trained on: the
PLOVER gold-standard sentences in ../shared/eval/plover-gsr (their own "trigger" words pick the
trigger token). Figures go into the model's metadata; docs/classifier.md explains them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
GSR = ROOT.parent / "shared" / "eval" / "plover-gsr" / "sentences.jsonl"
DEFAULT_C = 4.0


def read_rows(path: Path) -> list[dict]:
    from tightrope.records import PLOVER_TYPES

    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            print(f"{path}:{number}: skipped (not JSON): {exc}", file=sys.stderr)
            continue
        if row.get("type") not in PLOVER_TYPES or not row.get("text") or not row.get("trigger"):
            print(f"{path}:{number}: skipped (needs text, trigger and a PLOVER type)", file=sys.stderr)
            continue
        rows.append(row)
    return rows


def first_per_type(rows: list[dict], n: int) -> list[dict]:
    taken: Counter = Counter()
    out = []
    for row in rows:
        if taken[row["type"]] < n:
            taken[row["type"]] += 1
            out.append(row)
    return out


def _country(value) -> str | None:
    """Our rows give an ISO3/IGO string; the GSR gives a list of {"country": ...} dicts."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("country")
    return value or None


def featurise(nlp, rows: list[dict], label: str) -> tuple[np.ndarray, list[str], list[tuple]]:
    """Design matrix, labels and (sentence, trigger, source, target) for rows whose trigger is found."""
    from tightrope.extract.classifier import design_row, find_trigger

    X, y, instances = [], [], []
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        trigger = find_trigger(doc[:], row["trigger"])
        if trigger is None:
            print(f"{label}: trigger {row['trigger']!r} not found in: {row['text'][:80]}", file=sys.stderr)
            continue
        source, target = _country(row.get("source")), _country(row.get("target"))
        X.append(design_row(trigger.sent, trigger, source, target))
        y.append(row["type"])
        instances.append((trigger.sent, trigger, source, target))
    return np.vstack(X), y, instances


def model(C: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=3000)


def cross_validate(X: np.ndarray, y: list[str], C: float, folds: int, seed: int) -> dict:
    """Stratified k-fold accuracy, macro-F1 and per-type recall for one regularisation strength."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    labels = np.array(y)
    predicted = np.empty_like(labels)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, labels):
        predicted[test] = model(C).fit(X[train], labels[train]).predict(X[test])
    recall = {t: float(np.mean(predicted[labels == t] == t)) for t in sorted(set(y))}
    return {"folds": folds, "C": C, "accuracy": float(np.mean(predicted == labels)),
            "macro_f1": float(f1_score(labels, predicted, average="macro")),
            "recall_per_type": recall}


def evaluate_gsr(nlp, classifier, path: Path) -> dict | None:
    """Accuracy on the PLOVER gold standard given its gold trigger words (never trained on)."""
    if not path.exists():
        print(f"{path} not found: PLOVER gold-standard figures skipped", file=sys.stderr)
        return None
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    from tightrope.extract.classifier import find_trigger

    hits = top2 = found = 0
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusions: Counter = Counter()
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        per_type[row["type"]][1] += 1
        trigger = find_trigger(doc[:], row.get("trigger") or "")
        if trigger is None:
            continue
        found += 1
        ranked = classifier.predict(trigger.sent, trigger, _country(row.get("source")),
                                    _country(row.get("target")))
        best = ranked[0][0]
        hits += best == row["type"]
        top2 += row["type"] in (ranked[0][0], ranked[1][0])
        per_type[row["type"]][0] += best == row["type"]
        if best != row["type"]:
            confusions[f"{row['type']}->{best}"] += 1
    n = len(rows)
    return {"n": n, "trigger_found": found, "accuracy": hits / n, "top2_accuracy": top2 / n,
            "accuracy_when_trigger_found": hits / found if found else 0.0,
            "recall_per_type": {t: round(h / total, 3) for t, (h, total) in sorted(per_type.items())},
            "top_confusions": dict(confusions.most_common(12))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    from tightrope.extract.classifier import MODEL_PATH, TRAINING_PATH

    parser.add_argument("--data", type=Path, default=TRAINING_PATH)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--per-type", type=int, default=0, help="use only the first N sentences per type")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--C", type=float, default=DEFAULT_C, help="inverse regularisation strength")
    parser.add_argument("--tune", action="store_true", help="cross-validate a grid of C values first")
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    parser.add_argument("--gsr", type=Path, default=GSR)
    parser.add_argument("--no-gsr", action="store_true", help="skip the PLOVER gold-standard figures")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    import sklearn
    from tightrope import nlp as nlp_module
    from tightrope.extract import classifier as clf

    started = time.perf_counter()
    nlp = nlp_module.load()
    rows = read_rows(args.data)
    if args.per_type:
        rows = first_per_type(rows, args.per_type)
    X, y, _ = featurise(nlp, rows, str(args.data))
    counts = Counter(y)
    print(f"{len(y)} training sentences, {len(counts)} types, {X.shape[1]} features")

    C = args.C
    if args.tune:
        for candidate in (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0):
            cv = cross_validate(X, y, candidate, args.folds, args.seed)
            print(f"C={candidate:<5} accuracy={cv['accuracy']:.3f} macro-F1={cv['macro_f1']:.3f}")
    cv = None
    if not args.no_cv and min(counts.values()) >= args.folds:
        cv = cross_validate(X, y, C, args.folds, args.seed)
        print(f"{args.folds}-fold stratified CV (C={C}): accuracy {cv['accuracy']:.3f}, "
              f"macro-F1 {cv['macro_f1']:.3f}")

    final = model(C).fit(X, np.array(y))
    data_hash = hashlib.sha256(args.data.read_bytes()).hexdigest()
    meta = {"trained": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "training_data": str(args.data.relative_to(ROOT) if args.data.is_relative_to(ROOT) else args.data),
            "training_sha256": data_hash, "n_examples": len(y), "per_type": dict(sorted(counts.items())),
            "model": "multinomial logistic regression (scikit-learn lbfgs)", "C": C,
            "sklearn": sklearn.__version__, "spacy_model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}"
            f" {nlp.meta.get('version')}", "cross_validation": cv}
    clf.save(args.out, final.coef_, final.intercept_, [str(c) for c in final.classes_], meta)

    loaded = clf.EventClassifier.from_file(args.out)
    if not args.no_gsr:
        gsr = evaluate_gsr(nlp, loaded, args.gsr)
        if gsr is not None:
            meta["plover_gsr_with_gold_triggers"] = gsr
            print(f"PLOVER GSR with gold triggers: accuracy {gsr['accuracy']:.3f} "
                  f"(top-2 {gsr['top2_accuracy']:.3f}; trigger found in {gsr['trigger_found']}/{gsr['n']})")
            clf.save(args.out, final.coef_, final.intercept_, [str(c) for c in final.classes_], meta)
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
