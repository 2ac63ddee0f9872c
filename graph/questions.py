"""The ready questions, as SPARQL plus small functions: who works with whom, and how we know.

Every function takes a store (anything with ``query(sparql, bindings=...)`` returning rows of
plain values, the project prefixes predeclared: graph/store.py) and returns plain data:
dataclasses for ``who`` and ``path``, an :class:`Answer` (columns and rows) for the lists.
Printing is the CLI's business.

Names typed by a user never enter a query's text: they are matched in Python against the
names the store holds (:func:`find`), and what a query needs of them (an IRI) is bound through
``bindings=``. Periods (``since``/``until``) are applied in Python to the posts' dates, so both
backends answer alike whatever their date arithmetic.

This module imports nothing heavy: ``who`` must answer at once. The network questions (path,
brokers, groups) import graph.network (networkx) when called.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

KINDS = ("person", "organisation", "municipality", "process", "event")
SKANE = "https://w3id.org/samverkan/id/lan/12"


class QuestionError(ValueError):
    """A question that cannot be answered as asked; the message is one line for the user."""


class Ambiguous(QuestionError):
    """Several things fit the name typed; ``candidates`` lists them, best first."""

    def __init__(self, text: str, candidates: list[Thing]) -> None:
        self.text = text
        self.candidates = candidates
        names = ", ".join(c.label for c in candidates[:8])
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        super().__init__(f"several fit “{text}”: {names}{more}; type more of the name")


class NotFound(QuestionError):
    """Nothing in the graph fits the name typed."""

    def __init__(self, text: str, kinds: Iterable[str]) -> None:
        self.text = text
        self.kinds = tuple(kinds)
        super().__init__(f"nothing called “{text}” is in the graph")


# --- dates -----------------------------------------------------------------------------------


def as_date(value: object) -> dt.date | None:
    """Return ``value`` as a date: backends hand dates back as date, datetime or ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_period(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    """Return the period ``since``..``until`` (YYYY, YYYY-MM or YYYY-MM-DD) as dates.

    A year or month means all of it: ``--since 2015 --until 2016`` is 2015-01-01..2016-12-31.
    Raises QuestionError on anything else, so the user sees one line.
    """
    return _bound(since, start=True), _bound(until, start=False)


def _bound(text: str | None, *, start: bool) -> dt.date | None:
    if not text:
        return None
    parts = text.strip().split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1:
            return dt.date(numbers[0], 1, 1) if start else dt.date(numbers[0], 12, 31)
        if len(numbers) == 2:
            year, month = numbers
            first = dt.date(year, month, 1)
            if start:
                return first
            return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        if len(numbers) == 3:
            return dt.date(*numbers)
    except ValueError:
        pass
    raise QuestionError(f"“{text}” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")


def in_period(date: object, since: dt.date | None, until: dt.date | None) -> bool:
    """Return whether ``date`` lies in the period; an undated post lies in no bounded period."""
    if since is None and until is None:
        return True
    day = as_date(date)
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)


# --- finding things by name ----------------------------------------------------------------


