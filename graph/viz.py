"""networkx -> one self-contained interactive HTML page (pyvis data, vis-network inline, no CDN).

pyvis builds the node and edge records and the options; the page itself is rendered here from a
small template that inlines vis-network's JavaScript and CSS from the pyvis package, so it works
with no network access and never writes a ``lib/`` folder. Every text that came from a document
is HTML-escaped in Python; the data is embedded as JSON with ``<``, ``>`` and ``&`` written as
``\\u003c``-style escapes, so no document text can close the ``<script>`` block.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from graph import analytics
from graph.paths import atomic_write_text

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
COLORS = {
    "Country": "#1f77b4",
    "InternationalOrganization": "#ff7f0e",
    "GovernmentBody": "#2ca02c",
    "Company": "#9467bd",
    "Person": "#d62728",
}
SHAPES = {
    "Country": "dot",
    "InternationalOrganization": "diamond",
    "GovernmentBody": "square",
    "Company": "triangle",
    "Person": "star",
}
REL_COLORS = {
    "cooperatesWith": "#1f77b4",
    "metWith": "#17becf",
    "memberOf": "#ff7f0e",
    "exportsTo": "#bcbd22",
    "affiliatedWith": "#8c564b",
    "jurisdiction": "#7f7f7f",
    "visited": "#e377c2",
    "coSignatory": "#2ca02c",
    "coParticipant": "#9467bd",
}
MAX_EVIDENCE = 4  # sentences shown per tooltip


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _json(obj: Any) -> str:
    """JSON safe to embed in an inline ``<script>``: no ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for ch, rep in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, rep)
    return text


def _evidence_html(evidence: list[dict[str, Any]]) -> str:
    items = []
    for ev in evidence[:MAX_EVIDENCE]:
        src = _esc(ev.get("title") or ev.get("doc"))
        url = ev.get("url")
        if url and str(url).startswith(("http://", "https://")):
            src = f'<a href="{_esc(url)}" target="_blank" rel="noopener noreferrer">{src}</a>'
        meta = ", ".join(_esc(x) for x in (ev.get("date"), ev.get("status")) if x)
        items.append(
            f"<li><q>{_esc(ev.get('sentence'))}</q><br><small>{src}{' — ' + meta if meta else ''}"
            "</small></li>"
        )
    more = len(evidence) - MAX_EVIDENCE
    if more > 0:
        items.append(f"<li><small>… and {more} more</small></li>")
    return f'<ul class="ev">{"".join(items)}</ul>' if items else ""


def _edge_title(u_label: str, v_label: str, data: dict[str, Any]) -> str:
    rel = data.get("rel", "")
    head = f"<b>{_esc(u_label)}</b> {_esc(rel)} <b>{_esc(v_label)}</b>"
    rows = []
    if data.get("via_label"):
        rows.append(
            f"{_esc(data.get('via_kind'))}: {_esc(data['via_label'])} ({_esc(data.get('parties'))} "
            f"parties, {_esc(data.get('tie'))})"
        )
    for k in ("date", "status"):
        if data.get(k):
            rows.append(f"{k}: {_esc(data[k])}")
    if data.get("areas"):
        rows.append("areas: " + _esc(", ".join(data["areas"])))
    body = "".join(f"<div>{r}</div>" for r in rows)
    return f'<div class="tip">{head}{body}{_evidence_html(data.get("evidence", []))}</div>'


def _node_title(n: str, data: dict[str, Any], facts: list[dict[str, Any]], metrics: dict[str, Any]) -> str:
    rows = [
        f"<b>{_esc(data.get('label', n))}</b> <i>({_esc(data.get('type'))})</i>",
        f"<small>{_esc(n)}</small>",
        f"degree {metrics.get('degree', 0)}, PageRank {metrics.get('pagerank', 0):.3f}, "
        f"documents {len(data.get('docs', []))}",
    ]
    if data.get("areas"):
        rows.append("areas: " + _esc(", ".join(data["areas"])))
    for f in facts[:MAX_EVIDENCE]:
        rows.append(f"{_esc(f['rel'])} {_esc(f['other'])}{' (' + _esc(f['date']) + ')' if f['date'] else ''}")
    body = "".join(f"<div>{r}</div>" for r in rows)
    evidence = [ev for f in facts for ev in f["evidence"]]
    seen: set[str] = set()
    uniq = [ev for ev in evidence if not (ev["sentence"] in seen or seen.add(ev["sentence"]))]  # type: ignore[func-returns-value]
    return f'<div class="tip">{body}{_evidence_html(uniq)}</div>'


