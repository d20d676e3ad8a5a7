# Offices: a person a document names, matched by the linker (graph/linking.py) to an office holder
# at the document's date, holds that office, dated by the reference tenure. Written to its own
# graph, never to a document graph or the derived graph: knowing a role is not something the text
# states (conventions rule 9), but it lets country-level questions see persons' meetings and
# signatures (partners-of).
DROP SILENT GRAPH <https://w3id.org/coopgraph/graph/offices> ;
INSERT { GRAPH <https://w3id.org/coopgraph/graph/offices> {
  ?person coop:holdsOffice ?office .
  ?tenure a coop:Tenure ; coop:holder ?person ; coop:office ?office ; coop:startDate ?start ;
          coop:endDate ?end ; prov:wasDerivedFrom ?ref ; dcterms:source ?doc .
} }
WHERE {
  GRAPH ?links { ?decision coop:linkedTo ?person ; coop:atTenure ?ref ; dcterms:source ?doc }
  FILTER(STRSTARTS(STR(?links), "https://w3id.org/coopgraph/graph/links/"))
  GRAPH <https://w3id.org/coopgraph/graph/reference> {
    ?ref coop:office ?office ; coop:startDate ?start .
    OPTIONAL { ?ref coop:endDate ?end }
  }
  BIND(IRI(CONCAT("https://w3id.org/coopgraph/id/tenure/", SUBSTR(SHA1(CONCAT(STR(?person), "|", STR(?ref))), 1, 16))) AS ?tenure)
}
