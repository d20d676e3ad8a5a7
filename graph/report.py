"""The short Markdown report written by a build: counts by class and relation, top actors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import networkx as nx

from graph import analytics, queries
from graph.store import Store


def _table(rows: list[dict[str, Any]], cols: list[str]) -> str:
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        out.append("| " + " | ".join(_cell(r.get(c)) for c in cols) + " |")
    return "\n".join(out)


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v if v is not None else "").replace("|", "\\|").replace("\n", " ")


def write_report(store: Store, net: nx.MultiGraph, path: Path, result: Any) -> Path:
    classes = store.select(queries.read("counts_by_class"))
    rels = store.select(queries.read("counts_by_relation"))
    top = analytics.centrality(net)[:15]
    lines = [
        "# coopgraph build report",
        "",
        f"- documents read: {result.documents} (extracted now: {result.extracted}, unchanged: {result.unchanged})",
        f"- documents skipped with errors: {len(result.errors)}",
        f"- triples in the store: {result.triples}",
        f"- actor network: {net.number_of_nodes()} nodes, {net.number_of_edges()} edges",
        f"- SHACL violations: {len(result.violations)}",
        "",
        "## Entities by class",
        "",
        _table(classes, ["class", "n"]),
        "",
        "## Facts by relation",
        "",
        _table(rels, ["relation", "n"]),
        "",
        "## Top actors by PageRank",
        "",
        _table(top, ["label", "type", "degree", "betweenness", "pagerank"]),
        "",
    ]
    if result.errors:
        lines += ["## Skipped inputs", "", *[f"- {e}" for e in result.errors], ""]
    if result.violations:
        lines += ["## SHACL violations", "", *[f"- {v}" for v in result.violations[:200]], ""]
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.replace(tmp, path)
    return path
