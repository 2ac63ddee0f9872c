"""graph/questions.py's small parts: forgiving names (also as who looks them up in a small
store), periods, Swedish order, saved queries."""

from __future__ import annotations

import datetime as dt
import re

import pyoxigraph as ox
import pytest

from graph import questions
from graph.questions import (
    Names,
    QuestionError,
    Thing,
    candidates,
    fold,
    in_period,
    parse_period,
    saved_queries,
    sort_key,
)
from graph.store import GRAPH_NS, IRI, open_store

HOGANAS = "https://w3id.org/samverkan/id/kommun/1284"


def small_names() -> Names:
    things = [
        Thing("https://w3id.org/samverkan/id/person/terese-blandford", "person",
              "Terese Blandford"),
        Thing("https://w3id.org/samverkan/id/person/anna-lind", "person", "Anna Lind"),
        Thing("https://w3id.org/samverkan/id/person/anna-persson", "person", "Anna Persson"),
        Thing(HOGANAS, "municipality", "Höganäs"),
        Thing("https://w3id.org/samverkan/id/org/hoganas-bibliotek", "organisation",
              "Höganäs bibliotek"),
        Thing("https://w3id.org/samverkan/id/kommun/1860", "municipality", "Lindesberg"),
    ]  # fmt: skip
    return Names({t.iri: t for t in things}, {t.iri: {fold(t.label)} for t in things})


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Terese Blandford", ["Terese Blandford"]),
        ("terese", ["Terese Blandford"]),
        ("BLANDFORD", ["Terese Blandford"]),
        ("ter bla", ["Terese Blandford"]),
        ("Hoganas", ["Höganäs"]),  # the whole name beats "Höganäs bibliotek"
        ("hoganas bibl", ["Höganäs bibliotek"]),
        ("1284", ["Höganäs"]),
        (HOGANAS, ["Höganäs"]),
        ("anna", ["Anna Lind", "Anna Persson"]),
        ("Lind", ["Anna Lind"]),  # a whole word beats the start of "Lindesberg"
        ("lindes", ["Lindesberg"]),
        ("Kristianstad", []),
        ('Höganäs" } UNION { ?s ?p ?o', []),
        ("", []),
    ],
)
def test_names_are_found_forgivingly(typed, found):
    assert [t.label for t in candidates(small_names(), typed)] == found


def test_only_the_kinds_asked_for_are_candidates():
    assert [t.label for t in candidates(small_names(), "hoganas", ("organisation",))] == [
        "Höganäs bibliotek"
    ]


def test_find_raises_with_the_candidates_when_several_fit():
    with pytest.raises(questions.Ambiguous) as caught:
        questions.find(None, "anna", known=small_names())

    assert [t.label for t in caught.value.candidates] == ["Anna Lind", "Anna Persson"]


def test_a_name_typed_exactly_as_written_wins_over_one_that_only_folds_alike():
    # Two people told apart by an accent: typed as one is written, that one is meant.
    things = [
        Thing("https://w3id.org/samverkan/id/person/goran-martensson", "person",
              "Goran Mårtensson"),
        Thing("https://w3id.org/samverkan/id/person/goran-martensson-perstorp", "person",
              "Göran Mårtensson"),
    ]  # fmt: skip
    known = Names(
        {t.iri: t for t in things},
        {t.iri: {fold(t.label)} for t in things},
        {t.iri: {t.label} for t in things},
    )

    assert [t.label for t in candidates(known, "Göran Mårtensson ")] == ["Göran Mårtensson"]
    assert [t.label for t in candidates(known, "Goran Mårtensson")] == ["Goran Mårtensson"]
    assert [t.label for t in candidates(known, "goran martensson")] == [
        "Goran Mårtensson",
        "Göran Mårtensson",
    ]


def test_swedish_order_puts_a_ring_a_umlaut_o_umlaut_last():
    assert sorted(["Östra Göinge", "Ängelholm", "Åstorp", "Osby", "Eslöv"], key=sort_key) == [
        "Eslöv",
        "Osby",
        "Åstorp",
        "Ängelholm",
        "Östra Göinge",
    ]


# --- who is meant: looked up in a store ---------------------------------------------------------

