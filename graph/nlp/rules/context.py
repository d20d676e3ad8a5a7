"""What a rule sees: one sentence of a document and read-only views of the components' output.

A rule is a function ``rule(ctx) -> Iterator[Candidate]``. It reads the sentence, its mentions
(anaphors resolved by ``coop_anaphora`` included), the posts of persons (``coop_posts``), dates
and areas, and the helpers below, which answer grammatical questions about the sentence. It never
reads another rule's output and writes nothing: it yields candidates.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from spacy.tokens import Doc, Span, Token

from graph.model import DateValue, Entity
from graph.nlp import lexicon
from graph.nlp.extensions import doc_text
from graph.nlp.types import Candidate, Mention, Post
from graph.offices import ID, office_book

ACTORS = frozenset({"Country", "InternationalOrganization", "GovernmentBody", "Company", "Person"})
ORG_ACTORS = frozenset({"Country", "InternationalOrganization", "GovernmentBody", "Company"})
DOCUMENTS = frozenset({"Agreement", "Initiative"})
Date = tuple[int, int, DateValue]  # character start, end, value


# the types whose names hold area words that are no topic ("Ministry of Digital Development")
NAMES_WITHOUT_AREAS = frozenset({"GovernmentBody", "Company", "InternationalOrganization"})


@dataclass
class DocumentView:
    """Document-wide, read-only facts every sentence's rules may consult."""

    doc: Doc
    mentions: list[Mention]
    entities: dict[str, Entity]
    posts: list[Post]
    dates: list[Date]
    areas: list[Span]
    anaphora: dict[int, list[Mention]]  # sentence index -> mentions pointing back
    doc_date: str | None = None
    title: str | None = None
    sents: list[Span] = field(default_factory=list)
    _office_states: dict[Post, str | None] = field(default_factory=dict, repr=False)
    _lemmas: dict[int, frozenset[str]] = field(default_factory=dict, repr=False)
    _negated: dict[int, bool] = field(default_factory=dict, repr=False)

    @classmethod
    def of_doc(cls, doc: Doc) -> DocumentView:
        """The view of a Doc the upstream components have annotated (what the relations component reads)."""
        return cls(
            doc=doc,
            mentions=[m for m in (doc._.coop_mentions or []) if m.key],
            entities=doc._.coop_entities or {},
            posts=doc._.coop_posts or [],
            dates=doc._.coop_dates or [],
            areas=list(doc.spans.get("coop_areas", [])),
            anaphora=doc._.coop_anaphora or {},
            doc_date=doc._.coop_doc_date,
            title=doc._.coop_doc_title,
            sents=list(doc.sents),
        )

    @cached_property
    def nested(self) -> set[int]:
        """Mentions inside a longer mention: a country in "Kazakh Railways" does not act; nor does
        the state before a body's name ("the U.S. National Telecommunications … Administration")."""
        ms = self.mentions
        out = {
            id(m)
            for m in ms
            for o in ms
            if o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
        }
        body_starts = {m.start for m in ms if m.type in ("GovernmentBody", "Company")}
        return out | {id(m) for m in ms if m.type == "Country" and m.end in body_starts}

    @cached_property
    def home(self) -> str | None:
        """The state the document is about: named (or owning bodies named) often enough."""
        c: Counter[str] = Counter()
        for m in self.mentions:
            if m.type == "Country":
                c[m.key] += 1
            elif m.type == "GovernmentBody" and m.country:
                c[m.country] += 1
        if not c:
            return None
        key, n = c.most_common(1)[0]
        return key if n >= 2 and n >= 0.3 * sum(c.values()) else None

    @cached_property
    def time_frames(self) -> list[Date]:
        """The years that can frame what follows them ("In 2023, …"): not a year that opens or sits
        in an event's or agreement's name ("the 2023 Lima Dialogue" is that edition's)."""
        named = [(m.start_char, m.end_char) for m in self.mentions if m.type in ("Event", "Agreement")]
        return [
            d
            for d in self.dates
            if d[2].precision == "year" and not any(a - 1 <= d[1] <= a + 1 or a <= d[0] < b for a, b in named)
        ]

    @cached_property
    def place_tokens(self) -> set[int]:
        return {i for p in self.mentions if p.type == "Place" for i in range(p.start, p.end)}

    @cached_property
    def sent_index(self) -> dict[int, int]:
        return {s.start: i for i, s in enumerate(self.sents)}

    @cached_property
    def by_sent(self) -> list[list[Mention]]:
        return [[m for m in self.mentions if s.start <= m.start and m.end <= s.end] for s in self.sents]

    @cached_property
    def first_mentions(self) -> dict[int, list[Mention]]:
        """Each entity's first mention in the document, by the index of the sentence it starts in
        (found once: two rules ask in every sentence)."""
        starts = [s.start for s in self.sents]
        out: dict[int, list[Mention]] = {}
        seen: set[str] = set()
        for m in self.mentions:
            if m.key and m.key not in seen:
                seen.add(m.key)
                out.setdefault(bisect_right(starts, m.start) - 1, []).append(m)
        return out

    @cached_property
    def post_of(self) -> dict[str, Post]:
        """Each person's first post in the document."""
        out: dict[str, Post] = {}
        for p in self.posts:
            out.setdefault(p.person, p)
        return out

    @cached_property
    def person_country(self) -> dict[str, str]:
        """The state each person acts for: the first one a title of theirs gives, else the state
        of the office a title of theirs names on the document's day ('President Biden')."""
        out: dict[str, str] = {}
        for p in self.posts:
            if p.target and p.country:
                out.setdefault(p.person, p.country)
        for p in self.posts:
            if p.person not in out and not p.target:
                where = self.office_state(p)
                if where and self.type_of(where) == "Country":
                    out[p.person] = where
        return out

    def office_state(self, post: Post) -> str | None:
        """:meth:`_office_state`, looked up once per post (three rules ask for it)."""
        if post not in self._office_states:
            self._office_states[post] = self._office_state(post)
        return self._office_states[post]

    def _office_state(self, post: Post) -> str | None:
        """The state (or organisation) of the office a title names, held on the document's day by
        the one office holder of the person's name (``ontology/gazetteer/offices.ttl``), when the
        document names that state: 'President Biden' in 2022 -> the United States."""
        entity = self.entities.get(post.person)
        if entity is None or not self.doc_date or not post.title:
            return None
        tenure = office_book().resolve(entity.label, post.title, None, self.doc_date)
        if tenure is None:
            return None
        # reference entities are keyed by their IRI, minted ones by the IRI's tail
        return next((k for k in (tenure.where, tenure.where.removeprefix(ID)) if self.type_of(k)), None)

    def lemmas(self, si: int) -> frozenset[str]:
        """The lower-cased lemmas of sentence ``si``, read once (every candidate's features ask)."""
        if si not in self._lemmas:
            self._lemmas[si] = frozenset(t.lemma_.lower() for t in self.sents[si])
        return self._lemmas[si]

    def negated(self, si: int) -> bool:
        """Whether sentence ``si`` has a negation, read once (every candidate's features ask)."""
        if si not in self._negated:
            self._negated[si] = any(t.dep_ == "neg" for t in self.sents[si])
        return self._negated[si]

    def titled_by_body(self, person: str) -> bool:
        """Whether a title of the person names a body or organisation (not only a state)."""
        return any(p.person == person and p.target and p.target_type != "Country" for p in self.posts)

    def type_of(self, key: str) -> str:
        e = self.entities.get(key)
        return e.type if e is not None else ""


