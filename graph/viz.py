"""networkx -> one self-contained interactive HTML page (pyvis data, vis-network inline, no CDN).

pyvis builds the node and edge records and the options; the page itself is rendered here from a
small template that inlines vis-network's JavaScript and CSS from the pyvis package, so it works
with no network access and never writes a ``lib/`` folder.

What the page offers (all in the one file):

* filters by class, relation, country, area, confidence and a time slider over the facts' years;
  they set ``hidden`` on the existing vis DataSets, so the layout stays where it settled;
* a search box with completion over labels and aliases that focuses and highlights a node and
  its neighbours;
* a details panel beside the graph: the selected actor's class, aliases, links and its facts
  grouped by relation, each with date, status, confidence and the evidence sentence (trimmed
  around the mention) with the document's title and link;
* actors with no visible tie hidden unless "show isolated actors" is ticked; node size by a
  centrality the user picks; edge width by the number of facts; colours by class with a legend.

Every text that came from a document is HTML-escaped in Python before it is embedded (the panel's
fact items are the only HTML built from document text); labels go to the canvas and tooltips as
plain text. The data is embedded as JSON with ``<``, ``>`` and ``&`` written as ``\\u003c``-style
escapes, so no document text can close the ``<script>`` block.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.edge import Edge
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
CENTRALITIES = ("pagerank", "degree", "weighted_degree", "betweenness")
MAX_WORDS = 40  # an evidence sentence is trimmed to this many words around the mention
MAX_EVIDENCE = 2  # sentences shown per fact in the panel


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


def trim_sentence(sentence: str, terms: list[str], max_words: int = MAX_WORDS) -> str:
    """``sentence`` cut to at most ``max_words`` words around the first mention of ``terms``.

    The window starts two words before the earliest mention found (case-insensitive, a term
    matching on its first words); cut ends are marked with ``…``. A sentence that fits, or one
    that mentions none of the terms, keeps its start.

    >>> trim_sentence("a b c d e f g h Belarus i j k l", ["Belarus"], max_words=4)
    '… g h Belarus i …'
    """
    words = " ".join(str(sentence or "").split()).split(" ")
    if len(words) <= max_words:
        return " ".join(words)
    low = [w.casefold() for w in words]
    earliest = len(low)  # the earliest mention so far: a term is looked for only before it
    for term in terms:
        first = str(term or "").casefold().split()
        if not first:
            continue
        head = first[0][:12]
        for i in range(earliest):
            if low[i].startswith(head) and all(
                i + k < len(low) and low[i + k].startswith(t[:12]) for k, t in enumerate(first[:3])
            ):
                earliest = i
                break
    start = max(0, earliest - 2) if earliest < len(low) else 0
    start = min(start, len(words) - max_words)
    end = start + max_words
    return ("… " if start > 0 else "") + " ".join(words[start:end]) + (" …" if end < len(words) else "")


def _evidence_html(evidence: list[dict[str, Any]], terms: list[str]) -> str:
    """Escaped HTML of a fact's evidence: trimmed sentences with their documents' titles and links."""
    items = []
    seen: set[str] = set()
    for ev in evidence:
        sentence = ev.get("sentence") or ""
        if sentence in seen:
            continue
        seen.add(sentence)
        src = _esc(ev.get("title") or ev.get("doc"))
        url = ev.get("url")
        if url and str(url).startswith(("http://", "https://")):
            src = f'<a href="{_esc(url)}" target="_blank" rel="noopener noreferrer">{src}</a>'
        quote = f"<q>{_esc(trim_sentence(sentence, terms))}</q> " if sentence else ""
        items.append(f'<div class="ev">{quote}<span class="src">{src}</span></div>')
        if len(items) == MAX_EVIDENCE:
            break
    more = len({e.get("sentence") for e in evidence}) - len(items)
    if more > 0:
        items.append(f'<div class="src">… and {more} more</div>')
    return "".join(items)


def _country_code(iri: str | None) -> str:
    return iri[len(analytics.COUNTRY) :] if iri and iri.startswith(analytics.COUNTRY) else ""


AGGREGATE_ABOVE = 300  # a graph with more nodes than this opens in the aggregated view
BETWEENNESS_SAMPLE = 200  # above AGGREGATE_ABOVE nodes betweenness is estimated from this many sources
AGGREGATE_KEEP = ("Country", "InternationalOrganization")  # the nodes of the aggregated view


def aggregated(g: nx.MultiGraph) -> nx.MultiGraph:
    """``g`` rolled up to countries and organisations (:func:`graph.analytics.roll_up`).

    Each body, company or person goes to its node's ``country`` (``country_how`` says how it is
    known, for the explanations); actors with no country are left out, and so are structural ties.
    """
    countries = {
        n: str(d["country"])
        for n, d in g.nodes(data=True)
        if d.get("country") and d.get("type") not in AGGREGATE_KEEP
    }
    why = {n: str(d["country_how"]) for n, d in g.nodes(data=True) if d.get("country_how")}
    return analytics.roll_up(g, countries, why=why)


def _group(g: nx.MultiGraph) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, data in g.edges(data=True):
        s, o = data.get("source", u), data.get("target", v)
        if s not in g or o not in g:
            s, o = u, v
        if not data.get("directed"):
            s, o = sorted((s, o))
        grouped[(s, o, data.get("rel", ""))].append(data)
    return grouped


def _add_layer(
    net: Network,
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]],
    label: dict[str, str],
    facts: list[dict[str, Any]],
    layer: str,
    fact_of: dict[int, int],
) -> None:
    """Add one vis edge per (source, target, relation) of ``grouped`` to ``net`` and its facts to
    ``facts``. ``fact_of`` maps an edge's ``_eid`` to its fact in the ``full`` layer; a fact of the
    ``agg`` layer (a copy of such an edge, made by the roll-up) points at it with ``ev`` instead of
    repeating its evidence."""
    pair_count: dict[tuple[str, ...], int] = defaultdict(int)
    for (s, o, rel), group in sorted(grouped.items()):
        ids = []
        for d in sorted(
            group, key=lambda d: (str(d.get("date") or d.get("doc_date") or ""), str(d.get("doc")))
        ):
            date = d.get("date") or d.get("doc_date")
            conf = d.get("confidence")
            fact: dict[str, Any] = {
                "rel": rel,
                "s": s,
                "o": o,
                "date": str(date) if date else None,
                "year": d.get("year"),
                "status": d.get("status"),
                "confidence": round(float(conf), 3) if conf is not None else None,
                "via": d.get("via_label"),
                "explanation": d.get("explanation") if d.get("derived") else None,
                "areas": sorted(d.get("areas", [])),
            }
            if layer == "agg" and d.get("_eid") in fact_of:
                fact["ev"] = fact_of[d["_eid"]]
            else:
                terms = [label[s], label[o]] + ([str(d["via_label"])] if d.get("via_label") else [])
                fact["html"] = _evidence_html(d.get("evidence", []), terms)
                if "_eid" in d:
                    fact_of[d["_eid"]] = len(facts)
            ids.append(len(facts))
            facts.append(fact)
        pair = tuple(sorted((s, o)))
        k = pair_count[pair]
        pair_count[pair] += 1
        edge = Edge(
            s,
            o,
            True,
            title=f"{label[s]} {rel} {label[o]}: {len(ids)} fact{'s' if len(ids) != 1 else ''}",
            label=rel,
            rel=rel,
            layer=layer,
            color=REL_COLORS.get(rel, "#999999"),
            value=len(ids),
            arrows={"to": {"enabled": bool(group[0].get("directed")), "scaleFactor": 0.5}},
            smooth={"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW", "roundness": 0.1 + 0.1 * k}
            if k
            else {"enabled": False},
            facts=ids,
            years=sorted({d["year"] for d in group if d.get("year")}),
            areas=sorted({a for d in group for a in d.get("areas", [])}),
        )
        net.edges.append(edge.options)  # Network.add_edge looks each end up in a list: quadratic


def page_data(
    g: nx.MultiGraph,
    *,
    center: str | None = None,
    physics: bool = True,
    centrality: list[dict[str, Any]] | None = None,
    aggregate: bool | None = None,
) -> dict[str, Any]:
    """The data the page embeds: vis nodes and edges (built with pyvis), facts, legend, options.

    One vis node per actor (colour and shape by class; ``metrics`` for the size the user picks,
    PageRank at first) and one vis edge per (source, target, relation), ``value`` = its number of
    facts, ``facts`` = indices into ``data["facts"]``. Each fact has its relation, ends, date, year,
    status, confidence and ``html``: its escaped, trimmed evidence with the document's title/link.

    With ``aggregate`` (by default: more than :data:`AGGREGATE_ABOVE` nodes, some of them neither
    countries nor organisations) the page opens in the aggregated view: ``data["aggregate"]`` is
    true, the nodes of :func:`aggregated` have ``agg`` (and ``aggMetrics``), and a second layer of
    edges (``layer == "agg"``) joins them, its facts pointing at the full layer's (``ev``) for their
    evidence; the page's "show persons and bodies" switch swaps the layers. ``g`` is not modified.
    """
    g = g.copy()  # each edge's data gets an id (_eid) that its rolled-up copy keeps
    for i, (_u, _v, d) in enumerate(g.edges(data=True)):
        d["_eid"] = i
    if aggregate is None:
        aggregate = g.number_of_nodes() > AGGREGATE_ABOVE
    if aggregate and all(t in AGGREGATE_KEEP for _, t in g.nodes(data="type")):
        aggregate = False  # nothing to roll up
    k = BETWEENNESS_SAMPLE if g.number_of_nodes() > AGGREGATE_ABOVE else None
    metrics = {r["node"]: r for r in (centrality if centrality is not None else analytics.centrality(g, k=k))}
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    label = {n: str(d.get("label", n)) for n, d in g.nodes(data=True)}
    grouped = _group(g)
    h = aggregated(g) if aggregate else None
    agg_metrics = {}
    if h is not None:
        k = BETWEENNESS_SAMPLE if h.number_of_nodes() > AGGREGATE_ABOVE else None
        agg_metrics = {r["node"]: r for r in analytics.centrality(h, k=k)}
    nodes = dict(g.nodes(data=True))
    if h is not None:
        for n, data in h.nodes(data=True):
            if n not in nodes:  # a country only reached through the roll-up
                nodes[n] = data
                label[n] = str(data.get("label", n))
    for n, data in sorted(nodes.items()):
        typ = data.get("type", "")
        m = metrics.get(n, {})
        extra: dict[str, Any] = {}
        if h is not None and n in h:
            am = agg_metrics.get(n, {})
            extra = {"agg": True, "aggMetrics": {k: float(am.get(k, 0.0)) for k in CENTRALITIES}}
        net.add_node(
            n,
            label=label[n],
            title=f"{label[n]} ({typ})",
            color=COLORS.get(typ, "#7f7f7f"),
            shape=SHAPES.get(typ, "dot"),
            size=12,
            cls=typ,
            country=_country_code(data.get("country")) or _country_code(n),
            aliases=list(data.get("aliases", [])),
            links=[x for x in data.get("links", []) if str(x).startswith(("http://", "https://"))],
            areas=list(data.get("areas", [])),
            docs=len(data.get("docs", [])),
            metrics={k: float(m.get(k, 0.0)) for k in CENTRALITIES},
            borderWidth=4 if n == center else 1,
            **extra,
        )
    facts: list[dict[str, Any]] = []
    fact_of: dict[int, int] = {}
    _add_layer(net, grouped, label, facts, "full", fact_of)
    if h is not None:
        _add_layer(net, _group(h), label, facts, "agg", fact_of)
    for i, e in enumerate(net.edges):
        e["id"] = f"e{i}"
    first = h if h is not None else g
    big = first.number_of_nodes() > AGGREGATE_ABOVE or len(_group(first)) > 3 * AGGREGATE_ABOVE
    options = {
        "nodes": {"font": {"size": 12}, "scaling": {"label": {"enabled": False}}},
        "edges": {
            "font": {"size": 9, "align": "middle", "color": "#555"},
            "scaling": {"min": 1, "max": 10, "label": {"enabled": False}},
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
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.2},
            "stabilization": {
                "enabled": True,
                "iterations": 400 if big else 1000,
                "updateInterval": 25,
                "fit": True,
            },
            "minVelocity": 1.0,
        },
    }
    classes = sorted({n["cls"] for n in net.nodes})
    rels = sorted({e["rel"] for e in net.edges})
    countries = sorted(
        {
            (n["country"], label.get(analytics.COUNTRY + n["country"], n["country"]))
            for n in net.nodes
            if n["country"]
        },
        key=lambda c: c[1],
    )
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "facts": facts,
        "options": options,
        "legend": {
            "classes": [[c, COLORS.get(c, "#7f7f7f"), SHAPES.get(c, "dot")] for c in classes],
            "relations": [[r, REL_COLORS.get(r, "#999999")] for r in rels],
        },
        "countries": [list(c) for c in countries],
        "areas": sorted(
            {a for n in net.nodes for a in n["areas"]} | {a for e in net.edges for a in e["areas"]}
        ),
        "years": sorted({f["year"] for f in facts if f["year"]}),
        "centralities": list(CENTRALITIES),
        "center": center,
        "aggregate": h is not None,
        "countryBase": analytics.COUNTRY,
    }


def store_page(
    store: Any, path: Path, *, title: str = "coopgraph"
) -> tuple[nx.MultiGraph, list[dict[str, Any]]]:
    """The page a build writes for a store: its actor network with centrality, written to ``path``.
    Returns the network and the centrality rows, which the report reuses (betweenness is the costly
    part: computed once for page and report)."""
    net = analytics.actor_network(store)
    ranks = analytics.centrality(net)
    write_page(net, path, title=title, centrality=ranks)
    return net, ranks


def write_page(
    g: nx.MultiGraph,
    path: Path,
    title: str = "coopgraph",
    *,
    center: str | None = None,
    physics: bool = True,
    centrality: list[dict[str, Any]] | None = None,
    aggregate: bool | None = None,
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
        The focus node of an ego view (drawn with a thick border, shown in the panel at first).
    physics : bool
        Start with the layout physics on (it is switched off once the layout has settled).
    centrality : list of dict, optional
        :func:`graph.analytics.centrality` of ``g`` when the caller has it already.
    aggregate : bool, optional
        Open in the aggregated view (see :func:`page_data`); by default when ``g`` has more than
        :data:`AGGREGATE_ABOVE` nodes.
    """
    path = Path(path)
    data = page_data(g, center=center, physics=physics, centrality=centrality, aggregate=aggregate)
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
 #app { display: flex; height: 100%; overflow: hidden; }
 #side { width: 250px; flex: none; padding: 8px 10px; border-right: 1px solid #ddd; overflow-y: auto;
         background: #fafafa; box-sizing: border-box; }
 #side h1 { font-size: 16px; margin: 4px 0 6px; }
 #side h2 { font-size: 12px; text-transform: uppercase; color: #666; margin: 12px 0 4px; }
 #side label { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
 #side select, #side input[type=search], #side input[type=range] { width: 100%; box-sizing: border-box; }
 #mynetwork { flex: 1; min-width: 0; height: 100%; position: relative; }
 #panel { width: 360px; flex: none; height: 100%; box-sizing: border-box; overflow-y: auto;
          padding: 8px 12px; border-left: 1px solid #ddd; background: #fff; }
 #panel h2 { font-size: 16px; margin: 4px 0; }
 #panel h3 { font-size: 13px; margin: 12px 0 4px; border-bottom: 1px solid #eee; }
 #panel .meta { color: #555; }
 #panel .fact { margin: 6px 0 10px; }
 #panel .fact .head { font-weight: 600; }
 #panel .ev { margin: 2px 0 0 8px; }
 #panel .ev q { font-style: italic; }
 #panel .src { color: #666; font-size: 12px; }
 #panel a.node { cursor: pointer; color: #1f5fa8; }
 .sw { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
 .ln { display: inline-block; width: 16px; height: 3px; margin-right: 4px; vertical-align: middle; }
 #status { color: #666; margin-top: 8px; }
 div.vis-tooltip { max-width: 360px; white-space: normal; font-size: 12px; }
</style>
</head>
<body>
<div id="app">
 <div id="side">
  <h1>@@TITLE@@</h1>
  <input type="search" id="search" list="names" placeholder="search an actor…" autocomplete="off">
  <datalist id="names"></datalist>
  <div id="status"></div>
  <label id="fullswitch"><input type="checkbox" id="full"> show persons and bodies</label>
  <label><input type="checkbox" id="isolated"> show isolated actors</label>
  <label><input type="checkbox" id="physics"> physics (layout)</label>
  <h2>Size by</h2>
  <select id="sizeby"></select>
  <h2>Time: facts up to <span id="yearlabel"></span></h2>
  <input type="range" id="year" step="1">
  <h2>Country</h2>
  <select id="country"><option value="">all countries</option></select>
  <h2>Area</h2>
  <select id="area"><option value="">all areas</option></select>
  <h2>Confidence at least <span id="conflabel">0.00</span></h2>
  <input type="range" id="confidence" min="0" max="1" step="0.05" value="0">
  <h2>Classes</h2>
  <div id="classes"></div>
  <h2>Relations</h2>
  <div id="relations"></div>
 </div>
 <div id="mynetwork"></div>
 <div id="panel">
  <p class="meta">Click an actor, or search for one, to see its facts and where they come from.</p>
 </div>
</div>
<script>@@VIS_JS@@</script>
<script>
"use strict";
var DATA = @@DATA@@;
var byId = {};
DATA.nodes.forEach(function (n) { byId[n.id] = n; });
// a large graph opens aggregated: countries and organisations joined by the rolled-up facts of their
// bodies and people (the "agg" layer); "show persons and bodies" swaps in every actor and the "full" layer
function layerNodes(full) { return DATA.nodes.filter(function (n) { return full || n.agg; }); }
function layerEdges(full) {
  var want = full ? "full" : "agg";
  return DATA.edges.filter(function (e) { return e.layer === want; });
}
function fresh(x) { return Object.assign({}, x, {hidden: false}); }
var years = DATA.years, lastYear = years.length ? years[years.length - 1] : null;
var state = {classes: {}, rels: {}, year: lastYear, country: "", area: "", minConf: 0, isolated: false,
             sizeBy: "pagerank", full: !DATA.aggregate};
var nodes = new vis.DataSet(layerNodes(state.full).map(fresh));
var edges = new vis.DataSet(layerEdges(state.full).map(fresh));
DATA.legend.classes.forEach(function (c) { state.classes[c[0]] = true; });
DATA.legend.relations.forEach(function (r) { state.rels[r[0]] = true; });

function factVisible(i) {
  var f = DATA.facts[i];
  if (state.year !== lastYear && !(f.year && f.year <= state.year)) return false;
  if (state.minConf > 0 && f.confidence !== null && f.confidence < state.minConf) return false;
  return !state.area || f.areas.indexOf(state.area) >= 0;
}
function edgeVisible(e) {
  if (!state.rels[e.rel]) return false;
  var a = byId[e.from], b = byId[e.to];
  if (!a || !b || !state.classes[a.cls] || !state.classes[b.cls]) return false;
  if (state.country && a.country !== state.country && b.country !== state.country) return false;
  if (state.area && e.areas.indexOf(state.area) < 0) return false;
  return e.facts.some(factVisible);
}
function nodeVisible(n, touched) {
  if (!state.classes[n.cls]) return false;
  if (touched[n.id]) return true;
  if (!state.isolated) return false;
  if (state.country && n.country !== state.country) return false;
  return !state.area || n.areas.indexOf(state.area) >= 0;
}
var container = document.getElementById("mynetwork");
var network = new vis.Network(container, {nodes: nodes, edges: edges}, DATA.options);
var t0 = performance.now();
window.coopgraph = {nodes: nodes, edges: edges, network: network, state: state, data: DATA,
                    stabilized: false, stabilizationMs: null};
function visibleCount(ds) { return ds.get({filter: function (x) { return !x.hidden; }}).length; }
function status() {
  document.getElementById("status").textContent = visibleCount(nodes) + " of " + nodes.length + " actors, " +
    visibleCount(edges) + " of " + edges.length + " ties" +
    (state.full ? "" : " (aggregated: countries and organisations, with their bodies' and people's facts)");
}
var placed = {};
function placeIsolated(ids) {
  // actors shown for the first time with no tie go in rows under the drawn graph, not on top of it
  var shown = nodes.getIds({filter: function (n) { return !n.hidden && ids.indexOf(n.id) < 0; }});
  var pos = network.getPositions(shown), minX = 0, maxX = 0, maxY = 0, first = true;
  Object.keys(pos).forEach(function (k) {
    var p = pos[k];
    if (first) { minX = maxX = p.x; maxY = p.y; first = false; }
    minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
  });
  var perRow = Math.max(5, Math.round((maxX - minX) / 60) || 10);
  ids.filter(function (id) { return !placed[id]; }).forEach(function (id, i) {
    network.moveNode(id, minX + (i % perRow) * 60, maxY + 120 + Math.floor(i / perRow) * 50);
    placed[id] = true;
  });
}
function applyFilter() {
  var touched = {}, edgeUpdates = [], nodeUpdates = [], newlyShown = [];
  edges.forEach(function (e) {
    var vis = edgeVisible(e);
    if (vis) { touched[e.from] = true; touched[e.to] = true; }
    if (e.hidden === vis) edgeUpdates.push({id: e.id, hidden: !vis});
  });
  nodes.forEach(function (n) {
    var vis = nodeVisible(n, touched);
    if (n.hidden === vis) {
      nodeUpdates.push({id: n.id, hidden: !vis});
      if (vis && !touched[n.id]) newlyShown.push(n.id);
    }
  });
  nodes.update(nodeUpdates);
  edges.update(edgeUpdates);
  if (newlyShown.length && window.coopgraph.stabilized) placeIsolated(newlyShown);
  status();
  if (window.coopgraph.selected) showPanel(window.coopgraph.selected);
}
window.coopgraph.applyFilter = applyFilter;
window.coopgraph.visible = function () {
  return nodes.getIds({filter: function (n) { return !n.hidden; }}).sort();
};

function metricsOf(n) { return (!state.full && n.aggMetrics) || n.metrics; }
function sizes(list) {
  var key = state.sizeBy, top = 0;
  list.forEach(function (n) { top = Math.max(top, metricsOf(n)[key] || 0); });
  return list.map(function (n) {
    var x = top > 0 ? (metricsOf(n)[key] || 0) / top : 0;
    return {id: n.id, size: Math.round((8 + 32 * Math.sqrt(x)) * 10) / 10};
  });
}
function resize() { nodes.update(sizes(nodes.getIds().map(function (id) { return byId[id]; }))); }
var sizeSel = document.getElementById("sizeby");
DATA.centralities.forEach(function (c) {
  var o = document.createElement("option");
  o.value = c; o.textContent = c.replace("_", " "); sizeSel.appendChild(o);
});
sizeSel.addEventListener("change", function () { state.sizeBy = sizeSel.value; resize(); });
resize();

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
  applyFilter();  // isolated actors leave once the connected ones have their places
  if (DATA.center) showPanel(DATA.center);
});
if (!physicsBox.checked) {
  window.coopgraph.stabilized = true; window.coopgraph.stabilizationMs = 0; applyFilter();
}

