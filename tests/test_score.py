"""``python -m eval.score``: the table, the verbose listing, the JSON and the failure lines."""

from __future__ import annotations

import json
import sys

import pytest

from eval import score as score_module
from eval.gold import load_gold
from eval.score import Pipeline, evaluate, main
from graph.model import Post

SEED = """onsdag 8 oktober 2014

Bibliotekschefsinternat i Mölle 18-19/9

Bibliotekschefen Terese Blandford och Stefan Wahlstedt från Malmö stadsbibliotek.
"""
SEED_GOLD = """people: [Terese Blandford, Stefan Wahlstedt]
organisations: [Malmö stadsbibliotek]
municipalities: ["1284", "1280"]
roles:
  - [Terese Blandford, bibliotekschef]
affiliations:
  - [Stefan Wahlstedt, Malmö stadsbibliotek]
processes: []
events:
  - {start: 2014-09-18, end: 2014-09-19, place: "1284"}
"""


@pytest.fixture
def gold_set(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "posts" / "000-seed.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "gold" / "000-seed.yaml").write_text(SEED_GOLD, encoding="utf-8")
    return tmp_path


def _read_paths(paths):
    for path in paths:
        yield Post(title="Bibliotekschefsinternat i Mölle", text=path.read_text(), source=str(path))


def _pipeline(facts_of):
    return Pipeline(
        read_paths=_read_paths, analyse=lambda post: post, facts_of=facts_of, post_type=Post
    )


def _facts(_doc):
    # Finds one person too many, misses the event and gives the code as an int.
    return {
        "people": {("Terese Blandford",), ("Stefan Wahlstedt",), ("Lilla Slottet",)},
        "organisations": {("malmö stadsbibliotek",)},
        "municipalities": {(1284,), (1280,)},
        "roles": {("Terese Blandford", "bibliotekschef")},
        "affiliations": {("Stefan Wahlstedt", "Malmö stadsbibliotek")},
    }


def test_missing_pipeline_is_one_line_and_exit_2(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "graph.pipeline", None)
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("the pipeline is not available: ")
    assert err.count("\n") == 1


def test_evaluate_counts_every_fact_type(gold_set):
    [result] = evaluate(_pipeline(_facts), gold_set / "posts", gold_set / "gold")
    assert result.problem is None
    assert (result.scores["people"].tp, result.scores["people"].fp) == (2, 1)
    assert result.scores["municipalities"].tp == 2
    assert (result.scores["events"].tp, result.scores["events"].fn) == (0, 1)


def test_perfect_pipeline_scores_one(gold_set):
    gold = load_gold(gold_set / "gold" / "000-seed.yaml")
    [result] = evaluate(_pipeline(lambda doc: gold.facts), gold_set / "posts", gold_set / "gold")
    assert all(s.f1 == 1.0 for s in result.scores.values())


def test_failing_post_is_reported_and_counts_as_missed(gold_set):
    def broken(_doc):
        raise KeyError("role")

    [result] = evaluate(_pipeline(broken), gold_set / "posts", gold_set / "gold")
    assert result.problem == "pipeline failed: KeyError: 'role'"
    assert result.scores["people"].fn == 2


def test_main_prints_table_verbose_errors_and_json(gold_set, monkeypatch, capsys):
    monkeypatch.setattr(score_module, "load_pipeline", lambda: _pipeline(_facts))
    out_file = gold_set / "scores.json"
    args = ["--posts", str(gold_set / "posts"), "--gold", str(gold_set / "gold")]
    assert main([*args, "--verbose", "--json", str(out_file)]) == 0
    out = capsys.readouterr().out
    assert (
        "000-seed\n  FP people: lilla slottet\n  FN events: 2014-09-18 | 2014-09-19 | 1284" in out
    )
    assert "people               2     1     0   0.667   1.000   0.800" in out
    assert "micro total" in out
    numbers = json.loads(out_file.read_text())
    assert numbers["totals"]["people"] == {
        "tp": 2, "fp": 1, "fn": 0, "precision": 0.6667, "recall": 1.0, "f1": 0.8,
    }  # fmt: skip
    assert numbers["micro"]["tp"] == 7
    assert numbers["problems"] == {}


def test_unreadable_post_exits_1_with_one_line(gold_set, monkeypatch, capsys):
    pipeline = Pipeline(
        read_paths=lambda paths: iter(["not a Blogger post"]),
        analyse=lambda post: post,
        facts_of=_facts,
        post_type=Post,
    )
    monkeypatch.setattr(score_module, "load_pipeline", lambda: pipeline)
    assert main(["--posts", str(gold_set / "posts"), "--gold", str(gold_set / "gold")]) == 1
    err = capsys.readouterr().err
    assert err == "000-seed: cannot read: not a Blogger post\n"
