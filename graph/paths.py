"""Where the project's data lives (the ontology folder the NLP and the RDF stage read)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from graph.errors import OntologyNotFoundError


@cache
def ontology_dir() -> Path:
    env = os.environ.get("COOPGRAPH_ONTOLOGY")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parent.parent / "ontology")
    for c in candidates:
        if (c / "coop.ttl").exists() or (c / "gazetteer").is_dir():
            return c
    raise OntologyNotFoundError(candidates[0])
