"""The RDF stage: records -> triples under the coop ontology (never imports spaCy)."""
