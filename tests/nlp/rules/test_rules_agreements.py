"""Agreements rules on hand-parsed invented sentences."""

from __future__ import annotations

from spacy_docs import labelled, mention, parse, real_view, run, triples, view

# "Belarus and China signed a memorandum ."
SIGNED = """
Belarus Belarus PROPN nsubj 3
and and CCONJ cc 0
China China PROPN conj 0
signed sign VERB ROOT 3
a a DET det 5
memorandum memorandum NOUN dobj 3
. . PUNCT punct 3
"""


def _signed(table: str = SIGNED):
    doc = parse(table)
    ms = [
        mention(doc, 0, 1, "Country", "BLR"),
        mention(doc, 2, 3, "Country", "CHN"),
        mention(doc, 5, 6, "Agreement", "agreement/memo", "name"),
    ]
    return view(doc, ms)


def test_rules_agreements_coordinated_subjects_of_a_signing_verb_are_signatories():
    got = triples(run("agreements.signing", _signed()))
    assert ("agreement/memo", "signatory", "BLR") in got
    assert ("agreement/memo", "signatory", "CHN") in got
    assert ("BLR", "cooperatesWith", "CHN") in got or ("CHN", "cooperatesWith", "BLR") in got


def test_rules_agreements_negated_signing_gives_nothing():
    negated = """
Belarus Belarus PROPN nsubj 3
did do AUX aux 3
not not PART neg 3
sign sign VERB ROOT 3
the the DET det 5
memorandum memorandum NOUN dobj 3
. . PUNCT punct 3
"""
    doc = parse(negated)
    v = view(
        doc, [mention(doc, 0, 1, "Country", "BLR"), mention(doc, 5, 6, "Agreement", "agreement/memo", "name")]
    )
    assert run("agreements.signing", v) == []


def test_rules_agreements_proposing_to_adopt_is_not_signing():
    # "Russia suggested adopting a statement ." -- an unrealised signing has no signatory yet
    doc = parse("""
Russia Russia PROPN nsubj 1
suggested suggest VERB ROOT 1
adopting adopt VERB xcomp 1
a a DET det 4
statement statement NOUN dobj 2
. . PUNCT punct 1
""")
    v = view(
        doc, [mention(doc, 0, 1, "Country", "RUS"), mention(doc, 4, 5, "Agreement", "agreement/st", "name")]
    )
    assert run("agreements.signing", v) == []


def test_rules_agreements_signing_date_in_the_sentence_dates_the_agreement():
    from graph.model import DateValue

    doc = parse(SIGNED.replace(". . PUNCT punct 3", "today today NOUN npadvmod 3\n. . PUNCT punct 3"))
    ms = [
        mention(doc, 0, 1, "Country", "BLR"),
        mention(doc, 2, 3, "Country", "CHN"),
        mention(doc, 5, 6, "Agreement", "agreement/memo", "name"),
    ]
    day = DateValue("2025-03-04", None, "day")
    v = view(doc, ms, dates=[(doc[6].idx, doc[6].idx + 5, day)])
    dates = [c for c in run("agreements.signing", v) if c.p == "date"]
    assert [(c.s, c.o) for c in dates] == [("agreement/memo", "2025-03-04")]


def test_rules_agreements_states_joined_by_a_hyphen_in_a_name_are_its_parties():
    # "the Chile-Korea Digital Partnership Agreement"
    doc = parse("""
the the DET det 5
Chile Chile PROPN compound 5
- - PUNCT punct 5
Korea Korea PROPN compound 5
Digital Digital PROPN compound 5
Agreement Agreement PROPN ROOT 5
""")
    ms = [
        mention(doc, 1, 6, "Agreement", "agreement/dpa", "name"),
        mention(doc, 1, 2, "Country", "CHL"),
        mention(doc, 3, 4, "Country", "KOR"),
    ]
    got = triples(run("agreements.named_parties", view(doc, ms)))
    assert {("agreement/dpa", "signatory", "CHL"), ("agreement/dpa", "signatory", "KOR")} <= got


def test_rules_agreements_one_state_in_a_name_is_no_party():
    doc = parse("""
the the DET det 3
Korea Korea PROPN compound 3
Digital Digital PROPN compound 3
Strategy Strategy PROPN ROOT 3
""")
    ms = [mention(doc, 1, 4, "Agreement", "agreement/s", "name"), mention(doc, 1, 2, "Country", "KOR")]
    assert not [c for c in run("agreements.named_parties", view(doc, ms)) if c.p == "signatory"]


