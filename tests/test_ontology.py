"""The ontology, the area scheme and the gazetteer honour the contract."""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

ONT = ROOT / "ontology"
GAZ = ONT / "gazetteer"
COOP = Namespace("https://w3id.org/coopgraph/ont#")
AREA = Namespace("https://w3id.org/coopgraph/area/")
COUNTRY = Namespace("https://w3id.org/coopgraph/id/country/")
ORG = Namespace("https://w3id.org/coopgraph/id/org/")
PLACE = Namespace("https://w3id.org/coopgraph/id/place/")
ONTOLOGY_IRI = URIRef("https://w3id.org/coopgraph/ont")

# From shared/docs/ontology.md and the helper brief (local names are the contract).
CONTRACT_CLASSES = [
    "Actor", "Organization", "Country", "InternationalOrganization", "GovernmentBody", "Company",
    "Person", "Place", "Event", "Meeting", "Summit", "Forum", "Conference", "Negotiation", "Visit",
    "Signing", "Accession", "Exercise", "Agreement", "MemorandumOfUnderstanding", "Treaty",
    "ActionPlan", "Programme", "Strategy", "LegalAct", "Declaration", "JointStatement", "Initiative",
    "CooperationArea", "SourceDocument", "Mention", "ExtractionRun", "Assertion",
]  # fmt: skip
CONTRACT_OBJECT_PROPERTIES = [
    "memberOf", "cooperatesWith", "signatory", "participant", "organizer", "location", "locatedIn",
    "coversArea", "affiliatedWith", "jurisdiction", "metWith", "visited", "exportsTo", "partOf",
    "implements", "discusses", "foundedIn", "inDocument", "extractedBy",
]  # fmt: skip
CONTRACT_DATATYPE_PROPERTIES = [
    "startDate", "endDate", "datePrecision", "status", "confidence", "sentenceText", "charStart",
    "charEnd", "sentenceIndex", "documentId", "documentDate", "contentHash", "sourceUrl",
    "extractorVersion", "modelName", "modelVersion", "isoAlpha2", "isoAlpha3", "demonym", "acronym", "post",
]  # fmt: skip
EVENT_SUBCLASSES = [
    "Meeting", "Summit", "Forum", "Conference", "Negotiation", "Visit", "Signing", "Accession", "Exercise",
]  # fmt: skip
AGREEMENT_SUBCLASSES = [
    "MemorandumOfUnderstanding", "Treaty", "ActionPlan", "Programme", "Strategy", "LegalAct",
    "Declaration", "JointStatement",
]  # fmt: skip
# From shared/eval/README.md.
EVAL_AREAS = [
    "ArtificialIntelligence", "BigData", "CloudComputing", "Cybersecurity", "DataProtection",
    "DigitalEconomy", "DigitalHealth", "DigitalInclusion", "DigitalInfrastructure", "DigitalTrade",
    "DigitalTransformation", "EGovernment", "ESignature", "HighTechManufacturing", "ICTServicesExport",
    "ICTSkills", "InternetGovernance", "Postal", "Satellite", "SmartCities", "Telecommunications",
    "Broadcasting", "ResearchAndInnovation",
]  # fmt: skip

