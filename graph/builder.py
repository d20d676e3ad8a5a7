"""The build: ingest -> nlp -> rdf -> store, then derived rules, exports, validation, report, page."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import URIRef

from graph import entities, queries
from graph.errors import InputError, NoInputError, OutputPathError
from graph.ingest import InputScan, Unchanged, english_checked, iter_documents, known_inputs, scan_inputs
from graph.model import Document, Extraction, SkippedSentence
from graph.offices import kept_office_book
from graph.paths import ontology_dir
from graph.rdf import iris
from graph.rdf.mapping import EXTRACTOR, extraction_quads
from graph.store import Store

if TYPE_CHECKING:
    from graph.linking import CrossLinker
    from graph.validate import BesideValidator

TRIG = "coopgraph.trig"
TURTLE = "coopgraph.ttl"
HTML = "graph.html"
REPORT = "report.md"


@dataclass
class BuildResult:
    out: Path
    documents: int = 0  # documents read successfully
    extracted: int = 0  # documents (re)extracted in this run
    unchanged: int = 0  # skipped because their content hash was already stored
    errors: list[str] = field(default_factory=list)
    triples: int = 0
    entities: int = 0
    facts: int = 0
    seconds: float = 0.0
    violations: list[str] = field(default_factory=list)
    # sentences on which a relation rule raised: the rule was skipped there, the build went on
    skipped_sentences: list[SkippedSentence] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # stored documents no longer among the inputs
    validated: int = 0  # graphs SHACL-validated in this run (the others kept their last result)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage (graph.progress)
    written: list[str] = field(default_factory=list)  # documents whose graphs were (re)written in this run
    trig_graphs: int = 0  # named graphs serialised anew for the TriG export (the others' text was reused)
    turtle_graphs: int = 0  # graphs whose part of the Turtle export was made anew (the others' reused)
    page_made: bool = False  # the page was made anew (not kept: the store shows what it showed)

    @property
    def store(self) -> Path:
        return self.out / "store"

    @property
    def trig(self) -> Path:
        return self.out / TRIG

    @property
    def turtle(self) -> Path:
        return self.out / TURTLE

    @property
    def html(self) -> Path:
        return self.out / HTML

    @property
    def report(self) -> Path:
        return self.out / REPORT


# (event, detail): event in {"doc", "skip", "error", "rule", "removed"} and those of
# graph.progress (total, stage, advance); "rule" is a sentence on
# which a rule failed, "removed" a document no longer among the inputs whose facts were dropped
Progress = Callable[[str, str], None]


def stored_hash(doc: Document | Unchanged, model: str) -> str:
    """What a rebuild compares: the text and metadata, the extractor and the model."""
    return stored_hash_of(doc.content_hash, model)


def stored_hash_of(content_hash: str, model: str) -> str:
    """:func:`stored_hash` of a document with this content hash."""
    return hashlib.sha256(f"{content_hash}|{EXTRACTOR}|{model}".encode()).hexdigest()


def reference_hash(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def reference_sets() -> list[tuple[URIRef, list[Path]]]:
    """The reference and ontology graphs and the files each is loaded from."""
    root = ontology_dir()
    ref_files = [*sorted((root / "gazetteer").glob("*.ttl")), root / "areas.ttl"]
    return [
        (iris.REFERENCE_GRAPH, [f for f in ref_files if f.exists()]),
        (iris.ONTOLOGY_GRAPH, [f for f in [root / "coop.ttl"] if f.exists()]),
    ]


def load_reference(store: Store) -> None:
    """Gazetteer + areas into the reference graph and the ontology into its own, when they changed."""
    from graph.rdf.vocab import COOP

    for graph, files in reference_sets():
        h = reference_hash(files)
        if store.select(
            f"SELECT ?h WHERE {{ GRAPH <{iris.META_GRAPH}> {{ <{graph}> coop:contentHash ?h }} }}"
        ) == [{"h": h}]:
            continue
        store.drop_graph(graph)
        for f in files:
            store.load_turtle(f, graph)
        store.oxigraph.update(
            f"DELETE WHERE {{ GRAPH <{iris.META_GRAPH}> {{ <{graph}> <{COOP.contentHash}> ?h }} }} ;\n"
            f'INSERT DATA {{ GRAPH <{iris.META_GRAPH}> {{ <{graph}> <{COOP.contentHash}> "{h}" }} }}'
        )


def changed_documents(
    paths: Iterable[Path],
    stored: dict[str, str],
    model: str,
    hashes: dict[str, str],
    *,
    force: bool = False,
    note: Progress | None = None,
    tally: BuildResult | None = None,
) -> Iterator[Document]:
    """The readable documents whose content hash differs from the stored one (all with ``force``).

    Each yielded document's new hash is put in ``hashes``; unreadable inputs and unchanged documents
    are reported through ``note`` and counted in ``tally``. Shared by local and remote builds; an
    input passed over unread (:class:`~graph.ingest.Unchanged`, while
    :func:`~graph.ingest.known_inputs` is active) is an unchanged document.
    """
    say = note or (lambda event, detail: None)
    for item in iter_documents(paths):
        if isinstance(item, InputError):
            if tally is not None:
                tally.errors.append(str(item))
            say("error", str(item))
            continue
        if tally is not None:
            tally.documents += 1
        h = stored_hash(item, model)
        if isinstance(item, Unchanged) or (not force and stored.get(item.id) == h):
            if tally is not None:
                tally.unchanged += 1
            say("skip", item.id)
            continue
        hashes[item.id] = h
        yield item


class _Selects(Protocol):
    def select(self, sparql: str) -> list[dict[str, Any]]: ...


def harmonise(store: _Selects, x: Extraction) -> None:
    """Keep one label and one date per entity across documents.

    An entity minted in several documents (the same IRI) keeps the label and date the store already
    has from another document; this document's name for it becomes an altLabel. Reference entities
    carry their gazetteer label anyway.
    """
    from graph.model import DateValue

    minted = [e for e in x.entities if not e.reference]
    if not minted:
        return
    values = " ".join(f"<{iris.entity(e.key)}>" for e in minted)
    # the entities inside the GRAPH pattern: Oxigraph then looks each one up instead of reading
    # every label of every graph (12 x faster on the corpus store, the same first row per entity)
    query = (
        queries.read("shared_entity_facts")
        .replace("GRAPH ?g {", f"GRAPH ?g {{ VALUES ?s {{ {values} }}", 1)
        .replace("?self", f"<{iris.doc_graph(x.doc.id)}>")
    )
    known: dict[str, dict[str, Any]] = {}
    fast = getattr(store, "select_lexical", None)  # labels and dates are read as strings
    for row in fast(query) if fast is not None else store.select(query):
        known.setdefault(row["s"], row)
    for e in minted:
        seen = known.get(str(iris.entity(e.key)))
        if seen is None:
            continue
        if seen["label"] != e.label:
            e.aliases = [a for a in [e.label, *e.aliases] if a != seen["label"]]
            e.label = seen["label"]
        if seen.get("start") is not None:
            end = str(seen["end"]) if seen.get("end") else None
            e.date = DateValue(str(seen["start"]), end, str(seen.get("precision") or "day"))


def confidence_override(min_confidence: float | None) -> dict[str, Any]:
    """The config override that moves the relations component's threshold."""
    if min_confidence is None:
        return {}
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(
            f"--min-confidence {min_confidence} is outside [0, 1]. Fix: give a probability such as 0.6."
        )
    return {"components.coop_relations.min_confidence": min_confidence}


