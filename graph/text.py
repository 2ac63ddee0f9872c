"""How names are normalised: ``slug`` for identifiers, ``fold`` for forgiving comparison;
and the plain-text identifiers both the writer and the questions make (``short_hash``,
``evidence_iri``).

Kept free of rdflib so that the questions (``who`` answers as a whole process in well under a
second) can use it without paying for rdflib's import.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from graph.prefixes import PREFIXES

# Letters that NFKD does not split into a base letter and a combining mark.
_UNSPLITTABLE = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Return ``text`` as a lower-case ASCII slug: ``"Östra Göinge"`` -> ``"ostra-goinge"``.

    Diacritics are dropped (å/ä -> a, ö -> o, é -> e), every run of other characters
    becomes one ``-``, and leading or trailing ``-`` are stripped. It exists so that
    IRIs made from names stay readable and identical however the name was typed.

    >>> slug("  Per-Anders  Hillgren ")
    'per-anders-hillgren'
    >>> slug("Bibliotekschefsinternat i Mölle 18–19/9")
    'bibliotekschefsinternat-i-molle-18-19-9'
    """
    lowered = unicodedata.normalize("NFKD", text.casefold().translate(_UNSPLITTABLE))
    bare = "".join(ch for ch in lowered if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("-", bare.translate(_UNSPLITTABLE)).strip("-")


def fold(text: str) -> str:
    """Return ``text`` folded for forgiving comparison: lower case, no diacritics, a hyphen
    read as a space, whitespace collapsed. "Höganäs" and "hoganas" fold alike.

    >>> fold("Per-Anders  HÖGANÄS")
    'per anders hoganas'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").split())


_HASH_LENGTH = 16


def short_hash(*parts: object) -> str:
    """Return 16 hex digits of the SHA-256 of ``parts`` joined by the unit separator.

    The separator (``\\x1f``) cannot occur in ordinary text, so ``("a b", "c")`` and
    ``("a", "b c")`` never collide.
    """
    joined = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:_HASH_LENGTH]


_EVIDENCE = PREFIXES["sid"] + "evidence/"


def evidence_iri(post_id: str, subject: str, predicate: str, obj: str) -> str:
    """Return the IRI of the evidence that post ``post_id`` states the triple: one per post
    and triple, hashed from the IRIs as text, so that it is the same in every run and version
    (graph/rdf.py names evidence so; the questions find it so without a lookup)."""
    return _EVIDENCE + short_hash(post_id, subject, predicate, obj)
