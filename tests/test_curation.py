"""graph/curation.py and graph/commands/curation.py: curation that lasts.

The store tests ingest realistic Swedish posts (invented people, real municipalities) through
the command line, curate them the way a regional developer would, and check the graph, the
answers of ``who`` and ``query``, the map, and that ingesting and rebuilding keep it all.
"""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import graph.curation as curation_module
from graph.commands import answers, posts
from graph.commands import curation as curation_commands
from graph.curation import (
    Curation,
    CurationError,
    Decision,
    HandFact,
    Merge,
    Rename,
    curation_graph,
    dump,
    load,
    role_periods,
    save,
)
from graph.store import open_store
from graph.vocab import SAMV

SID = "https://w3id.org/samverkan/id/"
HILLGREN = SID + "person/per-anders-hillgren"
PELLE = SID + "person/pelle-hillgren"
PIPPI = SID + "person/pippi-langstrump"

POST_INTERNAT = """onsdag 8 oktober 2014

Bibliotekschefsinternat i Mölle

I mitten av september träffades skånska bibliotekschefer i Mölle.
Inspirationen stod Per-Anders Hillgren från Malmö högskola för.

Hemmakommunen Höganäs representerades av bibliotekschefen Terese Blandford och Antonio Prgomet.
"""
POST_LASLUST = """tisdag 3 mars 2015

Läslust i Höganäs

Bibliotekschefen Terese Blandford i Höganäs berättade om sommarläsningen.
Barnen läste Pippi Långstrump med Antonio Prgomet från Höganäs bibliotek.

Pelle Hillgren från Malmö högskola höll i en workshop om designlabb.
"""
POST_DESIGN = """fredag 12 juni 2015

Designlabb i Lund

Pelle Hillgren från Malmö högskola visade designlabbet för Terese Blandford från Höganäs bibliotek.
"""
POST_UNIVERSITET = """måndag 5 mars 2018

Forskare besökte Höganäs

Linnea Holmqvist från Malmö högskola intervjuade bibliotekschefen Terese Blandford i Höganäs.
"""


@pytest.fixture()
def app() -> typer.Typer:
    app = typer.Typer()
    for module in (posts, answers, curation_commands):
        module.register(app)
    return app


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "posts").mkdir()
    return tmp_path


def write_post(folder: Path, name: str, text: str) -> Path:
    path = folder / "posts" / name
    path.write_text(text, encoding="utf-8")
    return path


def run(app, *args: str, input: str | None = None):
    result = CliRunner().invoke(app, [str(a) for a in args], input=input)
    assert result.exit_code == 0, result.output
    return result


def select(store_path: Path, sparql: str) -> list[dict]:
    with open_store(store_path) as store:
        return list(store.query(sparql))


def people(store_path: Path) -> set[str]:
    rows = select(store_path, "SELECT DISTINCT ?p WHERE { ?p a foaf:Person }")
    return {str(r["p"]) for r in rows}


# --- the file ---------------------------------------------------------------------------------


def test_the_file_round_trips_every_section(tmp_path):
    path = tmp_path / "curation.yaml"
    curation = load(path)
    assert curation.is_empty()
    curation.merges.append(
        Merge(into="person/per-anders-hillgren", merge=["person/pelle-hillgren"])
    )
    curation.renames.append(
        Rename(old="Malmö högskola", new="Malmö universitet", date=dt.date(2018, 1, 1), by="Jenny")
    )
    curation.facts.append(
        HandFact(
            subject="Jenny Åberg",
            relation="role",
            object="Kultur Skåne",
            role="biblioteksutvecklare",
            by="Lena Svensson",
            note="Ny tjänst från mars 2015",
        )
    )
    save(curation)
    text = path.read_text(encoding="utf-8")
    assert "Malmö universitet" in text and "date: 2018-01-01" in text
    again = load(path)
    assert again.merges == curation.merges
    assert again.renames == curation.renames
    assert again.facts == curation.facts
    assert dump(again) == text


