"""The abbreviations component: "Long Form (SF)" defines SF as another name of the long form.

The long form is the mention that ends right before the parenthesis; it defines the short form
when the short form's characters occur in it in order, the first at the start of a word (the
Schwartz–Hearst test). The short form becomes an alias of the long form, and later bare
occurrences of it are mentions of the same entity. Reads and extends ``doc._.coop_mentions``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from graph.nlp.types import Mention

SHORT_FORM = re.compile(r"^(?=.*[A-Z])[A-Z0-9][A-Za-z0-9.&-]{0,9}$")


def defines(short: str, long: str) -> bool:
    """Schwartz & Hearst (2003): every letter or digit of ``short`` occurs in ``long`` in order,
    read right to left, and its first one starts a word of ``long``."""
    s, lf = short.lower(), long.lower()
    si, li = len(s) - 1, len(lf) - 1
    while si >= 0:
        c = s[si]
        if not c.isalnum():
            si -= 1
            continue
        while li >= 0 and (lf[li] != c or (si == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        li -= 1
        si -= 1
    return len(lf.split()) >= 2 or len(lf) > len(s)


def short_form(text: str) -> bool:
    """Looks like an abbreviation: capitals, digits and a few joiners, at most ten characters,
    upper-case at both ends ("SCO", "MIIT", "G20", "U.S.-EU TTC" is not one)."""
    return bool(SHORT_FORM.match(text)) and (text.isupper() or text[-1].isupper() or text[-1].isdigit())


class AbbreviationFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = list(doc._.coop_mentions or [])
        by_end = {m.end: m for m in mentions}
        defined: dict[str, Mention] = {}
        for i, tok in enumerate(doc[:-2]):
            if tok.text != "(" or doc[i + 2].text != ")":
                continue
            abbr = doc[i + 1].text
            m = by_end.get(i)
            if m is None or not short_form(abbr) or not defines(abbr, m.text):
                continue
            m.extra.setdefault("aliases", []).append(abbr)
            defined[abbr] = m
        if defined:
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
        doc._.coop_mentions = mentions
        return doc
