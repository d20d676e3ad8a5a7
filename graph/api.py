"""The public Python API for notebooks and scripts.

>>> import graph
>>> result = graph.build(["seeds"], "out")            # doctest: +SKIP
>>> rows = graph.query("out", "SELECT ?s WHERE { ?s a coop:Country }")   # doctest: +SKIP
>>> net = graph.to_networkx("out")                    # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from graph import analytics
from graph.builder import BuildResult
from graph.builder import build as _build
from graph.errors import QueryError
from graph.store import Store

__all__ = ["BuildResult", "Store", "build", "load_queries", "open_store", "query", "query_df", "to_networkx"]


def build(paths: Iterable[str | Path] | str | Path, out: str | Path = "out", **kwargs: Any) -> BuildResult:
    """Build or update the graph in ``out`` from files and folders (see ``coopgraph build``)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return _build([Path(p) for p in paths], Path(out), **kwargs)


def open_store(out: str | Path = "out") -> Store:
    """Open a built store for reading (close it, or use it in a ``with`` block)."""
    return Store(Path(out))


def query(out: str | Path, sparql: str, **params: Any) -> list[dict[str, Any]]:
    """Run a SELECT query (or a named query from the library) and return rows as dicts.

    ``params`` fill the ``$name`` placeholders of a named query or of SPARQL text, written as
    safe terms: ``query("out", "SELECT ?l WHERE { $c rdfs:label ?l }", c="country:BLR")``.
    """
    from graph.querylib import Param, get_query, render

    if "{" not in sparql and " " not in sparql.strip():
        text = get_query(sparql).render(params)
    else:
        specs = {k: Param(k, _param_type(v)) for k, v in params.items()}
        text = render("the query", sparql, specs, params)
    with Store(Path(out)) as st:
        return st.select(text)


def query_df(out: str | Path, sparql: str, **params: Any) -> Any:
    """Like :func:`query`, as a pandas DataFrame."""
    import pandas as pd

    return pd.DataFrame(query(out, sparql, **params))


def to_networkx(out: str | Path = "out") -> nx.MultiGraph:
    """The actor network of a built store (see :mod:`graph.analytics`)."""
    with Store(Path(out)) as st:
        return analytics.actor_network(st)


def load_queries() -> dict[str, str]:
    """Names of the query library -> their description."""
    from graph.querylib import list_queries

    return {q.name: q.description for q in list_queries()}


def _param_type(value: Any) -> str:
    """The type of a keyword parameter of SPARQL text, from its Python value."""
    from graph.querylib import expand_iri

    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return "string"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "decimal"
    try:
        expand_iri(value)
        return "iri" if ":" in value else "string"
    except QueryError:
        return "string"