@pytest.mark.parametrize(
    "text, message",
    [
        ("merges: [\n", "not valid YAML"),
        ("mergers: []\n", "unknown section 'mergers'"),
        ("merges:\n- merge: [person/x]\n", "merges #1: 'into' is missing"),
        ("renames:\n- old: A\n  new: B\n  date: 1 januari\n", "is not YYYY-MM-DD"),
        ("ignores:\n- name: Lilla slottet\n  kind: persson\n", "kind 'persson'"),
    ],
)
def test_a_bad_file_is_one_clear_line(tmp_path, text, message):
    path = tmp_path / "curation.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CurationError) as error:
        load(path)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_merges_follow_chains_and_stop_at_cycles():
    rules = Curation(
        merges=[
            Merge(into="person/a", merge=["person/b"]),
            Merge(into="person/b", merge=["person/c"]),
            Merge(into="person/x", merge=["person/y"]),
            Merge(into="person/y", merge=["person/x"]),
        ]
    ).rules()
    assert rules.canonical(SID + "person/c") == SID + "person/a"
    assert rules.canonical(SID + "person/x") in {SID + "person/x", SID + "person/y"}


def test_a_dated_rename_applies_from_its_date():
    rules = Curation(
        renames=[Rename(old="Malmö högskola", new="Malmö universitet", date=dt.date(2018, 1, 1))]
    ).rules()
    old, new = SID + "org/malmo-hogskola", SID + "org/malmo-universitet"
    assert rules.renamed(old, dt.date(2017, 12, 31)) == old
    assert rules.renamed(old, dt.date(2018, 1, 1)) == new


def test_hand_facts_go_to_the_curation_graph_marked_as_curated():
    from rdflib import Literal, URIRef
    from rdflib.namespace import ORG, RDF

    graph = curation_graph(
        Curation(
            facts=[
                HandFact(
                    subject="Jenny Åberg",
                    relation="member_of",
                    object="Kultur Skåne",
                    by="Lena Svensson",
                    note="Hon började i mars 2015",
                )
            ]
        )
    )
    jenny, kultur = URIRef(SID + "person/jenny-aberg"), URIRef(SID + "org/kultur-skane")
    assert (jenny, ORG.memberOf, kultur) in graph
    [node] = graph.subjects(RDF.type, SAMV.CuratedFact)
    assert (node, RDF.subject, jenny) in graph
    assert (node, SAMV.curatedBy, Literal("Lena Svensson")) in graph
    assert (node, SAMV.curationNote, Literal("Hon började i mars 2015")) in graph
    assert not list(graph.subjects(RDF.type, SAMV.Evidence))


# --- the commands, on a store -----------------------------------------------------------------


def test_a_merge_holds_through_more_posts_and_a_rebuild(app, folder):
    store = folder / "store"
    write_post(folder, "internat.txt", POST_INTERNAT)
    write_post(folder, "laslust.txt", POST_LASLUST)
    run(app, "ingest", folder / "posts", "--store", store)
    assert {HILLGREN, PELLE} <= people(store)

    run(app, "merge", "Per-Anders Hillgren", "Pelle Hillgren", "--store", store, "--by", "Jenny")
    assert PELLE not in people(store) and HILLGREN in people(store)
    assert "person/pelle-hillgren" in (store / "curation.yaml").read_text(encoding="utf-8")

    write_post(folder, "design.txt", POST_DESIGN)
    run(app, "ingest", folder / "posts" / "design.txt", "--store", store)
    assert PELLE not in people(store)
    run(app, "rebuild", "--store", store)
    assert PELLE not in people(store)
    result = run(app, "who", "Per-Anders Hillgren", "--store", store)
    assert "Terese Blandford" in result.output  # met him in the design post, as "Pelle"
    listed = run(app, "entities", "hillgren", "--store", store)
    assert "Pelle Hillgren" in listed.output  # the name written is kept as a variant


