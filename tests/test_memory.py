"""The cycle collector pause that ingest, the network and the map share."""

import gc

import pytest

from graph.memory import collector_paused


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside(collector_on):
    with collector_paused():
        assert not gc.isenabled()


def test_the_collector_is_on_again_after(collector_on):
    with collector_paused():
        pass
    assert gc.isenabled()


def test_the_collector_is_on_again_after_an_error(collector_on):
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a step failed")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_on):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_an_ingest_leaves_the_collector_on(collector_on, tmp_path):
    from graph.pipeline import ingest
    from graph.store import open_store

    post = tmp_path / "post.txt"
    post.write_text(
        "Titel: Möte i Lund\nDatum: 2024-03-05\n\nAnna Berg, bibliotekschef i Lund, talade.\n",
        encoding="utf-8",
    )
    with open_store(tmp_path / "store", write=True) as store:
        report = ingest([post], store)
    assert report.posts and gc.isenabled()
