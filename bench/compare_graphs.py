"""Compare the facts of two builds: ``python bench/compare_graphs.py OLD/coopgraph.trig NEW/coopgraph.trig``.

Prints, per document graph, the shortcut facts (``coop:<relation>`` between nodes, dates of
events and agreements) found only in the first and only in the second build, then totals. Used
to check that a refactoring of the extraction keeps the facts (or to explain each difference).
"""

from __future__ import annotations

import sys
from collections import defaultdict

from rdflib import Dataset, URIRef

COOP = "https://w3id.org/coopgraph/ont#"
DOC_GRAPH = "https://w3id.org/coopgraph/graph/doc/"
SKIP = {"confidence", "status", "charStart", "charEnd", "sentenceIndex", "sentenceText", "documentId",
        "contentHash", "extractedBy", "documentDate", "sourceUrl", "extractorVersion", "modelName",
        "modelVersion", "inDocument", "datePrecision", "post"}  # fmt: skip


def facts(path: str) -> dict[str, set[tuple[str, str, str]]]:
    ds = Dataset()
    ds.parse(path, format="trig")
    out: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for s, p, o, g in ds.quads((None, None, None, None)):
        gname = str(g.identifier if hasattr(g, "identifier") else g)
        if not gname.startswith(DOC_GRAPH) or not str(p).startswith(COOP) or "/assertion/" in str(s):
            continue
        name = str(p)[len(COOP) :]
        if name in SKIP:
            continue
        short = lambda x: str(x).rsplit("/", 1)[-1] if isinstance(x, URIRef) else str(x)  # noqa: E731
        a, b = short(s), short(o)
        if name in ("cooperatesWith", "metWith") and b < a:
            a, b = b, a  # symmetric: the direction a build states them in is arbitrary
        out[gname[len(DOC_GRAPH) :]].add((a, name, b))
    return out


def main(a: str, b: str) -> None:
    fa, fb = facts(a), facts(b)
    only_a = only_b = 0
    for doc in sorted(set(fa) | set(fb)):
        x, y = fa.get(doc, set()), fb.get(doc, set())
        if x == y:
            continue
        print(f"== {doc}")
        for f in sorted(x - y):
            print("  - ", *f)
        for f in sorted(y - x):
            print("  + ", *f)
        only_a += len(x - y)
        only_b += len(y - x)
    total_a = sum(len(v) for v in fa.values())
    total_b = sum(len(v) for v in fb.values())
    print(f"facts: {total_a} -> {total_b}; only in first {only_a}, only in second {only_b}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
