"""The entity resolver: recognise the ontology's entities, resolve acronyms and link every mention
to one canonical entity per document.

Inputs: the model's NER, the gazetteer spans (``doc.spans["coop_ref"]``) and name heads from
``patterns/names.json``. Output: ``doc._.coop_mentions`` (sorted :class:`Mention`) and
``doc._.coop_entities`` (key -> :class:`graph.model.Entity`).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from graph.model import Entity
from graph.nlp.types import Mention
from graph.nlp.gazetteer import DEMONYM
from graph.nlp.reference import Reference, load_reference
from graph.paths import ontology_dir

ID = "https://w3id.org/coopgraph/id/"
PATTERNS = Path(__file__).parent / "patterns" / "names.json"
_QUOTES = {"“": "”", '"': '"', "«": "»", "‘": "’"}
MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december".split()  # noqa: SIM905
)
_ROMAN = re.compile(r"^(?=[IVXLC]+$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def slug(text: str, limit: int = 80) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "x"
    if len(t) > limit:
        t = t[:limit].rstrip("-") + "-" + hashlib.sha1(text.encode()).hexdigest()[:8]
    return t


_STOP = frozenset("the of and in on for a an to with between field at by from this that".split())  # noqa: SIM905


def content_tokens(text: str) -> set[str]:
    """Content words of a name, plurals folded ("East Asia Summits" = "East Asia Summit")."""
    t = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    words = (w for w in re.findall(r"[\w'-]+", t) if w not in _STOP)
    return {
        w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")) else w for w in words
    }


def _is_titleish(tok: Token) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or (t[0].isdigit() and any(c.isalpha() for c in t)) or t.isupper())


class EntityResolver:
    def __init__(self, nlp: Language, name: str, ontology: str = "") -> None:
        self.name = name
        self.ontology = ontology
        self.ref: Reference | None = None
        data = json.loads(PATTERNS.read_text(encoding="utf-8"))
        self.heads: dict[str, str] = {}
        self.phrase_heads: dict[str, list[tuple[list[str], str]]] = {}
        for typ, words in data["heads"].items():
            for w in words:
                self.heads.setdefault(w, typ)
                if " " in w:
                    self.phrase_heads.setdefault(w.split()[0], []).append((w.split(), typ))
        self.lower_agreement_heads = set(data["lowercase_agreement_heads"])
        self.lower_event_heads = set(data["lowercase_event_heads_before_title"])
        self.lower_after_title: dict[str, str] = data["lowercase_heads_after_title"]
        self.connectors = set(data["connectors"])
        self.tail_stops = set(data["agreement_tail_stops"])
        self.tail_preps = set(data["agreement_tail_preps"])
        self.ordinals = set(data["ordinals"])
        self.not_starts = set(data["not_name_starts"])
        self.person_titles = set(data["person_titles"])
        self.region_heads = set(data["place_region_heads"])
        self.generic = set(data["generic_org_words"])
        self.needs_complement = set(data["heads_needing_complement"])
        self.title_words = set(data["person_title_words"])
        self.strong_titles = set(data["strong_titles"])
        self.honorifics = set(data["honorifics"])
        self.title_vocabulary = self.title_words | self.person_titles
        self.title_starts = self.strong_titles | self.honorifics
        self.geo_features = set(data["geo_features"])
        self.venues = set(data["venues"])
        self.portfolio = set(data["portfolio_words"])
        self.meeting_groups = set(data["meeting_participant_words"])
        self.vague_modifiers = set(data["vague_modifiers"])
        self.publisher_tlds: dict[str, str] = data["publisher_tlds"]
        self.government_hosts = set(data["government_host_labels"])
        self.authored_heads = set(data["authored_heads"])
        for ext in ("coop_mentions", "coop_entities"):
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None)

    def initialize(self, get_examples: object = None, nlp: Language | None = None) -> None:
        self.ref = load_reference(self.ontology or str(ontology_dir()))
        self.country_by_form: dict[str, str] = {}
        self.country_by_alpha2 = {
            e.alpha2: e.iri for e in self.ref.entities.values() if e.type == "Country" and e.alpha2
        }
        for e in self.ref.entities.values():
            if e.type == "Country":
                for f in [*e.forms, *e.demonyms]:
                    self.country_by_form.setdefault(f, e.iri)

    # ------------------------------------------------------------------ recognition
    def __call__(self, doc: Doc) -> Doc:
        if self.ref is None:
            self.initialize()
        self._index_refs(doc)
        mentions = self._ref_mentions(doc)
        names = self._names(doc)
        mentions += names
        mentions += self._model_mentions(doc, mentions)
        mentions = self._resolve_overlaps(mentions)
        mentions += self._titled_persons(doc, mentions)
        mentions += self._portfolio_persons(doc, mentions)
        mentions += self._repeat_persons(doc, mentions)
        self._acronyms(doc, mentions)
        entities = self._link(doc, mentions)
        doc._.coop_mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        doc._.coop_entities = entities
        return doc

    def _index_refs(self, doc: Doc) -> None:
        """The gazetteer spans by position, once per document: name growing looks them up per token."""
        refs = list(doc.spans.get("coop_ref", []))
        self.state_org_spans = [sp for sp in refs if sp.label_ in ("Country", "InternationalOrganization")]
        self.state_org_by_end = {sp.end: sp for sp in self.state_org_spans}
        self.org_by_start = {sp.start: sp for sp in refs if sp.label_ == "InternationalOrganization"}
        self.place_ends = {sp.end for sp in refs if sp.label_ in ("Country", "Place")}
        self.place_starts = {sp.start for sp in refs if sp.label_ in ("Country", "Place")}
        self.place_starts |= {e.start for e in doc.ents if e.label_ == "GPE"}
        self.body_spans = [
            (sp.start, sp.end)
            for sp in refs
            if sp.label_ in ("GovernmentBody", "InternationalOrganization", "Company")
        ]

    def _ref_mentions(self, doc: Doc) -> list[Mention]:
        out = []
        assert self.ref is not None
        for sp in doc.spans.get("coop_ref", []):
            typ = "Country" if sp.label_ == DEMONYM else sp.label_
            if typ == "Country" and sp.end < len(doc) and doc[sp.end].lower_ in self.geo_features:
                continue  # "the Taiwan Strait", "the Korean Peninsula" are geography, not the state
            ref = self.ref.entities.get(sp.kb_id_)
            if ref is None:
                continue
            # "Chinese" in "Chinese companies" is China; "Korea" inside "Republic of Korea" is matched whole.
            m = Mention(
                sp.start,
                sp.end,
                typ,
                sp.kb_id_,
                sp.text,
                "demonym" if sp.label_ == DEMONYM else "ref",
                sp.start_char,
                sp.end_char,
                country=ref.country,
            )
            out.append(m)
        return out

    def _names(self, doc: Doc) -> list[Mention]:
        out: list[Mention] = []
        taken: set[int] = set()
        for sent in doc.sents:
            for tok in sent:
                if tok.i in taken:
                    continue
                m = self._grow(doc, sent, tok)
                if m is not None:
                    out.append(m)
                    # a lowercase tail may hold another name
                    # ("Action Plan for the implementation of the Union Program")
                    taken.update(range(m.start, m.extra.get("tail_start", m.end)))
        return out

    def _grow(self, doc: Doc, sent: Span, tok: Token) -> Mention | None:
        low = tok.lower_
        typ = self.heads.get(low)
        head_len = 1
        for words, phrase_typ in self.phrase_heads.get(low, []) if typ is None else []:
            # a head of several words ("task force"): the class is decided at its first word
            if [t.lower_ for t in doc[tok.i : min(sent.end, tok.i + len(words))]] == words:
                typ, head_len = phrase_typ, len(words)
        if typ is None:
            return None
        if typ == "Event" and not _is_titleish(tok):
            m = self._ordinal_meeting(doc, sent, tok)
            if m is not None:
                return m
        if _is_titleish(tok):
            # in "Eastern Partnership Summit" the rightmost head word of the run decides the class
            k = tok.i + 1
            while k < sent.end and _is_titleish(doc[k]) and doc[k].pos_ != "VERB":
                if doc[k].lower_ in self.heads:
                    return None
                k += 1
            m = self._grow_title(doc, sent, tok, typ, head_len)
            if m is not None and low in self.needs_complement and m.end <= tok.i + 1:
                return None
            return m
        if (
            low in self.lower_event_heads
            or low in self.lower_agreement_heads
            or low in self.lower_after_title
        ):
            return self._grow_lower(doc, sent, tok, typ)
        return None

    def _left_title_run(self, doc: Doc, sent: Span, i: int, typ: str = "Event") -> int:
        j = i
        ref_by_end = self.state_org_by_end
        while j - 1 >= sent.start:
            p = doc[j - 1]
            pl = p.lower_
            ref = ref_by_end.get(j)
            if ref is not None and ref.start >= sent.start and len(ref) > 1:
                j = ref.start  # "U.S.-Republic of Korea Technology Prosperity Deal"
                continue
            if pl in self.ordinals or _ROMAN.match(p.text):
                j -= 1
                continue
            bridge = p.text in {"-", "–", "&", "'s", "’s", "'", "’", "+"} or (
                p.lower_ == "and" and typ in ("Event", "Agreement", "Initiative")
            )
            if (
                bridge
                and j - 2 >= sent.start
                and _is_titleish(doc[j - 2])
                and doc[j - 2].lower_ not in self.not_starts
            ):
                j -= 1
                continue
            if p.text == ")" and j - 3 >= sent.start and doc[j - 3].text == "(" and doc[j - 2].is_upper:
                j -= 3  # "Asia-Pacific Economic Cooperation (APEC) Virtual Leaders' Meeting"
                continue
            if p.lower_ in self.title_words and not (p.i + 1 < len(doc) and doc[p.i + 1].text in ("'", "’")):
                break  # "… Vice Presidents Margrethe …" ends a name, "Ministers' Statement" does not
            if _is_titleish(p) and pl not in self.not_starts and p.pos_ not in ("VERB", "AUX"):
                if p.ent_type_ == "DATE" and not p.like_num:
                    break
                j -= 1
                continue
            break
        while j < i and doc[j].text in {"-", "–", "&", "'s", "’s", "'", "’", "+"}:
            j += 1  # "ASEAN + U.S. Meeting" without its first word is no "+ U.S. Meeting"
        caps = j
        while caps < i and doc[caps].is_upper and doc[caps].is_alpha:
            caps += 1
        if caps - j >= 2 and any(
            doc[k].lower_ in ("and", "of", "the", "for", "to", "in") for k in range(j, caps)
        ):
            j = caps  # "HUMAN RIGHTS AND HEALTH SECURITY Philippines-UN Joint Programme": a headline
        return j

    def _grow_title(self, doc: Doc, sent: Span, tok: Token, typ: str, head_len: int = 1) -> Mention | None:
        start = self._left_title_run(doc, sent, tok.i, typ)
        end = tok.i + head_len
        k = end
        country_ends, place_starts = self.place_ends, self.place_starts
        body_ends = {e for b, e in self.body_spans if b >= start}
        after_connector = False
        tail_start = None
        while k < sent.end:
            t = doc[k]
            if typ in ("GovernmentBody", "Company") and k in body_ends:
                break  # the name is a known body: "Office of the President of Ukraine | Roman …"
            if k in country_ends and typ != "Agreement" and _after_of(doc, k):
                break  # "Office of the President of Ukraine | Roman Mashovets"
            if t.lower_ == "in" and (
                k + 1 in place_starts or (k + 2 in place_starts and doc[k + 1].lower_ == "the")
            ):
                break
            bare_ok = after_connector or k > tok.i + 1 or t.like_num or any(c.isdigit() for c in t.text)
            # right after the head only numbers continue a name ("Summit 2023"); words need a
            # connector ("Ministry of Energy"), else titles and names run on ("… Commission Executive Vice …")
            if (
                bare_ok
                and _is_titleish(t)
                and t.pos_ not in ("VERB",)
                and t.ent_type_ not in ("DATE", "PERSON")
                and t.lower_ not in MONTH_WORDS
                and (after_connector or t.lower_ not in self.title_words)
            ):
                k += 1
                end = k
                after_connector = False
                continue
            if t.lower_ in self.connectors:
                # a connector only joins when title-case words follow it
                n = k + 1
                while n < sent.end and doc[n].lower_ in self.connectors:
                    n += 1
                if (
                    n < sent.end
                    and _is_titleish(doc[n])
                    and doc[n].ent_type_ not in ("DATE", "PERSON")
                    and doc[n].lower_ not in MONTH_WORDS
                    and n - k <= 2
                    and not (t.lower_ == "and" and self._starts_new_name(doc, sent, n))
                ):
                    k = n
                    after_connector = True
                    continue
            if typ == "Agreement" and t.lower_ in self.tail_preps:
                tail_end = self._lower_tail(doc, sent, k)
                if tail_end > k + 1:
                    tail_start, end = k, tail_end
                break
            break
        # "Directive ... dated December 3, 2021 No. 9 “On ...”": keep the number and the quoted title
        if typ == "Agreement":
            end = self._agreement_suffix(doc, sent, end)
        if end - start < 2 and not (tok.is_upper and len(tok) > 2):
            return None
        span = doc[start:end]
        words = [t.lower_ for t in span if t.is_alpha]
        if typ in ("GovernmentBody", "Initiative", "Company") and len(words) < 2:
            return None
        if typ == "GovernmentBody" and (span[0].lower_ in self.ordinals or _ROMAN.match(span[0].text)):
            typ = "Event"  # "the 20th Congress of the Communist Party": a numbered session is an event
        m = self._mention(doc, span, typ)
        if tail_start is not None:
            m.extra["tail_start"] = tail_start
        return m

    def _starts_new_name(self, doc: Doc, sent: Span, n: int) -> bool:
        """After 'and', does a second name begin ('… Innovation and the Korea AI Safety Institute')?"""
        i = n
        while i < min(sent.end, n + 10) and (
            _is_titleish(doc[i]) or doc[i].lower_ in ("-", "–", "'s", "’s", "of", "the", "for", "on")
        ):
            if doc[i].lower_ in self.heads:
                return True
            i += 1
        return False

    def _lower_tail(self, doc: Doc, sent: Span, k: int) -> int:
        """Extend over a lowercase prepositional tail: 'on strategic cooperation in the field of ICT'."""
        end = k
        n = k + 1
        limit = min(sent.end, k + 22)
        if doc[k].lower_ == "to" and n < sent.end and doc[n].tag_ == "VB":
            # "Action Plan to develop cooperation with … and increase export volumes for 2023–2025"
            while (
                n < limit
                and not (doc[n].is_punct and doc[n].text not in ("-", "–"))
                and doc[n].tag_ not in ("VBZ", "VBD", "VBP", "MD")
                and doc[n].lower_ not in ("which", "that")
            ):
                n += 1
            while n > k + 1 and doc[n - 1].lower_ in ("and", "or", "the", "of", "for", "with"):
                n -= 1
            return n
        while n < limit:
            t = doc[n]
            if (
                t.lower_ == "in" and n + 1 < limit and doc[n + 1].lower_ == "order"
            ) or t.lower_ in MONTH_WORDS:
                break
            if t.is_punct and t.text not in {"-", "–", "'s", "’s"}:
                break
            if t.lower_ in self.tail_stops and not (
                t.lower_ == "and"
                and n + 1 < limit
                and doc[n + 1].pos_ in ("NOUN", "ADJ", "PROPN")
                and doc[n + 1].lower_ not in self.tail_stops
            ):
                break
            gerund = t.tag_ == "VBG" and doc[n - 1].lower_ in ("in", "on", "for", "of")
            if (t.pos_ in ("VERB", "AUX", "SCONJ", "PRON") and not gerund) or t.ent_type_ == "DATE":
                break
            n += 1
            if t.pos_ in ("NOUN", "PROPN", "NUM", "ADJ") or t.is_upper:
                end = n
        return end

    def _agreement_suffix(self, doc: Doc, sent: Span, end: int) -> int:
        k = end
        if k < sent.end and doc[k].lower_ == "dated":
            k += 1
            while k < sent.end and (doc[k].ent_type_ == "DATE" or doc[k].text == ","):
                k += 1
        if k + 1 < sent.end and doc[k].lower_ in ("no", "no.", "№", "nr"):
            n = k + 1
            if doc[n].text == "." and n + 1 < sent.end:
                n += 1
            if doc[n].like_num:
                k = n + 1
                end = k
        if k < sent.end and doc[k].text in _QUOTES:
            close = _QUOTES[doc[k].text]
            for n in range(k + 1, min(sent.end, k + 40)):
                if doc[n].text == close:
                    end = n + 1
                    break
        return end

    def _grow_lower(self, doc: Doc, sent: Span, tok: Token, typ: str) -> Mention | None:
        low = tok.lower_
        nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
        # conference “Digital Industry of Industrial Russia”: the quoted title is the name
        if (
            nxt is not None
            and nxt.text in _QUOTES
            and (low in self.lower_event_heads or low in self.lower_agreement_heads)
        ):
            close = _QUOTES[nxt.text]
            for n in range(nxt.i + 1, min(sent.end, nxt.i + 30)):
                if doc[n].text == close:
                    if n - nxt.i > 1:
                        left = self._left_title_run(doc, sent, tok.i)
                        m = self._mention(doc, doc[nxt.i + 1 : n], typ)
                        m.extra["long"] = doc[left : n + 1].text
                        return m
                    break
        # TIBO-2023 forum / Digital Silk Road initiative / Freedom Edge exercise
        if low in self.lower_after_title:
            j = tok.i
            while (
                j - 1 >= sent.start
                and (_is_titleish(doc[j - 1]) or doc[j - 1].text in {"-", "–"} or doc[j - 1].like_num)
                and doc[j - 1].lower_ not in self.not_starts
                and doc[j - 1].pos_ != "VERB"
            ):
                j -= 1
            if j < tok.i:
                first = doc[j]
                if first.i == sent.start and first.lower_ in self.not_starts:
                    j += 1
                while j < tok.i and (
                    doc[j].like_num or doc[j].lower_ in MONTH_WORDS or doc[j].ent_type_ == "DATE"
                ):
                    j += 1  # "the 10 July 2023 statement": a date is not part of a name
                run = doc[j : tok.i]
                if (
                    run
                    and any(c.isupper() for c in run.text)
                    and not self._is_country_run(run)
                    and not all(t.lower_ in self.ordinals or t.like_num for t in run)
                ):
                    typ2 = self.lower_after_title[low]
                    return self._mention(doc, doc[j : tok.i + 1], typ2)
        if low in self.lower_agreement_heads:
            left = tok.i
            while (
                left - 1 >= sent.start
                and (
                    doc[left - 1].pos_ in ("ADJ", "NOUN", "PROPN")
                    or doc[left - 1].tag_ == "VBN"
                    # "the Russian-Argentine strategic agreement"
                    or (
                        doc[left - 1].text in ("-", "–")
                        and left - 2 >= sent.start
                        and _is_titleish(doc[left - 2])
                    )
                )
                and doc[left - 1].lower_ not in self.not_starts
                and doc[left - 1].ent_type_ not in ("DATE", "CARDINAL")
                and not doc[left - 1].like_num
                and doc[left - 1].lower_ not in MONTH_WORDS
            ):
                left -= 1
            if low == "deal" and left > sent.start and doc[left].lower_ in ("great", "good"):
                return None  # "a great deal of work" is no agreement
            dated = left
            while dated - 1 >= sent.start and (
                doc[dated - 1].ent_type_ == "DATE"
                or doc[dated - 1].like_num
                or doc[dated - 1].lower_ in MONTH_WORDS
            ):
                dated -= 1  # "the 10 July 2023 statement by …"
            det_ok = dated - 1 >= sent.start and doc[dated - 1].lower_ in (
                "a",
                "an",
                "the",
                "this",
                "these",
                "its",
                "their",
                "our",
            )
            end = tok.i + 1
            if (
                low == "memorandum"
                and end + 1 < sent.end
                and doc[end].lower_ == "of"
                and doc[end + 1].lower_ == "understanding"
            ):
                end += 2
            if end < sent.end and doc[end].lower_ in self.tail_preps:
                end = max(end, self._lower_tail(doc, sent, end))
            # "our shared principles", "other agreements": no modifier that picks out one document
            modifiers = [t for t in doc[left : tok.i] if t.lower_ not in self.vague_modifiers]
            authors = (
                self._authors(doc, sent, end) if low in self.authored_heads and end == tok.i + 1 else end
            )
            if det_ok and authors > end:
                m = self._mention(doc, doc[left:authors], "Agreement")
                m.extra["authors_start"] = end
                return m
            if det_ok and (end > tok.i + 2 or (modifiers and end - left >= 2)):
                return self._mention(doc, doc[left:end], "Agreement")
        return None

    def _authors(self, doc: Doc, sent: Span, end: int) -> int:
        """'statement by Sweden, Türkiye, and NATO Secretary General Stoltenberg': a statement is
        named by its authors when they are states or organisations of the gazetteer."""
        if end >= sent.end or doc[end].lower_ != "by":
            return end
        refs = self.state_org_spans
        n, last = end + 1, end
        while n < sent.end and (
            doc[n].is_title or doc[n].is_upper or doc[n].text in (",", "-", "–") or doc[n].lower_ == "and"
        ):
            if doc[n].is_title or doc[n].is_upper:
                last = n + 1
            n += 1
        if not any(end < sp.start and sp.end <= last for sp in refs):
            return end
        return last

    def _ordinal_meeting(self, doc: Doc, sent: Span, tok: Token) -> Mention | None:
        """'its second ministerial meeting of the U.S.-EU Trade and Technology Council': a meeting
        picked out by a named format and an ordinal is a named event."""
        left = tok.i
        while (
            left - 1 >= sent.start
            and left > tok.i - 4
            and doc[left - 1].pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT")
            and doc[left - 1].lower_ not in self.ordinals
            and doc[left - 1].text not in (",", ";", "(", ")")
        ):
            left -= 1
        if (
            left - 1 < sent.start
            or doc[left - 1].lower_ not in self.ordinals
            or doc[left - 1].lower_ in ("joint", "informal")
        ):
            return None
        left -= 1
        k = tok.i + 1
        orgs = self.org_by_start
        if k < sent.end and doc[k].lower_ == "of":
            k = _skip_the(doc, k + 1)
            # "of the heads of state of the Lublin Triangle": who meets, then whose format it is
            g = k
            while (
                g + 1 < sent.end
                and g - k < 6
                and (
                    doc[g].lower_ in self.meeting_groups
                    or (doc[g].lower_ == "of" and doc[g + 1].lower_ in self.meeting_groups)
                )
            ):
                g += 1
            if g > k and g < sent.end and doc[g].lower_ == "of":
                k = _skip_the(doc, g + 1)
            if k in orgs:
                return self._mention(doc, doc[left : orgs[k].end], "Event")
        elif left > sent.start and doc[left - 1].lower_ == "its":
            # "The … Council (TTC) held its second ministerial meeting": the owner is the subject
            owners = [c for c in tok.head.children if c.dep_ == "nsubj"] if tok.dep_ == "dobj" else []
            for sp in orgs.values():
                if owners and sp.start <= owners[0].i < sp.end + 3:
                    m = self._mention(doc, doc[left : tok.i + 1], "Event")
                    m.extra["owner"] = (sp.start, sp.end)
                    return m
        return None

    def _is_country_run(self, span: Span) -> bool:
        return all(t.text in self.country_by_form or t.text in {"-", "–"} for t in span)

    def _mention(self, doc: Doc, span: Span, typ: str) -> Mention:
        text = span.text
        m = Mention(span.start, span.end, typ, "", text, "name", span.start_char, span.end_char)
        words = text.split()
        suffix = (
            len(words) >= 2
            and words[-1].lower() in ("government", "administration")
            and (" ".join(words[:-1]) in self.country_by_form or (len(words) == 2 and words[0][:1].isupper()))
        )
        if typ == "GovernmentBody" and (re.match(r"^(the\s+)?governments?\s+of\b", text, re.I) or suffix):
            # "the Government of X", "the X Government", "the Biden Administration" stand for a state
            m.extra["stands_for_state"] = True
        return m

    def _model_mentions(self, doc: Doc, existing: list[Mention]) -> list[Mention]:
        covered: set[int] = set()
        for m in existing:
            covered.update(range(m.start, m.extra.get("authors_start", m.end)))
        out = []
        headlines = _headline_ranges(doc.text)
        person_words = {t.text for e in doc.ents if e.label_ == "PERSON" for t in e}
        for ent in doc.ents:
            if any(i in covered for i in range(ent.start, ent.end)):
                # "Ukraine Volodymyr Zelenskyy" tagged as one entity: keep what the gazetteer left over
                s, e = ent.start, ent.end
                while s < e and s in covered:
                    s += 1
                while e > s and e - 1 in covered:
                    e -= 1
                if e - s < 2 or any(i in covered for i in range(s, e)) or not doc[s].is_title:
                    continue
                label = "PERSON" if ent.label_ in ("GPE", "ORG", "PERSON") else ent.label_
                ent = Span(doc, s, e, label=label)
            if ent.label_ in ("ORG", "PERSON", "GPE") and any(a <= ent.start_char < b for a, b in headlines):
                continue
            if ent.label_ in ("GPE", "ORG") and len(ent) == 1 and ent.text in person_words:
                out.append(Mention.of_span(ent, "Person", "model"))
                continue
            span = self._strip(ent)
            if span is None:
                continue
            label = ent.label_
            if label in ("GPE", "ORG", "NORP", "FAC") and self._looks_like_person(doc, span):
                label = "PERSON"
            if label == "PERSON":
                # "Antony J. Blinken" tagged from the initial on: take the first name back
                if re.match(r"^[A-Z]\.$", span[0].text) and span.start > 0:
                    prev = doc[span.start - 1]
                    if (
                        prev.is_title
                        and prev.i not in covered
                        and prev.lower_ not in self.title_words
                        and prev.lower_ not in self.person_titles
                    ):
                        span = doc[span.start - 1 : span.end]
                if self._valid_person(span):
                    out.append(Mention.of_span(span, "Person", "model"))
            elif label == "GPE":
                if span.text in self.venues or (span.text.isupper() and len(span.text) <= 4):
                    continue
                if span[-1].lower_ in self.region_heads or (
                    span.text[0].isupper() and len(span) <= 3 and not self._generic(span)
                ):
                    out.append(Mention.of_span(span, "Place", "model"))
            elif label == "LOC":
                if span[-1].lower_ in self.region_heads and span[-1].lower_ not in ("state",):
                    out.append(Mention.of_span(span, "Place", "model"))
            elif label == "ORG":
                for part in self._split_and(span):
                    if self._company_like(part):
                        out.append(Mention.of_span(part, "Company", "model"))
        # a single-word company name needs a second sighting: one-off capitalised words are mostly noise
        counts: dict[str, int] = {}
        for m in out:
            counts[m.text] = counts.get(m.text, 0) + 1
        persons = {t for m in out if m.type == "Person" for t in m.text.split()}
        kept = []
        for m in out:
            if m.type == "Company" and m.end - m.start == 1 and (m.text in persons or counts[m.text] < 2):
                continue
            if m.type == "Company" and m.end - m.start == 1 and doc[m.start].tag_ == "JJ":
                continue  # "Transatlantic cooperation": an adjective the model took for a name
            kept.append(m)
        return kept

    def _split_and(self, span: Span) -> list[Span]:
        """'Transmashholding and Kazakh Railways' is two organisations."""
        for t in span:
            if (
                t.lower_ == "and"
                and t.i > span.start
                and t.i + 1 < span.end
                and _is_titleish(span.doc[t.i + 1])
                and _is_titleish(span.doc[t.i - 1])
            ):
                return [span.doc[span.start : t.i], span.doc[t.i + 1 : span.end]]
        return [span]

    def _strip(self, ent: Span) -> Span | None:
        s, e = ent.start, ent.end
        doc = ent.doc
        while s < e and (doc[s].lower_ in ("the", "a", "an") or doc[s].is_punct):
            s += 1
        while e > s and doc[e - 1].is_punct and doc[e - 1].text not in (".",):
            e -= 1
        while e > s and doc[e - 1].lower_ in ("'s", "’s"):
            e -= 1
        # "Cybersecurity Partnership (DCCP", "Macky Sall(retranslated": stop at an unclosed bracket
        for i in range(s, e):
            if "(" in doc[i].text and not any(")" in t.text for t in doc[i:e]):
                e = i
                break
        return doc[s:e] if e > s else None

    def _generic(self, span: Span) -> bool:
        return any(t.lower_ in self.generic for t in span)

    def _looks_like_person(self, doc: Doc, span: Span) -> bool:
        """'Deputy Minister ..., Xiong Jijun' tagged as a place: a title just before makes it a person."""
        if not (1 < len(span) <= 3) or not all(t.is_title for t in span):
            return False
        if any(t.text in self.country_by_form for t in span) or self._generic(span):
            return False
        i = span.start - 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
        steps = 0
        while (
            i >= 0
            and steps < 14
            and (doc[i].is_title or doc[i].is_upper or doc[i].lower_ in ("of", "the", "and", "'s", "’s"))
        ):
            if doc[i].lower_ in self.title_starts:
                return True
            i -= 1
            steps += 1
        return False

    def _valid_person(self, span: Span) -> bool:
        if not span.text[:1].isupper() or self._generic(span):
            return False
        if len(span) == 1 and (span[0].is_upper or len(span.text) <= 2 or span[0].lower_ in self.honorifics):
            return False  # "MOU", "AI", "Rt" (of "the Rt. Hon."): no name
        if "(" in span.text:
            return False
        if any(
            (t.lower_ in self.person_titles or t.lower_ in self.title_words)
            and t.lower_ not in ("mr", "mrs", "ms", "dr", "sir")
            for t in span
        ):
            return False  # "National Security" (Advisor) is a title, not a name
        if any(t.text in self.country_by_form for t in span):
            return False
        return not any(t.lower_ in self.heads and self.heads[t.lower_] != "Company" for t in span)

    def _company_like(self, span: Span) -> bool:
        if span.text in self.venues:
            return False
        toks = [t for t in span if not t.is_punct]
        if not toks or len(toks) > 6 or self._generic(span):
            return False
        if any(t.pos_ in ("VERB", "AUX") for t in toks):
            return False
        if not all(
            t.text[:1].isupper() or t.text[:1].isdigit() or t.lower_ in ("and", "of", "&") for t in toks
        ):
            return False
        if len(toks) == 1 and toks[0].is_upper and len(toks[0]) <= 4:
            return False  # bare acronyms: only via a definition "Name (ABBR)"
        if all(t.text in self.country_by_form for t in toks):
            return False  # "U.S.-India" is a pair of countries
        return (
            self.heads.get(toks[-1].lower_) == "Company"
            or len(toks) == 1
            or any(t.text.isupper() for t in toks)
        )

    def _titled_persons(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """'President of the Republic of Kazakhstan Kassym-Jomart Tokayev': the capitalised words right
        after a title that ends in a state or body are a person's name, tagged or not."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out = []
        for m in mentions:
            if (
                m.type not in ("Country", "GovernmentBody", "InternationalOrganization")
                or m.source == "demonym"
            ):
                continue
            i = m.start - 1
            while i >= 0 and doc[i].lower_ in ("the", "of"):
                i -= 1
            steps = 0
            titled = False
            while i >= 0 and steps < 8 and (doc[i].is_title or doc[i].lower_ in ("of", "the", "and")):
                if doc[i].lower_ in self.strong_titles:
                    titled = True
                    break
                i -= 1
                steps += 1
            if not titled:
                out += self._body_title_person(doc, m, taken)
                continue
            k = m.end
            while (
                k < len(doc)
                and k - m.end < 6
                and k not in taken
                and (doc[k].is_title or doc[k].text in ("-", "–"))
            ):
                k += 1
            words = [t for t in doc[m.end : k] if t.is_alpha]
            if 2 <= len(words) <= 4 and not any(
                t.lower_ in self.heads or t.lower_ in self.title_words for t in words
            ):
                span = doc[m.end : k]
                out.append(Mention.of_span(span, "Person", "model"))
                taken.update(range(span.start, span.end))
        return out

    def _body_title_person(self, doc: Doc, m: Mention, taken: set[int]) -> list[Mention]:
        """'European Commission Executive Vice Presidents Margrethe Vestager and …': a body, the
        words of a title, then the capitalised words of a name."""
        k = m.end
        while k < len(doc) and k - m.end < 4 and self._title_token(doc[k]):
            k += 1
        if k == m.end or not any(doc[i].lower_.rstrip("s") in self.strong_titles for i in range(m.end, k)):
            return []
        n = k
        while n < len(doc) and n - k < 4 and n not in taken and doc[n].is_title and doc[n].is_alpha:
            n += 1
        words = doc[k:n]
        if not 2 <= len(words) <= 3 or any(t.lower_ in self.heads or self._title_token(t) for t in words):
            return []
        taken.update(range(k, n))
        return [Mention.of_span(words, "Person", "model")]

    def _title_token(self, t: Token) -> bool:
        low = t.lower_
        words = self.title_vocabulary
        return t.is_title and (low in words or (low.endswith("s") and low[:-1] in words))

    def _portfolio_persons(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """'Korean Minister of Science, Information, and Communication Technology Bae Kyung-hoon':
        after 'Minister of' and the words of a portfolio, the capitalised words are a name."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out = []
        for tok in doc:
            if tok.lower_ not in ("minister", "secretary", "commissioner") or tok.i + 3 >= len(doc):
                continue
            if doc[tok.i + 1].lower_ not in ("of", "for"):
                continue
            k = tok.i + 2
            while k < len(doc) and (
                doc[k].text == ","
                or doc[k].lower_ in ("and", "of", "the", "&")
                or ((doc[k].is_title or doc[k].is_upper) and doc[k].lower_ in self.portfolio)
            ):
                k += 1
            if k == tok.i + 2 or k in taken:
                continue
            n = k
            while (
                n < len(doc)
                and n - k < 5
                and n not in taken
                and (
                    doc[n].is_title
                    or doc[n].text in ("-", "–")
                    or (doc[n].is_lower and doc[n].is_alpha and doc[n - 1].text in ("-", "–"))
                )
            ):
                n += 1
            while n > k and doc[n - 1].text in ("-", "–"):
                n -= 1
            words = [t for t in doc[k:n] if t.is_alpha]
            if 2 <= len(words) <= 4 and not any(
                t.lower_ in self.heads or t.lower_ in self.title_words or t.lower_ in self.portfolio
                for t in words
            ):
                out.append(Mention.of_span(doc[k:n], "Person", "model"))
                taken.update(range(k, n))
        return out

    def _repeat_persons(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A person named once is the same person wherever the name or the surname recurs, even
        where the model missed it ('… Informatization Pavel Tkach is taking part')."""
        persons = [m for m in mentions if m.type == "Person"]
        if not persons:
            return []
        taken = {i for m in mentions for i in range(m.start, m.end)}
        names: dict[tuple[str, ...], str] = {}
        for m in persons:
            toks = tuple(t.text for t in doc[m.start : m.end])
            names.setdefault(toks, m.text)
            if len(toks) >= 2 and toks[-1][:1].isupper() and len(toks[-1]) > 2:
                names.setdefault((toks[-1],), m.text)
        out = []
        for n in sorted(names, key=len, reverse=True):
            size = len(n)
            for i in range(len(doc) - size + 1):
                if any(j in taken for j in range(i, i + size)):
                    continue
                if tuple(t.text for t in doc[i : i + size]) == n:
                    span = doc[i : i + size]
                    out.append(
                        Mention(i, i + size, "Person", "", span.text, "model", span.start_char, span.end_char)
                    )
                    taken.update(range(i, i + size))
        return out

    # ------------------------------------------------------------------ overlaps
    def _resolve_overlaps(self, mentions: list[Mention]) -> list[Mention]:
        """Names win over the model; reference mentions may nest inside names (a country in a
        body's name is an entity too) but not the other way round."""
        names = [m for m in mentions if m.source == "name"]
        refs = [m for m in mentions if m.source in ("ref", "demonym")]
        model = [m for m in mentions if m.source == "model"]
        kept_names: list[Mention] = []
        for m in sorted(names, key=lambda m: -(m.end - m.start)):
            # a name that is exactly a reference entity ("Shanghai Cooperation Organization") is that entity
            if any(r.start == m.start and r.end == m.end for r in refs):
                continue
            if any(r.start <= m.start and m.end <= r.end for r in refs):
                continue
            if not any(
                k.start < m.end and m.start < k.end and not m.start >= k.extra.get("tail_start", k.end)
                for k in kept_names
            ):
                kept_names.append(m)
        # a body is not split off a longer name ("AI Safety Institute" in "Korea AI Safety Institute"),
        # and a place inside a name is no place of the text ("Paris" in "the Paris Agreement")
        refs = [
            r
            for r in refs
            if r.type not in ("GovernmentBody", "Company", "Place")
            or not any(
                k.start <= r.start and r.end <= k.end and (k.end - k.start) > (r.end - r.start)
                for k in kept_names
            )
        ]
        out = kept_names + refs
        for m in model:
            # a signer named in a statement's name ("statement by …, and NATO Secretary General
            # Stoltenberg") is a person of the text too
            if not any(
                o.start < m.end
                and m.start < o.end
                and not (m.type == "Person" and m.start >= o.extra.get("authors_start", o.end))
                for o in out
            ):
                out.append(m)
        return out

    # ------------------------------------------------------------------ acronyms
    def _acronyms(self, doc: Doc, mentions: list[Mention]) -> None:
        """'Shanghai Cooperation Organization (SCO)': SCO becomes an alias of the long name, and
        later bare 'SCO' tokens are mentions of the same entity."""
        by_end = {m.end: m for m in mentions}
        defined: dict[str, Mention] = {}
        for i, tok in enumerate(doc[:-2]):
            if tok.text != "(":
                continue
            abbr = doc[i + 1]
            if (
                not (abbr.is_upper or re.match(r"^[A-Z][A-Za-z0-9.-]*[A-Z]$", abbr.text))
                or doc[i + 2].text != ")"
            ):
                continue
            m = by_end.get(i)
            if m is None:
                continue
            initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", m.text) if w[0].isupper())
            if abbr.text.replace(".", "").replace("-", "")[:1] != initials[:1]:
                continue
            m.extra.setdefault("aliases", []).append(abbr.text)
            defined[abbr.text] = m
        if not defined:
            return
        taken = {i for m in mentions for i in range(m.start, m.end)}
        for tok in doc:
            src = defined.get(tok.text)
            if src is not None and tok.i not in taken:
                mentions.append(
                    Mention(
                        tok.i,
                        tok.i + 1,
                        src.type,
                        src.key,
                        tok.text,
                        "acronym",
                        tok.idx,
                        tok.idx + len(tok.text),
                        extra={"same_as": id(src)},
                    )
                )

    # ------------------------------------------------------------------ linking
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
        """'On the Indian side, …' / 'They were joined on the U.S. side by …': the state named as
        the side the sentence speaks for."""
        sent = doc[m.start].sent
        for t in sent:
            if t.i >= m.start:
                break
            if t.lower_ == "side" and t.i >= 1:
                state = [o for o in mentions if o.type == "Country" and o.end == t.i]
                if state:
                    return state[0].key
        return None

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
            for o in mentions:
                if o.type == "Country" and o.end == m.start:
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
        """A body's name without its country: 'Ministry of Digital Development of Russia' ->
        'ministry of digital development'."""
        t = text
        for form in sorted(self.country_by_form, key=len, reverse=True):
            if form in t:
                t = re.sub(rf"(\s+(of|in)\s+(the\s+)?)?(?<![\w.]){re.escape(form)}(?!\w)", " ", t)
        t = re.sub(r"\s+", " ", t).strip(" ,-")
        t = re.sub(r"^(the|U\.S\.|US)\s+", "", t, flags=re.I)
        return t.lower()

    def _link(self, doc: Doc, mentions: list[Mention]) -> dict[str, Entity]:
        assert self.ref is not None
        entities: dict[str, Entity] = {}
        by_id = {id(m): m for m in mentions}
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
                match = ID + "person/" + slug(m.text)
                full.append((toks, match))
                entities[match] = Entity(match, "Person", m.text)
            m.key = match
        # "the Government of Australia" is Australia; "the Biden Administration" is the state it runs
        home = self._publisher(doc) or _most_common_country(mentions)
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
                        e.aliases.append(_clean_label(m.text))
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
                if core == g_core or g_core.startswith(core + " ") or _shares_prefix(core, g_core, 3):
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
            joint = "joint" in head.text.lower() or "intergovernmental" in head.text.lower()
            if country is None and home and not joint:
                # a body named without its state ("the Department of Energy") belongs to the state the
                # document is about; its IRI says so, so two states' "National Security Council" differ
                country = home
                for x in g:
                    x.extra["country_inferred"] = True
            code = country.rsplit("/", 1)[-1] + "-" if country else ""
            key = ID + "gov/" + code + slug(head.extra["core"])
            label = max((x.text for x in g), key=len)
            e = entities.setdefault(key, Entity(key, "GovernmentBody", _clean_label(label)))
            for x in g:
                x.key = key
                x.country = country
        # events, agreements, initiatives, companies, places: token-set overlap within the document
        for typ, prefix in (
            ("Event", "event"),
            ("Agreement", "agreement"),
            ("Initiative", "initiative"),
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
                        or _jaccard(toks, gt) >= 0.6
                    ):
                        g.append(m)
                        m.extra["toks"] = toks
                        break
                else:
                    m.extra["toks"] = toks
                    groups.append([m])
            for g in groups:
                label = _clean_label(g[0].text)
                key = ID + prefix + "/" + slug(label)
                if typ == "Place":
                    country = next((x.country for x in g if x.country), None)
                    if country:
                        key = ID + "place/" + country.rsplit("/", 1)[-1] + "-" + slug(label)
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
                f = _clean_label(f)
                if (f and f != e.label and f not in e.aliases and m.source != "demonym") or (
                    m.source == "demonym" and f not in e.aliases and f != e.label
                ):
                    e.aliases.append(f)
        return entities

    def _states_differ(self, a: Mention, b: Mention, mentions: list[Mention]) -> bool:
        def states(m: Mention) -> set[str]:
            return {o.key for o in mentions if o.type == "Country" and m.start <= o.start and o.end <= m.end}

        sa, sb = states(a), states(b)
        return bool(sa and sb and sa != sb)

    def _expand(self, toks: set[str], mentions: list[Mention]) -> set[str]:
        """Acronyms count as the words they stand for, so 'SCO Member States' ~ 'Member States of
        the Shanghai Cooperation Organization'."""
        assert self.ref is not None
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


def _most_common_country(mentions: list[Mention]) -> str | None:
    counts: dict[str, int] = {}
    for m in mentions:
        if m.type == "Country" and m.key:
            counts[m.key] = counts.get(m.key, 0) + 1
    if not counts:
        return None
    key, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return key if n >= 2 else None


def _headline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of title-cased lines without final punctuation (headlines such as
    'Belarus Establishes Cooperation within the SCO …'), where the model's guesses are unreliable."""
    out = []
    pos = 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[A-Za-z]+", line) if len(w) > 3]
        if (
            len(words) >= 3
            and not line.rstrip().endswith((".", "?", "!", ":", ";", "”", '"'))
            and sum(w[0].isupper() for w in words) / len(words) > 0.7
        ):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _skip_the(doc: Doc, k: int) -> int:
    return k + 1 if k < len(doc) and doc[k].lower_ == "the" else k


def _after_of(doc: Doc, k: int) -> bool:
    """Whether the country span that ends at token k follows 'of' (or 'of the')."""
    for back in range(1, 8):
        i = k - back
        if i < 0:
            return False
        if doc[i].lower_ == "of":
            return True
        if not (_is_titleish(doc[i]) or doc[i].lower_ in ("the", "'s", "’s")):
            return False
    return False


def _shares_prefix(a: str, b: str, n: int) -> bool:
    wa, wb = a.split(), b.split()
    return len(wa) >= n and len(wb) >= n and wa[:n] == wb[:n]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _clean_label(text: str) -> str:
    t = re.sub(r"\s+", " ", text).strip(" ,;:")
    t = re.sub(r"^(the|a|an)\s+", "", t, flags=re.I)
    for q in ("“", "”", "«", "»", '"'):
        t = t.replace(q, "")
    return t.strip(" ‘’',;:")
