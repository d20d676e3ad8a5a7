"""The area matcher: recognises cooperation areas from the SKOS scheme's labels (``areas.ttl``)."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graph.nlp.reference import load_reference
from graph.paths import ontology_dir


class AreaMatcher:
    """Writes ``doc.spans["coop_areas"]`` with the area id as label.

    Coordinated phrases share their modifier: in "digital economy and trade", "trade" is read as
    "digital trade" when that is a label of the scheme.
    """

    def __init__(self, nlp: Language, name: str, ontology: str = "") -> None:
        self.nlp = nlp
        self.name = name
        self.ontology = ontology
        self.matcher: PhraseMatcher | None = None
        self.by_form: dict[str, str] = {}

    def initialize(self, get_examples: object = None, nlp: Language | None = None) -> None:
        tokenizer: Any = self.nlp.tokenizer
        ref = load_reference(self.ontology or str(ontology_dir()))
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for area, forms in ref.areas.items():
            usable = [f for f in forms if len(f) > 1]
            self.matcher.add(area, list(tokenizer.pipe(usable)))
            for f in usable:
                self.by_form[f.lower()] = area

    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self.initialize()
        assert self.matcher is not None
        spans = [Span(doc, s, e, label=mid) for mid, s, e in self.matcher(doc)]
        extra = []
        for sp in spans:
            if len(sp) >= 2 and sp.end + 1 < len(doc) and doc[sp.end].lower_ == "and":
                candidate = f"{sp[0].lower_} {doc[sp.end + 1].lower_}"
                area = self.by_form.get(candidate)
                if area and area != sp.label_:
                    extra.append(Span(doc, sp.end + 1, sp.end + 2, label=area))
        doc.spans["coop_areas"] = filter_spans(spans + extra)
        return doc
