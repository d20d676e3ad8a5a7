# Derived: cooperation between government bodies implies cooperation between their countries.
INSERT { GRAPH <https://w3id.org/coopgraph/graph/derived> { ?c1 coop:cooperatesWith ?c2 } }
WHERE {
  GRAPH ?g { ?a coop:cooperatesWith ?b }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/coopgraph/graph/doc/"))
  GRAPH ?g { ?a coop:jurisdiction ?c1 . ?b coop:jurisdiction ?c2 }
  FILTER(?c1 != ?c2)
  FILTER NOT EXISTS { GRAPH ?g { ?c1 coop:cooperatesWith ?c2 } }
  FILTER NOT EXISTS { GRAPH ?g { ?c2 coop:cooperatesWith ?c1 } }
}
