"""What the name-finding components share: the word lists of names and titles, the countries of
the gazetteer by surface form, and small token tests.

Components inherit :class:`NameVocabulary` for the lists (read once from ``patterns/``); the
functions below are pure tests on tokens and strings.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache

from spacy.tokens import Doc, Token

from graph.nlp import lexicon
from graph.nlp.reference import Reference, load_reference
from graph.paths import ontology_dir

QUOTES = {"“": "”", '"': '"', "«": "»", "‘": "’"}
MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december".split()  # noqa: SIM905
)
ROMAN = re.compile(r"^(?=[IVXLC]+$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_STOP = frozenset("the of and in on for a an to with between field at by from this that".split())  # noqa: SIM905


@cache
def countries(ontology: str = "") -> tuple[dict[str, str], dict[str, str]]:
    """Country keys by surface form (names, demonyms) and by ISO alpha-2 code."""
    ref = reference(ontology)
    by_form: dict[str, str] = {}
    by_alpha2 = {e.alpha2: e.iri for e in ref.entities.values() if e.type == "Country" and e.alpha2}
    for e in ref.entities.values():
        if e.type == "Country":
            for f in [*e.forms, *e.demonyms]:
                by_form.setdefault(f, e.iri)
    return by_form, by_alpha2


def reference(ontology: str = "") -> Reference:
    return load_reference(ontology or str(ontology_dir()))


class NameVocabulary:
    """The word lists name finding reads, as attributes."""

    def __init__(self, ontology: str = "") -> None:
        self.ontology = ontology
        self.heads: dict[str, str] = {}
        self.phrase_heads: dict[str, list[tuple[list[str], str]]] = {}
        for word, typ in sorted(lexicon.table("heads").items()):
            self.heads[word] = typ
            if " " in word:
                # a head of several words ("task force"): the class is decided at its first word
                self.phrase_heads.setdefault(word.split()[0], []).append((word.split(), typ))
        w = lexicon.words
        self.lower_agreement_heads = w("lowercase_agreement_heads")
        self.body_or_event = w("body_or_event_heads")
        self.taking_part = lexicon.triggers("participate")  # as the participation rules read it
        self.not_company_heads = w("not_company_heads")
        self.title_connectors = w("title_connectors")
        self.value_heads_before_of = w("value_heads_before_of")
        self.thing_nouns = w("thing_nouns")
        self.kind_adjectives = w("event_kind_adjectives")
        self.lower_event_heads = w("lowercase_event_heads_before_title")
        self.lower_after_title: dict[str, str] = lexicon.table("lowercase_heads_after_title")
        self.connectors = w("connectors")
        self.tail_stops = w("agreement_tail_stops")
        self.tail_preps = w("agreement_tail_preps")
        self.ordinals = w("ordinals")
        self.not_starts = w("not_name_starts")
        self.person_titles = w("person_titles")
        self.region_heads = w("place_region_heads")
        self.locative_cues = w("locative_cues")
        self.government_names = sorted(w("government_names"))
        self.generic = w("generic_org_words")
        self.needs_complement = w("heads_needing_complement")
        self.title_words = w("person_title_words")
        self.strong_titles = w("strong_titles")
        self.honorifics = w("honorifics")
        self.name_particles = w("person_name_particles")
        self.name_end_stops = w("person_name_end_stops")
        self.non_name_heads = w("non_name_heads")
        self.title_vocabulary = self.title_words | self.person_titles
        self.title_starts = self.strong_titles | self.honorifics
        self.geo_features = w("geo_features")
        self.venues = w("venues")
        # words the tokenizer keeps whole ("5G"): a technical word, part of a name like any other
        self.unsplit = re.compile("|".join(f"(?:{p})" for p in sorted(w("unsplit_tokens"))))
        self.relation_degrees = w("relation_degree_words")
        self.company_suffixes = tuple(w("company_suffixes"))
        self.portfolio = w("portfolio_words")
        self.meeting_groups = w("meeting_participant_words")
        self.vague_modifiers = w("vague_modifiers")
        self.authored_heads = w("authored_heads")
        self.name_honorifics = w("person_name_honorifics")
        self.country_by_form, self.country_by_alpha2 = countries(ontology)


def slug(text: str, limit: int = 80) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "x"
    if len(t) > limit:
        t = t[:limit].rstrip("-") + "-" + hashlib.sha1(text.encode()).hexdigest()[:8]
    return t


def content_tokens(text: str) -> set[str]:
    """Content words of a name, plurals folded ("East Asia Summits" = "East Asia Summit")."""
    t = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    words = (w for w in re.findall(r"[\w'-]+", t) if w not in _STOP)
    return {
        w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")) else w for w in words
    }


# In a document's name, words after "and" headed like these begin a second name ("the Treaty and
# the Ministry of …"); a campaign-like head ("… and Comprehensive Strategic Partnership") goes on.
NAME_STARTS_IN_AGREEMENT = frozenset({"GovernmentBody", "InternationalOrganization", "Company", "Agreement"})

# The possessive tokens: between two names of bodies they end the first ("the Agriculture
# Ministry's Rural Broadband Office" names two bodies).
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})


def is_titleish(tok: Token) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or (t[0].isdigit() and any(c.isalpha() for c in t)) or t.isupper())


def skip_the(doc: Doc, k: int) -> int:
    return k + 1 if k < len(doc) and doc[k].lower_ == "the" else k


def after_of(doc: Doc, k: int) -> bool:
    """Whether the country span that ends at token k follows 'of' (or 'of the')."""
    for back in range(1, 8):
        i = k - back
        if i < 0:
            return False
        if doc[i].lower_ == "of":
            return True
        if not (is_titleish(doc[i]) or doc[i].lower_ in ("the", "'s", "’s")):
            return False
    return False


def clean_label(text: str) -> str:
    t = re.sub(r"\s+", " ", text).strip(" ,;:")
    t = re.sub(r"^(the|a|an)\s+", "", t, flags=re.I)
    for q in ("“", "”", "«", "»", '"'):
        t = t.replace(q, "")
    return t.strip(" ‘’',;:")


def subtype(label: str, typ: str) -> str | None:
    """The ontology subclass an event's or agreement's name makes ("… Memorandum of Understanding
    on …" -> MemorandumOfUnderstanding): its last class word before a complement."""
    if typ not in ("Agreement", "Event"):
        return None
    words = label.lower().replace("“", " ").split()
    for stop in ("of", "on", "for", "to", "between", "in"):
        if stop in words[1:]:
            words = words[: words.index(stop, 1)]
    classes, agreements = lexicon.table("subtypes"), lexicon.words("agreement_subtypes")
    for w in reversed(words):
        cls = classes.get(w)
        if cls is not None and (cls in agreements) == (typ == "Agreement"):
            return str(cls)
    return None