def strict_override(strict: bool) -> dict[str, Any]:
    """The config override that makes a failing rule stop the build (RuleError, E030)."""
    return {"components.coop_relations.strict": True} if strict else {}


def check_paths(paths: Iterable[Path], out: Path) -> list[Path]:
    """Refuse, before the store is opened, a build that could only make an empty store: none of the
    inputs exists (:class:`NoInputError`), or ``out`` is a file (:class:`OutputPathError`)."""
    given = [Path(p) for p in paths]
    if not any(os.path.lexists(p) for p in given):
        raise NoInputError([str(p) for p in given])
    for p in (out, out / "store"):
        if os.path.lexists(p) and not p.is_dir():
            raise OutputPathError(
                p, "is a file, not a folder", "pass --out a folder (a new one, or one of an earlier build)"
            )
    return given


def _covers(location: str, source: str) -> bool:
    """True when a failed input ``location`` (folder, file or file:line) is where ``source`` was read."""
    a, b = os.path.abspath(location), os.path.abspath(source)
    return b == a or b.startswith(a + os.sep) or b.startswith(a + ":")


def stale_documents(sources: dict[str, str], seen: set[str], failed: list[str]) -> list[str]:
    """The stored documents to remove so that the store matches its inputs: those the inputs no longer
    hold, except those whose input failed to be listed (a missing path, an unreadable folder entry,
    a JSONL line that no longer parses): a file that cannot be read this time keeps its facts."""
    return sorted(
        doc_id
        for doc_id, source in sources.items()
        if doc_id not in seen and not any(_covers(loc, source) for loc in failed)
    )


