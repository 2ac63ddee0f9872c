"""Organisations: a gazetteer of the field's actors, head-noun patterns and appositions.

* gazetteer: ``data/reference/organisations.csv`` (Kultur Skåne, Region Skåne, Kungliga
  biblioteket, SKR ...), names and aliases matched whole;
* head nouns: a capitalised name followed by a noun that makes it an organisation
  ("Malmö stadsbibliotek", "Lunds universitet", "Rydebäcks bibliotek"), tied to the municipality
  its name or a following "i <kommun>" gives;
* appositions: "barnbiblioteket Lilla slottet" names a library.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from graph import reference
from graph.extract import lexicon
from graph.extract.spans import (
    capitalised,
    is_genitive,
    is_genitive_tag,
    mention,
    taken,
    word_start_matches,
)
from graph.ids import kommun_iri, org_iri
from graph.model import PostDoc, Sentence, Token


def _add_org(
    doc: PostDoc,
    *,
    name: str,
    start: int,
    end: int,
    sentence: int,
    kind: str,
    rule: str,
    home: str | None,
    relation: str | None,
    confidence: float,
) -> None:
    doc.mentions.append(
        mention(
            doc,
            "organisation",
            start,
            end,
            sentence,
            rule=rule,
            confidence=confidence,
            key=str(org_iri(name)),
            attrs={"name": name, "org_kind": kind, "home": home, "relation": relation},
        )
    )


def _sentence_of(doc: PostDoc, offset: int) -> int:
    for sentence in doc.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.index
    return -1


@cache
def _gazetteer() -> tuple[re.Pattern[str], dict[str, lexicon.OrgEntry]]:
    """Return one regex for every known name and alias (longest first), and name -> entry."""
    written: dict[str, lexicon.OrgEntry] = {}
    for entry in lexicon.organisations():
        for name in (entry.name, *entry.aliases):
            written.setdefault(name, entry)
    names = sorted(written, key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in names)
    # Found with word_start_matches: a name starts where no word goes on.
    return re.compile(rf"(?P<name>{alternatives})(?:s)?(?![\w-])"), written


def _find_gazetteer(doc: PostDoc) -> None:
    pattern, written = _gazetteer()
    for match in word_start_matches(pattern, doc.text):
        start, end = match.start(), match.end()
        entry = written[match.group("name")]
        if taken(doc, start, end, {"organisation", "person"}):
            continue
        sentence = _sentence_of(doc, start)
        if sentence < 0:
            continue
        home = str(kommun_iri(entry.kommunkod)) if entry.kommunkod else None
        _add_org(
            doc,
            name=entry.name,
            start=start,
            end=end,
            sentence=sentence,
            kind=entry.kind,
            rule="gazetteer-organisation",
            home=home,
            relation=entry.home,
            confidence=0.95,
        )


def _head_noun(token: Token) -> tuple[str, str] | None:
    """Return (kind, relation) when the token is an organisation head noun (indefinite)."""
    return _head_noun_written(token.text, token.msd)


# Every word of every post is tested: each written form is tested once.
@lru_cache(maxsize=1 << 14)
def _head_noun_written(text: str, msd: str) -> tuple[str, str] | None:
    word = text.lower()
    if is_genitive_tag(msd) and word.endswith("s"):
        word = word[:-1]
    if word in lexicon.HEAD_NOUNS:
        return lexicon.HEAD_NOUNS[word]
    match = _HEAD_END.search(word)
    if match is None or match.start() < 3:
        return None
    return lexicon.HEAD_NOUNS[match.group(0)]


def _ending(words) -> re.Pattern[str]:
    """Return a regex matching a word that ends in one of ``words``, the longest first."""
    return re.compile("(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")$")


_HEAD_END = _ending(lexicon.HEAD_NOUNS)


def _home_of(words: list[Token], doc: PostDoc, after: int) -> tuple[str | None, str | None]:
    """Return (kommun IRI, kommunkod) from the name's first word or a following "i <kommun>"."""
    follow = re.match(r"\s+i\s+([A-ZÅÄÖ][\w-]+(?:\s[A-ZÅÄÖ][\w-]+)?)", doc.text[after:])
    if follow:
        kommun = reference.municipality_by_name(follow.group(1))
        if kommun:
            return str(kommun_iri(kommun.code)), kommun.code
    first = words[0].text
    kommun = reference.municipality_by_name(first)
    if kommun:
        return str(kommun_iri(kommun.code)), kommun.code
    bare = first[:-1] if first.endswith("s") else first
    places = reference.localities_named(bare) or reference.localities_named(first)
    if len(places) == 1:
        code = places[0].kommunkod
        return str(kommun_iri(code)), code
    return None, None


