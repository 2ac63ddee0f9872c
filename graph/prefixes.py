"""The project's prefixes: one table for SPARQL headers, exports and the store.

Plain strings, free of rdflib, so that the store and the questions can use them without
paying for rdflib's import; graph.vocab checks its namespaces against this table.
"""

PREFIXES: dict[str, str] = {
    "samv": "https://w3id.org/samverkan/ontology#",
    "sid": "https://w3id.org/samverkan/id/",
    "sgr": "https://w3id.org/samverkan/graph/",
    "sproc": "https://w3id.org/samverkan/process/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
