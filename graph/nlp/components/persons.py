"""The persons component: person names the model missed or cut, found from titles.

'President of the Republic of Kazakhstan A B' (a strong title, a state, then a name), 'European
Commission Executive Vice Presidents A B and …' (a body, title words, a name), 'Minister of
Science, Information, and Communication Technology A B' (a portfolio, then a name), and a name or
surname seen once recurring elsewhere. Reads and extends ``doc._.coop_mentions``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from graph.nlp.naming.vocabulary import NameVocabulary, is_titleish
from graph.nlp.types import Mention

HYPHENS = ("-", "–")


class PersonFinder(NameVocabulary):
    def __init__(self, nlp: Language, name: str, ontology: str = "") -> None:
        super().__init__(ontology)
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = list(doc._.coop_mentions or [])
        mentions += self._titled_persons(doc, mentions)
        mentions += self._portfolio_persons(doc, mentions)
        taken = {i for m in mentions if m.type != "Person" for i in range(m.start, m.end)}
        mentions = [self._repaired(doc, m, taken) if m.type == "Person" else m for m in mentions]
        mentions = self._name_shapes(doc, mentions)
        mentions += self._repeat_persons(doc, mentions)
        doc._.coop_mentions = mentions
        return doc

    def _name_shapes(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Person spans in the shape of a name: cut at a particle, the name goes on to the surname
        ('Ursula von der' + 'Leyen', the surname's own mention dropped); a surname doubled by a
        speaker's label glued after the name ('Alexander Lukashenko Lukashenko:') is said once;
        a span ending in a function word ('Food Safety and') was cut out of a phrase, one ending in
        a common noun of groups and programmes ('Climate Working Group') names no person."""
        out: list[Mention] = []
        absorbed: set[int] = set()
        for m in mentions:
            if m.type != "Person" or m.source == "gazetteer":
                out.append(m)
                continue
            start, end = m.start, m.end
            if doc[end - 1].lower_ in self.name_end_stops or doc[end - 1].lower_ in self.non_name_heads:
                continue
            while end < len(doc) and doc[end - 1].lower_ in self.name_particles:
                end += 1  # "von" | "der" | "Leyen"
            if doc[end - 1].lower_ in self.name_particles or not doc[end - 1].text[:1].isupper():
                end = m.end
            if end - start >= 2 and doc[end - 1].text == doc[end - 2].text:
                end -= 1
            if (start, end) == (m.start, m.end):
                out.append(m)
                continue
            absorbed.update(range(m.end, end))
            out.append(m.respan(doc[start:end]))
        # the surname's own mention ('Leyen' as a place) went into the name
        return [m for m in out if m.type == "Person" or not set(range(m.start, m.end)) <= absorbed]

    def _repaired(self, doc: Doc, m: Mention, taken: frozenset[int] | set[int] = frozenset()) -> Mention:
        """A person's span without a leading honorific ('Dr Wei Zhang' is Wei Zhang) and with the
        syllables after a hyphen that the model cut off ('Yoon Min-' + 'seok', 'Song Ji' + '-woo')."""
        start, end = m.start, m.end
        while end - start > 2 and doc[start].lower_.rstrip(".") in self.name_honorifics:
            start += 1
            if doc[start].text == ".":
                start += 1
        # "Minister of Communications and Informatization Konstantin Shulgan": the model's span
        # took the portfolio's last word, which follows its 'and'/'of' inside the title
        if start > 0 and doc[start - 1].lower_ in ("and", "of", "&", ","):
            first = start
            while first < end and doc[first].lower_ in self.portfolio:
                first += 1
            stop = end  # "Informatization Amani" | "Odhiambo": the surname the span then lacks
            while stop < len(doc) and stop - first < 2 and doc[stop].is_title and doc[stop].is_alpha:
                stop += 1
            if first > start and stop - first >= 2:
                start, end = first, stop
        while end < len(doc):
            last, nxt = doc[end - 1], doc[end]
            if last.text in HYPHENS and not last.whitespace_ and nxt.is_alpha:
                end += 1  # "Min-" | "seok"
            elif nxt.text in HYPHENS and not last.whitespace_ and not nxt.whitespace_ and end + 1 < len(doc):
                end += 1  # "Ji" | "-" "woo"
            else:
                break
        while end > start + 1 and doc[end - 1].text in HYPHENS:
            end -= 1
        # "Andrés Manuel López | Obrador": a surname the model left out right after the name, a
        # proper noun no other mention, title or head word claims (four words at most)
        while (
            1 < end - start < 4
            and end < len(doc)
            and doc[end - 1].is_title
            and doc[end - 1].is_alpha
            and len(doc[end - 1]) > 1
            and end not in taken
            and doc[end].is_title
            and doc[end].is_alpha
            and doc[end].pos_ == "PROPN"
            and doc[end].ent_type_ in ("", "PERSON")
            and doc[end].lower_ not in self.title_vocabulary
            and doc[end].lower_ not in self.heads
        ):
            end += 1
        if (start, end) == (m.start, m.end):
            return m
        return m.respan(doc[start:end])

    def _titled_persons(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """'President of the Republic of Kazakhstan Kassym-Jomart Tokayev': the capitalised words right
        after a title that ends in a state or body are a person's name, tagged or not."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out = []
        for m in mentions:
            # "Permanent Representative … to the UN Office in Geneva Name": an envoy's title may end
            # in the city of the post
            seat = m.type == "Place" and m.start > 0 and doc[m.start - 1].lower_ == "in"
            if (
                m.type not in ("Country", "GovernmentBody", "InternationalOrganization") and not seat
            ) or m.source == "demonym":
                continue
            i = m.start - 1
            while i >= 0 and (doc[i].lower_ in ("the", "of") or (seat and i == m.start - 1)):
                i -= 1
            steps = 0
            titled = False
            # "Ambassador Extraordinary and Plenipotentiary of A to the Republic of B Name": an
            # envoy's title names two states, the second after 'to'
            # "Head of the Communications Service under the Government of A Name": a body under
            # another is still the title's
            # "the head of the Ministry of … of A Name": a title word in lower case titles it too
            while i >= 0 and steps < 12:
                if doc[i].lower_ in self.strong_titles:
                    titled = True
                    break
                # "… to the UN Office …": an acronym is a word of the title too
                if not (is_titleish(doc[i]) or doc[i].lower_ in self.title_connectors):
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
                # the surname alone, with its hyphenated first part ("Asante-Mensah")
                k = len(toks) - 1
                while k >= 3 and toks[k - 1] in ("-", "–") and toks[k - 2][:1].isupper():
                    k -= 2
                names.setdefault(toks[k:], m.text)
        out = []
        texts = [t.text for t in doc]
        at: dict[str, list[int]] = {}  # a word -> where it stands: only those places can start a name
        for i, w in enumerate(texts):
            at.setdefault(w, []).append(i)
        for n in sorted(names, key=len, reverse=True):
            size = len(n)
            for i in at.get(n[0], []):
                if i + size > len(doc) or any(j in taken for j in range(i, i + size)):
                    continue
                if tuple(texts[i : i + size]) == n:
                    out.append(Mention.of_span(doc[i : i + size], "Person", "model"))
                    taken.update(range(i, i + size))
        return out
