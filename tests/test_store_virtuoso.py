"""graph/store.py against a real Virtuoso: the shared-server backend behaves like the folder.

A session fixture starts Debian's ``virtuoso-t`` on loopback ports chosen free, in a
temporary folder, and stops it at the end. samverkan talks to ``/sparql-auth`` as ``dba``
with Digest auth, credentials taken from SAMVERKAN_USER / SAMVERKAN_PASSWORD as in real use.
Every behaviour test runs twice: writing through Virtuoso's graph store
(``/sparql-graph-crud-auth``, found on its own) and with SAMVERKAN_GRAPH_STORE_URL=off
(SPARQL Update only).
"""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from graph.store import GRAPH_NS, RemoteStore, StoreError, _known_graph_stores, open_store

try:
    from test_store import POST_A, POST_B, StoreBehaviour, post_a, post_b
except ImportError:  # tests/ imported as a package
    from tests.test_store import POST_A, POST_B, StoreBehaviour, post_a, post_b

pytestmark = [
    pytest.mark.virtuoso,
    pytest.mark.skipif(
        shutil.which("virtuoso-t") is None,
        reason="install Debian's virtuoso-opensource-7-bin to run the shared-server tests",
    ),
]

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 8
MaxClientConnections = 8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxSortedTopRows = 100000
MaxQueryExecutionTime = 120
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_answering(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"virtuoso-t stopped while starting: {log.read_text()[-2000:]}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    pytest.fail(f"virtuoso-t did not answer in 90 s: {log.read_text()[-2000:]}")


@contextlib.contextmanager
def running_virtuoso(folder: Path, *, max_rows: int = 100000) -> Iterator[str]:
    """Run Virtuoso in ``folder``, answering at most ``max_rows`` rows; yield its base URL."""
    http_port = _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        INI.format(dir=folder, sql_port=_free_port(), http_port=http_port, max_rows=max_rows)
    )
    log = folder / "stdout.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_until_answering(f"{base}/sparql", server, log)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Iterator[str]:
    """Start Virtuoso on loopback; yield its base URL (http://127.0.0.1:PORT)."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as base:
        yield base


@pytest.fixture
def dba(monkeypatch):
    monkeypatch.setenv("SAMVERKAN_USER", "dba")
    monkeypatch.setenv("SAMVERKAN_PASSWORD", "dba")


WRITE_PATHS = {"graph store": None, "sparql update": "off"}


@pytest.fixture(params=WRITE_PATHS)
def write_path(request, monkeypatch) -> str:
    """Both ways of writing: Virtuoso's graph store (found on its own), or SPARQL Update."""
    setting = WRITE_PATHS[request.param]
    if setting is None:
        monkeypatch.delenv("SAMVERKAN_GRAPH_STORE_URL", raising=False)
    else:
        monkeypatch.setenv("SAMVERKAN_GRAPH_STORE_URL", setting)
    return request.param


@pytest.fixture
def store(virtuoso, dba, write_path) -> Iterator[RemoteStore]:
    with open_store(f"{virtuoso}/sparql-auth") as store:
        for graph in store.graphs():
            store.remove_graph(graph)
        yield store


def record_traffic(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str, int]]:
    """Return the list every request samverkan sends from now on is added to, as
    (method, path, the graph or "query"/"update", status)."""
    sent: list[tuple[str, str, str, int]] = []
    send = requests.Session.request

    def recorded(session, method, url, *args, **kwargs):
        response = send(session, method, url, *args, **kwargs)
        if "graph" in (kwargs.get("params") or {}):
            what = kwargs["params"]["graph"]
        elif "sparql-update" in (kwargs.get("headers") or {}).get("Content-Type", ""):
            what = "update"
        else:
            what = "query"
        sent.append((method, urlsplit(url).path, what, response.status_code))
        return response

    monkeypatch.setattr(requests.Session, "request", recorded)
    return sent


@pytest.fixture
def traffic(monkeypatch) -> list[tuple[str, str, str, int]]:
    return record_traffic(monkeypatch)


def many_triples(count: int) -> list[tuple]:
    person = "https://w3id.org/samverkan/id/person/karin-lindqvist"
    return [(person, f"urn:samverkan:test:{i}", f"mening {i} från Mölle") for i in range(count)]


class TestVirtuoso(StoreBehaviour):
    """Every shared behaviour test of tests/test_store.py, on Virtuoso."""

    union_is_a_set = False


def test_a_big_graph_is_replaced_whole(store):
    many = many_triples(1234)

    store.replace_graph(POST_A, many)
    store.replace_graph(POST_A, many[:600])

    assert store.triple_count() == 600
    assert store.graphs() == [POST_A]
    assert len(list(store.quads())) == 600


def test_virtuoso_system_graphs_stay_out_of_the_listing(store):
    store.replace_graph(POST_A, post_a())

    assert store.graphs() == [POST_A]
    assert all(quad.graph_name.value == POST_A for quad in store.quads())
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"] > len(
        post_a()
    )