def to_network(
    g: nx.MultiGraph,
    *,
    center: str | None = None,
    physics: bool = True,
    centrality: list[dict[str, Any]] | None = None,
) -> Network:
    """Build the pyvis :class:`~pyvis.network.Network` of ``g`` (``g`` itself is not modified).

    One vis node per actor (colour and shape by class, size by PageRank) and one vis edge per
    actor pair and relation (width by number of facts, colour and label by relation).
    """
    metrics = {r["node"]: r for r in (centrality if centrality is not None else analytics.centrality(g))}
    top = max((r["pagerank"] for r in metrics.values()), default=1.0) or 1.0
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    facts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, data in g.edges(data=True):
        s, o = data.get("source", u), data.get("target", v)
        if s not in g or o not in g:
            s, o = u, v
        grouped[(s, o, data.get("rel", ""))].append(data)
    for (s, o, rel), group in grouped.items():
        ev = [e for d in group for e in d.get("evidence", [])]
        date = min((d["date"] for d in group if d.get("date")), default=None)
        for a, b in ((s, o), (o, s)):
            facts[a].append({"rel": rel, "other": g.nodes[b].get("label", b), "date": date, "evidence": ev})
    for n, data in g.nodes(data=True):
        typ = data.get("type", "")
        pr = metrics.get(n, {}).get("pagerank", 0.0)
        years = sorted({d.get("year") for _, _, d in g.edges(n, data=True) if d.get("year")})
        net.add_node(
            n,
            label=str(data.get("label", n)),
            title=_node_title(
                n, data, sorted(facts[n], key=lambda f: (f["rel"], str(f["other"]))), metrics.get(n, {})
            ),
            color=COLORS.get(typ, "#7f7f7f"),
            shape=SHAPES.get(typ, "dot"),
            size=round(8 + 32 * math.sqrt(pr / top), 1),
            cls=typ,
            areas=list(data.get("areas", [])),
            years=years,
            borderWidth=4 if n == center else 1,
        )
    pair_count: dict[tuple[str, str], int] = defaultdict(int)
    for (s, o, rel), group in sorted(grouped.items()):
        merged = dict(group[0])
        merged["evidence"] = [e for d in group for e in d.get("evidence", [])]
        merged["date"] = min((d["date"] for d in group if d.get("date")), default=None)
        merged["areas"] = sorted({a for d in group for a in d.get("areas", [])})
        vias = sorted({d["via_label"] for d in group if d.get("via_label")})
        merged["via_label"] = "; ".join(vias) if vias else None
        k = pair_count[tuple(sorted((s, o)))]  # type: ignore[index]
        pair_count[tuple(sorted((s, o)))] += 1  # type: ignore[index]
        net.add_edge(
            s,
            o,
            title=_edge_title(g.nodes[s].get("label", s), g.nodes[o].get("label", o), merged),
            label=rel,
            rel=rel,
            color=REL_COLORS.get(rel, "#999999"),
            value=len(group),
            arrows={"to": {"enabled": bool(merged.get("directed")), "scaleFactor": 0.5}},
            smooth={"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW", "roundness": 0.1 + 0.1 * k}
            if k
            else {"enabled": False},
            years=sorted({d["year"] for d in group if d.get("year")}),
            areas=merged["areas"],
        )
    big = g.number_of_nodes() > 300
    net.set_options(
        json.dumps(
            {
                "nodes": {"font": {"size": 12}, "scaling": {"label": {"enabled": False}}},
                "edges": {
                    "font": {"size": 9, "align": "middle", "color": "#555"},
                    "scaling": {"min": 1, "max": 8, "label": {"enabled": False}},
                    "smooth": {"enabled": False},
                },
                "interaction": {
                    "hover": True,
                    "tooltipDelay": 150,
                    "hideEdgesOnDrag": big,
                    "navigationButtons": False,
                },
                "physics": {
                    "enabled": physics,
                    "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {
                        "gravitationalConstant": -60,
                        "springLength": 120,
                        "avoidOverlap": 0.2,
                    },
                    "stabilization": {
                        "enabled": True,
                        "iterations": 400 if big else 1000,
                        "updateInterval": 25,
                        "fit": True,
                    },
                    "minVelocity": 1.0,
                },
            }
        )
    )
    return net


