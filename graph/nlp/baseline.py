"""The out-of-the-box baseline: ``en_core_web_sm``'s own NER, its labels mapped to our classes,
no gazetteer, no linking and no relations. It exists to measure what the domain pipeline adds."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from graph.model import Entity
from graph.nlp.naming.vocabulary import slug
from graph.nlp.types import Mention

LABELS = {
    "PERSON": "Person",
    "GPE": "Country",
    "NORP": "Country",
    "LOC": "Place",
    "FAC": "Place",
    "ORG": "InternationalOrganization",
    "EVENT": "Event",
    "LAW": "Agreement",
}


class BaselineNer:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = []
        entities: dict[str, Entity] = {}
        for ent in doc.ents:
            typ = LABELS.get(ent.label_)
            if typ is None:
                continue
            key = f"{typ.lower()}/{slug(ent.text)}"
            entities.setdefault(key, Entity(key, typ, ent.text))
            mentions.append(
                Mention(ent.start, ent.end, typ, key, ent.text, "model", ent.start_char, ent.end_char)
            )
        doc._.coop_mentions = mentions
        doc._.coop_entities = entities
        doc._.coop_facts = []
        return doc
