"""Open and write coopgraph stores. The only module that opens an RDF store.

The default store is Oxigraph on disk through rdflib (``Dataset(store="Oxigraph")``). Each
document's facts live in their own named graph and are replaced in one SPARQL Update request,
which Oxigraph applies as one transaction: a crash leaves either the old or the new graph.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from graph.errors import (
    CoopgraphError,
    QueryError,
    QueryTimeoutError,
    ReadOnlyError,
    StoreError,
    StoreLockedError,
    StoreMissingError,
)
from graph.paths import atomic_write
from graph.rdf import iris
from graph.rdf.vocab import COOP

STORE_DIR = "store"
LOCK_FILE = ".coopgraph.lock"
PREFIXES = {
    "coop": "https://w3id.org/coopgraph/ont#",
    "area": "https://w3id.org/coopgraph/area/",
    "country": "https://w3id.org/coopgraph/id/country/",
    "cid": "https://w3id.org/coopgraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
}
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
# Parser messages count lines from the start of what was parsed: the predefined prefixes come first
_PREFIX_LINES = SPARQL_PREFIXES.count("\n")
_POSITION = re.compile(r"\b(error at |line )(\d+)([:.,])")
# The first keyword of a SPARQL Update request, after the prologue (comments, BASE, PREFIX)
_PROLOGUE = re.compile(r"\A(?:\s+|#[^\n]*\n?|BASE\s*<[^>]*>|PREFIX\s+[\w.-]*:\s*<[^>]*>)*", re.I)
_UPDATE_START = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)

Quad = tuple[Node, Node, Node, Node]
#: graph writes between two flushes of RocksDB's write buffers to disk. Unflushed, the buffers of
#: Oxigraph's column families grew by about 33 MB per corpus-sized batch of documents written
#: (265 MB over 8 copies of the corpus, docs/scale.md); flushed every 50 writes they stay flat
#: (35 MB over 8 copies) and writing is no slower.
FLUSH_EVERY = 50


def _n3(term: Node) -> str:
    return str(term.n3())


class Store:
    """A coopgraph store folder: ``<out>/store`` (Oxigraph) plus a writer lock."""

    def __init__(self, path: Path, *, create: bool = False, write: bool = False) -> None:
        self.path = Path(path)
        self.db = self.path / STORE_DIR
        if not create and not self.db.exists():
            raise StoreMissingError(self.db)
        self._lock_fd: int | None = None
        self._writes = 0
        if write:
            self.path.mkdir(parents=True, exist_ok=True)
            self._lock_fd = os.open(self.path / LOCK_FILE, os.O_CREAT | os.O_RDWR, 0o644)
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(self._lock_fd)
                self._lock_fd = None
                raise StoreLockedError(self.path) from None
        elif is_locked(self.path):
            raise StoreLockedError(self.path)
        try:
            self.ds = Dataset(store="Oxigraph", default_union=True)
            self.ds.open(str(self.db))
        except OSError as exc:  # RocksDB's own lock: another process has it open
            self.release()
            raise StoreError(
                f"cannot open the store at {self.db}: {exc}. Fix: close the other coopgraph "
                "process (or `coopgraph serve`) using it."
            ) from exc
        for prefix, ns in PREFIXES.items():  # oxrdflib does not persist bindings: bind on every open
            self.ds.bind(prefix, ns)

    # -------------------------------------------------------------- lifecycle
    def release(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def close(self) -> None:
        import gc
        import sys

        try:
            inner = getattr(self.ds.store, "_store", None)
            self.ds.close()
            del self.ds
            # RocksDB releases its lock only when the last reference to the store is gone. A full
            # collection walks every object of the process (3 s after a build of the corpus, with
            # the model and the linker alive): run it only when something besides ``inner`` (and
            # getrefcount's own argument) still holds the store, e.g. a result in a reference cycle
            if inner is not None and sys.getrefcount(inner) > 2:
                gc.collect()
            del inner
        finally:
            self.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def oxigraph(self) -> Any:
        return self.ds.store._inner  # type: ignore[attr-defined]

    # -------------------------------------------------------------- writing
    def stored_hash(self, doc_id: str) -> str | None:
        g, d = iris.doc_graph(doc_id), iris.document(doc_id)
        q = f"SELECT ?h WHERE {{ GRAPH <{g}> {{ <{d}> <{COOP.contentHash}> ?h }} }}"
        rows = list(self.ds.query(q))
        return str(rows[0][0]) if rows else None  # type: ignore[index]

    def replace_graph(self, graph: URIRef, quads: Iterable[Quad]) -> int:
        """Replace one named graph with ``quads`` in a single transaction."""
        try:
            lines = [f"{_n3(s)} {_n3(p)} {_n3(o)} ." for s, p, o, _ in quads]
            update = (
                f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n"
                + "\n".join(lines)
                + "\n} }"
            )
            if not lines:
                update = f"DROP SILENT GRAPH <{graph}>"
            self.oxigraph.update(update)
            self._wrote()
        except (SyntaxError, ValueError, Exception) as exc:  # rdflib raises a bare Exception for bad IRIs
            if isinstance(exc, StoreError):
                raise
            raise StoreError(
                f"could not write graph <{graph}>: {_one_line(exc)}. The graph keeps its previous "
                "content. Fix: report this with the input document; a term is not valid RDF."
            ) from exc
        return len(lines)

    def graph_ntriples(self, graph: URIRef | str) -> bytes:
        """One named graph as N-Triples (to hand it to another process)."""
        import pyoxigraph as ox

        data = self.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph)))
        return bytes(data or b"")

    def _wrote(self) -> None:
        """Count a graph write; flush the write buffers every :data:`FLUSH_EVERY` writes."""
        self._writes += 1
        if self._writes % FLUSH_EVERY == 0:
            self.flush()

    def flush(self) -> None:
        """Write RocksDB's in-memory write buffers to disk (they are freed)."""
        self.oxigraph.flush()

    def drop_graph(self, graph: URIRef) -> None:
        self.oxigraph.update(f"DROP SILENT GRAPH <{graph}>")

    def load_turtle(self, path: Path, graph: URIRef) -> None:
        """Bulk-load a Turtle file into a named graph with Oxigraph's own parser."""
        import pyoxigraph as ox

        self.oxigraph.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(graph)))

    def update(self, sparql: str) -> None:
        self.oxigraph.update(SPARQL_PREFIXES + sparql)

    def documents(self) -> dict[str, str]:
        """Stored document ids -> their content hash."""
        q = f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?d <{COOP.contentHash}> ?h }} }}"
        out = {}
        for g, h in self.ds.query(q):  # type: ignore[misc]
            doc_id = iris.doc_id_of_graph(str(g))
            if doc_id:
                out[doc_id] = str(h)
        return out

    def document_sources(self) -> dict[str, str]:
        """Stored document ids -> the input each was read from (``dcterms:source``)."""
        from graph import queries

        out = {}
        for row in self.select(queries.read("document_sources")):
            doc_id = iris.doc_id_of_graph(str(row["g"]))
            if doc_id:
                out[doc_id] = str(row["source"])
        return out

    # -------------------------------------------------------------- reading
    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> Result:
        if is_update(sparql):
            raise ReadOnlyError()
        try:
            res = self.ds.query(SPARQL_PREFIXES + sparql, initBindings=dict(bindings or {}))  # type: ignore[arg-type]
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(
                f"the SPARQL query failed: {user_lines(_one_line(exc))}. Fix: check its syntax (prefixes "
                f"{', '.join(PREFIXES)} are predefined)."
            ) from exc
        if res.type == "SELECT":
            # materialise: a lazy result would keep the Oxigraph store (and its lock) alive
            res.bindings = list(res.bindings)
        return res

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> list[dict[str, Any]]:
        return rows_of(self.query(sparql, bindings))

    def select_lexical(self, sparql: str) -> list[dict[str, str | None]]:
        """The rows of a SELECT as lexical values (an IRI's string, a literal's lexical form),
        straight from Oxigraph over the union of the graphs, as :meth:`select` reads it. For the
        build's large internal reads (the linker's indexes, tens of thousands of rows): turning
        every value into an rdflib term and back took three times as long as the query."""
        try:
            res = self.oxigraph.query(SPARQL_PREFIXES + sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"the SPARQL query failed: {_one_line(exc)}. Fix: check its syntax.") from exc
        names = [v.value for v in res.variables]
        return [{k: (None if v is None else v.value) for k, v in zip(names, row, strict=True)} for row in res]

    def __len__(self) -> int:
        return len(self.oxigraph)

    def graphs(self) -> list[str]:
        return sorted(str(g.value) for g in self.oxigraph.named_graphs())

    # -------------------------------------------------------------- export
    def export(self, path: Path, fmt: str) -> Path:
        """Write the dataset to ``path`` through a temporary file renamed into place."""
        import pyoxigraph as ox

        formats = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
        if fmt in formats:
            return atomic_write(path, lambda tmp: self.oxigraph.dump(str(tmp), formats[fmt]))
        if fmt not in ("turtle", "json-ld", "xml", "nt"):
            raise StoreError(
                f"unknown export format {fmt!r}. Fix: use trig, nquads, turtle, json-ld, xml or nt."
            )
        if fmt in ("turtle", "nt"):  # streamed by Oxigraph: no copy of the store in Python memory
            target = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
            return atomic_write(
                path, lambda tmp: ox.serialize(self.union_triples(), str(tmp), target, prefixes=PREFIXES)
            )
        union = Graph()
        for prefix, ns in PREFIXES.items():
            union.bind(prefix, ns)
        for q in self.oxigraph:
            union.add((from_ox(q.subject), from_ox(q.predicate), plain(from_ox(q.object))))
        return atomic_write(path, lambda tmp: union.serialize(tmp, format=fmt))

    def union_triples(self) -> Any:
        """Every distinct triple of every graph, as Oxigraph triples (unordered: sorting the union
        took ten times as long as reading it). A CONSTRUCT, so that Oxigraph removes the copies
        and hands the triples to its serializer without a Python object per row (a SELECT
        DISTINCT read row by row into triples took most of the export's time)."""
        return self.oxigraph.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        )

    def graph_exists(self, graph: URIRef) -> bool:
        import pyoxigraph as ox

        return bool(self.oxigraph.contains_named_graph(ox.NamedNode(str(graph))))