function addOption(sel, value, text) {
  var o = document.createElement("option");
  o.value = String(value); o.textContent = String(text === undefined ? value : text); sel.appendChild(o);
}
var yearSlider = document.getElementById("year"), yearLabel = document.getElementById("yearlabel");
if (years.length) {
  yearSlider.min = String(years[0]); yearSlider.max = String(lastYear); yearSlider.value = String(lastYear);
} else { yearSlider.disabled = true; }
function showYear() {
  var all = lastYear ? lastYear + " (all, with undated)" : "all";
  yearLabel.textContent = state.year === lastYear ? all : state.year;
}
showYear();
yearSlider.addEventListener("input", function () {
  state.year = Number(yearSlider.value); showYear(); applyFilter();
});
var countrySel = document.getElementById("country"), areaSel = document.getElementById("area");
DATA.countries.forEach(function (c) { addOption(countrySel, c[0], c[1]); });
DATA.areas.forEach(function (a) { addOption(areaSel, a); });
countrySel.addEventListener("change", function () { state.country = countrySel.value; applyFilter(); });
areaSel.addEventListener("change", function () { state.area = areaSel.value; applyFilter(); });
var confSlider = document.getElementById("confidence");
confSlider.addEventListener("input", function () {
  state.minConf = Number(confSlider.value);
  document.getElementById("conflabel").textContent = state.minConf.toFixed(2);
  applyFilter();
});
var isoBox = document.getElementById("isolated");
isoBox.addEventListener("change", function () { state.isolated = isoBox.checked; applyFilter(); });
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

