"""Office holders as reference data: the generator, its source checks and the dated lookup."""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT
from rdflib import Graph

from graph.offices import OfficeBook, office_book, office_kinds

COUNTRY = "https://w3id.org/coopgraph/id/country/"
HEADER = "jurisdiction,kinds,title,person,short,alt_names,start,end,source\n"
# An invented state with three presidents and a foreign minister who later became president.
INVENTED = HEADER + (
    "ZZA,head_of_state,President of Zedland,Anna Alpha,Alpha,,2010-03-01,2018-03-01,wp:Invented\n"
    "ZZA,head_of_state,President of Zedland,Boris Beta,Beta,Borys Beta,2018-03-01,2023-06,wp:Invented\n"
    "ZZA,head_of_state,President of Zedland,Clara Gamma,Gamma,,2023-06,,wp:Invented\n"
    "ZZA,foreign_minister,Minister of Foreign Affairs of Zedland,Clara Gamma,Gamma,,2015,2023-06,"
    "wp:Invented\n"
    "ZZA,head_of_government,Prime Minister of Zedland,Dmitri Delta,Delta,,2019-01-15,,wp:Invented\n"
)


@cache
def generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "generate_offices", ROOT / "ontology" / "scripts" / "generate_offices.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def invented_book(tmp_path: Path, csv_text: str = INVENTED) -> OfficeBook:
    gen = generator()
    src = tmp_path / "holders.csv"
    src.write_text(csv_text, encoding="utf-8")
    ttl = tmp_path / "offices.ttl"
    ttl.write_text(gen.render(gen.read_rows(src)), encoding="utf-8")
    return OfficeBook.from_turtle(ttl)


def test_offices_ttl_not_stale():
    gen = generator()
    expected = gen.render(gen.read_rows(), gen.known_jurisdictions())
    actual = (ROOT / "ontology" / "gazetteer" / "offices.ttl").read_text(encoding="utf-8")
    assert actual == expected, "offices.ttl is stale: run python ontology/scripts/generate_offices.py"


@pytest.mark.parametrize(
    ("date", "holder"),
    [("2015-05-05", "Anna Alpha"), ("2020-01-01", "Boris Beta"), ("2024-02-10", "Clara Gamma")],
)
def test_offices_three_dates_three_holders_invented(tmp_path: Path, date: str, holder: str):
    book = invented_book(tmp_path)
    t = book.resolve(None, "President", COUNTRY + "ZZA", date)
    assert t is not None and t.label == holder
    assert t.where == COUNTRY + "ZZA" and "head_of_state" in t.kinds


def test_offices_handover_day_and_month_precision(tmp_path: Path):
    book = invented_book(tmp_path)
    # the end is exclusive: on the handover day only the incoming president is in office
    assert book.resolve(None, "President", COUNTRY + "ZZA", "2018-03-01").label == "Boris Beta"  # type: ignore[union-attr]
    # a month-precision handover overlaps a day inside that month: two presidents, no answer
    assert book.resolve(None, "President", COUNTRY + "ZZA", "2023-06-15") is None
    assert {t.label for t in book.find(None, "President", COUNTRY + "ZZA", "2023-06-15")} == {
        "Boris Beta",
        "Clara Gamma",
    }


def test_offices_name_resolves_office_and_state(tmp_path: Path):
    book = invented_book(tmp_path)
    t = book.resolve("Mr Gamma", None, None, "2020-05-01")
    assert t is not None and t.title == "Minister of Foreign Affairs of Zedland"
    t = book.resolve("Gamma", "President", None, "2024-01-01")
    assert t is not None and t.title == "President of Zedland"
    assert book.resolve("Borys Beta", "President", None, "2019") is not None  # an alternative spelling
    assert book.resolve("Gamma", "Prime Minister", None, "2024-01-01") is None  # she never held that office
    assert book.resolve("Alpha", "President", None, "2020-01-01") is None  # she had left by then


def test_offices_open_tenure_known_only_up_to_as_of(tmp_path: Path):
    book = invented_book(tmp_path)
    assert book.resolve(None, "Prime Minister", COUNTRY + "ZZA", "2025-01-01") is not None
    # after the data was last checked, nobody is assumed in office ... unless the text names them
    assert book.resolve(None, "Prime Minister", COUNTRY + "ZZA", "2026-03-01") is None
    assert book.resolve("Delta", "Prime Minister", COUNTRY + "ZZA", "2026-03-01") is not None


@pytest.mark.parametrize(
    ("title", "kinds"),
    [
        ("President", {"head_of_state"}),
        ("Prime Minister", {"head_of_government"}),
        ("Minister of Foreign Affairs", {"foreign_minister"}),
        ("Secretary of State", {"foreign_minister"}),
        ("Minister of Communications and Informatization", {"ict_minister"}),
        ("Secretary-General", {"secretary_general"}),
        ("Vice President", set()),
        ("Deputy Prime Minister", set()),
        ("Ambassador", set()),
        ("Digital Transformation Office", set()),
    ],
)
def test_offices_kinds_of_titles(title: str, kinds: set[str]):
    assert office_kinds(title) == kinds


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("ZZA,king,King of Zedland,A B,B,,2020-01-01,,wp:X", "unknown office kind"),
        ("ZZA,head_of_state,King of Zedland,A B,B,,1 May 2020,,wp:X", "not ISO 8601"),
        ("ZZA,head_of_state,King of Zedland,A B,B,,2020-01-01,2019-01-01,wp:X", "before it starts"),
        ("ZZA,head_of_state,King of Zedland,A B,B,,2020-01-01,,", "no source"),
        ("Zedland,head_of_state,King of Zedland,A B,B,,2020-01-01,,wp:X", "neither ISO alpha-3"),
    ],
)
def test_offices_bad_source_row_refused(tmp_path: Path, row: str, reason: str):
    gen = generator()
    src = tmp_path / "holders.csv"
    src.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(gen.SourceError, match=reason) as info:
        gen.read_rows(src)
    assert ":2:" in str(info.value)  # says which line


