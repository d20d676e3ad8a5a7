"""Identity across documents (graph/linking.py), on invented records, states and office holders."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import SKOS, Literal, URIRef

from graph.errors import ReferenceDataError
from graph.linking import CrossLinker, Known, LinkDecision, link_quads, load_exceptions
from graph.model import Document, Entity, Evidence, Extraction, Fact
from graph.offices import OfficeBook, Tenure, normalise_name
from graph.rdf import iris
from graph.rdf.vocab import COOP

ZZA = iris.ID + "country/ZZA"  # Zedland, invented
ZZB = iris.ID + "country/ZZB"  # Borduria, invented
EV = Evidence("d", "A sentence.", 0, 11, 0, 5)


def countries() -> list[Known]:
    return [
        Known(ZZA, "Country", "Zedland", {"Republic of Zedland", "Zedlandic"}, reference=True),
        Known(ZZB, "Country", "Borduria", {"Bordurian"}, reference=True),
    ]


def book() -> OfficeBook:
    def tenure(
        person: str, label: str, names: set[str], office: str, where: str, start: str, end: str | None
    ) -> Tenure:
        forms = frozenset(normalise_name(n) for n in {label, *names})
        kinds = frozenset({"head_of_state"})
        return Tenure(
            person,
            label,
            forms,
            office,
            "President of Zedland",
            kinds,
            where,
            start,
            end,
            "wp:X",
            person + "/t",
        )

    off = iris.ID + "office/ZZA-president-of-zedland"
    return OfficeBook(
        [
            tenure(
                iris.ID + "officeholder/anna-alpha",
                "Anna Alpha",
                {"Alpha"},
                off,
                ZZA,
                "2015-01-01",
                "2020-01-01",
            ),
            tenure(iris.ID + "officeholder/boris-beta", "Boris Beta", {"Beta"}, off, ZZA, "2020-01-01", None),
        ]
    )


def doc(
    entities: list[Entity], facts: list[tuple[str, str, str]] = (), date: str = "2022-05-05"
) -> Extraction:
    return Extraction(
        Document("d2", "text", "test", date=date),
        entities,
        [Fact(s, p, o, EV) for s, p, o in facts],
    )


def country(iri: str, label: str) -> Entity:
    return Entity(iri, "Country", label, reference=True)


def test_linking_office_holder_by_surname_and_title_at_the_documents_date():
    linker = CrossLinker(countries(), book())
    x = doc([Entity("person/beta", "Person", "Beta", post="President")])
    [d] = linker.link(x)
    assert d.rule == "office-holder" and d.new == "person/boris-beta"
    assert d.holder == iris.ID + "officeholder/boris-beta" and d.tenure
    assert "President of Zedland" in d.evidence and "2020-01-01" in d.evidence
    assert [e.key for e in x.entities] == ["person/boris-beta"]
    # the same surname and title in 2017 is the previous holder's time: no holder named Beta then
    y = doc([Entity("person/beta", "Person", "Beta", post="President")], date="2017-03-03")
    assert linker.link(y) == []


def test_linking_surname_alone_needs_title_or_state():
    linker = CrossLinker(countries(), book())
    assert linker.link(doc([Entity("person/beta", "Person", "Beta")])) == []
    x = doc(
        [Entity("person/beta", "Person", "Beta"), country(ZZA, "Zedland")],
        [("person/beta", "affiliatedWith", ZZA)],
    )
    [d] = linker.link(x)
    assert d.new == "person/boris-beta"


def test_linking_surname_of_the_only_holder_so_named_when_the_document_names_the_state():
    linker = CrossLinker(countries(), book())
    x = doc(
        [Entity("person/beta", "Person", "Beta"), country(ZZA, "Zedland")]
    )  # "Beta's war" in a Zedland story
    [d] = linker.link(x)
    assert d.new == "person/boris-beta"
    # a second holder of the same name somewhere makes the bare surname ambiguous
    tenures = [*book().tenures]
    clone = tenures[-1]
    other = type(clone)(
        iris.ID + "officeholder/bert-beta",
        "Bert Beta",
        frozenset({"beta", "bert beta"}),
        iris.ID + "office/ZZB-president",
        "President of Borduria",
        clone.kinds,
        ZZB,
        "2010",
        None,
    )
    linker = CrossLinker(countries(), OfficeBook([*tenures, other]))
    assert linker.link(doc([Entity("person/beta", "Person", "Beta"), country(ZZA, "Zedland")])) == []


def test_linking_office_holder_refused_when_the_text_says_another_state():
    linker = CrossLinker(countries(), book())
    x = doc(
        [Entity("person/beta", "Person", "Beta", post="President"), country(ZZB, "Borduria")],
        [("person/beta", "affiliatedWith", ZZB)],
    )
    assert linker.link(x) == []


def test_linking_person_full_name_and_initial_variant_join():
    linker = CrossLinker(
        [*countries(), Known("person/donald-duck", "Person", "Donald Duck", {"Donald Duck"})]
    )
    x = doc([Entity("person/donald-j-duck", "Person", "Donald J. Duck")])
    [d] = linker.link(x)
    assert d.rule == "person-name" and d.new == "person/donald-duck"


@pytest.mark.parametrize(
    ("state", "joined"),
    [(ZZA, True), (ZZB, False), (None, False)],
)
def test_linking_person_surname_joins_only_within_the_same_state(state: str | None, joined: bool):
    known = Known("person/carl-gamma", "Person", "Carl Gamma", {"Carl Gamma"}, {ZZA})
    linker = CrossLinker([*countries(), known])
    ents = [Entity("person/gamma", "Person", "Gamma")]
    facts = []
    if state:
        ents.append(country(state, "X"))
        facts.append(("person/gamma", "affiliatedWith", state))
    decisions = linker.link(doc(ents, facts))
    assert bool(decisions) is joined


def test_linking_two_fitting_persons_leave_it_alone():
    a = Known("person/carl-gamma", "Person", "Carl Gamma", {"Carl Gamma"}, {ZZA})
    b = Known("person/dora-gamma", "Person", "Dora Gamma", {"Dora Gamma"}, {ZZA})
    linker = CrossLinker([*countries(), a, b])
    x = doc(
        [Entity("person/gamma", "Person", "Gamma"), country(ZZA, "Zedland")],
        [("person/gamma", "affiliatedWith", ZZA)],
    )
    assert linker.link(x) == []


def zedland_ministry() -> Known:
    """A known body of the invented state: Zedland's Ministry of Digital Affairs."""
    return Known(
        "gov/ZZA-ministry-of-digital-affairs",
        "GovernmentBody",
        "Ministry of Digital Affairs",
        {"Ministry of Digital Affairs"},
        {ZZA},
    )


