"""Exports of a built store: RDF serialisations, the actor network for Gephi/yEd, and a facts CSV.

* RDF: TriG and N-Quads keep the named graphs; JSON-LD is compacted with a ``@context`` of the
  project's prefixes and keeps them too (one ``@graph`` per document); Turtle is the union.
* GraphML/GEXF: one edge per (source, target, relation) with ``weight`` = the number of facts it
  stands for, ``first_date``/``last_date``; the GEXF is dynamic (``start``/``end`` from the facts'
  dates, so Gephi's timeline works); nodes carry type, country and centralities.
* Facts CSV: one row per fact, labels before IRIs, the relation's short name, one date column with
  a column saying where it came from (``fact``, ``event`` or ``document``), UTF-8 with a BOM so
  Excel reads non-ASCII text right.

Every file is written under a temporary name in the target folder and renamed into place, so a
reader never sees half a file.
"""

from __future__ import annotations

import calendar
import csv
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import StoreError
from graph.paths import atomic_write
from graph.store import PREFIXES, Store

if TYPE_CHECKING:  # networkx is imported where a network is made: every CLI command imports this module
    import networkx as nx

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
#: The facts CSV's columns: what a reader wants first, then the IRIs and offsets.
FACT_COLUMNS = (
    "subject_label",
    "relation",
    "object_label",
    "date",
    "date_source",
    "status",
    "confidence",
    "document_title",
    "url",
    "sentence",
    "document",
    "document_date",
    "subject",
    "predicate",
    "object",
    "char_start",
    "char_end",
    "assertion",
)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def default_path(out: Path, fmt: str) -> Path:
    """Where ``coopgraph export`` writes ``fmt`` when no ``--to`` is given."""
    return Path(out) / DEFAULT_NAMES[check_format(fmt)]


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}. Fix: use one of {', '.join(FORMATS)}.")
    return fmt


def date_bounds(date: str | None) -> tuple[str, str] | None:
    """The first and last day (``YYYY-MM-DD``) of a date of any precision: ``2024`` ->
    (2024-01-01, 2024-12-31), ``2024-02`` -> (2024-02-01, 2024-02-29); None when it is no date."""
    m = _DATE.match(str(date or ""))
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if d and mo:
        day = f"{y:04d}-{mo}-{d}"
        return day, day
    if mo:
        last = calendar.monthrange(y, int(mo))[1]
        return f"{y:04d}-{mo}-01", f"{y:04d}-{mo}-{last:02d}"
    return f"{y:04d}-01-01", f"{y:04d}-12-31"


# ------------------------------------------------------------------ the network for Gephi
def export_graph(store: Store, *, persons: bool = False) -> nx.MultiGraph:
    """The actor network with one edge per (source, target, relation), ready for Gephi and yEd.

    Parameters
    ----------
    store : Store
        An open coopgraph store.
    persons : bool
        Keep persons as nodes.

    Returns
    -------
    networkx.MultiGraph
        ``graph["mode"] == "dynamic"``. Nodes: ``label``, ``type``, ``country`` (ISO3 code of the
        actor's country, its own for a country), ``degree``, ``weighted_degree``, ``betweenness``,
        ``pagerank``, ``documents``. Edges keyed by relation: ``label``/``relation``, ``weight`` (facts),
        ``documents``, ``directed``, ``source_id``/``target_id`` (the relation's direction),
        ``first_date``/``last_date`` as stated and ``start``/``end`` (``YYYY-MM-DD``; absent when no
        fact is dated), ``statuses``.
    """
    from graph import analytics

    g = analytics.actor_network(store, persons=persons)
    metrics = {r["node"]: r for r in analytics.centrality(g)}
    import networkx as nx

    h = nx.MultiGraph(mode="dynamic")
    for n, data in sorted(g.nodes(data=True)):
        c = str(data.get("country") or "")  # actor_network gives each node its country (a country itself)
        m = metrics.get(n, {})
        h.add_node(
            n,
            label=str(data.get("label", n)),
            type=str(data.get("type", "")),
            country=c.rsplit("/", 1)[-1] if c.startswith(analytics.COUNTRY) else "",
            degree=int(m.get("degree", 0)),
            weighted_degree=float(m.get("weighted_degree", 0)),
            betweenness=float(m.get("betweenness", 0.0)),
            pagerank=float(m.get("pagerank", 0.0)),
            documents=len(data.get("docs", [])),
        )
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, data in g.edges(data=True):
        rel = str(data.get("rel", ""))
        s, o = data.get("source", u), data.get("target", v)
        if not data.get("directed"):
            s, o = sorted((s, o))
        groups[(s, o, rel)].append(data)
    for (s, o, rel), facts in sorted(groups.items()):
        dates = sorted(d for f in facts for d in [f.get("date") or f.get("doc_date")] if d and date_bounds(d))
        attrs: dict[str, Any] = {
            "label": rel,
            "relation": rel,
            "weight": len(facts),
            "documents": len({f.get("doc") for f in facts}),
            "directed": bool(facts[0].get("directed")),
            "source_id": s,
            "target_id": o,
            "first_date": dates[0] if dates else "",
            "last_date": dates[-1] if dates else "",
            "statuses": "|".join(sorted({str(f["status"]) for f in facts if f.get("status")})),
        }
        if dates:
            attrs["start"] = min(date_bounds(d)[0] for d in dates)  # type: ignore[index]
            attrs["end"] = max(date_bounds(d)[1] for d in dates)  # type: ignore[index]
        h.add_edge(s, o, key=rel, **attrs)
    return h


