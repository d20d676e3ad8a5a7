"""The anaphora component: noun phrases that point back to an entity named before.

'the memorandum', 'this organization', 'the ministry' point back to the latest entity whose name
has that head word, 'the document' to the latest agreement; 'the two countries' / 'their
countries' to the states of the latest event (else the two states the document names most), 'the
parties' / 'the sides' likewise when that is one pair of states; 'The presidents adopted …' to the
persons whose posts have that role; 'we' to the parties a statement names as its authors ('We,
the governments of A, B and C, …', or an opening sentence whose subject lists them). Reads
``doc._.coop_mentions`` and ``doc._.coop_posts``; writes ``doc._.coop_anaphora`` (sentence index
-> mentions with ``source="anaphor"``).
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from graph.nlp import lexicon
from graph.nlp.types import Mention, Post

MAX_PLURAL_REFERENTS = 4  # a summit of many leaders: "the leaders" is too vague to stand for each
STATE_GROUP_NOUNS = ("countries", "sides", "nations", "parties", "states")
BILATERAL_GROUP_NOUNS = ("sides", "parties")  # "the parties signed …" needs no "two" to mean both
OPENING_SENTENCES = 3  # a statement names its authors at its start (after a headline or two)
EVENT_REACH = 2  # "the meeting" stands for an event named at most this many sentences before
AUTHOR_TYPES = ("Country", "InternationalOrganization")


class AnaphoraResolver:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mentions = [m for m in (doc._.coop_mentions or []) if m.key]
        posts: list[Post] = doc._.coop_posts or []
        counts = Counter(m.key for m in mentions if m.type == "Country")
        top_countries = [k for k, n in counts.most_common() if n >= 2]
        sents = list(doc.sents)
        by_sent = [[m for m in mentions if s.start <= m.start and m.end <= s.end] for s in sents]
        out: dict[int, list[Mention]] = {}
        seen_events: list[tuple[Mention, int]] = []
        authors = _authors(doc, sents, by_sent)
        for si, sent in enumerate(sents):
            found = _sentence(
                doc, sent, by_sent[si], mentions, posts, seen_events, by_sent, top_countries, si
            )
            if authors:
                found += _we(sent, authors) + _our_event(sent, authors, by_sent[si])
            if found:
                out[si] = found
            seen_events += [(m, si) for m in by_sent[si] if m.type == "Event"]
        doc._.coop_anaphora = out
        return doc


def _event_countries(
    seen_events: list[tuple[Mention, int]], by_sent: list[list[Mention]], posts: list[Post]
) -> list[str]:
    """The states taking part in the latest event reported so far: those named in its sentence,
    directly or through the posts of the persons named there."""
    country_of = {p.person: p.country for p in posts if p.country}
    for ev, si in reversed(seen_events):
        keys = []
        for m in by_sent[si]:
            if m.type == "Country" and not (ev.start <= m.start and m.end <= ev.end):
                keys.append(m.key)
            elif m.type == "Person" and m.key in country_of:
                keys.append(country_of[m.key])
        if keys:
            return list(dict.fromkeys(keys))
    return []


def _authors(doc: Doc, sents: list[Span], by_sent: list[list[Mention]]) -> list[Mention]:
    """The parties a joint statement speaks for, when it names them: 'We, the governments of A, B
    and C, …' (an apposition to 'we'), or an opening sentence whose subject lists two or more states
    or organisations ('The members of X — A, B, … and C — met …') in a document that speaks as
    'we'. A transcript's 'we' is its speaker's side, so a dialogue has none."""
    we_words = lexicon.words("first_person_plural")
    dialogue = lexicon.words("dialogue_pronouns")
    if any(t.lower_ in dialogue and t.pos_ == "PRON" for t in doc):
        return []
    if not any(t.lower_ in we_words for t in doc):
        return []
    for si, sent in enumerate(sents[:OPENING_SENTENCES]):
        for tok in sent:
            subtree: set[int] = set()
            if tok.lower_ in we_words and any(c.dep_ == "appos" for c in tok.children):
                subtree = {t.i for t in tok.subtree} - {tok.i}
            elif tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
                subtree = {t.i for t in tok.subtree}
            group = [
                m
                for m in by_sent[si]
                if m.type in AUTHOR_TYPES and m.start in subtree and not _named_group(doc, m)
            ]
            keys = {m.key for m in group}
            if len(keys) >= 2:
                return list({m.key: m for m in group}.values())
    return []


def _named_group(doc: Doc, m: Mention) -> bool:
    """'The members of the CRI — A, B …', 'the Principals of A and B of the Quad Group': an
    organisation after 'of' names the group the parties belong to, it is not one of them."""
    i = m.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return m.type == "InternationalOrganization" and i >= 0 and doc[i].lower_ == "of"


def _we(sent: Span, authors: list[Mention]) -> list[Mention]:
    """'We seek to cooperate …' in a statement whose authors are named: each author."""
    we_words = lexicon.words("first_person_plural")
    return [
        Mention.of_token(tok, a.type, "anaphor", a.key)
        for tok in sent
        if tok.lower_ in we_words and tok.pos_ == "PRON" and not any(c.dep_ == "appos" for c in tok.children)
        for a in authors
    ]


def _our_event(sent: Span, authors: list[Mention], ms: list[Mention]) -> list[Mention]:
    """'since our Trilateral Summit', 'at our meeting in Hiroshima' in a statement whose authors
    are named: the possessive before an event's name stands for each author (only there: 'our
    cooperation', 'our people' are no party of a fact)."""
    ours = lexicon.words("first_person_possessives")
    # the possessive may hang on any word of the name ('our Leaders' Summit': on 'Leaders')
    names = [(m.start, m.end) for m in ms if m.type == "Event" and m.source != "anaphor"]
    return [
        Mention.of_token(tok, a.type, "anaphor", a.key)
        for tok in sent
        if tok.lower_ in ours and tok.dep_ == "poss" and any(s <= tok.head.i < e for s, e in names)
        for a in authors
    ]


