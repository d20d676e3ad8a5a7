"""Mentions from the model's NER, checked against the name vocabulary: the small model's label
is not trusted where the words say otherwise (a title before a "place" makes a person; generic
words make no company; a bare acronym is no name until defined).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from graph.nlp.extensions import doc_text
from graph.nlp.naming.vocabulary import NameVocabulary, is_titleish
from graph.nlp.types import Mention

CAMEL = re.compile(r"[a-z][A-Z]")  # "UkhnaagiinPresident": two words run together


class NerNames(NameVocabulary):
    def _model_mentions(self, doc: Doc, existing: list[Mention]) -> list[Mention]:
        covered: set[int] = set()
        for m in existing:
            covered.update(range(m.start, m.extra.get("authors_start", m.end)))
        out = []
        headlines = headline_ranges(doc_text(doc))
        lower_words = {t.text for t in doc if t.text == t.lower_}
        person_words = {
            t.text
            for e in doc.ents
            if e.label_ == "PERSON" and not any(c.isdigit() for c in e.text)
            for t in e
        }
        multi_word_names = {t.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
        country_starts = {m.start: m for m in existing if m.type == "Country" and m.source == "ref"}
        for ent in doc.ents:
            named = self._named_after_country(doc, ent, country_starts)
            if named is not None:
                out.append(named)
                continue
            if any(i in covered for i in range(ent.start, ent.end)):
                # "Ukraine Volodymyr Zelenskyy" tagged as one entity: keep what the gazetteer left over
                s, e = ent.start, ent.end
                while s < e and s in covered:
                    s += 1
                while e > s and e - 1 in covered:
                    e -= 1
                if e - s == 1 and not any(i in covered for i in range(s, e)) and self._sector_word(doc[s]):
                    out.append(Mention.of_span(doc[s:e], "Company", "model"))
                    continue
                if e - s < 2 or any(i in covered for i in range(s, e)) or not doc[s].is_title:
                    continue
                label = "PERSON" if ent.label_ in ("GPE", "ORG", "PERSON") else ent.label_
                ent = Span(doc, s, e, label=label)
            if ent.label_ in ("ORG", "PERSON", "GPE") and any(a <= ent.start_char < b for a, b in headlines):
                continue
            if ent.label_ in ("GPE", "ORG") and len(ent) == 1 and ent.text in person_words:
                out.append(Mention.of_span(ent, "Person", "model"))
                continue
            titled = self._titled_name(ent)
            if titled is not None:
                out.append(Mention.of_span(titled, "Person", "model"))
                continue
            span = self._strip(ent)
            if span is None:
                continue
            label = ent.label_
            if len(span) == 1 and self._sector_word(span[0]):
                out.append(Mention.of_span(span, "Company", "model"))
                continue
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
                if self._valid_person(span) and self._person_in_context(doc, span, multi_word_names):
                    out.append(Mention.of_span(span, "Person", "model"))
            elif label == "GPE":
                if span.text in self.venues or (span.text.isupper() and len(span.text) <= 4):
                    continue
                if span[-1].lower_ in self.region_heads or (
                    span.text[0].isupper()
                    and len(span) <= 3
                    and not self._generic(span)
                    and self._locative(doc, span, country_starts)
                ):
                    out.append(Mention.of_span(span, "Place", "model"))
            elif label == "LOC":
                if span[-1].lower_ in self.region_heads and span[-1].lower_ not in ("state",):
                    out.append(Mention.of_span(span, "Place", "model"))
            elif label == "ORG":
                for part in self._split_and(span):
                    if self._company_like(part, lower_words):
                        out.append(Mention.of_span(part, "Company", "model"))
        # a single-word company name needs a second sighting: one-off capitalised words are mostly noise
        counts: dict[str, int] = {}
        for m in out:
            counts[m.text] = counts.get(m.text, 0) + 1
        persons = {t for m in out if m.type == "Person" for t in m.text.split()}
        kept = []
        for m in out:
            single = m.type == "Company" and m.end - m.start == 1 and not self._sector_word(doc[m.start])
            if single and (m.text in persons or counts[m.text] < 2):
                continue
            if m.type == "Company" and m.end - m.start == 1 and doc[m.start].tag_ == "JJ":
                continue  # "Transatlantic cooperation": an adjective the model took for a name
            kept.append(m)
        return kept

    def _named_after_country(self, doc: Doc, ent: Span, country_starts: dict[int, Mention]) -> Mention | None:
        """'Uzbekistan Airways', 'Kazakhstan Temir Zholy': an organisation the model found whose
        name opens with a state's name and goes on in title case without a head word of another
        class is a company named after its state (the state stays an entity of the text). The
        model often calls such a name a person; a person's name never opens with a state's, but
        'President of Ukraine Volodymyr Zelenskyy' is tagged from 'Ukraine' on, so after 'of', a
        possessive or a title-case word it is left alone."""
        c = country_starts.get(ent.start)
        if c is None or ent.label_ not in ("ORG", "PERSON") or c.end >= ent.end:
            return None
        if ent.start > 0:
            prev = doc[ent.start - 1]
            if prev.lower_ in ("of", "to", "'s", "’s") or prev.is_title or prev.lower_ in self.title_words:
                return None
        rest = doc[c.end : ent.end]
        if not all((t.is_title or t.is_upper) and t.pos_ != "VERB" for t in rest) or not any(
            t.is_title for t in rest
        ):
            return None  # "Belarus Establishes Cooperation" (a headline), "U.S. SMR" (a technology)
        if any(t.lower_ in self.generic or t.lower_ in self.not_company_heads for t in rest):
            return None  # "Japan Society", "Kenya Digital Cooperation"
        if any(
            t.lower_ in self.title_words
            or t.lower_ in self.person_titles
            or self.heads.get(t.lower_, "Company") != "Company"
            for t in rest
        ):
            return None
        return Mention.of_span(ent, "Company", "name")

    def _split_and(self, span: Span) -> list[Span]:
        """'Transmashholding and Kazakh Railways' is two organisations."""
        for t in span:
            if (
                t.lower_ == "and"
                and t.i > span.start
                and t.i + 1 < span.end
                and is_titleish(span.doc[t.i + 1])
                and is_titleish(span.doc[t.i - 1])
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

    def _locative(self, doc: Doc, span: Span, country_starts: dict[int, Mention]) -> bool:
        """A locative word before the name ('in X', 'the city of X') or a state after it ('X,
        Country'): what makes a capitalised word the gazetteer does not know a place."""
        i = span.start - 1
        if i >= 0 and doc[i].lower_ == "the":
            i -= 1
        if i >= 0 and doc[i].lower_ in self.locative_cues:
            return True
        if i > 0 and doc[i].lower_ == "of" and doc[i - 1].lower_ in self.region_heads:
            return True  # "the village of Huta"
        if span.root.dep_ == "nsubj" and span.root.head.lemma_.lower() == "host":
            return True  # "Geneva will host the conference"
        j = span.end + 1 if span.end < len(doc) and doc[span.end].text in (",", "(") else span.end
        return j != span.end and j in country_starts

    def _titled_name(self, ent: Span) -> Span | None:
        """'National Security Advisor Carmen Diaz' tagged as an organisation or a place: the two or
        three capitalised words after the span's last strong title word are a person's name."""
        if ent.label_ not in ("ORG", "GPE", "NORP", "FAC"):
            return None
        last = max((t.i for t in ent[:-2] if t.lower_ in self.strong_titles), default=None)
        if last is None:
            return None
        rest = ent.doc[last + 1 : ent.end]
        if len(rest) > 3 or not all(t.is_title and t.is_alpha for t in rest):
            return None
        return rest if self._valid_person(rest) else None

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

    def _person_in_context(self, doc: Doc, span: Span, multi_word_names: set[str]) -> bool:
        """What the small model tags PERSON and no name looks like: a word with digits
        ("COVID-19"), words run together by lost markup ("UkhnaagiinPresident"), a sentence-opening
        participle ("Recognizing …"); and a lone word is a person only after a title or honorific
        ("Minister Rahman") or as a word of a fuller name in the document."""
        if any(any(c.isdigit() for c in t.text) or CAMEL.search(t.text) for t in span):
            return False
        if span[0].tag_ in ("VBG", "VBN", "VB", "VBZ", "VBD"):
            return False
        if len(span) > 1:
            return True
        if span.text in multi_word_names:
            return True
        i = span.start - 1
        if i >= 0 and doc[i].text == ".":
            i -= 1
        if i < 0:
            return False
        prev = doc[i].lower_.rstrip(".")
        return prev in self.honorifics or prev in self.person_titles or prev in self.title_words

    def _valid_person(self, span: Span) -> bool:
        if not span.text[:1].isupper() or self._generic(span):
            return False
        if span.start > 0 and span.doc[span.start - 1].lower_ in self.thing_nouns:
            return False  # "the app Click Up": the name of a thing
        if len(span) == 1 and (span[0].is_upper or len(span.text) <= 2 or span[0].lower_ in self.honorifics):
            return False  # "MOU", "AI", "Rt" (of "the Rt. Hon."): no name
        if "(" in span.text or any(ch.isdigit() for ch in span.text):
            return False  # "COVID-19", "G20": a person's name holds no digit
        if any(
            (t.lower_ in self.person_titles or t.lower_ in self.title_words)
            and t.lower_ not in ("mr", "mrs", "ms", "dr", "sir")
            for t in span
        ):
            return False  # "National Security" (Advisor) is a title, not a name
        if any(t.text in self.country_by_form for t in span):
            return False
        return not any(t.lower_ in self.heads and self.heads[t.lower_] != "Company" for t in span)

    def _sector_word(self, t: Token) -> bool:
        """'Kazakhtelecom': one capitalised word ending in a sector word names a company."""
        low = t.lower_
        return t.is_title and any(low.endswith(x) and len(low) > len(x) + 1 for x in self.company_suffixes)

    def _company_like(self, span: Span, lower_words: set[str]) -> bool:
        """``lower_words``: the words the text writes in lower case (a capitalised one of them is
        an ordinary word, not a name)."""
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
        if len(toks) == 1 and (
            toks[0].lower_ in self.heads or (toks[0].lower_ != toks[0].text and toks[0].lower_ in lower_words)
        ):
            return False  # "the Commission", "Participants:": a word, not a name
        if len(toks) == 1 and toks[0].lower_ in self.non_name_heads:
            return False  # "(the Group)", "the Participants": a document's defined short form
        return (
            self.heads.get(toks[-1].lower_) == "Company"
            or len(toks) == 1
            # an acronym in it ("Acme ICT Group"); not a technical word with a digit ("… 6G")
            or any(t.text.isupper() and not any(c.isdigit() for c in t.text) for t in toks)
        )


def headline_ranges(text: str) -> list[tuple[int, int]]:
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