def is_update(sparql: str) -> bool:
    """True when ``sparql`` is a SPARQL Update request (INSERT, DELETE, LOAD, DROP …), not a query."""
    body = sparql[_PROLOGUE.match(sparql).end() :]  # type: ignore[union-attr]
    return _UPDATE_START.match(body) is not None


def user_lines(message: str) -> str:
    """A parser message with its line numbers counted in the user's query, not after the predefined
    prefixes that :meth:`Store.query` puts in front of it."""

    def shift(m: re.Match[str]) -> str:
        n = int(m.group(2)) - _PREFIX_LINES
        return f"{m.group(1)}{n if n > 0 else m.group(2)}{m.group(3)}"

    return _POSITION.sub(shift, message)


@dataclass
class Answer:
    """A query's answer in plain values, as a child process hands it back: the rows of a SELECT, the
    boolean of an ASK, or the Turtle of a CONSTRUCT/DESCRIBE."""

    type: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    boolean: bool | None = None
    turtle: str | None = None


def answer(store: Store, sparql: str) -> Answer:
    res = store.query(sparql)
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        assert res.graph is not None
        return Answer(res.type, turtle=res.graph.serialize(format="turtle"))
    if res.type == "ASK":
        return Answer("ASK", boolean=bool(res.askAnswer))
    return Answer("SELECT", rows=rows_of(res))


