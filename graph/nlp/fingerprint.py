"""A cheap key of everything that decides a document's facts besides its text, computed without
importing spaCy or building the pipeline.

:func:`graph.nlp.pipeline.fingerprint` hashes the built pipeline's config; building it costs
seconds (spaCy import, model load, gazetteer patterns). A rebuild in which nothing changed must
not pay that, so the build keeps the last fingerprint beside the store under this key and builds
the pipeline only when the key changed or a document needs it. The key covers the config file and
its overrides, the model's name, path and version, spaCy's version, the factories' code, the
pattern files and the trained artefact: the inputs of the built config and of the fingerprint.
"""

from __future__ import annotations

import configparser
import hashlib
import importlib.metadata
import importlib.util
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
CONFIG = HERE / "config.cfg"
PATTERNS = HERE / "patterns"
ARTEFACT = HERE / "models" / "relations.json"


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return ""


def model_candidates() -> list[str]:
    """``paths.base_model`` and ``coop.base_model_fallbacks`` of ``config.cfg``, in order."""
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(CONFIG, encoding="utf-8")
    first = json.loads(cfg["paths"]["base_model"])
    return [first, *json.loads(cfg["coop"]["base_model_fallbacks"])]


def resolve_model_name(name: str | None = None) -> str | None:
    """What :func:`graph.nlp.pipeline.resolve_model` answers, or None when nothing is installed
    (the caller then asks the pipeline module, which raises the proper error)."""
    if name:
        return name
    return next((c for c in model_candidates() if importlib.util.find_spec(c) is not None), None)


def reference_files() -> list[Path]:
    """The reference data the NLP reads besides its patterns: the gazetteer (names, offices held
    on a day) and the areas. A change to any of them redoes the documents."""
    from graph.paths import ontology_dir

    root = ontology_dir()
    return [*sorted((root / "gazetteer").glob("*.ttl")), root / "areas.ttl"]


def pipeline_key(model: str, overrides: dict[str, Any]) -> str:
    """A hash of the inputs of the pipeline's fingerprint (see the module docstring)."""
    h = hashlib.sha256()
    h.update(CONFIG.read_bytes())
    h.update(json.dumps(overrides, sort_keys=True, default=str).encode())
    path = Path(model)
    meta = path / "meta.json"
    h.update(f"{model}|{_version(model.replace('_', '-'))}|{_version('spacy')}".encode())
    if meta.exists():
        h.update(meta.read_bytes())
    for f in [HERE / "factories.py", *sorted(PATTERNS.rglob("*.*")), ARTEFACT, *reference_files()]:
        if f.exists():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]
