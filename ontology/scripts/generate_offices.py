"""Generate ``ontology/gazetteer/offices.ttl``: who held which office when.

Source: ``ontology/sources/office-holders.csv``, compiled by hand, one tenure a row, each row citing
the public page where it can be checked (``wp:Title`` is ``https://en.wikipedia.org/wiki/Title``).
No package on PyPI ships office holders with dates (see ``ontology/gazetteer/README.md``), and no
network is used here or at run time. Columns:

``jurisdiction``
    ISO 3166-1 alpha-3 code of the country, or ``ORG:<local name>`` of an organisation of
    ``organizations.ttl`` (``ORG:ITU``).
``kinds``
    ``|``-separated office kinds: head_of_state, head_of_government, foreign_minister,
    ict_minister, secretary_general.
``title``, ``person``, ``short``, ``alt_names``
    The office's English title; the holder's usual full name, the short form the press uses
    ("Lukashenko", "Xi", "Lula") and other spellings (``|``-separated; ASCII folds are added).
``start``, ``end``
    ISO 8601 at the precision known (``2024-04-09``, ``2024-04``, ``2024``); an empty end means in
    office at :data:`AS_OF`.
``source``
    The public page that states the row.
``verified``
    Empty when the row was compiled from memory and not yet compared with a copy of a page;
    otherwise the address of the page it was compared with (a stored copy, read in the
    project's reference search; no network), ``|`` and the day it was compared.

Output (deterministic, sorted):

- ``<id/office/BLR-president-of-belarus> a coop:Office ; rdfs:label ; coop:officeKind ;
  coop:officeOf <country or organisation>``;
- ``<id/officeholder/alexander-lukashenko> a coop:Person ; rdfs:label ; skos:altLabel ;
  coop:holdsOffice <office>`` (the undated shortcut);
- ``<id/tenure/<hash>> a coop:Tenure ; coop:holder ; coop:office ; coop:startDate ;
  coop:endDate ; dcterms:source`` (the dated post).

Usage::

    python ontology/scripts/generate_offices.py [--check]
    python ontology/scripts/generate_offices.py --rank ../shared/corpus/documents.jsonl

``--rank`` prints the countries a JSONL corpus mentions most (by the gazetteer's country names and
demonyms) and which of them the CSV does not cover yet.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "ontology" / "sources" / "office-holders.csv"
TARGET = ROOT / "ontology" / "gazetteer" / "offices.ttl"
GAZETTEER = ROOT / "ontology" / "gazetteer"

ID = "https://w3id.org/coopgraph/id/"
COUNTRY_NS = ID + "country/"
ORG_NS = ID + "org/"
#: The day the data was last checked: an open tenure is known to run until then, no further.
AS_OF = "2025-06-30"
KINDS = frozenset(
    {"head_of_state", "head_of_government", "foreign_minister", "ict_minister", "secretary_general"}
)
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATATYPE = {4: "xsd:gYear", 7: "xsd:gYearMonth", 10: "xsd:date"}
WIKIPEDIA = "https://en.wikipedia.org/wiki/"

PREFIXES = """\
@prefix coop: <https://w3id.org/coopgraph/ont#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: Letters NFKD does not decompose.
FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss"})


class SourceError(ValueError):
    """A row of the CSV that cannot be used: says the row, the reason and the fix."""


@dataclass
class Row:
    line: int
    jurisdiction: str
    kinds: list[str]
    title: str
    person: str
    names: list[str]
    start: str
    end: str
    source: str
    verified: str = ""


@dataclass
class Holder:
    iri: str
    label: str
    names: set[str] = field(default_factory=set)
    offices: set[str] = field(default_factory=set)


