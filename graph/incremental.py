"""What a rebuild may skip: the state of the last build's outputs, kept beside the store.

Everything after the NLP is a function of the dataset: the document graphs (each with its content
hash), the reference and ontology graphs (their file hashes), the rules and the shapes. Its
fingerprint is recorded in ``<out>/.coopgraph-state.json`` with the outputs made from it; a
rebuild whose dataset has the same fingerprint keeps the derived graph, the exports, the page and
the report as they are. SHACL results are kept per named graph under the graph's own hash, so a
rebuild validates only the graphs that changed, plus the derived graph when it changed. When the
dataset did change, the TriG export copies the block of every document not written in this run
from the previous file (:func:`write_trig`), and the page is kept while the quads its queries
read are the same (:func:`page_fingerprint`; the report is then written from its kept tables).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph.paths import atomic_write_text, ontology_dir
from graph.rdf import iris
from graph.rdf.vocab import COOP
from graph.store import Store

STATE_FILE = ".coopgraph-state.json"
VERSION = 1


@dataclass
class BuildState:
    """The last build's pipeline fingerprint, dataset fingerprint and per-graph SHACL results."""

    pipeline_key: str = ""
    pipeline_fingerprint: str = ""
    dataset: str = ""
    shapes: str = ""
    triples: int = 0  # quads in the store when ``dataset`` was recorded (counting them is a full scan)
    validation: dict[str, list[Any]] = field(default_factory=dict)  # graph IRI -> [hash, violations]
    # the TriG export's blocks: size, mtime_ns, graphs: graph IRI -> [offset, length, document hash]
    trig: dict[str, Any] = field(default_factory=dict)
    # the Turtle export's pieces: size, mtime_ns, header, graphs: IRI -> [offset, length, hash, first, last]
    turtle: dict[str, Any] = field(default_factory=dict)
    # the page and report last made: fingerprint, html [size, mtime_ns], the report's tables, and the
    # per-document graphs' digests (graph.incremental.page_fingerprint)
    page: dict[str, Any] = field(default_factory=dict)
    english: list[str] = field(default_factory=list)  # inputs found English (graph.ingest.english_digest)
    # input record key -> [content hash, English digest] of each document read (graph.ingest.known_inputs)
    inputs: dict[str, list[str]] = field(default_factory=dict)
    version: int = VERSION

    @classmethod
    def load(cls, out: Path) -> BuildState:
        """The saved state, or an empty one (everything is redone) when missing or unreadable."""
        try:
            data = json.loads((Path(out) / STATE_FILE).read_text(encoding="utf-8"))
            state = cls(**data)
        except (OSError, ValueError, TypeError):
            return cls()
        return state if state.version == VERSION else cls()

    def save(self, out: Path) -> None:
        atomic_write_text(Path(out) / STATE_FILE, json.dumps(asdict(self), indent=0, sort_keys=True))


