"""graph/network.py: the network of three Skåne posts, its filters, views and measures."""

from __future__ import annotations

import datetime as dt
import doctest

import networkx as nx
import pytest
from network_store import skane_store

import graph.network as network
from graph.network import brokers, collaboration_graph, communities, ego, find_nodes, project

SID = "https://w3id.org/samverkan/id/"
SPROC = "https://w3id.org/samverkan/process/"
POST_A = SID + "post/a1b2c3d4e5f60718"
POST_B = SID + "post/b2c3d4e5f6071829"
POST_C = SID + "post/c3d4e5f607182930"

LENA, JONAS = SID + "person/lena-sjoholm", SID + "person/jonas-berg"
PER, SOFIA = SID + "person/per-lindahl", SID + "person/sofia-wallin"
ANDERS, MARIA = SID + "person/anders-nystrom", SID + "person/maria-holm"
HOGANAS_BIB, LUNDS_BIB = SID + "org/hoganas-bibliotek", SID + "org/lunds-stadsbibliotek"
MALMO_SB, MAH = SID + "org/malmo-stadsbibliotek", SID + "org/malmo-hogskola"
KULTUR = SID + "org/kultur-skane"
MALMO, LUND, HOGANAS = SID + "kommun/1280", SID + "kommun/1281", SID + "kommun/1284"
KRISTIANSTAD, HASSLEHOLM = SID + "kommun/1290", SID + "kommun/1293"
MOLLE, AHUS = SID + "ort/1284-molle", SID + "ort/1290-ahus"
INTERNAT = SID + "event/bibliotekschefsinternat-i-molle-2014-09-18"
STUDIEBESOK = SID + "event/studiebesok-i-lund-2015-03-05"
LASDAG = SID + "event/lasframjandedag-i-ahus-2016-05-18"
MEROPPET, PLANER, LASFRAMJANDE = (
    SPROC + "meroppet",
    SPROC + "biblioteksplaner",
    SPROC + "lasframjande",
)


@pytest.fixture(scope="module")
def G() -> nx.Graph:
    return collaboration_graph(skane_store())


def edge_set(G: nx.Graph) -> set[tuple[str, str, str, int]]:
    return unordered((u, v, d["kind"], d["weight"]) for u, v, d in G.edges(data=True))


def unordered(edges) -> set[tuple[str, str, str, int]]:
    return {(*sorted((u, v)), kind, weight) for u, v, kind, weight in edges}


def test_nodes_are_the_people_organisations_places_events_and_processes_of_the_posts(G):
    by_type: dict[str, set[str]] = {}
    for node, kind in G.nodes(data="type"):
        by_type.setdefault(kind, set()).add(node)
    assert by_type == {
        "person": {LENA, JONAS, PER, SOFIA, ANDERS, MARIA},
        "organisation": {HOGANAS_BIB, LUNDS_BIB, MALMO_SB, MAH, KULTUR},
        "municipality": {MALMO, LUND, HOGANAS, KRISTIANSTAD, HASSLEHOLM},
        "locality": {MOLLE, AHUS},
        "event": {INTERNAT, STUDIEBESOK, LASDAG},
        "process": {MEROPPET, PLANER, LASFRAMJANDE},
    }
    # Limhamn is in the reference data, but no post mentions it.
    assert SID + "ort/1280-limhamn" not in G


def test_node_attributes_come_from_the_store(G):
    assert G.nodes[LENA]["label"] == "Lena Sjöholm"
    assert G.nodes[LENA]["municipality"] == HOGANAS
    assert G.nodes[LENA]["years"] == {2014, 2015}
    assert G.nodes[LENA]["weight"] == 2
    assert G.nodes[MEROPPET]["label"] == "meröppet"  # the Swedish prefLabel, not the English
    assert G.nodes[HOGANAS]["label"] == "Höganäs kommun"
    assert (G.nodes[HOGANAS]["lat"], G.nodes[HOGANAS]["lon"]) == (56.1996, 12.5577)
    assert (G.nodes[MOLLE]["lat"], G.nodes[MOLLE]["lon"]) == (56.283, 12.496)
    # Åhus has no coordinates of its own and borrows Kristianstad's.
    assert (G.nodes[AHUS]["lat"], G.nodes[AHUS]["lon"]) == (56.0294, 14.1567)
    assert G.nodes[INTERNAT]["municipality"] == HOGANAS  # held in Mölle, in Höganäs
    assert G.nodes[MARIA]["municipality"] == HASSLEHOLM  # through Kultur Skåne
    assert "lat" not in G.nodes[LENA]