def ascii_fold(text: str) -> str:
    text = text.translate(FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def date_literal(value: str) -> str:
    return f"{literal(value)}^^{DATATYPE[len(value)]}"


def source_url(source: str) -> str:
    return WIKIPEDIA + source[3:] if source.startswith("wp:") else source


def jurisdiction_iri(code: str) -> str:
    return ORG_NS + code[4:] if code.startswith("ORG:") else COUNTRY_NS + code


def read_rows(path: Path = SOURCE) -> list[Row]:
    """The CSV's rows, checked: known kinds, ISO dates, start before end, a source."""
    rows: list[Row] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for i, rec in enumerate(csv.DictReader(fh), start=2):
            if None in rec or any(v is None for v in rec.values()):
                raise SourceError(f"{path}:{i}: wrong number of columns; quote fields that hold commas")
            kinds = [k for k in rec["kinds"].split("|") if k]
            unknown = set(kinds) - KINDS
            if not kinds or unknown:
                raise SourceError(
                    f"{path}:{i}: unknown office kind {sorted(unknown)}; use one of {sorted(KINDS)}"
                )
            start, end = rec["start"].strip(), rec["end"].strip()
            for value in [start, end] if end else [start]:
                if not DATE.match(value):
                    raise SourceError(
                        f"{path}:{i}: date {value!r} is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)"
                    )
            if end and end[: len(start)] < start[: len(end)]:
                raise SourceError(f"{path}:{i}: ends ({end}) before it starts ({start}); swap them")
            if not rec["source"].strip():
                raise SourceError(f"{path}:{i}: no source; cite the page the row was checked on")
            code = rec["jurisdiction"].strip()
            if not re.match(r"^([A-Z]{3}|ORG:[A-Za-z0-9-]+)$", code):
                raise SourceError(f"{path}:{i}: jurisdiction {code!r} is neither ISO alpha-3 nor ORG:<name>")
            person = rec["person"].strip()
            names = [person, rec["short"].strip(), *rec["alt_names"].split("|")]
            names = [n.strip() for n in names if n.strip()]
            names += [ascii_fold(n) for n in names]
            rows.append(
                Row(
                    i,
                    code,
                    kinds,
                    rec["title"].strip(),
                    person,
                    list(dict.fromkeys(names)),
                    start,
                    end,
                    rec["source"].strip(),
                    (rec.get("verified") or "").strip(),
                )
            )
    return rows


def known_jurisdictions() -> set[str]:
    """Country and organisation IRIs of the gazetteer (the rows must point at existing ones)."""
    found: set[str] = set()
    for name in ("countries.ttl", "organizations.ttl"):
        text = (GAZETTEER / name).read_text(encoding="utf-8")
        found |= {
            COUNTRY_NS + c for c in re.findall(r"<https://w3id\.org/coopgraph/id/country/([A-Z]{3})> a", text)
        }
        found |= {ORG_NS + o for o in re.findall(r"^io:([A-Za-z0-9_-]+) a coop:", text, flags=re.M)}
    return found


def render(rows: list[Row], known: set[str] | None = None) -> str:
    offices: dict[str, tuple[str, set[str], str]] = {}  # iri -> (title, kinds, jurisdiction)
    holders: dict[str, Holder] = {}
    tenures: list[str] = []
    for r in rows:
        where = jurisdiction_iri(r.jurisdiction)
        if known is not None and where not in known:
            raise SourceError(
                f"office-holders.csv:{r.line}: {r.jurisdiction} is not in the gazetteer; add it there first"
            )
        office = f"{ID}office/{r.jurisdiction.removeprefix('ORG:')}-{slug(r.title)}"
        title, kinds, _ = offices.setdefault(office, (r.title, set(), where))
        kinds.update(r.kinds)
        person = f"{ID}officeholder/{slug(r.person)}"
        h = holders.setdefault(person, Holder(person, r.person))
        h.names.update(n for n in r.names if n != h.label)
        h.offices.add(office)
        tenure = ID + "tenure/" + hashlib.sha1(f"{person}|{office}|{r.start}".encode()).hexdigest()[:16]
        lines = [
            f"<{tenure}> a coop:Tenure ;",
            f"    coop:holder <{person}> ;",
            f"    coop:office <{office}> ;",
            f"    coop:startDate {date_literal(r.start)} ;",
        ]
        if r.end:
            lines.append(f"    coop:endDate {date_literal(r.end)} ;")
        lines.append(f"    dcterms:source <{source_url(r.source)}> .")
        tenures.append("\n".join(lines))
    out = [
        "# GENERATED by ontology/scripts/generate_offices.py from ontology/sources/office-holders.csv",
        f"# (hand-compiled, a source per row; open tenures as of {AS_OF}). Do not edit: change the CSV",
        "# and regenerate.",
        "",
        PREFIXES,
    ]
    for iri, (title, kinds, where) in sorted(offices.items()):
        kind_list = ", ".join(literal(k) for k in sorted(kinds))
        out.append(
            f"<{iri}> a coop:Office ;\n    rdfs:label {literal(title)} ;\n    coop:officeKind {kind_list} ;\n"
            f"    coop:officeOf <{where}> .\n"
        )
    for iri, h in sorted(holders.items()):
        lines = [f"<{iri}> a coop:Person ;", f"    rdfs:label {literal(h.label)} ;"]
        if h.names:
            lines.append("    skos:altLabel " + ", ".join(literal(n) for n in sorted(h.names)) + " ;")
        lines.append("    coop:holdsOffice " + ", ".join(f"<{o}>" for o in sorted(h.offices)) + " .")
        out.append("\n".join(lines) + "\n")
    out += [t + "\n" for t in sorted(tenures)]
    return "\n".join(out)


def rank(corpus: Path, rows: list[Row]) -> list[tuple[str, int, bool]]:
    """(ISO alpha-3, mentions, covered) for the countries the corpus names, most named first."""
    text = (GAZETTEER / "countries.ttl").read_text(encoding="utf-8")
    forms: dict[str, str] = {}
    for block in text.split("\n\n"):
        m = re.search(r"country/([A-Z]{3})> a coop:Country", block)
        if not m:
            continue
        for line in block.splitlines():
            if "rdfs:label" in line or "skos:altLabel" in line or "coop:demonym" in line:
                for form in re.findall(r'"([^"]+)"', line):
                    if len(form.replace(".", "")) > 2 or form in ("US", "UK"):
                        forms.setdefault(form, m.group(1))
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + r")(?!\w)"
    )
    counts: Counter[str] = Counter()
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            for hit in pattern.finditer(json.loads(line).get("text", "")):
                counts[forms[hit.group(1)]] += 1
    covered = {r.jurisdiction for r in rows}
    return [(code, n, code in covered) for code, n in counts.most_common()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when offices.ttl is stale")
    ap.add_argument("--rank", type=Path, help="a JSONL corpus: print its most named countries and coverage")
    a = ap.parse_args(argv)
    try:
        rows = read_rows()
        if a.rank:
            for i, (code, n, ok) in enumerate(rank(a.rank, rows), start=1):
                print(f"{i:3d} {code} {n:5d} {'covered' if ok else 'MISSING'}")
            return 0
        text = render(rows, known_jurisdictions())
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if a.check:
        stale = not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text
        if stale:
            print(f"{TARGET} is stale: run python ontology/scripts/generate_offices.py", file=sys.stderr)
        return 1 if stale else 0
    TARGET.write_text(text, encoding="utf-8")
    checked = sum(1 for r in rows if r.verified)
    print(
        f"wrote {TARGET} ({len(rows)} tenures, {checked} compared with a page, {len(rows) - checked} not yet)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
