"""The same questions on the embedded store and on a shared Virtuoso server: identical answers.

The posts of tests/test_cli_questions.py are ingested once into a folder, copied graph by
graph to a Virtuoso started on loopback (tests/test_store_virtuoso.py's fixture), and every
question of graph/questions.py is asked of both. The copy is made twice: through Virtuoso's
graph store (one PUT per graph) and with SAMVERKAN_GRAPH_STORE_URL=off (SPARQL Update).
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from graph import questions
from graph.pipeline import ingest
from graph.store import open_store

try:
    from test_store_virtuoso import (
        WRITE_PATHS,
        record_traffic,
        virtuoso,  # noqa: F401 - a fixture used by name
    )
except ImportError:  # tests/ imported as a package
    from tests.test_store_virtuoso import (
        WRITE_PATHS,
        record_traffic,
        virtuoso,  # noqa: F401
    )

ROOT = Path(__file__).resolve().parent.parent
POSTS = [ROOT / "data" / "posts", ROOT / "tests" / "fixtures" / "questions"]
HOSTILE = 'Höganäs" } } UNION { ?s ?p ?o } #'

pytestmark = [
    pytest.mark.slow,
    pytest.mark.virtuoso,
    pytest.mark.skipif(
        shutil.which("virtuoso-t") is None,
        reason="install Debian's virtuoso-opensource-7-bin to compare with the shared server",
    ),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    location = tmp_path_factory.mktemp("embedded") / "store"
    with open_store(location, write=True) as store:
        assert ingest(POSTS, store).ok
    return location


@pytest.fixture(scope="module", params=WRITE_PATHS)
def copied(request, folder, virtuoso):
    """The embedded store, the server holding a copy of it, the requests the copy took, and
    the write path it took them on."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SAMVERKAN_USER", "dba")
        env.setenv("SAMVERKAN_PASSWORD", "dba")
        if WRITE_PATHS[request.param] is None:
            env.delenv("SAMVERKAN_GRAPH_STORE_URL", raising=False)
        else:
            env.setenv("SAMVERKAN_GRAPH_STORE_URL", WRITE_PATHS[request.param])
        with open_store(folder) as embedded, open_store(f"{virtuoso}/sparql-auth") as remote:
            for graph in remote.graphs():
                remote.remove_graph(graph)
            # Quads, not query rows: rows are plain values and would lose the language tags.
            by_graph = defaultdict(list)
            for quad in embedded.quads():
                by_graph[quad.graph_name.value].append((quad.subject, quad.predicate, quad.object))
            traffic = record_traffic(env)
            remote.replace_graphs(by_graph)
            yield embedded, remote, list(traffic), request.param


@pytest.fixture
def stores(copied):
    embedded, remote, _, _ = copied
    return embedded, remote


QUESTIONS = {
    "who person": lambda s: questions.who(s, "Terese Blandford"),
    "who typed loosely": lambda s: questions.who(s, "terese blandford", limit=2),
    "who municipality": lambda s: questions.who(s, "hoganas"),
    "who organisation": lambda s: questions.who(s, "Kultur Skåne"),
    "who period": lambda s: questions.who(
        s, "Maria Andersson", since=questions.parse_period("2016-03", None)[0]
    ),
    "people": lambda s: questions.people(s),
    "people filtered": lambda s: questions.people(s, municipality="Eslöv", role="chef"),
    "organisations": lambda s: questions.organisations(s),
    "municipalities": lambda s: questions.municipalities(s),
    "processes": lambda s: questions.processes(s),
    "processes blekinge": lambda s: questions.processes(s, "meröppet", county="Blekinge"),
    "events": lambda s: questions.events(s),
    "timeline": lambda s: questions.timeline(s, "Maria Andersson"),
    "timeline process": lambda s: questions.timeline(s, "läsfrämjande"),
    "stats": lambda s: questions.stats(s),
    "path": lambda s: questions.path(s, "Karin Lindqvist", "Eva Dahlberg"),
    "brokers": lambda s: questions.brokers(s),
    "groups": lambda s: questions.groups(s),
    "saved": lambda s: list(
        questions.run_saved(s, "people-in-municipality", {"municipality": "Hörby"})
    ),
    "saved hostile": lambda s: list(questions.run_saved(s, "roles-of-person", {"name": HOSTILE})),
}


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_shared_server_answers_like_the_embedded_store(stores, question):
    embedded, remote = stores
    ask = QUESTIONS[question]

    here = ask(embedded)

    assert here or question == "saved hostile"
    assert ask(remote) == here


def test_the_copy_took_one_put_per_graph_through_the_graph_store_or_none(copied):
    embedded, _, traffic, write_path = copied
    puts = [graph for method, _, graph, _ in traffic if method == "PUT"]
    updates = [what for method, _, what, _ in traffic if what == "update"]

    if write_path == "graph store":
        probes = [graph for graph in puts if graph.startswith("urn:samverkan:tmp:probe-")]
        assert sorted(set(puts) - set(probes)) == embedded.graphs()
        assert len(puts) == len(embedded.graphs()) + len(probes)
        assert not updates
    else:
        assert not puts
        assert len(updates) >= len(embedded.graphs())


def test_an_export_from_the_server_is_the_embedded_export(stores):
    embedded, remote = stores

    assert remote.serialize("nquads") == embedded.serialize("nquads")