def file_hash(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        if p.exists():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def shapes_hash() -> str:
    root = ontology_dir()
    return file_hash([root / "shapes.ttl", root / "coop.ttl", root / "areas.ttl"])


def dataset_fingerprint(store: Store, documents: dict[str, str] | None = None) -> str:
    """A hash of what the derived graph and every output are made from (see the module docstring)."""
    from graph import queries

    h = hashlib.sha256()
    for doc_id, digest in sorted((documents if documents is not None else store.documents()).items()):
        h.update(f"{doc_id}\t{digest}\n".encode())
    meta = f"SELECT ?g ?h WHERE {{ GRAPH <{iris.META_GRAPH}> {{ ?g <{COOP.contentHash}> ?h }} }}"
    for row in sorted(store.select(meta), key=lambda r: str(r["g"])):
        h.update(f"{row['g']}\t{row['h']}\n".encode())
    for name, rule in queries.rules():
        h.update(name.encode())
        h.update(rule.encode())
    return h.hexdigest()


def graph_hash(store: Store, graph: str) -> str:
    """A hash of one named graph's content, independent of the order Oxigraph returns it in."""
    import pyoxigraph as ox

    quads = store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    lines = sorted(str(q.triple) for q in quads)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def per_document_graphs(documents: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Each document's graph and links graph IRI -> (document id, its stored hash)."""
    out: dict[str, tuple[str, str]] = {}
    for doc_id, digest in documents.items():
        out[str(iris.doc_graph(doc_id))] = out[str(iris.links_graph(doc_id))] = (doc_id, digest)
    return out


def previous_file(path: Path, index: dict[str, Any]) -> bytes | None:
    """The bytes of the export ``index`` describes, or None when ``path`` is not that file (missing,
    rewritten or edited since: its size or mtime differ)."""
    try:
        st = path.stat()
        if index.get("graphs") and [st.st_size, st.st_mtime_ns] == [index.get("size"), index.get("mtime_ns")]:
            return path.read_bytes()
    except OSError:
        pass
    return None


def write_trig(
    store: Store, path: Path, index: dict[str, Any], fresh: set[str], documents: dict[str, str]
) -> tuple[dict[str, Any], int]:
    """Write the TriG export of ``store`` to ``path``, byte for byte what ``Store.export(path, "trig")``
    writes, reusing the previous file's text of each per-document graph that was not written since.

    Oxigraph's TriG dump is the default graph, then one block per named graph in the order
    ``named_graphs()`` gives (its index order, fixed by the graph names), each block what
    serialising that graph's quads alone gives. ``index`` (kept in the build state) holds the
    offset and length of each graph's block in the file last written, the stored hash its
    document had then, and that file's size and mtime; a block is reused when its graph is a
    document or links graph of a document not in ``fresh`` (the documents written in this build)
    whose stored hash (``documents``) is the one indexed, and the file is the one indexed.
    Every other graph (entities, derived, offices, reference, …) is serialised again. Returns the
    new index and how many graphs were serialised now."""
    import pyoxigraph as ox

    from graph.paths import atomic_write

    spans: dict[str, list[Any]] = index.get("graphs") or {}
    old = previous_file(path, index)
    owners = per_document_graphs(documents)
    oxs = store.oxigraph

    def serialised_graph(graph: Any) -> bytes:
        return ox.serialize(oxs.quads_for_pattern(None, None, None, graph), format=ox.RdfFormat.TRIG) or b""

    pieces = [serialised_graph(ox.DefaultGraph())]
    offset, serialised = len(pieces[0]), 0
    new_spans: dict[str, list[Any]] = {"": [0, offset, ""]}  # the default graph's triples, never reused
    for g in oxs.named_graphs():
        name = g.value
        doc, digest = owners.get(name, ("", ""))
        span = spans.get(name)
        if old is not None and span is not None and digest and doc not in fresh and span[2:] == [digest]:
            piece = old[span[0] : span[0] + span[1]]
        else:
            piece = serialised_graph(g)
            serialised += 1
        new_spans[name] = [offset, len(piece), digest]
        offset += len(piece)
        pieces.append(piece)
    atomic_write(path, lambda tmp: tmp.write_bytes(b"".join(pieces)))
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "graphs": new_spans}, serialised


#: Predicates of a document graph that no query of the page or the report reads, and that change
#: whenever the document's text or input file does (its content hash, where it was read from).
PAGE_BLIND = frozenset({str(COOP.contentHash), "http://purl.org/dc/terms/source"})


def page_digest(store: Store, graph: str, *, blind: frozenset[str] = frozenset()) -> str:
    """A hash of one graph's quads, those with a predicate in ``blind`` left out. The quads come in
    the store's index order, which the content alone fixes: no sort is needed."""
    import pyoxigraph as ox

    h = hashlib.sha256()
    for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        if q.predicate.value not in blind:
            h.update(str(q.triple).encode())
            h.update(b"\n")
    return h.hexdigest()


def page_fingerprint(
    store: Store, previous: dict[str, Any], fresh: set[str], documents: dict[str, str]
) -> tuple[str, dict[str, list[str]]]:
    """A hash of everything the page and the report show from the store, and the digests of the
    per-document graphs it was made of (graph IRI -> [digest, the document's stored hash]).

    The page's queries and the report's counts read the document graphs (all but
    :data:`PAGE_BLIND`), the links graphs and the shared graphs (entities, derived, offices, meta:
    the reference and ontology graphs are loaded from the files whose hashes the meta graph
    holds). Oxigraph answers a query over the same quads with the same rows in the same order, so
    the same fingerprint gives the same page. Only the graphs of the documents in ``fresh`` (or
    whose stored hash moved) and the shared graphs are read: the other documents' digests come
    from ``previous["graphs"]``."""
    import pyoxigraph as ox

    owners = per_document_graphs(documents)
    known: dict[str, list[str]] = previous.get("graphs") or {}
    skip = {str(iris.REFERENCE_GRAPH), str(iris.ONTOLOGY_GRAPH)}
    digests: dict[str, list[str]] = {}
    h = hashlib.sha256()
    default = store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())
    h.update(("\n".join(str(q.triple) for q in default) + "\n").encode())
    for g in store.oxigraph.named_graphs():  # index order: fixed by the graph names
        name = g.value
        if name in skip:
            continue
        doc, stored = owners.get(name, ("", ""))
        if doc:
            seen = known.get(name)
            if seen is not None and doc not in fresh and seen[1:] == [stored]:
                digest = seen[0]
            else:
                blind = PAGE_BLIND if name.startswith(f"{iris.GRAPH}doc/") else frozenset()
                digest = page_digest(store, name, blind=blind)
            digests[name] = [digest, stored]
        else:
            digest = page_digest(store, name)
        h.update(f"{name}\t{digest}\n".encode())
    return h.hexdigest(), digests


