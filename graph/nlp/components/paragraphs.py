"""Paragraph breaks end sentences: set before the parser, which keeps boundaries already set.

A headline or section heading has no final stop ("Kazakhstan and Uzbekistan to develop
cooperation in IT" + blank line + "The Ministry of … signed …"); the small model's parser often
joins it to the next paragraph's first sentence, and the heading's states then become the doers
of that sentence's signing. A blank line between paragraphs is a boundary in every document the
ingest stage reads, so the token after one starts a sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class ParagraphBreaks:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc[:-1]:
            if tok.is_space and "\n\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
        return doc