def test_without_credentials_a_write_is_a_clear_one_line_error(virtuoso, monkeypatch):
    monkeypatch.delenv("SAMVERKAN_USER", raising=False)
    monkeypatch.delenv("SAMVERKAN_PASSWORD", raising=False)

    with open_store(f"{virtuoso}/sparql-auth") as store, pytest.raises(StoreError) as caught:
        store.replace_graph(POST_A, post_a())

    assert str(caught.value) == (
        f"the SPARQL endpoint at {virtuoso}/sparql-auth refused access (HTTP 401); "
        "set SAMVERKAN_USER and SAMVERKAN_PASSWORD"
    )


def test_the_anonymous_endpoint_reads_what_the_account_wrote(store, virtuoso, monkeypatch):
    store.replace_graph(POST_A, post_a())
    monkeypatch.delenv("SAMVERKAN_USER")

    with open_store(f"{virtuoso}/sparql") as anonymous:
        rows = anonymous.query(
            "SELECT ?p WHERE { ?p foaf:name ?name }", bindings={"name": "Karin Lindqvist"}
        )

    assert rows == [{"p": "https://w3id.org/samverkan/id/person/karin-lindqvist"}]


# -- the Graph Store Protocol ------------------------------------------------------------------

CRUD = "/sparql-graph-crud-auth"


@pytest.fixture
def crud_store(virtuoso, dba, monkeypatch) -> Iterator[RemoteStore]:
    """An empty store that writes through Virtuoso's graph store, found on its own."""
    monkeypatch.delenv("SAMVERKAN_GRAPH_STORE_URL", raising=False)
    with open_store(f"{virtuoso}/sparql-auth") as store:
        for graph in store.graphs():
            store.remove_graph(graph)
        yield store


@pytest.fixture(scope="module")
def capped_virtuoso(tmp_path_factory) -> Iterator[str]:
    """A second Virtuoso that answers at most 1,000 rows, as servers are often set up."""
    with running_virtuoso(tmp_path_factory.mktemp("capped"), max_rows=1000) as base:
        yield base


@pytest.fixture
def answers_404() -> Iterator[str]:
    """The address of a web server that answers every request with 404 Not Found."""

    class NotFound(http.server.BaseHTTPRequestHandler):
        def answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_PUT = do_DELETE = do_POST = answer

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/graph-store"
    finally:
        server.shutdown()
        server.server_close()


def test_a_big_graph_is_one_put_and_comes_back_in_one_get(crud_store, traffic):
    crud_store.replace_graph(POST_A, many_triples(1234))
    crud_store.replace_graph(POST_A, many_triples(600))
    written = list(traffic)
    traffic.clear()

    quads = list(crud_store.quads())

    assert [t for t in written if t[2] == POST_A] == [("PUT", CRUD, POST_A, 201)] + [
        ("PUT", CRUD, POST_A, 200)
    ]
    assert not [t for t in written if t[2] == "update"]
    assert ("GET", CRUD, POST_A, 200) in traffic
    # The only queries: the graphs and their sizes, one page and the empty page that ends it.
    assert [t for t in traffic if t[0] == "POST"] == [("POST", "/sparql-auth", "query", 200)] * 2
    assert {(q.subject.value, q.predicate.value, q.object.value) for q in quads} == set(
        many_triples(600)
    )
    assert crud_store.triple_count() == 600


def test_remove_graph_is_one_delete_and_a_missing_graph_is_fine(crud_store, traffic):
    crud_store.replace_graph(POST_A, post_a())
    crud_store.replace_graph(POST_B, post_b())
    traffic.clear()

    crud_store.remove_graph(POST_A)
    crud_store.remove_graph(POST_A)

    assert traffic == [("DELETE", CRUD, POST_A, 200), ("DELETE", CRUD, POST_A, 404)]
    assert crud_store.graphs() == [POST_B]


def test_an_export_through_the_graph_store_equals_one_through_select(
    crud_store, virtuoso, monkeypatch, traffic, tmp_path
):
    from rdflib.compare import isomorphic

    odd = tmp_path / "udda.ttl"
    odd.write_text(
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix sid: <https://w3id.org/samverkan/id/> .\n"
        '[] a org:Membership ; org:member sid:person\\/karin-lindqvist ; org:role "chef"@sv ;\n'
        '   org:note "rad 1\\nrad 2 med \\"citat\\" och \\\\ och \\t" .\n',
        encoding="utf-8",
    )
    crud_store.replace_graph(POST_A, post_a())
    crud_store.replace_graph(POST_B, post_b() + many_triples(700))
    crud_store.import_file(odd)

    through_get = crud_store.dataset()
    monkeypatch.setenv("SAMVERKAN_GRAPH_STORE_URL", "off")
    with open_store(f"{virtuoso}/sparql-auth") as select_only:
        through_select = select_only.dataset()

    names = sorted(str(g.identifier) for g in through_select.graphs() if len(g))
    assert names == sorted([POST_A, POST_B, "https://w3id.org/samverkan/graph/import/udda"])
    assert sum(1 for t in traffic if t[0] == "GET") >= len(names)
    for name in names:
        assert isomorphic(through_get.graph(name), through_select.graph(name)), name


