"""The linker component: one canonical entity per real entity of the document.

Every mention gets a key: a gazetteer entity keeps its reference identifier; persons join the
full name that contains their surname; "the Government of X" is the country X; bodies group by
their core name and state (a body named without its state takes it from the list it stands in,
the side the sentence speaks for, the publisher's domain or the state the document is about);
events, agreements, initiatives, companies and places group by content words. New entities get a
relative key (``gov/BLR-ministry-of-…``); IRIs are minted by :mod:`graph.rdf.iris`.
Reads ``doc._.coop_mentions``; writes the linked mentions and ``doc._.coop_entities``.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from spacy.language import Language
from spacy.tokens import Doc

from graph.model import Entity
from graph.nlp import lexicon
from graph.nlp.naming.vocabulary import (
    POSSESSIVES,
    NameVocabulary,
    clean_label,
    content_tokens,
    reference,
    slug,
)
from graph.nlp.types import Mention


class EntityLinker(NameVocabulary):
    def __init__(self, nlp: Language, name: str, ontology: str = "") -> None:
        super().__init__(ontology)
        self.name = name
        self.ref = reference(ontology)
        self.publisher_tlds: dict[str, str] = lexicon.table("publisher_tlds")
        self.government_hosts = lexicon.words("government_host_labels")
        self.member_nouns = lexicon.words("member_nouns")
        self.stateless_body_words = lexicon.words("stateless_body_words")
        self.side_nouns = lexicon.words("side_nouns")

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = list(doc._.coop_mentions or [])
        entities = self._link(doc, mentions)
        doc._.coop_mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        doc._.coop_entities = entities
        return doc

    def _inherit_states(self, doc: Doc, mentions: list[Mention]) -> None:
        """A body named without its state takes it from the text before falling back on the
        publisher: from the body before it in the same list ("the Israel National Security
        Council, the Ministry of Innovation, …, the Ministry of Defense") or from the side the
        sentence speaks for ("On the Singaporean side, … officials from the Ministry of …")."""
        ordered = sorted((m for m in mentions if m.source not in ("acronym",)), key=lambda m: m.start)
        prev: Mention | None = None
        for m in ordered:
            if m.type != "GovernmentBody" or m.extra.get("stands_for_state"):
                continue
            if m.country is None:
                between = doc[prev.end : m.start] if prev is not None else None
                states_between = prev is not None and any(
                    o.type == "Country" and prev.end <= o.start < m.start for o in mentions
                )
                if (
                    prev is not None
                    and prev.country
                    and between is not None
                    and len(between) <= 8
                    and not states_between
                    and all(
                        t.text in (",", "(", ")", "and", "the", "as", "well", "&") or t.is_upper or t.is_title
                        for t in between
                    )
                ):
                    m.country = prev.country  # a list of one state's bodies
                else:
                    m.country = self._side_of(doc, m, mentions)
                if m.country:
                    m.extra["country_inferred"] = True
            prev = m

    def _side_of(self, doc: Doc, m: Mention, mentions: list[Mention]) -> str | None:
        """'On the Indian side, …' / 'They were joined on the U.S. side by …' / '… to meet a PRC
        delegation including the Ministry of …': the state of the nearest side or delegation
        named before the body in its sentence."""
        sent = doc[m.start].sent
        found = None
        for t in sent:
            if t.i >= m.start:
                break
            if t.lower_ in self.side_nouns and t.i >= 1:
                state = [o for o in mentions if o.type == "Country" and o.end == t.i]
                if state:
                    found = state[0].key
        return found

    def _publisher(self, doc: Doc) -> str | None:
        """The state whose government published the document, from its address: a White House
        fact sheet's "Department of State" is the U.S. one, whatever state it is about."""
        url = doc._.coop_doc_url if Doc.has_extension("coop_doc_url") else None
        host = (urlparse(url).hostname or "") if url else ""
        labels = host.lower().split(".")
        if len(labels) < 2:
            return None
        tld = labels[-1]
        code = self.publisher_tlds.get(tld) if tld in ("gov", "mil") else None
        if code is None and len(tld) == 2 and self.government_hosts & set(labels[:-1]):
            code = self.publisher_tlds.get(tld, tld.upper())
        return self.country_by_alpha2.get(code) if code else None

    def _country_of(self, doc: Doc, m: Mention, mentions: list[Mention]) -> str | None:
        """A country named inside or right around a body or place ('of the Republic of Belarus',
        'Belarusian Ministry …', 'Karamay (the People's Republic of China)')."""
        for o in mentions:
            if o.type == "Country" and m.start <= o.start and o.end <= m.end:
                return o.key
        for o in mentions:
            # "White House National Security Council": a known body inside the name gives its state
            if o is not m and o.type == "GovernmentBody" and o.country and m.start < o.end <= m.end:
                return o.country
        if m.start > 0:
            # "Belarus Ministry …", "Peru's Rural Broadband Office": the state right before, or its
            # possessive
            owner = m.start - 1 if doc[m.start - 1].text in POSSESSIVES else m.start
            for o in mentions:
                if o.type == "Country" and o.end == owner:
                    return o.key
        j = m.end
        if j < len(doc) and doc[j].text in ("(", ","):
            for o in mentions:
                if o.type == "Country" and o.start in (j + 1, j + 2) and o.start > m.end:
                    return o.key
        if j + 1 < len(doc) and doc[j].lower_ in ("of", "in") and m.type == "GovernmentBody":
            for o in mentions:
                if o.type == "Country" and o.start in (j + 1, j + 2):
                    return o.key
        return None

    def _core(self, text: str) -> str:
        """A body's name without its country: 'Ministry of Digital Development of Russia' and
        "Russia's Ministry of Digital Development" -> 'ministry of digital development'."""
        t = text
        for form in sorted(self.country_by_form, key=len, reverse=True):
            if form in t:
                t = re.sub(rf"(\s+(of|in)\s+(the\s+)?)?(?<![\w.]){re.escape(form)}(?!\w)", " ", t)
        t = re.sub(r"\s+", " ", t).strip(" ,-")
        t = re.sub(r"^['’]s\s+", "", t)  # "Kazakhstan's Ministry of …" is the plain form's body
        t = re.sub(r"^(the|U\.S\.|US)\s+", "", t, flags=re.I)
        return t.lower()

    def _link(self, doc: Doc, mentions: list[Mention]) -> dict[str, Entity]:
        entities: dict[str, Entity] = {}
        by_id = {id(m): m for m in mentions}
        self._organisations_by_membership(doc, mentions, by_id)
        for m in sorted(mentions, key=lambda m: m.start):
            if m.source in ("ref", "demonym"):
                continue
            if m.type in ("GovernmentBody", "Place"):
                m.country = self._country_of(doc, m, mentions)
        # reference entities
        for m in mentions:
            if m.source in ("ref", "demonym"):
                r = self.ref.entities[m.key]
                e = entities.setdefault(m.key, Entity(m.key, m.type, r.label, [], reference=True))
                if m.text != e.label and m.text not in e.aliases:
                    e.aliases.append(m.text)
        # persons: a surname alone joins the full name that contains it
        persons = sorted((m for m in mentions if m.type == "Person"), key=lambda m: -(m.end - m.start))
        full: list[tuple[set[str], str]] = []
        for m in persons:
            toks = set(m.text.replace(",", " ").split())
            match = next((k for toks2, k in full if toks <= toks2), None)
            if match is None:
                match = "person/" + slug(m.text)
                full.append((toks, match))
                entities[match] = Entity(match, "Person", m.text)
            m.key = match
        # "the Government of Australia" is Australia; "the Biden Administration" is the state it runs
        home = self._publisher(doc) or most_common_country(mentions)
        for m in list(mentions):
            if m.type == "GovernmentBody" and m.extra.get("stands_for_state"):
                country = m.country or home
                if country and country in self.ref.entities:
                    m.type, m.key, m.source = "Country", country, "ref"
                    e = entities.setdefault(
                        country,
                        Entity(country, "Country", self.ref.entities[country].label, [], reference=True),
                    )
                    if m.text not in e.aliases:
                        e.aliases.append(clean_label(m.text))
                else:
                    mentions.remove(m)
        self._inherit_states(doc, mentions)
        # bodies: same core name (or a prefix of it) and no conflicting country
        bodies = sorted(
            (m for m in mentions if m.type == "GovernmentBody" and m.source != "acronym"),
            key=lambda m: -(m.end - m.start),
        )
        groups: list[list[Mention]] = []
        for m in bodies:
            core = self._core(m.text)
            m.extra["core"] = core
            for g in groups:
                g_core = g[0].extra["core"]
                g_country = next((x.country for x in g if x.country), None)
                if m.country and g_country and m.country != g_country:
                    continue
                if any(x.start < m.end and m.start < x.end for x in g):
                    continue  # "the White House" inside "White House National Security Council": two bodies
                if core == g_core or g_core.startswith(core + " ") or shares_prefix(core, g_core, 3):
                    g.append(m)
                    break
            else:
                groups.append([m])
        for g in groups:
            known = next((x for x in g if x.source == "ref"), None)
            if known is not None:
                # a gazetteer body keeps its IRI, label and state; the text's variants join it
                for x in g:
                    x.key, x.country = known.key, known.country
                continue
            country = next((x.country for x in g if x.country), None)
            head = g[0]
            words = set(head.text.lower().split())
            # a joint or intergovernmental body belongs to no one state (convention 10), nor does
            # a body of an organisation ("the African Union Commission", "the European Council")
            joint = bool(words & self.stateless_body_words) or any(
                o.type == "InternationalOrganization"
                and (
                    o.start == head.start or (o.end == head.end and doc[o.start - 1].lower_ in ("of", "the"))
                )
                and head.start <= o.start < o.end <= head.end
                and (o.start, o.end) != (head.start, head.end)
                for o in mentions
            )
            if joint:
                country = None  # "the Kenya-Ghana Joint Commission": neither state's body
            elif country is None and home:
                # a body named without its state ("the Department of Energy") belongs to the state the
                # document is about; its IRI says so, so two states' "National Security Council" differ
                country = home
                for x in g:
                    x.extra["country_inferred"] = True
            code = country.rsplit("/", 1)[-1] + "-" if country else ""
            key = "gov/" + code + slug(head.extra["core"])
            label = max((x.text for x in g), key=len)
            e = entities.setdefault(key, Entity(key, "GovernmentBody", clean_label(label)))
            for x in g:
                x.key = key
                x.country = country
        # events, agreements, initiatives, companies, places: token-set overlap within the document
        for typ, prefix in (
            ("Event", "event"),
            ("Agreement", "agreement"),
            ("Initiative", "initiative"),
            ("InternationalOrganization", "org"),
            ("Company", "company"),
            ("Place", "place"),
        ):
            ms = sorted(
                (m for m in mentions if m.type == typ and m.source not in ("ref", "demonym", "acronym")),
                key=lambda m: -(m.end - m.start),
            )
            groups = []
            for m in ms:
                toks = self._expand(content_tokens(m.text), mentions)
                for g in groups:
                    gt = g[0].extra["toks"]
                    if any(x.start < m.start < x.end for x in g):
                        continue  # "the Union Program" inside "Action Plan for … the Union Program"
                    if self._states_differ(m, g[0], mentions):
                        continue  # the Russian and the Uzbek Direct Investment Fund
                    if toks and (
                        (toks <= gt and (len(toks) >= 2 or typ in ("Company", "Place")))
                        or jaccard(toks, gt) >= 0.6
                    ):
                        g.append(m)
                        m.extra["toks"] = toks
                        break
                else:
                    m.extra["toks"] = toks
                    groups.append([m])
            for g in groups:
                label = clean_label(g[0].text)
                key = prefix + "/" + slug(label)
                if typ == "Place":
                    country = next((x.country for x in g if x.country), None)
                    if country:
                        key = "place/" + country.rsplit("/", 1)[-1] + "-" + slug(label)
                entities.setdefault(key, Entity(key, typ, label))
                for x in g:
                    x.key = key
        # a place's or body's country is an entity of the document even where the text does not name it
        for m in mentions:
            if (
                m.type in ("Place", "GovernmentBody")
                and m.country
                and m.country not in entities
                and m.country in self.ref.entities
            ):
                r = self.ref.entities[m.country]
                entities[m.country] = Entity(m.country, r.type, r.label, [], reference=True)
        # acronym mentions take the key of their definition
        for m in mentions:
            if m.source == "acronym":
                src = by_id.get(m.extra.get("same_as", 0))
                if src is not None and src.key:
                    m.key = src.key
        # aliases and evidence
        for m in mentions:
            if not m.key:
                continue
            found = entities.get(m.key)
            if found is None:
                continue
            e = found
            forms = [m.text, *m.extra.get("aliases", [])]
            if "long" in m.extra:
                forms.append(m.extra["long"])
            for f in forms:
                f = clean_label(f)
                if (f and f != e.label and f not in e.aliases and m.source != "demonym") or (
                    m.source == "demonym" and f not in e.aliases and f != e.label
                ):
                    e.aliases.append(f)
        return entities

    def _organisations_by_membership(
        self, doc: Doc, mentions: list[Mention], by_id: dict[int, Mention]
    ) -> None:
        """'The 68 members of the X Initiative', 'new X members': a grouping that has members is a
        standing format of states, an organisation (convention 6), whatever its head word says;
        every mention of it (its acronym too) takes that type."""

        def named(m: Mention) -> str:
            src = by_id.get(m.extra.get("same_as", 0), m) if m.source == "acronym" else m
            return clean_label(src.text).lower()

        nouns = self.member_nouns
        organisations = set()
        for m in mentions:
            if m.type != "Initiative":
                continue
            i = m.start - 1
            i -= 1 if i >= 0 and doc[i].lower_ == "the" else 0
            before = i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in nouns
            j = (
                m.end + 3
                if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")"
                else m.end
            )
            after = j < len(doc) and doc[j].lower_ in nouns
            if before or after:
                organisations.add(named(m))
        for m in mentions:
            if m.type == "Initiative" and named(m) in organisations:
                m.type = "InternationalOrganization"

    def _states_differ(self, a: Mention, b: Mention, mentions: list[Mention]) -> bool:
        def states(m: Mention) -> set[str]:
            return {o.key for o in mentions if o.type == "Country" and m.start <= o.start and o.end <= m.end}

        sa, sb = states(a), states(b)
        return bool(sa and sb and sa != sb)

    def _expand(self, toks: set[str], mentions: list[Mention]) -> set[str]:
        """Acronyms count as the words they stand for, so 'SCO Member States' ~ 'Member States of
        the Shanghai Cooperation Organization'."""
        out = set()
        for t in toks:
            hit = None
            for m in mentions:
                if m.source in ("ref", "acronym") and m.text.casefold() == t:
                    hit = m
                    break
            if hit is not None and hit.key in self.ref.entities:
                out |= content_tokens(self.ref.entities[hit.key].label)
            else:
                out.add(t)
        return out


def most_common_country(mentions: list[Mention]) -> str | None:
    counts: dict[str, int] = {}
    for m in mentions:
        if m.type == "Country" and m.key:
            counts[m.key] = counts.get(m.key, 0) + 1
    if not counts:
        return None
    key, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return key if n >= 2 else None


def shares_prefix(a: str, b: str, n: int) -> bool:
    wa, wb = a.split(), b.split()
    return len(wa) >= n and len(wb) >= n and wa[:n] == wb[:n]


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
