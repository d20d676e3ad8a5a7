"""Date rules on the real model's parse of invented sentences (each rule called alone)."""

from __future__ import annotations

from typing import Any

from spacy_docs import labelled, real_view, run


def dates(nlp: Any, text: str, doc_date: str = "2025-05-04") -> dict[str, str]:
    v = real_view(nlp, text, doc_date)
    out: dict[str, str] = {}
    for si in range(len(v.sents)):
        for c in run("dates.entity_date", v, si):
            out.setdefault(v.entities[c.s].label if c.s in v.entities else c.s, c.o)
    return out


def test_rules_dates_the_sentences_day_beats_the_edition_year_in_an_events_name(nlp: Any) -> None:
    got = dates(nlp, "The Digital Forum 2025 was held in Tashkent on 3 May 2025.")
    assert list(got.values()) == ["2025-05-03"]


def test_rules_dates_an_event_named_by_its_year_alone_takes_the_year(nlp: Any) -> None:
    got = dates(nlp, "Delegations from ten countries attended the Digital Forum 2025 in Tashkent.")
    assert list(got.values()) == ["2025"]


def test_rules_dates_a_signing_sentence_dates_its_agreement(nlp: Any) -> None:
    got = dates(nlp, "Serbia and Hungary signed a memorandum on cybersecurity on 14 March 2024.")
    assert list(got.values()) == ["2024-03-14"]


def test_rules_dates_a_signing_without_a_date_takes_the_documents_day(nlp: Any) -> None:
    got = dates(nlp, "Serbia and Hungary signed a memorandum on cybersecurity.", "2024-03-15")
    assert list(got.values()) == ["2024-03-15"]


def test_rules_dates_a_day_range_is_an_interval(nlp: Any) -> None:
    got = dates(nlp, "The Eurasian Digital Forum was held in Almaty on 3-5 October 2023.")
    assert list(got.values()) == ["2023-10-03/2023-10-05"]


def test_rules_dates_the_date_of_the_events_own_clause_beats_a_nearer_one(nlp: Any) -> None:
    # the relative clause's year is nearer the name; the main verb's day is the event's
    v = real_view(nlp, "The Digital Harvest Conference, which Kenya attended in 2019, opened on 4 May 2023.")
    got = {(c.o, c.rule) for c in run("dates.entity_date", v, 0)}
    assert got == {("2023-05-04", "date-of-clause")}


def test_rules_dates_a_fronted_time_of_the_verb_is_the_events_clause_date(nlp: Any) -> None:
    v = real_view(nlp, "In 2023, the Kenyan delegation took part in the Digital Harvest Conference.")
    assert {(c.o, c.rule) for c in run("dates.entity_date", v, 0)} == {("2023", "date-of-clause")}
    # a date of another verb ("said in 2021") is only a date of the sentence
    v = real_view(nlp, "Kenya said in 2021 that it would attend the Digital Harvest Conference.")
    assert {c.rule for c in run("dates.entity_date", v, 0)} == {"date-in-sentence"}


def test_rules_dates_a_date_in_a_clause_on_a_document_is_not_an_events(nlp: Any) -> None:
    v = real_view(
        nlp,
        "The ministers discussed the Digital Skills Roadmap, signed in 2019, and the preparation of "
        "the 5th meeting of the Kenya-Ghana Joint Commission.",
        "2025-05-04",
    )
    got = {(v.entities[c.s].type, c.o) for c in run("dates.entity_date", v, 0)}
    assert ("Agreement", "2019") in got
    assert ("Event", "2019") not in got


def test_rules_dates_a_document_yet_to_be_signed_has_no_date_but_one_signed_has_the_days(nlp: Any) -> None:
    text = "The memorandum on satellite links, which {} signed, provides for joint launches."
    assert dates(nlp, text.format("is to be"), "2024-03-15") == {}
    assert dates(nlp, text.format("was"), "2024-03-15") == {"memorandum on satellite links": "2024-03-15"}