def apply_rules(store: Store) -> None:
    store.drop_graph(iris.DERIVED_GRAPH)
    for _name, rule in queries.rules():
        store.update(rule)


def build(
    paths: Iterable[Path],
    out: Path,
    *,
    model: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    batch_size: int | None = None,
    page: bool = True,
    validate: bool = True,
    nlp: Any = None,
    min_confidence: float | None = None,
    strict: bool = False,
    workers: int = 1,
    dask: Any = None,
) -> BuildResult:
    """Build (or update) the graph in ``out`` from the documents under ``paths``; facts below
    ``min_confidence`` (default: the trained threshold) are not stated.

    A relation rule that raises on a sentence is skipped there and the sentence is reported
    (``result.skipped_sentences``, progress event ``"rule"``); with ``strict`` the build stops with
    :class:`~graph.errors.RuleError` instead. ``workers`` > 1 runs the
    NLP in that many processes, ``dask`` (a scheduler address) on a Dask cluster; see
    :mod:`graph.nlp.parallel`. What follows the NLP is redone only for what changed
    (:mod:`graph.incremental`)."""
    from graph.incremental import BuildState
    from graph.nlp.fingerprint import pipeline_key, resolve_model_name
    from graph.nlp.parallel import WorkerPool
    from graph.progress import Stages

    t0 = time.perf_counter()
    out = Path(out)
    paths = check_paths(paths, out)
    result = BuildResult(out=out)
    note = progress or (lambda event, detail: None)
    stages = Stages(note)
    result.stages = stages.seconds
    overrides = {**confidence_override(min_confidence), **strict_override(strict)}
    scan = scan_inputs(paths)  # the one walk before reading: the total and the ids
    total = scan.count
    note("total", str(total))
    state = BuildState.load(out)
    model_name = resolve_model_name(model)
    if model_name is None:  # nothing installed: the pipeline module raises the proper error
        from graph.nlp.pipeline import resolve_model

        model_name = resolve_model(model)
    key = pipeline_key(model_name, overrides)
    local_pool = nlp is None and dask is None and workers > 1
    pool = WorkerPool(workers, model_name, overrides) if local_pool else None
    if pool is not None and state.pipeline_key != key:
        pool.start()  # the workers load the model while this process opens the store
    if nlp is None and pool is None and dask is None and state.pipeline_key != key:
        with stages.timed("model"):  # spaCy's import included
            from graph.nlp.pipeline import build_nlp

            nlp = build_nlp(model_name, None, **overrides)
    try:
        _build_in_store(
            paths,
            out,
            result,
            state,
            stages,
            note,
            key,
            scan,
            model_name=model_name,
            overrides=overrides,
            nlp=nlp,
            pool=pool,
            dask=dask,
            batch_size=batch_size,
            force=force,
            page=page,
            validate=validate,
        )
    finally:
        if pool is not None:
            pool.close()
    state.save(out)
    result.seconds = time.perf_counter() - t0
    return result


