"""``make eval``: run the pipeline on every gold post and print precision and recall per fact type.

Run from the checkout as ``python -m eval.score`` or ``python eval/score.py``;
``--verbose`` lists every false positive and false negative per post, ``--json FILE`` writes
the numbers.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (python eval/score.py): make the checkout importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eval.gold import EVAL_DIR, GoldError, gold_pairs, load_gold  # noqa: E402
from eval.scoring import FACT_TYPES, TypeScore, combine, micro, score  # noqa: E402


class PipelineUnavailable(Exception):
    """The pipeline's modules cannot be imported (yet)."""


@dataclass
class Pipeline:
    """The three calls the scorer needs from the project."""

    read_paths: Callable
    analyse: Callable
    facts_of: Callable
    post_type: type


@dataclass
class PostResult:
    """One post's scores, and the one-line problem when the pipeline failed on it."""

    name: str
    scores: dict[str, TypeScore]
    problem: str | None = None


def load_pipeline() -> Pipeline:
    """Return the reader, the pipeline and the fact projection, or raise PipelineUnavailable
    with the reason, so that a missing stage is one clear line and not a traceback."""
    try:
        # In pipeline order, so the first missing stage is the one named.
        model = importlib.import_module("graph.model")
        read = importlib.import_module("graph.read")
        pipeline = importlib.import_module("graph.pipeline")
        evaluate = importlib.import_module("graph.evaluate")
        return Pipeline(read.read_paths, pipeline.analyse, evaluate.facts_of, model.Post)
    except Exception as err:  # any import-time failure means the same thing to the user
        raise PipelineUnavailable(_one_line(err)) from err


def predict(pipeline: Pipeline, path: Path) -> tuple[dict, str | None]:
    """Return the facts the pipeline finds in one post file, or empty facts and the reason
    it failed (a failed post still counts: everything in its gold becomes a false negative)."""
    try:
        items = list(pipeline.read_paths([path]))
        posts = [item for item in items if isinstance(item, pipeline.post_type)]
        if not posts:
            reason = _one_line(items[0]) if items else "nothing was read"
            return {}, f"cannot read: {reason}"
        return pipeline.facts_of(pipeline.analyse(posts[0])), None
    except Exception as err:  # one bad post must not stop the run
        return {}, f"pipeline failed: {type(err).__name__}: {_one_line(err)}"


def evaluate(pipeline: Pipeline, posts_dir: Path, gold_dir: Path) -> list[PostResult]:
    """Return the scores of every post in ``posts_dir`` against its gold file."""
    results = []
    for post_path, gold_path in gold_pairs(posts_dir, gold_dir):
        gold = load_gold(gold_path)
        predicted, problem = predict(pipeline, post_path)
        results.append(
            PostResult(post_path.stem, score(gold.facts, predicted, gold.aliases), problem)
        )
    return results


def format_table(totals: dict[str, TypeScore]) -> str:
    """Return the per-type table with the micro totals as its last row."""
    header = f"{'fact type':<16}{'TP':>6}{'FP':>6}{'FN':>6}{'P':>8}{'R':>8}{'F1':>8}"
    rows = [header, "-" * len(header)]
    named = [(kind, totals[kind]) for kind in FACT_TYPES] + [("micro total", micro(totals))]
    for i, (kind, counts) in enumerate(named):
        if i == len(FACT_TYPES):
            rows.append("-" * len(header))
        rows.append(
            f"{kind:<16}{counts.tp:>6}{counts.fp:>6}{counts.fn:>6}"
            f"{counts.precision:>8.3f}{counts.recall:>8.3f}{counts.f1:>8.3f}"
        )
    return "\n".join(rows)


def format_errors(results: list[PostResult]) -> str:
    """Return every false positive and false negative, post by post, for ``--verbose``."""
    lines = []
    for result in results:
        errors = [
            f"  {sign} {kind}: {_show(fact)}"
            for kind in FACT_TYPES
            for sign, facts in (
                ("FP", result.scores[kind].false_positives),
                ("FN", result.scores[kind].false_negatives),
            )
            for fact in facts
        ]
        if errors:
            lines.append(result.name)
            lines.extend(errors)
    return "\n".join(lines)


def as_json(results: list[PostResult], totals: dict[str, TypeScore]) -> dict:
    """Return the numbers as a JSON-ready dict: per post, per type, and the micro totals."""
    return {
        "posts": {r.name: {kind: r.scores[kind].as_dict() for kind in FACT_TYPES} for r in results},
        "totals": {kind: totals[kind].as_dict() for kind in FACT_TYPES},
        "micro": micro(totals).as_dict(),
        "problems": {r.name: r.problem for r in results if r.problem},
    }


def _show(fact: tuple) -> str:
    return " | ".join(str(value) for value in fact)


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m eval.score",
        description="Score the pipeline against the gold set: precision and recall per fact type.",
    )
    parser.add_argument("--verbose", action="store_true", help="list every FP and FN per post")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the numbers here")
    parser.add_argument("--posts", type=Path, default=EVAL_DIR / "posts", help="gold posts")
    parser.add_argument("--gold", type=Path, default=EVAL_DIR / "gold", help="gold facts")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; return 0 when every post was analysed, 1 when some failed,
    2 when it could not run at all."""
    args = _parse(argv)
    try:
        pipeline = load_pipeline()
    except PipelineUnavailable as err:
        print(f"the pipeline is not available: {err}", file=sys.stderr)
        return 2
    try:
        results = evaluate(pipeline, args.posts, args.gold)
    except GoldError as err:
        print(f"the gold set cannot be read: {err}", file=sys.stderr)
        return 2
    if not results:
        print(f"no posts to score in {args.posts}", file=sys.stderr)
        return 2
    totals = combine(r.scores for r in results)
    if args.verbose and (errors := format_errors(results)):
        print(errors, end="\n\n")
    print(f"{len(results)} posts")
    print(format_table(totals))
    for result in results:
        if result.problem:
            print(f"{result.name}: {result.problem}", file=sys.stderr)
    if args.json:
        try:
            args.json.write_text(json.dumps(as_json(results, totals), indent=2, ensure_ascii=False))
        except OSError as err:
            print(f"cannot write {args.json}: {_one_line(err)}", file=sys.stderr)
            return 2
    return 1 if any(r.problem for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
