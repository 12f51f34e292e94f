#!/usr/bin/env python3
"""Measure extraction against the evaluation data in ../shared/eval/.

Runs tightrope's extraction (default md model, in one process) on the dev corpus and on the
322 PLOVER gold-standard sentences, writes the JSON Lines predictions, and runs the two
scorers shipped with the data (score.py, score_plover.py) on them.

    .venv/bin/python bench/eval.py [--out DIR] [--json] [--only dev|plover]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def run_extraction(inputs: list[str], out: Path) -> tuple[int, float]:
    from tightrope.extract import Extractor
    from tightrope.sources import read

    extractor = Extractor()
    n = 0
    t0 = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for result in extractor.many(read(tuple(inputs))):
            for record in result.records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += record["kind"] == "event"
    return n, time.perf_counter() - t0


def score(script: str, args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, str(EVAL / script), *args, "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/tightrope-eval"))
    ap.add_argument("--json", action="store_true", help="print the full scores as JSON")
    ap.add_argument("--only", choices=["dev", "plover"])
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = {}
    if args.only in (None, "dev"):
        pred = args.out / "dev.jsonl"
        n, secs = run_extraction([str(EVAL / "dev" / "corpus")], pred)
        results["dev"] = score("score.py", ["--gold", str(EVAL / "dev" / "gold"), "--pred", str(pred)])
        results["dev"]["seconds"] = round(secs, 2)
    if args.only in (None, "plover"):
        pred = args.out / "plover.jsonl"
        n, secs = run_extraction([str(EVAL / "plover-gsr" / "articles.jsonl")], pred)
        results["plover"] = score("score_plover.py", ["--pred", str(pred)])
        results["plover"]["seconds"] = round(secs, 2)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    if "dev" in results:
        d = results["dev"]
        for name, v in d["events"].items():
            print(f"dev events {name:<10} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f} "
                  f"({v['matched']}/{v['gold']} gold, {v['predicted']} predicted)")
        print(f"dev event dates exact: {d['event_dates_exact']}")
        for label in ("quotes", "amounts", "forecasts"):
            v = d[label]
            print(f"dev {label:<10} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f}")
    if "plover" in results:
        p = results["plover"]
        print(f"plover strict P {p['strict_precision']} R {p['strict_recall']} F1 {p['strict_f1']} | "
              f"type recall {p['type_recall']} | source recall {p['source_recall']} | "
              f"{p['predicted_events']} events predicted")
        print("plover first-event type recall: " +
              ", ".join(f"{t} {v}" for t, v in p["per_type_recall"].items()))
    print(f"predictions in {args.out}")


if __name__ == "__main__":
    main()
