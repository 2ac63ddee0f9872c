"""graph/fileio.py: exports are written whole or not at all."""

from __future__ import annotations

import os
import stat

import pytest

from graph import fileio
from graph.fileio import atomic_write

TURTLE = '<https://w3id.org/samverkan/id/kommun/1284> rdfs:label "Höganäs kommun" .\n'


def test_atomic_write_writes_text_as_utf8(tmp_path):
    target = tmp_path / "export" / "graf.ttl"

    written = atomic_write(target, TURTLE)

    assert written == target
    assert target.read_bytes() == TURTLE.encode("utf-8")


def test_atomic_write_replaces_an_existing_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "graf.ttl"
    target.write_text("gammal export\n", encoding="utf-8")

    atomic_write(target, b"ny export\n")

    assert target.read_text(encoding="utf-8") == "ny export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graf.ttl"]


def test_a_failed_write_keeps_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "graf.ttl"
    target.write_text(TURTLE, encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, "halv export")

    assert target.read_text(encoding="utf-8") == TURTLE
    assert [p.name for p in tmp_path.iterdir()] == ["graf.ttl"]


def test_a_new_file_gets_the_usual_permissions_not_private_ones(tmp_path):
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "graf.ttl", TURTLE)
    finally:
        os.umask(umask)

    assert stat.S_IMODE((tmp_path / "graf.ttl").stat().st_mode) == 0o644
