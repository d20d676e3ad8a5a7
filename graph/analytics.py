"""Network analytics: a SPARQL projection of the store into networkx, and metrics over it.

Functions take the graph first, return plain data and accept ``seed=`` where randomness enters.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph import queries
from graph.store import Store

COOP = "https://w3id.org/coopgraph/ont#"


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def actor_network(store: Store) -> nx.MultiGraph:
    """Actors as nodes (with ``label`` and ``type``), one edge per relation fact (``rel``, ``doc``, ``date``)."""
    g = nx.MultiGraph()
    for row in store.select(queries.read("actor_edges")):
        for end in ("s", "o"):
            g.add_node(row[end], label=row[f"{end}Label"], type=_local(row[f"{end}Type"]))
        key = (row["rel"], row["doc"])
        if not g.has_edge(row["s"], row["o"], key=key):
            g.add_edge(row["s"], row["o"], key=key, rel=row["rel"], doc=row["doc"], date=row["date"])
    return g


def weighted(g: nx.MultiGraph) -> nx.Graph:
    """Collapse parallel edges into one edge whose ``weight`` counts them."""
    h = nx.Graph()
    h.add_nodes_from(g.nodes(data=True))
    for u, v, data in g.edges(data=True):
        if h.has_edge(u, v):
            h[u][v]["weight"] += 1
            h[u][v]["rels"].add(data.get("rel"))
        else:
            h.add_edge(u, v, weight=1, rels={data.get("rel")})
    return h


def centrality(g: nx.MultiGraph) -> list[dict[str, Any]]:
    """Degree, weighted degree, betweenness and PageRank per node, best PageRank first."""
    h = weighted(g)
    if h.number_of_nodes() == 0:
        return []
    pr = nx.pagerank(h, weight="weight")
    bc = nx.betweenness_centrality(h)
    rows = [
        {
            "node": n,
            "label": h.nodes[n].get("label", n),
            "type": h.nodes[n].get("type", ""),
            "degree": h.degree(n),
            "weighted_degree": h.degree(n, weight="weight"),
            "betweenness": bc[n],
            "pagerank": pr[n],
        }
        for n in h.nodes
    ]
    return sorted(rows, key=lambda r: (-r["pagerank"], r["label"]))
