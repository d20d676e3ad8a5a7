"""The project's own gold annotations: load them, join their texts, check them against the conventions.

Annotations live in ``annotations/<document id>.json`` in the gold format of ``../shared/eval``
(one document per file, no ``text``: a corpus document is referred to by its id and its text is
read from ``../shared/corpus/documents.jsonl``). ``annotations/splits.json`` names the frozen own
test set. Run ``python -m graph.gold check annotations/*.json`` before committing a file.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "annotations"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "documents.jsonl"

TYPES = (
    "Country",
    "InternationalOrganization",
    "GovernmentBody",
    "Company",
    "Person",
    "Place",
    "Event",
    "Agreement",
    "Initiative",
)
ACTORS = {"Country", "InternationalOrganization", "GovernmentBody", "Company", "Person"}
ORGS = ACTORS - {"Person"}
DOCS = {"Agreement", "Initiative"}
AREAS = {
    "ArtificialIntelligence", "BigData", "CloudComputing", "Cybersecurity", "DataProtection",
    "DigitalEconomy", "DigitalHealth", "DigitalInclusion", "DigitalInfrastructure", "DigitalTrade",
    "DigitalTransformation", "EGovernment", "ESignature", "HighTechManufacturing", "ICTServicesExport",
    "ICTSkills", "InternetGovernance", "Postal", "Satellite", "SmartCities", "Telecommunications",
    "Broadcasting", "ResearchAndInnovation",
}  # fmt: skip
# relation -> (subject types, object types); None as object types: a literal (date) or an area
SIGNATURES: dict[str, tuple[set[str], set[str] | None]] = {
    "memberOf": (ACTORS, {"InternationalOrganization"}),
    "cooperatesWith": (ORGS, ORGS),
    "signatory": (DOCS, ACTORS),
    "participant": ({"Event"}, ACTORS),
    "organizer": ({"Event"}, ACTORS),
    "location": ({"Event"}, {"Place", "Country"}),
    "locatedIn": ({"Place"}, {"Country"}),
    "date": ({"Event", "Agreement", "Initiative"}, None),
    "coversArea": ({"Event", "Agreement", "Initiative"}, None),
    "affiliatedWith": ({"Person"}, ORGS),
    "jurisdiction": ({"GovernmentBody"}, {"Country"}),
    "metWith": (ACTORS, ACTORS | {"Place"}),
    "visited": (ACTORS, {"Place", "Country"}),
    "exportsTo": ({"Country"}, {"Country"}),
    "partOf": (
        {"Agreement", "Event", "Initiative"},
        {"Agreement", "Initiative", "InternationalOrganization"},
    ),
    "implements": (ACTORS | DOCS, DOCS),
    "discusses": ({"Event"}, DOCS),
    "foundedIn": (ORGS, {"Place"}),
}
DATE = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?(/\d{4}(-\d\d(-\d\d)?)?)?$")


@cache
def corpus_texts(path: Path = CORPUS) -> dict[str, dict[str, Any]]:
    """Corpus records by id (text, title, date, url)."""
    out: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            out[rec["id"]] = rec
    return out


def split_ids(name: str) -> list[str]:
    return (SHARED / "corpus" / f"{name}-ids.txt").read_text(encoding="utf-8").split()


def with_text(doc: dict[str, Any], corpus: Path = CORPUS) -> dict[str, Any]:
    """The document with its ``text`` (and title, date, url when missing) read from the corpus."""
    if doc.get("text"):
        return doc
    rec = corpus_texts(corpus).get(doc["id"])
    if rec is None:
        raise KeyError(f"{doc['id']}: not in {corpus}; annotations refer to corpus documents by id")
    return {**doc, "text": rec["text"], **{k: doc.get(k) or rec.get(k) for k in ("title", "date", "url")}}


def load(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Gold documents from shared gold files or annotation files, each with its text."""
    docs: list[dict[str, Any]] = []
    for p in paths:
        docs += [with_text(d) for d in json.loads(Path(p).read_text(encoding="utf-8"))["documents"]]
    return docs


def own_files(split: str | None = None) -> list[Path]:
    """The project's annotation files; ``split`` "test" (the frozen own test set) or "train" (the rest)."""
    files = sorted(ANNOTATIONS.glob("*.json"))
    files = [f for f in files if f.name != "splits.json"]
    if split is None:
        return files
    test = set(json.loads((ANNOTATIONS / "splits.json").read_text(encoding="utf-8"))["test"])
    return [f for f in files if (f.stem in test) == (split == "test")]


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = re.sub(r"[\u2010-\u2015]", "-", s)
    return re.sub(r"\s+", " ", s).strip()


def check(doc: dict[str, Any]) -> Iterator[str]:
    """Problems of one annotated document: errors break scoring, 'warning:' lines deserve a look."""
    did = doc.get("id", "?")
    text = _norm(doc.get("text", ""))
    types: dict[str, str] = {}
    for e in doc.get("entities", []):
        eid, t = e.get("id"), e.get("type")
        if not eid or not e.get("name"):
            yield f"{did}: entity without id or name: {e}"
            continue
        if eid in types:
            yield f"{did}: entity id {eid} used twice"
        if t not in TYPES:
            yield f"{did}: {eid}: unknown type {t!r} (one of {', '.join(TYPES)})"
        types[eid] = t
        forms = [e["name"], *e.get("aliases", [])]
        if text and not any(_norm(f) in text for f in forms):
            yield f"warning: {did}: {eid}: neither name nor alias occurs in the text ({forms[0]!r})"
    seen: set[tuple[str, ...]] = set()
    for f in doc.get("facts", []):
        s, p, o = f.get("s"), f.get("p"), f.get("o")
        if p not in SIGNATURES:
            yield f"{did}: unknown relation {p!r} in {f}"
            continue
        subj, obj = SIGNATURES[p]
        if s not in types:
            yield f"{did}: {p}: subject {s!r} is no entity id"
            continue
        if p == "date":
            if not isinstance(o, str) or not DATE.match(o):
                yield f"{did}: date {o!r} of {s} is not ISO 8601 (2024-08-22, 2024-07, 2023 or start/end)"
        elif p == "coversArea":
            if o not in AREAS:
                yield f"{did}: area {o!r} of {s} is not in the scheme ({', '.join(sorted(AREAS))})"
        elif o not in types:
            yield f"{did}: {p}: object {o!r} is no entity id"
            continue
        elif obj is not None and types[o] not in obj:
            yield f"warning: {did}: {s} {p} {o}: object type {types[o]} is unusual for {p}"
        if types[s] not in subj:
            yield f"warning: {did}: {s} {p} {o}: subject type {types[s]} is unusual for {p}"
        key = (s, p, str(o)) if p not in ("metWith", "cooperatesWith") else (*sorted([s, str(o)]), p)
        if key in seen:
            yield f"warning: {did}: fact {s} {p} {o} stated twice"
        seen.add(key)
        if s == o:
            yield f"{did}: {s} {p} itself"


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "check":
        print("usage: python -m graph.gold check FILE.json…", file=sys.stderr)
        return 2
    errors = 0
    allowed = set(split_ids("dev")) | set(split_ids("train"))
    for path in argv[1:]:
        for raw in json.loads(Path(path).read_text(encoding="utf-8"))["documents"]:
            if raw["id"] not in allowed and not raw.get("text"):
                print(f"{path}: {raw['id']} is outside dev-ids.txt and train-ids.txt: never annotate it")
                errors += 1
            for problem in check(with_text(raw)):
                print(f"{path}: {problem}")
                errors += not problem.startswith("warning:")
    print(f"{len(argv) - 1} file(s), {errors} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
