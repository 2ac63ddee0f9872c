"""The contract's five commands, driven as a user (or the acceptance checks) drives them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from cli import app
from graph.vocab import sparql_prefixes

ROOT = Path(__file__).resolve().parent.parent
POSTS = ROOT / "data" / "posts"
pytestmark = pytest.mark.slow
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    location = str(tmp_path_factory.mktemp("cli") / "store")
    result = run("ingest", str(POSTS), "--store", location)
    assert result.exit_code == 0, result.output
    return location


def export(store: str, tmp_path: Path, fmt: str = "turtle") -> Graph:
    target = tmp_path / f"graph.{fmt}"
    result = run("export", "--store", store, "--format", fmt, "--output", str(target))
    assert result.exit_code == 0, result.output
    graph = Graph()
    graph.parse(target, format={"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    return graph


def test_ingest_reports_the_posts_it_read(tmp_path):
    result = run("ingest", str(POSTS), "--store", str(tmp_path / "s"))
    assert result.exit_code == 0
    assert "Read 1 post" in result.output


def test_the_exported_turtle_states_the_contract_facts(store, tmp_path):
    graph = export(store, tmp_path)
    asked = graph.query(
        sparql_prefixes()
        + """ASK {
        ?post a schema:BlogPosting ; dcterms:date "2014-10-08"^^xsd:date ;
              schema:mentions ?p ; dcterms:subject ?c .
        ?p a foaf:Person ; foaf:name "Terese Blandford" .
        ?c a skos:Concept ; skos:prefLabel "meröppet"@sv .
        ?k a org:Organization ; dcterms:identifier "1284" . }"""
    )
    assert asked.askAnswer


@pytest.mark.parametrize("fmt", ["nt", "jsonld"])
def test_every_export_format_holds_the_same_graph(store, tmp_path, fmt):
    assert isomorphic(export(store, tmp_path, "turtle"), export(store, tmp_path, fmt))


def test_ingesting_the_same_post_again_changes_nothing(store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    before = export(str(copy), tmp_path)
    assert run("ingest", str(POSTS), "--store", str(copy)).exit_code == 0
    assert isomorphic(before, export(str(copy), tmp_path))


def test_a_bad_file_is_named_and_the_good_ones_are_still_ingested(tmp_path):
    folder = tmp_path / "posts"
    folder.mkdir()
    shutil.copy(next(POSTS.glob("*.txt")), folder / "seed.txt")
    (folder / "tom.txt").write_bytes(b"")
    (folder / "bild.txt").write_bytes(bytes(range(256)) * 10)
    location = str(tmp_path / "store")
    result = run("ingest", str(folder), "--store", location)
    assert result.exit_code != 0
    assert "tom.txt" in result.output and "bild.txt" in result.output
    assert "2 files could not be read" in result.output
    assert "Traceback" not in result.output
    people = run(
        "query",
        "--store",
        location,
        "--format",
        "csv",
        "SELECT ?n WHERE { ?p a foaf:Person ; foaf:name ?n }",
    )
    assert "Terese Blandford" in people.output


def test_who_names_her_delegation_with_the_sentence_that_ties_them(store):
    result = run("who", "Terese Blandford", "--store", store)
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Anneli Sjöborg" in text and "Peter Kovacs" in text
    assert "Hemmakommunen Höganäs representerades av kommunstyrelsens ordförande" in text


def test_query_prints_csv_rows(store):
    result = run(
        "query",
        "--store",
        store,
        "--format",
        "csv",
        "SELECT ?code WHERE { ?k dcterms:identifier ?code } ORDER BY ?code LIMIT 2",
    )
    assert result.output.splitlines() == ["code", "0114", "0115"]


def test_a_broken_query_gets_one_line_naming_where_it_breaks(store):
    result = run("query", "--store", store, "SELECT ?x WHERE { ?x ")
    assert result.exit_code != 0
    assert result.output.strip() == ("samverkan: the query is not valid SPARQL: line 1, column 22")


def test_map_writes_one_self_contained_html_file(store, tmp_path):
    target = tmp_path / "karta.html"
    result = run("map", "--store", store, "--output", str(target))
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert "Terese Blandford" in html
    assert 'src="http' not in html and 'href="http' not in html.split("<body")[0]


def test_every_command_has_help_text():
    import typer.main

    command = typer.main.get_command(app)
    for name, sub in command.commands.items():
        assert sub.help and len(sub.help) > 20, name
        assert run(name, "--help").exit_code == 0


def test_show_marks_what_it_found_and_names_the_rules():
    result = runner.invoke(app, ["show", str(next(POSTS.glob("*.txt")))], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Hemmakommunen Höganäs representerades av" in text
    assert "role-before-name" in text and "kommunstyrelsens ordförande" in text
    assert "har rollen" in text  # the fact kinds read in Swedish


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_map_draws_a_static_picture_for_reports(store, tmp_path, fmt):
    target = tmp_path / f"karta.{fmt}"
    result = run("map", "--store", store, "--output", str(target), "--format", fmt)
    assert result.exit_code == 0, result.output
    head = target.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in head or b"<?xml" in head


def test_map_of_a_focus_keeps_only_what_is_near_it(store, tmp_path):
    def nodes(*options: str) -> int:
        result = run("map", "--store", store, "--output", str(tmp_path / "k.html"), *options)
        assert result.exit_code == 0, result.output
        return int(re.search(r"\((\d+)\s+nodes", result.output).group(1))

    whole = nodes()
    near = nodes("--focus", "Stefan Wahlstedt", "--depth", "1")
    assert 0 < near < whole


def test_who_names_a_named_cooperation_with_its_sentence(tmp_path):
    post = tmp_path / "samarbete.txt"
    post.write_text(
        "tisdag 9 februari 2016\n\nSpråkcaféer i Ystad\n\n"
        "Ystads bibliotek driver språkcaféerna i samarbete med ABF Skåne.\n",
        encoding="utf-8",
    )
    location = str(tmp_path / "store")
    assert run("ingest", str(post), "--store", location).exit_code == 0
    result = runner.invoke(app, ["who", "ABF Skåne", "--store", location], env={"COLUMNS": "200"})
    assert "Ystads bibliotek" in result.output
    assert "i samarbete med ABF Skåne" in result.output


def test_export_import_export_gives_the_same_trig(store, tmp_path):
    first, second = tmp_path / "a.trig", tmp_path / "b.trig"
    assert run("export", "--store", store, "-f", "trig", "-o", str(first)).exit_code == 0
    copy = str(tmp_path / "copy")
    assert run("import", str(first), "--store", copy).exit_code == 0
    assert run("export", "--store", copy, "-f", "trig", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_remove_takes_a_post_and_what_only_it_said(store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    result = run("remove", "Bibliotekschefsinternat i Mölle", "--store", str(copy))
    assert result.exit_code == 0, result.output
    people = run(
        "query",
        "--store",
        str(copy),
        "--format",
        "csv",
        "SELECT ?n WHERE { ?p a foaf:Person ; foaf:name ?n }",
    )
    assert people.output.splitlines() == ["n"]


def test_validate_passes_a_graph_made_from_the_seed(store):
    result = run("validate", "--store", store)
    assert result.exit_code == 0, result.output
    assert "följer reglerna" in result.output


def test_who_shows_the_strongest_and_says_how_many_more(store):
    result = runner.invoke(
        app, ["who", "Terese Blandford", "--store", store, "--limit", "2"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0
    assert " 1. " in result.output and " 2. " in result.output and " 3. " not in result.output
    assert "till (--limit 0 visar alla)" in result.output


def test_a_commands_help_is_not_broken_mid_sentence(monkeypatch):
    # Rich keeps every line break of a docstring; the help is wrapped to the terminal instead.
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(app, ["ingest", "--help"])
    assert result.exit_code == 0
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert any(
        "so reading a post again replaces what it said before and never duplicates it." in line
        for line in lines
    )
