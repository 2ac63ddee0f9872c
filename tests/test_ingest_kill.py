"""An ingest killed outright (SIGKILL) leaves a store that opens and keeps what it had written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store import open_store, to_python

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _many_posts(folder: Path, count: int) -> None:
    """Write ``count`` distinct posts: the gold set's posts under numbered titles."""
    sources = sorted((ROOT / "eval" / "posts").glob("*.txt"))
    for i in range(count):
        lines = sources[i % len(sources)].read_text(encoding="utf-8").split("\n")
        title = next(k for k in range(1, len(lines)) if lines[k].strip())
        lines[title] += f" ({i})"
        (folder / f"{i:04d}.txt").write_text("\n".join(lines), encoding="utf-8")


def test_a_killed_ingest_keeps_every_post_it_reported(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    _many_posts(posts, 260)
    store = tmp_path / "store"
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "ingest", str(posts), "--store", str(store)],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    reported = 0
    for line in process.stderr:
        if "posts read" in line:
            reported = int(line.split()[1])
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert reported >= 100
    with open_store(str(store)) as graph_store:
        rows = graph_store.query(
            "SELECT ?g (COUNT(?ev) AS ?n) WHERE { GRAPH ?g { ?post a schema:BlogPosting ; "
            "dcterms:title ?t . ?ev prov:wasDerivedFrom ?post } } GROUP BY ?g"
        )
    assert len(rows) >= reported
    assert all(row["n"] > 0 for row in rows)


def _graphs(store: Path) -> tuple[dict[str, set], set]:
    """Return each named graph's triples, and the union the questions read (the default
    graph), both as plain values."""
    with open_store(str(store)) as graph_store:
        by_graph: dict[str, set] = {}
        for quad in graph_store.quads():
            triple = tuple(map(to_python, (quad.subject, quad.predicate, quad.object)))
            by_graph.setdefault(quad.graph_name.value, set()).add(triple)
        rows = graph_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    return by_graph, {(r["subject"], r["predicate"], r["object"]) for r in rows}


def test_a_killed_ingest_leaves_whole_posts_and_a_matching_union(tmp_path):
    """Posts are written in batches: each post graph left by a kill is the post's whole graph
    (as a complete ingest writes it), and the union the questions read is exactly the union
    of the post graphs, nothing missing and nothing left over."""
    posts = tmp_path / "posts"
    posts.mkdir()
    _many_posts(posts, 200)
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    command = [sys.executable, str(ROOT / "cli.py"), "ingest", str(posts), "--store"]
    process = subprocess.Popen([*command, str(killed)], stderr=subprocess.PIPE, text=True)
    for line in process.stderr:
        if "posts read" in line:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    subprocess.run([*command, str(whole)], capture_output=True, check=True)

    left, union = _graphs(killed)
    complete, _ = _graphs(whole)
    posts_left = [g for g in left if "/graph/post/" in g]
    assert len(posts_left) >= 100
    for graph in posts_left:
        assert left[graph] == complete[graph], graph
    assert union == set().union(*left.values())


def test_an_ingest_after_a_kill_completes(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    _many_posts(posts, 20)
    store = tmp_path / "store"
    command = [sys.executable, str(ROOT / "cli.py"), "ingest", str(posts), "--store", str(store)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    process.stderr.readline()  # the first line: it is under way
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Read 20 posts" in done.stderr


def test_a_killed_rebuild_leaves_the_store_as_it_was(tmp_path):
    """A rebuild of every post writes a new store beside the old one and swaps them at the
    end: killed while writing, the store is exactly what it was, and the next rebuild
    finishes and removes what the killed one left."""
    posts = tmp_path / "posts"
    posts.mkdir()
    _many_posts(posts, 400)  # three batches: killed after the first, before the swap
    store = tmp_path / "store"
    cli = [sys.executable, str(ROOT / "cli.py")]
    subprocess.run([*cli, "ingest", str(posts), "--store", str(store)], check=True)
    before = _graphs(store)

    process = subprocess.Popen([*cli, "rebuild", "--store", str(store)], cwd=ROOT)
    while process.poll() is None and not list(tmp_path.glob(".store.rebuild-*/*.sst")):
        time.sleep(0.05)  # until the new store has posts in it
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the rebuild ended before it was killed"
    assert list(tmp_path.glob(".store.rebuild-*"))
    assert _graphs(store) == before

    done = subprocess.run([*cli, "rebuild", "--store", str(store)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.glob(".store.rebuild-*"))
    assert _graphs(store) == before  # the same rules and posts give the same graph