@pytest.mark.parametrize(
    "variant",
    [
        "Ministry of Digital Affairs of the Republic of Zedland",
        "Zedland's Ministry of Digital Affairs",
        "Zedlandic Ministry of Digital Affair",
        "MDA",
    ],
)
def test_linking_body_variants_join_within_the_state(variant: str):
    known = zedland_ministry()
    linker = CrossLinker([*countries(), known])
    x = doc(
        [Entity("gov/ZZA-variant", "GovernmentBody", variant), country(ZZA, "Zedland")],
        [("gov/ZZA-variant", "jurisdiction", ZZA)],
    )
    [d] = linker.link(x)
    assert d.new == "gov/ZZA-ministry-of-digital-affairs"
    assert d.rule in ("body-name", "acronym")
    assert ("gov/ZZA-ministry-of-digital-affairs", "jurisdiction", ZZA) in {(f.s, f.p, f.o) for f in x.facts}


def test_linking_never_across_states_or_types():
    known = zedland_ministry()
    linker = CrossLinker([*countries(), known])
    other_state = doc(
        [Entity("gov/ZZB-ministry-of-digital-affairs", "GovernmentBody", "Ministry of Digital Affairs")]
    )
    assert linker.link(other_state) == []
    company = doc([Entity("company/ministry-of-digital-affairs", "Company", "Ministry of Digital Affairs")])
    assert linker.link(company) == []
    no_state = doc(
        [Entity("gov/ministry-of-digital-affairs", "GovernmentBody", "Ministry of Digital Affairs")]
    )
    assert linker.link(no_state) == []


def test_linking_joined_to_a_gazetteer_node_takes_its_label():
    ref = Known(
        iris.ID + "gov/ZZA-MDA",
        "GovernmentBody",
        "Ministry of Digital Affairs of Zedland",
        {"Ministry of Digital Affairs of Zedland"},
        {ZZA},
        reference=True,
    )
    linker = CrossLinker([*countries(), ref])
    x = doc([Entity("gov/ZZA-ministry-of-digital-affairs", "GovernmentBody", "Ministry of Digital Affairs")])
    [d] = linker.link(x)
    assert d.rule == "body-name"
    [e] = x.entities
    assert e.key == iris.ID + "gov/ZZA-MDA" and e.reference
    assert e.label == "Ministry of Digital Affairs of Zedland" and "Ministry of Digital Affairs" in e.aliases


