"""Who held which office when: a lookup over ``ontology/gazetteer/offices.ttl``.

``OfficeBook.resolve("Lukashenko", "President", country, "2024-08-22")`` gives the tenure of the
person holding that office in that state on that day: the person, the office and its state. Dates
compare at the precision each side has ("2024-04" starts on the month's first day and ends on its
last); a tenure runs from its start up to, not including, its end, so on a handover day only the
incoming holder is in office. An open tenure is known to run only up to the data's ``asOf`` date:
without a name, a later date resolves to nobody rather than to a holder who may have left.

Plain data, no spaCy: the NLP's office-holder rule, the linking stage and the build read it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from graph.paths import ontology_dir

if TYPE_CHECKING:
    from rdflib import Graph

ID = "https://w3id.org/coopgraph/id/"
COOP_NS = "https://w3id.org/coopgraph/ont#"
AS_OF = "2025-06-30"  # ontology/scripts/generate_offices.py: the day the data was last checked

#: Words of a title -> the office kinds they name. A title names a kind when one of its phrases
#: appears in it; the longest phrase wins ("Prime Minister" is not "Minister").
OFFICE_WORDS: dict[str, frozenset[str]] = {
    "president": frozenset({"head_of_state"}),  # and any office titled so (Iran's heads the government)
    "king": frozenset({"head_of_state"}),
    "queen": frozenset({"head_of_state"}),
    "emperor": frozenset({"head_of_state"}),
    "emir": frozenset({"head_of_state"}),
    "sultan": frozenset({"head_of_state"}),
    "supreme leader": frozenset({"head_of_state"}),
    "head of state": frozenset({"head_of_state"}),
    "prime minister": frozenset({"head_of_government"}),
    "premier": frozenset({"head_of_government"}),
    "chancellor": frozenset({"head_of_government"}),
    "head of government": frozenset({"head_of_government"}),
    "chairman of the cabinet": frozenset({"head_of_government"}),
    "pm": frozenset({"head_of_government"}),
    "foreign minister": frozenset({"foreign_minister"}),
    "minister of foreign affairs": frozenset({"foreign_minister"}),
    "minister for foreign affairs": frozenset({"foreign_minister"}),
    "minister of external affairs": frozenset({"foreign_minister"}),
    "external affairs minister": frozenset({"foreign_minister"}),
    "secretary of state": frozenset({"foreign_minister"}),
    "foreign secretary": frozenset({"foreign_minister"}),
    "secretary of foreign affairs": frozenset({"foreign_minister"}),
    "foreign affairs": frozenset({"foreign_minister"}),
    "secretary-general": frozenset({"secretary_general"}),
    "secretary general": frozenset({"secretary_general"}),
    "director-general": frozenset({"secretary_general"}),
    "director general": frozenset({"secretary_general"}),
    "digital": frozenset({"ict_minister"}),
    "communications": frozenset({"ict_minister"}),
    "informatization": frozenset({"ict_minister"}),
    "information technology": frozenset({"ict_minister"}),
    "ict": frozenset({"ict_minister"}),
}
_HONORIFICS = re.compile(
    r"^((mr|mrs|ms|dr|h\.?\s?e|his excellency|her excellency|sheikh|prince|president|prime minister)\.?\s+)+"
)
_NOT_HOLDER = re.compile(
    r" (vice|deputy|former|ex|assistant|adviser|advisor|aide|spokesperson|spokesman|envoy|ambassador|"
    r"special representative|press secretary|under-secretary|under secretary|undersecretary|state secretary) "
)
_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ı": "i", "ß": "ss", "’": "'", "‘": "'"})


def fold(text: str) -> str:
    """Casefolded, without diacritics, quotes unified, whitespace collapsed."""
    t = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", t).strip(" .,;:")


def normalise_name(text: str) -> str:
    """A person's name folded, with honorifics and titles in front of it off ("Mr Putin" -> "putin")."""
    return _HONORIFICS.sub("", fold(text)).strip()


def office_phrase(title: str) -> str:
    """The longest phrase of :data:`OFFICE_WORDS` in a title; empty for a deputy's, a former
    holder's or an envoy's title ("Vice President", "Deputy Prime Minister"), and for a portfolio
    word without "minister" or "secretary" ("Digital Transformation Office")."""
    t = " " + re.sub(r"[,()]", " ", fold(title)) + " "
    if _NOT_HOLDER.search(t):
        return ""
    best = ""
    for phrase in OFFICE_WORDS:
        if f" {phrase} " in t and len(phrase) > len(best):
            best = phrase
    if OFFICE_WORDS.get(best) == {"ict_minister"} and not re.search(r" (minister|secretary) ", t):
        return ""
    return best


