"""Stable identifiers: the IRIs of docs/graph-shape.md, made the same way in every run.

Every module that names a thing in the graph asks this module for its IRI, so that the
same person, organisation or municipality gets the same IRI in every post and every run
(ingesting a post twice then changes nothing).

>>> slug("Malmö stadsbibliotek")
'malmo-stadsbibliotek'
>>> str(kommun_iri("1284"))
'https://w3id.org/samverkan/id/kommun/1284'
>>> str(locality_iri("1284", "Mölle"))
'https://w3id.org/samverkan/id/ort/1284-molle'
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Namespace, URIRef

from graph.text import fold, short_hash, slug  # noqa: F401 - part of this module's interface

SID = Namespace("https://w3id.org/samverkan/id/")
SGR = Namespace("https://w3id.org/samverkan/graph/")
SPROC = Namespace("https://w3id.org/samverkan/process/")

REFERENCE_GRAPH = SGR["reference"]
CURATION_GRAPH = SGR["curation"]


def _required_slug(text: str, kind: str) -> str:
    # An empty slug would make every nameless thing of a kind share one IRI.
    made = slug(text)
    if not made:
        raise ValueError(f"cannot make a {kind} identifier from {text!r}")
    return made


def iri(kind: str, *parts: str) -> URIRef:
    """Return ``sid:<kind>/<part>/<part>...`` for parts that are already identifiers."""
    return URIRef(SID + "/".join((kind, *parts)))


def hashed_iri(kind: str, *parts: object) -> URIRef:
    """Return ``sid:<kind>/<16 hex>`` for things named by what they join (memberships, evidence)."""
    return iri(kind, short_hash(*parts))


def person_iri(name: str) -> URIRef:
    """Return ``sid:person/<slug of full name>``, e.g. ``sid:person/terese-blandford``."""
    return iri("person", _required_slug(name, "person"))


def org_iri(name: str) -> URIRef:
    """Return ``sid:org/<slug of canonical name>``, e.g. ``sid:org/malmo-stadsbibliotek``."""
    return iri("org", _required_slug(name, "organisation"))


def kommun_iri(code: str) -> URIRef:
    """Return ``sid:kommun/<kommunkod>``, e.g. ``sid:kommun/1284`` for Höganäs."""
    if not re.fullmatch(r"\d{4}", code):
        raise ValueError(f"a kommunkod has four digits, not {code!r}")
    return iri("kommun", code)


def lan_iri(code: str) -> URIRef:
    """Return ``sid:lan/<länskod>``, e.g. ``sid:lan/12`` for Skåne län."""
    if not re.fullmatch(r"\d{2}", code):
        raise ValueError(f"a länskod has two digits, not {code!r}")
    return iri("lan", code)


def locality_iri(kommunkod: str, name: str) -> URIRef:
    """Return ``sid:ort/<kommunkod>-<slug>``: the code keeps same-named places apart."""
    kommun_iri(kommunkod)  # validates the code
    return iri("ort", f"{kommunkod}-{_required_slug(name, 'locality')}")


def role_iri(base: str) -> URIRef:
    """Return ``sid:role/<slug of base form>``, e.g. ``sid:role/bibliotekschef``."""
    return iri("role", _required_slug(base, "role"))


def event_iri(name: str, start: dt.date | str) -> URIRef:
    """Return ``sid:event/<slug of name>-<start date>``, e.g. ``...-2014-09-18``."""
    day = start.isoformat() if isinstance(start, dt.date) else str(start)
    return iri("event", f"{_required_slug(name, 'event')}-{day}")


def process_iri(label: str) -> URIRef:
    """Return ``sproc:<slug>``, e.g. ``sproc:meroppet`` for the process "meröppet"."""
    return URIRef(SPROC + _required_slug(label, "process"))


def post_id(url: str | None, date: dt.date | str | None, title: str) -> str:
    """Return a post's 16-hex id: of its URL when known, else of ``"<date>|<title>"``.

    The URL is the most stable name a post has; a post read from a file without one is
    named by its date and title, which do not change when the file is moved.
    """
    if url:
        return short_hash(url)
    day = date.isoformat() if isinstance(date, dt.date) else (date or "")
    return short_hash(f"{day}|{title}")


def post_iri(post_id: str) -> URIRef:
    """Return ``sid:post/<post id>``."""
    return iri("post", post_id)


def post_graph_iri(post_id: str) -> URIRef:
    """Return ``sgr:post/<post id>``, the named graph holding everything read from the post."""
    return URIRef(SGR + f"post/{post_id}")


def sentence_iri(post_id: str, index: int) -> URIRef:
    """Return ``sid:post/<post id>/sentence/<index>``."""
    return iri("post", post_id, "sentence", str(index))
