# Task runner: `make test`, `make lint`, `make bench`, `make docs`, `make eval`, `make reference`.
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared

$(PY):
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e ".[test]"

test: $(PY)
	$(PY) -m pytest -q

lint: $(PY)
	$(VENV)/bin/ruff check graph tests ontology/scripts bench
	$(VENV)/bin/mypy

eval: $(PY)
	$(VENV)/bin/coopgraph evaluate $(SHARED)/eval/dev-gold.json $(SHARED)/eval/dev-gold-corpus.json

bench: $(PY)
	$(PY) bench/bench_build.py $(SHARED)/corpus/documents.jsonl --scales 1,4 --json docs/bench-scale.json --profile docs/profile-build.html

docs: $(PY)
	$(PY) ontology/scripts/generate_vocab.py
	$(PY) ontology/scripts/generate_docs.py

# all reference data of ontology/ in one command: countries, places, organisations, bodies, office holders
reference: $(PY)
	$(VENV)/bin/pip install -q -e ".[gazetteer]" && $(PY) ontology/scripts/generate_gazetteer.py
	$(PY) ontology/scripts/generate_offices.py

gazetteer: reference

notebooks: $(PY)
	$(VENV)/bin/pip install -q -e ".[notebooks]" && $(VENV)/bin/jupyter lab notebooks/

.PHONY: test lint eval bench docs reference gazetteer notebooks