@pytest.mark.parametrize("answer", ["404 from another server", "501 from Virtuoso"])
def test_a_graph_store_address_that_is_not_one_leaves_everything_to_sparql(
    answer, virtuoso, dba, monkeypatch, traffic, answers_404
):
    address = answers_404 if answer.startswith("404") else f"{virtuoso}/no-graph-store-here"
    monkeypatch.setenv("SAMVERKAN_GRAPH_STORE_URL", address)

    with open_store(f"{virtuoso}/sparql-auth") as store:
        for graph in store.graphs():
            store.remove_graph(graph)
        store.replace_graph(POST_A, many_triples(1234))
        store.replace_graph(POST_B, post_b())
        exported = list(store.quads())
        store.remove_graph(POST_A)
        remaining = store.graphs()

    tried = [
        (method, status) for method, path, _, status in traffic if path == urlsplit(address).path
    ]
    assert tried == [("PUT", int(answer[:3])), ("GET", 404)]  # the write probe, the read probe
    assert len(exported) == 1234 + len(post_b())
    assert remaining == [POST_B]


def test_off_keeps_every_request_on_the_sparql_endpoint(store, write_path, traffic):
    store.replace_graph(POST_A, post_a())
    list(store.quads())
    store.remove_graph(POST_A)

    paths = {path for _, path, _, _ in traffic}
    assert paths == ({"/sparql-auth"} if write_path == "sparql update" else {"/sparql-auth", CRUD})


def test_the_anonymous_endpoint_exports_through_the_public_graph_store(
    crud_store, virtuoso, monkeypatch, traffic
):
    crud_store.replace_graph(POST_A, post_a())
    monkeypatch.delenv("SAMVERKAN_USER")
    traffic.clear()

    with open_store(f"{virtuoso}/sparql") as anonymous:
        exported = anonymous.serialize("nquads")

    assert ("GET", "/sparql-graph-crud", POST_A, 200) in traffic
    assert exported == crud_store.serialize("nquads")


def test_a_graph_longer_than_the_servers_row_cap_is_exported_whole(
    capped_virtuoso, dba, write_path, traffic
):
    with open_store(f"{capped_virtuoso}/sparql-auth") as store:
        store.replace_graph(POST_A, many_triples(2345))
        store.replace_graph(POST_B, post_b())
        quads = list(store.quads())

    # Virtuoso's GET stops at 1,000 triples; so does each page of a SELECT.
    assert len(quads) == 2345 + len(post_b())
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(quads)
    if write_path == "graph store":
        assert ("GET", CRUD, POST_A, 200) in traffic


def test_more_graphs_than_the_servers_row_cap_are_all_listed(capped_virtuoso, dba, write_path):
    names = [f"{GRAPH_NS}post/capped-{i:04d}" for i in range(1203)]
    with open_store(f"{capped_virtuoso}/sparql-auth") as store:
        store.update(
            "INSERT DATA { "
            + " ".join(
                f"GRAPH <{name}> {{ <{name}#s> <{name}#p> {i} }}" for i, name in enumerate(names)
            )
            + " }"
        )
        try:
            listed = [g for g in store.graphs() if "/capped-" in g]
            exported = {
                q.graph_name.value for q in store.quads() if "/capped-" in q.graph_name.value
            }
        finally:
            for name in names:
                store.remove_graph(name)

    # Virtuoso answers at most 1,000 rows here; the listing pages past that.
    assert listed == names
    assert exported == set(names)


@pytest.mark.parametrize(
    ("url", "headers", "guesses"),
    [
        (
            "http://h:8890/sparql-auth",
            {"Server": "Virtuoso/07.20.3229"},
            ["/sparql-graph-crud-auth"],
        ),
        ("http://h:8890/sparql/", {"Server": "Virtuoso/07.20.3229"}, ["/sparql-graph-crud"]),
        ("http://h:7878/query", {"Server": "Oxigraph/0.4.9"}, ["/store"]),
        ("http://h:3030/ds/sparql", {"Fuseki-Request-Id": "7"}, ["/ds/data"]),
        ("http://h:3030/ds", {"Fuseki-Request-Id": "7"}, ["/ds/data", "/ds"]),
        ("http://h:7200/repositories/r", {"Server": "GraphDB"}, []),
        ("http://h:8890/sparql", {}, []),  # behind a proxy that hides the server: no guess
    ],
)
def test_only_servers_known_by_name_get_a_guessed_graph_store(url, headers, guesses):
    base = url.split("/", 3)[:3]
    assert _known_graph_stores(url, headers) == ["/".join(base) + path for path in guesses]
