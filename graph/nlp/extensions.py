"""Every ``Doc`` extension the NLP stage reads or writes, registered in one place.

Document metadata is set by :func:`graph.nlp.pipeline.extract` before the pipeline runs; each
component writes the extensions its factory declares in ``assigns``.
"""

from __future__ import annotations

from spacy.tokens import Doc

DOC_EXTENSIONS = (
    "coop_doc_id",  # metadata: the document's id, date (ISO day), title and URL
    "coop_doc_date",
    "coop_doc_title",
    "coop_doc_url",
    "coop_context",  # context: DocumentContext (dateline, byline, headings)
    "coop_excluded",  # context: [(start_char, end_char)] no mention or fact comes from
    "coop_dates",  # coop_dates: [(start_char, end_char, DateValue)]
    "coop_mentions",  # names, persons, abbreviations, linker: [Mention]
    "coop_entities",  # linker: {key: Entity}
    "coop_posts",  # posts: [Post]
    "coop_anaphora",  # anaphora: {sentence index: [Mention]}
    "coop_candidates",  # relations: [Candidate], every one proposed
    "coop_facts",  # relations: [Candidate], the kept ones
    "coop_skipped",  # relations: [Skipped]
)


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per document: spaCy joins every token anew on each call, and the
    components asked for it per date entity, dateline line, candidate and mention (the text never
    changes once tokenised: merging or splitting tokens keeps it)."""
    text = doc.user_data.get("coop_text")
    if text is None:
        text = doc.user_data["coop_text"] = doc.text
    return str(text)


def register() -> None:
    for ext in DOC_EXTENSIONS:
        if not Doc.has_extension(ext):
            Doc.set_extension(ext, default=None)


register()