ANNA = SID + "person/anna-ek"
_ANNA_POSTS = """
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sid: <https://w3id.org/samverkan/id/> .
@prefix sgr: <https://w3id.org/samverkan/graph/> .
""" + "".join(
    f"""
sgr:post\\/d{n} {{
    sid:post\\/d{n} a schema:BlogPosting ; dcterms:date "2017-0{n}-01"^^xsd:date ;
        schema:mentions sid:person\\/anna-ek, {where} .
    sid:person\\/anna-ek a foaf:Person ; foaf:name "Anna Ek" ; org:memberOf {where} .
}}"""
    for n, where in (
        (1, "sid:org\\/lunds-stadsbibliotek"),
        (2, "sid:org\\/lunds-stadsbibliotek"),
        (3, "sid:kommun\\/1280"),
    )
)


def test_a_person_belongs_mostly_to_the_municipality_most_posts_tie_them_to():
    # Anna works at Lunds stadsbibliotek (two posts) and once sat on a Malmö board (one):
    # Lund, reached through her library, outweighs Malmö, whichever node was described first.
    store = skane_store()
    store.load_text(_ANNA_POSTS)
    G = collaboration_graph(store)
    assert G.nodes[ANNA]["municipalities"] == [MALMO, LUND]
    assert G.nodes[ANNA]["municipality"] == LUND


def test_mentions_carry_the_post_and_the_sentence(G):
    assert G.nodes[LENA]["mentions"] == [
        {
            "post": POST_A,
            "title": "Bibliotekschefsinternat i Mölle 18-19/9",
            "date": dt.date(2014, 10, 8),
            "url": "https://regionbibliotek.example/2014/10/bibliotekschefsinternat-i-molle.html",
            "sentence": "Hemmakommunen Höganäs representerades av kommunstyrelsens ordförande "
            "Jonas Berg och bibliotekschefen Lena Sjöholm.",
        },
        {
            "post": POST_B,
            "title": "Meröppet i Höganäs och Lund",
            "date": dt.date(2015, 3, 12),
            "url": "https://regionbibliotek.example/2015/03/meroppet-i-hoganas-och-lund.html",
            "sentence": "Bibliotekschefen Lena Sjöholm besökte Lunds stadsbibliotek för att se "
            "hur meröppet fungerar.",
        },
    ]
    assert G.nodes[MALMO]["mentions"] == []  # reached through its library, never named


def test_every_edge_kind_and_weight(G):
    assert edge_set(G) == unordered(
        {
            # role (person–organisation with org:Membership), affiliation (org:memberOf only)
            (JONAS, HOGANAS, "role", 1),
            (HOGANAS_BIB, LENA, "role", 2),
            (ANDERS, LUNDS_BIB, "role", 1),
            (KULTUR, MARIA, "role", 1),
            (MAH, PER, "affiliation", 1),
            (MALMO_SB, SOFIA, "affiliation", 2),
            # home: an organisation and its municipality
            (HOGANAS_BIB, HOGANAS, "home", 2),
            (LUNDS_BIB, LUND, "home", 1),
            (MALMO_SB, MALMO, "home", 2),
            (MAH, MALMO, "home", 1),
            (KULTUR, HASSLEHOLM, "home", 2),
            # speakers and participants
            (INTERNAT, PER, "speaker", 1),
            (INTERNAT, SOFIA, "speaker", 1),
            (LASDAG, SOFIA, "speaker", 1),
            (INTERNAT, JONAS, "participant", 1),
            (INTERNAT, LENA, "participant", 1),
            (INTERNAT, KULTUR, "participant", 1),
            (LENA, STUDIEBESOK, "participant", 1),
            (ANDERS, STUDIEBESOK, "participant", 1),
            (LASDAG, MARIA, "participant", 1),
            # person–person: the Höganäs delegation, and everyone else at the same event
            (JONAS, LENA, "delegation", 1),
            (JONAS, PER, "same_event", 1),
            (JONAS, SOFIA, "same_event", 1),
            (LENA, PER, "same_event", 1),
            (LENA, SOFIA, "same_event", 1),
            (PER, SOFIA, "same_event", 1),
            (ANDERS, LENA, "same_event", 1),
            (MARIA, SOFIA, "same_event", 1),
            # location: event -> place, locality -> municipality (reference data)
            (INTERNAT, MOLLE, "location", 1),
            (LUND, STUDIEBESOK, "location", 1),
            (AHUS, LASDAG, "location", 1),
            (HOGANAS, MOLLE, "location", 1),
            (AHUS, KRISTIANSTAD, "location", 1),
            # process: the post's subject -> the people and organisations it mentions
            *{
                (*sorted((PLANER, n)), "process", 1)
                for n in (PER, SOFIA, JONAS, LENA, MAH, MALMO_SB, KULTUR, HOGANAS_BIB, HOGANAS)
            },
            *{
                (*sorted((MEROPPET, n)), "process", 1)
                for n in (LENA, ANDERS, HOGANAS_BIB, LUNDS_BIB, HOGANAS, LUND)
            },
            *{
                (*sorted((LASFRAMJANDE, n)), "process", 1)
                for n in (SOFIA, MARIA, KULTUR, MALMO_SB, KRISTIANSTAD)
            },
        }
    )