def test_rules_agreements_an_agreement_to_be_signed_has_no_signatory_and_no_date(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy_docs import real_view

    for text in (
        "An agreement on satellite communications between Egypt and Ghana is to be signed next year.",
        "Peru and Chile will sign a memorandum on broadband networks.",
        # an item of a list of plans: a verb in the imperative opening its clause
        "Conclude an MOU on technology standards between the Ministry of Economy of Peru and the "
        "Ministry of Digital Affairs of Chile.",
        "Standards: Sign a memorandum on broadband networks with the Ministry of Economy of Peru.",
    ):
        v = real_view(nlp, text, "2025-05-04")
        got = run("agreements.signing", v) + run("dates.entity_date", v)
        assert {c.p for c in got} & {"signatory", "date"} == set(), text
    # the control: a signing told in the past
    v = real_view(nlp, "Peru and Chile concluded an MOU on technology standards.", "2025-05-04")
    assert {c.p for c in run("agreements.signing", v)} >= {"signatory"}


def test_rules_agreements_a_date_in_a_relative_clause_is_not_the_signing_date(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy_docs import real_view

    v = real_view(
        nlp,
        "Peru and Bolivia signed a memorandum on broadband that will be implemented next year.",
        "2025-05-04",
    )
    assert [c.o for c in run("agreements.signing", v) if c.p == "date"] == []
    v = real_view(nlp, "Peru and Bolivia signed a memorandum on broadband on 3 March 2024.", "2025-05-04")
    assert [c.o for c in run("agreements.signing", v) if c.p == "date"] == ["2024-03-03"]


def test_rules_agreements_the_parties_a_documents_name_puts_between_are_its_signatories(nlp) -> None:  # type: ignore[no-untyped-def]
    v = real_view(
        nlp,
        "They signed an Action Plan between the State Customs Service of Kenya and the Government of Chile.",
        "2025-05-04",
    )
    got = {(p, o) for _, p, o in triples(run("agreements.named_parties", v))}
    chl = "https://w3id.org/coopgraph/id/country/CHL"
    bodies = {o for p, o in got if p == "signatory"}
    # the body, not the state inside its name; "the Government of Chile" is Chile (convention 5)
    assert chl in bodies and len(bodies) == 2
    assert "https://w3id.org/coopgraph/id/country/KEN" not in bodies
    assert any(p == "cooperatesWith" for p, _ in got)


def test_rules_agreements_witnesses_and_onlookers_of_a_signing_are_no_signatories(nlp) -> None:  # type: ignore[no-untyped-def]
    def signers(text: str) -> set[str]:
        v = real_view(nlp, text, "2025-05-04")
        return {v.entities[o].label for _, p, o in triples(run("agreements.signing", v)) if p == "signatory"}

    assert (
        signers("President Ruto welcomed the signing of a Memorandum of Cooperation on 5G with Chile.")
        == set()
    )
    assert signers(
        "In the presence of President Ruto and President Boric, Minister Amina Odhiambo and Minister Pablo "
        "Rojas signed a memorandum on digital skills."
    ) == {"Amina Odhiambo", "Pablo Rojas"}
    # the signers a signing is "by" still sign when someone welcomes it
    assert signers(
        "Kenya welcomed the signing of a memorandum on digital skills by Amina Odhiambo and Pablo Rojas."
    ) == {"Amina Odhiambo", "Pablo Rojas"}


def test_rules_agreements_signers_of_a_plural_sign_each_of_its_documents(nlp) -> None:  # type: ignore[no-untyped-def]
    v = real_view(
        nlp,
        "The Kenyan and Chilean representatives signed interdepartmental memorandums on cooperation in "
        "transport, communications and IT, and banking supervision.",
        "2025-05-04",
    )
    got = {
        (v.entities[s].label, o.rsplit("/", 1)[-1])
        for s, p, o in triples(run("agreements.signing", v))
        if p == "signatory"
    }
    docs = {s for s, _ in got}
    assert len(docs) == 3 and got == {(d, c) for d in docs for c in ("KEN", "CHL")}


def test_rules_agreements_between_elsewhere_in_the_sentence_names_no_signatory(nlp) -> None:  # type: ignore[no-untyped-def]
    got = labelled(
        nlp,
        "agreements.signing",
        "A Joint Declaration was adopted on the 60th anniversary of diplomatic relations between "
        "Kenya and Chile.",
        "signatory",
    )
    assert not got
    got = labelled(
        nlp,
        "agreements.signing",
        "A memorandum on fisheries was signed between Kenya and Chile.",
        "signatory",
    )
    assert {o for _, _, o in got} == {"Kenya", "Chile"}


def test_rules_agreements_the_anniversary_of_a_signing_is_no_signing(nlp) -> None:  # type: ignore[no-untyped-def]
    got = labelled(
        nlp,
        "agreements.signing",
        "Kenya and Chile marked the anniversary of the signing of the Treaty of Friendship.",
        "signatory",
    )
    assert not got
    got = labelled(nlp, "agreements.signing", "Kenya and Chile signed the Treaty of Friendship.", "signatory")
    assert {o for _, _, o in got} == {"Kenya", "Chile"}


def test_rules_agreements_the_documents_an_inclusion_list_names_are_signed_by_the_signers_before(nlp) -> None:  # type: ignore[no-untyped-def]
    got = labelled(
        nlp,
        "agreements.included",
        "Ghana and Uganda signed a package of documents. The documents signed included a roadmap for "
        "cooperation in science and a programme of cultural exchanges.",
    )
    assert got == {
        (doc, "signatory", state)
        for doc in ("roadmap for cooperation in science", "programme of cultural exchanges")
        for state in ("Ghana", "Uganda")
    }
    # a list that points back to nothing signed names no signatory
    assert not labelled(
        nlp,
        "agreements.included",
        "Ghana and Uganda discussed trade. These included a roadmap for cooperation in science.",
    )


def test_rules_agreements_an_agreement_prepared_for_signature_is_not_signed(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not labelled(
        nlp,
        "agreements.signing",
        "Kenya and Chile will prepare the Digital Trade Agreement for signature.",
        "signatory",
    )
    assert not labelled(
        nlp,
        "agreements.signing",
        "The Digital Trade Agreement is open for signature by Kenya and Chile.",
        "signatory",
    )
    got = labelled(
        nlp,
        "agreements.signing",
        "A ceremony for the signing of the Digital Trade Agreement by Kenya and Chile was held.",
        "signatory",
    )
    assert {o for _, _, o in got} == {"Kenya", "Chile"}


def test_rules_agreements_sealing_a_document_is_signing_it(nlp):  # type: ignore[no-untyped-def]
    """'sealed an agreement' (news usage for concluding one) signs it like 'signed'."""
    got = labelled(
        nlp, "agreements.signing", "Kenya and Chile sealed an agreement on e-commerce.", "signatory"
    )
    assert got == {
        ("agreement on e-commerce", "signatory", "Kenya"),
        ("agreement on e-commerce", "signatory", "Chile"),
    }


def test_rules_agreements_a_signing_word_inside_a_documents_name_is_no_signing(nlp):  # type: ignore[no-untyped-def]
    """'plan to sign an agreement on electronic signatures': 'signatures' is the agreement's
    topic, not a signing; and the planned signing itself signs nothing yet."""
    text = "Kenya and Chile plan to sign an agreement on mutual recognition of electronic signatures."
    assert not labelled(nlp, "agreements.signing", text, "signatory")
    text = "Kenya and Chile signed an agreement on mutual recognition of electronic signatures."
    assert len(labelled(nlp, "agreements.signing", text, "signatory")) == 2


def test_rules_agreements_coordinated_objects_of_a_signing_verb_are_each_signed(nlp) -> None:  # type: ignore[no-untyped-def]
    # a list of documents (conjunction, or the commas the small model reads as apposition)
    for text in (
        "Kenya and Ghana signed the Treaty on Digital Partnership and the Agreement on Data Exchange.",
        "Kenya and Ghana signed the Treaty on Digital Partnership, the Agreement on Data Exchange and "
        "the Protocol on Satellite Launches on 3 May 2025.",
    ):
        got = labelled(nlp, "agreements.signing", text, "signatory")
        for doc in ("Treaty on Digital Partnership", "Agreement on Data Exchange"):
            assert {(doc, "signatory", "Kenya"), (doc, "signatory", "Ghana")} <= got, text


def test_rules_agreements_a_complement_clause_with_its_own_subject_has_its_own_signer(nlp) -> None:  # type: ignore[no-untyped-def]
    """'A welcomed B signing the Accord': B signs, not A, who governs the clause."""
    v = real_view(
        nlp, "President Ana Rojas of Peru welcomed the Republic of Chile signing the Andean Data Accord."
    )
    got = {v.entities[o].label for _, p, o in triples(run("agreements.signing", v)) if p == "signatory"}
    assert got == {"Chile"}


def test_rules_agreements_the_possessor_of_a_signing_signs(nlp) -> None:  # type: ignore[no-untyped-def]
    """'Minister A welcomed Bolivia's signing of the Accord': Bolivia signs; the one welcoming
    a signing with no signer named does not."""

    def signers(text: str) -> set[str]:
        v = real_view(nlp, text, "2025-05-04")
        return {v.entities[o].label for _, p, o in triples(run("agreements.signing", v)) if p == "signatory"}

    assert signers("Minister Pablo Soto welcomed Bolivia’s signing of the Andean Data Accord.") == {"Bolivia"}
    assert signers("Kenya and Ghana welcomed the signing of the Andean Data Accord.") == set()
