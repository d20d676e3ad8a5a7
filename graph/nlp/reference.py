"""Reference data for the NLP: gazetteer entities and cooperation areas, read from ``ontology/``.

Turned into plain records once per process (and cached on disk by file fingerprint), so the
spaCy components build their matchers from data, never from code.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from graph.model import ENTITY_TYPES

COOP = "https://w3id.org/coopgraph/ont#"
AREA = "https://w3id.org/coopgraph/area/"

_QUERY = """
PREFIX coop: <https://w3id.org/coopgraph/ont#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?type ?label ?alt ?dem ?acr ?country ?a2 WHERE {
  ?e a ?type ; rdfs:label ?label .
  OPTIONAL { ?e coop:isoAlpha2 ?a2 }
  OPTIONAL { ?e skos:altLabel ?alt }
  OPTIONAL { ?e coop:demonym ?dem }
  OPTIONAL { ?e coop:acronym ?acr }
  OPTIONAL { ?e coop:locatedIn|coop:jurisdiction ?country }
}
"""
_AREA_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX coop: <https://w3id.org/coopgraph/ont#>
SELECT ?c ?label WHERE {
  ?c a coop:CooperationArea .  # grouping concepts of the scheme are never tagged
  { ?c skos:prefLabel ?label } UNION { ?c skos:altLabel ?label }
}
"""


_SKIPPED = "Person"  # classes of the reference data that are not name patterns (office holders)


@dataclass
class RefEntity:
    iri: str
    type: str
    label: str
    forms: list[str] = field(default_factory=list)  # names and acronyms
    demonyms: list[str] = field(default_factory=list)  # adjective forms ("Belarusian")
    country: str | None = None  # locatedIn / jurisdiction
    alpha2: str | None = None  # ISO 3166 code of a country ("BY"), for publishers' domains


@dataclass
class Reference:
    entities: dict[str, RefEntity]
    areas: dict[str, list[str]]  # area id -> surface forms

    def to_json(self) -> str:
        return json.dumps({"entities": {k: asdict(v) for k, v in self.entities.items()}, "areas": self.areas})

    @classmethod
    def from_json(cls, text: str) -> Reference:
        d = json.loads(text)
        return cls({k: RefEntity(**v) for k, v in d["entities"].items()}, d["areas"])


def _fingerprint(files: list[Path]) -> str:
    # a changed query or skip list must not read a stale cache
    h = hashlib.sha256((_QUERY + _AREA_QUERY + _SKIPPED).encode())
    for f in files:
        st = f.stat()
        h.update(f"{f}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def _parse(files: list[Path]) -> Reference:
    from rdflib import Graph

    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    ents: dict[str, RefEntity] = {}
    for row in g.query(_QUERY):
        iri, typ, label, alt, dem, acr, country, a2 = (str(x) if x is not None else None for x in row)  # type: ignore[union-attr]
        assert iri and typ and label
        t = typ.removeprefix(COOP)
        if t not in ENTITY_TYPES or t == _SKIPPED:
            continue  # office holders (offices.ttl) are linked after the NLP, never matched as patterns
        e = ents.setdefault(iri, RefEntity(iri, t, label, [label]))
        for form in (alt, acr):
            if form and form not in e.forms:
                e.forms.append(form)
        if dem and dem not in e.demonyms:
            e.demonyms.append(dem)
        if country and country != iri:
            e.country = country
        if a2:
            e.alpha2 = a2
    areas: dict[str, list[str]] = {}
    for c, label in g.query(_AREA_QUERY):  # type: ignore[misc]
        cid = str(c).removeprefix(AREA)
        if str(c).startswith(AREA) and "/" not in cid:
            areas.setdefault(cid, [])
            if str(label) not in areas[cid]:
                areas[cid].append(str(label))
    for e in ents.values():
        e.forms.sort()
        e.demonyms.sort()
    return Reference(dict(sorted(ents.items())), {k: sorted(v) for k, v in sorted(areas.items())})


@cache
def load_reference(ontology: str) -> Reference:
    root = Path(ontology)
    files = sorted((root / "gazetteer").glob("*.ttl")) + [p for p in [root / "areas.ttl"] if p.exists()]
    cache_dir = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "coopgraph"
    cache_file = cache_dir / f"reference-{_fingerprint(files)}.json"
    if cache_file.exists():
        try:
            return Reference.from_json(cache_file.read_text(encoding="utf-8"))
        except (ValueError, TypeError, KeyError):
            pass
    ref = _parse(files)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(ref.to_json(), encoding="utf-8")
        tmp.replace(cache_file)
    except OSError:
        pass  # a read-only home only costs the parse next time
    return ref
