"""What a post says and why: its text with the mentions marked, and its facts with their rules.

It exists so that a user can see why the graph says what it says (``samverkan show``).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import Mention, PostDoc

# The order in which overlapping mentions win a stretch of text: the most specific first.
_PRIORITY = (
    "person",
    "organisation",
    "role",
    "event",
    "process",
    "locality",
    "municipality",
    "county",
    "group",
)


@dataclass
class Segment:
    text: str
    kind: str | None = None  # the kind of mention it belongs to, None for plain text


def _visible(doc: PostDoc) -> list[Mention]:
    """Return non-overlapping mentions, the most specific kind winning an overlap."""
    chosen: list[Mention] = []
    ranked = sorted(
        (m for m in doc.mentions if m.kind in _PRIORITY and (m.key or m.kind == "role")),
        key=lambda m: (_PRIORITY.index(m.kind), m.start),
    )
    for mention in ranked:
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def segments(doc: PostDoc) -> list[Segment]:
    """Return the post's text cut into plain and marked segments, in order."""
    result, pos = [], 0
    for mention in _visible(doc):
        if mention.start > pos:
            result.append(Segment(doc.text[pos : mention.start]))
        result.append(Segment(doc.text[mention.start : mention.end], mention.kind))
        pos = mention.end
    if pos < len(doc.text):
        result.append(Segment(doc.text[pos:]))
    return result


@dataclass
class FactLine:
    kind: str
    subject: str
    object: str
    detail: str
    rule: str
    confidence: float
    sentence: str


def _label(doc: PostDoc, key: str | None) -> str:
    if not key:
        return ""
    entity = doc.entities.get(key)
    return entity.label if entity else key.rsplit("/", 1)[-1]


def fact_lines(doc: PostDoc) -> list[FactLine]:
    """Return every fact of the post with readable ends, its rule, confidence and sentence."""
    lines = []
    for fact in doc.facts:
        detail = fact.attrs.get("role") or ""
        if fact.kind == "delegation":
            detail = ", ".join(_label(doc, m.key) for m in fact.attrs["delegates"])
        lines.append(
            FactLine(
                kind=fact.kind,
                subject=_label(doc, fact.subject),
                object=_label(doc, fact.object),
                detail=detail,
                rule=fact.evidence.rule,
                confidence=fact.evidence.confidence,
                sentence=doc.sentence_text(fact.evidence.sentence),
            )
        )
    return lines
