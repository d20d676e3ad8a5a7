"""Cooperation rules on hand-parsed invented sentences."""

from __future__ import annotations

from typing import Any

from spacy_docs import labelled, mention, parse, real_view, run, triples, view

# "Cooperation between Peru and Chile grows ."
BETWEEN = """
Cooperation cooperation NOUN nsubj 5
between between ADP prep 0
Peru Peru PROPN pobj 1
and and CCONJ cc 2
Chile Chile PROPN conj 2
grows grow VERB ROOT 5
. . PUNCT punct 5
"""


def test_rules_cooperation_parties_of_cooperation_between_cooperate():
    doc = parse(BETWEEN)
    v = view(doc, [mention(doc, 2, 3, "Country", "PER"), mention(doc, 4, 5, "Country", "CHL")])
    got = triples(run("cooperation.cooperation", v))
    assert got in ({("PER", "cooperatesWith", "CHL")}, {("CHL", "cooperatesWith", "PER")})


def test_rules_cooperation_weak_relations_are_no_cooperation():
    doc = parse(BETWEEN.replace("Cooperation cooperation", "Relations relation"))
    v = view(doc, [mention(doc, 2, 3, "Country", "PER"), mention(doc, 4, 5, "Country", "CHL")])
    assert run("cooperation.cooperation", v) == []


def test_rules_cooperation_a_state_does_not_cooperate_with_its_own_body():
    doc = parse(BETWEEN)
    ms = [
        mention(doc, 2, 3, "Country", "PER"),
        mention(doc, 4, 5, "GovernmentBody", "gov/PER-x", "name", country="PER"),
    ]
    assert run("cooperation.cooperation", view(doc, ms)) == []


def test_rules_cooperation_an_area_inside_an_agreement_name_is_its_area():
    # "the Digital Health Memorandum was signed"
    doc = parse("""
the the DET det 3
Digital Digital PROPN compound 3
Health Health PROPN compound 3
Memorandum Memorandum PROPN nsubjpass 5
was be AUX auxpass 5
signed sign VERB ROOT 5
""")
    v = view(doc, [mention(doc, 1, 4, "Agreement", "agreement/m", "name")], areas=[(1, 3, "DigitalHealth")])
    assert triples(run("cooperation.areas", v)) == {("agreement/m", "coversArea", "DigitalHealth")}


def test_rules_cooperation_areas_without_an_owner_in_their_sentence_go_nowhere():
    doc = parse("""
They they PRON nsubj 1
discussed discuss VERB ROOT 1
cybersecurity cybersecurity NOUN dobj 1
. . PUNCT punct 1
""")
    v = view(doc, [], areas=[(2, 3, "Cybersecurity")])
    assert run("cooperation.areas", v) == []
    # not to the document's main event either: only a candidate the learned decision may take
    main = mention(doc, 0, 1, "Event", "event/summit", "name")
    assert run("cooperation.areas", v, main=main) == []
    assert triples(run("pairs.areas", v, main=main)) == {("event/summit", "coversArea", "Cybersecurity")}


def test_rules_cooperation_named_authors_of_a_statement_who_work_together_cooperate_pairwise(
    nlp: Any,
) -> None:
    v = real_view(
        nlp,
        "We, the governments of Chile, Kenya and Norway, met in Lima. "
        "We commit to working together to counter ransomware.",
        "2025-05-04",
    )
    got = triples(run("cooperation.cooperation", v, 1))
    c = "https://w3id.org/coopgraph/id/country/"
    pairs = {frozenset((s, o)) for s, _, o in got}
    assert pairs == {frozenset((c + a, c + b)) for a, b in (("CHL", "KEN"), ("CHL", "NOR"), ("KEN", "NOR"))}


def test_rules_cooperation_meeting_together_is_no_cooperation(nlp: Any) -> None:
    v = real_view(nlp, "Chile and Kenya will meet together in Lima next week.", "2025-05-04")
    assert run("cooperation.cooperation", v, 0) == []


def test_rules_cooperation_signers_of_plural_documents_with_a_partner_cooperate_with_the_partner_only(
    nlp: Any,
) -> None:
    v = real_view(
        nlp,
        "Companies including Voltaris, Brightwell, and Nordhaven signed MOUs with the Kenyan utility "
        "Tekno Power on grid collaboration.",
        "2025-05-04",
    )
    got = {
        frozenset((v.entities[s].label, v.entities[o].label))
        for s, _, o in triples(run("cooperation.cooperation", v))
    }
    assert got == {frozenset((c, "Tekno Power")) for c in ("Voltaris", "Brightwell", "Nordhaven")}