def _answer_in_child(out: str, sparql: str, conn: Any) -> None:
    try:
        with Store(Path(out)) as st:
            conn.send(("ok", answer(st, sparql)))
    except CoopgraphError as exc:  # pickles as itself (CoopgraphError.__reduce__)
        conn.send(("error", exc))
    except Exception as exc:  # sent back whole: the parent reports it as an internal error
        conn.send(("crash", f"{type(exc).__name__}: {_one_line(exc)}"))
    finally:
        conn.close()


def query_with_limit(out: Path, sparql: str, timeout_s: float | None) -> Answer:
    """Run ``sparql`` on the store in ``out``, stopped after ``timeout_s`` seconds.

    Oxigraph cannot cancel a running query, so a limited one runs in a child process that is killed
    at the limit (:class:`QueryTimeoutError`): no thread is left running the query. Updates are
    refused before anything runs (:class:`ReadOnlyError`). ``timeout_s=None`` runs it here."""
    if is_update(sparql):
        raise ReadOnlyError()
    if timeout_s is None:
        with Store(out) as st:
            return answer(st, sparql)
    if timeout_s <= 0:
        raise QueryError(
            f"--timeout-s {timeout_s:g} is not positive. Fix: give a number of seconds, e.g. 30."
        )
    if not (Path(out) / STORE_DIR).exists():
        raise StoreMissingError(Path(out) / STORE_DIR)
    import multiprocessing as mp

    ctx = mp.get_context("spawn")  # no fork: RocksDB's threads do not survive one
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_answer_in_child, args=(str(out), sparql, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise QueryTimeoutError(timeout_s)
        try:
            kind, value = parent.recv()
        except EOFError:
            raise QueryError(
                f"the query process ended without an answer (exit code {proc.exitcode}). "
                "Fix: rerun with --debug; report it if it happens again."
            ) from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if kind == "error":
        raise value
    if kind == "crash":
        raise QueryError(f"the query failed: {value}. Fix: check the query; report it if it is valid.")
    return value


def from_ox(term: Any) -> Any:
    """An Oxigraph term as an rdflib term."""
    from oxrdflib._converter import from_ox as convert

    return convert(term)


def plain(term: Node) -> Node:
    """RDF 1.1 strings come back from Oxigraph as "x"^^xsd:string; rdflib tells those from "x"."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def rows_of(res: Any) -> list[dict[str, Any]]:
    """The rows of a SELECT result as plain Python values."""
    if res.type != "SELECT":
        raise QueryError("expected a SELECT query. Fix: use `coopgraph query --format ttl` for CONSTRUCT.")
    return [{str(v): _py(row[v]) for v in res.vars} for row in res]


def _py(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Literal):
        if (
            value.datatype is None
            or "XMLSchema#date" in str(value.datatype)
            or "XMLSchema#gYear" in str(value.datatype)
        ):
            return str(value)  # dates keep their lexical form and precision ("2024-07")
        py = value.toPython()
        return str(py) if isinstance(py, Literal) else py
    return str(value)


def is_locked(path: Path) -> bool:
    lock = Path(path) / LOCK_FILE
    if not lock.exists():
        return False
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
