"""Places: municipalities in every written form, localities, and counties/regions.

Municipalities come from the reference list of all 290 (``Höganäs``, ``Malmös``, ``Lunds
kommun``, ``Malmö stad``); localities (tätorter, villages) are mapped to their municipality
(Mölle -> Höganäs); a county or region word (Skåne) is kept apart from municipalities. A word
inside a person's name is never a place (Mats Lund).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache

from graph import reference
from graph.extract.spans import capitalised, mention, taken
from graph.ids import kommun_iri, lan_iri, locality_iri
from graph.model import PostDoc, Sentence, Token
from graph.text import fold

# Region words that name a county's region rather than a municipality.
_REGIONS = {"Skåne": "12", "Skånes": "12"}
_TAIL_WORDS = {"kommun", "kommuns", "stad", "stads"}


def _name_runs(sentence: Sentence) -> list[tuple[int, int]]:
    """Return (i, j) for every capitalised word i: ``tokens[i:j]`` is the longest stretch of
    at most three words from it that may be a place name (only its tail may be kommun/stad).
    """
    tokens = sentence.tokens
    runs = []
    for i, token in enumerate(tokens):
        if capitalised(token):
            j, stop = i + 1, min(len(tokens), i + 3)
            while j < stop and _continues_name(tokens[j]):
                j += 1
            runs.append((i, j))
    return runs


def _windows(runs: list[tuple[int, int]], max_len: int) -> Iterator[tuple[int, int]]:
    """Yield the (i, j) token windows of at most ``max_len`` words, longest first at each start."""
    for i, j in runs:
        yield from ((i, end) for end in range(min(j, i + max_len), i, -1))


def _continues_name(token: Token) -> bool:
    return capitalised(token) or token.text in _TAIL_WORDS or token.text == "-"


def _name_like(token: Token) -> bool:
    """A proper noun or a place name to efselab: keeps "Vara" (to be) and "Bara" (only) out."""
    return token.pos == "PM" or token.ne.endswith("place")


def _strip_genitive(text: str) -> str:
    return text[:-1] if text.endswith("s") and len(text) > 3 else text


# Every capitalised word of every post is looked up: each name is looked up once.
@lru_cache(maxsize=1 << 14)
def _municipality_named(text: str) -> reference.Municipality | None:
    return reference.municipality_by_name(text)


@lru_cache(maxsize=1 << 14)
def _localities_named(text: str) -> tuple[reference.Locality, ...]:
    return tuple(reference.localities_named(text))


def _locality(text: str, doc_codes: set[str]) -> reference.Locality | None:
    """Return the locality named ``text``, disambiguated by the post's municipalities."""
    for name in (text, _strip_genitive(text)):
        found = _localities_named(name)
        if len(found) == 1:
            return found[0]
        narrowed = [loc for loc in found if loc.kommunkod in doc_codes]
        if len(narrowed) == 1:
            return narrowed[0]
    return None


def _add(doc: PostDoc, tokens: list[Token], sentence: int, kind: str, key: str, **attrs) -> None:
    doc.mentions.append(
        mention(
            doc,
            kind,
            tokens[0].start,
            tokens[-1].end,
            sentence,
            rule="gazetteer-" + kind,
            confidence=0.95 if kind == "municipality" else 0.85,
            key=key,
            attrs=attrs,
        )
    )


def find_places(doc: PostDoc) -> PostDoc:
    """Add municipality, locality and county mentions (keys set: they come from reference data)."""
    # Both passes look at the same words; each word is tested once.
    runs = [_name_runs(sentence) for sentence in doc.sentences]
    for sentence, sentence_runs in zip(doc.sentences, runs, strict=True):
        for i, j in _windows(sentence_runs, 3):
            tokens = sentence.tokens[i:j]
            place = _county_or_municipality(doc.text[tokens[0].start : tokens[-1].end], tokens)
            if place is not None and not _taken_for_place(doc, tokens):
                kind, key, attrs = place
                _add(doc, tokens, sentence.index, kind, key, **attrs)
    # Localities second, so that a name that is also a municipality's stays a municipality.
    codes = {m.attrs["code"] for m in doc.mentions if m.kind == "municipality"}
    for sentence, sentence_runs in zip(doc.sentences, runs, strict=True):
        named = [(i, j) for i, j in sentence_runs if _name_like(sentence.tokens[i])]
        for i, j in _windows(named, 2):
            tokens = sentence.tokens[i:j]
            place = _locality(doc.text[tokens[0].start : tokens[-1].end], codes)
            if place is not None and not _taken_for_place(doc, tokens):
                _add(
                    doc,
                    tokens,
                    sentence.index,
                    "locality",
                    str(locality_iri(place.kommunkod, place.name)),
                    name=place.name,
                    code=place.kommunkod,
                )
    return doc


def _county_or_municipality(text: str, tokens: list[Token]) -> tuple[str, str, dict] | None:
    """Return (kind, key, attrs) of the county or municipality ``text`` names, else None."""
    if text in _REGIONS:
        code = _REGIONS[text]
        return "county", str(lan_iri(code)), {"code": code}
    if len(tokens) == 1 and not _name_like(tokens[0]):
        return None
    kommun = _municipality_named(text)
    if kommun is None:
        return None
    return "municipality", str(kommun_iri(kommun.code)), {"code": kommun.code, "name": kommun.name}


def _taken_for_place(doc: PostDoc, tokens: list[Token]) -> bool:
    # Tested after the name is known to be a place: most windows are none, and this scans
    # every mention of the post.
    return taken(doc, tokens[0].start, tokens[-1].end, _BLOCKING)


_PLACE_KINDS = {"municipality", "locality", "county"}
# A place is never read inside a person's name, an organisation's or another place.
_BLOCKING = frozenset({"person", "organisation", *_PLACE_KINDS})


# --- names written without their diacritics ("Hoganas") ------------------------------------


@cache
def _folded_municipalities() -> dict[str, reference.Municipality | None]:
    found: dict[str, reference.Municipality | None] = {}
    for kommun in reference.municipalities():
        key = fold(kommun.name)
        found[key] = None if key in found else kommun  # two kommuner folding alike: neither
    return found


def municipality_slip(word: str) -> reference.Municipality | None:
    """Return the municipality a name written without its diacritics means ("Hoganas").

    >>> municipality_slip("Hoganas").name
    'Höganäs'
    """
    folded = fold(word)
    candidates = [folded, folded[:-1]] if folded.endswith("s") else [folded]
    for candidate in candidates:
        kommun = _folded_municipalities().get(candidate)
        if kommun is not None:
            return kommun
    return None


def _covered(doc: PostDoc, start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in doc.mentions)


def find_place_slips(doc: PostDoc) -> PostDoc:
    """Add municipality mentions for proper nouns that are a kommun's name without its
    diacritics; last of the components, so that every other reading of the word wins."""
    for sentence in doc.sentences:
        for token in sentence.tokens:
            if token.pos != "PM" or not token.text.isascii() or len(token.text) < 4:
                continue
            if _covered(doc, token.start, token.end):
                continue
            kommun = municipality_slip(token.text)
            if kommun is None or fold(kommun.name) == kommun.name.casefold():
                continue
            doc.mentions.append(
                mention(
                    doc,
                    "municipality",
                    token.start,
                    token.end,
                    sentence.index,
                    rule="diacritics-slip",
                    confidence=0.8,
                    key=str(kommun_iri(kommun.code)),
                    attrs={"code": kommun.code, "name": kommun.name},
                )
            )
    return doc
