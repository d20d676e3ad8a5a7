# placeholder until ontology/scripts/generate_vocab.py writes the closed namespace
from rdflib import Namespace

COOP = Namespace("https://w3id.org/coopgraph/ont#")
AREA = Namespace("https://w3id.org/coopgraph/area/")