def _find_head_noun_names(doc: PostDoc, sentence: Sentence) -> None:
    tokens = sentence.tokens
    for k, token in enumerate(tokens):
        if k == 0 or capitalised(token):
            continue
        head = _head_noun(token)
        if head is None:
            continue
        i = k
        while i > 0 and capitalised(tokens[i - 1]) and tokens[i - 1].pos in {"PM", "NN", "JJ"}:
            i -= 1
        if i == k or (i == 0 and tokens[0].pos != "PM"):
            continue
        start, end = tokens[i].start, token.end
        if taken(doc, start, end, {"organisation", "person"}):
            continue
        home, code = _home_of(tokens[i:k], doc, end)
        kind, relation = head
        name = doc.text[start:end]
        if is_genitive(token) and name.endswith("s"):
            name = name[:-1]
        _add_org(
            doc,
            name=name,
            start=start,
            end=end,
            sentence=sentence.index,
            kind=kind,
            rule="head-noun-organisation",
            home=home,
            relation=relation,
            confidence=0.85,
        )


def _find_appositions(doc: PostDoc, sentence: Sentence) -> None:
    tokens = sentence.tokens
    for k, token in enumerate(tokens[:-1]):
        if token.text.lower() not in lexicon.APPOSITIVE_NOUNS or not capitalised(tokens[k + 1]):
            continue
        j = k + 1
        while j < len(tokens) and j - k <= 3 and tokens[j].pos in {"PM", "NN", "JJ"}:
            j += 1
        name_tokens = tokens[k + 1 : j]
        start, end = name_tokens[0].start, name_tokens[-1].end
        if taken(doc, start, end, {"organisation", "person", "municipality", "locality"}):
            continue
        _add_org(
            doc,
            name=doc.text[start:end],
            start=start,
            end=end,
            sentence=sentence.index,
            kind="Library" if "bibliotek" in token.text.lower() else "Organisation",
            rule="apposition-organisation",
            home=None,
            relation=None,
            confidence=0.75,
        )


# Found with word_start_matches, as the gazetteer's names.
_REGION = re.compile(
    r"(?:Region|Regionbibliotek|Regionförbundet|Länsstyrelsen i|Länsstyrelsen)"
    r" (?:[A-ZÅÄÖ][\wåäöé-]+)(?: län)?(?![\w-])"
)


def _find_regions(doc: PostDoc) -> None:
    """Add regional bodies named "Region X", "Regionbibliotek X län", "Länsstyrelsen X"."""
    for match in word_start_matches(_REGION, doc.text):
        start, end = match.start(), match.end()
        sentence = _sentence_of(doc, start)
        if sentence < 0 or taken(doc, start, end, {"organisation", "person"}):
            continue
        name = match.group(0)
        if name.endswith("s") and not name.endswith(" län"):
            name = name[:-1]  # "Region Kronobergs" -> "Region Kronoberg"
        kind = "Authority" if name.startswith("Länsstyrelsen") else "RegionalBody"
        _add_org(
            doc,
            name=name,
            start=start,
            end=end,
            sentence=sentence,
            kind=kind,
            rule="region-organisation",
            home=None,
            relation=None,
            confidence=0.9,
        )


