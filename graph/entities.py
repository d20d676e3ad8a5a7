"""The entities graph: every entity-level triple of the document graphs, once.

The store keeps one named graph per document, and the library queries read the union of all
graphs. Oxigraph (0.5) matches a triple of that union once per named graph that holds it, so
``country:BLR rdfs:label ?l`` gives one row per document that mentions Belarus, and every join over
types, labels, jurisdictions or affiliations multiplies those copies before a DISTINCT can remove
them: a query's cost grew with the square of how often an actor recurs (docs/scale.md).

``<https://w3id.org/coopgraph/graph/entities>`` holds the set of triples that the document graphs
state about entities (countries, organisations, bodies, companies, people, agreements, events,
places): their types, labels, aliases, jurisdictions, affiliations, dates, areas, parties and
relations, each once. It leaves out what is per document and never repeated: assertions, mentions,
the document node and the entities' ``prov:wasDerivedFrom`` links to their mentions (those stay in
the document graphs, where the queries read them with ``GRAPH ?g``).

It is kept up to date per document, not rebuilt: when a document graph is replaced or dropped,
the entities it touched (those it stated something about before or after) get their triples in
the entities graph recomputed from the document graphs that still hold them
(:func:`replace_document`, :func:`drop_document`). A store built before this graph existed gets
it filled once, from all document graphs (:func:`ensure`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from rdflib import URIRef
from rdflib.term import Node

from graph.rdf import iris

ENTITIES_GRAPH = URIRef(iris.GRAPH + "entities")
_DOC_GRAPHS = iris.GRAPH + "doc/"
_WAS_DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
# subjects minted per document: never repeated across document graphs, so never copied
_PER_DOCUMENT = tuple(iris.ID + p for p in ("assertion/", "mention/", "doc/", "link/"))
# subjects refreshed per update request (a long VALUES list is one request, not one per entity)
_CHUNK = 200

Quad = tuple[Node, Node, Node, Node]


class _Writable(Protocol):
    def update(self, sparql: str) -> None: ...

    def select(self, sparql: str) -> list[dict[str, Any]]: ...


def is_entity(subject: str) -> bool:
    """True for a subject whose triples belong in the entities graph (an IRI not minted per document)."""
    return subject.startswith(("http://", "https://")) and not subject.startswith(_PER_DOCUMENT)


def _entity_filter(var: str) -> str:
    starts = " || ".join(f'STRSTARTS(STR({var}), "{p}")' for p in _PER_DOCUMENT)
    return f"FILTER(isIRI({var}) && !({starts}))"


def subjects_of(store: _Writable, graph: URIRef) -> set[str]:
    """The entities a stored named graph states something about."""
    rows = store.select(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} {_entity_filter('?s')} }}"
    )
    return {str(r["s"]) for r in rows}


def refresh(store: _Writable, subjects: Iterable[str]) -> None:
    """Recompute the entities graph's triples about ``subjects`` from the document graphs."""
    todo = sorted(set(subjects))
    for i in range(0, len(todo), _CHUNK):
        values = " ".join(f"<{s}>" for s in todo[i : i + _CHUNK])
        store.update(
            f"DELETE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }} }}\n"
            f"WHERE {{ VALUES ?s {{ {values} }} GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }} }} ;\n"
            f"INSERT {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }} }}\n"
            f"WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }}\n"
            f'  FILTER(STRSTARTS(STR(?g), "{_DOC_GRAPHS}") && ?p != <{_WAS_DERIVED_FROM}>) }}'
        )


def replace_document(store: Any, graph: URIRef, quads: Iterable[Quad], *, triples: bool = False) -> int:
    """``store.replace_graph(graph, quads)`` for a document graph, with the entities graph refreshed
    for the entities the document states something about, before or after. ``triples``: the store's
    ``replace_graph`` takes triples (:class:`graph.remote.RemoteStore`)."""
    quads = list(quads)
    touched = subjects_of(store, graph)
    written: int = store.replace_graph(graph, [q[:3] for q in quads] if triples else quads)
    touched |= {str(q[0]) for q in quads if is_entity(str(q[0]))}
    refresh(store, touched)
    return written


def drop_document(store: Any, graph: URIRef) -> None:
    """Drop a document graph; its entities keep in the entities graph only what other documents state."""
    touched = subjects_of(store, graph)
    store.drop_graph(graph)
    refresh(store, touched)


def fill(store: _Writable) -> None:
    """The entities graph recomputed from every document graph (one request)."""
    store.update(
        f"DROP SILENT GRAPH <{ENTITIES_GRAPH}> ;\n"
        f"INSERT {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }} }}\n"
        f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }}\n"
        f'  FILTER(STRSTARTS(STR(?g), "{_DOC_GRAPHS}") && ?p != <{_WAS_DERIVED_FROM}>)\n'
        f"  {_entity_filter('?s')} }}"
    )


def ensure(store: _Writable) -> bool:
    """Fill the entities graph when the store has document graphs but no entities graph (a store
    built before it existed); True when it was filled."""
    rows = store.select(
        f"SELECT ?g WHERE {{ GRAPH ?g {{ ?d <{iris.BASE}ont#contentHash> ?h }} "
        f'FILTER(STRSTARTS(STR(?g), "{_DOC_GRAPHS}")) }} LIMIT 1'
    )
    if not rows:
        return False
    if _has_entities(store):
        return False
    fill(store)
    return True


def _has_entities(store: _Writable) -> bool:
    return bool(store.select(f"SELECT ?s WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }} }} LIMIT 1"))
