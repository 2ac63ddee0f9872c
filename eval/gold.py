"""Reading the gold set: the posts in ``eval/posts/`` and their facts in ``eval/gold/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eval.scoring import FACT_TYPES, normalise_text

EVAL_DIR = Path(__file__).resolve().parent


class GoldError(Exception):
    """A gold file that cannot be read; the message is one line naming the file."""


@dataclass
class Gold:
    """One post's gold facts (raw, as written) and its organisation aliases (normalised)."""

    name: str
    facts: dict[str, set[tuple]]
    aliases: dict[str, str] = field(default_factory=dict)


def gold_pairs(posts_dir: Path, gold_dir: Path) -> list[tuple[Path, Path]]:
    """Return (post, gold file) pairs in name order; a post without gold is an error, because
    scoring it would count everything the pipeline finds in it as wrong."""
    pairs = []
    for post in sorted(posts_dir.glob("*.txt")):
        gold = gold_dir / f"{post.stem}.yaml"
        if not gold.exists():
            raise GoldError(f"{post.name}: no gold file {gold.name}")
        pairs.append((post, gold))
    return pairs


def load_gold(path: Path) -> Gold:
    """Return the facts of one gold file as sets of tuples per fact type.

    Organisations may be written as a list ``[canonical, alias, ...]`` when the post uses
    both names (an acronym and its expansion); the canonical name is the fact, the aliases
    are accepted in its place.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise GoldError(f"{path.name}: cannot read: {_one_line(err)}") from err
    if not isinstance(data, dict):
        raise GoldError(f"{path.name}: expected a mapping of fact types")
    unknown = sorted(set(data) - set(FACT_TYPES))
    if unknown:
        raise GoldError(f"{path.name}: unknown fact types {', '.join(unknown)}")
    try:
        return _build(path.stem, data)
    except (TypeError, ValueError, KeyError, IndexError) as err:
        raise GoldError(f"{path.name}: malformed: {_one_line(err)}") from err


def _build(name: str, data: dict) -> Gold:
    facts: dict[str, set[tuple]] = {kind: set() for kind in FACT_TYPES}
    aliases: dict[str, str] = {}
    for item in data.get("organisations") or ():
        names = [item] if isinstance(item, str) else list(item)
        facts["organisations"].add((names[0],))
        aliases.update({normalise_text(alias): normalise_text(names[0]) for alias in names[1:]})
    for kind in ("people", "municipalities", "processes"):
        facts[kind] = {(str(item),) for item in data.get(kind) or ()}
    for kind in ("roles", "affiliations"):
        facts[kind] = {_pair(item) for item in data.get(kind) or ()}
    facts["events"] = {_event(item) for item in data.get("events") or ()}
    return Gold(name, facts, aliases)


def _pair(item: list) -> tuple[str, str]:
    if not isinstance(item, list | tuple) or len(item) != 2:
        raise ValueError(f"expected [person, value], got {item!r}")
    return (str(item[0]), str(item[1]))


def _event(item: dict) -> tuple:
    if not isinstance(item, dict) or "start" not in item:
        raise ValueError(f"an event needs a start date, got {item!r}")
    place = item.get("place")
    return (item["start"], item.get("end") or item["start"], None if place is None else str(place))


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())
