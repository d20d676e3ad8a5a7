"""Identity across documents: one node per real entity in the whole store.

The NLP stage keys each document's entities on their own (``person/putin`` in one press release,
``person/vladimir-putin`` in the next). This stage sits between the NLP records and the RDF: it
compares a document's minted entities with what the store (and the gazetteer) already names and
re-keys the record, so that both documents state facts about one node.

Rules, each of which joins only entities of the same type and never two states:

``office-holder``
    A person whose name, title and the document's date fit one tenure of
    ``ontology/gazetteer/offices.ttl`` ("President Lukashenko" on 2024-08-22) becomes
    ``person/<the holder's name>`` in every document, and the tenure is recorded (the build
    rolls it up into the offices graph).
``person-name``
    A person joins a known person with the same surname and first name ("Donald J. Trump" and
    "Donald Trump"), or with the same surname alone when both act for the same state.
``body-name``
    A government body joins a known body of the same state whose name is the same once the
    state ("of the Republic of Belarus", "Belarusian", "Belarus's"), plural and inflection
    (word stems of six letters: "Information" ~ "Informatization") are set aside.
``acronym``
    A body, organisation or company named by an acronym joins the known one of the same state
    whose acronym or initials it is ("MCI" ~ "Ministry of Communications and Informatization").
``company-name``
    A company joins a known company whose name is the same without its legal form ("Ltd",
    "JSC", "Corporation").
``place-spelling``
    A place joins a known place of the same state spelt the same once diacritics, hyphens and
    spaces are set aside ("Nur-Sultan" ~ "Nur Sultan").
``agreement``
    An agreement joins a known one of the same kind (memorandum, treaty …) between the same
    states (two at least, through their bodies and signing persons), sharing an area, dated
    within :data:`AGREEMENT_WINDOW_YEARS`: announced, signed, ratified and implemented, one node
    (each document keeps the status it gave it: ``agreement-lifecycle.rq``).

A candidate must be the only one: two known entities that fit equally leave the entity alone.
Every decision is kept with its evidence (:class:`LinkDecision`, written to the document's
``…/graph/links/<doc>`` graph) and ``ontology/gazetteer/link-exceptions.csv`` undoes any of them:
a pair of keys listed there is never joined.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph import queries
from graph.errors import ReferenceDataError
from graph.model import SYMMETRIC, CandidateFact, Entity, Extraction, Fact
from graph.nlp.naming.vocabulary import content_tokens, slug  # the NLP stage's own keys and words
from graph.offices import OfficeBook, Tenure, fold, normalise_name, office_phrase
from graph.paths import ontology_dir
from graph.rdf import iris

LINKED_TYPES = ("Person", "GovernmentBody", "Company", "InternationalOrganization", "Place", "Agreement")
_STOP = frozenset(
    ["of", "the", "and", "for", "on", "in", "to", "a", "an", "at", "by", "with", "&", "de", "la", "du", "des"]
)
_LEGAL_FORMS = frozenset(
    [
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "llc",
        "plc",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "ag",
        "gmbh",
        "sa",
        "co",
        "corp",
        "corporation",
        "company",
        "group",
        "holding",
        "holdings",
    ]
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii"})
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]


class _Selects(Protocol):
    def select(self, sparql: str) -> list[dict[str, Any]]: ...


@dataclass
class Known:
    """An entity the store or the gazetteer already names."""

    key: str  # entity key: a reference IRI, or the relative key of a minted entity
    type: str
    label: str
    forms: set[str] = field(default_factory=set)
    states: set[str] = field(default_factory=set)  # IRIs of its country (persons: of their affiliations)
    reference: bool = False


@dataclass
class KnownAgreement:
    """An agreement a document named, with what identifies it across documents."""

    key: str
    label: str
    kind: str | None  # the ontology subclass (MemorandumOfUnderstanding …)
    parties: set[str] = field(default_factory=set)  # the states of its signatories
    areas: set[str] = field(default_factory=set)  # cooperation area ids
    start: str | None = None


#: How far apart two mentions of one agreement may be dated, in years (announced, signed, ratified,
#: in force and implemented within this window).
AGREEMENT_WINDOW_YEARS = 3
#: How much of their names' content words two mentions of one agreement share at least (Jaccard).
AGREEMENT_NAME_OVERLAP = 0.5
VALUES = frozenset({"coversArea", "date", "status"})  # objects that are values, not entity keys


def _overlap(a: str, b: str) -> float:
    """Jaccard of two names' content words (the NLP stage's own notion of them)."""
    x, y = content_tokens(a), content_tokens(b)
    return len(x & y) / len(x | y) if x | y else 0.0


@dataclass(frozen=True)
class LinkDecision:
    """One entity of one document joined to another node (or matched to an office holder)."""

    doc_id: str
    old: str  # the key the NLP gave it
    new: str  # the key it has now
    type: str
    rule: str
    evidence: str
    tenure: str | None = None  # reference tenure IRI (office-holder)
    holder: str | None = None  # office holder IRI (office-holder)


def _lexical_rows(store: _Selects, sparql: str) -> list[dict[str, Any]]:
    """The rows of ``sparql`` as strings, by the store's fast path when it has one
    (:meth:`graph.store.Store.select_lexical`); the linker reads every value as a string."""
    fast = getattr(store, "select_lexical", None)
    return list(fast(sparql)) if fast is not None else store.select(sparql)


def key_iri(key: str) -> str:
    return str(iris.entity(key))


def relative_key(iri: str) -> str:
    return iri[len(iris.ID) :] if iri.startswith(iris.ID) else iri


def load_exceptions(path: Path | None = None) -> frozenset[frozenset[str]]:
    """Pairs of keys (relative or IRIs) that must never be joined, from ``link-exceptions.csv``
    (columns ``a,b,reason``)."""
    path = path or ontology_dir() / "gazetteer" / "link-exceptions.csv"
    if not path.exists():
        return frozenset()
    out: set[frozenset[str]] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            a, b = (row.get("a") or "").strip(), (row.get("b") or "").strip()
            if not a or not b:
                raise ReferenceDataError(
                    f"{path}:{i}",
                    "a link exception needs two keys",
                    "give columns a,b (e.g. person/lee,person/lee-jae-myung) and a reason",
                )
            out.add(frozenset({key_iri(a), key_iri(b)}))
    return frozenset(out)


# ---------------------------------------------------------------------------- name keys


def name_tokens(name: str) -> list[str]:
    """A person's name as words: folded, honorifics and suffixes ("Jr.") off."""
    return list(_name_tokens(name))


