"""The gazetteer component: matches reference entities (countries, organisations, bodies, places)
and their alternative names and demonyms, read from ``ontology/gazetteer``."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graph.nlp.reference import load_reference
from graph.paths import ontology_dir

DEMONYM = "DEMONYM"


class GazetteerMatcher:
    """Writes ``doc.spans["coop_ref"]``: label = ontology class (or DEMONYM), kb_id = entity IRI."""

    def __init__(self, nlp: Language, name: str, ontology: str = "") -> None:
        self.nlp = nlp
        self.name = name
        self.ontology = ontology
        self.matcher: PhraseMatcher | None = None

    def initialize(self, get_examples: object = None, nlp: Language | None = None) -> None:
        tokenizer: Any = self.nlp.tokenizer
        ref = load_reference(self.ontology or str(ontology_dir()))
        matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for e in ref.entities.values():
            forms = [f for f in e.forms if _usable(f)]
            # texts use both apostrophes: "People's" and "People’s"
            forms += [f.replace("'", "’") for f in forms if "'" in f]
            if forms:
                matcher.add(f"{e.type}|{e.iri}", list(tokenizer.pipe(forms)))
            dems = [d for d in e.demonyms if _usable(d)]
            dems += [d.replace("'", "’") for d in dems if "'" in d]
            if dems:
                matcher.add(f"{DEMONYM}|{e.iri}", list(tokenizer.pipe(dems)))
        self.matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self.initialize()
        assert self.matcher is not None
        spans = []
        for match_id, start, end in self.matcher(doc):
            label, iri = self.nlp.vocab.strings[match_id].split("|", 1)
            spans.append(Span(doc, start, end, label=label, kb_id=iri))
        doc.spans["coop_ref"] = filter_spans(spans)
        return doc


def _usable(form: str) -> bool:
    # Two-letter forms match too much English ("IN", "AS") unless they are dotted or well known.
    return len(form) > 2 or form in {"US", "UK", "EU", "UN", "AU", "G7", "G8"} or "." in form
