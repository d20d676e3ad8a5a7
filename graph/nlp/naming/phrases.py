"""Names of documents and events described by a phrase: lower-case heads ("the strategic
partnership agreement", convention 3), quoted titles (conference “Digital Industry …”), names
followed by their authors ("the statement by A, B and C"), and the left edge of title-case runs.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from graph.nlp import lexicon
from graph.nlp.naming.vocabulary import (
    MONTH_WORDS,
    NAME_STARTS_IN_AGREEMENT,
    POSSESSIVES,
    QUOTES,
    ROMAN,
    NameVocabulary,
    is_titleish,
)
from graph.nlp.types import Mention

# Words inside a party's name after "between" ("the Government of the United States of America").
PARTY_GLUE = frozenset({"the", "of", "for", "'s", "’s", "-", "–", "&"})
MAX_PARTY_WORDS = 14


YEAR = re.compile(r"(?:19|20)\d\d")


class PhraseNames(NameVocabulary):
    def __init__(self, ontology: str = "") -> None:
        super().__init__(ontology)
        self.state_org_spans: list[Span] = []
        self.state_org_by_end: dict[int, Span] = {}
        self.place_starts: set[int] = set()  # where the gazetteer's countries and places begin
        self.tail_idioms: dict[str, list[list[str]]] = {}
        for idiom in sorted(lexicon.words("tail_idioms")):
            words = idiom.split()
            self.tail_idioms.setdefault(words[0], []).append(words)

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
            if pl in self.ordinals or ROMAN.match(p.text):
                j -= 1
                continue
            if typ == "Event" and j < i and YEAR.fullmatch(p.text):
                j -= 1  # "the 2025 Youth Summit": an edition's year opens its name
                break
            if p.like_num and j - 3 >= sent.start and doc[j - 2].text == "+" and doc[j - 3].like_num:
                j -= 3  # "the U.S.-India 2+2 Ministerial Dialogue": a format's number in its name
                continue
            bridge = p.text in {"-", "–", "&", "'s", "’s", "'", "’", "+"} or (
                p.lower_ == "and" and typ in ("Event", "Agreement", "Initiative")
            )
            if typ == "GovernmentBody" and p.text in POSSESSIVES:
                # "Peru's Rural Broadband Office", "the Commerce Department's National … Administration":
                # the possessor owns the body, it is no word of its name
                break
            if (
                pl == "and"
                and typ == "GovernmentBody"
                and j - 2 >= sent.start
                and doc[j - 2].lower_ in self.portfolio
                and doc[j].lower_ in self.portfolio
                and not (j - 3 >= sent.start and doc[j - 3].text in ("'s", "’s"))
            ):
                # "the Communications and Informatization Ministry", "the Korea Internet and
                # Security Agency": a body named by two portfolios before its head (not across a
                # possessive: "Homeland Security's Cybersecurity and … Agency")
                bridge = True
            if (
                pl == "and"
                and typ == "Agreement"
                and j - 2 >= sent.start
                and self.heads.get(doc[j - 2].lower_) in NAME_STARTS_IN_AGREEMENT
            ):
                break  # "the Information Act and | 5G Strategy": a name ends in its head before 'and'
            if bridge and j - 2 >= sent.start and is_titleish(doc[j - 2]) and self._may_start(doc[j - 2]):
                j -= 1
                continue
            if p.text == ")" and j - 3 >= sent.start and doc[j - 3].text == "(" and doc[j - 2].is_upper:
                j -= 3  # "Asia-Pacific Economic Cooperation (APEC) Virtual Leaders' Meeting"
                continue
            if typ == "Event" and j == i and pl.endswith("s") and pl[:-1] in self.title_words:
                j -= 1  # "the ASEAN Digital Ministers Meeting": who meets, right before the head
                continue
            if p.lower_ in self.title_words and not (p.i + 1 < len(doc) and doc[p.i + 1].text in ("'", "’")):
                break  # "… Vice Presidents Margrethe …" ends a name, "Ministers' Statement" does not
            if is_titleish(p) and self._may_start(p) and p.pos_ not in ("VERB", "AUX"):
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

    def _may_start(self, tok: Token) -> bool:
        """A word a name may start with: not one of ``not_name_starts`` ("It", "This"), unless in
        capitals ("IT" is the acronym: "… Telecommunications and IT Ministers Meeting")."""
        return tok.lower_ not in self.not_starts or (tok.is_upper and len(tok.text) > 1)

    def _idiom_at(self, doc: Doc, i: int) -> bool:
        """Whether a multi-word preposition ('in line with', 'in order to') begins at ``i``."""
        return any(
            [t.lower_ for t in doc[i : i + len(words)]] == words
            for words in self.tail_idioms.get(doc[i].lower_, ())
        )

    def _lower_tail(self, doc: Doc, sent: Span, k: int, purpose: bool = True) -> int:
        """Extend over a lowercase prepositional tail: 'on strategic cooperation in the field of ICT'.
        With ``purpose``, an infinitive at ``k`` is part of the name ('an agreement to establish
        …'); without, it ends the name (it follows a complement of the name's own)."""
        end = k
        n = k + 1
        limit = min(sent.end, k + 22)
        if doc[k].lower_ in ("in", "at") and n < sent.end and self._place_at(doc, n):
            return k  # "a memorandum | in Hanoi": where it was signed, not its topic
        if self._idiom_at(doc, k):
            return k  # "the 5G Strategy | in line with the principles"
        if doc[k].lower_ == "to" and n < sent.end and doc[n].tag_ == "VB":
            if not purpose:
                return k  # "the Agreement on Trade | to strengthen our ties": why it was signed
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
            if self._idiom_at(doc, n) or t.lower_ in MONTH_WORDS:
                break
            if t.lower_ in ("in", "at") and n + 1 < limit and self._place_at(doc, n + 1):
                break  # "a memorandum on e-government in Hanoi": where it was signed, not its name

            if t.is_punct and t.text not in {"-", "–", "'s", "’s"}:
                break
            if t.lower_ in self.tail_stops and not (
                t.lower_ == "and"
                and n + 1 < limit
                and doc[n + 1].pos_ in ("NOUN", "ADJ", "PROPN")
                and doc[n + 1].lower_ not in self.tail_stops
            ):
                break
            span = _period_after_for(doc, n, limit)
            if span > n:
                n = end = span  # "a programme for 2022–2026": the period the document covers
                continue
            gerund = t.tag_ == "VBG" and doc[n - 1].lower_ in ("in", "on", "for", "of")
            if (t.pos_ in ("VERB", "AUX", "SCONJ", "PRON") and not gerund) or t.ent_type_ == "DATE":
                break
            n += 1
            if t.pos_ in ("NOUN", "PROPN", "NUM", "ADJ") or t.is_upper or gerund:
                end = n  # "a memorandum on roaming": a gerund after the preposition is its topic
        return end

    def _place_at(self, doc: Doc, i: int) -> bool:
        """A place begins at ``i``: the NER's or the gazetteer's."""
        return doc[i].ent_type_ in ("GPE", "LOC", "FAC") or i in self.place_starts

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
        if k < sent.end and doc[k].text in QUOTES:
            close = QUOTES[doc[k].text]
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
            and nxt.text in QUOTES
            and (low in self.lower_event_heads or low in self.lower_agreement_heads)
        ):
            close = QUOTES[nxt.text]
            for n in range(nxt.i + 1, min(sent.end, nxt.i + 30)):
                if doc[n].text == close:
                    if n - nxt.i > 1:
                        left = self._left_title_run(doc, sent, tok.i)
                        m = self._mention(doc, doc[nxt.i + 1 : n], typ)
                        m.extra["long"] = doc[left : n + 1].text
                        return m
                    break
        # the international forum Digital Almaty 2025: a title-case name right after a lower-case
        # event head, unquoted, is its name as a quoted one is
        if nxt is not None and low in self.lower_event_heads and is_titleish(nxt):
            n = nxt.i
            while n < sent.end and (
                doc[n].like_num  # an edition's year: "Digital Almaty 2025"
                or doc[n].text in ("-", "–")
                or (
                    is_titleish(doc[n])
                    and doc[n].pos_ != "VERB"
                    and doc[n].ent_type_ not in ("PERSON", "DATE")
                )
            ):
                n += 1
            run = doc[nxt.i : n]
            if (
                len(run) >= 2
                and not self._is_country_run(run)
                and not all(t.like_num for t in run[1:])
                and any(t.lower_ in ("the", "a", "an") for t in doc[max(sent.start, tok.i - 3) : tok.i])
            ):
                return self._mention(doc, run, typ)
        # TIBO-2023 forum / Digital Silk Road initiative / Freedom Edge exercise
        if low in self.lower_after_title:
            j = tok.i
            # "the Digital Almaty 2024 international forum": kind adjectives between name and head
            while j - 1 >= sent.start and doc[j - 1].lower_ in self.kind_adjectives and doc[j - 1].is_lower:
                j -= 1
            kinds = j
            while j - 1 >= sent.start:
                if (
                    doc[j - 1].text == ")"
                    and j - 3 >= sent.start
                    and doc[j - 3].text == "("
                    and doc[j - 2].is_upper
                ):
                    j -= 3  # "the Asia-Pacific Economic Cooperation (APEC) summit": an acronym in between
                    continue
                if not (
                    (is_titleish(doc[j - 1]) or doc[j - 1].text in {"-", "–"} or doc[j - 1].like_num)
                    and doc[j - 1].lower_ not in self.not_starts
                    and doc[j - 1].pos_ != "VERB"
                ):
                    break
                j -= 1
            if j == kinds:
                j = tok.i  # no title-case name before the kind adjectives: "the international forum"
            if (
                j < tok.i
                and j > sent.start
                and doc[j - 1].lower_ in ("a", "an")
                and self.lower_after_title[low] == "Event"
            ):
                # "an Open RAN workshop in March": a description of an event, not its name ("a
                # U.S.-EU … (SSI) mechanism" is the name of one being created)
                j = tok.i
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
                        and is_titleish(doc[left - 2])
                    )
                )
                and doc[left - 1].lower_ not in self.not_starts
                and doc[left - 1].ent_type_ not in ("DATE", "CARDINAL")
                and not doc[left - 1].like_num
                and doc[left - 1].lower_ not in MONTH_WORDS
            ):
                left -= 1
            if left - 1 >= sent.start and (
                (doc[left - 1].like_num and not doc[left - 1].whitespace_)
                or self.unsplit.fullmatch(doc[left - 1].text)
            ):
                left -= 1  # "a 5G cooperation memorandum": a technical word, or a number glued to one
            if low == "deal" and left > sent.start and doc[left].lower_ in ("great", "good"):
                return None  # "a great deal of work" is no agreement
            if low in self.value_heads_before_of and nxt is not None and nxt.lower_ == "of":
                return None  # "the principles of mutual respect", "the framework of the visit"
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
            tail_start = None
            if end < sent.end and self.between_parties(doc, sent, end) > end:
                tail_start, end = end, self.between_parties(doc, sent, end)
                parties = (tail_start + 1, end)
                if end < sent.end and doc[end].lower_ in self.tail_preps:
                    end = max(end, self._lower_tail(doc, sent, end, purpose=False))
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
                m = self._mention(doc, doc[left:end], "Agreement")
                if tail_start is not None:
                    m.extra["tail_start"] = tail_start
                    m.extra["parties"] = parties
                return m
        return None

    def between_parties(self, doc: Doc, sent: Span, k: int) -> int:
        """'Memorandum between the Ministry of X and the Agency of Y (on …)': the parties of a
        document are part of its name (convention 8, the fullest name). The end of the second
        party when ``k`` is a 'between' followed by two title-case names joined by 'and', else ``k``."""
        if doc[k].lower_ != "between":
            return k
        limit = min(sent.end, k + MAX_PARTY_WORDS * 2 + 2)
        n, end, ands = k + 1, None, []
        while n < limit:
            t = doc[n]
            if is_titleish(t) and t.pos_ != "VERB" and t.ent_type_ != "DATE":
                end = n + 1
            elif t.lower_ == "and" and end is not None:
                ands.append(n)
            elif t.lower_ not in PARTY_GLUE or (end is None and n > k + 1):
                break
            n += 1
        ands = [a for a in ands if end is not None and a + 1 < end]
        if end is None or not ands:
            return k
        # "between the National Telecommunication and Information Administration and the
        # Ministry of …": the parties part at an "and the" when there is one
        split = next((a for a in ands if doc[a + 1].lower_ == "the"), ands[0])
        if split - k - 1 > MAX_PARTY_WORDS or end - split - 1 > MAX_PARTY_WORDS:
            return k
        return end

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
        # "the Cabinet of Ministers of Ukraine": a government by its own name, of a state
        low = re.sub(r"^the\s+", "", text, flags=re.I)
        named = next((g for g in self.government_names if low.lower().startswith(g + " of ")), None)
        if named is not None:
            rest = re.sub(r"^the\s+", "", low[len(named) + 4 :], flags=re.I)
            suffix = suffix or rest in self.country_by_form
        if typ == "GovernmentBody" and (re.match(r"^(the\s+)?governments?\s+of\b", text, re.I) or suffix):
            # "the Government of X", "the X Government", "the Biden Administration" stand for a state
            m.extra["stands_for_state"] = True
        return m


def _period_after_for(doc: Doc, n: int, limit: int) -> int:
    """The end of a span of years right after 'for' ('for 2022–2026', 'for 2025-2027'), else ``n``:
    the period a programme or roadmap covers belongs to its name, other dates do not."""
    if n == 0 or doc[n - 1].lower_ != "for":
        return n
    k, years = n, 0
    while k < limit and (doc[k].text in ("-", "–", "—") or (doc[k].like_num and len(doc[k].text) == 4)):
        years += doc[k].like_num
        k += 1
    if years == 2 and doc[k - 1].like_num:
        return k
    # "2022–2026" may be one token
    t = doc[n].text
    if k == n and len(t) == 9 and t[4] in "-–—" and t[:4].isdigit() and t[5:].isdigit():
        return n + 1
    return n
