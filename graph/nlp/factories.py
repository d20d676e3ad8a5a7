"""Registration of coopgraph's spaCy components (kept apart from their implementations).

They are advertised through the ``spacy_factories`` (components), ``spacy_tokenizers`` and
``spacy_misc`` entry points so that ``config.cfg`` and ``spacy.load`` find them by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_suffix_regex, registry

from graph.nlp import lexicon
from graph.nlp.areas import AreaMatcher
from graph.nlp.baseline import BaselineNer
from graph.nlp.cached import CachedAttributeRuler, CachedLemmatizer, sourced_lookups, sourced_patterns
from graph.nlp.components.abbreviations import AbbreviationFinder
from graph.nlp.components.anaphora import AnaphoraResolver
from graph.nlp.components.context import ContextReader
from graph.nlp.components.linker import EntityLinker
from graph.nlp.components.names import NameRecognizer
from graph.nlp.components.paragraphs import ParagraphBreaks
from graph.nlp.components.persons import PersonFinder
from graph.nlp.components.posts import PostReader
from graph.nlp.components.relations import RelationExtractor
from graph.nlp.dates import DateNormalizer
from graph.nlp.gazetteer import gazetteer_patterns


# en_core_web_sm's attribute ruler and rule lemmatizer, same output, cached per distinct token
# key (graph/nlp/cached.py); same settings as spaCy's "attribute_ruler" and English "lemmatizer"
@Language.factory(
    "coop_attribute_ruler",
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
)
def make_attribute_ruler(
    nlp: Language, name: str, validate: bool, scorer: Callable[..., Any] | None
) -> CachedAttributeRuler:
    return CachedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


@Language.factory(
    "coop_lemmatizer",
    assigns=["token.lemma"],
    default_config={
        "model": None,
        "mode": "rule",
        "overwrite": False,
        "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"},
    },
    default_score_weights={"lemma_acc": 1.0},
)
def make_lemmatizer(
    nlp: Language, model: Any, name: str, mode: str, overwrite: bool, scorer: Callable[..., Any] | None
) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


@Language.factory("coop_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks(nlp, name)


@Language.factory(
    "coop_context",
    default_config={"ontology": "", "exclude_headings": False},
    assigns=["doc._.coop_context", "doc._.coop_excluded", "doc._.coop_doc_date"],
)
def make_context(nlp: Language, name: str, ontology: str, exclude_headings: bool) -> ContextReader:
    return ContextReader(nlp, name, ontology, exclude_headings)


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
    default_config={"rules": [], "strict": False, "model": "", "min_confidence": None, "collect": False},
    assigns=["doc._.coop_candidates", "doc._.coop_facts", "doc._.coop_skipped"],
    requires=["doc._.coop_mentions", "doc._.coop_posts", "doc._.coop_anaphora", "token.dep"],
)
def make_relation_extractor(
    nlp: Language,
    name: str,
    rules: list[str],
    strict: bool,
    model: str,
    min_confidence: float | None,
    collect: bool,
) -> RelationExtractor:
    return RelationExtractor(nlp, name, rules, strict, model, min_confidence, collect)


@Language.factory(
    "coop_baseline", assigns=["doc._.coop_mentions", "doc._.coop_entities"], requires=["doc.ents"]
)
def make_baseline(nlp: Language, name: str) -> BaselineNer:
    return BaselineNer(nlp, name)


@registry.tokenizers("coop.tokenizer.v1")
def make_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's English tokenizer, splitting "U.S.-India" like "China-SCO" (a hyphen after an
    abbreviation joins two names) and "(CRI)—Albania" (a dash after a bracket), keeping "5G" and
    the prefixed verbs ("co-chaired") whole."""
    create = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def tokenizer(nlp: Language) -> Tokenizer:
        tok: Tokenizer = create(nlp)
        # "(CRI)—Albania, …": a dash glued after a closing bracket opens an aside
        infixes = [
            *list(nlp.Defaults.infixes or []),
            r"(?<=\.)[-–—](?=[A-Z])",
            r"(?<=\w)[)\]](?=[–—]\w)",
            r"(?<=[)\]])[–—](?=\w)",
        ]
        tok.infix_finditer = compile_infix_regex(infixes).finditer
        # "… on 5G." / "… in ICT.": a period after a digit-or-capital and a capital ends the
        # sentence (spaCy keeps it on, as in an abbreviation; "U.S." has a period in between)
        suffixes = [*list(nlp.Defaults.suffixes or []), r"(?<=[A-Z0-9][A-Z])\."]
        tok.suffix_search = compile_suffix_regex(suffixes).search
        # "co-chaired", "co-hosted": split at the hyphen, the small model hangs the clause's
        # subject on "co"; whole, it parses them as verbs
        # (one compiled pattern's match: nlp.to_disk saves the tokenizer's token_match by it)
        forms = {f for fs in lexicon.table("prefixed_verbs").values() for f in fs}
        whole = "(?i:^(?:" + "|".join(re.escape(f) for f in sorted(forms)) + ")$)"
        # "5G": words spaCy's rules split that are one word (a regular expression each)
        whole += "|" + "|".join(f"(?:^(?:{p})$)" for p in sorted(lexicon.words("unsplit_tokens")))
        base = getattr(tok.token_match, "__self__", None)
        pattern = f"{whole}|(?:{base.pattern})" if base is not None else whole
        tok.token_match = re.compile(pattern).match
        return tok

    return tokenizer


def prefixed_verb_patterns() -> list[dict[str, Any]]:
    """The lemma of each prefixed verb form the tokenizer keeps whole ('co-chaired' -> 'co-chair'),
    as attribute ruler patterns (the rule lemmatizer, which does not overwrite, would make
    'co-chaire')."""
    return [
        {"patterns": [[{"LOWER": f}] for f in forms], "attrs": {"LEMMA": lemma}, "index": 0}
        for lemma, forms in sorted(lexicon.table("prefixed_verbs").items())
    ]


@registry.misc("coop.attribute_ruler_patterns.v1")
def make_attribute_ruler_patterns(model: str) -> list[dict[str, Any]]:
    """The base model's attribute ruler patterns, then the prefixed verbs' lemmas (later rules win)."""
    return sourced_patterns(model) + prefixed_verb_patterns()


@registry.misc("coop.lemmatizer_lookups.v1")
def make_lemmatizer_lookups(model: str) -> Lookups:
    """The base model's lemmatizer tables (lemma_rules, lemma_exc, lemma_index)."""
    return sourced_lookups(model)


@registry.callbacks("coop.prefixed_verb_lemmas.v1")
def make_prefixed_verb_lemmas() -> Callable[[Language], Language]:
    """The prefixed verbs' lemma patterns added to a sourced attribute ruler after creation: how
    config.cfg got them while it sourced the ruler (kept for pipelines saved then, and for
    configs that source it; coop.attribute_ruler_patterns.v1 has them now)."""

    def add(nlp: Language) -> Language:
        if "attribute_ruler" in nlp.pipe_names:
            ruler: Any = nlp.get_pipe("attribute_ruler")
            ruler.add_patterns(prefixed_verb_patterns())
        return nlp

    return add


@registry.misc("coop.gazetteer_patterns.v1")
def make_gazetteer_patterns(ontology: str = "") -> list[dict[str, Any]]:
    """The span_ruler patterns of the reference entities (see graph.nlp.gazetteer)."""
    return gazetteer_patterns(ontology)