def test_rules_cooperation_a_state_and_a_body_are_different_levels(nlp: Any) -> None:
    # the ministry and the other state reaffirm a partnership: no state-ministry pair
    v = real_view(
        nlp, "The Ministry of Energy of Kenya and Chile reaffirmed their partnership.", "2025-05-04"
    )
    assert run("cooperation.cooperation", v) == []


def test_rules_cooperation_those_an_event_brings_together_take_part_and_do_not_cooperate(nlp: Any) -> None:
    got = labelled(
        nlp,
        "cooperation.aligned",
        "The Nairobi Digital Forum brought together delegations from Ghana and Kenya.",
    )
    assert got == {
        ("Nairobi Digital Forum", "participant", "Ghana"),
        ("Nairobi Digital Forum", "participant", "Kenya"),
    }


def test_rules_cooperation_the_adjective_of_a_named_partner_is_no_partner(nlp: Any) -> None:
    got = labelled(
        nlp, "cooperation.cooperation", "Kenya signed a partnership with Ugandan company Savanna Telecom."
    )
    assert {(a, b) for a, _, b in got} in ({("Kenya", "Savanna Telecom")}, {("Savanna Telecom", "Kenya")})


def test_rules_cooperation_examples_after_including_are_no_parties_of_between(nlp: Any) -> None:
    got = labelled(
        nlp,
        "cooperation.cooperation",
        "Lay the groundwork for deeper collaboration between our research organisations, including "
        "exchanging best practices through the Kenya Space Agency and the Chilean Space Agency.",
    )
    assert not any("Space Agency" in a or "Space Agency" in b for a, _, b in got)
    got = labelled(
        nlp, "cooperation.cooperation", "Lay the groundwork for deeper collaboration between Kenya and Chile."
    )
    assert {frozenset((a, b)) for a, _, b in got} == {frozenset(("Kenya", "Chile"))}


def test_rules_cooperation_a_verb_the_model_reads_as_a_plural_noun_keeps_its_subject(nlp: Any) -> None:
    """'Armenia cooperates with Kazakhstan.': the small model tags the sentence's only verb as a
    plural noun (ROOT) and the subject as its compound; the compound is the subject."""
    got = labelled(nlp, "cooperation.cooperation", "Armenia cooperates with Kazakhstan and Uzbekistan.")
    assert got == {
        ("Armenia", "cooperatesWith", "Kazakhstan"),
        ("Armenia", "cooperatesWith", "Uzbekistan"),
    }


def test_rules_cooperation_an_area_inside_a_bodys_name_is_no_topic(nlp: Any) -> None:
    """'… signed with the National Information Society Agency': 'information society'
    names the agency, it is no area of the roadmap; the roadmap's own 'e-government' is."""
    text = (
        "A roadmap for cooperation in the field of e-government was signed between the Ministry of "
        "Digital Technologies of Uzbekistan and the Korean National Information Society Agency."
    )
    for rule in ("cooperation.areas", "pairs.areas"):
        got = {o for _s, p, o in labelled(nlp, rule, text) if p == "coversArea"}
        assert got == {"EGovernment"}, rule


def test_rules_cooperation_an_area_listed_beside_a_programme_is_no_topic_of_it(nlp: Any) -> None:
    """'fields: A, B and civil space cooperation (including the C Programme)': items of one list;
    the programme's own name or clause still states its scope."""
    text = (
        "Our work spans diverse fields: biotechnology, artificial intelligence, civil space "
        "cooperation (including the Lunar Gateway Programme and asteroid exploration), and secure ICT."
    )
    assert not any(p == "coversArea" for _, p, _ in labelled(nlp, "cooperation.areas", text))
    got = labelled(nlp, "cooperation.areas", "Kenya signed the Programme on Artificial Intelligence.")
    assert ("Programme on Artificial Intelligence", "coversArea", "ArtificialIntelligence") in got


def test_rules_cooperation_coordinated_subjects_of_a_verb_done_jointly_cooperate(nlp: Any) -> None:
    """'Peru and Chile will jointly develop …' states cooperation; 'met jointly with' is a meeting."""
    got = labelled(nlp, "cooperation.cooperation", "Peru and Chile will jointly develop secure networks.")
    assert {(s, p, o) for s, p, o in got if p == "cooperatesWith"} in (
        {("Peru", "cooperatesWith", "Chile")},
        {("Chile", "cooperatesWith", "Peru")},
    )
    got = labelled(nlp, "cooperation.cooperation", "Peru and Chile met jointly with Ghana in Lima.")
    assert not any(p == "cooperatesWith" for _, p, _ in got)
