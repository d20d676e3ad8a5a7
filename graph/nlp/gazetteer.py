"""Gazetteer patterns for spaCy's ``span_ruler``: the reference entities of ``ontology/gazetteer``
(countries, organisations, bodies, places) by every name, acronym and demonym they have.

``coop_gazetteer`` in ``config.cfg`` is a ``span_ruler`` writing ``doc.spans["coop_ref"]``: the
span's label is the entity's class (or ``DEMONYM``), its ``id_`` the entity's IRI. The patterns
are read from the ontology at initialisation and saved with the pipeline (``patterns.jsonl``).
"""

from __future__ import annotations

from typing import Any

from graph.nlp.reference import load_reference
from graph.paths import ontology_dir

DEMONYM = "DEMONYM"
# Two-letter forms match too much English ("IN", "AS") unless dotted or well known.
SHORT_FORMS = frozenset({"US", "UK", "EU", "UN", "AU", "G7", "G8"})


def usable(form: str) -> bool:
    return len(form) > 2 or form in SHORT_FORMS or "." in form


def gazetteer_patterns(ontology: str = "") -> list[dict[str, Any]]:
    """Phrase patterns of every reference entity, sorted (deterministic)."""
    ref = load_reference(ontology or str(ontology_dir()))
    out: list[dict[str, Any]] = []
    for e in ref.entities.values():
        for label, forms in ((e.type, e.forms), (DEMONYM, e.demonyms)):
            forms = [f for f in forms if usable(f)]
            # texts use both apostrophes: "People's" and "People’s"
            forms += [f.replace("'", "’") for f in forms if "'" in f]
            out += [{"label": label, "pattern": f, "id": e.iri} for f in dict.fromkeys(forms)]
    return sorted(out, key=lambda p: (p["id"], p["label"], p["pattern"]))