def test_an_ignored_false_person_leaves_every_answer_and_the_map(app, folder):
    from graph.network import collaboration_graph

    store = folder / "store"
    write_post(folder, "laslust.txt", POST_LASLUST)
    run(app, "ingest", folder / "posts", "--store", store)
    assert PIPPI in people(store)

    run(app, "ignore", "Pippi Långstrump", "--kind", "person", "--store", store)
    assert PIPPI not in people(store)
    rows = select(
        store, f"SELECT ?s ?p WHERE {{ {{ ?s ?p <{PIPPI}> }} UNION {{ <{PIPPI}> ?p ?s }} }}"
    )
    assert rows == []
    result = CliRunner().invoke(app, ["who", "Pippi", "--store", str(store)])
    assert result.exit_code != 0 and "Pippi" in result.output
    with open_store(store) as graph_store:
        assert PIPPI not in collaboration_graph(graph_store)

    run(app, "rebuild", "--store", store)  # and it stays out
    assert PIPPI not in people(store)


def _review_items_of_laslust(app, folder) -> list:
    store = folder / "store"
    write_post(folder, "laslust.txt", POST_LASLUST)
    run(app, "ingest", folder / "posts", "--store", store)
    with open_store(store) as graph_store:
        return curation_module.review_items(graph_store, Curation())


def test_review_decisions_change_the_graph(app, folder):
    items = _review_items_of_laslust(app, folder)
    store = folder / "store"
    assert [i.confidence for i in items] == sorted(i.confidence for i in items)
    tie = next(i for i in items if i.relation == "member_of" and i.subject == PELLE)
    role = next(i for i in items if i.relation == "role" and "Terese" in i.description)

    run(app, "review", "--reject", tie.id, "--accept", role.id, "--store", store, "--by", "Lena")

    ask = f"ASK {{ <{PELLE}> org:memberOf ?o }}"
    assert select(store, ask) == [{"ask": False}]
    confidence = select(
        store,
        "SELECT ?c WHERE { ?e rdf:predicate org:role ; samv:confidence ?c ;"
        " rdf:subject/org:member sid:person/terese-blandford }".replace(
            "sid:person/terese-blandford", f"<{SID}person/terese-blandford>"
        ),
    )
    assert [float(r["c"]) for r in confidence] == [1.0]
    curated = select(store, "SELECT ?by WHERE { ?c a samv:CuratedFact ; samv:curatedBy ?by }")
    assert {r["by"] for r in curated} == {"Lena"}
    decisions = load(store / "curation.yaml").decisions
    assert {(d.decision, d.relation) for d in decisions} == {
        ("reject", "member_of"),
        ("accept", "role"),
    }
    assert all(isinstance(d, Decision) for d in decisions)


def test_a_review_decision_leaves_dcterms_identifier_to_municipalities(app, folder):
    store = folder / "store"
    write_post(folder, "laslust.txt", POST_LASLUST)
    run(app, "ingest", folder / "posts", "--store", store)
    with open_store(store) as graph_store:
        item = curation_module.review_items(graph_store, Curation())[0]
    run(app, "review", "--accept", item.id, "--store", store, "--by", "Lena")
    others = select(
        store,
        "SELECT ?x WHERE { ?x dcterms:identifier ?id"
        " FILTER NOT EXISTS { ?x a samv:Municipality } }",
    )
    assert others == []


@pytest.mark.parametrize(
    ("lang", "answers", "words", "decision"),
    [
        ("sv", "n\ns\n", "[j]a, det stämmer / [n]ej, fel / [h]oppa över / [s]luta", "reject"),
        ("en", "a\nq\n", "[a]ccept, [r]eject, [s]kip, [q]uit", "accept"),
    ],
)
def test_interactive_review_asks_and_records_the_answer(
    app, folder, lang, answers, words, decision
):
    store = folder / "store"
    write_post(folder, "design.txt", POST_DESIGN)
    run(app, "ingest", folder / "posts", "--store", store)
    result = run(app, "review", "--lang", lang, "--limit", "2", "--store", store, input=answers)
    assert words in result.output
    assert [d.decision for d in load(store / "curation.yaml").decisions] == [decision]