# the name keys below are found once per name: every document compares its entities with every
# known entity's forms of the same type, so the same forms are reduced again and again
_KEYS_CACHED = 1 << 16


@lru_cache(maxsize=_KEYS_CACHED)
def _name_tokens(name: str) -> tuple[str, ...]:
    words = re.findall(r"[\w'-]+\.?", normalise_name(name))
    return tuple(w.rstrip(".") for w in words if w.rstrip(".") not in _SUFFIXES)


def same_person_name(a: list[str], b: list[str]) -> str:
    """'full' when two names share surname and first name (or its initial), 'surname' when one of
    them is a surname alone and it is the other's, '' otherwise."""
    if not a or not b or a[-1] != b[-1]:
        return ""
    if len(a) == 1 or len(b) == 1:
        return "surname"
    fa, fb = a[0], b[0]
    if fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb)):
        return "full"
    return ""


@lru_cache(maxsize=_KEYS_CACHED)
def initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[a-z0-9]+", fold(name)) if w not in _STOP)


@lru_cache(maxsize=_KEYS_CACHED)
def company_key(name: str) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", fold(name)) if w not in _STOP]
    while words and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


@lru_cache(maxsize=_KEYS_CACHED)
def place_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(name))


# ---------------------------------------------------------------------------- the linker