def test_a_role_edge_names_the_role_and_keeps_one_evidence_per_post(G):
    edge = G.edges[LENA, HOGANAS_BIB]
    assert edge["kinds"] == ["role", "affiliation"]
    assert edge["roles"] == ["bibliotekschef"]
    assert [(e["post"], e["date"]) for e in edge["evidence"]] == [
        (POST_A, dt.date(2014, 10, 8)),
        (POST_B, dt.date(2015, 3, 12)),
    ]
    assert edge["evidence"][1]["sentence"].startswith("Bibliotekschefen Lena Sjöholm besökte")
    assert G.edges[JONAS, HOGANAS]["roles"] == ["kommunstyrelsens ordförande"]
    assert G.edges[JONAS, LENA]["kinds"] == ["delegation", "same_event"]
    assert G.edges[JONAS, LENA]["via"] == [SID + "delegation/a03", INTERNAT]
    assert G.edges[HOGANAS, MOLLE]["evidence"] == []  # geography is not a post's claim


def test_the_graph_is_built_from_a_handful_of_selects():
    store = skane_store()
    collaboration_graph(store)
    assert all(q.lstrip().startswith("PREFIX") and "SELECT" in q for q in store.queries)
    # one per relation (two for the process relation: a post's processes, what it mentions),
    # one per way a node belongs to a municipality, one for the evidence of them all, five more
    relations = len(network.RELATIONS) + 1
    assert len(store.queries) <= relations + len(network._MUNICIPALITY_OF) + 6


def test_since_keeps_only_later_posts():
    G = collaboration_graph(skane_store(), since="2015-01-01")
    assert {PER, JONAS, INTERNAT, MOLLE, PLANER}.isdisjoint(G)
    assert G.edges[LENA, HOGANAS_BIB]["weight"] == 1  # only post b is left
    assert G.nodes[LENA]["years"] == {2015}
    assert G.graph["filters"]["since"] == dt.date(2015, 1, 1)


def test_until_keeps_only_earlier_posts():
    G = collaboration_graph(skane_store(), until=dt.date(2014, 12, 31))
    assert {d["date"] for _, _, d in _evidence(G)} == {dt.date(2014, 10, 8)}
    assert ANDERS not in G and MARIA not in G


def _evidence(G):
    for u, v, d in G.edges(data=True):
        for entry in d["evidence"]:
            yield u, v, entry


def test_process_filter_keeps_the_posts_about_it_by_name_without_diacritics():
    G = collaboration_graph(skane_store(), process="meroppet")
    assert set(G) == {LENA, ANDERS, HOGANAS_BIB, LUNDS_BIB, HOGANAS, LUND, STUDIEBESOK, MEROPPET}
    assert edge_set(G) == unordered(
        {
            (HOGANAS_BIB, LENA, "role", 1),
            (ANDERS, LUNDS_BIB, "role", 1),
            (HOGANAS_BIB, HOGANAS, "home", 1),
            (LUNDS_BIB, LUND, "home", 1),
            (LENA, STUDIEBESOK, "participant", 1),
            (ANDERS, STUDIEBESOK, "participant", 1),
            (ANDERS, LENA, "same_event", 1),
            (LUND, STUDIEBESOK, "location", 1),
            *{
                (*sorted((MEROPPET, n)), "process", 1)
                for n in (LENA, ANDERS, HOGANAS_BIB, LUNDS_BIB, HOGANAS, LUND)
            },
        }
    )
    assert G.graph["filters"]["process"] == MEROPPET


def test_municipality_filter_keeps_posts_mentioning_it_or_anything_in_it():
    G = collaboration_graph(skane_store(), municipality="Höganäs")
    assert {e["post"] for _, _, e in _evidence(G)} == {POST_A, POST_B}
    assert MARIA not in G and LASDAG not in G
    by_code = collaboration_graph(skane_store(), municipality="1290")
    assert {e["post"] for _, _, e in _evidence(by_code)} == {POST_C}


def test_filters_that_name_nothing_say_so_in_one_line():
    with pytest.raises(ValueError, match="no process in the graph is called 'stickning'"):
        collaboration_graph(skane_store(), process="stickning")
    with pytest.raises(ValueError, match="no kommun in the graph is called 'Gotham'"):
        collaboration_graph(skane_store(), municipality="Gotham")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        collaboration_graph(skane_store(), since="förra året")