class Context:
    """One sentence of a document, as the rules see it."""

    def __init__(self, view: DocumentView, si: int, main: Mention | None, prior_events: list[Mention]):
        self.view = view
        self.doc = view.doc
        self.si = si
        self.sent = view.sents[si]
        self.ms: list[Mention] = view.by_sent[si] + view.anaphora.get(si, [])
        self.main = main
        self.prior_events = prior_events
        # "the National Information Society Agency", "Acme Telecom": an area phrase inside the name
        # of a body, company or organisation is its portfolio or trade, no topic of the sentence
        names = [m for m in self.ms if m.type in NAMES_WITHOUT_AREAS and m.source != "anaphor"]
        self.areas = [
            a
            for a in view.areas
            if self.sent.start <= a.start
            and a.end <= self.sent.end
            and not any(m.start <= a.start and a.end <= m.end for m in names)
        ]
        # each token with its lower-cased lemma and form, read once: a dozen rules ask for triggers
        self.forms = [(t, t.lemma_.lower(), t.lower_) for t in self.sent]
        self.lemmas = view.lemmas(si)  # the view's per-sentence set, shared with the features
        self.lowers = {low for _, _, low in self.forms}
        self.status = self._status()

    # ------------------------------------------------------------------ output
    def fact(
        self,
        s: str,
        p: str,
        o: str,
        span: Iterable[Mention | Token | Span],
        prior: float,
        rule: str,
        date: DateValue | None = None,
        status: str | None = None,
    ) -> Iterator[Candidate]:
        """A candidate for ``s p o`` supported by the given mentions, tokens or spans (none when
        ``s`` and ``o`` are the same or missing)."""
        if not s or not o or s == o:
            return
        starts, ends = [], []
        for x in span:
            if isinstance(x, Token):
                starts.append(x.idx)
                ends.append(x.idx + len(x.text))
            else:
                starts.append(x.start_char)
                ends.append(x.end_char)
        yield Candidate(
            s,
            p,
            o,
            rule,
            prior,
            self.si,
            min(starts) if starts else self.sent.start_char,
            max(ends) if ends else self.sent.end_char,
            status or self.status,
            date,
        )

    def participant(
        self, ev: Mention, a: Mention, span: list[Any], prior: float, rule: str, state_prior: float = 0.55
    ) -> Iterator[Candidate]:
        """A participant of an event, and the state a participating person represents."""
        yield from self.fact(ev.key, "participant", a.key, span, prior, rule)
        country = self.view.person_country.get(a.key) if a.type == "Person" else None
        if country:
            yield from self.fact(ev.key, "participant", country, span, state_prior, "represents")

    # ------------------------------------------------------------------ selection
    def in_(self, tokens: set[int], types: Iterable[str], ms: list[Mention] | None = None) -> list[Mention]:
        """The sentence's acting mentions of the given types that touch the tokens, one per entity."""
        types = set(types)
        out, keys = [], set()
        for m in self.ms if ms is None else ms:
            if id(m) in self.view.nested:
                continue
            if m.type in types and any(i in tokens for i in range(m.start, m.end)) and m.key not in keys:
                out.append(m)
                keys.add(m.key)
        return out

    def of_type(self, *types: str) -> list[Mention]:
        return [m for m in self.ms if m.type in types]

    @staticmethod
    def subtree(tok: Token) -> set[int]:
        return {t.i for t in tok.subtree}

    def triggers(self, family: str) -> list[Token]:
        words = lexicon.triggers(family)
        if not (self.lemmas & words or self.lowers & words):
            return []  # most sentences have none of a family's words: skip the token loop
        return [t for t, lemma, low in self.forms if lemma in words or low in words]

    def has_trigger(self, family: str) -> bool:
        words = lexicon.triggers(family)
        return bool(self.lemmas & words or self.lowers & words)

    # ------------------------------------------------------------------ grammar
    @staticmethod
    def negated(tok: Token) -> bool:
        return any(c.dep_ == "neg" for c in tok.children) or any(
            c.dep_ == "neg" for c in tok.head.children if tok.head != tok
        )

    @staticmethod
    def unrealised(tok: Token) -> bool:
        """A verb in the future or the infinitive ("is to be signed", "will sign", "may sign"), or
        a signing noun of purpose ("prepare the Agreement for signature", "open for signing")."""
        if (
            tok.pos_ == "NOUN"
            and tok.dep_ == "pobj"
            and tok.head.lower_ == "for"
            and not any(c.dep_ == "det" for c in tok.children)  # "a ceremony for the signing of …"
        ):
            return True
        future = lexicon.words("unrealised_auxiliaries")
        if tok.pos_ == "VERB" and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in future for c in tok.children
        ):
            return True
        # "Conclude an MOU on standards between A and B" (an item of a list of plans, or after a
        # heading "Quantum: …"): a verb in the imperative, with no subject, opening its clause
        return (
            tok.pos_ == "VERB"
            and tok.tag_ == "VB"
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "mark") for c in tok.children)
            and (tok.i == tok.sent.start or tok.doc[tok.i - 1].text in (":", "•", "-", "–", "*"))
        )

    @staticmethod
    def hops(tok: Token, ancestor: Token) -> int:
        n = 0
        while tok != ancestor and tok.head != tok:
            tok, n = tok.head, n + 1
        return n

    @staticmethod
    def verb_of(tok: Token) -> Token:
        t = tok
        while t.pos_ not in ("VERB", "AUX") and t.head != t:
            t = t.head
        return t

    def subjects(self, verb: Token, types: Iterable[str] = ACTORS) -> list[Mention]:
        toks: set[int] = set()
        for c in verb.children:
            if c.dep_ in ("nsubj", "agent") or (c.dep_ == "prep" and c.lower_ == "by"):
                toks |= self.subtree(c)
        if not toks and verb.dep_ == "ROOT" and verb.pos_ == "NOUN" and verb.tag_ == "NNS":
            # "Armenia cooperates with Kazakhstan": the small model reads a sentence's only verb as
            # a plural noun and its subject as that noun's compound
            toks = {
                i for c in verb.children if c.dep_ == "compound" and c.i < verb.i for i in self.subtree(c)
            }
        if not toks and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb:
            return self.subjects(verb.head, types)
        # "we commit to working together": a gerund after a preposition has its verb's doers
        if (
            not toks
            and verb.dep_ == "pcomp"
            and verb.head.dep_ == "prep"
            and verb.head.head.pos_ in ("VERB", "AUX")
        ):
            return self.subjects(verb.head.head, types)
        return self.in_(toks, types)

    def agents(self, trig: Token, verb: Token, types: Iterable[str] = ACTORS) -> list[Mention]:
        """The doers of a trigger: its grammatical subjects plus the actors of the clause before it.

        The small model's parse of long subjects ("The Governments of A, B, … and C concur …", "the
        Belarusian delegation headed by … Pavel Tkach is taking part") is unreliable, so every
        actor between the clause start and the trigger counts, except those introduced by "with".
        """
        types = set(types)
        actors = self.subjects(verb, types)
        keys = {a.key for a in actors}
        start = self.sent.start
        for t in self.doc[self.sent.start : trig.i]:
            if t.text == ";" or (t.dep_ == "mark" and t.i > start):
                start = t.i + 1
        if verb.dep_ == "ccomp" and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            # "A welcomed B signing the Accord", "A said B joined": a complement clause with a
            # subject of its own; the doers of the clause that governs it do not do its verb
            start = max(start, verb.left_edge.i)
        for m in self.ms:
            if (
                m.type in types
                and start <= m.start
                and m.end <= trig.i
                and m.key not in keys
                and (m.source != "anaphor" or m.type in ("Person", "Country"))
                and id(m) not in self.view.nested
                and not self.vocative(m)
                and not any(
                    t.lower_ in ("with", "between", "to", "from")
                    for t in self.doc[max(start, m.start - 2) : m.start]
                )
            ):
                actors.append(m)
                keys.add(m.key)
        return actors

    def vocative(self, m: Mention) -> bool:
        """'Mr Putin, I was pleased to …': the person addressed does not do what follows."""
        i = m.start
        markers = lexicon.words("vocative_markers")
        while i > self.sent.start and self.doc[i - 1].lower_.rstrip(".") in markers:
            i -= 1
        first = self.doc[self.sent.start : i]
        return (
            not [t for t in first if not t.is_space] and m.end < self.sent.end and self.doc[m.end].text == ","
        )

    def by_phrase(self, trig: Token) -> list[Mention]:
        """'signed by Director A and Japanese Minister of State for Science … B': everyone from 'by' to
        the end of the clause, since long titles break the parse of the coordination."""
        by = next((c for c in trig.children if c.dep_ == "agent"), None)
        if by is None:
            return []
        end = by.i + 1
        doc, sent = self.doc, self.sent
        while end < sent.end and not (
            doc[end].text in (",", ";", ".", "(")
            or (doc[end].lower_ == "to" and end + 1 < sent.end and doc[end + 1].pos_ == "VERB")
        ):
            end += 1
        return self.in_(set(range(by.i, end)), ORG_ACTORS | {"Person"})

    def examples(self, toks: set[int], after: int) -> set[int]:
        """The tokens of an 'including' / 'such as' phrase among ``toks`` (past ``after``): what it
        lists are examples of a group ('between our research organisations, including … the
        Institute of A', 'met with a PRC delegation including the Ministry of …'), not the parties."""
        if not toks:
            return set()
        last = max(toks)
        return {
            i
            for t in self.doc[after : last + 1]
            if t.i in toks and t.lower_ in ("including", "such") and t.i > after + 1
            for i in range(t.i, last + 1)
        }

    def between(self, prep: Token, types: Iterable[str] = ORG_ACTORS) -> list[Mention]:
        """The parties of 'between A and B'; the small model often hangs 'and B' on the noun before
        'between', so a lone party takes the actor right after the 'and' that follows it."""
        toks = self.subtree(prep)
        parties = self.in_(toks - self.examples(toks, prep.i), types)
        nxt = max(toks) + 1
        while nxt < self.sent.end and self.doc[nxt].text in (")", "]"):
            nxt += 1
        if len(parties) == 1 and nxt < self.sent.end and self.doc[nxt].lower_ == "and":
            parties += [
                m
                for m in self.in_(set(range(nxt + 1, nxt + 4)), types)
                if m.start <= nxt + 3 and m.key != parties[0].key
            ][:1]
        return parties

    def modifier_of_noun(self, m: Mention) -> bool:
        """'meet with U.S. and EU stakeholders': the mention only modifies a common noun."""
        return self.modified_noun(m) is not None

    def modified_noun(self, m: Mention) -> Token | None:
        """The lower-case common noun the mention only modifies ('stakeholders' in 'U.S. and EU
        stakeholders'), or None."""
        last = self.doc[m.end - 1]
        head = last.head
        if last.dep_ == "conj" and head.i < m.start:  # "U.S. and EU stakeholders": EU joins U.S.
            last, head = head, head.head
        if (
            last.dep_ in ("compound", "nmod", "amod")
            and head.pos_ == "NOUN"
            and head.is_lower
            and not (m.start <= head.i < m.end)
        ):
            return head
        return None

    def place_intro(self, m: Mention) -> bool:
        """'in Paris', 'in Saclay – Paris, France', 'in the village of Huta': a place the text puts
        something in or at."""
        doc = self.doc
        if m.end < len(doc) and doc[m.end].is_title and doc[m.end].pos_ == "PROPN":
            return False  # "Lomonosov Moscow State University": the place is inside another name
        places = self.view.place_tokens
        geo = lexicon.words("geo_features") | lexicon.words("place_region_heads")
        i = m.start - 1
        while i >= 0 and m.start - i <= 6:
            t = doc[i]
            if t.lower_ in ("in", "at"):
                return True
            if not (
                t.text in (",", "–", "-", "—")
                or i in places
                or (t.is_title and i > 0 and doc[i - 1].lower_ in ("in", "at"))  # "in Saclay – Paris"
                or t.lower_ in ("the", "of")
                or t.lower_ in geo
            ):
                return False
            i -= 1
        return False

    def in_title(self, o: Mention) -> bool:
        """'NATO Secretary General Stoltenberg': the organisation only titles the person."""
        for p in self.ms:
            if p.type == "Person" and o.end <= p.start <= o.end + 4:
                between = self.doc[o.end : p.start]
                if all(title_word(t) or t.lower_ in ("general", "vice", "deputy") for t in between):
                    return True
        return False

    # ------------------------------------------------------------------ entities
    def state_of(self, m: Mention) -> str | None:
        return m.key if m.type == "Country" else (m.country if m.type == "GovernmentBody" else None)

    def own_state(self, a: Mention, b: Mention) -> bool:
        """One side is a state and the other a person or body of that state: a state does not
        meet its own people ('Russia met Vladimir Putin' when the Russian side is listed beside
        its president)."""
        for x, y in ((a, b), (b, a)):
            if x.type == "Country" and y.type != "Country":
                state = self.view.person_country.get(y.key) if y.type == "Person" else self.state_of(y)
                if state == x.key:
                    return True
        return False

    def same_body(self, a: Mention, b: Mention) -> bool:
        ea, eb = self.view.entities.get(a.key), self.view.entities.get(b.key)
        return bool(ea and eb and (b.text in ea.aliases or a.text in eb.aliases))

    def foreign_leader(self, dest: Mention) -> list[Mention]:
        """The most mentioned person of the document whose state is not the destination's."""
        e = self.view.entities.get(dest.key)
        dest_country = dest.key if dest.type == "Country" else dest.country
        pc = self.view.person_country
        counts: Counter[str] = Counter()
        for m in self.view.mentions:
            if m.type == "Person" and m.key and pc.get(m.key) not in (None, dest_country):
                counts[m.key] += 1
        if not counts or e is None:
            return []
        key = counts.most_common(1)[0][0]
        return [Mention(dest.start, dest.end, "Person", key, "", "anaphor", dest.start_char, dest.end_char)]

    def format_owner(self, ev: Mention) -> str:
        """The organisation whose format a named event is: its stated owner, else the one
        international organisation inside its name."""
        if "owner" in ev.extra:
            owner = next((m for m in self.view.mentions if (m.start, m.end) == ev.extra["owner"]), None)
            if owner is not None and owner.key:
                return owner.key
        inner = {
            m.key
            for m in self.view.mentions
            if m.type == "InternationalOrganization" and ev.start <= m.start and m.end <= ev.end
        }
        return next(iter(inner)) if len(inner) == 1 else ""

    # ------------------------------------------------------------------ dates
    @cached_property
    def sentence_dates(self) -> list[Date]:
        """The dates of this sentence (character start, end, value), in reading order."""
        sent = self.sent
        return [d for d in self.view.dates if sent.start_char <= d[0] and d[1] <= sent.end_char]

    def date_near(self, char: int | None = None) -> DateValue | None:
        inside = self.sentence_dates
        if not inside:
            return None
        if char is None:
            return inside[0][2]
        return min(inside, key=lambda d: abs(d[0] - char))[2]

    def signing_date(self) -> DateValue | None:
        """The sentence's first date outside relative clauses that do not hold the signing
        ("signed a memorandum that will be implemented next year": not next year)."""
        signs = [t for t in self.triggers("sign") + self.triggers("adopt") if not self.unrealised(t)]
        other: set[int] = set()
        for t in self.sent:
            if t.dep_ == "relcl" and not any(s.i in self.subtree(t) for s in signs):
                other |= {x.idx for x in t.subtree}
        kept = [x for x in self.sentence_dates if x[0] not in other]
        return kept[0][2] if kept else None

    def paragraph_date(self) -> DateValue | None:
        """Only a vague time frame carries over a paragraph ("In 2023", "last year"); a day belongs
        to its own event."""
        start = doc_text(self.doc).rfind("\n\n", 0, self.sent.start_char)
        before = [d for d in self.view.time_frames if max(start, 0) <= d[0] < self.sent.start_char]
        return before[-1][2] if before else None

    def _status(self) -> str:
        text = self.sent.text.lower()
        if self.lowers & lexicon.words("planned_markers") or any(
            phrase in text for phrase in lexicon.words("planned_phrases")
        ):
            return "planned"
        return "reported"


def title_word(t: Token) -> bool:
    """A word of a person's title ("Minister", "Presidents")."""
    titles = lexicon.words("head_of_state_titles") | lexicon.words("strong_titles")
    return lexicon.plural_or_single(t.lower_, titles)