def _graph_name(quad: Any) -> str:
    """A quad's graph IRI, "" for the default graph."""
    import pyoxigraph as ox

    return str(quad.graph_name.value) if isinstance(quad.graph_name, ox.NamedNode) else ""


def _subjects(triples: list[Any]) -> tuple[str, str]:
    return (str(triples[0].subject), str(triples[-1].subject)) if triples else ("", "")


#: Triples to look up one by one for a Turtle export from pieces, above which it is made whole.
LOOKUP_LIMIT = 20_000


def write_turtle(
    store: Store,
    path: Path,
    index: dict[str, Any],
    fresh: set[str],
    documents: dict[str, str],
    trig: bytes | None,
    trig_spans: dict[str, list[Any]],
) -> tuple[dict[str, Any], int]:
    """Write the Turtle export of ``store`` (the union of its graphs), byte for byte what
    ``Store.export(path, "turtle")`` writes, reusing the previous file's text where it still holds.

    That export serialises ``Store.union_triples``: the default graph's triples and then each named
    graph's in ``named_graphs()`` order, each triple where it first occurs. So the file is the
    prefixes and then, per graph, the serialisation of its triples that no earlier graph holds (its
    piece), as long as no piece starts with the subject the one before ends with (the serializer
    would have gone on with that subject: then the whole file is written by ``Store.export``).
    ``index`` holds each piece's offset and length in the file last written, the stored hash of
    its document (the file hash, for the reference and ontology graphs) and its first and last
    subject. A piece is reused when its graph is unchanged (a document or links graph of a
    document not in ``fresh`` with the same stored hash; the reference or ontology graph with the
    same file hash) and holds none of the triples that changed elsewhere: those of the other
    graphs now and as the previous TriG export (``trig``, ``trig_spans``) had them. Returns the
    new index and how many graphs' pieces were made now."""
    import pyoxigraph as ox

    from graph.paths import atomic_write
    from graph.store import PREFIXES

    oxs = store.oxigraph
    names = ["", *(g.value for g in oxs.named_graphs())]
    position = {n: i for i, n in enumerate(names)}
    kept: dict[str, list[Any]] = index.get("graphs") or {}
    old = previous_file(path, index) if trig is not None else None
    owners = per_document_graphs(documents)
    meta = f"SELECT ?g ?h WHERE {{ GRAPH <{iris.META_GRAPH}> {{ ?g <{COOP.contentHash}> ?h }} }}"
    files = {str(r["g"]): str(r["h"]) for r in store.select(meta)}

    def key(name: str) -> str:
        return owners[name][1] if name in owners else files.get(name, "")

    def same(name: str) -> bool:
        """Unchanged since the file indexed: not written now, same stored hash or file hash."""
        if not name or len(kept.get(name, ())) != 6 or not key(name) or kept[name][2] != key(name):
            return False
        return name not in owners or owners[name][0] not in fresh

    def triples(name: str) -> list[Any]:
        graph = ox.NamedNode(name) if name else ox.DefaultGraph()
        return [q.triple for q in oxs.quads_for_pattern(None, None, None, graph)]

    reuse: set[str] = set()
    if old is not None and trig is not None:
        unchanged = {n for n in names if same(n)}
        changed: set[Any] = set()
        for n in (set(trig_spans) | set(names)) - unchanged:
            before: set[Any] = set()
            if n in trig_spans:
                a, length = trig_spans[n][0], trig_spans[n][1]
                before = {q.triple for q in ox.parse(trig[a : a + length], format=ox.RdfFormat.TRIG)}
            now = set(triples(n)) if n in position else set()
            if before == now and len(kept.get(n, ())) == 6 and n not in owners:
                unchanged.add(n)  # a shared graph (entities, derived, offices, …) that holds what it held
            changed |= before ^ now
        touched = {
            _graph_name(q) for t in changed for q in oxs.quads_for_pattern(t.subject, t.predicate, t.object)
        }
        reuse = unchanged - touched
        # each triple of a graph made anew is looked up in the store: when that is most of the
        # store, one pass over every graph in order is cheaper
        if sum(int(kept[n][5]) if n in kept else 0 for n in names if n not in reuse) > LOOKUP_LIMIT:
            reuse = set()

    seen: set[Any] = set()
    named = ox.NamedNode

    def first_here(name: str) -> tuple[list[Any], int]:
        """The graph's triples that no earlier graph holds: with pieces reused, each is looked up in
        every graph; else the graphs are read in order, as the CONSTRUCT reads them."""
        here = position[name]
        out = []
        held = triples(name)
        for t in held:
            if reuse:
                for q in oxs.quads_for_pattern(t.subject, t.predicate, t.object):
                    g = q.graph_name
                    if position[g.value if isinstance(g, named) else ""] < here:
                        break
                else:
                    out.append(t)
            elif t not in seen:
                seen.add(t)
                out.append(t)
        return out, len(held)

    header = old[: int(index.get("header", 0))] if reuse and old is not None else b""
    bodies: list[bytes] = []
    pieces: dict[str, list[Any]] = {}
    made = 0
    for name in names:
        if name in reuse and old is not None:
            a, length, _key, first, last, count = kept[name]
            body = old[a : a + length]
        else:
            new, count = first_here(name)
            made += 1
            text = ox.serialize(new, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
            i = 0
            while text.startswith(b"@prefix", i):
                i = text.index(b"\n", i) + 1
            header = header or text[:i]
            body = text[i:]
            first, last = _subjects(new)
        pieces[name] = [0, len(body), key(name), first, last, count]
        bodies.append(body)
    ends = [(pieces[n][3], pieces[n][4]) for n in names if pieces[n][1]]
    if any(a[1] == b[0] for a, b in itertools.pairwise(ends)) or (any(bodies) and not header):
        store.export(path, "turtle")  # a subject runs across two pieces: the whole union at once
        return {}, len(names)
    offset = len(header)
    for name, body in zip(names, bodies, strict=True):
        pieces[name][0] = offset
        offset += len(body)
    atomic_write(path, lambda tmp: tmp.write_bytes(header + b"".join(bodies)))
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "header": len(header), "graphs": pieces}, made