def fold(text: str) -> str:
    """Return ``text`` folded for forgiving comparison: "Höganäs" and "hoganas" fold alike.

    >>> fold("Per-Anders  HÖGANÄS")
    'per anders hoganas'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").split())


@dataclass(frozen=True)
class Thing:
    """Something named in the graph: a person, organisation, municipality, process, event."""

    iri: str
    type: str
    label: str


_THINGS = """
SELECT DISTINCT ?thing ?type ?label ?main WHERE {
  {
    ?thing a foaf:Person ; foaf:name ?label . BIND("person" AS ?type) BIND("1" AS ?main)
  } UNION {
    ?thing a samv:Municipality ; rdfs:label ?label . BIND("municipality" AS ?type)
    BIND("1" AS ?main)
  } UNION {
    ?thing a samv:Municipality ; skos:altLabel ?label . BIND("municipality" AS ?type)
  } UNION {
    ?thing a org:Organization ; rdfs:label ?label .
    FILTER NOT EXISTS { ?thing a samv:Municipality }
    BIND("organisation" AS ?type) BIND("1" AS ?main)
  } UNION {
    ?thing a org:Organization ; skos:altLabel ?label .
    FILTER NOT EXISTS { ?thing a samv:Municipality }
    BIND("organisation" AS ?type)
  } UNION {
    ?thing a skos:Concept ; skos:inScheme ?scheme ; skos:prefLabel ?label .
    BIND("process" AS ?type) BIND("1" AS ?main)
  } UNION {
    ?thing a skos:Concept ; skos:inScheme ?scheme ; skos:altLabel ?label .
    BIND("process" AS ?type)
  } UNION {
    ?thing a schema:Event ; schema:name ?label . BIND("event" AS ?type) BIND("1" AS ?main)
  } UNION {
    ?thing a samv:County ; rdfs:label ?label . BIND("county" AS ?type) BIND("1" AS ?main)
  }
  BIND(LANG(?label) AS ?lang)
}"""


@dataclass
class Names:
    """Every named thing of the graph: its display label (in one language) and all its names."""

    things: dict[str, Thing]
    names: dict[str, set[str]]  # iri -> folded names

    def label(self, iri: str) -> str:
        """Return the display label of ``iri`` (the end of the IRI when it has none)."""
        thing = self.things.get(iri)
        return thing.label if thing else iri.rstrip("/").rsplit("/", 1)[-1]

    def type(self, iri: str) -> str | None:
        thing = self.things.get(iri)
        return thing.type if thing else None

    def of_type(self, kind: str) -> list[Thing]:
        return sorted((t for t in self.things.values() if t.type == kind), key=_by_label)


def names(store: Any, lang: str = "sv") -> Names:
    """Return every named thing in the store, labelled in ``lang`` where a label has one.

    One query for the whole graph: the lists need the labels of everything they show, and
    matching forgivingly (case, diacritics, part of a name) has to happen in Python.
    """
    rows = store.query(_THINGS + "\n")
    best: dict[str, tuple[int, str, str]] = {}
    every: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        iri, label, kind = str(row["thing"]), str(row["label"]), str(row["type"])
        every[iri].add(fold(label))
        language = str(row.get("lang") or "")
        rank = (0 if row.get("main") else 4) + (
            0 if language == lang else 1 if language in ("", "sv") else 2
        )
        known = best.get(iri)
        if known is None or (rank, label) < (known[0], known[2]):
            best[iri] = (rank, kind, label)
    things = {iri: Thing(iri, kind, label) for iri, (_, kind, label) in best.items()}
    return Names(things, dict(every))


def find(store: Any, text: str, kinds: Iterable[str] = KINDS, *, known: Names | None = None):
    """Return the one thing of ``kinds`` that ``text`` names, forgivingly.

    "terese", "Blandford", "HOGANAS", "1284" and the full IRI all work. A full name wins over
    a part of one, a whole word over the start of one. Raises :class:`NotFound` when nothing
    fits and :class:`Ambiguous` (listing the candidates) when several do.
    """
    found = candidates(known or names(store), text, kinds)
    if not found:
        raise NotFound(text, kinds)
    if len(found) > 1:
        raise Ambiguous(text, found)
    return found[0]


def candidates(known: Names, text: str, kinds: Iterable[str] = KINDS) -> list[Thing]:
    """Return the things of ``kinds`` that fit ``text`` best (several only when they tie)."""
    kinds = set(kinds)
    pool = [t for t in known.things.values() if t.type in kinds]
    text = text.strip()
    by_iri = [t for t in pool if text in (t.iri, t.iri.rsplit("/", 1)[-1])]
    if by_iri:
        return by_iri
    wanted = fold(text).split()
    if not wanted:
        return []
    tiers: dict[int, list[Thing]] = defaultdict(list)
    for thing in pool:
        tier = min((_fit(wanted, name.split()) for name in known.names.get(thing.iri, ())), default=9)
        if tier < 9:
            tiers[tier].append(thing)
    if not tiers:
        return []
    return sorted(tiers[min(tiers)], key=_by_label)


def _fit(wanted: list[str], words: list[str]) -> int:
    # 0: the whole name; 1: every word typed is a word of the name; 2: starts of words.
    if wanted == words:
        return 0
    if all(w in words for w in wanted):
        return 1
    if all(any(word.startswith(w) for word in words) for w in wanted):
        return 2
    return 9


def _by_label(thing: Thing) -> tuple[str, str]:
    return (fold(thing.label), thing.iri)


# --- who works with whom ---------------------------------------------------------------------

# One row per (connected thing, kind of tie, piece of evidence). The evidence is the reified
# statement that ties the other end to the shared thing (event, delegation, organisation), so
# the sentence shown is the one that says it.
_TAIL = """
  ?other rdfs:label ?otherLabel .
  ?ev prov:wasDerivedFrom ?post ; samv:sentence ?s .
  ?s samv:text ?sentence .
  OPTIONAL { ?s samv:index ?index }
  ?post dcterms:title ?title .
  OPTIONAL { ?post dcterms:date ?date }
  OPTIONAL { ?post schema:url ?url }
}"""

_PERSON_TIES = (
    """
