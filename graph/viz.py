"""networkx -> one self-contained pyvis HTML page (inline JavaScript, no CDN, text escaped)."""

from __future__ import annotations

import html
import os
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from graph.analytics import weighted

COLORS = {
    "Country": "#1f77b4",
    "InternationalOrganization": "#ff7f0e",
    "GovernmentBody": "#2ca02c",
    "Company": "#9467bd",
    "Person": "#d62728",
    "Place": "#8c564b",
}
SHAPES = {"Country": "dot", "InternationalOrganization": "diamond", "GovernmentBody": "square",
          "Company": "triangle", "Person": "star", "Place": "triangleDown"}


def write_page(g: nx.MultiGraph, path: Path, title: str = "coopgraph") -> Path:
    """Write the network to ``path`` as one HTML file that works with no network access."""
    h = weighted(g)
    net = Network(height="800px", width="100%", cdn_resources="in_line", heading=html.escape(title))
    for n, data in h.nodes(data=True):
        typ = data.get("type", "")
        net.add_node(
            n,
            label=html.escape(str(data.get("label", n))),
            title=html.escape(f"{data.get('label', n)} ({typ})"),
            color=COLORS.get(typ, "#7f7f7f"),
            shape=SHAPES.get(typ, "dot"),
            size=10 + 3 * h.degree(n),
        )
    for u, v, data in h.edges(data=True):
        rels = ", ".join(sorted(r for r in data["rels"] if r))
        net.add_edge(u, v, value=data["weight"], title=html.escape(rels), label=html.escape(rels))
    page = net.generate_html(notebook=False)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, path)
    return path