def _build_in_store(
    paths: list[Path],
    out: Path,
    result: BuildResult,
    state: Any,
    stages: Any,
    note: Progress,
    key: str,
    scan: InputScan,
    *,
    model_name: str,
    overrides: dict[str, Any],
    nlp: Any,
    pool: Any,
    dask: Any,
    batch_size: int | None,
    force: bool,
    page: bool,
    validate: bool,
) -> None:
    """The build's part with the store open: stale documents out, changed ones in, then what
    follows the NLP. With a worker pool, each stored document graph is SHACL-validated in a worker
    while the NLP of the next documents goes on."""
    from graph.nlp.parallel import records

    # the cross-document linker imports spaCy (names) and reads its index from the whole store:
    # made for the first changed document, not for a rebuild with nothing to extract
    linker: CrossLinker | None = None
    beside: BesideValidator | None = None  # validation in a second process, for a larger build
    unsent: list[tuple[str, str]] = []  # graphs stored before it started: (graph IRI, hash)
    with Store(out, create=True, write=True) as store, _closing(lambda: beside):
        load_reference(store)
        entities.ensure(store)  # a store built before the entities graph existed gets it once
        # the store matches its inputs: documents no longer there go first, so that the documents
        # extracted now are harmonised (labels, dates) against the remaining ones only, as in a clean build
        for doc_id in stale_documents(store.document_sources(), scan.ids, scan.failed):
            entities.drop_document(store, iris.doc_graph(doc_id))
            store.drop_graph(iris.links_graph(doc_id))  # its link decisions go with it
            result.removed.append(doc_id)
            note("removed", doc_id)
        stored = store.documents()
        hashes: dict[str, str] = {}

        # a document is redone when its text, the model, the rules, their data or the decision changed
        fp = _pipeline_fingerprint(nlp, model_name, overrides, key, state, stages, pool)
        pipeline = f"{model_name}|{fp}"
        stages.start("extract", scan.count)
        stages.start("store", scan.count)

        def unchanged(doc_id: str, content_hash: str) -> bool:
            return not force and stored.get(doc_id) == stored_hash_of(content_hash, pipeline)

        # inputs found English in an earlier build are not language-checked again, and inputs
        # whose bytes an earlier build read into the document the store holds are not read again
        with english_checked(state.english) as english, known_inputs(state.inputs, unchanged) as inputs:
            read = _Timed(
                changed_documents(paths, stored, pipeline, hashes, force=force, note=note, tally=result)
            )
            extracted = _Timed(
                records(
                    read,
                    model=model_name,
                    overrides=overrides,
                    nlp=nlp,
                    batch_size=batch_size,
                    dask=dask,
                    pool=pool,
                )
            )
            checks: dict[str, tuple[str, Any]] = {}  # graph IRI -> (its hash, a worker's validation)
            for x in extracted:
                stages.advance("extract")
                t = time.perf_counter()
                if linker is None:
                    from graph.linking import CrossLinker, link_quads

                    linker = CrossLinker.from_store(store, kept_office_book(out))
                decisions = linker.link(x)  # one node per real entity across the store
                harmonise(store, x)
                digest = hashes.pop(x.doc.id)
                graph = iris.doc_graph(x.doc.id)
                entities.replace_document(store, graph, extraction_quads(x, digest))
                if validate:
                    beside = _validate_beside(store, pool, beside, checks, unsent, str(graph), digest)
                store.replace_graph(iris.links_graph(x.doc.id), link_quads(decisions, x.doc.id))
                linker.remember(x)
                stages.add("store", time.perf_counter() - t)
                stages.advance("store")
                result.extracted += 1
                result.written.append(x.doc.id)
                result.entities += len(x.entities)
                result.facts += len(x.facts)
                for skipped in x.skipped:
                    result.skipped_sentences.append(skipped)
                    note("rule", skipped.message())
                note("doc", x.doc.id)
        state.english = sorted(english)
        state.inputs = inputs
        stages.add("read", read.seconds)
        stages.add("extract", extracted.seconds - read.seconds)
        _after_nlp(
            store, out, result, state, stages, page=page, validate=validate, force=force, checks=checks
        )


def _validate_beside(
    store: Store,
    pool: Any,
    beside: BesideValidator | None,
    checks: dict[str, tuple[str, Any]],
    unsent: list[tuple[str, str]],
    graph: str,
    digest: str,
) -> BesideValidator | None:
    """Send a stored document graph away for SHACL validation while the NLP goes on: to the
    worker pool when there is one, else to one validation process, started once the build has
    :data:`~graph.validate.BESIDE_FROM` documents and a core to spare (it then gets the graphs
    stored before it too). A graph not sent is validated after the NLP, in this process."""
    from graph.validate import BESIDE_FROM, BesideValidator, spare_cores, validate_ntriples

    if pool is not None:
        checks[graph] = (digest, pool.submit(validate_ntriples, store.graph_ntriples(graph)))
        return beside
    unsent.append((graph, digest))
    if beside is None and len(unsent) >= BESIDE_FROM and spare_cores():
        beside = BesideValidator()
    if beside is not None:
        for g, d in unsent:
            checks[g] = (d, beside.submit(store.graph_ntriples(g)))
        unsent.clear()
    return beside


@contextmanager
def _closing(get: Callable[[], Any]) -> Iterator[None]:
    """Close what ``get`` returns when the block ends (it may be made inside the block)."""
    try:
        yield
    finally:
        thing = get()
        if thing is not None:
            thing.close()


class _Timed:
    """An iterator that adds up the time spent waiting for its items."""

    def __init__(self, it: Iterable[Any]) -> None:
        self.it = iter(it)
        self.seconds = 0.0

    def __iter__(self) -> _Timed:
        return self

    def __next__(self) -> Any:
        t = time.perf_counter()
        try:
            return next(self.it)
        finally:
            self.seconds += time.perf_counter() - t


