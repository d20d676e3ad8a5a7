"""The relation extractor: facts of the ontology from dependency structure and trigger words.

Reads ``doc._.coop_mentions`` / ``doc._.coop_entities`` (entity resolver), ``doc.spans["coop_areas"]``
and ``doc._.coop_dates``; writes ``doc._.coop_facts`` (plain dicts) and ``doc._.coop_entity_info``
(dates, statuses and posts of entities). Triggers and role words live in ``patterns/relations.json``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from graph.model import DateValue
from graph.nlp.entities import Mention

PATTERNS = Path(__file__).parent / "patterns" / "relations.json"
ACTORS = {"Country", "InternationalOrganization", "GovernmentBody", "Company", "Person"}
ORG_ACTORS = {"Country", "InternationalOrganization", "GovernmentBody", "Company"}
DOCUMENTS = {"Agreement", "Initiative"}


class RelationExtractor:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        data = json.loads(PATTERNS.read_text(encoding="utf-8"))
        self.t: dict[str, set[str]] = {k: set(v) for k, v in data["triggers"].items()}
        self.planned = set(data["planned_markers"])
        self.head_titles = set(data["head_of_state_titles"])
        self.ict_words = set(data["ict_words"])
        self.export_blockers = set(data["export_blockers"])
        self.export_areas = set(data["export_areas"])
        self.city_states = set(data["city_states"])
        self.strong_rel = set(data["strong_relation_modifiers"])
        self.plural_roles: dict[str, list[str]] = data["plural_roles"]
        self.max_plural_referents = 4
        self.role_groups: dict[str, str] = data["role_groups"]
        self.unrealised = set(data["unrealised_heads"])
        names = json.loads((Path(__file__).parent / "patterns" / "names.json").read_text(encoding="utf-8"))
        self.strong_titles = set(names["strong_titles"])
        self.titles = self.head_titles | self.strong_titles
        self.portfolio = set(names["portfolio_words"])
        self.geo_words = set(names["geo_features"]) | set(names["place_region_heads"])
        self.name_heads = {w for words in names["heads"].values() for w in words} | {
            "organization",
            "organisation",
            "event",
        }
        for ext in ("coop_facts", "coop_entity_info", "coop_doc_date", "coop_doc_title"):
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None)

    # ------------------------------------------------------------------ driver
    def __call__(self, doc: Doc) -> Doc:
        self.doc = doc
        self.facts: list[dict[str, Any]] = []
        self.info: dict[str, dict[str, Any]] = {}
        mentions: list[Mention] = [m for m in (doc._.coop_mentions or []) if m.key]
        # a country inside a name ("Kazakh Railways") is an entity but does not act in the sentence
        self.nested = {
            id(m)
            for m in mentions
            for o in mentions
            if o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
        }
        # "the U.S. National Telecommunication and Information Administration": the state before a
        # body's name only says whose body it is
        body_starts = {m.start for m in mentions if m.type in ("GovernmentBody", "Company")}
        self.nested |= {id(m) for m in mentions if m.type == "Country" and m.end in body_starts}
        self.entities = doc._.coop_entities or {}
        self.home = self._home_country(mentions)
        counts = Counter(m.key for m in mentions if m.type == "Country")
        self.top_countries = [k for k, n in counts.most_common() if n >= 2]
        self.dates = doc._.coop_dates or []
        areas = list(doc.spans.get("coop_areas", []))
        seen_events: list[Mention] = []
        self.person_country: dict[str, str] = {}
        self.doc_date = doc._.coop_doc_date
        sents = self.sents = list(doc.sents)
        self.sent_index = {s.start: i for i, s in enumerate(sents)}
        self.place_tokens = {
            i for p in doc._.coop_mentions or [] if p.type == "Place" for i in range(p.start, p.end)
        }
        self.main = self._main_subject(mentions, doc._.coop_doc_title)
        by_sent = [[m for m in mentions if s.start <= m.start and m.end <= s.end] for s in sents]
        for si, sent in enumerate(sents):
            # posts first, over the whole document: "The presidents adopted …" may come before the
            # sentence that gives one of them the title
            self.sent, self.si, self.status = sent, si, "reported"
            self._affiliation(sent, by_sent[si])
        for si, sent in enumerate(sents):
            ms = by_sent[si] + self._anaphora(sent, by_sent[si], mentions, seen_events)
            self.sent, self.si = sent, si
            self.status = self._status(sent)
            sareas = [a for a in areas if sent.start <= a.start and a.end <= sent.end]
            self._entity_dates(sent, ms)
            self._named_parties(ms)
            self._locations(sent, ms)
            self._participation(sent, ms)
            self._role_group(sent, ms, seen_events)
            self._attendance(sent, ms)
            self._signing(sent, ms)
            self._membership(sent, ms)
            self._cooperation(sent, ms)
            self._meetings(sent, ms)
            self._visits(sent, ms)
            self._exports(sent, ms, sareas)
            self._implementation(sent, ms)
            self._discussion(sent, ms)
            self._founding(sent, ms)
            self._organizers(sent, ms)
            self._coverage(sent, ms, sareas)
            seen_events += [m for m in ms if m.type == "Event" and m.source != "anaphor"]
        self._entity_facts(mentions)
        doc._.coop_facts = self.facts
        doc._.coop_entity_info = self.info
        return doc

    # ------------------------------------------------------------------ helpers
    def _add(
        self,
        s: str,
        p: str,
        o: str,
        span: Iterable[Mention | Token | Span],
        conf: float,
        rule: str,
        date: DateValue | None = None,
        status: str | None = None,
    ) -> None:
        if not s or not o or s == o:
            return
        starts, ends = [], []
        for x in span:
            if isinstance(x, Mention):
                starts.append(x.start_char)
                ends.append(x.end_char)
            elif isinstance(x, Token):
                starts.append(x.idx)
                ends.append(x.idx + len(x.text))
            else:
                starts.append(x.start_char)
                ends.append(x.end_char)
        sent = self.sent
        self.facts.append(
            {
                "s": s,
                "p": p,
                "o": o,
                "confidence": conf,
                "rule": rule,
                "status": status or self.status,
                "date": date,
                "sent_index": self.si,
                "sent_start": sent.start_char,
                "sent_end": sent.end_char,
                "start": min(starts) if starts else sent.start_char,
                "end": max(ends) if ends else sent.end_char,
            }
        )

    def _type(self, key: str) -> str:
        e = self.entities.get(key)
        return e.type if e is not None else ""

    def _in(self, ms: list[Mention], tokens: set[int], types: set[str]) -> list[Mention]:
        out, keys = [], set()
        for m in ms:
            if id(m) in self.nested:
                continue
            if m.type in types and any(i in tokens for i in range(m.start, m.end)) and m.key not in keys:
                out.append(m)
                keys.add(m.key)
        return out

    def _subtree(self, tok: Token) -> set[int]:
        return {t.i for t in tok.subtree}

    def _triggers(self, sent: Span, kind: str) -> list[Token]:
        words = self.t[kind]
        return [t for t in sent if t.lemma_.lower() in words or t.lower_ in words]

    def _negated(self, tok: Token) -> bool:
        return any(c.dep_ == "neg" for c in tok.children) or any(
            c.dep_ == "neg" for c in tok.head.children if tok.head != tok
        )

    def _date_near(self, sent: Span, char: int | None = None) -> DateValue | None:
        inside = [d for d in self.dates if sent.start_char <= d[0] and d[1] <= sent.end_char]
        if not inside:
            return None
        if char is None:
            return inside[0][2]
        return min(inside, key=lambda d: abs(d[0] - char))[2]

    def _paragraph_date(self, sent: Span) -> DateValue | None:
        start = self.doc.text.rfind("\n\n", 0, sent.start_char)
        # only a vague time frame carries over ("In 2023", "last year"); a day belongs to its own event
        before = [
            d for d in self.dates if max(start, 0) <= d[0] < sent.start_char and d[2].precision == "year"
        ]
        return before[-1][2] if before else None

    def _status(self, sent: Span) -> str:
        low = {t.lower_ for t in sent}
        if low & self.planned or "provides for" in sent.text.lower() or "provide for" in sent.text.lower():
            return "planned"
        return "reported"

    def _home_country(self, mentions: list[Mention]) -> str | None:
        c: Counter[str] = Counter()
        for m in mentions:
            if m.type == "Country":
                c[m.key] += 1
            elif m.type == "GovernmentBody" and m.country:
                c[m.country] += 1
        if not c:
            return None
        key, n = c.most_common(1)[0]
        return key if n >= 2 and n >= 0.3 * sum(c.values()) else None

    def _hops(self, tok: Token, ancestor: Token) -> int:
        n = 0
        while tok != ancestor and tok.head != tok:
            tok, n = tok.head, n + 1
        return n

    def _verb_of(self, tok: Token) -> Token:
        t = tok
        while t.pos_ not in ("VERB", "AUX") and t.head != t:
            t = t.head
        return t

    def _subjects(self, verb: Token, ms: list[Mention], types: set[str] = ACTORS) -> list[Mention]:
        toks: set[int] = set()
        for c in verb.children:
            if c.dep_ in ("nsubj", "agent") or (c.dep_ == "prep" and c.lower_ == "by"):
                toks |= self._subtree(c)
        if not toks and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb:
            return self._subjects(verb.head, ms, types)
        return self._in(ms, toks, types)

    def _agents(self, trig: Token, verb: Token, ms: list[Mention], types: set[str] = ACTORS) -> list[Mention]:
        """The doers of a trigger: its grammatical subjects plus the actors of the clause before it.

        The small model's parse of long subjects ("The Governments of A, B, … and C concur …", "the
        Belarusian delegation headed by … Pavel Tkach is taking part") is unreliable, so every
        actor between the clause start and the trigger counts, except those introduced by "with".
        """
        actors = self._subjects(verb, ms, types)
        keys = {a.key for a in actors}
        start = self.sent.start
        for t in self.doc[self.sent.start : trig.i]:
            if t.text in (";",) or (t.dep_ == "mark" and t.i > start):
                start = t.i + 1
        for m in ms:
            if (
                m.type in types
                and start <= m.start
                and m.end <= trig.i
                and m.key not in keys
                and (m.source != "anaphor" or m.type in ("Person", "Country"))
                and id(m) not in self.nested
                and not self._vocative(m)
                and not any(
                    t.lower_ in ("with", "between", "to", "from")
                    for t in self.doc[max(start, m.start - 2) : m.start]
                )
            ):
                actors.append(m)
                keys.add(m.key)
        return actors

    def _vocative(self, m: Mention) -> bool:
        """'Mr Putin, I was pleased to …': the person addressed does not do what follows."""
        i = m.start
        while i > self.sent.start and self.doc[i - 1].lower_.rstrip(".") in (
            "mr",
            "mrs",
            "ms",
            "dear",
            "madam",
        ):
            i -= 1
        first = self.doc[self.sent.start : i]
        return (
            not [t for t in first if not t.is_space] and m.end < self.sent.end and self.doc[m.end].text == ","
        )

    # ------------------------------------------------------------------ anaphora
    def _anaphora(
        self, sent: Span, ms: list[Mention], all_ms: list[Mention], seen_events: list[Mention]
    ) -> list[Mention]:
        """'the memorandum', 'this organization', 'the ministry', 'these events' point back to the
        latest entity whose name has that head word."""
        out = []
        covered = {i for m in ms for i in range(m.start, m.end)}
        for tok in sent:
            if tok.i in covered or not (tok.pos_ == "NOUN" or tok.lower_ in self.plural_roles):
                continue
            det = next((c for c in tok.children if c.dep_ in ("det", "predet")), None)
            two = any(c.lower_ in ("two", "both") for c in tok.children)
            ours = any(c.lower_ in ("their", "our") and c.dep_ == "poss" for c in tok.children)
            if tok.lower_ in ("countries", "sides", "nations", "parties", "states") and (two or ours):
                # "the two countries concluded …", "cooperation between their countries": the states
                # of the meeting just reported, else the two states the document is about
                met = self._event_countries(seen_events)
                keys = met if len(met) >= 2 and (ours or len(met) == 2) else self.top_countries[:2]
                if ours and not met and tok.lower_ not in ("countries", "nations"):
                    keys = []
                for key in keys:
                    out.append(Mention.of_token(tok, "Country", "anaphor", key))
                continue
            if det is None or det.lower_ not in ("the", "this", "these", "that", "said"):
                continue
            if tok.lower_ not in self.plural_roles and any(
                c.dep_ in ("amod", "compound") and c.pos_ == "PROPN" for c in tok.children
            ):
                continue
            head = tok.lemma_.lower()
            if tok.lower_ in self.plural_roles and det.lower_ in ("the", "these", "both"):
                # "The presidents adopted …": the persons whose title has that role
                roles = self.plural_roles[tok.lower_]
                holders = [
                    key
                    for key, info in self.info.items()
                    if self._type(key) == "Person"
                    and any(r in str(info.get("post", "")).lower() for r in roles)
                    and not {"vice", "deputy"} & set(str(info.get("post", "")).lower().split())
                ]
                # a summit of many leaders: "the leaders" is too vague to stand for each of them
                if len(holders) <= self.max_plural_referents:
                    out += [Mention.of_token(tok, "Person", "anaphor", key) for key in holders]
                continue
            if head not in self.name_heads:
                continue
            if head == "event" and det.lower_ == "these":
                for ev in seen_events[-3:]:
                    out.append(Mention.of_token(tok, ev.type, "anaphor", ev.key))
                continue
            prior = [
                m
                for m in all_ms
                if m.end <= tok.i
                and m.key
                and head in [*m.text.lower().split()[:4], m.text.lower().split()[-1]]
            ]
            if head == "organization" or head == "organisation":
                prior = [m for m in all_ms if m.end <= tok.i and m.type == "InternationalOrganization"]
            if prior:
                p = prior[-1]
                out.append(Mention.of_token(tok, p.type, "anaphor", p.key))
        return out

    def _event_countries(self, seen_events: list[Mention]) -> list[str]:
        """The states that took part in the latest event reported so far."""
        for ev in reversed(seen_events):
            keys = [
                f["o"]
                for f in self.facts
                if f["s"] == ev.key and f["p"] == "participant" and self._type(f["o"]) == "Country"
            ]
            if keys:
                return list(dict.fromkeys(keys))
        return []

    # ------------------------------------------------------------------ rules
    def _entity_dates(self, sent: Span, ms: list[Mention]) -> None:
        lemmas = {t.lemma_.lower() for t in sent}
        for m in ms:
            if m.type not in ("Event", "Agreement") or m.source == "anaphor":
                continue
            info = self.info.setdefault(m.key, {})
            if m.type == "Agreement" and "draft" in {t.lower_ for t in self.doc[max(0, m.start - 2) : m.end]}:
                info.setdefault("status", "planned")
            if "date" in info:
                continue
            acted = bool(lemmas & (self.t["sign"] | self.t["participate"] | self.t["held"] | self.t["meet"]))
            if m.type == "Agreement":
                inner = [t for t in self.doc[m.start : m.end + 1] if t.lower_ == "dated"]
                if (
                    not inner
                    and m.end + 1 < len(self.doc)
                    and self.doc[m.end].lower_ == "of"
                    and any(d[0] == self.doc[m.end + 1].idx for d in self.dates)
                ):
                    inner = [self.doc[m.end]]  # "the … Statement of September 7, 2023"
                # "the 10 July 2023 statement by …": a date before the name is the document's
                before = [d for d in self.dates if 0 <= m.start_char - d[1] <= 2]
                if before and not inner:
                    info["date"] = before[-1][2]
                    continue
                dated = bool(inner)
                if not (dated or lemmas & self.t["sign"] or lemmas & self.t["adopt"]):
                    continue
                d = self._date_near(sent, inner[0].idx + 6 if dated else None)
                if d is not None and not dated and not self._nearest_agreement(sent, ms, m):
                    continue  # "the Statement issued on September 7, we welcome the Principles …"
            else:
                d = self._date_near(sent, m.start_char)
            if (
                d is None
                and acted
                and self.doc_date
                and not (lemmas & {"will", "would", "last", "previous", "ago"})
            ):
                # a statement with no date expression takes the latest date of its paragraph
                # ("last year was productive … We adopted the Concept"), else its document's
                d = self._paragraph_date(sent) or DateValue(self.doc_date, None, "day")
            if d is not None:
                info["date"] = d

    def _in_title(self, o: Mention, ms: list[Mention]) -> bool:
        """'NATO Secretary General Stoltenberg': the organisation only titles the person."""
        for p in ms:
            if p.type == "Person" and o.end <= p.start <= o.end + 4:
                between = self.doc[o.end : p.start]
                if all(self._title_word(t) or t.lower_ in ("general", "vice", "deputy") for t in between):
                    return True
        return False

    def _nearest_agreement(self, sent: Span, ms: list[Mention], m: Mention) -> bool:
        """Whether ``m`` is, of the sentence's agreements, the one nearest its first date."""
        agreements = [a for a in ms if a.type == "Agreement" and a.source != "anaphor"]
        dates = [d for d in self.dates if sent.start_char <= d[0] and d[1] <= sent.end_char]
        if len({a.key for a in agreements}) < 2 or not dates:
            return True
        at = dates[0][0]
        return min(agreements, key=lambda a: min(abs(at - a.end_char), abs(at - a.start_char))).key == m.key

    def _named_parties(self, ms: list[Mention]) -> None:
        """'the China-SCO … Forum' -> participants China and the SCO; 'NATO Summit' -> organizer NATO;
        'the U.S.-Japan … Deal' -> signatories."""
        for m in ms:
            if m.type not in ("Event", "Agreement", "Initiative") or m.source not in ("name",):
                continue
            if "authors_start" in m.extra:  # "the statement by Sweden, Türkiye, and … Stoltenberg"
                authors = [
                    o
                    for o in ms
                    if o.type in ACTORS
                    and m.extra["authors_start"] <= o.start
                    and o.end <= m.end
                    and not self._in_title(o, ms)
                ]
                for o in authors:
                    self._add(m.key, "signatory", o.key, [m, o], 0.7, "authored")
                orgs = [o for o in authors if o.type in ORG_ACTORS]
                for a, b in combinations(orgs, 2):
                    self._add(a.key, "cooperatesWith", b.key, [m], 0.6, "co-authors")
            if "owner" in m.extra:  # "The … Council (TTC) held its second ministerial meeting"
                owner = [o for o in ms if (o.start, o.end) == m.extra["owner"] and o.key]
                for o in owner[:1]:
                    self._add(m.key, "organizer", o.key, [m, o], 0.7, "format-owner")
            inner = [
                o for o in ms if o.type in ORG_ACTORS and m.start <= o.start and o.end <= m.end and o is not m
            ]
            if not inner:
                continue
            toks = self.doc[m.start : m.end]
            paired = [
                o
                for o in inner
                if (o.end < m.end and self.doc[o.end].text in "-–—/")
                or (o.start > m.start and self.doc[o.start - 1].text in "-–—/")
            ]
            if len(paired) >= 2:
                p = {"Event": "participant", "Agreement": "signatory"}.get(m.type)
                for o in paired:
                    if p:
                        self._add(m.key, p, o.key, [m], 0.7, "named-parties")
                if m.type == "Agreement":  # the parties of an agreement cooperate; a forum's do not yet
                    for a, b in combinations(paired, 2):
                        self._add(a.key, "cooperatesWith", b.key, [m], 0.6, "named-parties")
            elif m.type == "Event":
                # "the UK's AI Safety Summit": the state that owns the event hosts it
                owners = [o for o in inner if o.end < m.end and self.doc[o.end].text in ("'s", "’s")]
                for o in owners[:1]:
                    self._add(m.key, "organizer", o.key, [m], 0.65, "owner")
                orgs = [o for o in inner if o.type == "InternationalOrganization"]
                if len({o.key for o in orgs}) == 1 and "-" not in toks.text:
                    self._add(m.key, "organizer", orgs[0].key, [m], 0.7, "format-owner")

    def _locations(self, sent: Span, ms: list[Mention]) -> None:
        events = [m for m in ms if m.type == "Event"]
        if not events:
            return
        for ev in events:
            # "the NATO Summit in Vilnius": a place right after the event's name is where it took place
            nxt = [
                m
                for m in ms
                if m.type == "Place" and m.start == ev.end + 1 and self.doc[ev.end].lower_ == "in"
            ]
            if nxt and ev.source != "anaphor":
                self._add(ev.key, "location", nxt[0].key, [ev, nxt[0]], 0.65, "event-in-place")
        if not any(t.lemma_.lower() in self.t["held"] for t in sent):
            return
        places = [m for m in ms if m.type in ("Place",) and self._place_intro(m)]
        places += [
            m
            for m in ms
            if m.type == "Country"
            and m.source == "ref"
            and m.start > 0
            and self.doc[m.start - 1].lower_ in ("in",)
            and self.doc[m.start - 2 : m.start - 1].text.lower() not in ("part",)
            and m.key.rsplit("/", 1)[-1] in self.city_states
        ]
        ordered = sorted(events, key=lambda e: e.start)
        owned: dict[str, Mention] = {}
        for i, ev in enumerate(ordered):
            # the place after the event and before the next one: "the 2008 Summer Olympics held in
            # China, and … the 2014 Winter Games in Sochi"
            following = ordered[i + 1].start if i + 1 < len(ordered) else len(self.doc)
            own = [pl for pl in places if ev.end <= pl.start < following] if len(events) > 1 else places
            if own:
                owned[ev.key] = own[0]
        for i in range(len(ordered) - 2, -1, -1):
            # "the Fourth Meeting …, as well as the … Forum …, is held in Karamay": coordinated events
            # (no verb between them) share the place
            a, b = ordered[i], ordered[i + 1]
            verbless = not any(t.pos_ in ("VERB", "AUX") for t in self.doc[a.end : b.start])
            if a.key not in owned and b.key in owned and verbless:
                owned[a.key] = owned[b.key]
        for ev in ordered:
            pl = owned.get(ev.key)
            if pl is not None:
                self._add(ev.key, "location", pl.key, [ev, pl], 0.7, "held-in")

    def _place_intro(self, m: Mention) -> bool:
        """'in Paris', 'in Saclay – Paris, France', 'in the village of Huta': a place the text puts
        something in or at."""
        if m.end < len(self.doc) and self.doc[m.end].is_title and self.doc[m.end].pos_ == "PROPN":
            return False  # "Lomonosov Moscow State University": the place is inside another name
        places = self.place_tokens
        i = m.start - 1
        while i >= 0 and m.start - i <= 6:
            t = self.doc[i]
            if t.lower_ in ("in", "at"):
                return True
            if not (
                t.text in (",", "–", "-", "—")
                or i in places
                or (t.is_title and i > 0 and self.doc[i - 1].lower_ in ("in", "at"))  # "in Saclay – Paris"
                or t.lower_ in ("the", "of")
                or t.lower_ in self.geo_words
            ):
                return False
            i -= 1
        return False

    def _participation(self, sent: Span, ms: list[Mention]) -> None:
        for trig in self._triggers(sent, "participate"):
            if trig.lower_ == "part" and not any(c.lemma_ == "take" for c in [trig.head]):
                continue
            verb = self._verb_of(trig)
            if self._negated(verb):
                continue
            obj_toks: set[int] = set()
            for c in list(verb.children) + list(trig.children):
                if c.dep_ in ("prep", "dobj", "pobj", "attr") and c.i > trig.i - 1:
                    obj_toks |= self._subtree(c)
            events = self._in(ms, obj_toks, {"Event"})
            if not events:
                continue
            actors = self._agents(trig, verb, ms)
            for ev in events:
                for a in actors:
                    self._participant(ev, a, [ev, a, trig], 0.75, "take-part", 0.6)

    def _participant(
        self,
        ev: Mention,
        a: Mention,
        span: list[Mention | Token],
        conf: float,
        rule: str,
        state_conf: float = 0.55,
    ) -> None:
        """A participant of an event, and the state a participating person represents."""
        self._add(ev.key, "participant", a.key, span, conf, rule)
        country = self.person_country.get(a.key) if a.type == "Person" else None
        if country:
            self._add(ev.key, "participant", country, span, state_conf, "represents")

    def _affiliate(self, p: Mention, target: Mention, conf: float, rule: str) -> None:
        """A person's affiliation, which also tells which state the person acts for."""
        self._add(p.key, "affiliatedWith", target.key, [p, target], conf, rule)
        country = target.key if target.type == "Country" else target.country
        if country:
            self.person_country.setdefault(p.key, country)

    def _role_group(self, sent: Span, ms: list[Mention], seen_events: list[Mention]) -> None:
        """'U.S. co-chairs, Secretary of State Antony J. Blinken, … and … Katherine Tai were joined by
        EU Co-Chairs …': the persons listed after a state's or organisation's group noun belong to it,
        the co-chairs of a meeting belong to the body whose meeting it is, and all took part in it."""
        event = seen_events[-1] if seen_events else None
        for tok in sent:
            role = self.role_groups.get(tok.lower_)
            start = tok.i
            if tok.lower_ == "chairs" and tok.i >= 2 and self.doc[tok.i - 1].text == "-":
                role, start = "chair", tok.i - 2  # "co - chairs"
            if role is None:
                continue
            owners = [m for m in ms if m.type in ("Country", "InternationalOrganization") and m.end == start]
            if not owners:
                continue
            end = tok.i + 1
            while end < sent.end and not (
                self.doc[end].pos_ in ("VERB", "AUX") and not self.doc[end].is_title
            ):
                end += 1
            persons = [m for m in ms if m.type == "Person" and tok.i < m.start and m.end <= end]
            if not persons:
                continue
            owner = owners[0]
            chaired = ""
            if role == "chair" and event is not None:
                chaired = next(
                    (
                        f["o"]
                        for f in self.facts
                        if f["s"] == event.key
                        and f["p"] == "organizer"
                        and self._type(f["o"]) == "InternationalOrganization"
                    ),
                    "",
                )
            for p in persons:
                named_body = any(
                    f["s"] == p.key and f["p"] == "affiliatedWith" and self._type(f["o"]) != "Country"
                    for f in self.facts
                )
                if not named_body:
                    self._add(p.key, "affiliatedWith", owner.key, [p, owner, tok], 0.6, "role-group")
                if chaired:
                    self._add(p.key, "affiliatedWith", chaired, [p, tok], 0.6, "co-chair")
                if event is not None:
                    self._add(event.key, "participant", p.key, [p, tok], 0.55, "role-group")
            if event is not None:
                self._add(event.key, "participant", owner.key, [owner, tok], 0.55, "role-group")

    def _attendance(self, sent: Span, ms: list[Mention]) -> None:
        """'… met in Helsinki for the third U.S.-Nordic Leaders' Summit', 'At the East Asia Summit,
        President Biden announced …': the doers of a clause set at a named event took part in it."""
        for ev in ms:
            if ev.type != "Event" or ev.source == "anaphor" or ev.start == 0:
                continue
            prep = (
                self.doc[ev.start - 1]
                if self.doc[ev.start - 1].lower_ not in ("the",)
                else self.doc[ev.start - 2]
            )
            if prep.lower_ not in ("at", "during", "for", "on") or prep.dep_ != "prep":
                continue
            verb = self._verb_of(prep)
            if verb.pos_ not in ("VERB", "AUX") or self._negated(verb):
                continue
            if prep.lower_ in ("for", "on") and verb.lemma_ not in self.t["meet"] | self.t["held"] | {
                "gather",
                "travel",
                "come",
                "arrive",
            }:
                continue
            actors = self._agents(prep, verb, ms)
            actors = [a for a in actors if not (ev.start <= a.start < ev.end)]
            for a in actors:
                self._participant(ev, a, [ev, a, prep], 0.6, "at-event")

    def _signing(self, sent: Span, ms: list[Mention]) -> None:
        agreements = [m for m in ms if m.type == "Agreement"]
        if not agreements:
            return
        for trig in self._triggers(sent, "sign"):
            if self._negated(trig):
                continue
            if (
                trig.dep_ in ("xcomp", "pcomp", "pobj", "dobj")
                and trig.head.lemma_.lower() in self.unrealised
            ):
                continue  # "Russia has suggested adopting a joint statement": not signed (yet)
            parties: list[Mention] = []
            for tok in sent:
                if tok.lower_ == "between":
                    parties += self._in(ms, self._subtree(tok), ORG_ACTORS | {"Person"})
            verb = self._verb_of(trig)
            if not parties and trig.pos_ == "NOUN":
                # "the signing of a joint statement by the leaders of the three states"
                for tok in trig.subtree:
                    if tok.lower_ == "by" and tok.dep_ in ("prep", "agent"):
                        parties += self._in(ms, self._subtree(tok), ORG_ACTORS | {"Person"})
            if not parties:  # "signed between A and B" names the parties; otherwise the doers do
                parties = self._agents(trig, verb, ms)
                parties += [m for m in self._by_phrase(trig, ms) if m.key not in {p.key for p in parties}]
                # "the United States signed Technology Prosperity Deals with Japan and Korea"
                for c in trig.children:
                    if c.dep_ == "prep" and c.lower_ == "with":
                        keys = {p.key for p in parties}
                        parties += [
                            m for m in self._in(ms, self._subtree(c), ORG_ACTORS) if m.key not in keys
                        ]
            if not parties:
                continue
            # "President of Ukraine Volodymyr Zelenskyy": a state in a signer's title is no party
            starts = {m.start for m in ms if m.type == "Person"}
            parties = [p for p in parties if not (p.type == "Country" and p.end in starts)]
            target = min(agreements, key=lambda a: abs(a.start - trig.i))
            for p in parties:
                self._add(target.key, "signatory", p.key, [target, p, trig], 0.8, "sign")
            orgs = [p for p in parties if p.type in ORG_ACTORS]
            for a, b in combinations(orgs, 2):
                self._add(a.key, "cooperatesWith", b.key, [a, b, trig], 0.7, "co-signatories")
            d = self._date_near(sent, trig.idx)
            if d is not None:
                self.info.setdefault(target.key, {}).setdefault("date", d)
            break

    def _by_phrase(self, trig: Token, ms: list[Mention]) -> list[Mention]:
        """'signed by Director Kratsios and Japanese Minister of State for Science and Technology
        Policy Onoda Kimi': everyone from 'by' to the end of the clause, since long titles break
        the parse of the coordination."""
        by = next((c for c in trig.children if c.dep_ == "agent"), None)
        if by is None:
            return []
        end = by.i + 1
        while end < self.sent.end and not (
            self.doc[end].text in (",", ";", ".", "(")
            or (self.doc[end].lower_ == "to" and end + 1 < self.sent.end and self.doc[end + 1].pos_ == "VERB")
        ):
            end += 1
        return self._in(ms, set(range(by.i, end)), ORG_ACTORS | {"Person"})

    def _membership(self, sent: Span, ms: list[Mention]) -> None:
        for trig in self._triggers(sent, "join"):
            verb = self._verb_of(trig)
            if self._negated(verb):
                continue
            obj_toks: set[int] = set()
            for c in trig.children:
                if c.dep_ in ("dobj", "prep", "pobj", "attr"):
                    obj_toks |= self._subtree(c)
            orgs = self._in(ms, obj_toks, {"InternationalOrganization"})
            subj = [m for m in self._subjects(verb, ms) if m.type in ("Country", "InternationalOrganization")]
            d = self._date_near(sent, trig.idx)
            for o in orgs[:1]:
                for s in subj:
                    self._add(s.key, "memberOf", o.key, [s, o, trig], 0.85, "join", date=d)
        # "the CIS countries: Azerbaijan, Armenia, Kazakhstan" / "SCO member states such as …"
        for m in ms:
            if m.type != "InternationalOrganization" or m.end + 1 >= sent.end:
                continue
            nxt = self.doc[m.end]
            if nxt.lower_ not in ("countries", "members", "member"):
                continue
            k = m.end + 1
            if k < sent.end and self.doc[k].lower_ == "states":
                k += 1
            if k < sent.end and self.doc[k].text in (":", "—", "("):
                listed = [o for o in ms if o.type == "Country" and o.start > k and o.source != "demonym"]
                for o in listed:
                    self._add(o.key, "memberOf", m.key, [m, o], 0.7, "member-list")

    def _cooperation(self, sent: Span, ms: list[Mention]) -> None:
        for trig in self._triggers(sent, "cooperate"):
            if self._negated(self._verb_of(trig)):
                continue
            if trig.lemma_.lower() in ("relation", "relations", "relationship") and not any(
                c.lower_ in self.strong_rel for c in trig.children
            ):
                continue
            pairs: list[tuple[Mention, Mention]] = []
            # cooperation between A and B
            for c in trig.children:
                if c.dep_ == "prep" and c.lower_ == "between":
                    parties = self._between(c, ms)
                    pairs += list(combinations(parties, 2))
                if c.dep_ == "prep" and c.lower_ in ("with", "within"):
                    # "cooperation with partners beyond the United States and the EU" excludes them
                    excluded = {
                        i
                        for t in c.subtree
                        if t.dep_ == "prep" and t.lower_ in ("beyond", "except", "excluding", "outside")
                        for i in self._subtree(t)
                    }
                    others = self._in(ms, self._subtree(c) - excluded, ORG_ACTORS)
                    verb = self._verb_of(trig)
                    # a noun buried in an enumeration is too far from any verb's subject to take it
                    subj = self._subjects(verb, ms, ORG_ACTORS) if self._hops(trig, verb) <= 4 else []
                    if not subj and self.home and trig.i > sent.start:
                        subj = [
                            Mention(trig.i, trig.i + 1, "Country", self.home, "", "home", trig.idx, trig.idx)
                        ]
                    others = [o for o in others if o.key not in {x.key for x in subj}]
                    pairs += [(s, o) for s in subj for o in others[:3]]
            # Belarusian-Russian cooperation; U.S.-EU cooperation
            left = [m for m in ms if m.type in ORG_ACTORS and m.end <= trig.i and trig.i - m.end <= 2]
            if left:
                hy = [
                    m
                    for m in ms
                    if m.type in ORG_ACTORS
                    and m.end < left[-1].start
                    and self.doc[m.end].text in "-–—"
                    and m.end + 1 == left[-1].start
                ]
                pairs += [(hy[-1], left[-1])] if hy else []
            # X together with Y (in a cooperation sentence)
            for tok in sent:
                if tok.lower_ == "together" and tok.i + 1 < sent.end and self.doc[tok.i + 1].lower_ == "with":
                    before = [
                        m for m in ms if m.type in ORG_ACTORS and m.end <= tok.i and id(m) not in self.nested
                    ]
                    after = self._in(ms, self._subtree(self.doc[tok.i + 1]), ORG_ACTORS)
                    if before and after:
                        pairs.append((before[-1], after[0]))
            if not pairs:
                pairs = self._joint_cooperation(trig, ms)
            self._cooperating(pairs, trig, "cooperation")
        for trig in self._triggers(sent, "bring_together"):
            # "The TPD aligns the U.S. Nuclear Regulatory Commission, the UK Office for Nuclear
            # Regulation, and the UK Environment Agency": the bodies brought together cooperate
            if trig.pos_ != "VERB" or self._negated(trig):
                continue
            if trig.lemma_ == "bring" and not any(c.lower_ == "together" for c in trig.children):
                continue
            objs = [c for c in trig.children if c.dep_ == "dobj"]
            parties = self._in(ms, self._subtree(objs[0]), ORG_ACTORS) if objs else []
            self._cooperating(list(combinations(parties, 2)), trig, "aligned")

    def _cooperating(self, pairs: list[tuple[Mention, Mention]], trig: Token, rule: str) -> None:
        for a, b in pairs:
            if a.key == b.country or b.key == a.country or self._same_body(a, b):
                continue  # a state does not cooperate with its own bodies
            self._add(a.key, "cooperatesWith", b.key, [a, b, trig], 0.7, rule)

    def _between(self, prep: Token, ms: list[Mention]) -> list[Mention]:
        """The parties of 'between A and B'; the small model often hangs 'and B' on the noun before
        'between', so a lone party takes the actor right after the 'and' that follows it."""
        toks = self._subtree(prep)
        parties = self._in(ms, toks, ORG_ACTORS)
        nxt = max(toks) + 1
        while nxt < self.sent.end and self.doc[nxt].text in (")", "]"):
            nxt += 1
        if len(parties) == 1 and nxt < self.sent.end and self.doc[nxt].lower_ == "and":
            parties += [
                m
                for m in self._in(ms, set(range(nxt + 1, nxt + 4)), ORG_ACTORS)
                if m.start <= nxt + 3 and m.key != parties[0].key
            ][:1]
        return parties

    def _state_of(self, m: Mention) -> str | None:
        return m.key if m.type == "Country" else (m.country if m.type == "GovernmentBody" else None)

    def _same_body(self, a: Mention, b: Mention) -> bool:
        ea, eb = self.entities.get(a.key), self.entities.get(b.key)
        return bool(ea and eb and (b.text in ea.aliases or a.text in eb.aliases))

    def _joint_cooperation(self, trig: Token, ms: list[Mention]) -> list[tuple[Mention, Mention]]:
        """'The United States and India will deepen their cooperation', 'the leaders reaffirmed their
        partnership': the doers cooperate with each other (persons stand for the states they lead)."""
        verb = self._verb_of(trig)
        if (verb.i == trig.i and trig.pos_ == "NOUN") or self._hops(trig, verb) > 4:
            return []
        doers = self._subjects(verb, ms, ACTORS)
        # "We the Quad partners of Australia, India, …": the organisation labels the group
        if len(doers) >= 3 and all(d.type == "GovernmentBody" for d in doers):
            return []  # "representatives from the NSC, the Department of State, the Treasury …"
        doers = [
            d
            for d in doers
            if not (
                d.type == "InternationalOrganization"
                and d.end < len(self.doc)
                and self.doc[d.end].lower_
                in ("partners", "members", "countries", "states", "leaders", "nations")
            )
        ]
        states: dict[str, Mention] = {}
        for d in doers:
            if d.type == "Person":
                country = self.person_country.get(d.key)
                if country:
                    states.setdefault(
                        country,
                        Mention(d.start, d.end, "Country", country, "", "person", d.start_char, d.end_char),
                    )
            else:
                states.setdefault(d.key, d)
        parties = list(states.values())
        # "representatives from the NSC, the Department of State, … held discussions … to expand our
        # partnership": one state's delegation does not partner with itself
        return [
            (a, b)
            for a, b in combinations(parties, 2)
            if not (self._state_of(a) and self._state_of(a) == self._state_of(b))
        ]

    def _meetings(self, sent: Span, ms: list[Mention]) -> None:
        events = [m for m in ms if m.type == "Event"]
        for trig in self._triggers(sent, "meet"):
            verb = self._verb_of(trig)
            if self._negated(verb):
                continue
            named = [e for e in events if e.start <= trig.i < e.end]
            if named:
                # "the second ministerial meeting of the TTC" names an event; "following the trilateral
                # meeting with President … Nausėda and President … Duda, Zelenskyy thanked …"
                self._meeting_with(trig, verb, named[0], ms)
                continue
            if (
                trig.pos_ == "NOUN"
                and trig.head.lemma_ not in ("hold", "have", "conduct", "take")
                and trig.dep_ != "pobj"
            ):
                continue
            others: list[Mention] = []
            for tok in verb.subtree:  # "held a meeting in the Kremlin with …": "with" hangs on the verb
                sub = self._subtree(tok)
                if tok.lower_ == "with" and tok.head in (trig, verb) and trig.i not in sub:
                    # "with the participation of …" names attendants, not the other side
                    if tok.i + 2 < len(self.doc) and self.doc[tok.i + 2].lower_ == "participation":
                        continue
                    others += [o for o in self._in(ms, sub, ACTORS | {"Place"}) if o not in others]
            # "meet with U.S. and EU stakeholders": the stakeholders are met, not the EU
            met_someone = bool(others)
            others = [o for o in others if not self._modifier_of_noun(o)]
            subj = self._subjects(verb, ms)
            poss = [c for c in trig.children if c.dep_ == "poss"]
            if trig.pos_ == "NOUN" and trig.dep_ == "pobj" and poss:
                # "signed … before the Russian President's meeting with …": the meeting's own
                # possessor meets, not the doers of the clause around it
                subj = [m for m in self._in(ms, self._subtree(poss[0]), ACTORS) if m.type == "Person"]
                for c in trig.children:
                    if c.dep_ == "dobj":
                        others = self._in(ms, self._subtree(c), ACTORS)
            persons_o = [o for o in others if o.type == "Person"]
            if persons_o:
                others = persons_o
            elif any(s.type == "Person" for s in subj):
                others = [o for o in others if o.type != "Country"]  # persons meet persons or bodies
            if not others and not met_someone:
                # "Putin and Mirziyoyev held talks", "A, B and C met in Seoul": the subjects met each other
                people = [m for m in subj if m.type == "Person"]
                if len(people) >= 2:
                    d = self._date_near(sent, trig.idx)
                    for a, b in combinations(people, 2):
                        self._add(a.key, "metWith", b.key, [a, b, trig], 0.7, "met-each-other", date=d)
                    continue
            if not subj or not others:
                continue
            persons_s = [s for s in subj if s.type == "Person"]
            subj = persons_s or subj
            d = self._date_near(sent, trig.idx)
            for s in subj:
                for o in others:
                    self._add(s.key, "metWith", o.key, [s, o, trig], 0.75, "meet", date=d)

    def _meeting_with(self, trig: Token, verb: Token, ev: Mention, ms: list[Mention]) -> None:
        """A named meeting 'with' persons: they and the doer of the clause took part and met."""
        withs = [c for c in trig.children if c.dep_ == "prep" and c.lower_ == "with"]
        if not withs:
            return
        others = [m for m in self._in(ms, self._subtree(withs[0]), {"Person"})]
        subj: list[Mention] = []
        for _ in range(4):  # "Speaking … following the meeting with …, Zelenskyy thanked …"
            subj = [m for m in self._subjects(verb, ms, {"Person"}) if m.key not in {o.key for o in others}]
            if subj or verb.head == verb:
                break
            verb = self._verb_of(verb.head)
        if not others or not subj:
            return
        people = subj[:1] + others
        d = self._date_near(self.sent, trig.idx)
        for p in people:
            self._participant(ev, p, [ev, p, trig], 0.6, "meeting-with")
        after = [m for m in ms if m.type == "Place" and m.start > trig.i and self._place_intro(m)]
        for pl in after[:1]:
            self._add(ev.key, "location", pl.key, [ev, pl], 0.6, "meeting-at")
        several = any(c.lower_ in ("trilateral", "multilateral", "quadrilateral") for c in trig.children)
        pairs = list(combinations(people, 2)) if several else []
        pairs = pairs or [(subj[0], o) for o in others]
        for a, b in pairs:
            self._add(a.key, "metWith", b.key, [a, b, trig], 0.65, "meeting-with", date=d)

    def _modifier_of_noun(self, m: Mention) -> bool:
        last = self.doc[m.end - 1]
        head = last.head
        if last.dep_ == "conj" and head.i < m.start:  # "U.S. and EU stakeholders": EU joins U.S.
            last, head = head, head.head
        return (
            last.dep_ in ("compound", "nmod", "amod")
            and head.pos_ == "NOUN"
            and head.is_lower
            and not (m.start <= head.i < m.end)
        )

    def _visits(self, sent: Span, ms: list[Mention]) -> None:
        for trig in self._triggers(sent, "visit"):
            if self._negated(self._verb_of(trig)):
                continue
            visitor: list[Mention] = []
            dest: list[Mention] = []
            if trig.pos_ == "VERB":
                visitor = [m for m in self._subjects(trig, ms) if m.type == "Person"]
                for c in trig.children:
                    if c.dep_ == "dobj":
                        dest = self._in(ms, self._subtree(c), {"Country", "Place"})
            else:
                for c in trig.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        visitor = self._in(ms, self._subtree(c), {"Person"})
                    if c.dep_ == "prep" and c.lower_ in ("to", "in"):
                        dest = self._in(ms, self._subtree(c), {"Country", "Place"})
                if not dest:
                    dest = [
                        m
                        for m in ms
                        if m.type in ("Country", "Place")
                        and m.start > trig.i
                        and self.doc[m.start - 1].lower_ == "to"
                    ][:1]
            if not visitor and dest and {t.lower_ for t in sent} & {"you", "your", "me", "my", "i"}:
                # a transcript: "thank you for inviting me to visit Russia", "your visit to Moscow";
                # the visitor is the leader from elsewhere
                visitor = self._foreign_leader(dest[0])
            d = self._date_near(sent, trig.idx)
            for v in visitor:
                for x in dest[:1]:
                    self._add(v.key, "visited", x.key, [v, x, trig], 0.6, "visit", date=d)
        for tok in sent:
            # "we welcome you to Moscow", "thank you for coming to Russia"
            if tok.lemma_ in ("welcome", "come") and tok.i + 2 < sent.end:
                dest = [
                    m
                    for m in ms
                    if m.type in ("Country", "Place")
                    and m.start > tok.i
                    and self.doc[m.start - 1].lower_ == "to"
                    and m.start - tok.i <= 4
                ]
                if (dest and any(t.lower_ == "you" for t in self.doc[tok.i : dest[0].start])) or (
                    dest
                    and tok.lemma_ == "come"
                    and any(t.lower_ == "for" for t in self.doc[tok.i - 3 : tok.i])
                ):
                    for v in self._foreign_leader(dest[0]):
                        self._add(v.key, "visited", dest[0].key, [v, dest[0], tok], 0.55, "welcome")

    def _foreign_leader(self, dest: Mention) -> list[Mention]:
        """The most mentioned person of the document whose state is not the destination's."""
        e = self.entities.get(dest.key)
        dest_country = dest.key if dest.type == "Country" else dest.country
        counts: Counter[str] = Counter()
        for m in self.doc._.coop_mentions or []:
            if m.type == "Person" and m.key and self.person_country.get(m.key) not in (None, dest_country):
                counts[m.key] += 1
        if not counts or e is None:
            return []
        key = counts.most_common(1)[0][0]
        return [Mention(dest.start, dest.end, "Person", key, "", "anaphor", dest.start_char, dest.end_char)]

    def _exports(self, sent: Span, ms: list[Mention], areas: list[Span]) -> None:
        trigs = [t for t in self._triggers(sent, "export") if not t.is_upper]  # not a HEADLINE
        if not trigs:
            return
        low = {t.lower_ for t in sent}
        if low & self.export_blockers:
            return  # export controls and sanctions are the opposite of exports
        if not (low & self.ict_words or any(a.label_ in self.export_areas for a in areas)):
            return
        trig = trigs[0]
        dests = [m for m in ms if m.type == "Country" and m.start > trig.i and m.source != "demonym"]
        exporters = [m for m in ms if m.type == "Country" and m.end <= trig.i]
        exporter = exporters[0].key if exporters else self.home
        if exporter is None:
            return
        d = self._date_near(sent, trig.idx)
        for x in dests:
            self._add(exporter, "exportsTo", x.key, [trig, x], 0.65, "export", date=d)

    def _implementation(self, sent: Span, ms: list[Mention]) -> None:
        for trig in self._triggers(sent, "implement"):
            verb = self._verb_of(trig)
            if self._negated(verb):
                continue
            targets = [m for m in ms if m.type in DOCUMENTS and m.start > trig.i]
            if not targets:
                continue
            target = min(targets, key=lambda m: m.start)
            # an agreement "for the implementation of" another is part of it
            outer = [
                m for m in ms if m.type == "Agreement" and m.start < trig.i < m.end and m.key != target.key
            ]
            if outer:
                self._add(outer[0].key, "partOf", target.key, [outer[0], target], 0.7, "for-implementation")
                continue
            if trig.lower_ == "implement" and trig.dep_ in ("xcomp", "advcl", "acl"):
                before = [m for m in ms if m.type == "Agreement" and m.end <= trig.i and m.key != target.key]
                if before:
                    self._add(
                        before[-1].key,
                        "implements",
                        target.key,
                        [before[-1], target, trig],
                        0.65,
                        "in-order-to-implement",
                    )
                    continue
            doers = [m for m in self._subjects(verb, ms, ORG_ACTORS)]
            for tok in sent:
                if tok.lower_ == "together" and tok.i + 1 < sent.end and self.doc[tok.i + 1].lower_ == "with":
                    doers += self._in(ms, self._subtree(self.doc[tok.i + 1]), ORG_ACTORS)
            for d in doers:
                self._add(d.key, "implements", target.key, [d, target, trig], 0.7, "implementation")
        for tok in sent:
            if (
                tok.lower_ == "part"
                and tok.i > 0
                and self.doc[tok.i - 1].lower_ == "as"
                and tok.i + 1 < sent.end
                and self.doc[tok.i + 1].lower_ == "of"
            ):
                after = [
                    m for m in ms if m.type in DOCUMENTS | {"InternationalOrganization"} and m.start > tok.i
                ]
                before = [m for m in ms if m.type in DOCUMENTS | {"Event"} and m.end <= tok.i - 1]
                if after and before:
                    self._add(
                        before[0].key, "partOf", after[0].key, [before[0], after[0], tok], 0.65, "as-part-of"
                    )

    def _discussion(self, sent: Span, ms: list[Mention]) -> None:
        if not self._triggers(sent, "discuss"):
            return
        events = [m for m in ms if m.type == "Event"]
        docs = [m for m in ms if m.type == "Agreement"]
        for e in events:
            for a in docs:
                self._add(e.key, "discusses", a.key, [e, a], 0.65, "discuss")

    def _founding(self, sent: Span, ms: list[Mention]) -> None:
        if not self._triggers(sent, "found"):
            return
        orgs = [m for m in ms if m.type in ("InternationalOrganization", "Company")]
        places = [m for m in ms if m.type == "Place" and m.start > 0 and self.doc[m.start - 1].lower_ == "in"]
        if orgs and places:
            d = self._date_near(sent)
            self._add(orgs[0].key, "foundedIn", places[0].key, [orgs[0], places[0]], 0.7, "founded", date=d)

    def _affiliation(self, sent: Span, ms: list[Mention]) -> None:
        """'First Deputy Minister of Communications and Informatization Pavel Tkach' -> the ministry;
        'President of Belarus Alexander Lukashenko' -> Belarus."""
        shared: dict[int, Span] = {}  # token after a name -> the plural title that introduced it
        for p in (m for m in ms if m.type == "Person" and m.source != "anaphor"):
            j = p.start
            if j > sent.start and self.doc[j - 1].text == ",":
                j -= 1
            k = j
            other_persons = {
                i for m in ms if m.type == "Person" and m.key != p.key for i in range(m.start, m.end)
            }
            while (
                k > sent.start
                and k - 1 not in other_persons
                and self.doc[k - 1].lower_ not in self.role_groups  # "EU Co-Chairs | Executive …"
                and (
                    self.doc[k - 1].is_title
                    or self.doc[k - 1].is_upper
                    or self.doc[k - 1].lower_ in ("of", "the", "and", "for", "'s", "’s", "-")
                    or self._portfolio_comma(k - 1)
                )
            ):
                k -= 1
            while k < j and self.doc[k].lower_ in ("and", "of", "the", "for", "-"):
                k += 1
            title = self.doc[k:j]
            if not title and j - 1 in shared:
                # "Executive Vice Presidents Margrethe Vestager and Valdis Dombrovskis": a plural title
                # is the title of every name it introduces
                title = shared[j - 1]
                k, j = title.start, title.end
            if not title or not any(self._title_word(t) for t in title):
                self._apposed_post(p, sent, ms)
                continue
            if title[-1].lower_.endswith("s") and self._title_word(title[-1]):
                shared[p.end] = title
            inside = [m for m in ms if k <= m.start and m.end <= j and m.type in ORG_ACTORS]
            bodies = [
                m for m in inside if m.type in ("GovernmentBody", "InternationalOrganization", "Company")
            ]
            countries = [m for m in inside if m.type == "Country"]
            target: Mention | None = bodies[0] if bodies else self._ministry_for_title(title)
            if target is None and countries:
                target = countries[-1]
            if target is None and p.end + 1 < sent.end and self.doc[p.end].lower_ == "of":
                after = [m for m in ms if m.type == "Country" and m.start in (p.end + 1, p.end + 2)]
                target = after[0] if after else None
            e = self.info.setdefault(p.key, {})
            e.setdefault("post", title.text.strip(" ,"))
            if target is not None:
                self._affiliate(p, target, 0.75, "title")

    def _title_word(self, t: Token) -> bool:
        low = t.lower_
        return low in self.titles or (low.endswith("s") and low[:-1] in self.titles)

    def _portfolio_comma(self, i: int) -> bool:
        """A comma inside a portfolio ('Minister of Science, Information, and Communication Technology')."""
        doc = self.doc
        return (
            doc[i].text == ","
            and 0 < i < len(doc) - 1
            and doc[i - 1].lower_ in self.portfolio
            and (doc[i + 1].lower_ in self.portfolio or doc[i + 1].lower_ == "and")
        )

    def _apposed_post(self, p: Mention, sent: Span, ms: list[Mention]) -> None:
        """'said Michael Kratsios, Assistant to the President and Director of the White House Office
        of Science and Technology Policy': a post after the name, up to the next comma or the end."""
        if p.end + 1 >= sent.end or self.doc[p.end].text != ",":
            return
        end = p.end + 1
        while (
            end < sent.end
            and self.doc[end].text not in (",", ";", ".", "(", "“", '"', "”")
            and "\n" not in self.doc[end - 1].text_with_ws
        ):
            end += 1
        post = self.doc[p.end + 1 : end]
        if not post or not post[0].is_title or not any(t.lower_ in self.titles for t in post[:6]):
            return
        if any(m.type == "Person" and post.start <= m.start < post.end for m in ms):
            return
        bodies = [
            m
            for m in ms
            if post.start <= m.start
            and m.end <= post.end
            and m.type in ("GovernmentBody", "InternationalOrganization", "Company")
        ]
        countries = [m for m in ms if post.start <= m.start and m.end <= post.end and m.type == "Country"]
        target = bodies[-1] if bodies else (countries[-1] if countries else None)
        self.info.setdefault(p.key, {}).setdefault("post", post.text.strip())
        if target is not None:
            self._affiliate(p, target, 0.7, "apposed-post")

    def _ministry_for_title(self, title: Span) -> Mention | None:
        """'Minister of X' names the 'Ministry of X' when the document mentions that ministry."""
        text = title.text
        i = text.find("Minister of ")
        if i < 0:
            return None
        words = text[i + len("Minister of ") :].split()
        for m in self.doc._.coop_mentions or []:
            if (
                m.type == "GovernmentBody"
                and m.key
                and m.text.startswith("Ministry of ")
                and m.text[len("Ministry of ") :].split()[:3] == words[:3]
            ):
                return m
        return None

    def _organizers(self, sent: Span, ms: list[Mention]) -> None:
        """'… Meeting hosted by Prime Minister Jacinda Ardern' / 'Finland hosted the … Summit'."""
        for trig in self._triggers(sent, "organize"):
            if self._negated(trig):
                continue
            if trig.tag_ == "VBN" and trig.dep_ in ("acl", "amod", "relcl"):
                events = [
                    m
                    for m in ms
                    if (m.type == "Event" and m.start <= trig.head.i < m.end)
                    or (m.type == "Event" and m.end <= trig.i and trig.i - m.end <= 2)
                ]
                hosts: list[Mention] = []
                for c in trig.children:
                    if c.dep_ == "agent":
                        hosts = self._in(ms, self._subtree(c), ORG_ACTORS | {"Person"})
            else:
                hosts = self._subjects(trig, ms, ORG_ACTORS | {"Person"})
                obj: set[int] = set()
                for c in trig.children:
                    if c.dep_ in ("dobj", "attr"):
                        obj |= self._subtree(c)
                events = self._in(ms, obj, {"Event"})
            for e in events:
                for h in hosts[:2]:
                    self._add(e.key, "organizer", h.key, [e, h, trig], 0.7, "hosted")

    def _main_subject(self, mentions: list[Mention], title: str | None) -> Mention | None:
        """The event or agreement a document is about: the one its title names, else the first one
        its opening sentences name ("… met in Helsinki for the third U.S.-Nordic Leaders' Summit")."""
        if not title:
            opening = self.sents[:2]
            end = opening[-1].end if opening else 0
            first = [
                m
                for m in mentions
                if m.type in ("Event", "Agreement") and m.source == "name" and m.end <= end
            ]
            return first[0] if first else None
        t = _title_words(title)
        best, score = None, 0.0
        for m in mentions:
            if m.type in ("Event", "Agreement") and m.source == "name":
                c = _title_words(m.text)
                j = len(c & t) / len(c) if c else 0.0
                if j > score:
                    best, score = m, j
        return best if score >= 0.5 else None

    def _coverage(self, sent: Span, ms: list[Mention], areas: list[Span]) -> None:
        if not areas:
            return
        owners = [m for m in ms if m.type in ("Agreement", "Event")]
        if not owners:
            if self.main is not None:
                # the themes of a readout or a joint statement are those of what it is about
                for a in areas:
                    self._add(self.main.key, "coversArea", a.label_, [a], 0.5, "area-of-document")
            return
        semis = [t.i for t in sent if t.text == ";"]
        for a in areas:
            inside = [o for o in owners if o.start <= a.start and a.end <= o.end and o.source != "anaphor"]
            # an enumeration ("…; Development of a joint roadmap …; A U.S.-EU guide …"): an area
            # belongs to an agreement or event of its own item
            clause = [
                o for o in owners if not any(min(o.start, a.start) < i < max(o.end, a.end) for i in semis)
            ]
            if not inside and not clause:
                continue
            if inside:
                targets = inside[:1]
            else:
                # several agreements or events in one sentence: the area belongs to the nearest one
                # before it (the one whose scope the clause describes), else the nearest after it
                before = [o for o in clause if o.end <= a.start]
                targets = [before[-1]] if before else [min(clause, key=lambda o: o.start - a.end)]
                if len({o.key for o in clause}) == 1:
                    targets = clause[:1]
            for o in targets:
                self._add(o.key, "coversArea", a.label_, [o, a], 0.7 if inside else 0.6, "area")

    def _entity_facts(self, mentions: list[Mention]) -> None:
        firsts: dict[str, Mention] = {}
        for m in mentions:
            firsts.setdefault(m.key, m)
        for key, m in firsts.items():
            e = self.entities.get(key)
            if e is None:
                continue
            self.sent = self.doc[m.start].sent
            self.si = self.sent_index[self.sent.start]
            self.status = "reported"
            if e.type == "GovernmentBody":
                country = m.country
                conf = 0.5 if m.extra.get("country_inferred") else 0.9
                if country:
                    self._add(key, "jurisdiction", country, [m], conf, "body-country")
            elif e.type == "Place" and m.country:
                self._add(key, "locatedIn", m.country, [m], 0.9, "place-country")


_STOP = frozenset(["the", "of", "and", "in", "on", "for", "a", "an", "to", "with", "by", "at", "from"])


def _title_words(text: str) -> set[str]:
    """Words of a name or title, with "U.S." read as "united states" and hyphens as spaces."""
    t = text.lower().replace("’", "'").replace("u.s.", "united states ").replace("'s", "")
    return {w for w in re.findall(r"[a-z0-9]+", t) if w not in _STOP and len(w) > 1}
