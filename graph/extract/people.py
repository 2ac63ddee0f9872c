"""People: efselab's person names, cleaned of genitives and split into full and partial names.

A person entity needs a first and a last name (the contract's rule); a first-name-only or
surname-only mention ("Stefans presentation") is kept as a partial mention that ``resolve``
ties to the full name earlier in the same post.
"""

from __future__ import annotations

from graph.extract.spans import capitalised, is_genitive, mention
from graph.model import PostDoc, Sentence, Token

# Words efselab sometimes tags as part of a name, which never are: titles and greetings.
_NOT_NAME_WORDS = {"Hej", "Tack", "Välkommen", "Dr", "Dr.", "Fil", "Docent", "Professor"}


def _person_spans(sentence: Sentence) -> list[tuple[int, int]]:
    """Return (i, j) token ranges of person names.

    efselab's B-person I-person* spans, made robust to its slips: a span may start at an
    I-person, and a proper noun right before it that efselab gave to no place or institution
    is the first name it missed ("hälsar/B-work Sara/I-work Malmberg/I-person").
    """
    spans = []
    tokens = sentence.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].ne not in {"B-person", "I-person"}:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].ne == "I-person":
            j += 1
        start = i
        while start > 0 and _missed_first_name(tokens[start - 1]) and start > _previous_end(spans):
            start -= 1
        spans.append((start, j))
        i = j
    return spans


def _missed_first_name(token: Token) -> bool:
    return (
        token.pos == "PM"
        and capitalised(token)
        and not token.ne.endswith(("place", "inst"))
        and not is_genitive(token)
    )


def _previous_end(spans: list[tuple[int, int]]) -> int:
    return spans[-1][1] if spans else 0


def _clean(tokens: list[Token]) -> list[Token]:
    """Drop leading non-name words and trailing tokens that are not capitalised."""
    kept = [t for t in tokens if t.text not in _NOT_NAME_WORDS]
    while kept and not capitalised(kept[-1]):
        kept.pop()
    while kept and not capitalised(kept[0]):
        kept.pop(0)
    return kept


def name_of(tokens: list[Token]) -> str:
    """Return the base form of a name: "Stefans" -> "Stefan", "Terese Blandfords" -> ..."""
    words = [t.text for t in tokens]
    last = tokens[-1]
    if is_genitive(last) and words[-1].endswith("s") and len(words[-1]) > 2:
        words[-1] = words[-1][:-1]
    elif words[-1].endswith(("'s", "’s", ":s")):
        words[-1] = words[-1][:-2]
    return " ".join(words)


def find_people(doc: PostDoc) -> PostDoc:
    """Add person mentions: full names (first and last) and partial ones (one name only)."""
    for sentence in doc.sentences:
        for i, j in _person_spans(sentence):
            tokens = _clean(sentence.tokens[i:j])
            if not tokens:
                continue
            name = name_of(tokens)
            full = len(tokens) >= 2
            doc.mentions.append(
                mention(
                    doc,
                    "person",
                    tokens[0].start,
                    tokens[-1].end,
                    sentence.index,
                    rule="efselab-person",
                    confidence=0.9 if full else 0.6,
                    attrs={"name": name, "full": full},
                )
            )
    return doc