SELECT DISTINCT ?other ?otherLabel ?kind ?via ?viaLabel ?post ?title ?date ?url ?sentence ?index
WHERE {
  {
    ?via samv:delegate ?subject, ?other . FILTER(?other != ?subject)
    BIND("delegation" AS ?kind)
    ?via samv:represents ?rep . ?rep rdfs:label ?viaLabel .
    ?ev rdf:subject ?via ; rdf:predicate samv:represents ; rdf:object ?rep .
  } UNION {
    ?via samv:speaker|samv:participant ?subject .
    ?via samv:speaker|samv:participant|samv:participantOrganisation ?other .
    FILTER(?other != ?subject)
    BIND("event" AS ?kind)
    ?via schema:name ?viaLabel .
    ?ev rdf:subject ?via ; rdf:object ?other .
  } UNION {
    ?subject org:memberOf ?via . ?other org:memberOf ?via . FILTER(?other != ?subject)
    BIND("colleague" AS ?kind)
    ?via rdfs:label ?viaLabel .
    ?ev rdf:subject ?other ; rdf:predicate org:memberOf ; rdf:object ?via .
  } UNION {
    ?subject org:memberOf ?other .
    BIND("works_at" AS ?kind)
    BIND(?other AS ?via)
    ?other rdfs:label ?viaLabel .
    ?ev rdf:subject ?subject ; rdf:predicate org:memberOf ; rdf:object ?other .
  }"""
    + _TAIL
)

# An organisation or municipality works with the people in it (and in its own bodies), the
# people who represented it, and whoever met it at an event.
_ORGANISATION_TIES = (
    """
SELECT DISTINCT ?other ?otherLabel ?kind ?via ?viaLabel ?post ?title ?date ?url ?sentence ?index
WHERE {
  {
    ?other org:memberOf ?subject ; a foaf:Person .
    BIND(?subject AS ?via)
    BIND("staff" AS ?kind)
    ?via rdfs:label ?viaLabel .
    ?ev rdf:subject ?other ; rdf:predicate org:memberOf ; rdf:object ?via .
  } UNION {
    ?via org:subOrganizationOf|schema:location ?subject .
    ?other org:memberOf ?via ; a foaf:Person .
    BIND("staff" AS ?kind)
    ?via rdfs:label ?viaLabel .
    ?ev rdf:subject ?other ; rdf:predicate org:memberOf ; rdf:object ?via .
  } UNION {
    ?via samv:represents ?subject ; samv:delegate ?other .
    BIND("represented" AS ?kind)
    ?subject rdfs:label ?viaLabel .
    ?ev rdf:subject ?via ; rdf:predicate samv:represents ; rdf:object ?subject .
  } UNION {
    ?via samv:participantOrganisation ?subject .
    ?via samv:speaker|samv:participant|samv:participantOrganisation ?other .
    FILTER(?other != ?subject)
    BIND("event" AS ?kind)
    ?via schema:name ?viaLabel .
    ?ev rdf:subject ?via ; rdf:object ?other .
  }"""
    + _TAIL
)

# How much each kind of tie says, for ranking: being sent together says more than meeting
# at the same large conference.
KIND_WEIGHT = {
    "delegation": 3.0,
    "represented": 3.0,
    "works_at": 2.5,
    "staff": 2.5,
    "colleague": 2.0,
    "event": 1.0,
}


@dataclass(frozen=True)
class Evidence:
    """Where a tie is written: the post (title, date, url) and the sentence that says it."""

    title: str
    date: dt.date | None
    url: str | None
    sentence: str


@dataclass
class Tie:
    """One way two things are connected (``kind``, through ``via``), with where it is written."""

    kind: str  # delegation, event, colleague, works_at; staff, represented (organisations)
    via: str  # the shared thing's label (event name, organisation, represented municipality)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Connection:
    """Someone or something NAME works with, what they are, and every tie between them."""

    iri: str
    label: str
    type: str
    roles: list[str] = field(default_factory=list)  # "bibliotekschef i Höganäs"
    ties: list[Tie] = field(default_factory=list)
    score: float = 0.0

    def rank_score(self) -> float:
        """Return how strongly this is tied: the kinds of ties plus half a point per post."""
        posts = {(e.title, e.date) for tie in self.ties for e in tie.evidence}
        return sum(KIND_WEIGHT.get(t.kind, 1.0) for t in self.ties) + 0.5 * len(posts)


@dataclass
class WhoAnswer:
    """The answer to "who works with NAME": what NAME is, its roles, and its connections."""

    query: str
    iri: str
    name: str
    type: str
    roles: list[str] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)


_ROLES = """
SELECT DISTINCT ?person ?org ?role WHERE {
  ?person a foaf:Person ; org:memberOf ?org .
  OPTIONAL {
    ?m org:member ?person ; org:organization ?org ; org:role ?r .
    ?r rdfs:label ?role
  }
}"""


def roles(store: Any, known: Names, *, word: str = "i") -> dict[str, list[str]]:
    """Return each person's roles and organisations as phrases: "bibliotekschef i Höganäs".

    A tie to an organisation without a role is the organisation's name alone.
    """
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in store.query(_ROLES + "\n"):
        found[str(row["person"])].add((str(row.get("role") or ""), known.label(str(row["org"]))))
    phrases: dict[str, list[str]] = {}
    for person, pairs in found.items():
        with_role = {org for role, org in pairs if role}
        phrases[person] = sorted(
            f"{role} {word} {org}" if role else org
            for role, org in pairs
            if role or org not in with_role
        )
    return phrases


def who(
    store: Any,
    name: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "sv",
) -> WhoAnswer:
    """Return who the person, organisation or municipality called ``name`` works with.

    Connections come ranked (strongest first), each with its roles and every tie's evidence
    from posts dated in ``since``..``until``. Raises NotFound or Ambiguous (with candidates).
    """
    known = names(store, lang)
    thing = find(store, name, ("person", "organisation", "municipality"), known=known)
    by_person = roles(store, known, word="i" if lang == "sv" else "at")
    answer = WhoAnswer(
        query=name, iri=thing.iri, name=thing.label, type=thing.type, roles=by_person.get(thing.iri, [])
    )
    sparql = _PERSON_TIES if thing.type == "person" else _ORGANISATION_TIES
    rows = store.query(sparql, bindings={"subject": _iri(thing.iri)})
    answer.connections = _connections(rows, known, by_person, since, until)
    return answer


def _iri(value: str) -> Any:
    from graph.store import IRI

    return IRI(value)


def _connections(
    rows: Iterable[dict],
    known: Names,
    by_person: dict[str, list[str]],
    since: dt.date | None,
    until: dt.date | None,
) -> list[Connection]:
    found: dict[str, Connection] = {}
    # The first sentence of a post that states the tie is the one to show.
    for row in sorted(rows, key=lambda r: (r.get("index") is None, r.get("index") or 0)):
        if not in_period(row.get("date"), since, until):
            continue
        other = str(row["other"])
        connection = found.get(other)
        if connection is None:
            kind = known.type(other) or "organisation"
            label = known.label(other) if other in known.things else str(row["otherLabel"])
            connection = Connection(other, label, kind, by_person.get(other, []))
            found[other] = connection
        via = str(row["viaLabel"])
        tie = next((t for t in connection.ties if (t.kind, t.via) == (row["kind"], via)), None)
        if tie is None:
            tie = Tie(kind=str(row["kind"]), via=via)
            connection.ties.append(tie)
        evidence = Evidence(
            str(row["title"]), as_date(row.get("date")), row.get("url"), str(row["sentence"])
        )
        if all((e.title, e.date) != (evidence.title, evidence.date) for e in tie.evidence):
            tie.evidence.append(evidence)
    for connection in found.values():
        connection.ties.sort(key=lambda t: (-KIND_WEIGHT.get(t.kind, 1.0), t.kind, fold(t.via)))
        for tie in connection.ties:
            tie.evidence.sort(key=lambda e: (str(e.date or ""), e.title))
        connection.score = connection.rank_score()
    return sorted(found.values(), key=lambda c: (-c.score, fold(c.label), c.iri))