def _pipeline_fingerprint(
    nlp: Any, model: str, overrides: dict[str, Any], key: str, state: Any, stages: Any, pool: Any = None
) -> str:
    """The built pipeline's fingerprint; the one saved under the same key when no pipeline was
    built here (nothing changed, or the NLP runs in worker processes that build their own); with
    a worker pool, a worker's (the writer builds no pipeline of its own)."""
    if nlp is None and state.pipeline_key == key and state.pipeline_fingerprint:
        return str(state.pipeline_fingerprint)
    with stages.timed("model"):
        if nlp is None and pool is not None:
            fp = pool.fingerprint()
        else:
            from graph.nlp.pipeline import build_nlp, fingerprint

            fp = fingerprint(nlp if nlp is not None else build_nlp(model, None, **overrides))
    state.pipeline_key, state.pipeline_fingerprint = key, fp
    return fp


def _after_nlp(
    store: Store,
    out: Path,
    result: BuildResult,
    state: Any,
    stages: Any,
    *,
    page: bool,
    validate: bool,
    force: bool,
    checks: dict[str, tuple[str, Any]] | None = None,
) -> None:
    """Rules, exports, validation, page and report, each only when its input changed; ``checks``
    are the validations of document graphs already under way in worker processes."""
    from graph.incremental import dataset_fingerprint, graph_hash, shapes_hash

    documents = store.documents()
    dataset = dataset_fingerprint(store, documents)
    changed = force or dataset != state.dataset
    if changed:
        with stages.timed("rules", 1):
            apply_rules(store)
            stages.advance("rules")
    result.triples = len(store) if changed or not state.triples else int(state.triples)
    state.triples = result.triples
    files = [(out / TRIG, "trig"), (out / TURTLE, "turtle")]
    todo = [(f, fmt) for f, fmt in files if changed or not f.exists()]
    if todo:
        from graph.incremental import previous_file, write_trig, write_turtle

        with stages.timed("export", len(todo)):
            fresh = set(result.written)
            # the previous TriG export, read before it is replaced: what each graph held then
            trig = previous_file(out / TRIG, state.trig)
            trig_spans = (state.trig.get("graphs") or {}) if trig is not None else {}
            for f, fmt in todo:
                if fmt == "trig":  # the blocks of the documents not written now are reused
                    state.trig, result.trig_graphs = write_trig(store, f, state.trig, fresh, documents)
                else:  # the pieces of the graphs that hold none of the changed triples are reused
                    state.turtle, result.turtle_graphs = write_turtle(
                        store, f, state.turtle, fresh, documents, trig, trig_spans
                    )
                stages.advance("export")
    if validate:
        from graph.validate import finished, validate_changed

        shapes = shapes_hash()
        if shapes != state.shapes:
            state.validation, state.shapes = {}, shapes
        with stages.timed("validate"):
            away = 0
            for graph, (digest, pending) in (checks or {}).items():
                found = finished(pending)
                if found is not None:  # else validate_changed validates it here
                    state.validation[graph] = [digest, found]
                    away += 1
            result.violations, here = validate_changed(
                store,
                documents,
                state.validation,
                derived_hash=graph_hash(store, str(iris.DERIVED_GRAPH)),
                total=lambda n: stages.start("validate", n),
                advance=lambda: stages.advance("validate"),
            )
            result.validated = here + away
    if page and (changed or not (out / HTML).exists() or not (out / REPORT).exists()):
        _page_and_report(store, out, result, state, stages, documents)
    elif not page and result.written:
        state.page = {}  # the page no longer shows the store: the next page is made anew
    state.dataset = dataset


def _page_and_report(
    store: Store, out: Path, result: BuildResult, state: Any, stages: Any, documents: dict[str, str]
) -> None:
    """Write the report, and the page unless the store shows what the page in ``out`` was made
    from (:func:`graph.incremental.page_fingerprint`: then the report keeps that page's tables)."""
    from graph import report
    from graph.incremental import page_fingerprint

    with stages.timed("page", 3):
        fingerprint, digests = page_fingerprint(store, state.page, set(result.written), documents)
        html = out / HTML
        kept = state.page if state.page.get("fingerprint") == fingerprint else {}
        try:
            st = html.stat()
            made = [st.st_size, st.st_mtime_ns]
        except OSError:
            made = []
        if kept and kept.get("html") == made and kept.get("tables"):
            stages.advance("page")
            stages.advance("page")
            report.write_report(store, None, out / REPORT, result, tables=kept["tables"])
        else:
            from graph import viz

            net, ranks = viz.store_page(store, html)
            stages.advance("page")
            stages.advance("page")
            tables = report.report_tables(store, net, ranks)
            report.write_report(store, net, out / REPORT, result, tables=tables)
            st = html.stat()
            state.page = {"fingerprint": fingerprint, "html": [st.st_size, st.st_mtime_ns], "tables": tables}
            result.page_made = True
        stages.advance("page")
        state.page["graphs"] = digests
