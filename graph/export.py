"""Exports of a built store: RDF serialisations, the actor network for Gephi/yEd, and a facts CSV.

Every file is written under a temporary name in the target folder and renamed into place, so a
reader never sees half a file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import StoreError
from graph.paths import atomic_write
from graph.store import Store

RDF_FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS, "facts-csv")
DEFAULT_NAMES = {
    "turtle": "coopgraph.ttl",
    "trig": "coopgraph.trig",
    "nquads": "coopgraph.nq",
    "jsonld": "coopgraph.jsonld",
    "graphml": "actors.graphml",
    "gexf": "actors.gexf",
    "facts-csv": "facts.csv",
}
FACT_COLUMNS = (
    "s",
    "s_label",
    "p",
    "o",
    "o_label",
    "status",
    "confidence",
    "date",
    "sentence",
    "doc",
    "char_start",
    "char_end",
)


def default_path(out: Path, fmt: str) -> Path:
    """Where ``coopgraph export`` writes ``fmt`` when no ``--to`` is given."""
    return Path(out) / DEFAULT_NAMES[check_format(fmt)]


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}. Fix: use one of {', '.join(FORMATS)}.")
    return fmt


def _plain(value: Any) -> str | int | float | bool:
    """An attribute value GraphML and GEXF can hold: None -> '', a set or list of plain values ->
    'a|b', nested data -> JSON, anything else -> its string."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, set | frozenset | list | tuple):
        if all(v is None or isinstance(v, str | int | float) for v in value):
            return "|".join(sorted(str(v) for v in value if v is not None))
        return json.dumps(list(value), ensure_ascii=False, default=str, sort_keys=True)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    return str(value)


def plain_network(g: nx.MultiGraph) -> nx.MultiGraph:
    """A copy of the actor network whose keys and attributes are all strings or numbers."""
    h = nx.MultiGraph()
    for n, data in g.nodes(data=True):
        h.add_node(str(n), **{k: _plain(v) for k, v in data.items()})
    for u, v, key, data in g.edges(keys=True, data=True):
        h.add_edge(str(u), str(v), key=str(_plain(key)), **{k: _plain(x) for k, x in data.items()})
    return h


def export_network(store: Store, path: Path, fmt: str) -> Path:
    """The actor network (graph.analytics.actor_network) as GraphML or GEXF."""
    from graph.analytics import actor_network

    net = plain_network(actor_network(store))
    if fmt == "graphml":
        return atomic_write(path, lambda tmp: nx.write_graphml(net, tmp, encoding="utf-8"))
    if fmt == "gexf":
        return atomic_write(path, lambda tmp: nx.write_gexf(net, tmp, encoding="utf-8"))
    raise StoreError(f"unknown network format {fmt!r}. Fix: use graphml or gexf.")


def fact_rows(store: Store) -> list[dict[str, str]]:
    """One row per extracted fact with its evidence (the library query ``facts-with-evidence``)."""
    from graph.querylib import get_query

    rows = store.select(get_query("facts-with-evidence").render({}))
    return [{c: "" if r.get(c) is None else str(r[c]) for c in FACT_COLUMNS} for r in rows]


def export_facts_csv(store: Store, path: Path) -> Path:
    rows = fact_rows(store)

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=FACT_COLUMNS)
            w.writeheader()
            w.writerows(rows)

    return atomic_write(path, write)


def export(out: Path, fmt: str, to: Path | None = None) -> Path:
    """Export the store in ``out`` as ``fmt`` to ``to`` (default: see :func:`default_path`)."""
    check_format(fmt)
    path = Path(to) if to is not None else default_path(out, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(Path(out)) as store:
        if fmt in RDF_FORMATS:
            return store.export(path, RDF_FORMATS[fmt])
        if fmt in NETWORK_FORMATS:
            return export_network(store, path, fmt)
        return export_facts_csv(store, path)
