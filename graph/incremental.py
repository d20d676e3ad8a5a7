"""What a rebuild may skip: the state of the last build's outputs, kept beside the store.

Everything after the NLP is a function of the dataset: the document graphs (each with its content
hash), the reference and ontology graphs (their file hashes), the rules and the shapes. Its
fingerprint is recorded in ``<out>/.coopgraph-state.json`` with the outputs made from it; a
rebuild whose dataset has the same fingerprint keeps the derived graph, the exports, the page and
the report as they are. SHACL results are kept per named graph under the graph's own hash, so a
rebuild validates only the graphs that changed, plus the derived graph when it changed.
"""

from __future__ import annotations

import hashlib
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
