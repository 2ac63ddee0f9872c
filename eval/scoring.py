"""Pure scoring: compare the facts a careful reader found with the facts the pipeline found.

Facts are sets of tuples per fact type (see ``FACT_TYPES``). Both sides are normalised the same
way before they are compared, so that "Malmö Stadsbibliotek" and "malmö stadsbibliotek" are one
organisation, ``1284``, ``"1284"`` and ``"sid:kommun/1284"`` one municipality, and
``"sproc:meroppet"`` and ``"Meröppet"`` one process.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

FACT_TYPES = (
    "people",
    "roles",
    "affiliations",
    "organisations",
    "municipalities",
    "processes",
    "events",
)

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_CODE = re.compile(r"(?:^|[/#:])(\d{3,4})$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class TypeScore:
    """Counts for one fact type, with the facts behind the errors (for ``--verbose``)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: tuple[tuple, ...] = field(default=(), compare=False)
    false_negatives: tuple[tuple, ...] = field(default=(), compare=False)

    @property
    def precision(self) -> float:
        """Share of predicted facts that are right; 1.0 when nothing was predicted or expected."""
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        """Share of gold facts that were found; 1.0 when nothing was expected or predicted."""
        if self.tp + self.fn:
            return self.tp / (self.tp + self.fn)
        return 1.0 if self.fp == 0 else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: TypeScore) -> TypeScore:
        return TypeScore(
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )

    def as_dict(self) -> dict:
        """Return the counts and rates as plain JSON-ready values."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def normalise_text(value: object) -> str:
    """Return a name in the form names are compared in: NFC, one kind of dash, single spaces,
    case-folded (so capitalisation and copy-paste whitespace never decide a match)."""
    text = unicodedata.normalize("NFC", str(value)).translate(_DASHES)
    return " ".join(text.split()).casefold()


def normalise_code(value: object) -> str:
    """Return a municipality as its 4-digit kommunkod when it is one (``1284``, ``"0180"``,
    ``"sid:kommun/1284"``, a full IRI); any other value is returned as a normalised name."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}"
    text = str(value).strip()
    match = _CODE.search(text)
    if match and (text == match.group(1) or "kommun" in text):
        return match.group(1).zfill(4)
    return normalise_text(text)


def slugify(value: object) -> str:
    """Return the project's slug of a label: lower case, å/ä→a, ö→o, diacritics stripped,
    other characters → ``-`` (the same rule as the IRIs in docs/graph-shape.md)."""
    text = unicodedata.normalize("NFKD", str(value).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def normalise_process(value: object) -> str:
    """Return a process as its slug, whether given as slug, label, ``sproc:`` name or IRI."""
    text = re.split(r"[/#:]", str(value).strip())[-1]
    return slugify(text)


def normalise_date(value: object) -> str | None:
    """Return a date as ``YYYY-MM-DD`` (from a date, a datetime or an ISO string), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    match = _DATE.match(str(value).strip())
    return match.group(1) if match else None


def _as_tuple(item: object) -> tuple:
    if isinstance(item, tuple):
        return item
    if isinstance(item, list):
        return tuple(item)
    return (item,)


def _normalise_item(kind: str, item: object) -> tuple | None:
    values = _as_tuple(item)
    if kind in ("people", "organisations"):
        return (normalise_text(values[0]),)
    if kind == "municipalities":
        return (normalise_code(values[0]),)
    if kind == "processes":
        return (normalise_process(values[0]),)
    if kind == "roles":
        return (normalise_text(values[0]), normalise_text(values[1]))
    if kind == "affiliations":
        return (normalise_text(values[0]), normalise_code(values[1]))
    return _normalise_event(values)


def _normalise_event(values: tuple) -> tuple | None:
    # An event without a start date cannot be matched on (start, end, place): it is not scored.
    start = normalise_date(values[0])
    if start is None:
        return None
    end = normalise_date(values[1]) if len(values) > 1 else None
    place = values[2] if len(values) > 2 else None
    return (start, end or start, normalise_code(place) if place not in (None, "") else "")


def normalise_facts(facts: Mapping[str, Iterable]) -> dict[str, set[tuple]]:
    """Return every known fact type as a set of normalised tuples (missing types are empty).

    Keys outside ``FACT_TYPES`` are ignored: a pipeline may report more than we score.
    Normalising twice gives the same result, so already normalised sets may be passed again.
    """
    result: dict[str, set[tuple]] = {}
    for kind in FACT_TYPES:
        items = (_normalise_item(kind, item) for item in facts.get(kind) or ())
        result[kind] = {item for item in items if item is not None}
    return result


def apply_aliases(facts: Mapping[str, set[tuple]], aliases: Mapping[str, str]) -> dict:
    """Return normalised facts with organisation aliases replaced by their canonical names.

    ``aliases`` maps a normalised alternative name ("skl") to the normalised canonical name
    ("sveriges kommuner och landsting"), for posts that give an organisation both ways.
    """
    if not aliases:
        return dict(facts)
    result = dict(facts)
    result["organisations"] = {(aliases.get(o, o),) for (o,) in facts.get("organisations", ())}
    result["affiliations"] = {(p, aliases.get(o, o)) for p, o in facts.get("affiliations", ())}
    return result


def score(
    gold: Mapping[str, Iterable],
    predicted: Mapping[str, Iterable],
    aliases: Mapping[str, str] | None = None,
) -> dict[str, TypeScore]:
    """Return, per fact type, true positives, false positives and false negatives.

    Both sides are normalised first; ``aliases`` (normalised alias → canonical) are applied to
    the predicted organisations and affiliations.
    """
    gold_sets = normalise_facts(gold)
    predicted_sets = apply_aliases(normalise_facts(predicted), aliases or {})
    return {kind: _compare(gold_sets[kind], predicted_sets[kind]) for kind in FACT_TYPES}


def _compare(gold: set[tuple], predicted: set[tuple]) -> TypeScore:
    return TypeScore(
        tp=len(gold & predicted),
        fp=len(predicted - gold),
        fn=len(gold - predicted),
        false_positives=tuple(sorted(predicted - gold, key=repr)),
        false_negatives=tuple(sorted(gold - predicted, key=repr)),
    )


def combine(scores: Iterable[Mapping[str, TypeScore]]) -> dict[str, TypeScore]:
    """Return the per-type sums of several posts' scores (the totals row of the table)."""
    totals = {kind: TypeScore() for kind in FACT_TYPES}
    for post_scores in scores:
        for kind in FACT_TYPES:
            totals[kind] = totals[kind] + post_scores.get(kind, TypeScore())
    return totals


def micro(scores: Mapping[str, TypeScore]) -> TypeScore:
    """Return the micro-average over fact types: all counts added, rates computed once."""
    total = TypeScore()
    for kind in FACT_TYPES:
        total = total + scores.get(kind, TypeScore())
    return total
