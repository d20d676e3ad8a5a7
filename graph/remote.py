"""Build into a remote SPARQL 1.1 store (Oxigraph server, Fuseki, GraphDB, ...) over HTTP.

The same path as :func:`graph.builder.build`: ingest -> nlp -> :func:`graph.rdf.mapping.extraction_quads`,
then one request per document, ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }``, which a
SPARQL 1.1 store applies as one update. Documents whose stored ``coop:contentHash`` matches are
skipped. The reference and ontology graphs (when changed) and the derived rules are written too.
Only the standard library talks HTTP: the update URL is used as given; queries go to
``query_endpoint`` (by default the update URL with a final ``/update`` replaced by ``/query``).
"""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.query import Result
from rdflib.term import Node

from graph import entities, queries
from graph.builder import (
    Progress,
    changed_documents,
    harmonise,
    reference_hash,
    reference_sets,
    strict_override,
)
from graph.errors import StoreError
from graph.linking import CrossLinker, link_quads
from graph.offices import office_book
from graph.rdf import iris
from graph.rdf.mapping import extraction_quads
from graph.rdf.vocab import COOP
from graph.store import SPARQL_PREFIXES

TIMEOUT = 120.0


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint pair: ``update_url`` for updates, ``query_url`` for queries."""

    def __init__(self, update_url: str, query_url: str | None = None, timeout: float = TIMEOUT) -> None:
        if not update_url.startswith(("http://", "https://")):
            raise StoreError(
                f"{update_url!r} is not an http(s) URL. Fix: pass the endpoint's update URL, "
                "e.g. http://127.0.0.1:7878/update."
            )
        self.update_url = update_url
        self.query_url = query_url or default_query_url(update_url)
        self.timeout = timeout

    def _post(self, url: str, body: bytes, content_type: str, accept: str | None = None) -> bytes:
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        req = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                data: bytes = resp.read()
                return data
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            first = (detail[0] if detail else str(exc.reason))[:300]
            raise StoreError(
                f"the SPARQL endpoint {url} answered HTTP {exc.code}: {first}. Fix: check the "
                "URL (updates go to the update endpoint, e.g. <base>/update) and that the store "
                "is writable."
            ) from exc
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            raise StoreError(
                f"cannot reach the SPARQL endpoint {url}: {exc}. "
                "Fix: start the store's server or correct --endpoint."
            ) from exc

    def update(self, sparql: str) -> None:
        """Run one SPARQL 1.1 Update request."""
        self._post(self.update_url, sparql.encode("utf-8"), "application/sparql-update")

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT query; each row maps variable names to the bound values' lexical forms."""
        body = urllib.parse.urlencode({"query": SPARQL_PREFIXES + sparql}).encode("utf-8")
        raw = self._post(
            self.query_url,
            body,
            "application/x-www-form-urlencoded",
            accept="application/sparql-results+json",
        )
        try:
            data = json.loads(raw)
            return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} did not return SPARQL JSON results. "
                "Fix: pass its query URL with --query-endpoint."
            ) from exc

    def replace_graph(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace one named graph in a single update request; returns the number of triples sent."""
        lines = [f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples]
        text = f"DROP SILENT GRAPH <{graph}>"
        if lines:
            text += f" ;\nINSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n} }"
        self.update(text)
        return len(lines)

    def documents(self) -> dict[str, str]:
        """Stored document ids -> their content hash."""
        rows = self.select(f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?d <{COOP.contentHash}> ?h }} }}")
        out: dict[str, str] = {}
        for row in rows:
            doc_id = iris.doc_id_of_graph(row.get("g", ""))
            if doc_id and "h" in row:
                out[doc_id] = row["h"]
        return out


def default_query_url(update_url: str) -> str:
    """``<base>/update`` -> ``<base>/query`` (Oxigraph, Fuseki); any other URL is used for both."""
    parts = urllib.parse.urlsplit(update_url)
    path = parts.path
    if path.rstrip("/").endswith("/update"):
        path = path.rstrip("/")[: -len("update")] + "query"
    return urllib.parse.urlunsplit(parts._replace(path=path))


def load_reference_remote(remote: RemoteStore) -> int:
    """Write the reference and ontology graphs when their files changed; returns graphs written."""
    written = 0
    for graph, files in reference_sets():
        h = reference_hash(files)
        meta = f"GRAPH <{iris.META_GRAPH}> {{ <{graph}> <{COOP.contentHash}> ?h }}"
        rows = remote.select(f"SELECT ?h WHERE {{ {meta} }}")
        if [r.get("h") for r in rows] == [h]:
            continue
        g = Graph()
        for f in files:
            g.parse(f, format="turtle")
        remote.replace_graph(graph, g)
        remote.update(
            f"DELETE WHERE {{ GRAPH <{iris.META_GRAPH}> {{ <{graph}> <{COOP.contentHash}> ?h }} }} ;\n"
            f'INSERT DATA {{ GRAPH <{iris.META_GRAPH}> {{ <{graph}> <{COOP.contentHash}> "{h}" }} }}'
        )
        written += 1
    return written


def apply_rules_remote(remote: RemoteStore) -> None:
    """Recompute the derived graph with the rules of ``graph/queries/rules``."""
    remote.update(f"DROP SILENT GRAPH <{iris.DERIVED_GRAPH}>")
    for _name, rule in queries.rules():
        remote.update(SPARQL_PREFIXES + rule)


def build_remote(
    paths: Iterable[Path],
    endpoint: str,
    model: str | None = None,
    progress: Progress | None = None,
    *,
    query_endpoint: str | None = None,
    force: bool = False,
    batch_size: int | None = None,
    strict: bool = False,
    timeout: float = TIMEOUT,
) -> int:
    """Extract the documents under ``paths`` into the store behind ``endpoint`` (its update URL);
    ``timeout`` is the seconds each HTTP request may take.

    Returns the number of documents written; unchanged documents are skipped, unreadable ones
    are reported through ``progress("error", message)`` and skipped, sentences on which a rule
    failed through ``progress("rule", message)`` (``strict``: RuleError instead).
    """
    from graph.nlp.pipeline import build_nlp, extract, fingerprint, resolve_model

    note = progress or (lambda event, detail: None)
    remote = RemoteStore(endpoint, query_endpoint, timeout=timeout)
    model_name = resolve_model(model)
    load_reference_remote(remote)
    entities.ensure(remote)
    stored = remote.documents()
    hashes: dict[str, str] = {}

    nlp = build_nlp(model_name, None, **strict_override(strict))
    written = 0
    # the same content hash as a local build: the model, the rules, their data and the decision
    todo = changed_documents(
        paths, stored, f"{model_name}|{fingerprint(nlp)}", hashes, force=force, note=note
    )
    linker = CrossLinker.from_store(remote, office_book())
    for x in extract(nlp, todo, batch_size=batch_size):
        graph = iris.doc_graph(x.doc.id)
        decisions = linker.link(x)  # one node per real entity, as in a local build
        harmonise(remote, x)  # one label and one date per entity, as in a local build
        entities.replace_document(remote, graph, extraction_quads(x, hashes.pop(x.doc.id)), triples=True)
        links = ((s, p, o) for s, p, o, _g in link_quads(decisions, x.doc.id))
        remote.replace_graph(iris.links_graph(x.doc.id), links)
        linker.remember(x)
        written += 1
        for skipped in x.skipped:
            note("rule", skipped.message())
        note("doc", x.doc.id)
    apply_rules_remote(remote)
    return written


def fetch_dataset(query_url: str, timeout: float = TIMEOUT) -> Dataset:
    """Every quad in the named graphs of the store behind ``query_url`` (for checks and tests)."""
    body = urllib.parse.urlencode({"query": "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}).encode()
    req = urllib.request.Request(
        query_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+xml",
        },
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        raw = resp.read()
    ds = Dataset()
    for row in Result.parse(source=io.BytesIO(raw), format="xml"):
        s, p, o, g = row  # type: ignore[misc]
        ds.graph(g).add((s, p, o))
    return ds