SID = "https://w3id.org/samverkan/id/"
WHO_KINDS = ("person", "organisation", "municipality")


@pytest.fixture(scope="module")
def named_store(tmp_path_factory):
    """A store of a few names: two people and two municipalities told apart by an accent,
    two Annas, and a library with another name."""
    a = IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    person, name = IRI("http://xmlns.com/foaf/0.1/Person"), IRI("http://xmlns.com/foaf/0.1/name")
    org = IRI("http://www.w3.org/ns/org#Organization")
    municipality = IRI("https://w3id.org/samverkan/ontology#Municipality")
    label = IRI("http://www.w3.org/2000/01/rdf-schema#label")
    other_name = IRI("http://www.w3.org/2004/02/skos/core#altLabel")
    triples = []
    for slug, written in [
        ("goran-martensson", "Goran Mårtensson"),
        ("goran-martensson-perstorp", "Göran Mårtensson"),
        ("anna-lind", "Anna Lind"),
        ("anna-lindqvist", "Anna Lindqvist"),
    ]:
        triples += [
            (IRI(SID + "person/" + slug), a, person),
            (IRI(SID + "person/" + slug), name, written),
        ]
    for code, written in [("0305", "Håbo"), ("0643", "Habo")]:
        kommun = IRI(SID + "kommun/" + code)
        triples += [(kommun, a, municipality), (kommun, a, org)]
        triples += [(kommun, label, ox.Literal(written, language="sv"))]
    library = IRI(SID + "org/hoganas-bibliotek")
    triples += [(library, a, org), (library, label, "Höganäs bibliotek")]
    triples += [(library, other_name, "Höganäs stadsbibliotek")]
    folder = tmp_path_factory.mktemp("names") / "store"
    with open_store(folder, write=True) as store:
        store.replace_graph(GRAPH_NS + "reference", triples)
    with open_store(folder) as store:
        yield store


class Recording:
    """A store that notes the queries it is asked."""

    def __init__(self, store) -> None:
        self.store, self.asked = store, []

    def query(self, sparql, **options):
        self.asked.append(sparql)
        return self.store.query(sparql, **options)


def meant(store, text: str) -> str:
    """Return the label of what ``text`` names, found as ``who`` finds it."""
    known = questions._names_like(store, text, WHO_KINDS, "sv")
    return questions.find(store, text, WHO_KINDS, known=known).label


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("Goran Mårtensson", "Goran Mårtensson"),
        ("Göran Mårtensson", "Göran Mårtensson"),
        ("Anna Lind", "Anna Lind"),
        ("lindqvist", "Anna Lindqvist"),
        ("Håbo", "Håbo"),
        ("Habo", "Habo"),
        ("Höganäs stadsbibliotek", "Höganäs bibliotek"),  # its other name, written so
        ("hoganas bibl", "Höganäs bibliotek"),
    ],
)
def test_who_is_meant_is_found_in_the_store(named_store, typed, label):
    assert meant(named_store, typed) == label


def test_a_name_typed_loosely_lists_everyone_it_fits(named_store):
    with pytest.raises(questions.Ambiguous) as caught:
        meant(named_store, "goran martensson")

    assert [t.label for t in caught.value.candidates] == ["Goran Mårtensson", "Göran Mårtensson"]


def test_a_name_written_so_is_looked_up_not_searched_for(named_store):
    recording = Recording(named_store)

    assert meant(recording, "Göran Mårtensson") == "Göran Mårtensson"
    assert recording.asked
    assert not any("CONTAINS" in sparql for sparql in recording.asked)


@pytest.mark.parametrize(
    ("since", "until", "period"),
    [
        ("2015", "2016", (dt.date(2015, 1, 1), dt.date(2016, 12, 31))),
        ("2016-02", "2016-02", (dt.date(2016, 2, 1), dt.date(2016, 2, 29))),
        ("2015-12", "2015-12", (dt.date(2015, 12, 1), dt.date(2015, 12, 31))),
        ("2014-10-08", None, (dt.date(2014, 10, 8), None)),
        (None, None, (None, None)),
    ],
)
def test_a_period_is_read_from_a_year_a_month_or_a_day(since, until, period):
    assert parse_period(since, until) == period