def test_linking_company_legal_form_and_organisation_acronym():
    council = Known(
        "org/north-sea-council",
        "InternationalOrganization",
        "North Sea Council",
        {"North Sea Council", "NSC"},
    )
    linker = CrossLinker([*countries(), Known("company/acme", "Company", "Acme", {"Acme"}), council])
    x = doc(
        [
            Entity("company/acme-holdings-ltd", "Company", "Acme Holdings Ltd"),
            Entity("org/nsc", "InternationalOrganization", "NSC"),
        ]
    )
    rules = {d.new: d.rule for d in linker.link(x)}
    assert rules == {"company/acme": "company-name", "org/north-sea-council": "acronym"}
    # initials alone are not an acronym a text gave: "NSC" does not join a "National Shipping Company"
    ship = Known(
        "company/national-shipping-company",
        "Company",
        "National Shipping Company",
        {"National Shipping Company"},
    )
    linker = CrossLinker([*countries(), ship])
    assert linker.link(doc([Entity("company/nsc", "Company", "NSC")])) == []


def test_linking_place_spelling_variants_within_the_state():
    known = Known("place/ZZA-nur-sultan", "Place", "Nur-Sultan", {"Nur-Sultan"}, {ZZA})
    linker = CrossLinker([*countries(), known])
    [d] = linker.link(doc([Entity("place/ZZA-nur-sultan-x", "Place", "Nur Sultan")]))
    assert d.new == "place/ZZA-nur-sultan" and d.rule == "place-spelling"
    assert linker.link(doc([Entity("place/ZZB-nur-sultan", "Place", "Nur Sultan")])) == []


def test_linking_rekey_merges_entities_and_facts_of_the_document():
    known = Known("person/carl-gamma", "Person", "Carl Gamma", {"Carl Gamma"}, {ZZA})
    linker = CrossLinker([*countries(), known])
    x = doc(
        [
            Entity("person/c-gamma", "Person", "C. Gamma"),
            Entity("person/carl-gamma", "Person", "Carl Gamma"),
            Entity("person/zoe-omega", "Person", "Zoe Omega"),
        ],
        [
            ("person/c-gamma", "metWith", "person/carl-gamma"),
            ("person/c-gamma", "metWith", "person/zoe-omega"),
        ],
    )
    linker.link(x)
    assert sorted(e.key for e in x.entities) == ["person/carl-gamma", "person/zoe-omega"]
    merged = next(e for e in x.entities if e.key == "person/carl-gamma")
    assert "C. Gamma" in merged.aliases
    # the self-loop is gone; the symmetric fact is ordered
    assert [(f.s, f.p, f.o) for f in x.facts] == [("person/carl-gamma", "metWith", "person/zoe-omega")]


def test_linking_exceptions_file_undoes_a_merge(tmp_path: Path):
    known = Known("person/donald-duck", "Person", "Donald Duck", {"Donald Duck"})
    path = tmp_path / "link-exceptions.csv"
    path.write_text("a,b,reason\nperson/donald-j-duck,person/donald-duck,two cousins\n", encoding="utf-8")
    linker = CrossLinker([*countries(), known], exceptions=load_exceptions(path))
    assert linker.link(doc([Entity("person/donald-j-duck", "Person", "Donald J. Duck")])) == []
    # and an office-holder match is undone the same way
    path.write_text("a,b,reason\nperson/beta,person/boris-beta,another Beta\n", encoding="utf-8")
    linker = CrossLinker(countries(), book(), exceptions=load_exceptions(path))
    assert linker.link(doc([Entity("person/beta", "Person", "Beta", post="President")])) == []


