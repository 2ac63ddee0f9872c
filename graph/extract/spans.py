"""Small helpers over a PostDoc's sentences and mentions, shared by the rule components."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from graph.model import Evidence, Mention, PostDoc, Sentence, Token


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def taken(doc: PostDoc, start: int, end: int, kinds: set[str] | None = None) -> bool:
    """Return True when a mention (of one of ``kinds``) already covers part of [start, end)."""
    return any(
        overlaps(start, end, m.start, m.end) and (kinds is None or m.kind in kinds)
        for m in doc.mentions
    )


def mentions_in(doc: PostDoc, sentence: Sentence, kinds: set[str]) -> list[Mention]:
    """Return the mentions of the given kinds in one sentence, in text order."""
    found = [m for m in doc.mentions if m.sentence == sentence.index and m.kind in kinds]
    return sorted(found, key=lambda m: m.start)


class SentenceMentions:
    """The post's mentions by sentence, as they are when this is made.

    For a component that asks every sentence for its mentions: one pass over the post's
    mentions, instead of one for every question as ``mentions_in`` makes.
    """

    def __init__(self, doc: PostDoc) -> None:
        self._by_sentence: dict[int, list[Mention]] = {}
        for m in sorted(doc.mentions, key=lambda m: m.start):
            self._by_sentence.setdefault(m.sentence, []).append(m)

    def of(self, sentence: Sentence, kinds: set[str]) -> list[Mention]:
        """Return the mentions of the given kinds in one sentence, in text order."""
        return [m for m in self._by_sentence.get(sentence.index, ()) if m.kind in kinds]


def sentence_at(doc: PostDoc, offset: int) -> Sentence | None:
    for sentence in doc.sentences:
        if sentence.start <= offset < sentence.end or offset == sentence.end:
            return sentence
    return None


def capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def is_genitive(token: Token) -> bool:
    return is_genitive_tag(token.msd)


@lru_cache(maxsize=512)
def is_genitive_tag(msd: str) -> bool:
    """Return True for a full SUC tag in the genitive ("PM|GEN", "NN|UTR|SIN|DEF|GEN")."""
    # Asked of most words by several rules, and SUC has a few hundred tags.
    return "GEN" in msd.split("|")


def evidence(mention_or_span, *, rule: str, confidence: float = 0.9) -> Evidence:
    """Return evidence pointing at a mention (or any object with sentence/start/end)."""
    return Evidence(
        sentence=mention_or_span.sentence,
        start=mention_or_span.start,
        end=mention_or_span.end,
        rule=rule,
        confidence=confidence,
    )


def span_evidence(
    sentence: int, start: int, end: int, *, rule: str, confidence: float = 0.9
) -> Evidence:
    return Evidence(sentence=sentence, start=start, end=end, rule=rule, confidence=confidence)


_AT_WORD_START = re.compile(r"(?<![\w-])")


def word_start_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""Yield ``pattern``'s matches in ``text`` that start where no word character (letter,
    digit, underscore) or hyphen is just before: ``pattern.finditer`` with ``(?<![\w-])`` in
    front, for patterns that never match an empty string.

    The look-behind is tested here, not in the pattern, because a pattern that starts with
    one is tried at every position of the text, while one that starts with its names lets
    the regex engine skip straight to the letters they begin with (six times faster).
    """
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        if _AT_WORD_START.match(text, match.start()):
            yield match
            pos = match.end()
        else:
            pos = match.start() + 1


def between(doc: PostDoc, left: int, right: int) -> str:
    """Return the text between two offsets (empty when they touch or cross)."""
    return doc.text[left:right] if right > left else ""


def mention(
    doc: PostDoc,
    kind: str,
    start: int,
    end: int,
    sentence: int,
    *,
    rule: str,
    confidence: float = 0.9,
    key: str | None = None,
    attrs: dict | None = None,
) -> Mention:
    """Return a mention of ``doc.text[start:end]``: its text is always cut from the post, so
    that the offsets a fact's evidence carries point at exactly what was read."""
    return Mention(
        kind=kind,
        text=doc.text[start:end],
        start=start,
        end=end,
        sentence=sentence,
        rule=rule,
        confidence=confidence,
        key=key,
        attrs=attrs if attrs is not None else {},
    )