@pytest.mark.parametrize("text", ["igår", "2016-13", "8/10 2014", "2016-02-30"])
def test_a_date_that_is_not_one_is_a_clear_error(text):
    with pytest.raises(QuestionError, match="is not a date"):
        parse_period(text, None)


def test_an_undated_post_lies_only_in_an_unbounded_period():
    assert in_period(None, None, None)
    assert not in_period(None, dt.date(2014, 1, 1), None)
    assert in_period("2014-10-08T10:00:00", dt.date(2014, 10, 8), dt.date(2014, 10, 8))


def test_every_saved_query_is_described_and_reads_each_parameter():
    queries = saved_queries()

    assert {q.name for q in queries} >= {"people", "roles-of-person", "people-in-municipality"}
    for query in queries:
        assert query.description, query.name
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
        for param in query.params:
            assert re.search(rf"\?{param}\b", body), (query.name, param)
        assert all(query.params.values()), f"{query.name}: say what each parameter wants"
        assert query.swedish.get("description"), f"{query.name}: describe it in Swedish too"
        assert set(query.params) <= set(query.swedish), f"{query.name}: Swedish parameters"


def test_a_saved_query_needs_exactly_its_parameters():
    with pytest.raises(QuestionError, match="needs --param name=VALUE"):
        questions.run_saved(None, "roles-of-person", {})
    with pytest.raises(QuestionError, match="has no parameter “who”"):
        questions.run_saved(None, "roles-of-person", {"name": "Anna Lind", "who": "x"})
    with pytest.raises(QuestionError, match="no saved query is called"):
        questions.run_saved(None, "allt", {})


def test_a_parameter_in_angle_brackets_must_be_an_iri():
    with pytest.raises(QuestionError, match="not a valid IRI"):
        questions._param_value("<not an iri>")
    assert questions._param_value(f"<{HOGANAS}>") == HOGANAS
    assert type(questions._param_value(f"<{HOGANAS}>")).__name__ == "IRI"
    assert type(questions._param_value("Höganäs")) is str


# --- who: the strongest connections, made only as far as needed -------------------------------


def said_at_an_event(other: str, posts: int) -> list[questions._Said]:
    """Return ``other``'s statements of meeting at one event, one per post."""
    return [
        questions._Said(other, "event", "event", f"post/{other}/{n}", f"ev/{other}/{n}")
        for n in range(posts)
    ]


def made_from(exact: dict[str, tuple[str, float]], made: list[str]):
    """Return a ``connect`` giving each other end its label and exact score from ``exact``,
    noting in ``made`` whom it was asked to make."""

    def connect(part):
        others = sorted(part)
        made.extend(others)
        return [questions.Connection(o, exact[o][0], "person", score=exact[o][1]) for o in others]

    return connect


def test_the_strongest_are_those_of_the_whole_ranking_when_scores_fall_below_their_bound():
    # Bounds: a 10, b 9, c and d 8. Made, a scores 5 (two meetings of one name merge),
    # and c and d tie: the tie goes to the name first in Swedish order.
    said = [
        *said_at_an_event("a", 18),
        *said_at_an_event("b", 16),
        *said_at_an_event("c", 14),
        *said_at_an_event("d", 14),
    ]
    exact = {"a": ("Bo", 5.0), "b": ("Eva", 9.0), "c": ("Örjan", 8.0), "d": ("Anna", 8.0)}
    whole, total = questions._strongest(questions._bounds(said), 0, made_from(exact, []))

    assert [c.label for c in whole] == ["Eva", "Anna", "Örjan", "Bo"]
    assert total == 4
    for limit in range(1, 6):
        strongest = questions._strongest(questions._bounds(said), limit, made_from(exact, []))
        assert strongest == (whole[:limit], 4)


def test_the_strongest_are_made_without_making_everyone():
    said = [statement for n in range(1, 31) for statement in said_at_an_event(f"p{n:02}", n)]
    exact = {f"p{n:02}": (f"Person {n:02}", 1.0 + 0.5 * n) for n in range(1, 31)}
    made: list[str] = []

    strongest, total = questions._strongest(questions._bounds(said), 3, made_from(exact, made))

    assert [c.iri for c in strongest] == ["p30", "p29", "p28"]
    assert total == 30
    assert sorted(made) == ["p28", "p29", "p30"]
