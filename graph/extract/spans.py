"""Small helpers over a PostDoc's sentences and mentions, shared by the rule components."""

from __future__ import annotations

from collections.abc import Iterator

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


def sentence_at(doc: PostDoc, offset: int) -> Sentence | None:
    for sentence in doc.sentences:
        if sentence.start <= offset < sentence.end or offset == sentence.end:
            return sentence
    return None


def capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def is_genitive(token: Token) -> bool:
    return "GEN" in token.msd.split("|")


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


def token_windows(sentence: Sentence, max_len: int, *, starting=None) -> Iterator[tuple[int, int]]:
    """Yield (i, j) token index windows, longest first at each start: tokens[i:j].

    ``starting`` (a test of a token) skips the windows whose first token fails it.
    """
    tokens = sentence.tokens
    for i in range(len(tokens)):
        if starting is not None and not starting(tokens[i]):
            continue
        for j in range(min(len(tokens), i + max_len), i, -1):
            yield i, j


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