def test_linking_exceptions_file_bad_row(tmp_path: Path):
    path = tmp_path / "link-exceptions.csv"
    path.write_text("a,b,reason\nperson/x,,oops\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"link-exceptions.csv:2: .* Fix:"):
        load_exceptions(path)


def test_linking_remembered_documents_are_compared_with_later_ones():
    linker = CrossLinker(countries())
    first = doc(
        [Entity("person/carl-gamma", "Person", "Carl Gamma"), country(ZZA, "Zedland")],
        [("person/carl-gamma", "affiliatedWith", ZZA)],
    )
    assert linker.link(first) == []
    linker.remember(first)
    later = doc(
        [Entity("person/gamma", "Person", "Gamma"), country(ZZA, "Zedland")],
        [("person/gamma", "affiliatedWith", ZZA)],
    )
    [d] = linker.link(later)
    assert d.new == "person/carl-gamma" and "same surname" in d.evidence


def test_linking_quads_record_the_evidence_and_the_office_holder():
    d = LinkDecision(
        "d2",
        "person/beta",
        "person/boris-beta",
        "Person",
        "office-holder",
        "why",
        iris.ID + "tenure/t1",
        iris.ID + "officeholder/boris-beta",
    )
    quads = list(link_quads([d], "d2"))
    assert {q[3] for q in quads} == {iris.links_graph("d2")}
    triples = {(s, p, o) for s, p, o, _ in quads}
    node = iris.link_decision("d2", "person/beta", "person/boris-beta")
    assert (node, COOP.linkedFrom, Literal("person/beta")) in triples
    assert (node, COOP.atTenure, URIRef(iris.ID + "tenure/t1")) in triples
    assert (
        iris.entity("person/boris-beta"),
        SKOS.exactMatch,
        URIRef(iris.ID + "officeholder/boris-beta"),
    ) in triples


def agreement_doc(
    key: str, kind: str | None, date: str, areas: list[str], doc_date: str = "2024-01-10"
) -> Extraction:
    from graph.model import DateValue

    e = Entity(key, "Agreement", "Memorandum on digital cooperation", subtype=kind, date=DateValue(date))
    ents = [
        e,
        country(ZZA, "Zedland"),
        country(ZZB, "Borduria"),
        Entity("gov/ZZA-mda", "GovernmentBody", "MDA"),
    ]
    facts = [(key, "signatory", "gov/ZZA-mda"), (key, "signatory", ZZB), ("gov/ZZA-mda", "jurisdiction", ZZA)]
    facts += [(key, "coversArea", a) for a in areas]
    return doc(ents, facts, date=doc_date)


@pytest.mark.parametrize(
    ("kind", "date", "areas", "joined"),
    [
        (
            "MemorandumOfUnderstanding",
            "2024-06",
            ["ArtificialIntelligence"],
            True,
        ),  # signed after the announcement
        ("Treaty", "2024-06", ["ArtificialIntelligence"], False),  # another kind
        ("MemorandumOfUnderstanding", "2030", ["ArtificialIntelligence"], False),  # outside the window
        ("MemorandumOfUnderstanding", "2024-06", ["Postal"], False),  # another topic
    ],
)
def test_linking_one_agreement_across_documents(kind: str, date: str, areas: list[str], joined: bool):
    linker = CrossLinker(countries())
    first = agreement_doc(
        "agreement/zedland-borduria-mou",
        "MemorandumOfUnderstanding",
        "2024-01",
        ["ArtificialIntelligence", "BigData"],
    )
    assert linker.link(first) == []
    linker.remember(first)
    later = agreement_doc(
        "agreement/memorandum-on-digital-cooperation", kind, date, areas, doc_date="2024-06-20"
    )
    decisions = linker.link(later)
    assert bool(decisions) is joined
    if joined:
        assert decisions[0].rule == "agreement" and decisions[0].new == "agreement/zedland-borduria-mou"
        assert "country/ZZA" in decisions[0].evidence and "country/ZZB" in decisions[0].evidence


def test_linking_agreement_needs_two_states_as_parties():
    linker = CrossLinker(countries())
    first = agreement_doc("agreement/a", "MemorandumOfUnderstanding", "2024-01", ["BigData"])
    first.facts = [f for f in first.facts if f.o != ZZB]
    linker.remember(first)
    later = agreement_doc("agreement/b", "MemorandumOfUnderstanding", "2024-02", ["BigData"])
    later.facts = [f for f in later.facts if f.o != ZZB]
    assert linker.link(later) == []


def test_linking_two_agreements_signed_on_different_days_or_named_apart_stay_two():
    """Two memoranda between the same parties on the same topic are two documents when they were
    signed on different days, or when their names share too little ('on 5G networks' vs 'on ICT')."""
    linker = CrossLinker(countries())
    first = agreement_doc(
        "agreement/a", "MemorandumOfUnderstanding", "2023-03-14", ["ArtificialIntelligence"]
    )
    linker.remember(first)
    later = agreement_doc(
        "agreement/b",
        "MemorandumOfUnderstanding",
        "2024-08-22",
        ["ArtificialIntelligence"],
        doc_date="2024-08-22",
    )
    assert linker.link(later) == []
    renamed = agreement_doc("agreement/c", "MemorandumOfUnderstanding", "2023-03", ["ArtificialIntelligence"])
    renamed.entities[0].label = "Memorandum of understanding on 5G networks and satellite broadcasting"
    assert linker.link(renamed) == []


def test_body_core_remembered_until_a_new_country_form_arrives():
    """Body names' cores are kept between documents, and found anew once a country form is added
    (the country pattern strips state names from a body's name)."""
    name = "Ministry of Digital Development of Ruritania"
    linker = CrossLinker(countries(), book())
    assert linker._body_core(name) == ("minist", "digita", "develo", "rurita")
    rur = Entity(iris.ID + "country/ZZR", "Country", "Ruritania", reference=True)
    linker.remember(Extraction(Document("d1", "Ruritania signed.", "d1.txt"), [rur], []))
    assert linker._body_core(name) == ("minist", "digita", "develo")
    before = linker._country_pattern()
    linker.remember(Extraction(Document("d2", "Ruritania again.", "d2.txt"), [rur], []))
    assert linker._country_pattern() is before  # no new form: the pattern and the cores stay


def test_linker_index_read_from_the_store_gathers_each_entitys_forms_states_and_agreement_parts(
    tmp_path: Path,
) -> None:
    """The index is read in parts (entities, forms, states; agreements, parties, areas, dates):
    each entity still gets every form and state, each agreement every party and area, that any
    stored document graph gives it, and the label of the graph that names it first."""
    import dataclasses as dc

    from graph import entities
    from graph.model import Document
    from graph.rdf.mapping import extraction_quads
    from graph.store import Store

    one = agreement_doc("agreement/zz-mou", "MemorandumOfUnderstanding", "2024-01-15", ["BigData"])
    one.doc = Document("d1", "text", "test", date="2024-01-10")
    one.entities[3].aliases = ["Ministry of Digital Affairs"]
    two = agreement_doc("agreement/zz-mou", "MemorandumOfUnderstanding", "2024-01-15", ["Postal"])
    two.doc = Document("d2", "text", "test", date="2024-02-10")
    two.entities[3].aliases = ["Digital Ministry"]
    two.facts = [f for f in two.facts if f.o != ZZB]  # the second names one signatory only
    with Store(tmp_path, create=True, write=True) as store:
        for x in (one, two):
            entities.replace_document(store, iris.doc_graph(x.doc.id), extraction_quads(x, x.doc.id))
        linker = CrossLinker.from_store(store, exceptions=frozenset())
    body = linker.known[str(iris.entity("gov/ZZA-mda"))]
    assert (body.type, body.label, body.reference) == ("GovernmentBody", "MDA", False)
    assert body.forms == {"MDA", "Ministry of Digital Affairs", "Digital Ministry"}
    assert body.states == {ZZA}
    assert linker.known[ZZB].type == "Country"
    mou = linker.agreements[str(iris.entity("agreement/zz-mou"))]
    assert dc.astuple(mou) == (
        "agreement/zz-mou",
        "Memorandum on digital cooperation",
        "MemorandumOfUnderstanding",
        {ZZA, ZZB},
        {"BigData", "Postal"},
        "2024-01-15",
    )


def test_body_cores_with_forms_added_one_by_one_equal_those_of_a_linker_that_knew_them_all():
    """The pattern is compiled again only for a name holding a form added since: the cores found
    along the way equal those found with every form known from the start."""
    names = [
        "Ministry of Digital Development of Ruritania",
        "Ruritanian Communications Authority",
        "Ministry of Foreign Affairs of the Republic of Zedland",
        "Bordurian Ministry of Posts",
        "Agency for Informatization of Syldavia's Government",
        "National Bank",
    ]
    extra = [
        Known(iris.ID + "country/ZZR", "Country", "Ruritania", {"Ruritanian"}, reference=True),
        Known(iris.ID + "country/ZZS", "Country", "Syldavia", {"Syldavian"}, reference=True),
    ]
    growing = CrossLinker(countries(), book())
    for name in names:
        growing._body_core(name)
    compiled = growing._country_pattern()
    growing._add(extra[0])
    assert growing._body_core("National Bank") == ("nation", "bank")
    assert growing._country_re is compiled  # a name without the new forms: not compiled again
    growing._add(extra[1])
    got = [growing._body_core(n) for n in names]
    fresh = CrossLinker([*countries(), *extra], book())
    assert got == [fresh._body_core(n) for n in names]
    assert got[0] == ("minist", "digita", "develo") and got[4] == ("agency", "inform", "govern")
