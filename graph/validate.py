"""SHACL validation of a built store against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH

from graph.paths import ontology_dir
from graph.store import Store, from_ox, plain


@lru_cache(maxsize=2)
def _shapes(path: Path) -> Graph:
    return Graph().parse(path)


@lru_cache(maxsize=2)
def _ontology(root: Path) -> Graph:
    g = Graph()
    for f in (root / "coop.ttl", root / "areas.ttl"):
        if f.exists():
            g.parse(f)
    return g


def validate_graph(data: Graph) -> list[str]:
    """Violations as 'ShapeName: message (focus node)' lines; empty when the graph conforms."""
    import pyshacl

    root = ontology_dir()
    shapes_file = root / "shapes.ttl"
    if not shapes_file.exists():
        return []
    shapes = _shapes(shapes_file)
    # The ontology joins the data graph itself: pyshacl's ont_graph mixing clones nodes one by one
    # and takes minutes, and areas must be in the data for the skos:inScheme check.
    merged = Graph()
    for triple in data:
        merged.add(triple)
    for triple in _ontology(root):
        merged.add(triple)
    # No inference: RDFS ranges would type wrong objects into conformance (memberOf a country).
    conforms, report, _text = pyshacl.validate(
        merged, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    out = []
    for r in report.subjects(SH.resultSeverity, SH.Violation):
        src = report.value(r, SH.sourceShape)
        name = shapes.value(src, SH.name) if src is not None else None
        msg = report.value(r, SH.resultMessage)
        focus = report.value(r, SH.focusNode)
        out.append(f"{name or src}: {msg} ({focus})")
    return sorted(out)


def validate_store(store: Store) -> list[str]:
    data = Graph()
    for q in store.oxigraph:
        # the documents' graphs and derived facts; reference data is checked by its own tests
        name = getattr(q.graph_name, "value", "")
        if "/graph/doc/" in name or name.endswith("/graph/derived"):
            data.add((from_ox(q.subject), from_ox(q.predicate), plain(from_ox(q.object))))
    return validate_graph(data)