def test_review_refuses_an_unknown_language(app, folder):
    result = CliRunner().invoke(app, ["review", "--lang", "de", "--store", str(folder / "s")])
    assert result.exit_code == 1
    assert "unknown language 'de': choose sv or en" in result.output


def test_a_review_item_reads_in_swedish(app, folder):
    items = _review_items_of_laslust(app, folder)
    assert "Terese Blandford är bibliotekschef i Höganäs" in {i.description for i in items}


def test_a_dated_rename_keeps_history_and_links_the_two(app, folder):
    store = folder / "store"
    write_post(folder, "internat.txt", POST_INTERNAT)
    write_post(folder, "universitet.txt", POST_UNIVERSITET)
    run(app, "ingest", folder / "posts", "--store", store)
    run(
        app,
        "rename",
        "Malmö högskola",
        "Malmö universitet",
        "--date",
        "2018-01-01",
        "--store",
        store,
    )
    rows = select(
        store,
        "SELECT ?p ?o WHERE { ?p a foaf:Person ; org:memberOf ?o ."
        " FILTER(CONTAINS(STR(?o), 'malmo')) }",
    )
    ties = {(str(r["p"]).rsplit("/", 1)[-1], str(r["o"]).rsplit("/", 1)[-1]) for r in rows}
    assert ties == {
        ("per-anders-hillgren", "malmo-hogskola"),
        ("linnea-holmqvist", "malmo-universitet"),
    }
    change = select(
        store,
        "SELECT ?old ?new ?d WHERE { ?e a org:ChangeEvent ; org:originalOrganization ?old ;"
        " org:resultingOrganization ?new ; dcterms:date ?d }",
    )
    assert [(str(r["old"]), str(r["new"]), r["d"]) for r in change] == [
        (SID + "org/malmo-hogskola", SID + "org/malmo-universitet", dt.date(2018, 1, 1))
    ]


def test_a_role_read_in_several_posts_has_a_range(app, folder):
    store = folder / "store"
    write_post(folder, "laslust.txt", POST_LASLUST)
    write_post(folder, "universitet.txt", POST_UNIVERSITET)
    run(app, "ingest", folder / "posts", "--store", store)
    with open_store(store) as graph_store:
        periods = role_periods(graph_store, SID + "person/terese-blandford")
    chef = [p for p in periods if p.role == "bibliotekschef"]
    assert [(p.start, p.end, p.dates) for p in chef] == [
        (dt.date(2015, 3, 3), dt.date(2018, 3, 5), 2)
    ]


def test_commands_have_help_and_bad_input_is_one_line(app, folder):
    for name in ("entities", "merge", "alias", "ignore", "rename", "review", "rebuild"):
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "--store" in result.output
    store = folder / "store"
    write_post(folder, "design.txt", POST_DESIGN)
    run(app, "ingest", folder / "posts", "--store", store)
    result = CliRunner().invoke(app, ["merge", "Nils Nobody", "Pelle", "--store", str(store)])
    assert result.exit_code == 1 and "Nils Nobody" in result.output
    assert "Traceback" not in result.output
    (store / "curation.yaml").write_text("merges: [\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["rebuild", "--store", str(store)])
    assert result.exit_code == 1 and "not valid YAML" in result.output


def test_a_rebuild_says_how_many_posts_it_read_again(app, folder):
    store = folder / "store"
    write_post(folder, "laslust.txt", POST_LASLUST)
    run(app, "ingest", folder / "posts", "--store", store)
    result = run(app, "rebuild", "--store", store)
    assert f"Rebuilt 1 post in {store}." in " ".join(result.output.split())


def test_doctests():
    assert doctest.testmod(curation_module).failed == 0