def _write_gexf(net: nx.MultiGraph, path: Path) -> None:
    """GEXF 1.2 as networkx writes it, less the ``name`` attribute it always puts on ``<graph>``:
    the GEXF 1.2 schema (gexf.xsd, checked in the tests) does not allow it there."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", version="1.2draft")
    writer.add_graph(net)
    writer.graph_element.attrib.pop("name", None)
    with open(path, "wb") as fh:
        writer.write(fh)


def export_network(store: Store, path: Path, fmt: str, *, persons: bool = False) -> Path:
    """The actor network (:func:`export_graph`) as GraphML or GEXF 1.2 (dynamic)."""
    import networkx as nx

    net = export_graph(store, persons=persons)
    if fmt == "graphml":
        plain = net.copy()
        for _, _, data in plain.edges(data=True):  # GraphML has no time model: keep dates as text
            data.pop("start", None)
            data.pop("end", None)
        plain.graph.pop("mode", None)
        return atomic_write(path, lambda tmp: nx.write_graphml(plain, tmp, encoding="utf-8"))
    if fmt == "gexf":
        return atomic_write(path, lambda tmp: _write_gexf(net, tmp))
    raise StoreError(f"unknown network format {fmt!r}. Fix: use graphml or gexf.")


# ------------------------------------------------------------------ the facts CSV
def fact_rows(store: Store, *, min_confidence: float = 0.0) -> list[dict[str, str]]:
    """One row per extracted fact (the library query ``facts-with-evidence``), columns
    :data:`FACT_COLUMNS`: the first stated evidence sentence; ``date`` is the fact's own date, else
    that of its agreement or event, else the document's, and ``date_source`` says which."""
    from graph.querylib import get_query

    # every row: the library query answers a page at a time by default
    query = get_query("facts-with-evidence").render({"min_confidence": min_confidence, "limit": "all"})
    rows = store.select(query)
    seen: set[str] = set()
    out = []
    for r in rows:  # ordered by document and offset: the first row of an assertion is its first mention
        if r["assertion"] in seen:
            continue
        seen.add(r["assertion"])
        for source, key in (("fact", "date"), ("event", "event_date"), ("document", "doc_date")):
            if r.get(key):
                date, date_source = str(r[key]), source
                break
        else:
            date, date_source = "", ""
        row = {
            "subject_label": r.get("s_label"),
            "relation": r.get("relation"),
            "object_label": r.get("o_label"),
            "date": date,
            "date_source": date_source,
            "status": r.get("status"),
            "confidence": r.get("confidence"),
            "document_title": r.get("title"),
            "url": r.get("url"),
            "sentence": " ".join(str(r.get("sentence") or "").split()),
            "document": r.get("doc"),
            "document_date": r.get("doc_date"),
            "subject": r.get("s"),
            "predicate": r.get("p"),
            "object": r.get("o"),
            "char_start": r.get("char_start"),
            "char_end": r.get("char_end"),
            "assertion": r.get("assertion"),
        }
        out.append({k: "" if v is None else str(v) for k, v in row.items()})
    return out


def export_facts_csv(store: Store, path: Path) -> Path:
    """The facts CSV in UTF-8 with a byte order mark (Excel then reads it as UTF-8)."""
    rows = fact_rows(store)

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, fieldnames=FACT_COLUMNS)
            w.writeheader()
            w.writerows(rows)

    return atomic_write(path, write)


# ------------------------------------------------------------------ JSON-LD
def jsonld_context() -> dict[str, str]:
    """The ``@context`` of the JSON-LD export: the project's prefixes."""
    return dict(PREFIXES)


def export_jsonld(store: Store, path: Path) -> Path:
    """The whole dataset as compacted JSON-LD: ``@context`` with the prefixes, and one entry per
    named graph (``{"@id": graph, "@graph": [...]}``), so it parses back to the same quads."""
    from rdflib import Dataset

    from graph.store import from_ox, plain

    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    for q in store.oxigraph:
        name = from_ox(q.graph_name)
        ctx = ds.default_graph if name is None or str(name).startswith("urn:x-rdflib") else ds.graph(name)
        ctx.add((from_ox(q.subject), from_ox(q.predicate), plain(from_ox(q.object))))

    def write(tmp: Path) -> None:
        text = ds.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
        data = json.loads(text)  # re-dumped: stable indentation and real UTF-8
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    return atomic_write(path, write)


def export(out: Path, fmt: str, to: Path | None = None, *, persons: bool = False) -> Path:
    """Export the store in ``out`` as ``fmt`` to ``to`` (default: see :func:`default_path`)."""
    check_format(fmt)
    path = Path(to) if to is not None else default_path(out, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(Path(out)) as store:
        if fmt == "jsonld":
            return export_jsonld(store, path)
        if fmt in RDF_FORMATS:
            return store.export(path, RDF_FORMATS[fmt])
        if fmt in NETWORK_FORMATS:
            return export_network(store, path, fmt, persons=persons)
        return export_facts_csv(store, path)
