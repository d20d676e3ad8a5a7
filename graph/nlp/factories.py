"""Registration of coopgraph's spaCy components (kept apart from their implementations).

They are advertised through the ``spacy_factories`` entry point so that ``config.cfg`` and
``spacy.load`` find them by name.
"""

from __future__ import annotations

from spacy.language import Language

from graph.nlp.areas import AreaMatcher
from graph.nlp.baseline import BaselineNer
from graph.nlp.components.abbreviations import AbbreviationFinder
from graph.nlp.components.anaphora import AnaphoraResolver
from graph.nlp.components.linker import EntityLinker
from graph.nlp.components.names import NameRecognizer
from graph.nlp.components.persons import PersonFinder
from graph.nlp.components.posts import PostReader
from graph.nlp.components.relations import RelationExtractor
from graph.nlp.dates import DateNormalizer
from graph.nlp.gazetteer import GazetteerMatcher


@Language.factory(
    "coop_gazetteer", default_config={"ontology": ""}, assigns=["doc.spans"], requires=["doc.ents"]
)
def make_gazetteer(nlp: Language, name: str, ontology: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, name, ontology)


@Language.factory(
    "coop_names",
    default_config={"ontology": ""},
    assigns=["doc._.coop_mentions"],
    requires=["doc.ents", "doc.spans", "token.dep"],
)
def make_names(nlp: Language, name: str, ontology: str) -> NameRecognizer:
    return NameRecognizer(nlp, name, ontology)


@Language.factory(
    "coop_persons",
    default_config={"ontology": ""},
    assigns=["doc._.coop_mentions"],
    requires=["doc._.coop_mentions"],
)
def make_persons(nlp: Language, name: str, ontology: str) -> PersonFinder:
    return PersonFinder(nlp, name, ontology)


@Language.factory("coop_abbreviations", assigns=["doc._.coop_mentions"], requires=["doc._.coop_mentions"])
def make_abbreviations(nlp: Language, name: str) -> AbbreviationFinder:
    return AbbreviationFinder(nlp, name)


@Language.factory(
    "coop_linker",
    default_config={"ontology": ""},
    assigns=["doc._.coop_mentions", "doc._.coop_entities"],
    requires=["doc._.coop_mentions"],
)
def make_linker(nlp: Language, name: str, ontology: str) -> EntityLinker:
    return EntityLinker(nlp, name, ontology)


@Language.factory("coop_areas", default_config={"ontology": ""}, assigns=["doc.spans"])
def make_area_matcher(nlp: Language, name: str, ontology: str) -> AreaMatcher:
    return AreaMatcher(nlp, name, ontology)


@Language.factory("coop_dates", assigns=["doc._.coop_dates"], requires=["doc.ents"])
def make_date_normalizer(nlp: Language, name: str) -> DateNormalizer:
    return DateNormalizer(nlp, name)


@Language.factory("coop_posts", assigns=["doc._.coop_posts"], requires=["doc._.coop_mentions"])
def make_posts(nlp: Language, name: str) -> PostReader:
    return PostReader(nlp, name)


@Language.factory(
    "coop_anaphora",
    assigns=["doc._.coop_anaphora"],
    requires=["doc._.coop_mentions", "doc._.coop_posts", "token.dep"],
)
def make_anaphora(nlp: Language, name: str) -> AnaphoraResolver:
    return AnaphoraResolver(nlp, name)


@Language.factory(
    "coop_relations",
    default_config={"rules": [], "strict": False},
    assigns=["doc._.coop_candidates", "doc._.coop_facts", "doc._.coop_skipped"],
    requires=["doc._.coop_mentions", "doc._.coop_posts", "doc._.coop_anaphora", "token.dep"],
)
def make_relation_extractor(nlp: Language, name: str, rules: list[str], strict: bool) -> RelationExtractor:
    return RelationExtractor(nlp, name, rules, strict)


@Language.factory(
    "coop_baseline", assigns=["doc._.coop_mentions", "doc._.coop_entities"], requires=["doc.ents"]
)
def make_baseline(nlp: Language, name: str) -> BaselineNer:
    return BaselineNer(nlp, name)
