"""Named co-operation: "Ystads bibliotek, i samarbete med ABF Skåne", "samarbetet mellan
Trelleborg och Vellinge". Same event, delegation and organisation ties are not stated here: they
follow from the events and memberships the other components found.
"""

from __future__ import annotations

import re

from graph.extract.spans import SentenceMentions, span_evidence
from graph.model import Fact, Mention, PostDoc

_PARTY_KINDS = {"person", "organisation", "municipality"}
# "A ... i samarbete med B": the party before the cue works with those after it.
_WITH = re.compile(
    r"\b(?:i samarbete med|samarbetar med|i samverkan med|samverkar med|i partnerskap med)\b",
    re.I,
)
# "samarbetet mellan A och B": everyone after the cue works together.
_BETWEEN = re.compile(r"\b(?:samarbetet|samarbete|samverkan) mellan\b", re.I)


def _cooperation(doc: PostDoc, a: Mention, b: Mention, rule: str, sentence: int) -> Fact:
    return Fact(
        kind="cooperation",
        subject=a.key or "",
        object=b.key,
        evidence=span_evidence(
            sentence, min(a.start, b.start), max(a.end, b.end), rule=rule, confidence=0.75
        ),
        attrs={"subject": a, "object": b},
    )


def find_relations(doc: PostDoc) -> PostDoc:
    """Add cooperation facts between the parties a sentence says work together."""
    present = SentenceMentions(doc)
    for sentence in doc.sentences:
        parties = present.of(sentence, _PARTY_KINDS)
        if len(parties) < 2:  # no one to cooperate with: most sentences
            continue
        text = doc.text[sentence.start : sentence.end]
        between = _BETWEEN.search(text)
        if between:
            after = [m for m in parties if m.start >= sentence.start + between.end()]
            for i, a in enumerate(after):
                for b in after[i + 1 :]:
                    if a.key != b.key:
                        doc.facts.append(
                            _cooperation(doc, a, b, "cooperation-between", sentence.index)
                        )
            continue
        cue = _WITH.search(text)
        if not cue:
            continue
        before = [m for m in parties if m.end <= sentence.start + cue.start()]
        after = [m for m in parties if m.start >= sentence.start + cue.end()]
        if before:
            for b in after:
                if before[0].key != b.key:
                    doc.facts.append(
                        _cooperation(doc, before[0], b, "cooperation-with", sentence.index)
                    )
    return doc