def test_rules_dates_the_documents_day_goes_to_what_is_done_not_to_what_is_mentioned(nlp: Any) -> None:
    got = dates(
        nlp,
        "Kenya and Chile signed a memorandum on fisheries that builds on the outcomes of the Nairobi "
        "Digital Forum.",
        "2024-03-15",
    )
    assert got == {"memorandum on fisheries": "2024-03-15"}


def test_rules_dates_documents_listed_as_signed_take_the_signing_day(nlp: Any) -> None:
    """An inclusion list of signed documents ('The documents signed included A and B'; 'They
    signed a package of documents. These included A') dates each listed document like a signing
    sentence would; a list that points to no signing ('The agenda included A') dates nothing."""
    text = (
        "Kenya and Ghana signed a package of documents in Nairobi. These included a roadmap for "
        "cooperation in digital technologies and a programme of exchanges in artificial intelligence."
    )
    got = labelled(nlp, "dates.entity_date", text, "date")
    assert {s for s, _p, o in got if o == "2025-05-04"} == {
        "roadmap for cooperation in digital technologies",
        "programme of exchanges in artificial intelligence",
    }
    text = (
        "The documents signed included a memorandum on broadband and a protocol on satellite communications."
    )
    got = labelled(nlp, "dates.entity_date", text, "date")
    assert {s for s, _p, _o in got} == {"memorandum on broadband", "protocol on satellite communications"}
    assert not labelled(
        nlp,
        "dates.entity_date",
        "The agenda included a roadmap for cooperation in digital technologies.",
        "date",
    )


def test_rules_dates_each_document_of_a_signed_plural_takes_the_document_date(nlp) -> None:  # type: ignore[no-untyped-def]
    # "memorandums on A, B and C" are three documents, each signed as its plural is
    got = labelled(
        nlp,
        "dates.entity_date",
        "Kenya and Ghana signed interdepartmental memorandums on cooperation in transport, "
        "communications and banking supervision.",
        "date",
    )
    assert {
        ("interdepartmental memorandum on cooperation in transport", "date", "2025-05-04"),
        (
            "interdepartmental memorandum on cooperation in communications and banking supervision",
            "date",
            "2025-05-04",
        ),
    } <= got


def test_rules_dates_a_year_opening_another_events_name_is_no_time_frame_of_the_paragraph(nlp: Any) -> None:
    """'The 2021 X Dialogue …': the year is that edition's; an event attended in the next sentence
    with no date of its own takes the document's day, not 2021."""
    text = (
        "The 2021 Peru-Ghana Digital Dialogue took place in Lima. "
        "The Peruvian minister then attended the Andean Cloud Summit in Quito."
    )
    got = dates(nlp, text, "2024-06-12")
    assert got.get("Andean Cloud Summit") == "2024-06-12"


def test_rules_dates_a_year_stated_as_a_time_frame_still_carries_over_the_paragraph(nlp: Any) -> None:
    """The control of the test above: 'In 2021, …' is the paragraph's time frame."""
    text = (
        "In 2021, Peru and Ghana opened a digital dialogue in Lima. "
        "The Peruvian minister then attended the Andean Cloud Summit in Quito."
    )
    got = dates(nlp, text, "2024-06-12")
    assert got.get("Andean Cloud Summit") == "2021"


def test_rules_dates_the_anniversary_of_an_adoption_is_no_adoption_on_the_documents_day(nlp: Any) -> None:
    """'the first anniversary of the adoption of the Declaration': adopted long before, not on the
    document's day; adopting it does date it."""
    text = (
        "On the occasion of the first anniversary of the adoption of the Lima Declaration on Digital "
        "Trade, the leaders of Peru and Chile met in Lima."
    )
    assert "Lima Declaration on Digital Trade" not in dates(nlp, text)
    text = "Peru and Chile adopted the Lima Declaration on Digital Trade."
    assert dates(nlp, text)["Lima Declaration on Digital Trade"] == "2025-05-04"