def _institution_kind(token: Token) -> str | None:
    word = token.text.lower()
    if word in _STANDALONE_INSTITUTIONS:
        return lexicon.INSTITUTION_SUFFIXES[word]
    match = _INSTITUTION_END.search(word)
    if match is None or match.start() < 3:
        return None
    return lexicon.INSTITUTION_SUFFIXES[match.group(0)]


# The longest suffix first, so "universitetet" wins over a shorter ending.
_INSTITUTION_END = _ending(lexicon.INSTITUTION_SUFFIXES)


# "Biblioteket" or "Länsstyrelsen" alone is a common noun at the start of a sentence; these two
# are always the one institution.
_STANDALONE_INSTITUTIONS = {"riksdagen", "regeringen"}


def _find_institution_words(doc: PostDoc, sentence: Sentence) -> None:
    """Add "Skolverket", "Kulturrådet", "Socialstyrelsen": capitalised institution compounds."""
    for token in sentence.tokens:
        # The cheap tests first: most words are not nouns, nor capitalised.
        if token.pos not in {"PM", "NN"} or not capitalised(token):
            continue
        kind = _institution_kind(token)
        if kind is None:
            continue
        if taken(doc, token.start, token.end, {"organisation", "person"}):
            continue
        _add_org(
            doc,
            name=token.text,
            start=token.start,
            end=token.end,
            sentence=sentence.index,
            kind=kind,
            rule="institution-word",
            home=None,
            relation=None,
            confidence=0.75,
        )


def _inst_spans(sentence: Sentence) -> list[list[Token]]:
    spans, current = [], []
    for token in sentence.tokens:
        if token.ne == "B-inst" or (token.ne == "I-inst" and current):
            if token.ne == "B-inst" and current:
                spans.append(current)
                current = []
            current.append(token)
        elif current:
            spans.append(current)
            current = []
    if current:
        spans.append(current)
    return spans


def _first_names(doc: PostDoc) -> set[str]:
    return {m.attrs["name"].split()[0] for m in doc.mentions if m.kind == "person"}


def _find_efselab_institutions(doc: PostDoc, sentence: Sentence) -> None:
    """Add efselab's institution names, except municipalities and stray genitives."""
    for tokens in _inst_spans(sentence):
        while tokens and not capitalised(tokens[0]):
            tokens = tokens[1:]
        if not tokens:
            continue
        start, end = tokens[0].start, tokens[-1].end
        name = doc.text[start:end]
        if len(tokens) == 1 and (is_genitive(tokens[0]) or len(name) < 3):
            continue
        if len(tokens) == 1 and name in _first_names(doc):
            continue
        if reference.municipality_by_name(name) or taken(doc, start, end, None):
            continue
        _add_org(
            doc,
            name=name,
            start=start,
            end=end,
            sentence=sentence.index,
            kind="Organisation",
            rule="efselab-inst",
            home=None,
            relation=None,
            confidence=0.7,
        )


def find_organisations(doc: PostDoc) -> PostDoc:
    """Add organisation mentions with their kind and home municipality."""
    _find_gazetteer(doc)
    _find_regions(doc)
    for sentence in doc.sentences:
        _find_head_noun_names(doc, sentence)
        _find_appositions(doc, sentence)
        _find_institution_words(doc, sentence)
        _find_efselab_institutions(doc, sentence)
    _mention_name_homes(doc)
    return doc


def _mention_name_homes(doc: PostDoc) -> None:
    """Add the municipality an organisation's name begins with ("Lunds universitet" -> Lund)."""
    for org in [m for m in doc.mentions if m.kind == "organisation"]:
        first = re.match(r"[\wåäöÅÄÖé-]+", org.text)
        if first is None:
            continue
        kommun = reference.municipality_by_name(first.group(0))
        start, end = org.start, org.start + first.end()
        if kommun is None or taken(doc, start, end, {"municipality"}):
            continue
        doc.mentions.append(
            mention(
                doc,
                "municipality",
                start,
                end,
                org.sentence,
                rule="organisation-home",
                confidence=0.9,
                key=str(kommun_iri(kommun.code)),
                attrs={"code": kommun.code, "name": kommun.name},
            )
        )
