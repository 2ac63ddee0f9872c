"""Places: municipalities in every written form, localities, and counties/regions.

Municipalities come from the reference list of all 290 (``Höganäs``, ``Malmös``, ``Lunds
kommun``, ``Malmö stad``); localities (tätorter, villages) are mapped to their municipality
(Mölle -> Höganäs); a county or region word (Skåne) is kept apart from municipalities. A word
inside a person's name is never a place (Mats Lund).
"""

from __future__ import annotations

from functools import cache

from graph import reference
from graph.extract.spans import capitalised, mention, taken, token_windows
from graph.ids import kommun_iri, lan_iri, locality_iri
from graph.model import PostDoc, Token
from graph.text import fold

# Region words that name a county's region rather than a municipality.
_REGIONS = {"Skåne": "12", "Skånes": "12"}
_TAIL_WORDS = {"kommun", "kommuns", "stad", "stads"}


def _candidate_texts(tokens: list[Token]) -> bool:
    """A place name starts with a capital and only its tail may be kommun/stad."""
    if not capitalised(tokens[0]):
        return False
    return all(capitalised(t) or t.text in _TAIL_WORDS or t.text == "-" for t in tokens[1:])


def _name_like(token: Token) -> bool:
    """A proper noun or a place name to efselab: keeps "Vara" (to be) and "Bara" (only) out."""
    return token.pos == "PM" or token.ne.endswith("place")


def _strip_genitive(text: str) -> str:
    return text[:-1] if text.endswith("s") and len(text) > 3 else text


def _locality(text: str, doc_codes: set[str]) -> reference.Locality | None:
    """Return the locality named ``text``, disambiguated by the post's municipalities."""
    for name in (text, _strip_genitive(text)):
        found = reference.localities_named(name)
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
    blocked = {"person", "organisation"}
    for sentence in doc.sentences:
        for i, j in token_windows(sentence, 3, starting=capitalised):
            tokens = sentence.tokens[i:j]
            start, end = tokens[0].start, tokens[-1].end
            if not _candidate_texts(tokens) or taken(doc, start, end, blocked | _PLACE_KINDS):
                continue
            text = doc.text[start:end]
            if text in _REGIONS:
                code = _REGIONS[text]
                _add(doc, tokens, sentence.index, "county", str(lan_iri(code)), code=code)
                continue
            if len(tokens) == 1 and not _name_like(tokens[0]):
                continue
            kommun = reference.municipality_by_name(text)
            if kommun is not None:
                _add(
                    doc,
                    tokens,
                    sentence.index,
                    "municipality",
                    str(kommun_iri(kommun.code)),
                    code=kommun.code,
                    name=kommun.name,
                )
    # Localities second, so that a name that is also a municipality's stays a municipality.
    codes = {m.attrs["code"] for m in doc.mentions if m.kind == "municipality"}
    for sentence in doc.sentences:
        for i, j in token_windows(sentence, 2, starting=capitalised):
            tokens = sentence.tokens[i:j]
            start, end = tokens[0].start, tokens[-1].end
            if not _candidate_texts(tokens) or taken(doc, start, end, blocked | _PLACE_KINDS):
                continue
            if not _name_like(tokens[0]):
                continue
            place = _locality(doc.text[start:end], codes)
            if place is not None:
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


_PLACE_KINDS = {"municipality", "locality", "county"}


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
