"""The document context component on invented press releases, through the whole pipeline
(graph.nlp.pipeline.extract on graph.model.Document): datelines in each common style, bylines and
boiler sections give no entity and no fact; the dateline's city is the document's place only."""

from __future__ import annotations

from typing import Any

import pytest

from graph.model import Document, Extraction
from graph.nlp.pipeline import build_nlp, extract

PLACE = "https://w3id.org/coopgraph/id/place/"
COUNTRY = "https://w3id.org/coopgraph/id/country/"
BODY = "Kazakhstan and Uzbekistan signed a memorandum on artificial intelligence."


def run(nlp: Any, text: str, date: str | None = "2025-06-08") -> Extraction:
    return next(extract(nlp, [Document("invented", text, "test", date=date)]))


def keys(x: Extraction) -> set[str]:
    return {e.key for e in x.entities}


def fact_keys(x: Extraction) -> set[str]:
    return {k for f in x.facts for k in (f.s, f.o)}


def labels(x: Extraction) -> set[str]:
    return {e.label for e in x.entities}


@pytest.mark.parametrize(
    ("dateline", "place", "agency"),
    [
        ("ASTANA, 7 June (Kazinform) – ", "KZ-astana", "Kazinform"),  # CIS agency, upper-case city
        ("MINSK, June 7 (BelTA) - ", "BY-minsk", "BelTA"),
        ("TASHKENT, Uzbekistan (UzA) — ", "UZ-tashkent", "UzA"),  # city, country, (AGENCY) —
        ("Baku, 12 March 2024 – AZERTAC. ", "AZ-baku", "AZERTAC"),  # "– AGENCY."
        ("HANOI (VNA) – ", "VN-hanoi", "VNA"),  # "(AGENCY) –"
        ("ASTANA. KAZINFORM – ", "KZ-astana", "KAZINFORM"),  # "CITY. AGENCY –"
        ("MINSK (Reuters) - ", "BY-minsk", "Reuters"),  # Western wire style
        ("Minsk, BELTA - ", "BY-minsk", "BELTA"),  # the agency where a region would stand
    ],
)
def test_components_context_a_datelines_city_is_the_documents_place_only(
    nlp: Any, dateline: str, place: str, agency: str
) -> None:
    x = run(nlp, dateline + BODY)
    assert x.context is not None
    assert x.context.place == PLACE + place
    assert x.context.agency == agency
    assert PLACE + place not in keys(x) | fact_keys(x)  # never an entity, participant or location
    assert not any(agency.casefold() in e.label.casefold() for e in x.entities)  # nor is the agency
    # the prose after the dateline is mined as before
    assert {COUNTRY + "KAZ", COUNTRY + "UZB"} <= fact_keys(x)


def test_components_context_a_city_the_gazetteer_lacks_is_a_place_label_without_key(nlp: Any) -> None:
    x = run(nlp, "LOREMVILLE (Reuters) - " + BODY)
    assert x.context is not None and x.context.place is None and x.context.place_label == "Loremville"
    assert not any("Loremville".casefold() in e.label.casefold() for e in x.entities)


def test_components_context_the_city_named_in_the_prose_stays_an_entity_of_the_text(nlp: Any) -> None:
    x = run(
        nlp,
        "Baku, 12 March 2024 – AZERTAC. Azerbaijan and Georgia signed a memorandum of understanding "
        "on digital transformation in Tbilisi.",
    )
    assert x.context is not None and x.context.place == PLACE + "AZ-baku"
    assert PLACE + "GE-tbilisi" in keys(x) and PLACE + "AZ-baku" not in keys(x)


def test_components_context_the_datelines_date_is_the_document_date_when_it_has_none(nlp: Any) -> None:
    text = "Baku, 12 March 2024 – AZERTAC. Azerbaijan and Georgia signed a memorandum on 5G yesterday."
    undated = run(nlp, text, date=None)
    assert undated.context is not None and undated.context.date == "2024-03-12"
    dates = {e.date.start for e in undated.entities if e.type == "Agreement" and e.date}
    assert dates == {"2024-03-11"}  # "yesterday" resolves against the dateline's day
    dated = run(nlp, text, date="2024-05-01")  # a document date the record gives stays
    assert {e.date.start for e in dated.entities if e.type == "Agreement" and e.date} == {"2024-04-30"}


