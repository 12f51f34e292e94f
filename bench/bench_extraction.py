"""Extraction throughput: tightrope's full pipeline against spaCy's bare `nlp.pipe`.

Both sides use the same `tightrope.nlp.load()` pipeline, the same texts and the same batch
size, in the same process; each is timed twice, alternating, and the faster run counts (the
machine is shared, and the slower run mostly measures interference). The ratio
full/bare throughput is what the issue's >= 0.6 target refers to.
"""
from __future__ import annotations

import time

from tightrope.demo import synthetic


def run(n_articles: int = 300, repeats: int = 2) -> dict:
    from tightrope import knowledge, nlp as nlp_module
    from tightrope.extract import Extractor
    from tightrope.records import Article

    started = time.perf_counter()
    nlp = nlp_module.load()
    model_seconds = time.perf_counter() - started
    knowledge.load.cache_clear()
    started = time.perf_counter()
    kb = knowledge.load()
    kb_seconds = time.perf_counter() - started
    extractor = Extractor(nlp=nlp, kb=kb)

    raw = list(synthetic.articles(n_articles, seed=7))
    texts = [a["text"] for a in raw]
    words = sum(len(t.split()) for t in texts)
    list(extractor.many(Article(**a) for a in raw[:20]))   # warm caches on both sides

    bare, full = [], []
    records = 0
    for _ in range(repeats):
        started = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        bare.append(time.perf_counter() - started)
        extractor.step_seconds.clear()
        started = time.perf_counter()
        records = sum(len(ex.records) for ex in extractor.many(Article(**a) for a in raw))
        full.append(time.perf_counter() - started)
        steps = dict(extractor.step_seconds)
    bare_s, full_s = min(bare), min(full)
    return {"articles": n_articles, "words": words, "records": records,
            "bare_seconds": bare_s, "full_seconds": full_s,
            "bare_words_per_s": words / bare_s, "full_words_per_s": words / full_s,
            "full_articles_per_s": n_articles / full_s, "ratio": bare_s / full_s,
            "model_load_seconds": model_seconds, "kb_load_seconds": kb_seconds,
            "step_share": {k: v / full_s for k, v in sorted(steps.items(), key=lambda kv: -kv[1])}}


def markdown(r: dict) -> str:
    ok = "meets" if r["ratio"] >= 0.6 else "MISSES"
    actors = r["step_share"].get("actors", 0.0)
    lines = [
        f"{r['articles']} synthetic articles ({r['words']:,} words, recombined demo sentences), "
        f"md model, batch size 16, best of 2 alternating runs.",
        "",
        "| run | seconds | words/s | articles/s |",
        "|---|---:|---:|---:|",
        f"| bare `nlp.pipe` | {r['bare_seconds']:.1f} | {r['bare_words_per_s']:,.0f} | {r['articles'] / r['bare_seconds']:.1f} |",
        f"| full extraction ({r['records']:,} records) | {r['full_seconds']:.1f} | {r['full_words_per_s']:,.0f} | {r['full_articles_per_s']:.1f} |",
        "",
        f"**Ratio full/bare throughput: {r['ratio']:.2f}** (target >= 0.60: {ok}).",
        "",
        f"Start-up: spaCy model {r['model_load_seconds']:.2f} s; knowledge base "
        f"{r['kb_load_seconds']:.2f} s (target < 1 s: {'meets' if r['kb_load_seconds'] < 1 else 'MISSES'}).",
        f"Actor resolution takes {actors:.1%} of full extraction time (target < 10%: "
        f"{'meets' if actors < 0.10 else 'MISSES'}).",
        "",
        "Share of full extraction time per step (the rest is parsing):",
        "",
        "| step | share |", "|---|---:|",
        *[f"| {k} | {v:.1%} |" for k, v in r["step_share"].items()],
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from report import write_section

    result = run()
    print(json.dumps(result, indent=1))
    write_section("Extraction throughput", markdown(result))
