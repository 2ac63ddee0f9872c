"""The seed post, end to end: every fact the foundation issue names, asked with the contract's
standard terms only (as another tool reading our export would ask)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from graph.pipeline import analyse
from graph.rdf import post_graph
from graph.read import read_paths
from graph.reference import full_reference_graph
from graph.vocab import sparql_prefixes

SEED = Path(__file__).resolve().parent.parent / "data" / "posts"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def doc():
    (post,) = list(read_paths([SEED / "2014-10-08-bibliotekschefsinternat-i-molle.txt"]))
    return analyse(post)


@pytest.fixture(scope="module")
def graph(doc) -> Graph:
    _, triples = post_graph(doc)
    union = triples.graph()
    for triple in full_reference_graph():
        union.add(triple)
    return union


def ask(graph: Graph, where: str) -> bool:
    return bool(graph.query(sparql_prefixes() + f"ASK {{ {where} }}").askAnswer)


def select(graph: Graph, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(v) for v in row) for row in graph.query(sparql_prefixes() + query)}


def test_the_seed_names_exactly_its_six_people(graph):
    names = select(graph, "SELECT ?n WHERE { ?p a foaf:Person ; foaf:name ?n ; rdfs:label ?n }")
    assert names == {
        ("Per-Anders Hillgren",),
        ("Stefan Wahlstedt",),
        ("Peter Kovacs",),
        ("Anneli Sjöborg",),
        ("Terese Blandford",),
        ("Antonio Prgomet",),
    }


def test_stefans_is_stefan_wahlstedt(doc):
    stefans = [m for m in doc.mentions if m.kind == "person" and m.text == "Stefans"]
    assert [m.key for m in stefans] == ["https://w3id.org/samverkan/id/person/stefan-wahlstedt"]


def test_hillgren_is_a_member_of_malmo_hogskola(graph):
    assert ask(
        graph,
        """?p foaf:name "Per-Anders Hillgren" ; org:memberOf ?o .
                         ?o a org:Organization ; rdfs:label "Malmö högskola" .""",
    )


def test_malmo_hogskola_is_located_in_malmo(graph):
    assert ask(
        graph,
        """?o rdfs:label "Malmö högskola" ; schema:location ?m .
                         ?m dcterms:identifier "1280" .""",
    )


def test_wahlstedt_is_a_member_of_malmo_stadsbibliotek(graph):
    assert ask(
        graph,
        """?p foaf:name "Stefan Wahlstedt" ; org:memberOf ?o .
                         ?o a org:Organization ; rdfs:label "Malmö stadsbibliotek" .""",
    )


def test_malmo_stadsbibliotek_belongs_to_malmo(graph):
    assert ask(
        graph,
        """?o rdfs:label "Malmö stadsbibliotek" ; org:subOrganizationOf ?m .
                         ?m dcterms:identifier "1280" .""",
    )


ROLE_IN_HOGANAS = """
    ?m a org:Membership ; org:member ?p ; org:role ?r ; org:organization ?o .
    ?p foaf:name "{name}" .
    ?r a org:Role ; rdfs:label "{role}"@sv .
    ?o (org:subOrganizationOf)* ?k . ?k dcterms:identifier "1284" .
"""


def test_kovacs_is_kommunstyrelsens_ordforande_in_hoganas(graph):
    assert ask(
        graph, ROLE_IN_HOGANAS.format(name="Peter Kovacs", role="kommunstyrelsens ordförande")
    )


def test_sjoborg_is_kultur_och_fritidschef_in_hoganas(graph):
    assert ask(graph, ROLE_IN_HOGANAS.format(name="Anneli Sjöborg", role="kultur- och fritidschef"))


def test_blandford_is_bibliotekschef_in_hoganas(graph):
    assert ask(graph, ROLE_IN_HOGANAS.format(name="Terese Blandford", role="bibliotekschef"))


def test_prgomet_is_tied_to_hoganas(graph):
    assert ask(
        graph,
        """?p foaf:name "Antonio Prgomet" ; org:memberOf ?o .
                         ?o (org:subOrganizationOf)* ?k . ?k dcterms:identifier "1284" .""",
    )


def test_kultur_skane_is_an_organisation(graph):
    assert ask(graph, '?o a org:Organization ; rdfs:label "Kultur Skåne" .')


def test_molle_is_in_hoganas(graph):
    assert ask(
        graph,
        """?l rdfs:label "Mölle" ; schema:containedInPlace ?k .
                         ?k dcterms:identifier "1284" .""",
    )


def test_the_post_mentions_molle(graph):
    assert ask(graph, '?post a schema:BlogPosting ; schema:mentions ?l . ?l rdfs:label "Mölle" .')


def test_the_internat_is_an_event_on_18_and_19_september_2014(graph):
    assert ask(
        graph,
        """?e a schema:Event ; schema:name ?n ;
                            schema:startDate "2014-09-18"^^xsd:date ;
                            schema:endDate "2014-09-19"^^xsd:date ;
                            schema:location ?l . ?l rdfs:label "Mölle" .
                         FILTER(CONTAINS(LCASE(?n), "internat"))""",
    )


@pytest.mark.parametrize("speaker", ["Per-Anders Hillgren", "Stefan Wahlstedt"])
def test_both_speakers_are_linked_to_the_internat(graph, speaker):
    assert ask(
        graph,
        f"""?e a schema:Event ; schema:startDate "2014-09-18"^^xsd:date ;
                             samv:speaker ?p . ?p foaf:name "{speaker}" .""",
    )


def test_speaker_is_also_a_schema_performer_in_the_ontology(graph):
    assert ask(graph, "samv:speaker rdfs:subPropertyOf schema:performer .")


def test_the_next_meeting_is_on_28_november_2014_in_kristianstad(graph):
    assert ask(
        graph,
        """?e a schema:Event ; schema:startDate "2014-11-28"^^xsd:date ;
                            schema:endDate "2014-11-28"^^xsd:date ; schema:location ?k .
                         ?k dcterms:identifier "1290" .""",
    )


def test_the_five_processes_are_subjects_of_the_post(graph):
    labels = select(
        graph,
        """SELECT ?label WHERE {
        ?post a schema:BlogPosting ; dcterms:subject ?c .
        ?c a skos:Concept ; skos:inScheme ?scheme ; skos:prefLabel ?label .
        FILTER(LANG(?label) = "sv") }""",
    )
    assert labels == {
        ("Folkbiblioteken som kulturhus",),
        ("regionalt mediesamarbete",),
        ("biblioteksplaner",),
        ("meröppet",),
        ("läsfrämjande",),
    }


def test_the_post_has_its_date_and_title(graph):
    assert ask(
        graph,
        """?post a schema:BlogPosting ;
                            dcterms:title "Bibliotekschefsinternat i Mölle 18-19/9" ;
                            dcterms:date "2014-10-08"^^xsd:date .""",
    )


def test_every_membership_has_evidence_with_its_sentence(graph):
    rows = select(
        graph,
        """SELECT ?m ?text WHERE {
        ?m a org:Membership ; org:role ?r .
        ?ev rdf:subject ?m ; rdf:predicate org:role ; samv:sentence ?s ;
            prov:wasDerivedFrom ?post . ?s samv:text ?text }""",
    )
    assert len(rows) == 3
    assert all("representerades av" in text for _, text in rows)


def test_lilla_slottet_is_an_organisation_not_a_person(graph):
    assert ask(graph, '?o a org:Organization ; rdfs:label "Lilla slottet" .')
    assert not ask(graph, '?p a foaf:Person ; foaf:name "Lilla slottet" .')
