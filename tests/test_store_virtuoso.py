"""graph/store.py against a real Virtuoso: the shared-server backend behaves like the folder.

A session fixture starts Debian's ``virtuoso-t`` on loopback ports chosen free, in a
temporary folder, and stops it at the end. samverkan talks to ``/sparql-auth`` as ``dba``
with Digest auth, credentials taken from SAMVERKAN_USER / SAMVERKAN_PASSWORD as in real use.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from graph.store import RemoteStore, StoreError, open_store

try:
    from test_store import POST_A, StoreBehaviour, post_a
except ImportError:  # tests/ imported as a package
    from tests.test_store import POST_A, StoreBehaviour, post_a

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
ResultSetMaxRows = 100000
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


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Iterator[str]:
    """Start Virtuoso on loopback; yield its base URL (http://127.0.0.1:PORT)."""
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port = _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(dir=folder, sql_port=_free_port(), http_port=http_port))
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


@pytest.fixture
def dba(monkeypatch):
    monkeypatch.setenv("SAMVERKAN_USER", "dba")
    monkeypatch.setenv("SAMVERKAN_PASSWORD", "dba")


@pytest.fixture
def store(virtuoso, dba) -> Iterator[RemoteStore]:
    with open_store(f"{virtuoso}/sparql-auth") as store:
        for graph in store.graphs():
            store.remove_graph(graph)
        yield store


class TestVirtuoso(StoreBehaviour):
    """Every shared behaviour test of tests/test_store.py, on Virtuoso."""

    union_is_a_set = False


def test_a_big_graph_is_written_in_chunks_and_replaced_whole(store):
    person = "https://w3id.org/samverkan/id/person/karin-lindqvist"
    many = [(person, f"urn:samverkan:test:{i}", f"mening {i} från Mölle") for i in range(1234)]

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