def write_page(
    g: nx.MultiGraph,
    path: Path,
    title: str = "coopgraph",
    *,
    center: str | None = None,
    physics: bool = True,
    centrality: list[dict[str, Any]] | None = None,
) -> Path:
    """Write ``g`` to ``path`` as one HTML file that works with no network access.

    Parameters
    ----------
    g : networkx.MultiGraph
        An actor or country network from :mod:`graph.analytics` (not modified).
    path : Path
        The HTML file to write (through a temporary file renamed into place).
    title : str
        The page's heading (escaped).
    center : str, optional
        The focus node of an ego view (drawn with a thick border).
    physics : bool
        Start with the layout physics on (it is switched off once the layout has settled).
    centrality : list of dict, optional
        :func:`graph.analytics.centrality` of ``g`` when the caller has it already.
    """
    path = Path(path)
    net = to_network(g, center=center, physics=physics, centrality=centrality)
    classes = sorted({n["cls"] for n in net.nodes})
    rels = sorted({e["rel"] for e in net.edges})
    areas = sorted({a for n in net.nodes for a in n["areas"]} | {a for e in net.edges for a in e["areas"]})
    years = sorted({y for e in net.edges for y in e["years"]})
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": net.options,
        "legend": {
            "classes": [[c, COLORS.get(c, "#7f7f7f"), SHAPES.get(c, "dot")] for c in classes],
            "relations": [[r, REL_COLORS.get(r, "#999999")] for r in rels],
        },
        "areas": areas,
        "years": years,
    }
    parts = {
        "TITLE": _esc(title),
        "VIS_CSS": (VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        "VIS_JS": (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        "DATA": _json(data),
    }
    page = re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _TEMPLATE)  # one pass: no re-expansion
    return atomic_write_text(path, page)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<style>@@VIS_CSS@@</style>
<style>
 html, body { margin: 0; height: 100%; font: 13px/1.35 system-ui, sans-serif; color: #222; }
 #app { display: flex; height: 100%; }
 #side { width: 250px; padding: 8px 10px; border-right: 1px solid #ddd; overflow-y: auto;
         background: #fafafa; }
 #side h1 { font-size: 16px; margin: 4px 0 6px; }
 #side h2 { font-size: 12px; text-transform: uppercase; color: #666; margin: 12px 0 4px; }
 #side label { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
 #side select { width: 100%; }
 #mynetwork { flex: 1; height: 100%; position: relative; }
 .sw { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
 .ln { display: inline-block; width: 16px; height: 3px; margin-right: 4px; vertical-align: middle; }
 #status { color: #666; margin-top: 8px; }
 div.vis-tooltip { max-width: 460px; white-space: normal; font-size: 12px; }
 .tip q { font-style: italic; }
 .tip ul.ev { margin: 4px 0 0; padding-left: 16px; }
</style>
</head>
<body>
<div id="app">
 <div id="side">
  <h1>@@TITLE@@</h1>
  <div id="status"></div>
  <label><input type="checkbox" id="physics"> physics (layout)</label>
  <h2>Year</h2>
  <select id="year"><option value="">all years</option></select>
  <h2>Area</h2>
  <select id="area"><option value="">all areas</option></select>
  <h2>Classes</h2>
  <div id="classes"></div>
  <h2>Relations</h2>
  <div id="relations"></div>
 </div>
 <div id="mynetwork"></div>
</div>
<script>@@VIS_JS@@</script>
<script>
"use strict";
var DATA = @@DATA@@;
function tipElement(html) {
  var box = document.createElement("div");
  box.innerHTML = html;  // built from escaped text in Python
  return box;
}
var nodes = new vis.DataSet(DATA.nodes.map(function (n) {
  return Object.assign({}, n, {titleHtml: n.title, title: tipElement(n.title)});
}));
var edges = new vis.DataSet(DATA.edges.map(function (e, i) {
  return Object.assign({id: "e" + i}, e, {titleHtml: e.title, title: tipElement(e.title)});
}));
var state = {classes: {}, rels: {}, year: "", area: ""};
DATA.legend.classes.forEach(function (c) { state.classes[c[0]] = true; });
DATA.legend.relations.forEach(function (r) { state.rels[r[0]] = true; });
function edgeVisible(e) {
  if (!state.rels[e.rel]) return false;
  if (state.year && e.years.indexOf(Number(state.year)) < 0) return false;
  if (state.area && e.areas.indexOf(state.area) < 0) return false;
  var a = nodes.get(e.from), b = nodes.get(e.to);
  return !!(a && b && state.classes[a.cls] && state.classes[b.cls]);
}
var touched = {};
function recompute() {
  touched = {};
  edges.forEach(function (e) { if (edgeVisible(e)) { touched[e.from] = true; touched[e.to] = true; } });
}
function nodeVisible(n) {
  if (!state.classes[n.cls]) return false;
  if (!state.year && !state.area) return true;
  if (touched[n.id]) return true;
  return !state.year && state.area && n.areas.indexOf(state.area) >= 0;
}
recompute();
var nodesView = new vis.DataView(nodes, {filter: nodeVisible});
var edgesView = new vis.DataView(edges, {filter: edgeVisible});
var container = document.getElementById("mynetwork");
var network = new vis.Network(container, {nodes: nodesView, edges: edgesView}, DATA.options);
var t0 = performance.now();
window.coopgraph = {nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
                    network: network, stabilized: false, stabilizationMs: null};
function status() {
  document.getElementById("status").textContent = nodesView.length + " of " + nodes.length + " nodes, " +
    edgesView.length + " of " + edges.length + " edges";
}
function applyFilter() {
  recompute(); nodesView.refresh(); edgesView.refresh(); status();
}
window.coopgraph.applyFilter = applyFilter;
var physicsBox = document.getElementById("physics");
physicsBox.checked = !!(DATA.options.physics && DATA.options.physics.enabled);
physicsBox.addEventListener("change", function () {
  network.setOptions({physics: {enabled: physicsBox.checked}});
});
network.once("stabilizationIterationsDone", function () {
  window.coopgraph.stabilized = true;
  window.coopgraph.stabilizationMs = performance.now() - t0;
  network.setOptions({physics: {enabled: false}});
  physicsBox.checked = false;
});
if (!physicsBox.checked) { window.coopgraph.stabilized = true; window.coopgraph.stabilizationMs = 0; }
function addOption(sel, value) {
  var o = document.createElement("option");
  o.value = String(value); o.textContent = String(value); sel.appendChild(o);
}
var yearSel = document.getElementById("year"), areaSel = document.getElementById("area");
DATA.years.forEach(function (y) { addOption(yearSel, y); });
DATA.areas.forEach(function (a) { addOption(areaSel, a); });
yearSel.addEventListener("change", function () { state.year = yearSel.value; applyFilter(); });
areaSel.addEventListener("change", function () { state.area = areaSel.value; applyFilter(); });
function legendItem(parent, key, swatch, store) {
  var label = document.createElement("label");
  var box = document.createElement("input"); box.type = "checkbox"; box.checked = true; box.value = key;
  box.addEventListener("change", function () { store[key] = box.checked; applyFilter(); });
  label.appendChild(box); label.appendChild(swatch); label.appendChild(document.createTextNode(key));
  label.title = key; parent.appendChild(label);
}
DATA.legend.classes.forEach(function (c) {
  var s = document.createElement("span"); s.className = "sw"; s.style.background = c[1];
  if (c[2] === "dot") s.style.borderRadius = "50%";
  if (c[2] === "diamond") s.style.transform = "rotate(45deg) scale(0.8)";
  legendItem(document.getElementById("classes"), c[0], s, state.classes);
});
DATA.legend.relations.forEach(function (r) {
  var s = document.createElement("span"); s.className = "ln"; s.style.background = r[1];
  legendItem(document.getElementById("relations"), r[0], s, state.rels);
});
status();
</script>
</body>
</html>
"""
