"""SHACL validation of a built store against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import SH

from graph.paths import ontology_dir
from graph.store import Store


def validate_graph(data: Graph) -> list[str]:
    """Violations as 'ShapeName: message (focus node)' lines; empty when the graph conforms."""
    import pyshacl

    root = ontology_dir()
    shapes_file = root / "shapes.ttl"
    if not shapes_file.exists():
        return []
    shapes = Graph().parse(shapes_file)
    ont = Graph()
    for f in (root / "coop.ttl", root / "areas.ttl"):
        if f.exists():
            ont.parse(f)
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ont, inference="rdfs", advanced=True, allow_warnings=True
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
    from oxrdflib._converter import from_ox

    data = Graph()
    for q in store.oxigraph:
        # the documents' graphs and derived facts; reference data is checked by its own tests
        name = getattr(q.graph_name, "value", "")
        if "/graph/doc/" in name or name.endswith("/graph/derived"):
            data.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return validate_graph(data)