def test_offices_unknown_jurisdiction_refused(tmp_path: Path):
    gen = generator()
    src = tmp_path / "holders.csv"
    src.write_text(HEADER + "ZZA,head_of_state,King of Zedland,A B,B,,2020,,wp:X\n", encoding="utf-8")
    with pytest.raises(gen.SourceError, match="not in the gazetteer"):
        gen.render(gen.read_rows(src), gen.known_jurisdictions())


def test_offices_real_data_three_holders_of_one_office():
    book = office_book()
    fm = [
        book.resolve(None, "Foreign Minister", COUNTRY + "ISR", d)
        for d in ("2021-06-01", "2023-06-01", "2025-03-01")
    ]
    assert all(t is not None for t in fm)
    assert len({t.person for t in fm if t is not None}) == 3
    assert {t.office for t in fm if t is not None} == {fm[0].office}  # type: ignore[union-attr]


def test_offices_real_data_covers_most_named_countries_and_organisations():
    gen = generator()
    rows = gen.read_rows()
    countries = {r.jurisdiction for r in rows if not r.jurisdiction.startswith("ORG:")}
    assert len(countries) >= 60
    orgs = {r.jurisdiction for r in rows if r.jurisdiction.startswith("ORG:")}
    assert {"ORG:UN", "ORG:ITU", "ORG:SCO", "ORG:CSTO", "ORG:ASEAN", "ORG:AU"} <= orgs
    for r in rows:
        kinds = set(r.kinds)
        assert r.source.startswith(("wp:", "https://")), r.line
        assert not (kinds & {"secretary_general"}) or r.jurisdiction.startswith("ORG:"), r.line


def test_offices_graph_shape(tmp_path: Path):
    g = Graph().parse(ROOT / "ontology" / "gazetteer" / "offices.ttl")
    book = OfficeBook.from_graph(g)
    assert len(book.tenures) == len(generator().read_rows())
    # the NLP gazetteer does not turn office holders into name patterns
    from graph.nlp.reference import load_reference

    ref = load_reference(str(ROOT / "ontology"))
    assert not [e for e in ref.entities.values() if e.type == "Person"]


def test_offices_find_equals_checking_every_tenure_in_turn() -> None:
    """find() reads tenures per state with titles and name ends prepared once: the same tenures,
    in the same order, as checking every tenure of the book against every clue."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from graph.offices import OFFICE_WORDS, fold, normalise_name, office_phrase

    book = office_book()
    assert len(book.tenures) > 100

    def brute(name: str | None, office: str | None, where: str | None, date: str | None) -> list:
        phrase = office_phrase(office) if office else ""
        if office and not phrase:
            return []
        kinds = OFFICE_WORDS.get(phrase, frozenset())
        return [
            t
            for t in book.tenures
            if not (where and t.where != where)
            and not (phrase and not (kinds & t.kinds) and f" {phrase} " not in f" {fold(t.title)} ")
            and not (name and not t.named_normalised(normalise_name(name)))
            and not (date and not t.active(date, named=bool(name)))
        ]

    sample = book.tenures[:: max(1, len(book.tenures) // 60)]
    names = st.sampled_from(
        [None, "", "Mr Smith", *[t.label for t in sample], *[t.label.split()[-1] for t in sample]]
    )
    offices = st.sampled_from(
        [None, "President", "Prime Minister", "Deputy Minister", *[t.title for t in sample]]
    )
    wheres = st.sampled_from(
        [None, "", "https://w3id.org/coopgraph/id/country/ZZZ", *[t.where for t in sample]]
    )
    dates = st.sampled_from([None, "2010", "2019-05", "2024-08-22", *[t.start for t in sample]])

    @settings(max_examples=300, deadline=None)
    @given(names, offices, wheres, dates)
    def check(name: str | None, office: str | None, where: str | None, date: str | None) -> None:
        assert book.find(name, office, where, date) == brute(name, office, where, date)

    check()


def test_kept_office_book_is_read_back_without_parsing_the_turtle(tmp_path, monkeypatch):
    """A build folder keeps the office book as JSON: read back, it is the same tenures in the same
    order, and no Turtle is parsed; a changed offices.ttl makes it anew."""
    from graph import offices

    first = offices.kept_office_book(tmp_path)
    assert (tmp_path / offices.KEPT_BOOK).exists() and first.tenures

    def no_parse(*files: object) -> object:
        raise AssertionError("offices.ttl parsed again")

    monkeypatch.setattr(offices.OfficeBook, "from_turtle", classmethod(lambda cls, *f: no_parse(*f)))
    offices.office_book.cache_clear()
    again = offices.kept_office_book(tmp_path)
    assert again.tenures == first.tenures
    assert again.resolve("Tokayev", "President", None, "2024-06-01") == first.resolve(
        "Tokayev", "President", None, "2024-06-01"
    )
    kept = json.loads((tmp_path / offices.KEPT_BOOK).read_text(encoding="utf-8"))
    kept["hash"] = "another file"
    (tmp_path / offices.KEPT_BOOK).write_text(json.dumps(kept), encoding="utf-8")
    with pytest.raises(AssertionError, match="parsed again"):
        offices.kept_office_book(tmp_path)
    offices.office_book.cache_clear()