// ---- the details panel: built with DOM calls; fact.html is escaped HTML made in Python
var panel = document.getElementById("panel");
function el(tag, cls, text) {
  var x = document.createElement(tag);
  if (cls) x.className = cls;
  if (text !== undefined) x.textContent = text;
  return x;
}
function nodeLink(id) {
  var a = el("a", "node", byId[id] ? byId[id].label : id);
  a.addEventListener("click", function () { focusNode(id); });
  return a;
}
function showPanel(id) {
  var n = byId[id];
  if (!n) return;
  if (!nodes.get(id)) setFull(true);
  panel.textContent = "";
  panel.appendChild(el("h2", "", n.label));
  var where = n.country ? " · " + n.country : "";
  panel.appendChild(el("div", "meta", n.cls + where + " · " + n.docs + " documents"));
  if (n.aliases.length) panel.appendChild(el("div", "meta", "also: " + n.aliases.join(", ")));
  var links = el("div", "meta");
  [id].concat(n.links).forEach(function (href) {
    if (!/^https?:\\/\\//.test(href)) return;
    var a = el("a", "", href); a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer";
    links.appendChild(a); links.appendChild(document.createElement("br"));
  });
  panel.appendChild(links);
  var groups = {}, order = [];
  network.getConnectedEdges(id).forEach(function (eid) {
    var e = edges.get(eid);
    if (!e) return;
    e.facts.forEach(function (i) {
      var f = DATA.facts[i];
      if (!groups[f.rel]) { groups[f.rel] = []; order.push(f.rel); }
      groups[f.rel].push({f: f, other: e.from === id ? e.to : e.from, shown: !e.hidden && factVisible(i)});
    });
  });
  var hiddenFacts = 0;
  order.sort().forEach(function (rel) {
    var list = groups[rel].filter(function (item) { return item.shown; }).sort(function (a, b) {
      return String(a.f.date || "").localeCompare(String(b.f.date || ""));
    });
    hiddenFacts += groups[rel].length - list.length;
    if (!list.length) return;
    panel.appendChild(el("h3", "", rel + " (" + list.length + ")"));
    list.forEach(function (item) {
      var f = item.f, box = el("div", "fact");
      var head = el("div", "head");
      head.appendChild(document.createTextNode((f.s === id ? "→ " : "← ")));
      head.appendChild(nodeLink(item.other));
      box.appendChild(head);
      var conf = f.confidence === null ? "" : "confidence " + f.confidence.toFixed(2);
      var meta = [f.date || "undated", f.status || "", conf];
      if (f.via) meta.push("via " + f.via);
      box.appendChild(el("div", "meta", meta.filter(Boolean).join(" · ")));
      if (f.explanation) box.appendChild(el("div", "meta", "rolled up: " + f.explanation));
      var ev = el("div", "evidence");
      ev.innerHTML = f.ev === undefined ? f.html : DATA.facts[f.ev].html;  // escaped in Python
      box.appendChild(ev);
      panel.appendChild(box);
    });
  });
  if (hiddenFacts) {
    panel.appendChild(el("p", "meta hidden-facts", hiddenFacts + " more facts hidden by the filters."));
  }
  if (!order.length) {
    panel.appendChild(el("p", "meta", "No facts in this view. Facts of its ministries and people count " +
      "for a country in the country view (coopgraph viz --view countries)."));
  }
  window.coopgraph.panelFor = {id: id, hidden: hiddenFacts};
  panel.scrollTop = 0;
  window.coopgraph.selected = id;
}
var dimmed = [];
function highlight(id) {
  var keep = {}; keep[id] = true;
  network.getConnectedNodes(id).forEach(function (x) { keep[x] = true; });
  var updates = dimmed.filter(function (x) { return nodes.get(x); }).map(function (x) {
    return {id: x, opacity: 1};
  });
  dimmed = nodes.getIds({filter: function (n) { return !keep[n.id]; }});
  nodes.update(updates.concat(dimmed.map(function (x) { return {id: x, opacity: 0.25}; })));
  window.coopgraph.highlighted = Object.keys(keep).sort();
}
function clearHighlight() {
  nodes.update(dimmed.filter(function (x) { return nodes.get(x); }).map(function (x) {
    return {id: x, opacity: 1};
  }));
  dimmed = []; window.coopgraph.highlighted = [];
}
function focusNode(id) {
  if (!byId[id]) return;
  if (!nodes.get(id)) setFull(true);  // a person or body asked for in the aggregated view
  if (nodes.get(id).hidden) { nodes.update({id: id, hidden: false}); placeIsolated([id]); status(); }
  network.selectNodes([id], true);
  network.focus(id, {scale: 1.4, animation: false});
  highlight(id);
  showPanel(id);
}
window.coopgraph.focusNode = focusNode;
network.on("click", function (p) {
  if (p.nodes.length) { highlight(p.nodes[0]); showPanel(p.nodes[0]); } else { clearHighlight(); }
});

// ---- the aggregated view and "show persons and bodies": same page, the shown nodes keep their places
var saved = {}, fullBox = document.getElementById("full");
function setFull(full) {
  // The other layer's DataSets are built whole (positions, sizes, filters applied) and handed to
  // vis-network at once: adding thousands of nodes and edges item by item takes it seconds.
  if (full === state.full) return;
  clearHighlight();
  var keep = network.getPositions(), view = network.getViewPosition(), scale = network.getScale();
  var items = layerNodes(full).map(fresh), around = {}, stray = [];
  items.forEach(function (n) {
    var c = n.country ? DATA.countryBase + n.country : null, at = keep[n.id] || saved[n.id];
    if (at) { n.x = at.x; n.y = at.y; }
    else if (c && keep[c]) (around[c] = around[c] || []).push(n);
    else stray.push(n);
  });
  // an actor shown for the first time goes round its country (a sunflower spiral), else under the graph
  Object.keys(around).forEach(function (c) {
    around[c].forEach(function (n, i) {
      var r = 40 + 18 * Math.sqrt(i + 1), a = i * 2.39996;
      n.x = keep[c].x + r * Math.cos(a); n.y = keep[c].y + r * Math.sin(a); placed[n.id] = true;
    });
  });
  var ids = Object.keys(keep), x0 = 0, y0 = 0;
  ids.forEach(function (k, i) {
    x0 = i ? Math.min(x0, keep[k].x) : keep[k].x; y0 = i ? Math.max(y0, keep[k].y) : keep[k].y;
  });
  stray.forEach(function (n, i) {
    n.x = x0 + (i % 30) * 60; n.y = y0 + 120 + Math.floor(i / 30) * 50; placed[n.id] = true;
  });
  Object.keys(keep).forEach(function (id) { saved[id] = keep[id]; });
  state.full = full; fullBox.checked = full;
  var links = layerEdges(full).map(fresh), touched = {};
  links.forEach(function (e) {
    e.hidden = !edgeVisible(e);
    if (!e.hidden) { touched[e.from] = true; touched[e.to] = true; }
  });
  var size = {};
  sizes(items).forEach(function (x) { size[x.id] = x.size; });
  items.forEach(function (n) { n.hidden = !nodeVisible(n, touched); n.size = size[n.id]; });
  nodes = new vis.DataSet(items);
  edges = new vis.DataSet(links);
  window.coopgraph.nodes = nodes; window.coopgraph.edges = edges;
  network.setData({nodes: nodes, edges: edges});
  network.moveTo({position: view, scale: scale, animation: false});
  if (window.coopgraph.selected && !nodes.get(window.coopgraph.selected)) {
    window.coopgraph.selected = null;
    panel.textContent = "";
  }
  status();
  if (window.coopgraph.selected) showPanel(window.coopgraph.selected);
}
window.coopgraph.setFull = setFull;
fullBox.checked = state.full;
if (!DATA.aggregate) document.getElementById("fullswitch").style.display = "none";
fullBox.addEventListener("change", function () { setFull(fullBox.checked); });

// ---- search with completion over labels and aliases
var names = document.getElementById("names"), index = [];
DATA.nodes.forEach(function (n) {
  index.push([n.label.toLowerCase(), n.id]);
  n.aliases.forEach(function (a) { index.push([a.toLowerCase(), n.id]); });
  addOption(names, n.label);
  n.aliases.forEach(function (a) { addOption(names, a, n.label); });
});
function lookup(text) {
  var q = text.trim().toLowerCase(), i;
  if (!q) return null;
  for (i = 0; i < index.length; i++) if (index[i][0] === q) return index[i][1];
  for (i = 0; i < index.length; i++) if (index[i][0].indexOf(q) === 0) return index[i][1];
  for (i = 0; i < index.length; i++) if (index[i][0].indexOf(q) >= 0) return index[i][1];
  return null;
}
window.coopgraph.lookup = lookup;
var search = document.getElementById("search");
function runSearch() {
  var id = lookup(search.value);
  search.style.background = id || !search.value ? "" : "#fdd";
  if (id) focusNode(id);
}
search.addEventListener("change", runSearch);
search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") runSearch(); });
status();
</script>
</body>
</html>
"""
