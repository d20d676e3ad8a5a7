"""coopgraph: a knowledge graph of international ICT cooperation built from press releases.

The public API for notebooks and scripts lives in :mod:`graph.api`; the most used names are
re-exported here lazily so that ``import graph`` stays cheap (spaCy loads only when needed).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {"build", "open_store", "query", "query_df", "to_networkx", "BuildResult", "Store", "load_queries"}


def __getattr__(name: str) -> Any:
    if name in _API:
        from graph import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
