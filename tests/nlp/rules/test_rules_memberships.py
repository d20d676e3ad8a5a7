"""Membership rules on the real model's parse of invented sentences (each rule called alone)."""

from __future__ import annotations

from typing import Any

from spacy_docs import labelled, real_view, run, triples

ORG = "https://w3id.org/coopgraph/id/org/"
COUNTRY = "https://w3id.org/coopgraph/id/country/"


def _member_of(nlp: Any, text: str) -> list:
    v = real_view(nlp, text, "2025-05-04")
    return [c for si in range(len(v.sents)) for c in run("memberships.member_of", v, si)]


def test_rules_memberships_a_member_noun_after_a_copula_states_membership(nlp: Any) -> None:
    cands = _member_of(nlp, "Mongolia is a member of the Asia-Pacific Telecommunity.")
    assert triples(cands) == {(COUNTRY + "MNG", "memberOf", ORG + "APT")}


def test_rules_memberships_coordinated_subjects_of_a_plural_member_noun_are_each_members(nlp: Any) -> None:
    cands = _member_of(
        nlp, "Kazakhstan and Uzbekistan are members of the Commonwealth of Independent States."
    )
    assert triples(cands) == {
        (COUNTRY + "KAZ", "memberOf", ORG + "CIS"),
        (COUNTRY + "UZB", "memberOf", ORG + "CIS"),
    }


def test_rules_memberships_becoming_a_member_is_dated_by_its_sentence(nlp: Any) -> None:
    (cand,) = _member_of(
        nlp, "Georgia became a member of the Regional Commonwealth in the Field of Communications in 2019."
    )
    assert (cand.s, cand.p) == (COUNTRY + "GEO", "memberOf")
    assert cand.date is not None and cand.date.as_gold() == "2019"


def test_rules_memberships_a_negated_or_observer_status_is_no_membership(nlp: Any) -> None:
    assert _member_of(nlp, "Turkey is not a member of the Shanghai Cooperation Organisation.") == []
    assert _member_of(nlp, "Iran is an observer of the Eurasian Economic Union.") == []


def test_rules_memberships_joining_an_organisation_states_membership(nlp: Any) -> None:
    v = real_view(nlp, "Armenia joined the International Telecommunication Union in 1992.", "2025-05-04")
    assert triples(run("memberships.join", v)) == {(COUNTRY + "ARM", "memberOf", ORG + "ITU")}


def test_rules_memberships_a_list_set_off_after_members_of_an_organisation_names_its_members(
    nlp: Any,
) -> None:
    v = real_view(
        nlp,
        "The 12 members of the Asia-Pacific Telecommunity—Fiji, Samoa and Tonga—met in Suva.",
        "2025-05-04",
    )
    assert triples(run("memberships.members_of_list", v)) == {
        (COUNTRY + c, "memberOf", ORG + "APT") for c in ("FJI", "WSM", "TON")
    }
    v = real_view(
        nlp,
        "The member states of the Eurasian Economic Union (Armenia, Belarus and Kazakhstan) met.",
        "2025-05-04",
    )
    assert {s for s, _, _ in triples(run("memberships.members_of_list", v))} == {
        COUNTRY + c for c in ("ARM", "BLR", "KAZ")
    }


def test_rules_memberships_a_list_after_an_organisation_without_members_of_is_no_membership(nlp: Any) -> None:
    v = real_view(
        nlp, "Experts of the Asia-Pacific Telecommunity (APT) visited Fiji, Samoa and Tonga.", "2025-05-04"
    )
    assert run("memberships.members_of_list", v) == []


def test_rules_memberships_a_grouping_with_members_is_an_organisation_whatever_its_head_word(
    nlp: Any,
) -> None:
    # "Initiative" would make it a campaign; having members makes it a standing format of states
    v = real_view(
        nlp,
        "The 5 members of the Global Anti-Fraud Initiative (GAFI)—Chile, Kenya and Norway—met in Oslo. "
        "New GAFI members were welcomed.",
        "2025-05-04",
    )
    got = triples(run("memberships.members_of_list", v))
    assert {s for s, _, _ in got} == {COUNTRY + c for c in ("CHL", "KEN", "NOR")}
    (org,) = {o for _, _, o in got}
    assert v.entities[org].type == "InternationalOrganization"
    # an initiative nobody is a member of stays an initiative
    w = real_view(nlp, "Chile launched the Digital Skills Initiative with Kenya in 2024.", "2025-05-04")
    assert [e.type for e in w.entities.values() if "Initiative" in e.label] == ["Initiative"]


