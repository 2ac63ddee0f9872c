"""The ontology files, the closed namespace in graph/vocab.py and the SHACL shapes."""

from __future__ import annotations

import doctest
import re
import unicodedata
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

import graph.vocab
from graph import vocab
from graph.ontology import ontology_graph, processes, shapes_graph, validate
from graph.resources import ontology_file
from graph.vocab import (
    DCTERMS,
    FOAF,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    SAMV,
    SGR,
    SID,
    SKOS,
    SPROC,
    bind_prefixes,
    sparql_prefixes,
)

DOCS = Path(__file__).resolve().parent.parent / "docs" / "graph-shape.md"

SEED_PROCESSES = {
    "meroppet": "meröppet",
    "lasframjande": "läsfrämjande",
    "biblioteksplaner": "biblioteksplaner",
    "regionalt-mediesamarbete": "regionalt mediesamarbete",
    "folkbiblioteken-som-kulturhus": "Folkbiblioteken som kulturhus",
}

# One post as rdf.py writes it (docs/graph-shape.md), with fictional people in Höganäs.
GOOD_POST = """
@prefix samv: <https://w3id.org/samverkan/ontology#> .
@prefix sid: <https://w3id.org/samverkan/id/> .
@prefix sproc: <https://w3id.org/samverkan/process/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

sid:post\\/ab12 a schema:BlogPosting, samv:Post ;
    dcterms:title "Bibliotekschefsinternat i Mölle 18-19/9" ;
    dcterms:date "2014-10-08"^^xsd:date ;
    schema:mentions sid:person\\/karin-lindqvist, sid:kommun\\/1284 ;
    dcterms:subject sproc:meroppet .

sid:person\\/karin-lindqvist a foaf:Person, samv:Person ;
    foaf:name "Karin Lindqvist" ; rdfs:label "Karin Lindqvist" ;
    org:memberOf sid:kommun\\/1284 .

sid:person\\/johan-ekberg a foaf:Person, samv:Person ;
    foaf:name "Johan Ekberg" ; rdfs:label "Johan Ekberg" .

sid:kommun\\/1284 a org:Organization, samv:Municipality ;
    rdfs:label "Höganäs kommun" ; dcterms:identifier "1284" ; samv:county sid:lan\\/12 .
sid:lan\\/12 a samv:County ; rdfs:label "Skåne län" ; samv:countyCode "12" .
sid:org\\/malmo-hogskola a org:Organization, samv:University ;
    rdfs:label "Malmö högskola" ; schema:location sid:kommun\\/1280 .

sid:role\\/bibliotekschef a org:Role, samv:Role ; rdfs:label "bibliotekschef"@sv .
sid:membership\\/9f a org:Membership ;
    org:member sid:person\\/karin-lindqvist ; org:organization sid:kommun\\/1284 ;
    org:role sid:role\\/bibliotekschef .

sid:event\\/bibliotekschefsinternat-i-molle-2014-09-18 a schema:Event, samv:Internat ;
    schema:name "Bibliotekschefsinternat i Mölle" ;
    schema:startDate "2014-09-18"^^xsd:date ; schema:endDate "2014-09-19"^^xsd:date ;
    samv:speaker sid:person\\/johan-ekberg ;
    samv:participant sid:person\\/karin-lindqvist .

sproc:meroppet a skos:Concept, samv:Process ; skos:inScheme sproc:scheme ;
    skos:prefLabel "meröppet"@sv .

sid:evidence\\/77 a samv:Evidence ;
    rdf:subject sid:person\\/karin-lindqvist ; rdf:predicate org:memberOf ;
    rdf:object sid:kommun\\/1284 ;
    prov:wasDerivedFrom sid:post\\/ab12 ;
    samv:sentence sid:post\\/ab12\\/sentence\\/11 ;
    samv:charStart 1502 ; samv:charEnd 1540 ; samv:rule "role-before-name" ;
    samv:confidence 0.9 .
sid:post\\/ab12\\/sentence\\/11 a samv:Sentence ;
    samv:text "Hemmakommunen Höganäs representerades av bibliotekschefen Karin Lindqvist." ;
    samv:index 11 ; dcterms:isPartOf sid:post\\/ab12 .
"""

