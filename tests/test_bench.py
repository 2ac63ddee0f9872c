"""The benchmark: its synthetic posts are realistic and reproducible, its harness measures
whole processes and builds a table with every row.

No test here asserts a speed: targets live in the benchmark, and a busy machine must not
fail the tests.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter

import pytest

from bench import harness
from bench.synthetic import definite, genitive, library_name, synthetic_posts, write_posts
from graph.model import Post
from graph.read import ReadError, read_paths
from graph.reference import municipalities


def test_the_same_seed_writes_the_same_files(tmp_path):
    first = write_posts(tmp_path / "a", 12, seed=7)
    again = write_posts(tmp_path / "b", 12, seed=7)
    other = write_posts(tmp_path / "c", 12, seed=8)
    assert [p.name for p in first] == [p.name for p in again]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_posts_read_back_as_dated_posts_with_title_and_body(tmp_path):
    write_posts(tmp_path, 12, seed=3)
    items = list(read_paths([tmp_path]))
    assert not [item for item in items if isinstance(item, ReadError)]
    posts = [item for item in items if isinstance(item, Post)]
    assert len(posts) == 12
    for post in posts:
        assert post.title and post.date and post.author
        # the file is named by the post's date line: 2010-01-04-00000.txt
        assert post.source.rsplit("/", 1)[-1].startswith(post.date.isoformat())
        assert 150 <= len(post.text.split()) <= 400, post.title
        assert "Inga kommentarer" not in post.text  # the footer is not the body


def test_posts_name_real_municipalities_roles_and_dated_events():
    posts = [p.text for p in synthetic_posts(40, seed=1)]
    skane = {m.name for m in municipalities() if m.county_code == "12"}
    assert all(any(name in text for name in skane) for text in posts)
    text = "\n".join(posts)
    assert re.search(r"\b\d{1,2}-\d{1,2}/\d{1,2}\b", text)  # "18-19/9"
    assert re.search(r"[Dd]en \d{1,2}/\d{1,2}\b", text)  # "den 12/3"
    assert "representerades av" in text
    assert re.search(r"\w+s? (?:stads)?bibliotek\b", text)
    assert "bibliotekschefen " in text or "bibliotekarien " in text


def test_some_people_recur_so_the_graph_is_connected():
    seen: Counter[str] = Counter()
    posts = list(synthetic_posts(200, seed=1, appearances=seen))
    assert len(posts) == 200
    assert len(seen) > 150  # many distinct people ...
    assert seen.most_common(1)[0][1] >= 20  # ... and regulars in many posts
    named = sum(name in posts[0].text for name in seen)
    assert named >= 4


def test_swedish_forms_of_places_and_roles():
    assert genitive("Lund") == "Lunds"
    assert genitive("Höganäs") == "Höganäs"
    assert library_name("Malmö") == "Malmö stadsbibliotek"
    assert library_name("Helsingborg") == "Helsingborgs stadsbibliotek"
    assert library_name("Höör") == "Höörs bibliotek"
    assert definite("bibliotekschef") == "bibliotekschefen"
    assert definite("bibliotekarie") == "bibliotekarien"
    assert definite("professor") == "professorn"
    assert definite("kommunalråd") == "kommunalrådet"
    assert definite("kommunstyrelsens ordförande") == "kommunstyrelsens ordförande"


def test_run_reports_exit_status_output_and_peak_memory():
    code = "x = bytearray(200_000_000); print('done'); import sys; sys.exit(3)"
    done = harness.run([sys.executable, "-c", code])
    assert done.returncode == 3 and not done.ok
    assert done.stdout.strip() == "done"
    assert done.peak_mb >= 190
    assert done.problem() == "exit 3: done"


def test_run_stops_a_process_that_takes_too_long():
    done = harness.run([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert done.timed_out and not done.ok
    assert done.problem().startswith("stopped after")


def test_the_table_says_which_targets_are_missed():
    report = harness.Report(
        rows=[
            harness.Row(
                "ingest throughput", 2000, "12.0 posts/s (166.7 s)", "≥ 100 posts/s", False
            ),
            harness.Row("map", 2000, "4.0 s", "≤ 10 s", True, target_from="proposed"),
        ],
        machine={"before": {"cores": 2, "load_average": [1.5, 1.0, 0.5]}},
    )
    lines = harness.markdown(report).splitlines()
    assert (
        lines[2].startswith("| ingest throughput | 2,000 | 12.0 posts/s")
        and "| **no** |" in lines[2]
    )
    assert "| ≤ 10 s ¹ | yes |" in lines[3]
    assert "load average 1.5 / 1.0 / 0.5 before" in lines[-1]


EVERY_ROW = {
    "ingest throughput",
    "who, typical person",
    "who, most-named person",
    "who growth, typical person",
    "map",
    "peak memory, ingest",
    "peak memory, who",
    "peak memory, map",
    "rdflib / Oxigraph, who",
    "rdflib / Oxigraph, people per municipality",
    "resolution (in process)",
}


@pytest.mark.slow
def test_a_tiny_run_measures_every_row(tmp_path):
    plan = harness.Plan(ingest=(10,), who=(6, 10), map=10, compare=10, resolve=100, who_runs=1)
    lines: list[str] = []
    report = harness.run_benchmark(plan, tmp_path, progress=lines.append)
    assert {row.measure for row in report.rows} == EVERY_ROW
    failed = [row for row in report.rows if row.value is None]
    assert not failed, failed
    assert all(row.met is not None for row in report.rows)
    compare = next(r for r in report.rows if r.measure == "rdflib / Oxigraph, who")
    assert "same answers: yes" in compare.note
    who = next(r for r in report.rows if r.measure == "who, most-named person")
    assert re.search(r": [1-9]\d* connections", who.note)  # who found the person
    assert any(line.startswith("ingest 10 posts:") for line in lines)
    table = harness.markdown(report)
    assert len([line for line in table.splitlines() if line.startswith("| ")]) == 2 + len(
        report.rows
    )
    data = json.loads(harness.as_json(report))
    assert len(data["rows"]) == len(report.rows) and data["machine"]["before"]["cores"]