def test_rules_memberships_a_document_in_a_relative_clause_on_the_object_is_not_implemented(nlp: Any) -> None:
    assert not labelled(
        nlp,
        "memberships.implementation",
        "Safaricom will implement the coastal cable project, which is part of the Digital Corridor "
        "Initiative.",
    )
    assert labelled(
        nlp,
        "memberships.implementation",
        "Safaricom will implement the Digital Corridor Initiative, which was launched in May.",
    ) == {("Safaricom", "implements", "Digital Corridor Initiative")}


def test_rules_memberships_the_complements_of_an_implementation_noun_are_not_its_doers(nlp: Any) -> None:
    text = (
        "The implementation of the Digital Corridor Initiative, which reflects the friendship of the "
        "Kenyan and Ugandan peoples, has helped both economies."
    )
    assert not labelled(nlp, "memberships.implementation", text)
    assert labelled(
        nlp,
        "memberships.implementation",
        "Kenya and Uganda carried out the implementation of the Digital Corridor Initiative.",
    ) == {
        ("Kenya", "implements", "Digital Corridor Initiative"),
        ("Uganda", "implements", "Digital Corridor Initiative"),
    }


def test_rules_memberships_a_state_admitted_to_an_organisation_joins_it(nlp: Any) -> None:
    v = real_view(nlp, "Kenya was admitted to the Asia-Pacific Telecommunity in 2021.", "2025-05-04")
    cands = [c for si in range(len(v.sents)) for c in run("memberships.join", v, si)]
    assert triples(cands) == {(COUNTRY + "KEN", "memberOf", ORG + "APT")}


def test_rules_memberships_states_in_apposition_to_member_states_are_members(nlp: Any) -> None:
    text = "The ministers of the African Union member states Ghana, Kenya and Uganda met in Accra."
    v = real_view(nlp, text, "2025-05-04")
    cands = [c for si in range(len(v.sents)) for c in run("memberships.member_list", v, si)]
    assert triples(cands) == {(COUNTRY + c, "memberOf", ORG + "AU") for c in ("GHA", "KEN", "UGA")}


def test_rules_memberships_discussing_an_implementation_is_no_implementation(nlp: Any) -> None:
    assert not labelled(
        nlp,
        "memberships.implementation",
        "Kenya and Uganda discussed the implementation of the Digital Corridor Initiative.",
    )
    assert labelled(
        nlp,
        "memberships.implementation",
        "Kenya carried out the implementation of the Digital Corridor Initiative.",
    ) == {("Kenya", "implements", "Digital Corridor Initiative")}


def test_rules_memberships_an_event_discusses_a_document_discussed_there_not_one_discussed_with_it(
    nlp: Any,
) -> None:
    got = labelled(
        nlp,
        "memberships.discussion",
        "The draft Digital Skills Roadmap was discussed at the Nairobi Digital Forum.",
    )
    assert got == {("Nairobi Digital Forum", "discusses", "Digital Skills Roadmap")}
    got = labelled(
        nlp,
        "memberships.discussion",
        "The ministers discussed the Digital Skills Roadmap and the preparation of the Nairobi "
        "Digital Forum.",
    )
    assert not got


def test_rules_memberships_a_member_noun_apposed_to_a_state_is_a_membership(nlp):  # type: ignore[no-untyped-def]
    """'Kenya, a member of the East African Community, supported …': the apposition states the
    membership as a copula would."""
    text = "Kenya, a member of the East African Community, supported the proposal."
    got = labelled(nlp, "memberships.member_of", text, "memberOf")
    assert got == {("Kenya", "memberOf", "East African Community")}


def test_rules_memberships_as_a_member_of_an_organisation_the_doer_is_one(nlp):  # type: ignore[no-untyped-def]
    """'As a member of the East African Community, Kenya supports …': the doer of the clause."""
    text = "As a member of the East African Community, Kenya supports the initiative."
    got = labelled(nlp, "memberships.member_of", text, "memberOf")
    assert got == {("Kenya", "memberOf", "East African Community")}


def test_rules_memberships_a_member_by_apposition_or_standing_is_a_member(nlp: Any) -> None:
    """'Armenia, as a member country of the CSTO, …' (the compound's head carries the 'of') and
    'Brazil's status as a non-permanent member of the Security Council' (lexicon standing_nouns:
    the possessor of the standing is the member)."""
    got = labelled(
        nlp,
        "memberships.member_of",
        "Armenia, as a member country of the Collective Security Treaty Organisation, provided help to "
        "Kazakhstan.",
    )
    assert {(s, p) for s, p, _o in got} == {("Armenia", "memberOf")}
    got = labelled(
        nlp,
        "memberships.member_of",
        "In view of Brazil's status as a non-permanent member of the UN Security Council, the sides met.",
    )
    assert {(s, p) for s, p, _o in got} == {("Brazil", "memberOf")}