def test_people_projection_counts_shared_events_organisations_and_delegations(G):
    P = project(G, "people")
    assert set(P) == {LENA, JONAS, PER, SOFIA, ANDERS, MARIA}
    assert all(P.nodes[n]["type"] == "person" for n in P)
    # Jonas and Lena: the internat and the Höganäs delegation
    assert P.edges[JONAS, LENA]["weight"] == 2
    assert P.edges[JONAS, LENA]["via"] == [SID + "delegation/a03", INTERNAT]
    assert P.edges[ANDERS, LENA]["via"] == [STUDIEBESOK]
    assert P.edges[MARIA, SOFIA]["via"] == [LASDAG]
    assert not P.has_edge(ANDERS, MARIA)


def test_organisation_projection_joins_by_shared_people_events_and_processes(G):
    P = project(G, "organisations")
    assert {P.nodes[n]["type"] for n in P} == {"organisation", "municipality"}
    # Höganäs bibliotek and Lunds stadsbibliotek share meröppet (and nothing else)
    assert P.edges[HOGANAS_BIB, LUNDS_BIB]["via"] == [MEROPPET]
    assert P.edges[HOGANAS_BIB, HOGANAS]["weight"] == 3  # home edge, biblioteksplaner, meröppet


def test_municipality_projection_links_municipalities_through_what_ties_them(G):
    P = project(G, "municipalities")
    assert set(P) == {MALMO, LUND, HOGANAS, KRISTIANSTAD, HASSLEHOLM}
    # Lena of Höganäs visited Lund, met Anders there; both work on meröppet
    assert P.edges[HOGANAS, LUND]["via"] == [STUDIEBESOK, ANDERS, LENA, MEROPPET]
    assert not P.has_edge(LUND, KRISTIANSTAD)
    assert project(G, "all").edges == G.edges


def test_projection_of_an_unknown_kind_is_refused(G):
    with pytest.raises(ValueError, match="people, organisations, municipalities, all"):
        project(G, "kommuner")


def test_ego_keeps_what_is_within_reach(G):
    E = ego(G, STUDIEBESOK, 1)
    assert set(E) == {STUDIEBESOK, LENA, ANDERS, LUND}
    assert E.nodes[LENA]["label"] == "Lena Sjöholm"
    E.nodes[LENA]["label"] = "changed"
    assert G.nodes[LENA]["label"] == "Lena Sjöholm"  # a copy, not a view
    assert len(ego(G, STUDIEBESOK, 2)) > len(E)
    with pytest.raises(ValueError, match="not in the graph"):
        ego(G, "nobody", 1)


def test_find_nodes_forgives_case_and_diacritics(G):
    assert find_nodes(G, "hoganas") == [HOGANAS, HOGANAS_BIB]  # "Höganäs" names the kommun
    assert find_nodes(G, "HÖGANÄS KOMMUN") == [HOGANAS]
    assert find_nodes(G, "sjoholm") == [LENA]
    assert find_nodes(G, "meroppet") == [MEROPPET]
    assert find_nodes(G, "") == []
    assert find_nodes(G, "Gotham") == []


def test_brokers_on_a_small_named_graph():
    # Two teams that only Karin links: the Lund people and the Ystad people.
    G = nx.Graph()
    people = ["anna", "bo", "karin", "david", "eva"]
    G.add_nodes_from(people, type="person")
    G.add_node("mote", type="event")
    G.add_edges_from([("anna", "mote"), ("bo", "mote"), ("karin", "mote")], kind="participant")
    G.add_edges_from([("karin", "david"), ("karin", "eva"), ("david", "eva")], kind="same_event")
    before = nx.to_dict_of_dicts(G)
    scores = brokers(G)
    assert set(scores) == set(people)
    assert max(scores, key=scores.get) == "karin"
    assert scores["karin"] == pytest.approx(2 / 3)  # 4 of the 6 pairs not involving her
    assert scores["anna"] == scores["david"] == 0.0
    assert nx.to_dict_of_dicts(G) == before


def test_brokers_on_the_posts(G):
    scores = brokers(G)
    # Lena is the only tie between the Lund visit and the Mölle internat.
    assert max(scores, key=scores.get) == LENA


def test_communities_are_deterministic_and_split_the_bridge():
    G = nx.barbell_graph(4, 1)
    first = communities(G, seed=3)
    assert first == communities(G, seed=3)
    assert {0, 1, 2, 3} in first or {0, 1, 2, 3, 4} in first
    assert sum(len(c) for c in first) == len(G)


def test_communities_of_the_posts_cover_every_node(G):
    found = communities(G)
    assert set().union(*found) == set(G)
    assert len(found) >= 2


def test_doctests():
    assert doctest.testmod(network, raise_on_error=False).failed == 0
