"""Documents and bodies named by a plural head and a list: one per item (convention 3, one
specific entity described by a specific phrase). "The Ministries of Communications of A and B"
names two ministries, each of its state. "The parties signed intergovernmental agreements on A
and on B" names two agreements; "memorandums on cooperation in transport, IT and banking" three.
Each mention carries the singular name ("interdepartmental memorandum on cooperation in IT") and
the span of its own item, and a shared ``group`` so a signing of the plural signs each.
"""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from graph.nlp import lexicon
from graph.nlp.lists import coordinated
from graph.nlp.types import Mention

MAX_TAIL = 60  # tokens of the list after the head


class PluralDocuments:
    def _plural_bodies(self, doc: Doc) -> list[Mention]:
        """'the Ministries of Communications of Belarus and Uzbekistan': one body per state, each
        named in the singular ('Ministry of Communications of Uzbekistan'). The first spans the
        phrase up to its state, the others the list separator and their state."""
        singular: dict[str, str] = lexicon.table("plural_body_heads")
        states = {
            sp.start: sp
            for sp in doc.spans.get("coop_ref", [])
            if sp.label_ == "Country" and not sp.text.islower()
        }
        out: list[Mention] = []
        for sent in doc.sents:
            for tok in sent:
                head = singular.get(tok.lower_)
                if head is None or not tok.is_title:
                    continue
                found = _state_list(doc, sent, tok, states)
                if found is None:
                    continue
                of, items = found
                portfolio = doc[tok.i + 1 : of].text
                for k, (lead, sp) in enumerate(items):
                    start = tok.i if k == 0 else lead
                    text = f"{head} {portfolio} of {sp.text}".replace("  ", " ")
                    span = doc[start : sp.end]
                    m = Mention(
                        span.start,
                        span.end,
                        "GovernmentBody",
                        "",
                        text,
                        "name",
                        span.start_char,
                        span.end_char,
                    )
                    out.append(m)
        return out

    def _plural_documents(self, doc: Doc) -> list[Mention]:
        singular: dict[str, str] = lexicon.table("plural_document_heads")
        modifiers = lexicon.words("document_scope_modifiers")
        out: list[Mention] = []
        for sent in doc.sents:
            for tok in sent:
                head = singular.get(tok.lower_)
                if head is None or tok.i + 2 >= sent.end or doc[tok.i + 1].lower_ not in ("on", "of", "for"):
                    continue
                left = tok.i
                while left - 1 >= sent.start and doc[left - 1].lower_ in modifiers:
                    left -= 1
                prefix = " ".join([*(t.text for t in doc[left : tok.i]), head])
                items = _items(doc, sent, tok)
                if len(items) < 2:
                    continue
                for k, (lead, item) in enumerate(items):
                    text = f"{prefix} {lead} {item.text}".replace("  ", " ")
                    m = Mention(
                        item.start,
                        item.end,
                        "Agreement",
                        "",
                        text,
                        "name",
                        item.start_char,
                        item.end_char,
                    )
                    m.extra["group"] = (tok.i, k)
                    out.append(m)
        return out


def _state_list(
    doc: Doc, sent: Span, head: Token, states: dict[int, Span]
) -> tuple[int, list[tuple[int, Span]]] | None:
    """After a plural body head: 'of' + a title-case portfolio + 'of' + two or more states joined by
    commas and 'and'. The index of the last 'of' and each state with the separator before it."""
    n = head.i + 1
    if n >= sent.end or doc[n].lower_ != "of":
        return None
    of = None
    while n < min(sent.end, head.i + 12):
        t = doc[n]
        k = n + 1
        if t.lower_ == "of" and k < sent.end:
            k = k + 1 if doc[k].lower_ == "the" and k + 1 < sent.end else k
            if k in states:
                of = n
                break
        if not (t.is_title or t.lower_ in ("of", "and", ",", "the", "for", "&") or t.is_upper):
            return None
        n += 1
    if of is None:
        return None
    k = of + 1 if doc[of + 1].lower_ != "the" else of + 2
    items = coordinated(doc, k, sent.end, states)
    if not items:
        return None  # a list closed by 'and' ("A, B and C"), not states after a comma
    items[0] = (of, items[0][1])
    return of, items


def _end(doc: Doc, sent: Span, start: int) -> int:
    """Where the list ends: ', as well as', a semicolon, a full stop or a verb."""
    n = start
    limit = min(sent.end, start + MAX_TAIL)
    while n < limit:
        t = doc[n]
        if t.text in (";", ".") or (t.pos_ in ("VERB", "AUX") and t.tag_ != "VBG"):
            break
        if t.text == "," and n + 2 < limit and doc[n + 1].lower_ == "as" and doc[n + 2].lower_ == "well":
            break
        n += 1
    return n


def _items(doc: Doc, sent: Span, head: Token) -> list[tuple[str, Span]]:
    """The items of the list after a plural head, each with the words that lead it ("on", "on
    cooperation in"). 'on A and on B': split where the preposition repeats; 'on cooperation in A,
    B, and C': split at the commas (an item may hold its own "and": "transport and transit")."""
    prep = doc[head.i + 1]
    end = _end(doc, sent, head.i + 2)
    tail = range(head.i + 2, end)
    repeats = [i for i in tail if doc[i].lower_ == prep.lower_ and doc[i - 1].lower_ in ("and", ",")]
    out: list[tuple[str, Span]] = []
    if repeats:
        starts = [head.i + 2, *[i + 1 for i in repeats]]
        ends = [*[i - 1 if doc[i - 1].lower_ == "and" else i for i in repeats], end]
        for s, e in zip(starts, ends, strict=True):
            while e > s and doc[e - 1].text in (",", "and"):
                e -= 1
            if e > s:
                out.append((prep.text, doc[s:e]))
        return out
    # a shared lead ("on cooperation in") before the list: up to the last preposition before the first comma
    commas = [i for i in tail if doc[i].text == ","]
    if not commas:
        return []
    lead_end = head.i + 2
    for i in range(head.i + 2, commas[0]):
        if doc[i].pos_ == "ADP":
            lead_end = i + 1
    lead = doc[head.i + 1 : lead_end].text
    bounds = [lead_end, *[c + 1 for c in commas], end + 1]
    for s, e in pairwise(bounds):
        e -= 1
        while s < e and doc[s].lower_ in ("and", "or"):
            s += 1
        while e > s and doc[e - 1].text in (",",):
            e -= 1
        if e > s:
            out.append((lead, doc[s:e]))
    return out
