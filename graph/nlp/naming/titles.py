"""Title-case names grown around a head word ("Ministry of Communications and Informatization",
"Eastern Partnership Summit") and meetings picked out by an ordinal and a format ("its second
ministerial meeting", convention 2).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from graph.nlp.naming.phrases import PhraseNames
from graph.nlp.naming.vocabulary import (
    MONTH_WORDS,
    NAME_STARTS_IN_AGREEMENT,
    POSSESSIVES,
    ROMAN,
    after_of,
    is_titleish,
    skip_the,
)
from graph.nlp.types import Mention

NUMERIC_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")


class TitleNames(PhraseNames):
    def _index_refs(self, doc: Doc) -> None:
        """The gazetteer spans by position, once per document: name growing looks them up per token."""
        refs = list(doc.spans.get("coop_ref", []))
        self.state_org_spans = [sp for sp in refs if sp.label_ in ("Country", "InternationalOrganization")]
        self.state_org_by_end = {sp.end: sp for sp in self.state_org_spans}
        self.org_by_start = {sp.start: sp for sp in refs if sp.label_ == "InternationalOrganization"}
        self.place_ends = {sp.end for sp in refs if sp.label_ in ("Country", "Place")}
        self.place_starts = {sp.start for sp in refs if sp.label_ in ("Country", "Place")}
        self.place_starts |= {e.start for e in doc.ents if e.label_ == "GPE"}
        # the tokens of states and organisations the gazetteer found ("U.S.", "Japan", "Quad")
        self.state_org_tokens = {i for sp in self.state_org_spans for i in range(sp.start, sp.end)}
        self.body_spans = [
            (sp.start, sp.end)
            for sp in refs
            if sp.label_ in ("GovernmentBody", "InternationalOrganization", "Company")
        ]
        self.body_starts = {b for b, _e in self.body_spans}

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
        if typ == "Event" and not is_titleish(tok):
            m = self._ordinal_meeting(doc, sent, tok)
            if m is not None:
                return m
        if is_titleish(tok):
            # in "Eastern Partnership Summit" the rightmost head word of the run decides the class
            k = tok.i + 1
            while k < sent.end and is_titleish(doc[k]) and doc[k].pos_ != "VERB":
                if doc[k].lower_ in self.heads:
                    return None
                k += 1
            m = self._grow_title(doc, sent, tok, typ, head_len)
            # "the Strategic Partnership" is a relation, "the Quad Vaccine Partnership" a name: a
            # head without a complement names only with a subject word of its own before it
            if (
                m is not None
                and low in self.needs_complement
                and m.end <= tok.i + 1
                and not any(self._subject_word(t) for t in doc[m.start : tok.i])
            ):
                return None
            return m
        if (
            low in self.lower_event_heads
            or low in self.lower_agreement_heads
            or low in self.lower_after_title
        ):
            return self._grow_lower(doc, sent, tok, typ)
        return None

    def _grow_title(self, doc: Doc, sent: Span, tok: Token, typ: str, head_len: int = 1) -> Mention | None:
        start = self._left_title_run(doc, sent, tok.i, typ)
        end = tok.i + head_len
        k = end
        country_ends, place_starts = self.place_ends, self.place_starts
        body_ends = {e for b, e in self.body_spans if b >= start}
        after_connector = False
        tail_start = None
        parties = None
        while k < sent.end:
            t = doc[k]
            if typ in ("GovernmentBody", "Company") and k in body_ends:
                break  # the name is a known body: "Office of the President of Ukraine | Roman …"
            if k in country_ends and typ != "Agreement" and after_of(doc, k):
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
                and is_titleish(t)
                and t.pos_ not in ("VERB",)
                and t.ent_type_ not in ("DATE", "PERSON")
                and t.lower_ not in MONTH_WORDS
                and (after_connector or t.lower_ not in self.title_words)
            ):
                k += 1
                end = k
                after_connector = False
                continue
            if (
                t.text == ","
                and typ in ("GovernmentBody", "Agreement")
                and self._portfolio_list(doc, sent, k)
            ):
                # "Ministry of Trade, Industry and Energy", "Treaty of Peace, Friendship and
                # Cooperation": a list of portfolios or subjects inside one name
                k += 1
                after_connector = True
                continue
            if typ == "GovernmentBody" and t.text in POSSESSIVES:
                break  # "the Agriculture Ministry's | Rural Broadband Office": another body, its own
            if typ == "Company" and t.lower_ == "at":
                break  # "a letter of interest with Acme Motors | at COP28": where, not a name
            if t.lower_ in self.connectors:
                # a connector only joins when title-case words follow it
                n = k + 1
                while n < sent.end and doc[n].lower_ in self.connectors:
                    n += 1
                if (
                    n < sent.end
                    and is_titleish(doc[n])
                    and doc[n].ent_type_ not in ("DATE", "PERSON")
                    and doc[n].lower_ not in MONTH_WORDS
                    and n - k <= 2
                    and not (t.lower_ == "and" and self._starts_new_name(doc, sent, n, typ))
                    # "the Ministry of Industry and New Technologies and Huawei Technologies": a
                    # name the gazetteer knows begins after 'and'
                    and not (t.lower_ == "and" and n in self.body_starts)
                    # "the G7 Code of Conduct and the ROK's hosting of …": a possessive after
                    # 'and' determines another noun phrase
                    and not (t.lower_ == "and" and _possessive_run(doc, sent, n))
                    # "Acme Telecom and the Kazinform agency", "the Internet Forum and the CIPR
                    # conference", "the Institute of Radio Engineering and the Astana University":
                    # 'and the' starts another noun phrase
                    and not (
                        typ in ("Company", "Event", "GovernmentBody")
                        and t.lower_ == "and"
                        and doc[k + 1].lower_ == "the"
                    )
                ):
                    k = n
                    after_connector = True
                    continue
            if typ == "Agreement" and t.lower_ == "between":
                parties_end = self.between_parties(doc, sent, k)
                if parties_end > k:
                    tail_start, end, parties = k, parties_end, (k + 1, parties_end)
                    if end < sent.end and doc[end].lower_ in self.tail_preps:
                        end = max(end, self._lower_tail(doc, sent, end, purpose=False))
                break
            if typ == "Agreement" and t.lower_ in self.tail_preps:
                # an infinitive names the document only right after its head ("Action Plan to
                # develop …"), not after the title's own complement ("Agreement on Trade | to …")
                own = any(x.lower_ in self.tail_preps for x in doc[tok.i + 1 : k])
                tail_end = self._lower_tail(doc, sent, k, purpose=not own)
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
        if typ == "Agreement" and self._portfolio_of_title(doc, sent, start):
            return None  # "Minister of State for Science and Technology Policy": a portfolio
        if typ == "GovernmentBody" and (
            span[0].lower_ in self.ordinals or ROMAN.match(span[0].text) or self._attended(tok)
        ):
            typ = "Event"  # "the 20th Congress of the Communist Party": a numbered session is an event
        m = self._mention(doc, span, typ)
        if tail_start is not None:
            m.extra["tail_start"] = tail_start
        if parties is not None:
            m.extra["parties"] = parties
        return m

    def _attended(self, head: Token) -> bool:
        """A head of both a body and its sessions that is taken part in or attended ('took part in
        the Mobile World Congress', 'attended the Congress'): the session, an event."""
        if head.lower_ not in self.body_or_event:
            return False
        t = head
        for _ in range(3):
            t = t.head
            low = t.lemma_.lower()
            if (low in self.taking_part and (low != "part" or t.head.lemma_.lower() == "take")) or (
                low == "take" and any(c.lower_ == "part" for c in t.children)
            ):
                return True
            if t.head == t:
                break
        return False

    def _portfolio_of_title(self, doc: Doc, sent: Span, start: int) -> bool:
        """A name right after 'for' or 'of' that a person's title word governs ('Minister of
        State for …', 'Secretary for …') names the title's portfolio, not a document."""
        if start - 1 < sent.start or doc[start - 1].lower_ not in ("for", "of"):
            return False
        before = doc[max(sent.start, start - 5) : start - 1]
        return any(t.lower_ in self.person_titles or t.lower_ in self.title_words for t in before)

    def _subject_word(self, t: Token) -> bool:
        """A word that says what a partnership or alliance is about ('Vaccine', 'Climate'), not
        a state, a generic word or a grade of the relation ('Comprehensive', 'Strategic')."""
        return (
            t.pos_ in ("NOUN", "PROPN")
            and t.i not in self.state_org_tokens
            and t.lower_ not in self.generic
            and t.lower_ not in self.relation_degrees
        )

    def _starts_new_name(self, doc: Doc, sent: Span, n: int, typ: str = "") -> bool:
        """After 'and', does a second name begin ('… Innovation and the Korea AI Safety Institute')?
        In a document's name a subject headed like a campaign goes on ('Treaty on Friendly Relations
        and Comprehensive Strategic Partnership'); a body or another document begins anew."""
        i = n
        while i < min(sent.end, n + 10) and (
            is_titleish(doc[i]) or doc[i].lower_ in ("-", "–", "'s", "’s", "of", "the", "for", "on")
        ):
            head = self.heads.get(doc[i].lower_) or next(
                (
                    t
                    for words, t in self.phrase_heads.get(doc[i].lower_, [])
                    if [x.lower_ for x in doc[i : i + len(words)]] == words
                ),
                None,
            )
            if head and (typ != "Agreement" or head in NAME_STARTS_IN_AGREEMENT):
                return True
            i += 1
        return False

    def _ordinal_meeting(self, doc: Doc, sent: Span, tok: Token) -> Mention | None:
        """'its second ministerial meeting of the U.S.-EU Trade and Technology Council': a meeting
        picked out by a named format and an ordinal is a named event."""
        left = tok.i
        while (
            left - 1 >= sent.start
            and left > tok.i - 4
            and doc[left - 1].pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT")
            and not self._ordinal(doc[left - 1])
            and doc[left - 1].text not in (",", ";", "(", ")")
        ):
            left -= 1
        if (
            left - 1 < sent.start
            or not self._ordinal(doc[left - 1])
            or doc[left - 1].lower_ in ("joint", "informal")
        ):
            return None
        left -= 1
        k = tok.i + 1
        orgs = self.org_by_start
        if k < sent.end and doc[k].lower_ == "of":
            k = skip_the(doc, k + 1)
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
                k = skip_the(doc, g + 1)
            if k in orgs:
                # "the 27th meeting of the RCC Council of Heads of …": a body of the organisation
                # named after it; "the first session of the G20 Summit": its own event goes on
                end = orgs[k].end
                if end + 1 < sent.end and doc[end].text == "(" and doc[end + 2].text == ")":
                    end += 3  # "the Regional Commonwealth … (RCC) Council of …": its acronym
                body_end = self._body_name_end(doc, sent, end)
                if body_end is not None and end < sent.end and self.heads.get(doc[end].lower_) != "Event":
                    return self._mention(doc, doc[left:body_end], "Event")
                end = orgs[k].end
                while end < sent.end and is_titleish(doc[end]) and self.heads.get(doc[end].lower_) == "Event":
                    end += 1
                return self._mention(doc, doc[left:end], "Event")
            end = self._body_name_end(doc, sent, k)
            if end is None:
                end = self._joint_body_end(doc, sent, k)
            if end is not None:
                # "the 30th meeting of the Council of Heads of … of the RCC": a numbered session of
                # a named body is an event
                return self._mention(doc, doc[left:end], "Event")
        elif left > sent.start and doc[left - 1].lower_ == "its":
            # "The … Council (TTC) held its second ministerial meeting": the owner is the subject
            owners = [c for c in tok.head.children if c.dep_ == "nsubj"] if tok.dep_ == "dobj" else []
            for sp in orgs.values():
                if owners and sp.start <= owners[0].i < sp.end + 3:
                    m = self._mention(doc, doc[left : tok.i + 1], "Event")
                    m.extra["owner"] = (sp.start, sp.end)
                    return m
        return None

    def _portfolio_list(self, doc: Doc, sent: Span, k: int) -> bool:
        """After the comma at ``k``: title-case words (and commas) closed by 'and' + a title-case
        word, none of them a place ('…, Industry and Energy', not '…, Japan and Korea')."""
        n = k + 1
        while n < min(sent.end, k + 10):
            t = doc[n]
            if n in self.place_starts or t.ent_type_ in ("GPE", "PERSON", "DATE"):
                return False
            if t.lower_ == "and":
                return n + 1 < sent.end and is_titleish(doc[n + 1]) and n + 1 not in self.place_starts
            if not (t.text == "," or (is_titleish(t) and t.pos_ != "VERB")):
                return False
            n += 1
        return False

    def _ordinal(self, t: Token) -> bool:
        """'second', 'XIV', '30th': a word that numbers one session of a recurring format."""
        return t.lower_ in self.ordinals or bool(NUMERIC_ORDINAL.match(t.lower_))

    def _joint_body_end(self, doc: Doc, sent: Span, k: int) -> int | None:
        """The end of a lower-case body of named parties starting at ``k`` ('the Belarusian-Vietnamese
        working group on ICT cooperation', 'the Kenya-Ghana joint commission'): title-case words
        (the parties) and adjectives, then a body head, then its lower-case topic; else None."""
        n, named = k, False
        while n < sent.end and (
            is_titleish(doc[n]) or doc[n].text in ("-", "–") or (doc[n].is_lower and doc[n].pos_ == "ADJ")
        ):
            named = named or is_titleish(doc[n])
            n += 1
        if not named or n >= sent.end:
            return None
        size = next(
            (
                len(words)
                for words, typ in self.phrase_heads.get(doc[n].lower_, [])
                if [w.lower_ for w in doc[n : n + len(words)]] == words
                and typ in ("GovernmentBody", "InternationalOrganization")
            ),
            1 if self.heads.get(doc[n].lower_) == "GovernmentBody" and doc[n].is_lower else 0,
        )
        if not size:
            return None
        end = n + size
        if end < sent.end and doc[end].lower_ in ("on", "for"):
            end = max(end, self._lower_tail(doc, sent, end))
        return end

    def _body_name_end(self, doc: Doc, sent: Span, k: int) -> int | None:
        """The end of a title-case name of a body or organisation starting at ``k``, if it is one
        (its words and connectors hold a head word of such a class, or a known organisation)."""
        end, n, body = None, k, False
        while n < sent.end:
            t = doc[n]
            if is_titleish(t) and t.ent_type_ not in ("DATE", "PERSON") and t.lower_ not in MONTH_WORDS:
                body = body or self.heads.get(t.lower_) in ("GovernmentBody", "InternationalOrganization")
                body = body or n in self.org_by_start
                # "Joint Working Group": a head of several words
                body = body or any(
                    [w.lower_ for w in doc[n : n + len(words)]] == words
                    and typ in ("GovernmentBody", "InternationalOrganization")
                    for words, typ in self.phrase_heads.get(t.lower_, [])
                )
                n += 1
                end = n
            elif t.text in ("-", "–") and end == n and n + 1 < sent.end and is_titleish(doc[n + 1]):
                n += 1  # "the Kenya-Chile Joint Working Group"
            elif t.lower_ in self.connectors:
                m = n + 1
                while m < sent.end and m - n <= 2 and doc[m].lower_ in self.connectors:
                    m += 1  # "of the"
                if m >= sent.end or not is_titleish(doc[m]):
                    break
                if t.lower_ in ("in", "at") and m in self.place_starts:
                    break  # "… of Communications Administrations | in Bishkek": where, not a name
                n = m
            else:
                break
        return end if body and end is not None and end - k >= 2 else None


def _possessive_run(doc: Doc, sent: Span, n: int) -> bool:
    """Whether the title-case words from ``n`` end in a possessive ('the ROK's', 'Kenya's')."""
    i = n
    while i < sent.end and is_titleish(doc[i]):
        i += 1
    return i > n and i < sent.end and doc[i].lower_ in ("'s", "’s")
