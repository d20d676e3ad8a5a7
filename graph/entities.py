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
the document's new entity triples are added and those of its previous version that no document
graph states any more are deleted (:func:`replace_document`, :func:`drop_document`): the cost is
that of the one document, whatever else the store holds about its entities. A store built
before this graph existed gets it filled once, from all document graphs (:func:`ensure`).
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
# where replace_document keeps a document's previous entity triples while its graph is replaced
_PREVIOUS = URIRef(iris.GRAPH + "entities-previous")
# triples per INSERT DATA part (one request holds them all)
_CHUNK = 200

Quad = tuple[Node, Node, Node, Node]


class _Writable(Protocol):
    def update(self, sparql: str) -> None: ...

    def select(self, sparql: str) -> list[dict[str, Any]]: ...


def _entity_filter(var: str) -> str:
    starts = " || ".join(f'STRSTARTS(STR({var}), "{p}")' for p in _PER_DOCUMENT)
    return f"FILTER(isIRI({var}) && !({starts}))"


def entity_triple(s: Node, p: Node) -> bool:
    """True for a triple of a document graph that belongs in the entities graph: about an entity
    (an IRI not minted per document), not one of its ``prov:wasDerivedFrom`` links to a mention."""
    return isinstance(s, URIRef) and not str(s).startswith(_PER_DOCUMENT) and str(p) != _WAS_DERIVED_FROM


def _n3(term: Node) -> str:
    return str(term.n3())


def _insert(triples: list[tuple[Node, Node, Node]]) -> str:
    """``INSERT DATA`` of ``triples`` into the entities graph, chunked into one request's parts."""
    parts = []
    for i in range(0, len(triples), _CHUNK * 10):
        lines = "\n".join(f"{_n3(s)} {_n3(p)} {_n3(o)} ." for s, p, o in triples[i : i + _CHUNK * 10])
        parts.append(f"INSERT DATA {{ GRAPH <{ENTITIES_GRAPH}> {{\n{lines}\n}} }}")
    return " ;\n".join(parts)


def _forget(graph: str) -> str:
    """Delete from the entities graph the entity triples of ``graph`` that no document graph holds
    any more (each looked up by subject, predicate and object: an index lookup, not a scan)."""
    return (
        f"DELETE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }} }}\n"
        f"WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} {_entity_filter('?s')}\n"
        f"  FILTER(?p != <{_WAS_DERIVED_FROM}>)\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }}\n"
        f'    FILTER(?g != <{graph}> && STRSTARTS(STR(?g), "{_DOC_GRAPHS}")) }} }}'
    )


def replace_document(store: Any, graph: URIRef, quads: Iterable[Quad], *, triples: bool = False) -> int:
    """``store.replace_graph(graph, quads)`` for a document graph, with the entities graph updated
    by this document's own contribution only: its entity triples are added (a triple already there
    stays once), and those of its previous version that no other document graph states and the new
    version no longer states are deleted. The cost is that of the document, not of the entities it
    mentions (recomputing each touched entity from every document that mentions it made the store
    stage of a build grow with how often its actors recur). ``triples``: the store's
    ``replace_graph`` takes triples (:class:`graph.remote.RemoteStore`)."""
    quads = list(quads)
    new = [(q[0], q[1], q[2]) for q in quads if entity_triple(q[0], q[1])]
    # the previous version's entity triples, kept aside in a scratch graph while the graph is replaced
    store.update(
        f"DROP SILENT GRAPH <{_PREVIOUS}> ;\n"
        f"INSERT {{ GRAPH <{_PREVIOUS}> {{ ?s ?p ?o }} }}\n"
        f"WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} {_entity_filter('?s')}\n"
        f"  FILTER(?p != <{_WAS_DERIVED_FROM}>) }}"
    )
    written: int = store.replace_graph(graph, [q[:3] for q in quads] if triples else quads)
    steps = [_insert(new)] if new else []
    steps += [_forget(str(_PREVIOUS)), f"DROP SILENT GRAPH <{_PREVIOUS}>"]
    store.update(" ;\n".join(steps))
    return written


def drop_document(store: Any, graph: URIRef) -> None:
    """Drop a document graph; its entities keep in the entities graph only what other documents state."""
    store.update(_forget(str(graph)))
    store.drop_graph(graph)


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
