"""Every question as a user asks it: the seed post and three posts about Hörby, Ystad and
Eslöv (tests/fixtures/questions/), ingested for real once, each command's exact answer.

The posts are fictional people in real municipalities: Karin Lindqvist and Mats Holmgren
(Hörby), Maria Andersson (Osby) and Anna Persson (Eslöv) meet in Hörby; Eva Dahlberg and
Anna Lind (Ystad) meet Maria Andersson in Ystad; Anna Persson and Per Håkansson write
Eslöv's library plan.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from graph import questions
from graph.commands import answers, ready
from graph.pipeline import ingest
from graph.store import GRAPH_NS, open_store
from graph.text import evidence_iri

ROOT = Path(__file__).resolve().parent.parent
POSTS = [ROOT / "data" / "posts", ROOT / "tests" / "fixtures" / "questions"]
SEED_SENTENCE = (
    "Hemmakommunen Höganäs representerades av kommunstyrelsens ordförande Peter Kovacs, "
    "Kultur- och fritidschefen Anneli Sjöborg, bibliotekschefen Terese Blandford och "
    "Antonio Prgomet som tagit initiativ till och driver schackskola på biblioteket ."
)
MEMBER_OF = "http://www.w3.org/ns/org#memberOf"
HORBY = "Meröppetträff i Hörby 4/2"
YSTAD = "Läsfrämjardag i Ystad 12/5"
MOLLE = "Bibliotekschefsinternat i Mölle 18-19/9"
# A value that would end the string, the group and the query if it were pasted in.
HOSTILE = 'Höganäs" } } UNION { ?s ?p ?o } #'

pytestmark = pytest.mark.slow

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
answers.register(app)
ready.register(app)
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("questions") / "store"
    with open_store(folder, write=True) as graph_store:
        report = ingest(POSTS, graph_store)
    assert report.ok, report.failures
    assert len(report.posts) == 4
    return str(folder)


def ask(store: str, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "--store", store])
    assert result.exit_code == code, result.output
    return result.output


def as_json(store: str, *args: str):
    return json.loads(ask(store, *args, "--format", "json"))


def as_csv(store: str, *args: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(ask(store, *args, "--format", "csv"))))


# --- who ---------------------------------------------------------------------------------------


def test_who_names_terese_blandfords_colleagues_with_the_sentence_that_ties_them(store):
    out = ask(store, "who", "Terese Blandford")

    lines = out.splitlines()
    assert lines[0] == "Terese Blandford (bibliotekschef i Höganäs) samarbetar med:"
    assert lines[2] == (
        " 1. Anneli Sjöborg (kultur- och fritidschef i Höganäs) – representerade Höganäs "
        "tillsammans; båda verksamma i Höganäs; träffades på Bibliotekschefsinternat i Mölle"
    )
    assert lines[3] == f"      «{SEED_SENTENCE}»"
    assert lines[4] == f"      {MOLLE}, 2014-10-08"
    assert " 3. Peter Kovacs (kommunstyrelsens ordförande i Höganäs) – " in out
    # The member tie reads as a sentence, not "Höganäs – medlem av Höganäs".
    assert " 4. Höganäs – Terese Blandford är bibliotekschef här" in lines


def test_who_ranks_every_connection_with_its_ties(store):
    rows = as_csv(store, "who", "Terese Blandford")

    assert rows[0] == [
        "Plats", "Namn", "Typ", "Roller", "Samband", "Datum", "Inlägg", "Länk", "Mening"
    ]  # fmt: skip
    assert [row[:5] for row in rows[1:]] == [
        ["1", "Anneli Sjöborg", "person", "kultur- och fritidschef i Höganäs",
         "representerade Höganäs tillsammans"],
        ["1", "Anneli Sjöborg", "person", "kultur- och fritidschef i Höganäs",
         "båda verksamma i Höganäs"],
        ["1", "Anneli Sjöborg", "person", "kultur- och fritidschef i Höganäs",
         "träffades på Bibliotekschefsinternat i Mölle"],
        ["2", "Antonio Prgomet", "person", "Höganäs", "representerade Höganäs tillsammans"],
        ["2", "Antonio Prgomet", "person", "Höganäs", "båda verksamma i Höganäs"],
        ["2", "Antonio Prgomet", "person", "Höganäs",
         "träffades på Bibliotekschefsinternat i Mölle"],
        ["3", "Peter Kovacs", "person", "kommunstyrelsens ordförande i Höganäs",
         "representerade Höganäs tillsammans"],
        ["3", "Peter Kovacs", "person", "kommunstyrelsens ordförande i Höganäs",
         "båda verksamma i Höganäs"],
        ["3", "Peter Kovacs", "person", "kommunstyrelsens ordförande i Höganäs",
         "träffades på Bibliotekschefsinternat i Mölle"],
        ["4", "Höganäs", "kommun", "", "Terese Blandford är bibliotekschef här"],
        ["5", "Kultur Skåne", "organisation", "",
         "träffades på Bibliotekschefsinternat i Mölle"],
        ["6", "Per-Anders Hillgren", "person", "Malmö högskola",
         "träffades på Bibliotekschefsinternat i Mölle"],
        ["7", "Stefan Wahlstedt", "person", "Malmö stadsbibliotek",
         "träffades på Bibliotekschefsinternat i Mölle"],
    ]  # fmt: skip
    assert {tuple(row[5:7]) for row in rows[1:]} == {("2014-10-08", MOLLE)}


@pytest.mark.parametrize("name", ["terese", "Blandford", "TERESE blandford"])
def test_who_finds_a_person_from_part_of_the_name(store, name):
    assert as_json(store, "who", name)["name"] == "Terese Blandford"


def test_who_answers_for_a_municipality_typed_without_diacritics(store):
    answer = as_json(store, "who", "Hoganas", "--lang", "en")

    assert (answer["name"], answer["type"]) == ("Höganäs", "municipality")
    assert [(c["label"], [t["kind"] for t in c["ties"]]) for c in answer["connections"]] == [
        ("Anneli Sjöborg", ["represented", "staff"]),
        ("Antonio Prgomet", ["represented", "staff"]),
        ("Peter Kovacs", ["represented", "staff"]),
        ("Terese Blandford", ["represented", "staff"]),
    ]


def test_who_answers_for_an_organisation(store):
    answer = as_json(store, "who", "kultur skane")

    assert answer["name"] == "Kultur Skåne"
    assert [c["label"] for c in answer["connections"]] == [
        "Maria Andersson",
        "Anna Lind",
        "Anna Persson",
        "Anneli Sjöborg",
        "Antonio Prgomet",
        "Eva Dahlberg",
        "Jonas Berg",
        "Karin Lindqvist",
        "Mats Holmgren",
        "Per-Anders Hillgren",
        "Peter Kovacs",
        "Stefan Wahlstedt",
        "Terese Blandford",
    ]


def test_who_shows_the_strongest_as_the_whole_answer_ranks_them(store):
    whole = ask(store, "who", "Kultur Skåne", "--limit", "0").splitlines()
    strongest = ask(store, "who", "Kultur Skåne", "--limit", "3").splitlines()

    fourth = next(n for n, line in enumerate(whole) if line.startswith(" 4. "))
    assert strongest[:-1] == whole[:fourth]
    assert strongest[-1] == "… och 10 till (--limit 0 visar alla)."


@pytest.mark.parametrize("name", ["Terese Blandford", "hoganas", "Kultur Skåne"])
def test_who_with_a_limit_keeps_exactly_the_strongest_of_the_whole_answer(store, name):
    with open_store(store) as graph_store:
        whole = questions.who(graph_store, name)
        for limit in (1, 2, 3, 5):
            strongest = questions.who(graph_store, name, limit=limit)

            assert strongest.connections == whole.connections[:limit]
            assert strongest.total == len(whole.connections)


WHO_PROBES = ["Terese Blandford", "Karin Lindqvist", "Anna Persson", "hoganas", "Hörby"]
WHO_PROBES += ["Kultur Skåne", "Malmö stadsbibliotek", "Malmö"]


@pytest.mark.parametrize("name", WHO_PROBES)
def test_who_reads_memberships_from_post_graphs_as_their_statements_say(store, monkeypatch, name):
    with open_store(store) as graph_store:
        from_graphs = questions.who(graph_store, name)
        # As for a store where other graphs hold statements read from posts.
        monkeypatch.setattr(questions, "_evidence_in_post_graphs_only", lambda *_: False)
        from_statements = questions.who(graph_store, name)

    assert from_graphs == from_statements


def test_every_membership_in_a_post_graph_has_its_evidence_there_under_the_iri_who_makes(store):
    # who names a membership's evidence without looking it up (questions._said_in_post_graphs).
    with open_store(store) as graph_store:
        rows = graph_store.query(
            "SELECT ?g ?person ?org ?ev WHERE { GRAPH ?g { ?person org:memberOf ?org"
            " OPTIONAL { ?ev rdf:subject ?person ; rdf:predicate org:memberOf ; rdf:object ?org ;"
            " prov:wasDerivedFrom ?post } } }"
        )
    pairs = [
        (row["ev"], evidence_iri(row["g"].rsplit("/", 1)[1], row["person"], MEMBER_OF, row["org"]))
        for row in rows
        if row["g"].startswith(GRAPH_NS + "post/")
    ]

    assert len(pairs) >= 10
    assert all(written == made for written, made in pairs)


def test_who_reads_memberships_from_post_graphs_when_nothing_else_holds_their_statements(store):
    with open_store(store) as graph_store:
        assert questions._evidence_in_post_graphs_only(
            graph_store, questions._other_graphs(graph_store)
        )


@pytest.mark.parametrize("name", ["Karin Lindqvist", "hoganas", "Kultur Skåne"])
def test_who_answers_alike_from_an_export_imported_into_one_graph(store, tmp_path, name):
    exported = tmp_path / "export.ttl"
    with open_store(store) as graph_store:
        graph_store.export("turtle", exported)
        here = questions.who(graph_store, name)
    with open_store(tmp_path / "imported", write=True) as imported:
        imported.import_file(exported)

        assert not questions._evidence_in_post_graphs_only(
            imported, questions._other_graphs(imported)
        )
        assert questions.who(imported, name) == here


def test_who_keeps_to_the_period_asked_about(store):
    answer = as_json(store, "who", "Maria Andersson", "--since", "2016-03", "--until", "2016")

    assert [(c["label"], c["ties"][0]["via"]) for c in answer["connections"]] == [
        ("Osby", "Osby"),
        ("Anna Lind", "Läsfrämjardag i Ystad"),
        ("Eva Dahlberg", "Läsfrämjardag i Ystad"),
        ("Kultur Skåne", "Läsfrämjardag i Ystad"),
    ]
    dates = {e["date"] for c in answer["connections"] for t in c["ties"] for e in t["evidence"]}
    assert dates == {"2016-05-20"}


def test_an_ambiguous_name_lists_the_candidates_on_one_line(store):
    result = runner.invoke(app, ["who", "anna", "--store", store])

    assert result.exit_code == 1
    assert result.output.strip() == (
        "samverkan: flera passar “anna”: Anna Lind, Anna Persson; skriv mer av namnet"
    )


def test_an_unknown_name_is_one_line(store):
    result = runner.invoke(app, ["who", HOSTILE, "--store", store, "--lang", "en"])

    assert result.exit_code == 1
    assert result.output.strip() == f"samverkan: nothing called “{HOSTILE}” is in the graph"


# --- the lists ---------------------------------------------------------------------------------


def test_people_lists_everyone_named_with_roles_and_posts(store):
    rows = as_csv(store, "people")

    assert rows == [
        ["Namn", "Roller", "Kommuner", "Inlägg", "Första", "Senaste"],
        ["Anna Lind", "barnbibliotekarie i Ystad", "Ystad", "1", "2016-05-20", "2016-05-20"],
        ["Anna Persson", "bibliotekschef i Eslöv", "Eslöv", "2", "2016-02-10", "2017-03-08"],
        ["Anneli Sjöborg", "kultur- och fritidschef i Höganäs", "Höganäs", "1", "2014-10-08",
         "2014-10-08"],
        ["Antonio Prgomet", "Höganäs", "Höganäs", "1", "2014-10-08", "2014-10-08"],
        ["Eva Dahlberg", "bibliotekschef i Ystad", "Ystad", "1", "2016-05-20", "2016-05-20"],
        ["Johan Ekberg", "", "", "2", "2016-02-10", "2016-05-20"],
        ["Jonas Berg", "Lunds universitet", "Lund", "1", "2016-02-10", "2016-02-10"],
        ["Karin Lindqvist", "bibliotekschef i Hörby", "Hörby", "1", "2016-02-10", "2016-02-10"],
        ["Maria Andersson", "bibliotekarie i Osby", "Osby", "2", "2016-02-10", "2016-05-20"],
        ["Mats Holmgren", "kultur- och fritidschef i Hörby", "Hörby", "1", "2016-02-10",
         "2016-02-10"],
        ["Per-Anders Hillgren", "Malmö högskola", "Malmö", "1", "2014-10-08", "2014-10-08"],
        ["Per Håkansson", "kultur- och fritidschef i Eslöv", "Eslöv", "1", "2017-03-08",
         "2017-03-08"],
        ["Peter Kovacs", "kommunstyrelsens ordförande i Höganäs", "Höganäs", "1", "2014-10-08",
         "2014-10-08"],
        ["Stefan Wahlstedt", "Malmö stadsbibliotek", "Malmö", "1", "2014-10-08", "2014-10-08"],
        ["Terese Blandford", "bibliotekschef i Höganäs", "Höganäs", "1", "2014-10-08",
         "2014-10-08"],
    ]  # fmt: skip


def names(rows: list[list[str]]) -> list[str]:
    return [row[0] for row in rows[1:]]


def test_people_filtered_by_municipality_role_process_and_period(store):
    assert names(as_csv(store, "people", "--municipality", "hoganas")) == [
        "Anneli Sjöborg",
        "Antonio Prgomet",
        "Peter Kovacs",
        "Terese Blandford",
    ]
    assert names(as_csv(store, "people", "--role", "chef", "--since", "2016")) == [
        "Anna Persson",
        "Eva Dahlberg",
        "Karin Lindqvist",
        "Mats Holmgren",
        "Per Håkansson",
    ]
    assert names(
        as_csv(store, "people", "--process", "meröppet", "--since", "2015", "--until", "2016-06")
    ) == ["Anna Persson", "Johan Ekberg", "Jonas Berg", "Karin Lindqvist", "Maria Andersson",
          "Mats Holmgren"]  # fmt: skip
    assert names(as_csv(store, "people", "--organisation", "Lunds universitet")) == ["Jonas Berg"]


def test_people_with_a_hostile_filter_is_one_line_and_changes_nothing(store):
    result = runner.invoke(app, ["people", "--municipality", HOSTILE, "--store", store])

    assert result.exit_code == 1
    assert result.output.strip() == f"samverkan: inget med namnet “{HOSTILE}” finns i grafen"
    assert names(as_csv(store, "people", "--role", HOSTILE)) == []


def test_organisations_with_their_home_and_people(store):
    assert as_csv(store, "organisations") == [
        ["Organisation", "Kommun", "Personer", "Inlägg", "Första", "Senaste"],
        ["Kultur Skåne", "", "", "4", "2014-10-08", "2017-03-08"],
        ["Lilla slottet", "", "", "1", "2014-10-08", "2014-10-08"],
        ["Lunds universitet", "Lund", "Jonas Berg", "1", "2016-02-10", "2016-02-10"],
        ["Malmö högskola", "Malmö", "Per-Anders Hillgren", "1", "2014-10-08", "2014-10-08"],
        ["Malmö lärcentrum", "Malmö", "", "1", "2014-10-08", "2014-10-08"],
        ["Malmö stadsbibliotek", "Malmö", "Stefan Wahlstedt", "1", "2014-10-08", "2014-10-08"],
    ]
    assert names(as_csv(store, "organisations", "--municipality", "malmo")) == [
        "Malmö högskola",
        "Malmö lärcentrum",
        "Malmö stadsbibliotek",
    ]
    assert ask(store, "organisations", "--municipality", HOSTILE, code=1).count("\n") == 1


def test_municipalities_with_people_organisations_processes_and_activity(store):
    rows = as_json(store, "municipalities", "--since", "2016")

    assert rows == [
        {
            "municipality": "Eslöv",
            "people": ["Anna Persson", "Per Håkansson"],
            "organisations": [],
            "processes": ["biblioteksplaner", "läsfrämjande", "meröppet"],
            "posts": 2,
            "activity": "2016: 1, 2017: 1",
        },
        {
            "municipality": "Hörby",
            "people": ["Karin Lindqvist", "Mats Holmgren"],
            "organisations": [],
            "processes": ["meröppet"],
            "posts": 1,
            "activity": "2016: 1",
        },
        {
            "municipality": "Lund",
            "people": ["Jonas Berg"],
            "organisations": ["Lunds universitet"],
            "processes": ["meröppet"],
            "posts": 1,
            "activity": "2016: 1",
        },
        {
            "municipality": "Osby",
            "people": ["Maria Andersson"],
            "organisations": [],
            "processes": ["läsfrämjande", "meröppet"],
            "posts": 2,
            "activity": "2016: 2",
        },
        {
            "municipality": "Ystad",
            "people": ["Anna Lind", "Eva Dahlberg"],
            "organisations": [],
            "processes": ["läsfrämjande"],
            "posts": 1,
            "activity": "2016: 1",
        },
    ]
    assert names(as_csv(store, "municipalities")) == [
        "Eslöv", "Höganäs", "Hörby", "Kristianstad", "Lund", "Malmö", "Osby", "Ystad"
    ]  # fmt: skip
    assert as_json(store, "municipalities", "--county", "Blekinge") == []


def test_processes_name_who_takes_part_and_the_skane_municipalities_missing(store):
    (row,) = as_json(store, "processes", "meröppet", "--since", "2016")

    assert row["process"] == "meröppet"
    assert row["posts"] == 2
    assert row["people"] == [
        "Anna Persson", "Johan Ekberg", "Jonas Berg", "Karin Lindqvist", "Maria Andersson",
        "Mats Holmgren", "Per Håkansson",
    ]  # fmt: skip
    assert row["in"] == ["Eslöv", "Hörby", "Lund", "Osby"]
    assert len(row["missing"]) == 33 - 4
    assert {"Ystad", "Höganäs", "Åstorp", "Östra Göinge"} <= set(row["missing"])
    assert not set(row["in"]) & set(row["missing"])


def test_processes_missing_is_relative_to_the_county_asked_about(store):
    (row,) = as_json(store, "processes", "meroppet", "--county", "Blekinge län")

    assert row["missing"] == ["Karlshamn", "Karlskrona", "Olofström", "Ronneby", "Sölvesborg"]


def test_processes_lists_every_process_written_about(store):
    rows = as_csv(store, "processes", "--lang", "en")

    assert rows[0] == ["Process", "Posts", "People", "Taking part", "Missing"]
    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("library plans", "2"),
        ("public libraries as cultural centres", "1"),
        ("reading promotion", "3"),
        ("regional media cooperation", "1"),
        ("staff-less opening hours", "3"),
    ]


def test_processes_with_a_hostile_name_is_one_line(store):
    out = ask(store, "processes", HOSTILE, code=1)

    assert out == f"samverkan: inget med namnet “{HOSTILE}” finns i grafen\n"


def test_events_when_where_and_who(store):
    assert as_csv(store, "events") == [
        ["Evenemang", "Start", "Slut", "Plats", "Talare", "Deltagare", "Inlägg"],
        ["Bibliotekschefsinternat i Mölle", "2014-09-18", "2014-09-19", "Mölle, Höganäs",
         "Per-Anders Hillgren; Stefan Wahlstedt",
         "Anneli Sjöborg; Antonio Prgomet; Kultur Skåne; Peter Kovacs; Terese Blandford", "1"],
        ["Bibliotekschefsmöte i Kristianstad", "2014-11-28", "2014-11-28", "Kristianstad", "",
         "", "1"],
        ["Meröppetträff i Hörby", "2016-02-04", "2016-02-04", "Hörby", "Jonas Berg",
         "Anna Persson; Karin Lindqvist; Kultur Skåne; Maria Andersson; Mats Holmgren", "1"],
        ["Läsfrämjardag i Ystad", "2016-05-12", "2016-05-12", "Ystad", "Eva Dahlberg",
         "Anna Lind; Eva Dahlberg; Kultur Skåne; Maria Andersson", "1"],
    ]  # fmt: skip
    assert names(as_csv(store, "events", "--municipality", "Höganäs")) == [
        "Bibliotekschefsinternat i Mölle"
    ]
    assert names(as_csv(store, "events", "--since", "2016-03")) == ["Läsfrämjardag i Ystad"]
    assert ask(store, "events", "--municipality", HOSTILE, code=1).count("\n") == 1


def test_timeline_of_a_person_a_municipality_and_a_process(store):
    assert as_csv(store, "timeline", "Maria Andersson") == [
        ["Datum", "Inlägg", "Mening", "Länk"],
        ["2016-02-10", HORBY, "Osby representerades av bibliotekarien Maria Andersson.", ""],
        ["2016-05-20", YSTAD, "Osby representerades av bibliotekarien Maria Andersson.", ""],
    ]
    assert as_csv(store, "timeline", "hoganas") == [
        ["Datum", "Inlägg", "Mening", "Länk"],
        ["2014-10-08", MOLLE, SEED_SENTENCE, ""],
    ]
    assert [row[:2] for row in as_csv(store, "timeline", "meröppet", "--since", "2016")] == [
        ["Datum", "Inlägg"],
        ["2016-02-10", HORBY],
        ["2017-03-08", "Ny biblioteksplan i Eslöv"],
    ]
    out = ask(store, "timeline", "Maria Andersson", "--lang", "en")
    assert out.splitlines()[0] == "Timeline of Maria Andersson (person)"
    assert ask(store, "timeline", HOSTILE, code=1).count("\n") == 1


def test_stats_count_what_the_posts_of_the_period_name(store):
    assert as_csv(store, "stats") == [
        ["Mått", "Värde"],
        ["inlägg", "4"],
        ["personer", "15"],
        ["organisationer", "6"],
        ["kommuner", "8"],
        ["evenemang", "4"],
        ["processer", "5"],
        ["första inlägget", "2014-10-08"],
        ["senaste inlägget", "2017-03-08"],
    ]
    assert as_json(store, "stats", "--since", "2016")[:2] == [
        {"measure": "posts", "value": 3},
        {"measure": "people", "value": 9},
    ]


# --- the network questions -------------------------------------------------------------------


def test_path_gives_the_evidence_of_every_step(store):
    out = ask(store, "path", "Karin Lindqvist", "Eva Dahlberg")

    assert out.splitlines() == [
        "Så hänger Karin Lindqvist och Eva Dahlberg ihop:",
        "",
        "1. Karin Lindqvist och Maria Andersson var båda på Meröppetträff i Hörby",
        "   «Hemmakommunen Hörby representerades av bibliotekschefen Karin Lindqvist och "
        "kultur- och fritidschefen Mats Holmgren.»",
        f"   {HORBY}, 2016-02-10",
        "",
        "2. Maria Andersson och Eva Dahlberg var båda på Läsfrämjardag i Ystad",
        "   «Osby representerades av bibliotekarien Maria Andersson.»",
        f"   {YSTAD}, 2016-05-20",
        "",
    ]


def test_path_through_an_organisation_reads_the_right_way_round(store):
    steps = as_json(store, "path", "terese", "Karin Lindqvist", "--lang", "en")

    assert [(s["step"], s["tie"], s["title"]) for s in steps] == [
        (1, "Terese Blandford took part in Bibliotekschefsinternat i Mölle", MOLLE),
        (2, "Kultur Skåne took part in Bibliotekschefsinternat i Mölle", MOLLE),
        (3, "Kultur Skåne took part in Meröppetträff i Hörby", HORBY),
        (4, "Karin Lindqvist took part in Meröppetträff i Hörby", HORBY),
    ]
    assert all(s["sentence"] for s in steps)


def test_path_between_colleagues_is_their_shared_municipality(store):
    rows = as_csv(store, "path", "Anna Persson", "Per Håkansson")

    eslov = "Ny biblioteksplan i Eslöv"
    both = (
        "Arbetet har letts av Anna Persson, bibliotekschef i Eslöv, tillsammans med "
        "Per Håkansson, kultur- och fritidschef i Eslöv."
    )
    assert rows == [
        ["Steg", "Från", "Till", "Samband", "Datum", "Inlägg", "Länk", "Mening"],
        ["1", "Anna Persson", "Eslöv", "Anna Persson är bibliotekschef i Eslöv", "2016-02-10",
         HORBY, "", "Eslöv representerades av bibliotekschefen Anna Persson."],
        ["1", "Anna Persson", "Eslöv", "Anna Persson är bibliotekschef i Eslöv", "2017-03-08",
         eslov, "", both],
        ["2", "Eslöv", "Per Håkansson", "Per Håkansson är kultur- och fritidschef i Eslöv",
         "2017-03-08", eslov, "", both],
    ]  # fmt: skip


def test_path_with_a_hostile_name_is_one_line(store):
    assert ask(store, "path", HOSTILE, "Eva Dahlberg", code=1).count("\n") == 1


def test_brokers_bridge_municipalities(store):
    assert as_csv(store, "brokers", "--lang", "en") == [
        ["Name", "Betweenness", "Ties", "Municipalities", "Roles"],
        ["Maria Andersson", "0.110", "6", "Eslöv; Hörby; Lund; Osby; Ystad",
         "bibliotekarie at Osby"],
        ["Anna Persson", "0.066", "5", "Eslöv; Hörby; Lund; Osby", "bibliotekschef at Eslöv"],
    ]  # fmt: skip


def test_groups_are_communities_of_collaboration(store):
    assert as_csv(store, "groups") == [
        ["Grupp", "Storlek", "Personer", "Kommuner"],
        ["1", "6", "Anna Persson; Jonas Berg; Karin Lindqvist; Maria Andersson; Mats Holmgren; "
         "Per Håkansson", "Eslöv; Hörby; Lund; Osby"],
        ["2", "6", "Anneli Sjöborg; Antonio Prgomet; Per-Anders Hillgren; Peter Kovacs; "
         "Stefan Wahlstedt; Terese Blandford", "Höganäs; Malmö"],
        ["3", "2", "Anna Lind; Eva Dahlberg", "Ystad"],
    ]  # fmt: skip


# --- query ---------------------------------------------------------------------------------------


def test_query_list_shows_the_saved_queries_and_their_parameters_in_swedish(store):
    listed = {q["name"]: q for q in as_json(store, "query", "--list")}

    assert listed["roles-of-person"]["parameters"] == [
        "name: personens fullständiga namn, t.ex. Terese Blandford"
    ]
    assert listed["people"]["description"] == (
        "Alla som nämns i inläggen, med sina roller och organisationer."
    )


def test_query_list_shows_the_saved_queries_and_their_parameters_in_english(store):
    listed = as_json(store, "query", "--list", "--lang", "en")

    assert {q["name"]: q["parameters"] for q in listed} == {
        "events-in-municipality": ["municipality: the municipality's name, e.g. Höganäs"],
        "people": [],
        "people-in-municipality": ["municipality: the municipality's name, e.g. Höganäs"],
        "posts-about-process": ["process: the process's Swedish name, e.g. meröppet"],
        "roles-of-person": ["name: the person's full name, e.g. Terese Blandford"],
    }
    assert all(q["description"] for q in listed)


def test_a_saved_query_runs_with_its_parameter_bound(store):
    rows = as_csv(store, "query", "people-in-municipality", "--param", "municipality=Hörby")

    assert rows == [
        ["name", "organisation"],
        ["Karin Lindqvist", "Hörby"],
        ["Mats Holmgren", "Hörby"],
    ]
    assert as_json(store, "query", "roles-of-person", "-p", "name=Eva Dahlberg") == [
        {"role": "bibliotekschef", "organisation": "Ystad", "title": YSTAD, "date": "2016-05-20"}
    ]
    assert as_json(store, "query", "posts-about-process", "-p", "process=läsfrämjande") == [
        {"date": "2017-03-08", "title": "Ny biblioteksplan i Eslöv", "url": None},
        {"date": "2016-05-20", "title": YSTAD, "url": None},
        {"date": "2014-10-08", "title": MOLLE, "url": None},
    ]
    assert as_json(store, "query", "events-in-municipality", "-p", "municipality=Höganäs") == [
        {"event": "Bibliotekschefsinternat i Mölle", "start": "2014-09-18", "place": "Mölle"}
    ]


@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("people-in-municipality", "municipality"),
        ("roles-of-person", "name"),
        ("posts-about-process", "process"),
        ("events-in-municipality", "municipality"),
    ],
)
def test_a_hostile_parameter_neither_breaks_nor_changes_a_saved_query(store, name, param):
    for value in (HOSTILE, "x' } ; DROP ALL ; #", 'a\\" . ?s ?p ?o . }', "}"):
        assert as_json(store, "query", name, "--param", f"{param}={value}") == []


def test_a_saved_query_without_its_parameter_is_one_line(store):
    out = ask(store, "query", "people-in-municipality", code=1)

    assert out == ("samverkan: the query people-in-municipality needs --param municipality=VALUE\n")


def test_query_still_runs_sparql_from_the_argument(store):
    rows = as_csv(
        store, "query", 'SELECT ?name WHERE { ?p foaf:name ?name FILTER(?name = "Anna Lind") }'
    )

    assert rows == [["name"], ["Anna Lind"]]


# --- every command is documented ----------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    ["who", "query", "people", "organisations", "municipalities", "processes", "events",
     "timeline", "path", "brokers", "groups", "stats"],
)  # fmt: skip
def test_every_question_has_help_text(command):
    result = runner.invoke(app, [command, "--help"])

    assert result.exit_code == 0
    registered = {c.name or c.callback.__name__: c for c in app.registered_commands}
    assert registered[command].callback.__doc__.strip()


def test_the_text_answer_shows_the_newest_three_sentences_of_a_connection():
    import datetime as dt

    from graph.commands.answers import _connection_lines
    from graph.questions import Connection, Evidence, Tie, WhoAnswer

    said = [
        Evidence(f"Möte {day}", dt.date(2015, 1, day), None, f"Mening nummer {day}.")
        for day in (1, 2, 3, 4, 5)
    ]
    tie = Tie(kind="event", via="Möte", evidence=said)
    connection = Connection("https://x/p", "Anna Ek", "person", ties=[tie])
    answer = WhoAnswer(query="Bo", iri="https://x/b", name="Bo Lind", type="person")

    lines = "\n".join(_connection_lines(answer, connection, 1, "sv"))

    assert "Mening nummer 1." not in lines
    assert "Mening nummer 2." not in lines
    assert lines.index("nummer 3.") < lines.index("nummer 4.") < lines.index("nummer 5.")
    assert "… och 2 meningar till (--format json visar alla)" in lines


def test_the_text_answer_says_how_many_more_posts_say_so():
    import datetime as dt

    from graph.commands.answers import _connection_lines
    from graph.questions import Connection, Evidence, Tie, WhoAnswer

    said = [
        Evidence(f"Möte {day}", dt.date(2015, 1, day), None, f"Mening nummer {day}.")
        for day in (7, 8, 9)
    ]
    tie = Tie(kind="event", via="Möte", evidence=said)
    connection = Connection("https://x/p", "Anna Ek", "person", ties=[tie], posts=9)
    answer = WhoAnswer(query="Bo", iri="https://x/b", name="Bo Lind", type="person")

    lines = "\n".join(_connection_lines(answer, connection, 1, "sv"))

    assert "… och 6 inlägg till (--format json visar alla)" in lines


@pytest.mark.parametrize("name", ["Terese Blandford", "hoganas", "Kultur Skåne", "Malmö"])
def test_who_with_sentences_ranks_as_the_whole_answer(store, name):
    with open_store(store) as graph_store:
        whole = questions.who(graph_store, name)
        shown = questions.who(graph_store, name, sentences=1)

    def ranking(answer):
        return [
            (c.iri, c.score, c.posts, c.roles, [(t.kind, t.via) for t in c.ties])
            for c in answer.connections
        ]

    assert ranking(shown) == ranking(whole)


@pytest.mark.parametrize("name", ["Terese Blandford", "hoganas", "Kultur Skåne", "Malmö"])
def test_who_with_sentences_keeps_the_whole_answers_evidence_of_the_newest_posts(store, name):
    with open_store(store) as graph_store:
        whole = questions.who(graph_store, name)
        shown = questions.who(graph_store, name, sentences=1)

    for full, kept in zip(whole.connections, shown.connections, strict=True):
        everything = [e for tie in full.ties for e in tie.evidence]
        evidence = [e for tie in kept.ties for e in tie.evidence]
        newest = max(str(e.date or "") for e in everything)
        assert set(evidence) <= set(everything)
        assert any(str(e.date or "") == newest for e in evidence)


def test_who_with_sentences_reads_fewer_posts_sentences_than_the_whole_answer(store):
    with open_store(store) as graph_store:
        whole = questions.who(graph_store, "Kultur Skåne")
        shown = questions.who(graph_store, "Kultur Skåne", sentences=1)

    def evidence(answer):
        return sum(len(t.evidence) for c in answer.connections for t in c.ties)

    assert evidence(shown) < evidence(whole)
