"""Benchmark: the full build against raw ``nlp.pipe`` of the same model in the same run.

usage: python bench/bench_build.py CORPUS [--repeat N] [--json FILE] [--budget-ratio R]

Prints documents/s and peak memory for (1) the base model alone (``nlp.pipe`` of
en_core_web_sm), (2) coopgraph's NLP stage (the base model plus its components) and (3) the whole
build (NLP, RDF mapping, store transactions, rules, exports; no page), and exits non-zero when
the build is slower than ``--budget-ratio`` times the raw model (the performance budget).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from graph.builder import build
from graph.ingest import iter_documents
from graph.model import Document
from graph.nlp.pipeline import build_nlp, extract, resolve_model


def documents(corpus: Path) -> list[Document]:
    return [d for d in iter_documents([corpus]) if isinstance(d, Document)]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--budget-ratio",
        type=float,
        default=2.5,
        help="the build may take at most this many times the raw nlp.pipe time",
    )
    a = ap.parse_args()
    docs = documents(a.corpus)
    chars = sum(len(d.text) for d in docs)
    import spacy

    raw = spacy.load(resolve_model())
    nlp = build_nlp()
    results: dict[str, float] = {}
    for _ in range(a.repeat):
        t = time.perf_counter()
        for _doc in raw.pipe((d.text for d in docs), batch_size=16):
            pass
        results["raw_nlp_pipe_s"] = min(results.get("raw_nlp_pipe_s", 1e9), time.perf_counter() - t)
        t = time.perf_counter()
        for _x in extract(nlp, iter(docs)):
            pass
        results["nlp_stage_s"] = min(results.get("nlp_stage_s", 1e9), time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            r = build([a.corpus], Path(tmp) / "out", nlp=nlp, page=False, validate=False)
            results["build_s"] = min(results.get("build_s", 1e9), time.perf_counter() - t)
            results["triples"] = r.triples
            t = time.perf_counter()
            r2 = build([a.corpus], Path(tmp) / "out", nlp=nlp, page=False, validate=False)
            results["rebuild_unchanged_s"] = time.perf_counter() - t
            assert r2.extracted == 0, "an unchanged rebuild re-extracted documents"
    results["documents"] = len(docs)
    results["characters"] = chars
    results["build_docs_per_s"] = len(docs) / results["build_s"]
    results["raw_docs_per_s"] = len(docs) / results["raw_nlp_pipe_s"]
    results["build_over_raw"] = results["build_s"] / results["raw_nlp_pipe_s"]
    results["peak_rss_mb"] = peak_mb()
    for k, v in results.items():
        print(f"{k:22s} {v:.2f}" if isinstance(v, float) else f"{k:22s} {v}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))
    ok = results["build_over_raw"] <= a.budget_ratio
    print(f"budget: build <= {a.budget_ratio} x raw nlp.pipe: {'ok' if ok else 'EXCEEDED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