class CrossLinker:
    """Re-keys each document's entities onto the nodes other documents already have."""

    def __init__(
        self,
        known: Iterable[Known] = (),
        book: OfficeBook | None = None,
        exceptions: frozenset[frozenset[str]] = frozenset(),
    ) -> None:
        self.book = book or OfficeBook([])
        self.exceptions = exceptions
        self.known: dict[str, Known] = {}
        # the same entries by type, in the same order: a document's entity is compared with those
        # of its own type only (the loop over every known entity was per entity and document)
        self._by_type: dict[str, dict[str, Known]] = {}
        self.agreements: dict[str, KnownAgreement] = {}
        self.country_forms: dict[str, str] = {}  # folded form -> country IRI
        self._country_re: re.Pattern[str] | None = None
        # country forms added since _country_re was compiled (those it does not hold yet)
        self._pending_forms: list[str] = []
        # name -> (its folded text, _body_core(name)): found with the forms known when it was asked
        self._cores: dict[str, tuple[str, tuple[str, ...]]] = {}
        for k in known:
            self._add(k)

    # -------------------------------------------------------------- the index
    @classmethod
    def from_store(
        cls,
        store: _Selects,
        book: OfficeBook | None = None,
        exceptions: frozenset[frozenset[str]] | None = None,
    ) -> CrossLinker:
        # an entity's type, label and forms, then its other forms and its states: three small
        # reads (one joined read multiplied each entity's rows by the graphs stating each part)
        found: dict[str, Known] = {}
        for r in _lexical_rows(store, queries.read("link_entities")):
            iri = str(r["e"])
            k = found.get(iri)
            if k is None:
                typ = str(r["type"]).rsplit("#", 1)[-1]
                k = found[iri] = Known(
                    relative_key(iri), typ, str(r["label"]), reference=not iri.startswith(iris.ID)
                )
            k.forms.add(str(r["label"]))
        for r in _lexical_rows(store, queries.read("link_forms")):
            k = found.get(str(r["e"]))
            if k is not None:
                k.forms.add(str(r["form"]))
        for r in _lexical_rows(store, queries.read("link_states")):
            k = found.get(str(r["e"]))
            if k is not None:
                k.states.add(str(r["state"]))
        linker = cls(found.values(), book, load_exceptions() if exceptions is None else exceptions)
        linker._resolve_person_states()
        agreements = linker.agreements
        for r in _lexical_rows(store, queries.read("agreement_entities")):
            iri = str(r["e"])
            a = agreements.get(iri)
            if a is None:
                a = agreements[iri] = KnownAgreement(relative_key(iri), str(r["label"]), None)
            if r.get("kind"):
                a.kind = str(r["kind"]).rsplit("#", 1)[-1]  # the last row's, as before
        for r in _lexical_rows(store, queries.read("agreement_parties")):
            if (a := agreements.get(str(r["e"]))) is not None:
                a.parties.add(str(r["party"]))
        for r in _lexical_rows(store, queries.read("agreement_areas")):
            if (a := agreements.get(str(r["e"]))) is not None:
                a.areas.add(str(r["area"]).rstrip("/").rsplit("/", 1)[-1])
        for r in _lexical_rows(store, queries.read("agreement_starts")):
            if (a := agreements.get(str(r["e"]))) is not None:
                a.start = str(r["start"])
        return linker

    def _add(self, k: Known) -> None:
        iri = key_iri(k.key)
        old = self.known.get(iri)
        if old is None:
            self.known[iri] = k
            self._by_type.setdefault(k.type, {})[iri] = k
        else:
            old.forms |= k.forms
            old.states |= k.states
        if k.type == "Country":
            new = [g for g in (fold(f) for f in [k.label, *k.forms]) if g not in self.country_forms]
            for g in new:
                self.country_forms[g] = iri
            # a new form changes the core of a name only where the name holds it: those cores are
            # found anew; the pattern is compiled again when a name that holds one is reduced
            # (compiling the alternation of a thousand forms for every new form was 1.5 s of a build)
            for g in new:
                if len(g) > 2:
                    self._pending_forms.append(g)
                    self._cores = {n: tc for n, tc in self._cores.items() if g not in tc[0]}

    def _resolve_person_states(self) -> None:
        """A person's state is the country they are affiliated with, or the state of their body."""
        for k in self.known.values():
            if k.type != "Person":
                continue
            states: set[str] = set()
            for s in k.states:
                other = self.known.get(s)
                if other is not None and other.type == "GovernmentBody":
                    states |= other.states
                else:
                    states.add(s)
            k.states = states

    def remember(self, x: Extraction) -> None:
        """Add a linked document's entities to the index (the next document compares with them)."""
        states = self._states(x)
        for e in x.entities:
            if e.type in (*LINKED_TYPES, "Country") and e.type != "Agreement":
                forms = {e.label, *e.aliases}
                self._add(Known(e.key, e.type, e.label, forms, set(states.get(e.key, set())), e.reference))
            elif e.type == "Agreement":
                self.agreements[key_iri(e.key)] = self._agreement(x, e, states)

    def _agreement(self, x: Extraction, e: Entity, states: dict[str, set[str]]) -> KnownAgreement:
        parties: set[str] = set()
        areas: set[str] = set()
        for f in x.facts:
            if f.s != e.key:
                continue
            if f.p == "coversArea":
                areas.add(f.o)
            elif f.p == "signatory":
                ref = self.known.get(key_iri(f.o))
                if (ref is not None and ref.type == "Country") or f.o.startswith(iris.ID + "country/"):
                    parties.add(key_iri(f.o))
                else:
                    parties |= {s for s in states.get(f.o, set()) if s.startswith(iris.ID + "country/")}
        start = e.date.start if e.date is not None else None
        return KnownAgreement(e.key, e.label, e.subtype, parties, areas, start)

    # -------------------------------------------------------------- states
    def _country_pattern(self) -> re.Pattern[str]:
        """Every country form (longest first), as a pattern; compiled again after new forms."""
        if self._country_re is None or self._pending_forms:
            self._pending_forms = []
            forms = sorted((f for f in self.country_forms if len(f) > 2), key=len, reverse=True)
            body = "|".join(re.escape(f) for f in forms) or "(?!)"
            self._country_re = re.compile(rf"(?<![\w.])(the )?(republic of |kingdom of )?({body})('s)?(?!\w)")
        return self._country_re

    def _key_state(self, key: str) -> str | None:
        """The state a minted key names: ``gov/BLR-…`` and ``place/BLR-…`` carry the ISO code."""
        m = re.match(r"^(gov|place)/([A-Z]{3})-", key)
        if m:
            iri = f"{iris.ID}country/{m.group(2)}"
            return iri if iri in self.known else None
        return None

    def _states(self, x: Extraction) -> dict[str, set[str]]:
        """Each entity's states as this document gives them (jurisdiction, locatedIn, affiliation)."""
        types = {e.key: e.type for e in x.entities}
        out: dict[str, set[str]] = {}
        for f in x.facts:
            if f.p in ("jurisdiction", "locatedIn") and types.get(f.o) == "Country":
                out.setdefault(f.s, set()).add(key_iri(f.o))
        for e in x.entities:
            if e.type in ("GovernmentBody", "Place") and e.key not in out:
                state = self._key_state(e.key)
                if state:
                    out[e.key] = {state}
            if e.reference and e.type in ("GovernmentBody", "Place"):
                ref = self.known.get(key_iri(e.key))
                if ref is not None and ref.states:
                    out.setdefault(e.key, set()).update(ref.states)
        for f in x.facts:
            if f.p != "affiliatedWith" or types.get(f.s) != "Person":
                continue
            if types.get(f.o) == "Country":
                out.setdefault(f.s, set()).add(key_iri(f.o))
            elif f.o in out:
                out.setdefault(f.s, set()).update(out[f.o])
            else:
                ref = self.known.get(key_iri(f.o))
                if ref is not None and ref.type == "GovernmentBody":
                    out.setdefault(f.s, set()).update(ref.states)
                elif types.get(f.o) == "InternationalOrganization":
                    out.setdefault(f.s, set()).add(key_iri(f.o))
        return out

    def _blocked(self, a: str, b: str) -> bool:
        return frozenset({key_iri(a), key_iri(b)}) in self.exceptions

    def _body_core(self, name: str) -> tuple[str, ...]:
        # remembered: every document compares its bodies with every known body's forms, and the
        # country pattern (all gazetteer forms) made this most of the writer's time
        known = self._cores.get(name)
        if known is not None:
            return known[1]
        text = fold(name).replace("’", "'")
        # forms added since the pattern was compiled matter only if the name holds one: a pattern
        # that lacks forms absent from the text reduces it exactly as the full one does
        if self._country_re is None or any(f in text for f in self._pending_forms):
            pattern = self._country_pattern()
        else:
            pattern = self._country_re
        t = pattern.sub(" ", text)
        words = [w for w in re.findall(r"[a-z0-9]+", t) if w not in _STOP and w != "s"]
        core = tuple((w[:-1] if w.endswith("s") and len(w) > 4 else w)[:6] for w in words)
        self._cores[name] = (text, core)
        return core

    # -------------------------------------------------------------- linking
    def link(self, x: Extraction) -> list[LinkDecision]:
        """Re-key ``x`` in place onto known nodes; the decisions say which and why."""
        states = self._states(x)
        decisions: list[LinkDecision] = []
        mapping: dict[str, str] = {}
        for e in x.entities:
            # a minted key whose IRI is a gazetteer entity's ("gov/USA-NIST") is that entity:
            # two keys for one IRI would give it two labels and each fact two confidences
            ref = self.known.get(key_iri(e.key))
            if not e.reference and ref is not None and ref.reference and ref.key != e.key:
                mapping[e.key] = ref.key
                continue
            if e.reference or e.type not in LINKED_TYPES:
                continue
            found = self._decide(x, e, states.get(e.key, set()), states)
            if found is None:
                continue
            found = dataclasses.replace(found, doc_id=x.doc.id)
            decisions.append(found)
            if found.new != e.key:
                mapping[e.key] = found.new
        if mapping:
            self._rekey(x, mapping)
        return decisions

    def _decide(
        self, x: Extraction, e: Entity, states: set[str], doc_states: dict[str, set[str]]
    ) -> LinkDecision | None:
        """``states``: e's own; ``doc_states``: every entity's in this document (:meth:`_states`,
        computed once per document, not once per agreement)."""
        doc = x.doc.id
        if e.type == "Person":
            hit = self._office_holder(x, e, states)
            if hit is not None:
                name, t = hit
                new = "person/" + slug(t.label)
                if not self._blocked(e.key, new) and not self._blocked(e.key, t.person):
                    until = t.end or "in office"
                    title = f" titled {e.post!r}" if e.post else ""
                    when = x.doc.date or "an undated document"
                    evidence = f"{name!r}{title} on {when}: {t.title}, {t.start} to {until} ({t.source})"
                    return LinkDecision(doc, e.key, new, e.type, "office-holder", evidence, t.iri, t.person)
            return self._unique(e, states, self._person_candidates(e, states), "person-name")
        if e.type == "GovernmentBody":
            if not states:
                return None
            return self._unique(e, states, self._body_candidates(e, states), None)
        if e.type in ("Company", "InternationalOrganization"):
            return self._unique(e, states, self._org_candidates(e, states), None)
        if e.type == "Agreement":
            return self._same_agreement(x, e, doc_states)
        if e.type == "Place":
            if not states:
                return None
            keys = {place_key(f) for f in [e.label, *e.aliases]}
            cands = [
                (k, "place-spelling", f"spelt {f!r} there")
                for k in self._same_type(e, states, strict=True)
                for f in sorted(k.forms)
                if place_key(f) in keys
            ]
            return self._unique(e, states, cands, None)
        return None

    def _same_agreement(
        self, x: Extraction, e: Entity, doc_states: dict[str, set[str]]
    ) -> LinkDecision | None:
        """One agreement across documents: the same kind, the same states as parties (two at
        least), a shared area, and dates within :data:`AGREEMENT_WINDOW_YEARS`."""
        me = self._agreement(x, e, doc_states)
        if me.kind is None or len(me.parties) < 2 or not me.areas:
            return None
        fits = []
        for iri, k in self.agreements.items():
            if (
                iri == key_iri(e.key)
                or k.kind != me.kind
                or k.parties != me.parties
                or not (k.areas & me.areas)
            ):
                continue
            if me.start and k.start and abs(int(me.start[:4]) - int(k.start[:4])) > AGREEMENT_WINDOW_YEARS:
                continue
            if me.start and k.start and len(me.start) == len(k.start) == 10 and me.start != k.start:
                continue  # two different signing days: two documents, however alike
            if _overlap(me.label, k.label) < AGREEMENT_NAME_OVERLAP:
                continue  # "MoU on 5G networks" is not "MoU on ICT" between the same ministries
            if not self._blocked(e.key, k.key):
                fits.append(k)
        if len(fits) != 1:
            return None
        k = fits[0]
        parties = ", ".join(sorted(relative_key(p) for p in k.parties))
        areas = ", ".join(sorted(k.areas & me.areas))
        evidence = (
            f"{e.label!r} ~ {k.label!r}: both a {k.kind} between {parties} on {areas}, "
            f"dated {me.start or '?'} and {k.start or '?'}"
        )
        return LinkDecision(x.doc.id, e.key, k.key, "Agreement", "agreement", evidence)

    def _same_type(self, e: Entity, states: set[str], *, strict: bool) -> Iterator[Known]:
        """Known entities of e's type, not e itself, whose states do not contradict e's (with
        ``strict``, that share one)."""
        own = key_iri(e.key)
        for iri, k in self._by_type.get(e.type, {}).items():
            if iri == own:
                continue
            if strict and not (states & k.states):
                continue
            if states and k.states and not (states & k.states):
                continue
            yield k

    def _unique(
        self, e: Entity, states: set[str], cands: list[tuple[Known, str, str]], rule: str | None
    ) -> LinkDecision | None:
        by_key: dict[str, tuple[Known, str, str]] = {}
        for k, why_rule, why in cands:
            if not self._blocked(e.key, k.key):
                by_key.setdefault(key_iri(k.key), (k, why_rule, why))
        if len(by_key) > 1:
            refs = [v for v in by_key.values() if v[0].reference]
            if len(refs) != 1:
                return None  # two nodes fit equally: leave it alone
            by_key = {key_iri(refs[0][0].key): refs[0]}
        if not by_key:
            return None
        k, why_rule, why = next(iter(by_key.values()))
        where = (
            f" of {', '.join(sorted(relative_key(s) for s in states & k.states))}"
            if states & k.states
            else ""
        )
        evidence = f"{e.label!r} ~ {k.label!r}{where}: {why}"
        return LinkDecision("", e.key, k.key, e.type, rule or why_rule, evidence)

    def _office_holder(self, x: Extraction, e: Entity, states: set[str]) -> tuple[str, Tenure] | None:
        """The tenure the person's name, title and state fit at the document's date."""
        post = e.post if e.post and office_phrase(e.post) else None
        countries = {s for s in states if s.startswith(iris.ID + "country/")}
        for name in sorted({e.label, *e.aliases}, key=lambda n: (-len(n), n)):
            words = name_tokens(name)
            t = self.book.resolve(name, post, None, x.doc.date) if words else None
            if t is None:
                continue
            if countries and t.where.startswith(iris.ID + "country/") and t.where not in countries:
                continue  # the text puts them in another state
            if post is None and len(words) < 2 and t.where not in states:
                # a surname alone needs the title or the state to point at the holder, or to be the
                # only office holder ever so named, in office then, whose state the document names
                named = {key_iri(o.key) for o in x.entities}
                if len(self.book.people(name)) != 1 or t.where not in named:
                    continue
            return name, t
        return None

    def _person_candidates(self, e: Entity, states: set[str]) -> list[tuple[Known, str, str]]:
        mine = [name_tokens(n) for n in {e.label, *e.aliases}]
        out = []
        for k in self._same_type(e, states, strict=False):
            theirs = [name_tokens(n) for n in k.forms]
            kinds = {same_person_name(a, b) for a in mine for b in theirs} - {""}
            if "full" in kinds:
                out.append((k, "person-name", "same first name and surname"))
            elif "surname" in kinds and states & k.states:
                out.append((k, "person-name", "same surname, acting for the same state"))
        return out

    def _body_candidates(self, e: Entity, states: set[str]) -> list[tuple[Known, str, str]]:
        forms = {e.label, *e.aliases}
        cores = {c for c in (self._body_core(f) for f in forms) if c}
        acronyms = {f.casefold() for f in forms if _ACRONYM.match(f) and len(f) >= 3}
        inits = {initials(" ".join(c)) for c in cores if len(c) >= 3}
        out = []
        for k in self._same_type(e, states, strict=True):
            their = {c for c in (self._body_core(f) for f in k.forms) if c}
            if cores & their:
                out.append(
                    (k, "body-name", "the same name once the state, plural and inflection are set aside")
                )
                continue
            their_acr = {f.casefold() for f in k.forms if _ACRONYM.match(f)}
            their_inits = {initials(" ".join(c)) for c in their if len(c) >= 3}
            if (acronyms & (their_acr | their_inits)) or (their_acr & inits):
                out.append((k, "acronym", "one is the other's acronym"))
        return out

    def _org_candidates(self, e: Entity, states: set[str]) -> list[tuple[Known, str, str]]:
        # without a state to hold them apart, only an acronym some text gave the entity counts:
        # initials alone ("CEC") fit too many firms
        forms = {e.label, *e.aliases}
        acronyms = {f.casefold() for f in forms if _ACRONYM.match(f)}
        names = {company_key(f) for f in forms if e.type == "Company"} - {""}
        out = []
        for k in self._same_type(e, states, strict=False):
            their_acr = {f.casefold() for f in k.forms if _ACRONYM.match(f)}
            if names and names & ({company_key(f) for f in k.forms} - {""}):
                out.append((k, "company-name", "the same name without its legal form"))
            elif acronyms & their_acr:
                out.append((k, "acronym", "both were given the same acronym"))
        return out

    # -------------------------------------------------------------- re-keying
    def _ends(self, s: str, p: str, o: str, mapping: dict[str, str]) -> tuple[str, str]:
        """A fact's or candidate's ends re-keyed onto their nodes, symmetric relations ordered."""
        s = self._canon(mapping.get(s, s))
        o = o if p in VALUES else self._canon(mapping.get(o, o))
        return (o, s) if p in SYMMETRIC and o < s else (s, o)

    def _canon(self, key: str) -> str:
        """The one spelling of a key: a known node's own key (reference IRI or relative key)."""
        k = self.known.get(key_iri(key))
        return k.key if k is not None else key

    def _rekey(self, x: Extraction, mapping: dict[str, str]) -> None:
        """Point every entity, fact and candidate of ``x`` at the new keys, merging entities that
        now share one; an entity joined to a gazetteer node takes its label."""
        merged: dict[str, Entity] = {}
        # an entity that already has the key stays the one the others merge into
        for e in sorted(x.entities, key=lambda e: e.key in mapping):
            new = mapping.get(e.key, e.key)
            ref = self.known.get(key_iri(new))
            if ref is not None:
                new = ref.key  # one spelling per node: a relative key and its IRI are the same entity
            if new != e.key and ref is not None and ref.reference:
                e.aliases = [a for a in [e.label, *e.aliases] if a != ref.label]
                e.label, e.reference = ref.label, True
            e.key = new
            into = merged.get(key_iri(new))
            if into is None:
                merged[key_iri(new)] = e
                continue
            for a in [e.label, *e.aliases]:
                if a != into.label and a not in into.aliases:
                    into.aliases.append(a)
            into.mentions = (into.mentions + e.mentions)[:20]
            into.date = into.date or e.date
            into.status = into.status or e.status
            into.post = into.post or e.post
        x.entities = list(merged.values())
        facts: dict[tuple[str, str, str], Fact] = {}
        for f in x.facts:
            s, o = self._ends(f.s, f.p, f.o, mapping)
            if s == o:
                continue
            g = dataclasses.replace(f, s=s, o=o)
            if (s, f.p, o) not in facts or facts[(s, f.p, o)].confidence < g.confidence:
                facts[(s, f.p, o)] = g
        x.facts = list(facts.values())
        # candidates kept for review follow the same keys: none about itself, none that is now a
        # stated fact, one per (s, p, o) (else one assertion would carry two confidences)
        cands: dict[tuple[str, str, str], CandidateFact] = {}
        for c in x.candidates:
            s, o = self._ends(c.s, c.p, c.o, mapping)
            if s == o or (s, c.p, o) in facts:
                continue
            g2 = dataclasses.replace(c, s=s, o=o)
            if (s, c.p, o) not in cands or cands[(s, c.p, o)].probability < g2.probability:
                cands[(s, c.p, o)] = g2
        x.candidates = list(cands.values())


def link_quads(decisions: Iterable[LinkDecision], doc_id: str) -> Iterator[Quad]:
    """The document's links graph: each decision with its evidence, and the office holder a
    person was matched to (``skos:exactMatch``)."""
    from graph.rdf.vocab import COOP

    g = iris.links_graph(doc_id)
    doc = iris.document(doc_id)
    for d in decisions:
        n = iris.link_decision(doc_id, d.old, d.new)
        yield n, RDF.type, COOP.LinkDecision, g
        yield n, COOP.linkedFrom, Literal(d.old), g
        yield n, COOP.linkedTo, iris.entity(d.new), g
        yield n, COOP.linkRule, Literal(d.rule), g
        yield n, RDFS.comment, Literal(d.evidence), g
        yield n, DCTERMS.source, doc, g
        if d.tenure:
            yield n, COOP.atTenure, URIRef(d.tenure), g
        if d.holder:
            yield iris.entity(d.new), SKOS.exactMatch, URIRef(d.holder), g