KOMMUN = SID["kommun/1284"]
ROLE = SID["role/bibliotekschef"]
PERSON = SID["person/karin-lindqvist"]
EVENT = SID["event/bibliotekschefsinternat-i-molle-2014-09-18"]
POST = SID["post/ab12"]


def slug(text: str) -> str:
    """The slug rule of docs/graph-shape.md."""
    text = text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def samv_terms_declared(graph: Graph) -> set[URIRef]:
    kinds = {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
    }
    return {
        s
        for kind in kinds
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and s.startswith(str(SAMV))
    }


def vocab_terms() -> set[URIRef]:
    return set(dir(SAMV))


@pytest.fixture()
def good() -> Graph:
    return Graph().parse(data=GOOD_POST, format="turtle")


@pytest.fixture(scope="module")
def samverkan() -> Graph:
    return Graph().parse(ontology_file("samverkan.ttl"), format="turtle")


# The Turtle files


@pytest.mark.parametrize("name", ["samverkan.ttl", "processes.ttl", "shapes.ttl"])
def test_turtle_file_parses(name: str) -> None:
    graph = Graph().parse(ontology_file(name), format="turtle")
    assert len(graph) > 50


def test_ontology_is_declared_with_its_iri(samverkan: Graph) -> None:
    ontology = URIRef("https://w3id.org/samverkan/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in samverkan


def test_ontology_graph_holds_the_ontology_and_the_process_scheme() -> None:
    graph = ontology_graph()
    assert (SAMV.Post, RDFS.subClassOf, vocab.SDO.BlogPosting) in graph
    assert (SPROC.meroppet, SKOS.inScheme, SPROC.scheme) in graph
    assert (SPROC.scheme, RDF.type, SKOS.ConceptScheme) in graph


# vocab.py against samverkan.ttl


def test_every_vocab_term_is_declared_in_the_ontology(samverkan: Graph) -> None:
    missing = vocab_terms() - samv_terms_declared(samverkan)
    assert not missing, f"in vocab.py but not declared in samverkan.ttl: {sorted(missing)}"


def test_every_ontology_term_is_in_vocab(samverkan: Graph) -> None:
    missing = samv_terms_declared(samverkan) - vocab_terms()
    assert not missing, f"declared in samverkan.ttl but not in vocab.py: {sorted(missing)}"


def test_every_term_has_a_swedish_and_an_english_label_and_a_comment(samverkan: Graph) -> None:
    for term in vocab_terms():
        labels = {lit.language for lit in samverkan.objects(term, RDFS.label)}
        comments = {lit.language for lit in samverkan.objects(term, RDFS.comment)}
        assert {"sv", "en"} <= labels, term
        assert "en" in comments, term


def test_every_samv_term_in_the_graph_shape_doc_exists() -> None:
    used = set(re.findall(r"\bsamv:([A-Za-z]+)", DOCS.read_text(encoding="utf-8")))
    assert used, "docs/graph-shape.md names no samv: terms"
    unknown = {name for name in used if name not in SAMV}
    assert not unknown, f"docs/graph-shape.md uses undeclared terms: {sorted(unknown)}"


def test_misspelt_term_raises() -> None:
    with pytest.raises(AttributeError, match="speakr"):
        _ = SAMV.speakr
    with pytest.raises(AttributeError):
        _ = SAMV["Municipalty"]


def test_terms_are_iris_in_the_ontology_namespace() -> None:
    assert SAMV.speaker == URIRef("https://w3id.org/samverkan/ontology#speaker")
    assert SID["kommun/1284"] == URIRef("https://w3id.org/samverkan/id/kommun/1284")
    assert SGR["reference"] == URIRef("https://w3id.org/samverkan/graph/reference")
    assert SPROC.meroppet == URIRef("https://w3id.org/samverkan/process/meroppet")


def test_schema_org_is_https() -> None:
    assert vocab.SDO.Event == URIRef("https://schema.org/Event")
    assert PREFIXES["schema"] == "https://schema.org/"


def test_alignments_to_standard_vocabularies(samverkan: Graph) -> None:
    assert (SAMV.Municipality, RDFS.subClassOf, vocab.SDO.AdministrativeArea) in samverkan
    assert (SAMV.Person, RDFS.subClassOf, FOAF.Person) in samverkan
    assert (SAMV.Evidence, RDFS.subClassOf, RDF.Statement) in samverkan
    assert (SAMV.speaker, RDFS.subPropertyOf, vocab.SDO.performer) in samverkan
    assert (SAMV.participant, RDFS.subPropertyOf, vocab.SDO.attendee) in samverkan
    # countyCode must not become a dcterms:identifier under inference
    assert (SAMV.countyCode, RDFS.subPropertyOf, DCTERMS.identifier) not in samverkan


def test_vocab_doctests_pass() -> None:
    result = doctest.testmod(graph.vocab)
    assert result.attempted > 0 and result.failed == 0


# Prefixes


def test_sparql_prefixes_let_a_query_use_the_short_names(good: Graph) -> None:
    query = sparql_prefixes() + "SELECT ?name WHERE { ?e a samv:Internat ; schema:name ?name }"
    names = [str(row[0]) for row in good.query(query)]
    assert names == ["Bibliotekschefsinternat i Mölle"]


def test_bind_prefixes_writes_turtle_with_the_project_prefixes(good: Graph) -> None:
    text = bind_prefixes(Graph()).__iadd__(good).serialize(format="turtle")
    assert "@prefix schema: <https://schema.org/> ." in text
    assert "@prefix samv: <https://w3id.org/samverkan/ontology#> ." in text
    assert "samv:Internat" in text


# The process scheme


def test_seed_processes_have_their_swedish_pref_labels() -> None:
    found = {c.slug: c.pref_label_sv for c in processes()}
    for key, label in SEED_PROCESSES.items():
        assert found.get(key) == label


def test_every_process_is_a_concept_in_the_scheme_with_labels_and_definition() -> None:
    graph = Graph().parse(ontology_file("processes.ttl"), format="turtle")
    for concept in processes():
        assert (concept.iri, RDF.type, SKOS.Concept) in graph
        assert (concept.iri, RDF.type, SAMV.Process) in graph
        assert concept.pref_label_en, concept.slug
        assert concept.alt_labels_sv, concept.slug
        definitions = {d.language for d in graph.objects(concept.iri, SKOS.definition)}
        assert "sv" in definitions, concept.slug


def test_process_slug_is_the_slug_of_its_swedish_label() -> None:
    for concept in processes():
        assert concept.slug == slug(concept.pref_label_sv)


def test_process_labels_include_the_forms_people_write() -> None:
    by_slug = {c.slug: c for c in processes()}
    assert {"meröppna bibliotek", "obemannade öppettider"} <= set(by_slug["meroppet"].labels_sv)
    assert "biblioteksplanen" in by_slug["biblioteksplaner"].alt_labels_sv
    assert "läsfrämjande insatser" in by_slug["lasframjande"].alt_labels_sv
    assert "gemensam mediaförsörjning" in by_slug["regionalt-mediesamarbete"].alt_labels_sv


def test_no_label_names_two_processes() -> None:
    seen: dict[str, str] = {}
    for concept in processes():
        for label in concept.labels_sv:
            key = label.lower()
            assert key not in seen, f"{label!r} names both {seen[key]} and {concept.slug}"
            seen[key] = concept.slug


# The shapes


def problems_of(graph: Graph) -> list[str]:
    return validate(graph).messages()


def test_shapes_graph_declares_node_shapes() -> None:
    shapes = shapes_graph()
    sh = "http://www.w3.org/ns/shacl#"
    assert len(set(shapes.subjects(RDF.type, URIRef(sh + "NodeShape")))) >= 10


def test_good_post_conforms(good: Graph) -> None:
    report = validate(good)
    assert report.conforms, report.messages()
    assert report.problems == []


def test_kommunkod_of_three_digits_fails(good: Graph) -> None:
    good.set((KOMMUN, DCTERMS.identifier, Literal("128")))
    report = validate(good)
    assert not report.conforms
    [problem] = report.problems
    assert problem.focus == KOMMUN
    assert problem.path == "dcterms:identifier"
    assert "kommunkod of four digits" in problem.message
    assert "fyra siffror" in problem.message_sv


def test_capitalised_role_label_fails(good: Graph) -> None:
    good.set((ROLE, RDFS.label, Literal("Bibliotekschef", lang="sv")))
    report = validate(good)
    assert not report.conforms
    [problem] = report.problems
    assert problem.focus == ROLE
    assert "lower case" in problem.message
    assert "små bokstäver" in problem.message_sv


def test_one_word_person_name_fails(good: Graph) -> None:
    good.set((PERSON, FOAF.name, Literal("Karin")))
    report = validate(good)
    assert not report.conforms
    [problem] = report.problems
    assert problem.focus == PERSON
    assert problem.message == "A person's name must have both a first and a last name."
    assert "förnamn och efternamn" in problem.message_sv


def test_event_ending_before_it_starts_fails(good: Graph) -> None:
    good.set((EVENT, vocab.SDO.endDate, Literal("2014-09-17", datatype=vocab.XSD.date)))
    report = validate(good)
    assert not report.conforms
    [problem] = report.problems
    assert problem.focus == EVENT
    assert problem.message == "The event ends (2014-09-17) before it starts (2014-09-18)."
    assert problem.message_sv == "Evenemanget slutar (2014-09-17) innan det börjar (2014-09-18)."


def test_identifier_on_something_other_than_a_municipality_fails(good: Graph) -> None:
    good.add((POST, DCTERMS.identifier, Literal("ab12")))
    report = validate(good)
    assert not report.conforms
    assert [p.focus for p in report.problems] == [POST]
    assert "Only a municipality" in report.problems[0].message


def test_evidence_without_its_post_fails(good: Graph) -> None:
    good.remove((SID["evidence/77"], None, POST))
    report = validate(good)
    assert not report.conforms
    assert report.messages("sv") == ["Varje uppgift ska hänvisa till det inlägg den hämtats ur."]


def test_municipality_typed_only_samv_fails_because_nothing_is_inferred(good: Graph) -> None:
    good.remove((KOMMUN, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")))
    assert "An organisation must also be typed org:Organization." in problems_of(good)


def test_event_without_a_date_is_a_warning_not_an_error(good: Graph) -> None:
    good.remove((EVENT, vocab.SDO.startDate, None))
    good.remove((EVENT, vocab.SDO.endDate, None))
    report = validate(good)
    assert report.conforms
    [problem] = report.problems
    assert problem.severity == "Warning"
    assert problem.message_sv == "Evenemanget saknar startdatum."


def test_dataset_is_checked_as_the_union_of_its_graphs(good: Graph) -> None:
    dataset = Dataset()
    post_graph = dataset.graph(SGR["post/ab12"])
    reference = dataset.graph(SGR["reference"])
    for triple in good:
        (reference if triple[0] in (KOMMUN, SID["lan/12"]) else post_graph).add(triple)
    report = validate(dataset)
    assert report.conforms, report.messages()
    assert dataset.default_union is False


def test_missing_standard_type_is_caught_even_with_the_ontology_in_the_data(good: Graph) -> None:
    # the store's union holds the ontology, whose subclass axioms must not stand in for
    # the org:Organization the contract asks to be stated
    good.remove((KOMMUN, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")))
    good += ontology_graph()
    report = validate(good)
    assert not report.conforms
    assert [p.focus for p in report.problems] == [KOMMUN]
    assert report.messages("sv") == ["En organisation måste också ha typen org:Organization."]


def test_reference_graph_of_ontology_and_processes_conforms() -> None:
    report = validate(ontology_graph())
    assert report.conforms, report.messages()
    assert report.problems == []


def test_the_namespaces_are_the_ones_of_the_prefix_table():
    from graph import vocab
    from graph.prefixes import PREFIXES

    assert str(vocab.SAMV) == PREFIXES["samv"]
    assert str(vocab.SDO) == PREFIXES["schema"]
    assert str(vocab.SID) == PREFIXES["sid"]
    assert str(vocab.SGR) == PREFIXES["sgr"]
    assert str(vocab.SPROC) == PREFIXES["sproc"]
    assert str(vocab.DCTERMS) == PREFIXES["dcterms"]
