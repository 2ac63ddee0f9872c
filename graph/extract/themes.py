"""Recurring themes the process scheme does not know yet, reported as candidates.

A theme is a noun compound with a head that names work done together ("bokcirkel",
"språkcafé", "läsfrämjandesatsning"); when one recurs across posts and matches no label of the
scheme, it is shown to the user to add (to ontology/processes.ttl) or ignore, never added
silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.extract import lexicon
from graph.model import PostDoc

_THEME_HEADS = (
    "samarbete",
    "samverkan",
    "arbete",
    "projekt",
    "satsning",
    "plan",
    "strategi",
    "verksamhet",
    "utveckling",
    "främjande",
    "cirkel",
    "café",
    "lyft",
    "nätverk",
    "program",
    "skola",
    "stöd",
    "insats",
    "uppdrag",
)
_GENERIC = {
    "arbete",
    "projekt",
    "samarbete",
    "verksamhet",
    "utveckling",
    "plan",
    "program",
    "nätverk",
    "stöd",
    "insats",
    "uppdrag",
    "skola",
    "samverkan",
    "strategi",
}


@dataclass
class Candidate:
    lemma: str
    posts: set[str] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)


def _known_lemmas() -> set[str]:
    from graph.extract.processes import label_patterns

    return {" ".join(lemmas) for _, lemmas, _, _ in label_patterns()}


def _theme_lemma(lemma: str) -> bool:
    return (
        len(lemma) >= 8
        and lemma not in _GENERIC
        and lemma.endswith(_THEME_HEADS)
        and lexicon.role_for(lemma) is None
    )


def candidate_themes(docs: Iterable[PostDoc], *, min_posts: int = 2) -> list[Candidate]:
    """Return unknown themes found in at least ``min_posts`` posts, most frequent first."""
    known = _known_lemmas()
    found: dict[str, Candidate] = defaultdict(lambda: Candidate(""))
    for doc in docs:
        covered = {(m.start, m.end) for m in doc.mentions if m.kind == "process"}
        for sentence in doc.sentences:
            for token in sentence.tokens:
                lemma = token.lemma.lower()
                if token.pos != "NN" or not _theme_lemma(lemma) or lemma in known:
                    continue
                if any(s <= token.start < e for s, e in covered):
                    continue
                candidate = found[lemma]
                candidate.lemma = lemma
                candidate.posts.add(doc.post.title)
                if len(candidate.examples) < 2:
                    candidate.examples.append(doc.sentence_text(sentence.index))
    ranked = [c for c in found.values() if len(c.posts) >= min_posts]
    return sorted(ranked, key=lambda c: (-len(c.posts), c.lemma))
