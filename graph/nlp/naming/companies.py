"""Company names known by their context, whatever the model's NER says of them: the items of a
list a company noun introduces ("companies including A, B, and C") and the name in apposition to
one ("the Kenyan corporation Tekno Fabrik"). The small model types unknown brand names as places
or persons; the words around them say what they are.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from graph.nlp import lexicon
from graph.nlp.naming.vocabulary import is_titleish
from graph.nlp.types import Mention

MAX_NAME_WORDS = 6
MAX_ITEMS = 30


class CompanyCues:
    def _company_cues(self, doc: Doc) -> list[Mention]:
        nouns = lexicon.words("company_group_nouns")
        introducers = [w.split() for w in sorted(lexicon.words("list_introducers"))]
        out: list[Mention] = []
        for sent in doc.sents:
            for tok in sent:
                if tok.lower_ not in nouns or tok.tag_ not in ("NN", "NNS"):
                    continue
                k = tok.i + 1
                # "companies including …", "firms such as …": the list follows its introducer
                intro = next(
                    (
                        len(words)
                        for words in introducers
                        if [t.lower_ for t in doc[k : k + len(words)]] == words
                    ),
                    0,
                )
                if intro:
                    out += _list_items(doc, sent, k + intro)
                elif tok.tag_ == "NN" and k < sent.end and is_titleish(doc[k]):
                    # "the Kenyan corporation Tekno Fabrik": a name in apposition to the noun
                    end = _name_end(doc, sent, k)
                    if end > k:
                        out.append(Mention.of_span(doc[k:end], "Company", "name"))
        return out


def _name_end(doc: Doc, sent: Span, k: int) -> int:
    """The end of a title-case run from ``k`` ('Tekno Fabrik', 'Johnson & Johnson', 'L3 Harris')."""
    end = k
    n = k
    while n < sent.end and n - k < MAX_NAME_WORDS:
        t = doc[n]
        if is_titleish(t) and t.pos_ not in ("VERB", "AUX"):
            n += 1
            end = n
        elif t.text in ("&", "-") and n + 1 < sent.end and is_titleish(doc[n + 1]):
            n += 1
        else:
            break
    return end


def _list_items(doc: Doc, sent: Span, k: int) -> list[Mention]:
    """The title-case names of a list ('A, B, and C'), up to the first word that is neither a
    name nor a separator."""
    out: list[Mention] = []
    while k < sent.end and len(out) < MAX_ITEMS:
        end = _name_end(doc, sent, k)
        if end == k:
            break
        out.append(Mention.of_span(doc[k:end], "Company", "name"))
        k = end
        if k < sent.end and doc[k].text == ",":
            k += 1
        if k < sent.end and doc[k].lower_ in ("and", "&"):
            k += 1
        elif k > 0 and doc[k - 1].text != ",":
            break
    return out if len(out) >= 2 else []
