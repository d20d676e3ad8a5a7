"""Where the NLP runs: in this process, in a pool of local worker processes, or on a Dask cluster.

Every backend runs the same pipeline (:func:`graph.nlp.pipeline.build_nlp` with the same model and
config overrides) over batches of documents and hands back plain
:class:`~graph.model.Extraction` records, in input order, so the one writer that loads them into
the store sees exactly what a single-process build sees. At most ``2 × workers`` batches are in
flight: memory stays bounded however long the input is.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any, Protocol

from graph.errors import CoopgraphError
from graph.model import Document, Extraction


class Pending(Protocol):
    """A batch in flight: a concurrent.futures or a distributed Future."""

    def result(self) -> list[Extraction]: ...


_local = threading.local()  # one pipeline per worker thread (Dask workers may share a process)


def _pipeline(model: str, overrides: dict[str, Any]) -> Any:
    from graph.nlp.pipeline import build_nlp

    key = (model, tuple(sorted((k, repr(v)) for k, v in overrides.items())))
    cached = getattr(_local, "pipeline", None)
    if cached is None or cached[0] != key:
        _local.pipeline = (key, build_nlp(model, None, **overrides))
    return _local.pipeline[1]


def extract_batch(
    docs: list[Document], model: str, overrides: dict[str, Any], batch_size: int | None = None
) -> list[Extraction]:
    """The records of one batch of documents (what a worker process or a Dask task runs)."""
    from graph.nlp.pipeline import extract

    return list(extract(_pipeline(model, overrides), docs, batch_size=batch_size))


THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


def limit_threads() -> None:
    """One thread per BLAS/OpenMP library in this process: N worker processes on N cores each
    starting a thread per core (OpenBLAS does, and spins while it waits) would oversubscribe them."""
    for var in THREAD_VARS:
        os.environ[var] = "1"
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # the variables above hold for libraries loaded from now on
        return
    threadpool_limits(1)


def _warm(model: str, overrides: dict[str, Any]) -> None:
    limit_threads()  # before spaCy imports numpy
    _pipeline(model, overrides)


def pipeline_fingerprint(model: str, overrides: dict[str, Any]) -> str:
    """The fingerprint of this worker's pipeline (the writer then need not build one of its own)."""
    from graph.nlp.pipeline import fingerprint

    return fingerprint(_pipeline(model, overrides))


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while batch := list(islice(it, size)):
        yield batch


def _ordered(
    submit: Callable[[list[Document]], Pending],
    docs: Iterable[Document],
    size: int,
    in_flight: int,
) -> Iterator[Extraction]:
    pending: deque[Pending] = deque()
    for batch in _batches(docs, size):
        pending.append(submit(batch))
        while len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def records(
    docs: Iterable[Document],
    *,
    model: str,
    overrides: dict[str, Any] | None = None,
    nlp: Any = None,
    batch_size: int | None = None,
    dask: str | None = None,
    pool: WorkerPool | None = None,
) -> Iterator[Extraction]:
    """The extraction records of ``docs`` in input order.

    ``pool`` (a :class:`WorkerPool`) runs the NLP in worker processes; ``dask`` (a scheduler
    address such as ``tcp://10.0.0.5:8786``, or a ``distributed.Client``) sends batches to a Dask
    cluster; otherwise ``nlp`` (or the pipeline built for ``model``) runs here.
    """
    overrides = dict(overrides or {})
    it = iter(docs)
    first = next(it, None)
    if first is None:  # nothing to extract: no pipeline, no pool, no cluster
        return
    docs = chain([first], it)
    if dask is not None:
        yield from _dask_records(docs, dask, model, overrides, batch_size)
        return
    if pool is not None:
        yield from pool.records(docs, batch_size)
        return
    from graph.nlp.pipeline import extract

    yield from extract(nlp if nlp is not None else _pipeline(model, overrides), docs, batch_size=batch_size)


POOL_BATCH = 4  # documents per task: small enough to keep both workers busy to the end


class WorkerPool:
    """``workers`` spawned processes, each with the pipeline built once, for the NLP of batches of
    documents and for other per-document work of the build (SHACL validation of a stored graph).

    Spawned, not forked: the writer holds an open Oxigraph (RocksDB) store and its threads. The
    processes start on :meth:`start` (or the first task) and load the model at once, so that the
    writer's own start (reading the state, opening the store, loading reference data) overlaps
    with theirs. The writer builds no pipeline itself: :meth:`fingerprint` asks a worker.
    """

    def __init__(self, workers: int, model: str, overrides: dict[str, Any] | None = None) -> None:
        self.workers = max(1, workers)
        self.model = model
        self.overrides = dict(overrides or {})
        self._pool: Any = None
        self._warm: list[Any] = []

    def start(self) -> None:
        if self._pool is not None:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            self.workers, mp_context=ctx, initializer=_warm, initargs=(self.model, self.overrides)
        )
        # one task per worker: each submit spawns a process while none is idle, so all of them
        # start loading the model now rather than when the first batches arrive
        self._warm = [
            self._pool.submit(pipeline_fingerprint, self.model, self.overrides) for _ in range(self.workers)
        ]

    def fingerprint(self) -> str:
        """The pipeline's fingerprint, computed in a worker (:func:`graph.nlp.pipeline.fingerprint`)."""
        self.start()
        return str(self._warm[0].result())

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` in a worker (a module-level function; arguments and result pickle)."""
        self.start()
        return self._pool.submit(fn, *args)

    def records(self, docs: Iterable[Document], batch_size: int | None = None) -> Iterator[Extraction]:
        def submit(batch: list[Document]) -> Pending:
            fut: Pending = self.submit(extract_batch, batch, self.model, self.overrides, batch_size)
            return fut

        yield from _ordered(submit, docs, batch_size or POOL_BATCH, 2 * self.workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _dask_records(
    docs: Iterable[Document], address: Any, model: str, overrides: dict[str, Any], batch_size: int | None
) -> Iterator[Extraction]:
    try:
        from distributed import Client
    except ImportError:
        raise CoopgraphError(
            '--dask needs dask.distributed, which is not installed. Fix: pip install "coopgraph[dask]".'
        ) from None
    own = not isinstance(address, Client)
    try:
        client = Client(address, timeout=30) if own else address
    except (OSError, TimeoutError) as exc:
        raise CoopgraphError(
            f"cannot reach the Dask scheduler at {address}: {exc}. Fix: start it "
            "(dask scheduler; dask worker tcp://HOST:8786 on each machine) or correct --dask."
        ) from exc
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(batch: list[Document]) -> Pending:
            fut: Pending = client.submit(extract_batch, batch, model, overrides, batch_size, pure=False)
            return fut

        yield from _ordered(submit, docs, batch_size or POOL_BATCH, 2 * n)
    finally:
        if own:
            client.close()