@pytest.mark.parametrize(
    "byline", ["By Jane Doe", "Author: Ivan Petrov", "Reporting by Jane Doe and Ivan Petrov"]
)
def test_components_context_a_byline_names_no_participant(nlp: Any, byline: str) -> None:
    x = run(nlp, f"Kazakhstan and Uzbekistan sign AI memorandum\n{byline}\n\n{BODY}")
    assert x.context is not None and x.context.byline == byline
    assert not [e for e in x.entities if e.type == "Person"]
    assert x.context.headings == ["Kazakhstan and Uzbekistan sign AI memorandum"]


def test_components_context_a_sentence_opening_with_by_is_no_byline(nlp: Any) -> None:
    x = run(nlp, "By 2030, Kazakhstan and Uzbekistan will connect their data centres.\n\n" + BODY)
    assert x.context is not None and x.context.byline is None
    assert COUNTRY + "KAZ" in keys(x)


ABOUT = (
    "Acme Telecom is a leading operator in Ethiopia and a partner of Safaricom since 2010, with offices "
    "across the region and more than ten million subscribers in East Africa."
)
BOILER = (
    "NAIROBI, 3 May (KNA) – Kenya and Rwanda signed an agreement on digital infrastructure.\n"
    "Photo: Ministry of ICT of Uganda\n"
    "Read also: Tanzania and Zambia discuss broadband\n"
    "Share\n"
    "Subscribe\n"
    "About Acme Telecom\n"
    f"{ABOUT}\n"
    "Media contacts\n"
    "John Roe, Acme Telecom\n"
    "press@acme.example\n"
)


def test_components_context_boiler_sections_give_no_entity_and_no_fact(nlp: Any) -> None:
    x = run(nlp, BOILER)
    assert x.context is not None and x.context.place == PLACE + "KE-nairobi"
    found = labels(x)
    assert {"Kenya", "Rwanda"} <= found
    boilers = ("Acme Telecom", "Ethiopia", "Safaricom", "Uganda", "Tanzania", "Zambia", "John Roe", "Nairobi")
    for boiler in boilers:
        assert not any(boiler in label for label in found), boiler
    countries = {COUNTRY + "KEN", COUNTRY + "RWA"}
    assert fact_keys(x) - countries <= {e.key for e in x.entities if e.type == "Agreement"} | {
        f.o for f in x.facts if f.p == "coversArea"
    }


def test_components_context_the_same_paragraph_as_prose_is_mined(nlp: Any) -> None:
    """The control of the test above: without its "About" heading the paragraph names entities."""
    x = run(nlp, f"Kenya and Rwanda signed an agreement on digital infrastructure.\n\n{ABOUT}\n")
    assert any("Acme Telecom" in label for label in labels(x))


def test_components_context_the_documents_place_and_date_reach_its_named_graph(nlp: Any) -> None:
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS

    from graph.rdf.mapping import extraction_quads
    from graph.rdf.vocab import COOP

    text = "Baku, 12 March 2024 – AZERTAC. Azerbaijan and Georgia signed a memorandum on 5G."
    quads = list(extraction_quads(run(nlp, text, date=None), "0" * 64))
    baku = URIRef(PLACE + "AZ-baku")
    assert [(p, o) for _, p, o, _ in quads if baku in (p, o)] == [(DCTERMS.spatial, baku)]
    assert [str(o) for _, p, o, _ in quads if p == COOP.documentDate] == ["2024-03-12"]


@pytest.fixture(scope="module")
def nlp_no_headings() -> Any:
    return build_nlp(None, None, **{"components.coop_context.exclude_headings": True})


def test_components_context_a_heading_is_recorded_and_mined_unless_excluded(
    nlp: Any, nlp_no_headings: Any
) -> None:
    text = f"Acme Telecom joins Safaricom in Ethiopia\n\n{BODY}"
    heading = ["Acme Telecom joins Safaricom in Ethiopia"]
    mined, cut = run(nlp, text), run(nlp_no_headings, text)
    assert mined.context is not None and mined.context.headings == heading
    assert {"Acme Telecom", "Ethiopia"} <= labels(mined)  # the default: a title names parties
    assert cut.context is not None and cut.context.headings == heading
    assert not {"Acme Telecom", "Safaricom", "Ethiopia"} & labels(cut)
    assert {COUNTRY + "KAZ", COUNTRY + "UZB"} <= keys(cut)