def office_kinds(title: str) -> frozenset[str]:
    """The office kinds a title names ("Minister of Foreign Affairs" -> foreign_minister)."""
    return OFFICE_WORDS.get(office_phrase(title), frozenset())


def _bounds(value: str) -> tuple[str, str]:
    """The first and last day an ISO date of any precision covers."""
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01", f"{value}-31"  # compared as strings: "-31" is after every day of the month
    return value, value


@dataclass(frozen=True)
class Tenure:
    """One person holding one office from ``start`` until ``end`` (exclusive; None: open)."""

    person: str  # IRI of the office holder (id/officeholder/…)
    label: str
    names: frozenset[str]  # normalised name forms, label included
    office: str
    title: str
    kinds: frozenset[str]
    where: str  # the country or organisation whose office it is
    start: str
    end: str | None
    source: str = ""
    iri: str = ""  # the reference tenure (id/tenure/…)

    def active(self, date: str, *, named: bool = False) -> bool:
        """In office on ``date`` (any ISO precision: overlapping counts). Open tenures run up to
        :data:`AS_OF` only, unless the person was ``named`` (then the name carries it)."""
        lo, hi = _bounds(date)
        if _bounds(self.start)[0] > hi:
            return False
        if self.end is None:
            return named or lo <= AS_OF
        return _bounds(self.end)[1] > lo  # a month-precision end may fall on any day of that month

    def named(self, name: str) -> bool:
        """``name`` is one of the holder's forms, or has the same first and last word as one."""
        return self.named_normalised(normalise_name(name))

    def named_normalised(self, n: str) -> bool:
        """:meth:`named` for a name already passed through :func:`normalise_name`."""
        if not n:
            return False
        if n in self.names:
            return True
        words = n.split()
        if len(words) < 2:
            return False
        return any(
            len(f.split()) >= 2 and f.split()[0] == words[0] and f.split()[-1] == words[-1]
            for f in self.names
        )


