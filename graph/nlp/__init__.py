"""The NLP stage: spaCy components that turn sentences into plain extraction records.

Nothing from this package's spaCy objects leaves it: :func:`graph.nlp.pipeline.extract` yields
:class:`graph.model.Extraction` records.
"""
