#!/usr/bin/env python3
"""How well are the actors of gold events resolved? Per mention kind, counts of gold actor
mentions (an event's `source_text` / `target_text` with its country) that the actors step
resolves to the gold country, and of quoted speakers resolved to their gold country.

A gold mention is looked up in its sentence (first occurrence of its words); the actor
mentions overlapping those characters are the prediction, and their kind is the row. Words
that no mention covers count as "missed" (e.g. "the two leaders").

    .venv/bin/python bench/eval_actors.py [--eval DIR] [--markdown] [--details] [--plover] [--speed]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "dev"
_PARENTHESIS = re.compile(r"\s*\(.*?\)\s*")


def load_pairs(eval_dir: Path) -> list[tuple[dict, dict]]:
    """(article, gold) pairs of an evaluation folder with corpus/ and gold/."""
    pairs = []
    for gold_file in sorted((eval_dir / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        article = json.loads((eval_dir / "corpus" / gold_file.name).read_text(encoding="utf-8"))
        pairs.append((article, gold))
    return pairs


def gold_mentions(gold: dict) -> list[tuple[str, str, str]]:
    """(sentence, words, country) for every actor named in a gold event."""
    out = []
    for event in gold.get("events", []):
        for side in ("source", "target"):
            words, country = event.get(f"{side}_text"), event.get(side)
            if words and country:
                words = _PARENTHESIS.sub(" ", words).strip()
                out.append((event["sentence"], words, country))
    return out


def count(rows: dict[str, Counter], details: list[dict], mentions: list, words: str,
          country: str, start: int) -> None:
    """Tally one gold actor (its words at `start`, -1 if not found) against the mentions
    overlapping those words, under the kind of the first such mention ("missed": none)."""
    if start < 0:
        rows["(words not found)"]["gold"] += 1
        return
    end = start + len(words)
    found = [m for m in mentions if m.start_char < end and start < m.end_char]
    kind = found[0].kind if found else "missed"
    got = [m.country for m in found]
    right = country in got
    rows[kind]["gold"] += 1
    rows[kind]["right"] += right
    details.append({"words": words, "gold": country, "kind": kind, "got": got, "right": right})


def evaluate(pairs: list[tuple[dict, dict]]) -> dict:
    from tightrope import knowledge, nlp as nlp_module
    from tightrope.extract.actors import find_mentions

    nlp = nlp_module.load()
    kb = knowledge.load()
    rows: dict[str, Counter] = defaultdict(Counter)
    speakers: Counter = Counter()
    details = []
    seconds = 0.0
    for article, gold in pairs:
        text = article["text"]
        published = article.get("published")
        day = dt.date.fromisoformat(published[:10]) if published else None
        doc = nlp(text)
        t0 = time.perf_counter()
        mentions = find_mentions(doc, kb, day)
        seconds += time.perf_counter() - t0
        for sentence, words, country in gold_mentions(gold):
            at = text.find(sentence)
            count(rows, details, mentions, words, country, text.find(words, at) if at >= 0 else -1)
        people = [m for m in mentions if m.kind in ("person", "pronoun", "title") and m.name]
        for quote in gold.get("quotes", []):
            name, country = quote.get("speaker"), quote.get("speaker_country")
            if not name:
                continue
            resolved = {m.country for m in people if m.name == name}
            speakers["gold"] += 1
            speakers["right"] += country in resolved or (country is None and not resolved)
    return {"rows": rows, "speakers": speakers, "details": details, "seconds": seconds}


def evaluate_plover(path: Path) -> dict:
    """The same count on the PLOVER gold-standard sentences: each coded source/target actor
    (words and country) against the mentions overlapping those words."""
    from tightrope import knowledge, nlp as nlp_module
    from tightrope.extract.actors import find_mentions

    nlp = nlp_module.load()
    kb = knowledge.load()
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows: dict[str, Counter] = defaultdict(Counter)
    details = []
    docs = nlp.pipe([r["text"] for r in records], batch_size=32)
    for record, doc in zip(records, docs):
        mentions = find_mentions(doc, kb, None)
        for actor in record.get("source", []) + record.get("target", []):
            words, country = actor.get("text"), actor.get("country")
            if not words or not country:
                continue
            count(rows, details, mentions, words, country, record["text"].find(words))
    return {"rows": rows, "speakers": Counter(), "details": details, "seconds": 0.0}


def speed(texts: list[str], rounds: int = 3) -> dict:
    """Seconds for bare `nlp.pipe` over the texts and for actor resolution over the parsed
    Docs (best of `rounds`), and resolution as a share of parsing."""
    from tightrope import knowledge, nlp as nlp_module
    from tightrope.extract.actors import find_mentions

    nlp = nlp_module.load()
    kb = knowledge.load()
    list(nlp.pipe(texts[:5]))                     # warm-up
    parse = resolve = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=16))
        parse = min(parse, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for doc in docs:
            find_mentions(doc, kb, dt.date(2025, 6, 1))
        resolve = min(resolve, time.perf_counter() - t0)
    return {"texts": len(texts), "parse_s": parse, "resolve_s": resolve,
            "share": resolve / parse}


def markdown(result: dict) -> str:
    lines = ["| mention kind | gold actor mentions | right country | share |",
             "| --- | ---: | ---: | ---: |"]
    total = Counter()
    for kind, counts in sorted(result["rows"].items(), key=lambda kv: -kv[1]["gold"]):
        total.update(counts)
        share = counts["right"] / counts["gold"] if counts["gold"] else 0.0
        lines.append(f"| {kind} | {counts['gold']} | {counts['right']} | {share:.0%} |")
    share = total["right"] / total["gold"] if total["gold"] else 0.0
    lines.append(f"| **all** | **{total['gold']}** | **{total['right']}** | **{share:.0%}** |")
    s = result["speakers"]
    if s["gold"]:
        lines.append("")
        lines.append(f"Quoted speakers (gold quotes) resolved to the gold country: "
                     f"{s['right']}/{s['gold']}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL,
                        help="evaluation folder with corpus/ and gold/ (default: the dev set)")
    parser.add_argument("--markdown", action="store_true", help="print only the table")
    parser.add_argument("--details", action="store_true", help="list every gold mention")
    parser.add_argument("--plover", action="store_true",
                        help="score the PLOVER gold-standard sentences instead of the dev set")
    parser.add_argument("--speed", action="store_true",
                        help="also time resolution against bare nlp.pipe (dev article and "
                             "the PLOVER sentences)")
    args = parser.parse_args(argv)
    if args.plover:
        result = evaluate_plover(args.eval.parent / "plover-gsr" / "sentences.jsonl")
    else:
        result = evaluate(load_pairs(args.eval))
    print(markdown(result))
    if args.details:
        for d in result["details"]:
            mark = "ok " if d["right"] else "BAD"
            print(f"{mark} {d['kind']:12} {d['words']!r:45} gold={d['gold']} got={d['got']}")
    if args.speed:
        texts = [a["text"] for a, _ in load_pairs(args.eval)]
        plover = args.eval.parent / "plover-gsr" / "articles.jsonl"
        if plover.exists():
            texts += [json.loads(line)["text"] for line in plover.open(encoding="utf-8")]
        s = speed(texts)
        print(f"\nspeed: {s['texts']} texts, nlp.pipe {s['parse_s']:.2f} s, actor resolution "
              f"{s['resolve_s']:.3f} s = {s['share']:.1%} of parsing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