class OfficeBook:
    """All tenures, queried by name, office word, state and date."""

    def __init__(self, tenures: Iterable[Tenure]) -> None:
        self.tenures = sorted(tenures, key=lambda t: (t.where, t.office, t.start))
        # the book never changes, and the same clues recur for every post of a person in a
        # document and every document of a day: each answer is computed once
        self._found: dict[tuple[str | None, ...], list[Tenure]] = {}
        # per state or organisation (None: all), in book order: each tenure with its folded title
        # and the (first word, last word) of its names of two words or more, made once
        self._by_where: dict[str | None, list[tuple[Tenure, str, frozenset[tuple[str, str]]]]] | None = None

    def _prepared(self, where: str | None) -> list[tuple[Tenure, str, frozenset[tuple[str, str]]]]:
        if self._by_where is None:
            every = []
            for t in self.tenures:
                ends = frozenset((w[0], w[-1]) for w in (f.split() for f in t.names) if len(w) >= 2)
                every.append((t, f" {fold(t.title)} ", ends))
            self._by_where = {None: every}
            for item in every:
                self._by_where.setdefault(item[0].where, []).append(item)
        return self._by_where.get(where, []) if where else self._by_where[None]

    @classmethod
    def from_turtle(cls, *files: Path) -> OfficeBook:
        from rdflib import Graph

        g = Graph()
        for f in files:
            g.parse(f, format="turtle")
        return cls.from_graph(g)

    @classmethod
    def from_graph(cls, g: Graph) -> OfficeBook:
        from rdflib import RDF, RDFS, SKOS, Namespace
        from rdflib.namespace import DCTERMS

        coop = Namespace(COOP_NS)  # the namespace alone: this module sits below the rdf stage
        out = []
        for t in g.subjects(RDF.type, coop.Tenure):
            person, office = g.value(t, coop.holder), g.value(t, coop.office)
            start, where = g.value(t, coop.startDate), g.value(office, coop.officeOf)
            if person is None or office is None or start is None or where is None:
                continue  # SHACL reports it; a lookup skips it
            label = str(g.value(person, RDFS.label) or "")
            names = frozenset(normalise_name(str(n)) for n in [label, *g.objects(person, SKOS.altLabel)])
            end = g.value(t, coop.endDate)
            out.append(
                Tenure(
                    str(person),
                    label,
                    names,
                    str(office),
                    str(g.value(office, RDFS.label) or ""),
                    frozenset(str(k) for k in g.objects(office, coop.officeKind)),
                    str(where),
                    str(start),
                    str(end) if end is not None else None,
                    str(g.value(t, DCTERMS.source) or ""),
                    str(t),
                )
            )
        return cls(out)

    def find(
        self,
        name: str | None = None,
        office: str | None = None,
        where: str | None = None,
        date: str | None = None,
    ) -> list[Tenure]:
        """Tenures that fit every clue given: the holder's name or surname, a title or office word
        ("President", "Minister of Foreign Affairs"), the state or organisation IRI, a date."""
        clues = (name, office, where, date)
        if clues not in self._found:
            self._found[clues] = self._find(name, office, where, date)
        return list(self._found[clues])

    def _find(
        self, name: str | None, office: str | None, where: str | None, date: str | None
    ) -> list[Tenure]:
        phrase = office_phrase(office) if office else ""
        if office and not phrase:
            return []
        kinds = OFFICE_WORDS.get(phrase, frozenset())
        n = normalise_name(name) if name else ""
        words = n.split()
        ends = (words[0], words[-1]) if len(words) >= 2 else None
        out = []
        for t, title, name_ends in self._prepared(where):
            if phrase and not (kinds & t.kinds) and f" {phrase} " not in title:
                continue
            # Tenure.named_normalised, with the names' first and last words found once
            if name and not (n and (n in t.names or (ends is not None and ends in name_ends))):
                continue
            if date and not t.active(date, named=bool(name)):
                continue
            out.append(t)
        return out

    def resolve(
        self,
        name: str | None = None,
        office: str | None = None,
        where: str | None = None,
        date: str | None = None,
    ) -> Tenure | None:
        """The one tenure the clues point at, or None when none or several persons fit. A
        head of state who also heads the government fits "President" once (one person)."""
        found = self.find(name, office, where, date)
        if len({t.person for t in found}) != 1:
            return None
        return min(found, key=lambda t: (t.office, t.start))

    def people(self, name: str, where: str | None = None) -> set[str]:
        """The office holders a name can be (any date), optionally in one state or organisation."""
        return {t.person for t in self.find(name, None, where)}


@cache
def office_book(ontology: str = "") -> OfficeBook:
    """The office book of ``ontology/gazetteer/offices.ttl`` (empty when the file is absent)."""
    path = Path(ontology or ontology_dir()) / "gazetteer" / "offices.ttl"
    return OfficeBook.from_turtle(path) if path.exists() else OfficeBook([])


KEPT_BOOK = ".coopgraph-offices.json"


def kept_office_book(folder: Path, ontology: str = "") -> OfficeBook:
    """:func:`office_book`, its tenures kept as JSON in ``folder`` (a build folder) under a hash of
    ``offices.ttl`` and of this module: a rebuild reads them instead of parsing the Turtle with
    rdflib (0.4 s of a one-document rebuild, about 10 ms from the JSON). The same tenures in the
    same order: the book is made from them as :meth:`OfficeBook.from_graph` makes it."""
    import hashlib
    import json

    from graph.paths import atomic_write_text

    path = Path(ontology or ontology_dir()) / "gazetteer" / "offices.ttl"
    if not path.exists():
        return OfficeBook([])
    digest = hashlib.sha256(path.read_bytes() + Path(__file__).read_bytes()).hexdigest()
    kept = Path(folder) / KEPT_BOOK
    try:
        data = json.loads(kept.read_text(encoding="utf-8"))
        if data["hash"] == digest:
            return OfficeBook(
                Tenure(**{**t, "names": frozenset(t["names"]), "kinds": frozenset(t["kinds"])})
                for t in data["tenures"]
            )
    except (OSError, ValueError, KeyError, TypeError):
        pass
    book = office_book(ontology)
    tenures = [{**t.__dict__, "names": sorted(t.names), "kinds": sorted(t.kinds)} for t in book.tenures]
    atomic_write_text(kept, json.dumps({"hash": digest, "tenures": tenures}, ensure_ascii=False))
    return book