def _state_group(
    tok: Token,
    seen_events: list[tuple[Mention, int]],
    by_sent: list[list[Mention]],
    posts: list[Post],
    top_countries: list[str],
) -> list[Mention] | None:
    """'the two countries concluded …', 'cooperation between their countries'; 'the parties
    signed …', 'the sides agreed …' where the document is about two states."""
    if tok.lower_ not in STATE_GROUP_NOUNS:
        return None  # most nouns: no need to look at their children
    two = any(c.lower_ in ("two", "both") for c in tok.children)
    ours = any(c.lower_ in ("their", "our") and c.dep_ == "poss" for c in tok.children)
    bare = tok.lower_ in BILATERAL_GROUP_NOUNS and any(
        c.dep_ == "det" and c.lower_ == "the" for c in tok.children
    )
    if not (two or ours or bare):
        return None
    met = _event_countries(seen_events, by_sent, posts)
    if bare and not (two or ours):
        # only when one pair of states stands out: the latest event's, else the document's only two
        # states named more than once; among several states 'the parties' may be any of them
        pair = met if len(met) == 2 else top_countries if len(top_countries) == 2 else []
        return [Mention.of_token(tok, "Country", "anaphor", key) for key in pair]
    keys = met if len(met) >= 2 and (ours or len(met) == 2) else top_countries[:2]
    if ours and not met and tok.lower_ not in ("countries", "nations"):
        keys = []
    return [Mention.of_token(tok, "Country", "anaphor", key) for key in keys]


def _sentence(
    doc: Doc,
    sent: Span,
    ms: list[Mention],
    all_ms: list[Mention],
    posts: list[Post],
    seen_events: list[tuple[Mention, int]],
    by_sent: list[list[Mention]],
    top_countries: list[str],
    si: int,
) -> list[Mention]:
    out: list[Mention] = []
    plural_roles: dict[str, list[str]] = lexicon.table("plural_roles")
    other_instance = lexicon.words("other_instance_modifiers")
    generic_documents = lexicon.words("generic_document_nouns")
    generic_events = lexicon.words("generic_event_nouns")
    name_heads = set(lexicon.table("heads")) | {"organization", "organisation", "event"}
    covered = {i for m in ms for i in range(m.start, m.end)}
    for tok in sent:
        if tok.i in covered or not (tok.pos_ == "NOUN" or tok.lower_ in plural_roles):
            continue
        group = _state_group(tok, seen_events, by_sent, posts, top_countries)
        if group is not None:
            out += group
            continue
        det = next((c for c in tok.children if c.dep_ in ("det", "predet")), None)
        if det is None or det.lower_ not in ("the", "this", "these", "that", "said"):
            continue
        if tok.lower_ not in plural_roles and any(
            c.dep_ in ("amod", "compound") and c.pos_ == "PROPN" for c in tok.children
        ):
            continue
        if any(c.dep_ == "amod" and c.lower_ in other_instance for c in tok.children):
            continue  # "the next meeting of the Council": another meeting than the one named
        head = tok.lemma_.lower()
        if tok.lower_ in plural_roles and det.lower_ in ("the", "these", "both"):
            # "The presidents adopted …": the persons whose title has that role
            roles = plural_roles[tok.lower_]
            holders = list(
                dict.fromkeys(
                    p.person
                    for p in _first_posts(posts)
                    if any(r in p.title.lower() for r in roles)
                    and not {"vice", "deputy"} & set(p.title.lower().split())
                )
            )
            if len(holders) <= MAX_PLURAL_REFERENTS:
                out += [Mention.of_token(tok, "Person", "anaphor", key) for key in holders]
            continue
        if head not in name_heads and tok.lower_ not in generic_documents | generic_events:
            continue
        if head == "event" and det.lower_ == "these":
            out += [Mention.of_token(tok, ev.type, "anaphor", ev.key) for ev, _ in seen_events[-3:]]
            continue
        prior = [
            m
            for m in all_ms
            if m.end <= tok.i
            and head in [*m.text.lower().split()[:4], m.text.lower().split()[-1], _name_head(m.text)]
        ]
        if head in ("organization", "organisation"):
            prior = [m for m in all_ms if m.end <= tok.i and m.type == "InternationalOrganization"]
        if tok.lower_ in generic_documents:  # "the document", not "the documents signed included …"
            prior = [m for m in all_ms if m.end <= tok.i and m.type == "Agreement"]
        if not prior and tok.lower_ in generic_events and not any(c.lower_ == "of" for c in tok.children):
            # "… opened the Digital Dialogue. A and B chaired the meeting": the event just named
            # ("the plenary session of the Forum" names its own)
            prior = [ev for ev, at in seen_events if si - at <= EVENT_REACH]
        if prior:
            out.append(Mention.of_token(tok, prior[-1].type, "anaphor", prior[-1].key))
    return out


def _name_head(name: str) -> str:
    """The head word of a name: its last word before a preposition ('… Digital Summit on
    Broadband' -> 'summit')."""
    words = name.lower().split()
    for k, w in enumerate(words):
        if k and w in ("of", "on", "for", "in", "to"):
            return words[k - 1]
    return words[-1] if words else ""


def _first_posts(posts: list[Post]) -> list[Post]:
    """Each person's first post (the one the document introduces them with)."""
    seen: dict[str, Post] = {}
    for p in posts:
        seen.setdefault(p.person, p)
    return list(seen.values())