ENTITY_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX coop: <https://w3id.org/coopgraph/ont#>
SELECT ?e ?type ?label ?alt WHERE {
  ?e a ?type ; rdfs:label ?label .
  OPTIONAL { ?e skos:altLabel|coop:demonym|coop:acronym ?alt }
}
"""


@cache
def coop() -> Graph:
    return Graph().parse(ONT / "coop.ttl")


@cache
def areas() -> Graph:
    return Graph().parse(ONT / "areas.ttl")


@cache
def gazetteer() -> Graph:
    graph = Graph()
    for path in sorted(GAZ.glob("*.ttl")):
        graph.parse(path)
    return graph


def forms(graph: Graph, entity: URIRef) -> set[str]:
    return {
        str(o)
        for p in (RDFS.label, SKOS.altLabel, COOP.demonym, COOP.acronym)
        for o in graph.objects(entity, p)
    }


def owner_of(graph: Graph, form: str, prop: URIRef = SKOS.altLabel) -> set[URIRef]:
    return set(graph.subjects(prop, Literal(form)))


# ------------------------------------------------------------------ coop.ttl


def test_ontology_header():
    graph = coop()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) is not None


@pytest.mark.parametrize(
    ("name", "kind"),
    [(n, OWL.Class) for n in CONTRACT_CLASSES]
    + [(n, OWL.ObjectProperty) for n in CONTRACT_OBJECT_PROPERTIES]
    + [(n, OWL.DatatypeProperty) for n in CONTRACT_DATATYPE_PROPERTIES],
)
def test_ontology_contract_term_defined(name: str, kind: URIRef):
    graph, term = coop(), COOP[name]
    assert (term, RDF.type, kind) in graph, f"coop:{name} is not declared as {kind}"
    assert len(list(graph.objects(term, RDFS.label))) == 1, f"coop:{name} needs one rdfs:label"
    comment = graph.value(term, RDFS.comment)
    assert comment is not None and len(str(comment)) > 15, f"coop:{name} needs an rdfs:comment"
    assert graph.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI


def test_ontology_every_term_documented():
    graph = coop()
    for term in set(graph.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI)):
        assert graph.value(term, RDFS.label) is not None, term
    declared = {
        s
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in graph.subjects(RDF.type, t)
        if str(s).startswith(str(COOP))
    }
    undocumented = {t for t in declared if graph.value(t, RDFS.comment) is None}
    assert not undocumented


@pytest.mark.parametrize("name", EVENT_SUBCLASSES)
def test_ontology_event_subclass(name: str):
    assert (COOP[name], RDFS.subClassOf, COOP.Event) in coop()


@pytest.mark.parametrize("name", AGREEMENT_SUBCLASSES)
def test_ontology_agreement_subclass(name: str):
    graph = coop()
    supers = set(graph.transitive_objects(COOP[name], RDFS.subClassOf))
    assert COOP.Agreement in supers


def test_ontology_symmetric_properties():
    graph = coop()
    for name in ("cooperatesWith", "metWith"):
        assert (COOP[name], RDF.type, OWL.SymmetricProperty) in graph
    for name in ("memberOf", "signatory", "participant"):
        assert (COOP[name], RDF.type, OWL.SymmetricProperty) not in graph


def test_ontology_country_is_actor_and_place():
    supers = set(coop().transitive_objects(COOP.Country, RDFS.subClassOf))
    assert {COOP.Actor, COOP.Place} <= supers


def test_ontology_alignments():
    graph = coop()
    wdt = Namespace("http://www.wikidata.org/prop/direct/")
    wd = Namespace("http://www.wikidata.org/entity/")
    assert (COOP.memberOf, SKOS.exactMatch, wdt.P463) in graph
    assert (COOP.participant, SKOS.exactMatch, wdt.P710) in graph
    assert (COOP.signatory, SKOS.exactMatch, wdt.P1891) in graph
    assert (COOP.Country, SKOS.closeMatch, wd.Q6256) in graph
    assert (COOP.Person, SKOS.exactMatch, wd.Q5) in graph
    assert (COOP.memberOf, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#memberOf")) in graph
    assert (COOP.ExtractionRun, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Activity")) in graph


def test_ontology_plover_annotations():
    graph = coop()
    plover = Namespace("https://w3id.org/coopgraph/plover/")
    assert graph.value(COOP.Negotiation, COOP.cameoCode) == Literal("046")
    assert graph.value(COOP.Visit, COOP.ploverCategory) == plover.CONSULT
    notations = {str(n) for n in graph.objects(None, SKOS.notation)}
    assert {"CONSULT", "AGREE", "COOPERATE", "SUPPORT"} <= notations


# ------------------------------------------------------------------ areas.ttl


@pytest.mark.parametrize("area_id", EVAL_AREAS)
def test_areas_eval_id_in_scheme(area_id: str):
    graph, concept = areas(), AREA[area_id]
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert (concept, RDF.type, COOP.CooperationArea) in graph
    assert (concept, SKOS.inScheme, AREA.scheme) in graph
    pref = [o for o in graph.objects(concept, SKOS.prefLabel) if o.language == "en"]
    assert len(pref) == 1
    assert graph.value(concept, SKOS.definition) is not None
    assert list(graph.objects(concept, SKOS.altLabel)), f"{area_id} has no altLabel"


def test_areas_hierarchy_has_no_cycles_and_reaches_a_top():
    graph = areas()
    tops = set(graph.objects(AREA.scheme, SKOS.hasTopConcept))
    assert tops == set(graph.subjects(SKOS.topConceptOf, AREA.scheme))
    assert 3 <= len(tops) <= 8
    for concept in set(graph.subjects(SKOS.inScheme, AREA.scheme)):
        seen, node = [concept], concept
        while node not in tops:
            parents = list(graph.objects(node, SKOS.broader))
            assert len(parents) == 1, f"{node} must have one broader concept or be a top concept"
            node = parents[0]
            assert node not in seen, f"cycle through {node}"
            seen.append(node)


def test_areas_alt_labels_unique_across_concepts():
    graph = areas()
    owners: dict[str, set] = {}
    for concept, alt in graph.subject_objects(SKOS.altLabel):
        owners.setdefault(str(alt).casefold(), set()).add(concept)
    shared = {alt: c for alt, c in owners.items() if len(c) > 1}
    assert not shared


@pytest.mark.parametrize(
    ("phrase", "area_id"),
    [
        ("digital medicine", "DigitalHealth"),
        ("training of personnel in the field of ICT", "ICTSkills"),
        ("5G", "Telecommunications"),
        ("cloud technologies", "CloudComputing"),
        ("AI", "ArtificialIntelligence"),
        ("personal data protection", "DataProtection"),
        ("export of ICT services", "ICTServicesExport"),
        ("smart city", "SmartCities"),
        ("ransomware", "Cybersecurity"),
        ("e-commerce", "DigitalTrade"),
    ],
)
def test_areas_alt_label_wording(phrase: str, area_id: str):
    graph = areas()
    hits = {c for c, a in graph.subject_objects(SKOS.altLabel) if str(a).casefold() == phrase.casefold()}
    assert hits == {AREA[area_id]}


def test_areas_no_bare_ambiguous_words():
    alts = {str(a).casefold() for a in areas().objects(None, SKOS.altLabel)}
    assert not alts & {"space", "cloud", "spectrum", "communications", "data", "digital", "ict", "network"}


# ------------------------------------------------------------------ gazetteer


def test_gazetteer_size_under_limit():
    total = sum(p.stat().st_size for p in GAZ.glob("*.ttl"))
    assert total < 5_000_000


def test_gazetteer_countries():
    graph = gazetteer()
    countries = set(graph.subjects(RDF.type, COOP.Country))
    assert len(countries) >= 193
    pattern = re.compile(r"^https://w3id\.org/coopgraph/id/country/[A-Z]{3}$")
    for country in countries:
        assert pattern.match(str(country)), country
        assert len(list(graph.objects(country, RDFS.label))) == 1, country
        assert str(graph.value(country, COOP.isoAlpha3)) == str(country)[-3:]
    members = set(graph.subjects(COOP.unStatus, Literal("member")))
    assert len(members) == 193
    assert set(graph.subjects(COOP.unStatus, Literal("observer"))) == {COUNTRY.PSE, COUNTRY.VAT}


@pytest.mark.parametrize(
    ("alpha3", "label"),
    [
        ("BLR", "Belarus"),
        ("CHN", "China"),
        ("RUS", "Russia"),
        ("USA", "United States"),
        ("GBR", "United Kingdom"),
        ("KOR", "South Korea"),
        ("PRK", "North Korea"),
        ("IRN", "Iran"),
        ("VNM", "Vietnam"),
        ("TUR", "Türkiye"),
        ("LAO", "Laos"),
        ("SYR", "Syria"),
        ("TWN", "Taiwan"),
    ],
)
def test_gazetteer_country_label(alpha3: str, label: str):
    assert gazetteer().value(COUNTRY[alpha3], RDFS.label) == Literal(label)


@pytest.mark.parametrize(
    ("form", "alpha3"),
    [
        ("PRC", "CHN"),
        ("People's Republic of China", "CHN"),
        ("Russian Federation", "RUS"),
        ("U.S.", "USA"),
        ("USA", "USA"),
        ("US", "USA"),
        ("America", "USA"),
        ("UK", "GBR"),
        ("Great Britain", "GBR"),
        ("Republic of Korea", "KOR"),
        ("ROK", "KOR"),
        ("Korea", "KOR"),
        ("DPRK", "PRK"),
        ("Turkey", "TUR"),
        ("Czechia", "CZE"),
        ("Republic of Belarus", "BLR"),
    ],
)
def test_gazetteer_country_alt_label(form: str, alpha3: str):
    assert owner_of(gazetteer(), form) == {COUNTRY[alpha3]}


@pytest.mark.parametrize(
    ("demonym", "alpha3"),
    [
        ("Belarusian", "BLR"),
        ("Chinese", "CHN"),
        ("Russian", "RUS"),
        ("American", "USA"),
        ("British", "GBR"),
        ("Korean", "KOR"),
        ("Kazakh", "KAZ"),
        ("Uzbek", "UZB"),
        ("Argentine", "ARG"),
        ("French", "FRA"),
        ("Indian", "IND"),
    ],
)
def test_gazetteer_country_demonym(demonym: str, alpha3: str):
    assert owner_of(gazetteer(), demonym, COOP.demonym) == {COUNTRY[alpha3]}


def test_gazetteer_country_forms_not_ambiguous():
    graph = gazetteer()
    countries = set(graph.subjects(RDF.type, COOP.Country))
    seen: dict[str, URIRef] = {}
    for country in sorted(countries):
        for form in forms(graph, country):
            key = form.casefold()
            assert seen.setdefault(key, country) == country, f"{form!r} names {seen[key]} and {country}"
    short = {f for c in countries for f in forms(graph, c) if len(f.replace(".", "")) <= 2}
    assert short == {"US", "UK", "U.S.", "U.K."}
    assert "Island" not in {f for c in countries for f in forms(graph, c)}


@pytest.mark.parametrize(
    ("org", "acronym"),
    [("SCO", "SCO"), ("ITU", "ITU"), ("EU", "EU"), ("NATO", "NATO"), ("ASEAN", "ASEAN"), ("UN", "UN")],
)
def test_gazetteer_organization_acronym(org: str, acronym: str):
    graph = gazetteer()
    assert (ORG[org], RDF.type, COOP.InternationalOrganization) in graph
    assert Literal(acronym) in set(graph.objects(ORG[org], COOP.acronym))
    assert len(list(graph.objects(ORG[org], RDFS.label))) == 1


def test_gazetteer_organizations_count_and_unique_labels():
    graph = gazetteer()
    orgs = set(graph.subjects(RDF.type, COOP.InternationalOrganization))
    assert len(orgs) >= 80
    labels = [str(graph.value(o, RDFS.label)).casefold() for o in orgs]
    assert len(labels) == len(set(labels))


def test_gazetteer_government_bodies_jurisdiction():
    graph = gazetteer()
    bodies = set(graph.subjects(RDF.type, COOP.GovernmentBody))
    assert 200 <= len(bodies) <= 320
    countries = set(graph.subjects(RDF.type, COOP.Country))
    for body in bodies:
        assert len(list(graph.objects(body, RDFS.label))) == 1, body
        jurisdictions = set(graph.objects(body, COOP.jurisdiction))
        assert len(jurisdictions) <= 1 and jurisdictions <= countries, body
    gov = Namespace("https://w3id.org/coopgraph/id/gov/")
    assert graph.value(gov["CHN-StateCouncil"], COOP.jurisdiction) == COUNTRY.CHN
    assert graph.value(gov["USA-WhiteHouse"], COOP.jurisdiction) == COUNTRY.USA
    assert graph.value(gov["EU-Commission"], COOP.jurisdiction) is None
    assert "Kremlin" not in {str(graph.value(b, RDFS.label)) for b in bodies}


@pytest.mark.parametrize(
    ("place", "alpha3"),
    [
        ("BY-minsk", "BLR"),
        ("UA-kyiv", "UKR"),
        ("US-washington-d-c", "USA"),
        ("CN-beijing", "CHN"),
        ("RU-moscow", "RUS"),
        ("RU-kursk-oblast", "RUS"),
    ],
)
def test_gazetteer_place_located_in(place: str, alpha3: str):
    graph = gazetteer()
    assert (PLACE[place], RDF.type, COOP.Place) in graph
    assert graph.value(PLACE[place], COOP.locatedIn) == COUNTRY[alpha3]


def test_gazetteer_place_exonyms():
    graph = gazetteer()
    assert owner_of(graph, "Kiev") == {PLACE["UA-kyiv"]}
    assert owner_of(graph, "Washington") == {PLACE["US-washington-d-c"]}
    assert graph.value(PLACE["US-washington-d-c"], RDFS.label) == Literal("Washington, D.C.")


def test_gazetteer_places_well_formed():
    graph = gazetteer()
    places = set(graph.subjects(RDF.type, COOP.Place)) - set(graph.subjects(RDF.type, COOP.Country))
    assert len(places) > 1000
    country_forms = {f.casefold() for c in graph.subjects(RDF.type, COOP.Country) for f in forms(graph, c)}
    pattern = re.compile(r"^https://w3id\.org/coopgraph/id/place/[A-Z]{2}-[a-z0-9-]+$")
    labels: set[str] = set()
    for place in places:
        assert pattern.match(str(place)), place
        label = [str(o) for o in graph.objects(place, RDFS.label)]
        assert len(label) == 1, place
        assert label[0].casefold() not in country_forms, f"{place} is named like a country"
        assert label[0].casefold() not in labels, f"two places are labelled {label[0]!r}"
        labels.add(label[0].casefold())
        assert graph.value(place, COOP.locatedIn) is not None
    assert not labels & {"delta", "victoria", "mary", "male", "gulf", "north", "central"}


def test_gazetteer_consumable_by_the_nlp_query():
    rows = list(gazetteer().query(ENTITY_QUERY))
    types = {row.type for row in rows}
    assert {COOP.Country, COOP.InternationalOrganization, COOP.GovernmentBody, COOP.Place} <= types
    by_entity: dict = {}
    for row in rows:
        by_entity.setdefault(row.e, set()).add(str(row.alt) if row.alt is not None else None)
    assert "Belarusian" in by_entity[COUNTRY.BLR]
    assert "SCO" in by_entity[ORG.SCO]


def test_gazetteer_generation_is_deterministic(tmp_path: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "generate_gazetteer", ONT / "scripts" / "generate_gazetteer.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    module.main(["--out", str(tmp_path)])
    for name in ("countries.ttl", "places.ttl"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (GAZ / name).read_text(encoding="utf-8"), (
            f"{name} is stale: run python ontology/scripts/generate_gazetteer.py"
        )


@pytest.mark.parametrize(
    ("org", "acronym"),
    [
        ("RCC", "RCC"),
        ("APT", "APT"),
        ("ATU", "ATU"),
        ("CTU", "CTU"),
        ("CEPT", "CEPT"),
        ("ECO", "ECO"),
        ("EAEU", "EAEU"),
        ("CSTO", "CSTO"),
        ("AIIB", "AIIB"),
        ("EDB", "EDB"),
        ("ADB", "ADB"),
        ("NDB", "NDB"),
        ("BRICS", "BRICS"),
        ("AfDB", "AfDB"),
    ],
)
def test_gazetteer_regional_telecom_and_bank_acronyms(org: str, acronym: str):
    graph = gazetteer()
    assert (ORG[org], RDF.type, COOP.InternationalOrganization) in graph
    assert owner_of(graph, acronym, COOP.acronym) == {ORG[org]}


@pytest.mark.parametrize(
    ("place", "alpha3"),
    [
        ("US-seattle", "USA"),  # over 500 000, under a million
        ("DE-dresden", "DEU"),
        ("RU-vladivostok", "RUS"),
        ("PL-krakow", "POL"),
        ("CR-san-jose", "CRI"),  # a capital keeps its name against the bigger San Jose, California
    ],
)
def test_gazetteer_cities_over_half_a_million(place: str, alpha3: str):
    graph = gazetteer()
    assert graph.value(PLACE[place], COOP.locatedIn) == COUNTRY[alpha3]


def test_gazetteer_city_diacritic_variants():
    graph = gazetteer()
    assert owner_of(graph, "Krakow") == {PLACE["PL-krakow"]}
    assert graph.value(PLACE["PL-krakow"], RDFS.label) == Literal("Kraków")
    # names of people and companies stay out even when a city of 500 000 bears them
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert not {"Kennedy", "Carrefour", "Charlotte"} & labels


@pytest.mark.parametrize(
    ("org", "name", "parent"),
    [
        ("OCHA", "OCHA", "UN"),  # UN programmes and agencies are part of the UN
        ("FAO", "Food and Agriculture Organization", "UN"),
        ("IFC", "IFC", "WorldBank"),  # the World Bank Group's members are part of it
        ("EIB", "European Investment Bank", None),
        ("CENELEC", "CENELEC", None),  # European standards bodies
        ("IEC", "International Electrotechnical Commission", None),
        ("IORA", "IORA", None),  # regional groupings
        ("Gavi", "GAVI", None),  # global health alliances
    ],
)
def test_gazetteer_more_international_organisations(org: str, name: str, parent: str | None):
    graph = gazetteer()
    owners = set().union(*(owner_of(graph, name, p) for p in (RDFS.label, SKOS.altLabel, COOP.acronym)))
    assert owners == {ORG[org]}
    assert (ORG[org], RDF.type, COOP.InternationalOrganization) in graph
    if parent:
        assert graph.value(ORG[org], COOP.partOf) == ORG[parent]


def test_gazetteer_standard_numbers_are_no_organisation_acronyms():
    """ "ISO/IEC 27001" names a standard: the bodies are found by their full names only."""
    graph = gazetteer()
    assert not owner_of(graph, "ISO", COOP.acronym) and not owner_of(graph, "IEC", COOP.acronym)


INITIATIVE = Namespace("https://w3id.org/coopgraph/id/initiative/")


def test_gazetteer_initiatives_well_formed():
    """Named campaigns and frameworks (convention 6), one label each, every form naming one thing:
    no form of an initiative is a form of any other gazetteer entity (nor an area's)."""
    graph = gazetteer()
    initiatives = set(graph.subjects(RDF.type, COOP.Initiative))
    assert 80 <= len(initiatives) <= 150
    pattern = re.compile(r"^https://w3id\.org/coopgraph/id/initiative/[a-z0-9-]+$")
    owners: dict[str, set[URIRef]] = {}
    for entity in set(graph.subjects(RDFS.label, None)) - set(graph.subjects(RDF.type, COOP.Person)):
        for form in forms(graph, entity):
            owners.setdefault(form.casefold(), set()).add(entity)
    area_forms = {
        str(o).casefold() for p in (SKOS.prefLabel, SKOS.altLabel) for o in areas().objects(None, p)
    }
    for initiative in initiatives:
        assert pattern.match(str(initiative)), initiative
        assert len(list(graph.objects(initiative, RDFS.label))) == 1, initiative
        assert set(graph.objects(initiative, RDF.type)) == {COOP.Initiative}, initiative
        for form in forms(graph, initiative):
            assert owners[form.casefold()] == {initiative}, f"{form!r} names {owners[form.casefold()]}"
            assert form.casefold() not in area_forms, form
        for whole in graph.objects(initiative, COOP.partOf):
            assert (whole, RDF.type, COOP.Initiative) in graph, whole


@pytest.mark.parametrize(
    ("form", "initiative"),
    [
        ("BRI", "belt-and-road-initiative"),
        ("Digital Silk Road", "digital-silk-road"),
        ("Global Gateway", "global-gateway"),
        ("PGII", "pgii"),
        ("COVAX", "covax"),
        ("DFFT", "dfft"),
        ("PESCO", "pesco"),
        ("Middle Corridor", "middle-corridor"),
    ],
)
def test_gazetteer_initiative_forms(form: str, initiative: str):
    graph = gazetteer()
    owners = set().union(*(owner_of(graph, form, p) for p in (RDFS.label, SKOS.altLabel, COOP.acronym)))
    assert owners == {INITIATIVE[initiative]}


def test_gazetteer_initiatives_leave_out_formats_and_words():
    """Standing formats stay organisations, the Global Digital Compact an area form, and no bare
    word or shared name is an initiative's form."""
    graph = gazetteer()
    forms_of = {f for i in graph.subjects(RDF.type, COOP.Initiative) for f in forms(graph, i)}
    assert not forms_of & {
        "Three Seas Initiative", "Counter Ransomware Initiative", "Global Digital Compact", "Team Europe",
        "Giga", "Just Energy Transition Partnership", "Digital India", "CPEC", "IMEC", "GDI", "DSR",
    }  # fmt: skip
