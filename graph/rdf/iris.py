"""Deterministic IRIs: the same input always gives the same nodes, so rebuilds merge, not duplicate."""

from __future__ import annotations

import hashlib

from rdflib import URIRef

BASE = "https://w3id.org/coopgraph/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
REFERENCE_GRAPH = URIRef(GRAPH + "reference")
DERIVED_GRAPH = URIRef(GRAPH + "derived")
ONTOLOGY_GRAPH = URIRef(GRAPH + "ontology")
META_GRAPH = URIRef(GRAPH + "meta")
#: Office-holder roll-ups (a person's dated office at a document's date). Not a document graph
#: and not the derived graph: knowing a role is not a fact the text states (conventions rule 9).
OFFICES_GRAPH = URIRef(GRAPH + "offices")


def _h(*parts: str, n: int = 16) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


def entity(key: str) -> URIRef:
    """The IRI of an entity the NLP stage keyed: a reference entity's own IRI, else one minted
    under ``id/`` from the relative key (``gov/BLR-ministry-of-…``)."""
    return URIRef(key if key.startswith(("http://", "https://")) else ID + key)


def doc_graph(doc_id: str) -> URIRef:
    return URIRef(f"{GRAPH}doc/{doc_id}")


def links_graph(doc_id: str) -> URIRef:
    """The graph of a document's cross-document link decisions (replaced with the document)."""
    return URIRef(f"{GRAPH}links/{doc_id}")


def link_decision(doc_id: str, old: str, new: str) -> URIRef:
    return URIRef(f"{ID}link/{doc_id}/{_h(old, new)}")


def document(doc_id: str) -> URIRef:
    return URIRef(f"{ID}doc/{doc_id}")


def mention(doc_id: str, start: int, end: int) -> URIRef:
    return URIRef(f"{ID}mention/{doc_id}/{start}-{end}")


def assertion(doc_id: str, s: str, p: str, o: str) -> URIRef:
    return URIRef(f"{ID}assertion/{doc_id}/{_h(s, p, o)}")


def run(extractor: str, model: str, model_version: str) -> URIRef:
    return URIRef(f"{ID}run/{_h(extractor, model, model_version, n=12)}")


def doc_id_of_graph(graph: str) -> str | None:
    prefix = GRAPH + "doc/"
    return graph[len(prefix) :] if graph.startswith(prefix) else None
