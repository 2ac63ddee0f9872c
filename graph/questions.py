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
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from graph.prefixes import PREFIXES
from graph.text import evidence_iri, fold

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


@dataclass(frozen=True)
class Thing:
    """Something named in the graph: a person, organisation, municipality, process, event."""

    iri: str
    type: str
    label: str


# How each kind of thing is named: (type, what it is, the property naming it, whether that is
# the main name).
_NAMING = (
    ("person", "?thing a foaf:Person", "foaf:name", True),
    ("municipality", "?thing a samv:Municipality", "rdfs:label", True),
    ("organisation", "?thing a org:Organization", "rdfs:label", True),
    ("organisation", "?thing a org:Organization", "skos:altLabel", False),
    ("process", "?thing a skos:Concept ; skos:inScheme ?scheme", "skos:prefLabel", True),
    ("process", "?thing a skos:Concept ; skos:inScheme ?scheme", "skos:altLabel", False),
    ("event", "?thing a schema:Event", "schema:name", True),
    ("county", "?thing a samv:County", "rdfs:label", True),
)


def _naming(kinds: Iterable[str]) -> list[tuple[str, str, str, bool]]:
    # A municipality is an org:Organization too: its names are read when either is asked for.
    kinds = set(kinds)
    wanted = kinds | ({"organisation"} if "municipality" in kinds else set())
    return [naming for naming in _NAMING if naming[0] in wanted]


def _things_query(kinds: Iterable[str]) -> str:
    main_name = ' BIND("1" AS ?main)'
    branches = [
        f'{{ {what} ; {name} ?label . BIND("{kind}" AS ?type){main_name if main else ""}'
        " BIND(LANG(?label) AS ?lang) }"
        for kind, what, name, main in _naming(kinds)
    ]
    union = "\n  UNION ".join(branches)
    return "SELECT DISTINCT ?thing ?type ?label ?main ?lang WHERE {\n  " + union + "\n}\n"


_TYPE_RANK = {
    "person": 0,
    "municipality": 1,
    "county": 2,
    "process": 3,
    "event": 4,
    "organisation": 5,
}


@dataclass
class Names:
    """Every named thing of the graph: its display label (in one language) and all its names,
    folded and as written."""

    things: dict[str, Thing]
    names: dict[str, set[str]]  # iri -> folded names
    written: dict[str, set[str]] = field(default_factory=dict)  # iri -> names as written

    def label(self, iri: str) -> str:
        """Return the display label of ``iri`` (the end of the IRI when it has none)."""
        thing = self.things.get(iri)
        return thing.label if thing else iri.rstrip("/").rsplit("/", 1)[-1]

    def type(self, iri: str) -> str | None:
        """Return what ``iri`` is (person, organisation, ...), or None when it is unnamed."""
        thing = self.things.get(iri)
        return thing.type if thing else None

    def of_type(self, kind: str) -> list[Thing]:
        """Return the things of one kind, in Swedish alphabetical order."""
        return sorted((t for t in self.things.values() if t.type == kind), key=_by_label)


def names(
    store: Any,
    lang: str = "sv",
    kinds: Iterable[str] = (*KINDS, "county"),
    *,
    among: Iterable[str] | None = None,
) -> Names:
    """Return every named thing in the store, labelled in ``lang`` where a label has one.

    One query for the whole graph (``kinds`` narrows it): the lists need the labels of
    everything they show, and matching forgivingly (case, diacritics, part of a name) has
    to happen in Python. ``among`` (IRIs read from the store) limits it to those things,
    so that one answer's labels cost the same in a small graph and a large one.
    """
    query = _things_query(tuple(kinds))
    rows = store.query(query) if among is None else _rows_among(store, query, "thing", among)
    return _names_from(rows, lang)


# The languages a name typed exactly as written is looked up in (:func:`_named_exactly`):
# the graph's names are plain, Swedish or English.
_WRITTEN_LANGUAGES = ("", "sv", "en")


def _names_from(rows: Iterable[dict], lang: str) -> Names:
    """Return the Names that rows of :func:`_things_query` give, labelled in ``lang``."""
    best: dict[str, tuple[int, str, str]] = {}
    every: dict[str, set[str]] = defaultdict(set)
    written: dict[str, set[str]] = defaultdict(set)
    types: dict[str, str] = {}
    for row in rows:
        iri, kind = str(row["thing"]), str(row["type"])
        # A municipality is an org:Organization too: the most specific type wins.
        if _TYPE_RANK[kind] < _TYPE_RANK[types.get(iri, "organisation")] or iri not in types:
            types[iri] = kind
    for row in rows:
        iri, label, kind = str(row["thing"]), str(row["label"]), types[str(row["thing"])]
        every[iri].add(fold(label))
        language = str(row.get("lang") or "")
        if language in _WRITTEN_LANGUAGES:
            written[iri].add(label)
        rank = (0 if row.get("main") else 4) + (
            0 if language == lang else 1 if language in ("", "sv") else 2
        )
        known = best.get(iri)
        if known is None or (rank, label) < (known[0], known[2]):
            best[iri] = (rank, kind, label)
    things = {iri: Thing(iri, kind, label) for iri, (_, kind, label) in best.items()}
    return Names(things, dict(every), dict(written))


def _restricted(query: str, variable: str, iris: Iterable[str]) -> str | None:
    """Return ``query`` with its WHERE group limited to ``iris`` (a VALUES block), or None
    when there are none.

    Only IRIs the store itself returned go in (never text a user typed), and each is checked
    to be a plain IRI, so nothing can change the query.
    """
    values = sorted({str(i) for i in iris})
    if not values:
        return None
    if any(_UNSAFE_IRI.search(v) for v in values):
        raise ValueError("an IRI from the store cannot be used in a query")
    block = f"VALUES ?{variable} {{ " + " ".join(f"<{v}>" for v in values) + " }\n"
    where = query.index("WHERE {") + len("WHERE {")
    return query[:where] + "\n  " + block + query[where:]


_UNSAFE_IRI = re.compile(r'[\s<>"{}|^`\\]')

# Oxigraph plans a long VALUES block badly (5,000 posts take 70 times as long as 1,000),
# and a server may refuse a very long query: restricted queries are asked in parts.
_PART = 500


def _rows_among(
    store: Any, query: str, variable: str, iris: Iterable[str], **options: Any
) -> list[dict]:
    """Return the rows of ``query`` limited to ``iris`` (see :func:`_restricted`), asked
    in parts of :data:`_PART`."""
    values = sorted({str(i) for i in iris})
    rows: list[dict] = []
    for start in range(0, len(values), _PART):
        part = _restricted(query, variable, values[start : start + _PART])
        rows.extend(store.query(part, **options))
    return rows


def _names_like(store: Any, text: str, kinds: Iterable[str], lang: str) -> Names:
    """Return the named things of ``kinds`` that may fit ``text``.

    A name of several words typed exactly as the graph writes it is looked up as written
    (an index lookup, fast at any size) and wins (:func:`candidates`). Otherwise the store
    keeps the names containing the longest word typed, as typed (one scan of the names);
    when that finds nothing (a name typed without its å, ä, ö, an IRI, a kommunkod), every
    name is read and matched forgivingly in Python.
    """
    kinds = tuple(kinds)
    typed = text.strip()
    # With a space in it, no IRI's end can be meant; where LCASE and casefold agree, the
    # scan below would find what is written so too: the lookup chooses as the scan would.
    if len(typed.split()) > 1 and typed.casefold() == typed.lower():
        found = names(store, lang, kinds, among=_named_exactly(store, kinds, typed))
        if any(typed in found.written.get(t.iri, ()) for t in found.things.values()):
            return found
    words = sorted(text.casefold().replace("-", " ").split(), key=len)
    if words and len(words[-1]) >= 2 and not text.strip().isdigit() and "/" not in text:
        found = _named_containing(store, kinds, words[-1], lang)
        if candidates(found, text, kinds):
            return found
    return names(store, lang, kinds)


def _named_exactly(store: Any, kinds: tuple[str, ...], text: str) -> set[str]:
    """Return the things one of whose names (of those ``kinds`` are named by) is ``text``,
    written so, plain or in one of :data:`_WRITTEN_LANGUAGES`: one index lookup each."""
    import pyoxigraph as ox

    properties = "|".join(sorted({name for _, _, name, _ in _naming(kinds)}))
    query = f"SELECT DISTINCT ?thing WHERE {{ ?thing {properties} ?written }}"
    found = {
        str(row["thing"])
        for lang in _WRITTEN_LANGUAGES
        for row in store.query(
            query, bindings={"written": ox.Literal(text, language=lang) if lang else text}
        )
    }
    # A blank node cannot be named in VALUES: the slower ways then read it.
    return set() if any(thing.startswith("_:") for thing in found) else found


def _named_containing(store: Any, kinds: tuple[str, ...], word: str, lang: str) -> Names:
    """Return the things of ``kinds`` one of whose names contains ``word`` (in lower case),
    with all their names.

    Whatever has a label holding the word is found first, by one scan of the labels; the
    kinds' own names are then read for those alone, each marked whether it holds the word.
    """
    properties = "|".join(sorted({name for _, _, name, _ in _naming(kinds)}))
    labelled = store.query(
        f"SELECT DISTINCT ?thing WHERE {{ ?thing {properties} ?label ."
        " FILTER(CONTAINS(LCASE(?label), ?word)) }",
        bindings={"word": word},
    )
    query = _things_query(kinds).replace(" ?lang WHERE", " ?lang ?hit WHERE", 1)
    inner = query.rindex("}")
    query = query[:inner] + "  BIND(CONTAINS(LCASE(?label), ?word) AS ?hit)\n" + query[inner:]
    things = [str(row["thing"]) for row in labelled]
    bindings = {"word": word}
    # A common word (or a blank node, which VALUES cannot name): every name is then read.
    if len(things) > 1000 or any(thing.startswith("_:") for thing in things):
        rows = store.query(query, bindings=bindings)
    else:
        rows = _rows_among(store, query, "thing", things, bindings=bindings)
    holding = {str(row["thing"]) for row in rows if row.get("hit")}
    return _names_from([row for row in rows if str(row["thing"]) in holding], lang)


def find(store: Any, text: str, kinds: Iterable[str] = KINDS, *, known: Names | None = None):
    """Return the one thing of ``kinds`` that ``text`` names, forgivingly.

    "terese", "Blandford", "HOGANAS", "1284" and the full IRI all work. A name typed exactly
    as the graph writes it wins over one that only folds alike ("Goran Mårtensson" over
    "Göran Mårtensson"), a full name over a part of one, a whole word over the start of one.
    Raises :class:`NotFound` when nothing fits and :class:`Ambiguous` (listing the
    candidates) when several do.
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
    # Two people whose names differ only in an accent stay two: typed exactly, one is meant.
    exact = [t for t in pool if text in known.written.get(t.iri, ())]
    if exact:
        return sorted(exact, key=_by_label)
    wanted = fold(text).split()
    if not wanted:
        return []
    tiers: dict[int, list[Thing]] = defaultdict(list)
    for thing in pool:
        tier = min(
            (_fit(wanted, name.split()) for name in known.names.get(thing.iri, ())), default=9
        )
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
    return (sort_key(thing.label), thing.iri)


_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def sort_key(text: str) -> str:
    """Return a key that sorts names as a Swedish reader expects: å, ä, ö after z.

    >>> sorted(["Östra Göinge", "Ängelholm", "Åstorp", "Osby"], key=sort_key)
    ['Osby', 'Åstorp', 'Ängelholm', 'Östra Göinge']
    """
    return fold(text.casefold().translate(_SWEDISH_LAST))


# --- who works with whom ---------------------------------------------------------------------


# One SELECT per kind of tie (Oxigraph answers each at once, a UNION of them slowly): every
# ?other tied to ?subject through ?via, with ?ev, the reified statement that says so, and its
# post. The statement is the one tying the other end to the shared thing (event, delegation,
# organisation), so the sentence shown is the one that says it.
# Oxigraph joins the patterns greedily, the one it guesses smallest first and, among equals,
# in the order written: so each kind starts from what the subject itself is tied to, goes on
# to the statements about that, and checks the rest with FILTER EXISTS once a statement is
# found. A BIND amid the patterns would stop the reordering: it goes last.
_BIND_VIA = re.compile(r"BIND\(\?\w+ AS \?via\)")

# The statements of membership, read once and joined (a sub-SELECT is joined by hashing):
# cheaper than checking the predicate of each of the thousands of statements about a
# municipality.
_MEMBERSHIP_STATEMENTS = "{ SELECT ?ev WHERE { ?ev rdf:predicate org:memberOf } }"


class _TieKind(NamedTuple):
    """One kind of tie as SPARQL: ``pattern`` finds the statements (``?ev``) tying
    ``?subject`` to ``?other`` through ``?via``, in ``?post``; ``in_post_graphs``, where
    given, finds the same ties as the graphs (``?g``) of the posts that state them."""

    kind: str
    pattern: str
    in_post_graphs: str | None = None


# A named co-operation ties people and organisations alike, stated either way round.
_COOPERATION = (
    _TieKind(
        "cooperation",
        "?subject samv:cooperatesWith ?other . BIND(?other AS ?via)"
        " ?ev rdf:subject ?subject ; rdf:predicate samv:cooperatesWith ; rdf:object ?other .",
    ),
    _TieKind(
        "cooperation",
        "?other samv:cooperatesWith ?subject . BIND(?other AS ?via)"
        " ?ev rdf:subject ?other ; rdf:predicate samv:cooperatesWith ; rdf:object ?subject .",
    ),
)

# A person works with those sent with them, those met at an event, colleagues, and the
# organisations they belong to.
_PERSON_TIES = (
    _TieKind(
        "delegation",
        "?d samv:delegate ?subject, ?other ; samv:represents ?via . FILTER(?other != ?subject)"
        " ?ev rdf:subject ?d ; rdf:predicate samv:represents ; rdf:object ?via .",
    ),
    _TieKind(
        "event",
        "?via samv:speaker|samv:participant ?subject . ?ev rdf:subject ?via ; rdf:object ?other ."
        " FILTER(?other != ?subject)"
        " FILTER EXISTS { ?via samv:speaker|samv:participant|samv:participantOrganisation ?other }",
    ),
    _TieKind(
        "colleague",
        f"?subject org:memberOf ?via . ?ev rdf:object ?via . {_MEMBERSHIP_STATEMENTS}"
        " ?ev rdf:subject ?other . FILTER(?other != ?subject)"
        " FILTER EXISTS { ?other org:memberOf ?via }",
        "?subject org:memberOf ?via . GRAPH ?g { ?other org:memberOf ?via }"
        " FILTER(?other != ?subject)",
    ),
    _TieKind(
        "works_at",
        "?ev rdf:subject ?subject ; rdf:predicate org:memberOf ; rdf:object ?other ."
        " FILTER EXISTS { ?subject org:memberOf ?other } BIND(?other AS ?via)",
    ),
    *_COOPERATION,
)

# An organisation or municipality works with the people in it (and in its own bodies), the
# people who represented it, and whoever met it at an event.
_ORGANISATION_TIES = (
    _TieKind(
        "staff",
        f"?ev rdf:object ?subject . {_MEMBERSHIP_STATEMENTS} ?ev rdf:subject ?other ."
        " FILTER EXISTS { ?other org:memberOf ?subject ; a foaf:Person } BIND(?subject AS ?via)",
        "GRAPH ?g { ?other org:memberOf ?subject } FILTER EXISTS { ?other a foaf:Person }"
        " BIND(?subject AS ?via)",
    ),
    _TieKind(
        "staff",
        "?via org:subOrganizationOf|schema:location ?subject ."
        f" ?ev rdf:object ?via . {_MEMBERSHIP_STATEMENTS} ?ev rdf:subject ?other ."
        " FILTER EXISTS { ?other org:memberOf ?via ; a foaf:Person }",
        "?via org:subOrganizationOf|schema:location ?subject ."
        " GRAPH ?g { ?other org:memberOf ?via } FILTER EXISTS { ?other a foaf:Person }",
    ),
    _TieKind(
        "represented",
        "?d samv:represents ?subject ; samv:delegate ?other . BIND(?subject AS ?via)"
        " ?ev rdf:subject ?d ; rdf:predicate samv:represents ; rdf:object ?subject .",
    ),
    _TieKind(
        "event",
        "?via samv:participantOrganisation ?subject . ?ev rdf:subject ?via ; rdf:object ?other ."
        " FILTER(?other != ?subject)"
        " FILTER EXISTS { ?via samv:speaker|samv:participant|samv:participantOrganisation ?other }",
    ),
    *_COOPERATION,
)


def _tie_query(pattern: str, *, dated: bool) -> str:
    """Return the SELECT of one kind of tie; ``dated`` adds each post's ?date."""
    patterns, bind = _bind_apart(pattern)
    date = "\n  OPTIONAL { ?post dcterms:date ?date }" if dated else ""
    return f"""SELECT DISTINCT ?other ?via ?post ?ev{" ?date" if dated else ""} WHERE {{
  {patterns}
  ?ev prov:wasDerivedFrom ?post .{date}
  {bind}
}}"""


def _bind_apart(pattern: str) -> tuple[str, str]:
    """Return ``pattern`` without its BIND of ?via, and that BIND (to go last)."""
    via = _BIND_VIA.search(pattern)
    bind = via.group() if via else ""
    return (pattern.replace(bind, "") if bind else pattern), bind


# How much each kind of tie says, for ranking: being sent together says more than meeting
# at the same large conference.
KIND_WEIGHT = {
    "delegation": 3.0,
    "represented": 3.0,
    "works_at": 2.5,
    "staff": 2.5,
    "colleague": 2.0,
    "cooperation": 2.5,
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
    score: float = 0.0  # the kinds of ties plus half a point per post (see _score)
    posts: int = 0  # how many posts say so (two of one title and date count once)


@dataclass
class WhoAnswer:
    """The answer to "who works with NAME": what NAME is, its roles, and its connections."""

    query: str
    iri: str
    name: str
    type: str
    roles: list[str] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    total: int = 0  # how many connections there are; ``connections`` may hold the strongest


class _Said(NamedTuple):
    """A statement tying ``other`` to the one asked about: how, through what, where.

    ``statement`` is its IRI, or "" for a membership read from its post's graph, whose IRI
    is made only when its sentence is read (:func:`_statement_iri`).
    """

    other: str
    kind: str
    via: str
    post: str
    statement: str


def who(
    store: Any,
    name: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "sv",
    limit: int = 0,
    sentences: int = 0,
) -> WhoAnswer:
    """Return who the person, organisation or municipality called ``name`` works with.

    Connections come ranked (strongest first), each with its roles and every tie's evidence
    from posts dated in ``since``..``until``; ``limit`` keeps the strongest that many (0 keeps
    all) and ``total`` says how many there are. ``sentences`` keeps, of each connection's
    evidence, only what its newest posts say until that many sentences are found (0 keeps
    all): what a text answer shows. Raises NotFound or Ambiguous (with candidates).

    Ranking needs only which statements tie whom, through what, in which post; labels and
    posts are then read for the connections that may be kept alone, and sentences and roles
    for those kept, so that the strongest 25 of someone with a thousand connections cost
    about as much as anyone's.
    """
    kinds = ("person", "organisation", "municipality")
    thing = find(store, name, kinds, known=_names_like(store, name, kinds, lang))
    ties = _statements(store, thing, since, until)
    made: dict[str, _Made] = {}
    connections, total = _strongest(
        ties.bounds(),
        limit,
        lambda others: _connect(store, ties.of(store, others), lang, since, until, made),
    )
    _add_evidence(store, [made[c.iri] for c in connections], sentences)
    _add_roles(store, connections, made, lang)
    return WhoAnswer(
        query=name,
        iri=thing.iri,
        name=thing.label,
        type=thing.type,
        roles=_own_roles(store, thing, lang),
        connections=connections,
        total=total,
    )


class _Tally(NamedTuple):
    """Memberships of one kind, counted per other end (how many shared things, how many
    graphs) and read from the post graphs only for the other ends that may be kept."""

    kind: str
    pattern: str  # _TieKind.in_post_graphs
    counts: dict[str, tuple[int, int]]  # other -> (shared things, graphs)
    posts_only: str  # the FILTER that keeps to post graphs


@dataclass
class _Ties:
    """The statements tying the one asked about to others: those read, and those counted."""

    subject: dict[str, Any]  # the query binding of the one asked about
    said: list[_Said]
    tallies: list[_Tally]

    def bounds(self) -> dict[str, float]:
        """Return, per other end, the most its score (:func:`_score`) can be.

        The score counts each kind of tie through a shared thing and each post once; here
        the shared things and posts are told apart by IRI (and counted once per kind of
        tie), where the answer merges those of one name (two meetings called alike) and of
        one title and date, and drops a statement without its sentence or post: the exact
        score is never higher.
        """
        bound = _bounds(self.said)
        for kind, _, counts, _ in self.tallies:
            for other, (shared, graphs) in counts.items():
                most = KIND_WEIGHT.get(kind, 1.0) * shared + 0.5 * graphs
                bound[other] = bound.get(other, 0.0) + most
        return bound

    def of(self, store: Any, others: list[str]) -> list[_Said]:
        """Return the statements tying these others, the counted ones read now."""
        wanted = set(others)
        found = [said for said in self.said if said.other in wanted]
        for kind, pattern, counts, posts_only in self.tallies:
            query = _graph_tie_query(pattern, posts_only)
            among = [other for other in others if other in counts]
            rows = _rows_among(store, query, "other", among, bindings=self.subject)
            found.extend(_said_in_post_graphs(rows, kind))
        return found


def _statements(store: Any, thing: Thing, since: dt.date | None, until: dt.date | None) -> _Ties:
    """Return every statement tying ``thing`` to another, from posts dated in the period."""
    dated = since is not None or until is not None
    subject = {"subject": _iri(thing.iri)}
    others = [] if dated else _other_graphs(store)
    by_graph = not dated and _evidence_in_post_graphs_only(store, others)
    found: set[_Said] = set()
    tallies: list[_Tally] = []
    for kind, pattern, in_post_graphs in (
        _PERSON_TIES if thing.type == "person" else _ORGANISATION_TIES
    ):
        if by_graph and in_post_graphs:
            posts_only = _outside(others)
            rows = store.query(_tally_query(in_post_graphs, posts_only), bindings=subject)
            counts = {str(r["other"]): (int(r["shared"]), int(r["graphs"])) for r in rows}
            tallies.append(_Tally(kind, in_post_graphs, counts, posts_only))
            continue
        for row in store.query(_tie_query(pattern, dated=dated), bindings=subject):
            # A post with several dates stays when one is in the period: the exact answer
            # (from the post's date as read_posts gives it) decides.
            if dated and not in_period(row.get("date"), since, until):
                continue
            found.add(
                _Said(str(row["other"]), kind, str(row["via"]), str(row["post"]), str(row["ev"]))
            )
    return _Ties(subject, list(found), tallies)


# Memberships are read from the graphs of the posts that state them. graph/rdf.py writes a
# membership and its evidence together into the graph of its post (sgr:post/<id> for
# sid:post/<id>), so those graphs come from one range scan of the store's graph index, where
# following each statement's evidence costs four lookups: for the most-named person at
# 10,000 synthetic posts (22,000 colleague statements) 0.3-0.4 s instead of 1.3 s. It answers
# alike while no other graph holds evidence of memberships read from posts (a Turtle export
# imported into one graph does): the statements are then followed, as for dated questions.
_POST_GRAPH_NS = PREFIXES["sgr"] + "post/"
_POSTS_NS = PREFIXES["sid"] + "post/"
_MEMBER_OF = PREFIXES["org"] + "memberOf"
_OTHER_GRAPHS = f"""
SELECT ?g WHERE {{ GRAPH ?g {{ }} FILTER(!STRSTARTS(STR(?g), "{_POST_GRAPH_NS}")) }}"""
_MEMBERSHIP_EVIDENCE = """
ASK WHERE { GRAPH ?g { ?ev rdf:predicate org:memberOf ; prov:wasDerivedFrom ?post } }"""


def _other_graphs(store: Any) -> list[str]:
    """Return the graphs that are not a post's (reference data, curation, imports)."""
    return [str(row["g"]) for row in store.query(_OTHER_GRAPHS)]


def _evidence_in_post_graphs_only(store: Any, others: list[str]) -> bool:
    """Return whether every statement of membership read from a post is in that post's graph
    (as ingest writes them), so that :func:`_said_in_post_graphs` may read them from there;
    ``others`` are the graphs that are not a post's."""
    return not any(
        row["ask"]
        for start in range(0, len(others), _PART)
        for row in store.query(
            _restricted(_MEMBERSHIP_EVIDENCE, "g", others[start : start + _PART])
        )
    )


def _is_post_graph(graph: str) -> bool:
    return graph.startswith(_POST_GRAPH_NS)


def _graph_tie_query(pattern: str, posts_only: str) -> str:
    """Return the SELECT of one kind of tie read from the post graphs (see _statements)."""
    patterns, bind = _bind_apart(pattern)
    return f"""SELECT ?other ?via ?g WHERE {{
  {patterns} {posts_only}
  {bind}
}}"""


def _tally_query(pattern: str, posts_only: str) -> str:
    """Return the SELECT that counts one kind of tie per other end: through how many shared
    things, in how many post graphs. Counting is cheap where returning each statement is not:
    22,000 memberships for the most-named person at 10,000 posts are counted in 60 ms and
    returned in 180 ms, and then cost Python as much again."""
    patterns, bind = _bind_apart(pattern)
    return f"""SELECT ?other (COUNT(DISTINCT ?via) AS ?shared) (COUNT(DISTINCT ?g) AS ?graphs)
WHERE {{
  {patterns} {posts_only}
  {bind}
}} GROUP BY ?other"""


def _outside(graphs: list[str]) -> str:
    """Return a FILTER keeping ?g out of ``graphs`` (IRIs the store returned), or ""."""
    if not graphs:
        return ""
    if any(_UNSAFE_IRI.search(g) for g in graphs):
        raise ValueError("an IRI from the store cannot be used in a query")
    return "FILTER(?g NOT IN (" + ", ".join(f"<{g}>" for g in graphs) + "))"


def _said_in_post_graphs(rows: Iterable[dict], kind: str) -> Iterator[_Said]:
    """Return the statements of membership the rows' post graphs hold (other graphs hold no
    such statement read from a post), unnamed until their sentence is read."""
    for row in rows:
        graph = str(row["g"])
        if not _is_post_graph(graph):
            continue
        post = _POSTS_NS + graph.removeprefix(_POST_GRAPH_NS)
        yield _Said(str(row["other"]), kind, str(row["via"]), post, "")


def _statement_iri(said: _Said) -> str:
    """Return the statement's IRI; one read from a post graph is named as graph/rdf.py names
    its evidence (hashing 22,000 of them for the most-named person took a tenth of a second,
    where an answer needs a few hundred)."""
    if said.statement:
        return said.statement
    return evidence_iri(said.post.removeprefix(_POSTS_NS), said.other, _MEMBER_OF, said.via)


def _strongest(
    bound: dict[str, float], limit: int, connect: Callable[[list[str]], list[Connection]]
) -> tuple[list[Connection], int]:
    """Return the ``limit`` strongest connections (all when 0) and how many there are.

    ``bound`` holds the most each other end's score can be (:meth:`_Ties.bounds`); the
    exact connections are made (``connect``) best bound first, until the weakest one kept
    is stronger than any bound left. Nobody left can then rank above it; those who might
    tie with it are made too, as a tie is broken by name.
    """
    order = sorted(bound, key=lambda other: (-bound[other], other))
    found: list[Connection] = []
    done = 0
    while done < len(order):
        if not limit:
            end = len(order)
        elif len(found) < limit:
            # Enough to fill the answer, and all whose bound equals the last one's.
            end = min(done + limit - len(found), len(order))
            while end < len(order) and bound[order[end]] == bound[order[end - 1]]:
                end += 1
        else:
            weakest = found[limit - 1].score
            end = done
            while end < len(order) and bound[order[end]] >= weakest:
                end += 1
            if end == done:
                break
        found = sorted(found + connect(order[done:end]), key=_strength)
        done = end
    # Those never made are counted as connections: every statement has its sentence and
    # post, and everyone a name (ontology/shapes.ttl), so each of them would be one.
    total = len(found) + len(order) - done
    return (found[:limit] if limit else found), total


def _bounds(said: Iterable[_Said]) -> dict[str, float]:
    """Return, per other end, the most its score can be from these statements (see
    :meth:`_Ties.bounds`)."""
    ties: dict[str, set[tuple[str, str]]] = defaultdict(set)
    posts: dict[str, set[str]] = defaultdict(set)
    for statement in said:
        ties[statement.other].add((statement.kind, statement.via))
        posts[statement.other].add(statement.post)
    return {
        other: sum(KIND_WEIGHT.get(kind, 1.0) for kind, _ in kinds) + 0.5 * len(posts[other])
        for other, kinds in ties.items()
    }


def _strength(connection: Connection) -> tuple[float, str, str]:
    return (-connection.score, sort_key(connection.label), connection.iri)


class _Made(NamedTuple):
    """A connection as ranked, with what its evidence is read from: each statement with its
    tie's key and its post, and the names it was made with (for its roles)."""

    connection: Connection
    said: list[tuple[tuple[str, str], _Said, Post]]  # ((kind, via label), statement, post)
    known: Names


def _connect(
    store: Any,
    said: list[_Said],
    lang: str,
    since: dt.date | None,
    until: dt.date | None,
    made: dict[str, _Made],
) -> list[Connection]:
    """Return the connections ``said`` makes, ranked, with labels and posts read for them
    alone (no sentences: see :func:`_add_evidence`); each is noted in ``made``."""
    said = sorted(said)  # the same rows in the same order, whichever backend answered
    others = {s.other for s in said}
    kinds = ("person", "organisation", "municipality", "event")  # events name the ties
    known = names(store, lang, kinds, among=others | {s.via for s in said})
    posts = read_posts(store, among={s.post for s in said})
    found: dict[str, _Made] = {}
    for statement in said:
        post = posts.get(statement.post)
        thing = known.things.get(statement.other)
        if post is None or thing is None or not in_period(post.date, since, until):
            continue
        if statement.other not in found:
            connection = Connection(thing.iri, thing.label, thing.type)
            found[statement.other] = _Made(connection, [], known)
        key = (statement.kind, known.label(statement.via))
        found[statement.other].said.append((key, statement, post))
    for one in found.values():
        _rank(one)
    made.update(found)
    return sorted((one.connection for one in found.values()), key=_strength)


def _rank(made: _Made) -> None:
    """Give the connection its ties (without evidence yet), posts and score."""
    connection = made.connection
    keys = list(dict.fromkeys(key for key, _, _ in made.said))
    keys.sort(key=lambda k: (-KIND_WEIGHT.get(k[0], 1.0), k[0], fold(k[1])))
    connection.ties = [Tie(kind=kind, via=via) for kind, via in keys]
    connection.posts = len({_post_key(post) for _, _, post in made.said})
    connection.score = _score(connection)


def _score(connection: Connection) -> float:
    """Return how strongly this is tied: the kinds of ties plus half a point per post."""
    return sum(KIND_WEIGHT.get(t.kind, 1.0) for t in connection.ties) + 0.5 * connection.posts


def _add_evidence(store: Any, made: list[_Made], sentences: int) -> None:
    """Give each connection's ties their evidence: where and in which sentence it is written.

    With ``sentences`` 0, every post's; otherwise only the newest posts', as many as give
    that many sentences (someone named in 300 posts needs three of them in a text answer,
    and reading all 300 sentences was most of the answer's time).
    """
    waiting = [(one, _posts_newest_first(one)) for one in made]
    taken = sentences or max((len(posts) for _, posts in waiting), default=0)
    found: dict[str, list[tuple[str, Any]]] = {}
    while waiting:
        chosen = [(one, set(posts[:taken])) for one, posts in waiting]
        wanted = {
            _statement_iri(said)
            for one, keep in chosen
            for _, said, post in one.said
            if _post_key(post) in keep
        }
        found.update(_sentences_of(store, wanted - found.keys()))
        for one, keep in chosen:
            _fill_evidence(one, keep, found)
        # Those whose newest posts repeat one sentence read further back, twice as far.
        waiting = [
            (one, posts)
            for one, posts in waiting
            if sentences and len(posts) > taken and _sentences_shown(one) < sentences
        ]
        taken *= 2


def _post_key(post: Post) -> tuple[str, Any]:
    """Return what tells posts apart in an answer: two of one title and date are one."""
    return (post.title, post.date)


def _posts_newest_first(made: _Made) -> list[tuple[str, Any]]:
    keys = {_post_key(post) for _, _, post in made.said}
    return sorted(keys, key=lambda k: (str(k[1] or ""), k[0]), reverse=True)


def _sentences_shown(made: _Made) -> int:
    return len({e.sentence for tie in made.connection.ties for e in tie.evidence})


def _fill_evidence(
    made: _Made, posts: set[tuple[str, Any]], sentences: dict[str, list[tuple[str, Any]]]
) -> None:
    """Give the ties their evidence from ``posts`` (see :func:`_post_key`): per post, the
    first sentence that states the tie."""
    rows = [
        (index, key, post, sentence)
        for key, statement, post in made.said
        if _post_key(post) in posts
        for sentence, index in sentences.get(_statement_iri(statement), ())
    ]
    ties = {(tie.kind, tie.via): tie for tie in made.connection.ties}
    shown: set[tuple[tuple[str, str], tuple[str, Any]]] = set()
    for tie in ties.values():
        tie.evidence = []
    for _, key, post, sentence in sorted(rows, key=lambda r: (r[0] is None, r[0] or 0)):
        if (key, _post_key(post)) not in shown:
            shown.add((key, _post_key(post)))
            ties[key].evidence.append(Evidence(post.title, post.date, post.url, sentence))
    for tie in ties.values():
        tie.evidence.sort(key=lambda e: (str(e.date or ""), e.title))


def _add_roles(
    store: Any, connections: list[Connection], made: dict[str, _Made], lang: str
) -> None:
    """Give each connection kept its roles, read with the names it was made with (roles do
    not rank: those made only to be outranked need none)."""
    groups: dict[int, list[Connection]] = defaultdict(list)
    for connection in connections:
        groups[id(made[connection.iri].known)].append(connection)
    for group in groups.values():
        held = _roles(store, [c.iri for c in group], made[group[0].iri].known, lang)
        for connection in group:
            connection.roles = held.get(connection.iri, [])


# Every reified statement's sentence, read for the statements of the connections shown.
_STATEMENT_SENTENCES = """
SELECT DISTINCT ?ev ?sentence ?index WHERE {
  ?ev samv:sentence ?s .
  ?s samv:text ?sentence .
  OPTIONAL { ?s samv:index ?index }
}"""


def _sentences_of(store: Any, statements: Iterable[str]) -> dict[str, list[tuple[str, Any]]]:
    """Return the sentence (text, index) of each statement, by statement IRI."""
    found: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for row in _rows_among(store, _STATEMENT_SENTENCES, "ev", statements):
        found[str(row["ev"])].append((str(row["sentence"]), row.get("index")))
    return found


def _own_roles(store: Any, thing: Thing, lang: str) -> list[str]:
    """Return the roles of the one asked about (none unless a person)."""
    if thing.type != "person":
        return []
    return _roles(store, [thing.iri], Names({thing.iri: thing}, {}), lang).get(thing.iri, [])


def _iri(value: str) -> Any:
    from graph.store import IRI

    return IRI(value)


def read_posts(store: Any, among: Iterable[str] | None = None) -> dict[str, Post]:
    """Return every post's title, date and url, by IRI (only ``among``, when given)."""
    query = _POSTS + "\n"
    rows = store.query(query) if among is None else _rows_among(store, query, "post", among)
    return {
        str(r["post"]): Post(
            str(r["post"]), str(r.get("title") or ""), as_date(r.get("date")), r.get("url")
        )
        for r in rows
    }


# --- what the lists are built from -----------------------------------------------------------

_POSTS = """
SELECT ?post ?title ?date ?url WHERE {
  ?post a schema:BlogPosting .
  OPTIONAL { ?post dcterms:title ?title }
  OPTIONAL { ?post dcterms:date ?date }
  OPTIONAL { ?post schema:url ?url }
}"""

_MENTIONS = """
SELECT DISTINCT ?post ?thing WHERE { ?post a schema:BlogPosting ; schema:mentions ?thing }"""

_SUBJECTS = """
SELECT DISTINCT ?post ?process WHERE { ?post a schema:BlogPosting ; dcterms:subject ?process }"""

# The municipality a thing belongs to: the one it lies in, its organisation's, its event's,
# the one its delegation represented. One small SELECT per way: Oxigraph answers each at
# once, but a UNION of them slowly.
_HOMES = tuple(
    f"SELECT DISTINCT ?thing ?k WHERE {{ ?k a samv:Municipality . {way} }}\n"
    for way in (
        "?thing schema:containedInPlace|org:subOrganizationOf|schema:location ?k .",
        "?thing schema:location/schema:containedInPlace ?k .",
        "?thing org:memberOf ?k .",
        "?thing org:memberOf/(org:subOrganizationOf|schema:location) ?k .",
        "?delegation samv:represents ?k ; samv:delegate ?thing .",
    )
)

_MEMBERSHIPS = """
SELECT DISTINCT ?person ?org ?role WHERE {
  ?person a foaf:Person ; org:memberOf ?org .
  OPTIONAL {
    ?m org:member ?person ; org:organization ?org ; org:role ?r .
    ?r rdfs:label ?role
  }
}"""

_COUNTIES = """
SELECT DISTINCT ?k ?county WHERE { ?k a samv:Municipality ; samv:county ?county }"""


@dataclass(frozen=True)
class Post:
    iri: str
    title: str
    date: dt.date | None
    url: str | None


@dataclass
class Facts:
    """What the lists are built from, read in a handful of SELECTs over the whole graph."""

    known: Names
    posts: dict[str, Post]
    mentions: dict[str, set[str]]  # post -> things it mentions
    subjects: dict[str, set[str]]  # post -> processes it is about
    homes: dict[str, set[str]]  # thing -> municipalities it belongs to
    memberships: dict[str, set[tuple[str, str]]]  # person -> {(organisation, role or "")}
    lang: str = "sv"

    def posts_in(self, since: dt.date | None, until: dt.date | None) -> list[str]:
        """Return the posts dated in the period, oldest first."""
        kept = [p for p in self.posts.values() if in_period(p.date, since, until)]
        return [p.iri for p in sorted(kept, key=lambda p: (str(p.date or ""), p.title, p.iri))]

    def concerns(self, post: str) -> set[str]:
        """Return the municipalities a post concerns: mentioned, or something in them is."""
        things = self.mentions.get(post, set())
        found = {t for t in things if self.known.type(t) == "municipality"}
        return found.union(*(self.homes.get(t, set()) for t in things))

    def roles_of(self, person: str) -> list[str]:
        """Return the person's roles and organisations as phrases: "bibliotekschef i Höganäs"."""
        word = "i" if self.lang == "sv" else "at"
        pairs = {(self.known.label(org), role) for org, role in self.memberships.get(person, ())}
        with_role = {org for org, role in pairs if role}
        return sorted(
            f"{role} {word} {org}" if role else org
            for org, role in pairs
            if role or org not in with_role
        )

    def labels(self, iris: Iterable[str]) -> list[str]:
        return sorted({self.known.label(i) for i in iris}, key=sort_key)


def load_facts(store: Any, lang: str = "sv") -> Facts:
    """Return the facts every list question needs, read once per question."""
    known = names(store, lang)
    posts = read_posts(store)
    facts = Facts(
        known, posts, defaultdict(set), defaultdict(set), defaultdict(set), defaultdict(set), lang
    )
    for row in store.query(_MENTIONS + "\n"):
        facts.mentions[str(row["post"])].add(str(row["thing"]))
    for row in store.query(_SUBJECTS + "\n"):
        facts.subjects[str(row["post"])].add(str(row["process"]))
    for sparql in _HOMES:
        for row in store.query(sparql):
            facts.homes[str(row["thing"])].add(str(row["k"]))
    for row in store.query(_MEMBERSHIPS + "\n"):
        facts.memberships[str(row["person"])].add((str(row["org"]), str(row.get("role") or "")))
    return facts


def _roles(store: Any, people: Iterable[str], known: Names, lang: str) -> dict[str, list[str]]:
    """Return the roles and organisations of ``people`` (IRIs from the store) as phrases:
    "bibliotekschef i Höganäs".

    A tie to an organisation without a role is the organisation's name alone. The labels of
    the organisations of those ``known`` as people are read where ``known`` has none.
    """
    people = list(people)
    # _MEMBERSHIPS in two parts: Oxigraph reads an OPTIONAL group for the whole graph
    # before it joins it, where these read only the people asked about.
    members = _rows_among(store, _MEMBERS, "person", people)
    orgs = {str(r["org"]) for r in members if known.type(str(r["person"])) == "person"}
    orgs -= set(known.things)
    if orgs:
        extra = names(store, lang, ("organisation", "municipality"), among=orgs)
        known = Names({**known.things, **extra.things}, {**known.names, **extra.names})
    facts = Facts(known, {}, {}, {}, {}, defaultdict(set), lang)
    titles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in _rows_among(store, _ROLES, "person", people):
        titles[(str(row["person"]), str(row["org"]))].add(str(row["role"] or ""))
    for row in members:
        person, org = str(row["person"]), str(row["org"])
        for role in titles.get((person, org)) or {""}:
            facts.memberships[person].add((org, role))
    return {person: facts.roles_of(person) for person in facts.memberships}


_MEMBERS = """
SELECT DISTINCT ?person ?org WHERE { ?person a foaf:Person ; org:memberOf ?org }"""

_ROLES = """
SELECT DISTINCT ?person ?org ?role WHERE {
  ?m org:member ?person ; org:organization ?org ; org:role ?r .
  ?r rdfs:label ?role
}"""


@dataclass
class Answer:
    """A list question's answer: column keys (translated by the CLI) and one dict per row."""

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)


def _resolve(facts: Facts, text: str | None, kinds: tuple[str, ...]) -> Thing | None:
    return find(None, text, kinds, known=facts.known) if text else None


def _span(facts: Facts, posts: Iterable[str]) -> tuple[dt.date | None, dt.date | None]:
    dates = sorted(d for d in (facts.posts[p].date for p in posts) if d)
    return (dates[0], dates[-1]) if dates else (None, None)


def _activity(facts: Facts, posts: Iterable[str]) -> str:
    years: dict[int, int] = defaultdict(int)
    for post in posts:
        if facts.posts[post].date:
            years[facts.posts[post].date.year] += 1
    return ", ".join(f"{year}: {n}" for year, n in sorted(years.items()))


# --- the ready questions ---------------------------------------------------------------------


def people(
    store: Any,
    *,
    municipality: str | None = None,
    organisation: str | None = None,
    role: str | None = None,
    process: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "sv",
) -> Answer:
    """Return the people named in posts of the period, with roles, homes and post counts.

    Filters: ``municipality`` (they belong to it), ``organisation`` (they belong to it or to a
    body of it), ``role`` (part of a role's name: "chef"), ``process`` (named in a post about
    it). Names are matched forgivingly; raises NotFound/Ambiguous for a filter that fits no
    or several things.
    """
    facts = load_facts(store, lang)
    k = _resolve(facts, municipality, ("municipality",))
    o = _resolve(facts, organisation, ("organisation", "municipality"))
    p = _resolve(facts, process, ("process",))
    wanted_role = fold(role) if role else None
    answer = Answer(["name", "roles", "municipalities", "posts", "first", "last"])
    period = facts.posts_in(since, until)
    for person in facts.known.of_type("person"):
        posts = [post for post in period if person.iri in facts.mentions.get(post, ())]
        if p:
            posts = [post for post in posts if p.iri in facts.subjects.get(post, ())]
        if not posts:
            continue
        homes = facts.homes.get(person.iri, set())
        orgs = {org for org, _ in facts.memberships.get(person.iri, ())}
        if k and k.iri not in homes or o and not ({o.iri} & (orgs | homes)):
            continue
        held = [r for _, r in facts.memberships.get(person.iri, ()) if r]
        if wanted_role and not any(wanted_role in fold(r) for r in held):
            continue
        first, last = _span(facts, posts)
        answer.rows.append(
            {
                "name": person.label,
                "roles": facts.roles_of(person.iri),
                "municipalities": facts.labels(homes),
                "posts": len(posts),
                "first": first,
                "last": last,
            }
        )
    return answer


def organisations(
    store: Any,
    *,
    municipality: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "sv",
) -> Answer:
    """Return the organisations named in posts of the period: home, people, post counts."""
    facts = load_facts(store, lang)
    k = _resolve(facts, municipality, ("municipality",))
    staff: dict[str, set[str]] = defaultdict(set)
    for person, pairs in facts.memberships.items():
        for org, _ in pairs:
            staff[org].add(person)
    answer = Answer(["organisation", "municipality", "people", "posts", "first", "last"])
    period = facts.posts_in(since, until)
    for org in facts.known.of_type("organisation"):
        posts = [post for post in period if org.iri in facts.mentions.get(post, ())]
        homes = facts.homes.get(org.iri, set())
        if not posts or k and k.iri not in homes:
            continue
        first, last = _span(facts, posts)
        answer.rows.append(
            {
                "organisation": org.label,
                "municipality": facts.labels(homes),
                "people": facts.labels(staff.get(org.iri, ())),
                "posts": len(posts),
                "first": first,
                "last": last,
            }
        )
    return answer


def _county(facts: Facts, store: Any, county: str | None) -> tuple[Thing, set[str]]:
    found = find(None, county, ("county",), known=facts.known) if county else None
    iri = found.iri if found else SKANE
    members = {str(r["k"]) for r in store.query(_COUNTIES + "\n") if str(r["county"]) == iri}
    return found or Thing(iri, "county", facts.known.label(iri)), members


def municipalities(
    store: Any,
    *,
    county: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "sv",
) -> Answer:
    """Return each municipality posts of the period concern: its people, organisations,
    processes and posts per year. ``county`` ("Skåne", "Blekinge län") keeps that county's."""
    facts = load_facts(store, lang)
    members = _county(facts, store, county)[1] if county else None
    concerning: dict[str, list[str]] = defaultdict(list)
    for post in facts.posts_in(since, until):
        for k in facts.concerns(post):
            concerning[k].append(post)
    answer = Answer(["municipality", "people", "organisations", "processes", "posts", "activity"])
    for k in facts.known.of_type("municipality"):
        posts = concerning.get(k.iri)
        if not posts or members is not None and k.iri not in members:
            continue
        mentioned = set().union(*(facts.mentions.get(p, set()) for p in posts))
        inside = {t for t in mentioned if k.iri in facts.homes.get(t, ())}
        answer.rows.append(
            {
                "municipality": k.label,
                "people": facts.labels(t for t in inside if facts.known.type(t) == "person"),
                "organisations": facts.labels(
                    t for t in inside if facts.known.type(t) == "organisation"
                ),
                "processes": facts.labels(
                    set().union(*(facts.subjects.get(p, set()) for p in posts))
                ),
                "posts": len(posts),
                "activity": _activity(facts, posts),
            }
        )
    return answer


def processes(
    store: Any,
    process: str | None = None,
    *,
    county: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "sv",
) -> Answer:
    """Return each collaboration process posts of the period are about: who takes part, which
    municipalities are in, and which of the county's (Skåne unless ``county``) are missing:
    those no post about the process concerns. ``process`` keeps that one (even without posts).
    """
    facts = load_facts(store, lang)
    chosen = _resolve(facts, process, ("process",))
    _, members = _county(facts, store, county)
    period = facts.posts_in(since, until)
    answer = Answer(["process", "posts", "people", "in", "missing"])
    for concept in facts.known.of_type("process"):
        if chosen and concept.iri != chosen.iri:
            continue
        posts = [post for post in period if concept.iri in facts.subjects.get(post, ())]
        if not posts and not chosen:
            continue
        mentioned = set().union(*(facts.mentions.get(p, set()) for p in posts))
        inside = set().union(*(facts.concerns(p) for p in posts))
        answer.rows.append(
            {
                "process": concept.label,
                "posts": len(posts),
                "people": facts.labels(t for t in mentioned if facts.known.type(t) == "person"),
                "in": facts.labels(inside),
                "missing": facts.labels(members - inside),
            }
        )
    return answer


_EVENTS = """
SELECT DISTINCT ?event ?start ?end ?place WHERE {
  ?event a schema:Event .
  OPTIONAL { ?event schema:startDate ?start }
  OPTIONAL { ?event schema:endDate ?end }
  OPTIONAL { ?event schema:location ?place }
}"""

_EVENT_PEOPLE = """
SELECT DISTINCT ?event ?part ?who WHERE {
  ?event a schema:Event .
  {
    ?event samv:speaker ?who . BIND("speaker" AS ?part)
  } UNION {
    ?event samv:participant|samv:participantOrganisation ?who . BIND("participant" AS ?part)
  }
}"""

_LOCALITIES = """
SELECT DISTINCT ?place ?label ?k WHERE {
  ?event a schema:Event ; schema:location ?place .
  ?place rdfs:label ?label ; schema:containedInPlace ?k .
}"""


def events(
    store: Any,
    *,
    municipality: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "sv",
) -> Answer:
    """Return the events (meetings, conferences, internat) in the period, oldest first: when,
    where, who spoke, who took part and in how many posts. An event without a date of its own
    goes by its first post's."""
    facts = load_facts(store, lang)
    k = _resolve(facts, municipality, ("municipality",))
    places = {
        str(r["place"]): f"{r['label']}, {facts.known.label(str(r['k']))}"
        for r in store.query(_LOCALITIES + "\n")
    }
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.query(_EVENT_PEOPLE + "\n"):
        people[str(row["event"]), str(row["part"])].add(str(row["who"]))
    posts_of: dict[str, list[str]] = defaultdict(list)
    for post in facts.posts_in(None, None):
        for thing in facts.mentions.get(post, ()):
            posts_of[thing].append(post)
    found = []
    for row in store.query(_EVENTS + "\n"):
        event = str(row["event"])
        posts = posts_of.get(event, [])
        start = as_date(row.get("start")) or _span(facts, posts)[0]
        if not in_period(start, since, until) or k and k.iri not in facts.homes.get(event, ()):
            continue
        place = str(row["place"]) if row.get("place") else None
        found.append(
            {
                "event": facts.known.label(event),
                "start": start,
                "end": as_date(row.get("end")),
                "place": places.get(place or "") or (facts.known.label(place) if place else None),
                "speakers": facts.labels(people.get((event, "speaker"), ())),
                "participants": facts.labels(people.get((event, "participant"), ())),
                "posts": len(posts),
            }
        )
    found.sort(key=lambda r: (str(r["start"] or ""), sort_key(r["event"])))
    columns = ["event", "start", "end", "place", "speakers", "participants", "posts"]
    return Answer(columns, found)


_SENTENCES = """
SELECT DISTINCT ?post ?sentence ?index WHERE {
  { ?ev rdf:object ?thing } UNION { ?ev rdf:subject ?thing }
  ?ev prov:wasDerivedFrom ?post ; samv:sentence ?s .
  ?s samv:text ?sentence .
  OPTIONAL { ?s samv:index ?index }
}"""


def timeline(
    store: Any,
    name: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "sv",
) -> tuple[Thing, Answer]:
    """Return what ``name`` is and its timeline: every post of the period about it, oldest
    first, with the first sentence that names it.

    A person, organisation or event is in the posts that mention it; a municipality in those
    that concern it (mention it or anything in it); a process in the posts about it.
    """
    facts = load_facts(store, lang)
    thing = find(None, name, KINDS, known=facts.known)
    sentences: dict[str, tuple[float, str]] = {}
    for row in store.query(_SENTENCES, bindings={"thing": _iri(thing.iri)}):
        index = float(row["index"]) if row.get("index") is not None else float("inf")
        post = str(row["post"])
        if post not in sentences or (index, row["sentence"]) < sentences[post]:
            sentences[post] = (index, str(row["sentence"]))
    answer = Answer(["date", "title", "sentence", "url"])
    for post in facts.posts_in(since, until):
        if thing.type == "municipality":
            about = thing.iri in facts.concerns(post)
        elif thing.type == "process":
            about = thing.iri in facts.subjects.get(post, ())
        else:
            about = thing.iri in facts.mentions.get(post, ())
        if about:
            entry = facts.posts[post]
            answer.rows.append(
                {
                    "date": entry.date,
                    "title": entry.title,
                    "sentence": sentences.get(post, (0, None))[1],
                    "url": entry.url,
                }
            )
    return thing, answer


def stats(
    store: Any,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "sv",
) -> Answer:
    """Return how much the graph knows from the posts of the period: posts, people,
    organisations, municipalities, events, processes, and the first and last post's dates."""
    facts = load_facts(store, lang)
    period = facts.posts_in(since, until)
    mentioned = set().union(*(facts.mentions.get(p, set()) for p in period))

    def count(kind: str) -> int:
        return sum(1 for t in mentioned if facts.known.type(t) == kind)

    first, last = _span(facts, period)
    values = {
        "posts": len(period),
        "people": count("person"),
        "organisations": count("organisation"),
        "municipalities": len(set().union(*(facts.concerns(p) for p in period))),
        "events": count("event"),
        "processes": len(set().union(*(facts.subjects.get(p, set()) for p in period))),
        "first": first,
        "last": last,
    }
    return Answer(["measure", "value"], [{"measure": k, "value": v} for k, v in values.items()])


# --- the network questions (networkx, imported when asked) -----------------------------------

# What a step of each kind costs on a path: a shared post about a process is a weak tie,
# so a path goes through it only when nothing closer connects the two.
STEP_COST = {"process": 4.0, "location": 2.0}


@dataclass
class Step:
    """One step of a path: from one thing to the next, how they are tied and where it is written."""

    source: str
    target: str
    source_type: str
    target_type: str
    kind: str  # role, affiliation, delegation, same_event, speaker, participant, home, ...
    detail: list[str]  # roles held, delegations or events shared
    evidence: list[Evidence]


def _network(store: Any, since: dt.date | None, until: dt.date | None):
    """Return the collaboration network of the period, rebuilt in sorted order.

    networkx answers follow the order nodes and edges were added in; sorting them makes the
    answers (shortest paths among equals, Louvain groups) the same whichever backend, and
    whichever order its rows came in.
    """
    import networkx as nx

    from graph.network import collaboration_graph

    G = collaboration_graph(store, since=since, until=until)
    return _sorted_graph(nx, G)


def _sorted_graph(nx: Any, G: Any) -> Any:
    H = nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from(sorted(G.nodes(data=True), key=lambda n: str(n[0])))
    H.add_edges_from(sorted((tuple(sorted((u, v))) + (d,) for u, v, d in G.edges(data=True))))
    return H


def path(
    store: Any,
    a: str,
    b: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "sv",
) -> tuple[Thing, Thing, list[Step]]:
    """Return how ``a`` and ``b`` are connected: the shortest chain of ties between them in the
    collaboration network of the period, with the evidence of every step.

    Raises NotFound/Ambiguous for a name, and QuestionError when no chain connects them.
    """
    import networkx as nx

    known = names(store, lang)
    kinds = ("person", "organisation", "municipality")
    start, end = (find(None, text, kinds, known=known) for text in (a, b))
    if start.iri == end.iri:
        raise QuestionError(f"“{a}” and “{b}” are the same: {start.label}")
    G = _network(store, since, until)
    missing = [t.label for t in (start, end) if t.iri not in G]
    if missing:
        raise QuestionError(f"{missing[0]} is in no collaboration in the posts asked about")

    def cost(u: str, v: str, data: dict) -> float:
        return STEP_COST.get(data.get("kind", ""), 1.0)

    try:
        nodes = nx.shortest_path(G, start.iri, end.iri, weight=cost)
    except nx.NetworkXNoPath:
        raise QuestionError(
            f"no chain of collaborations connects {start.label} and {end.label}"
        ) from None
    steps = []
    for u, v in zip(nodes, nodes[1:], strict=False):
        data = G.edges[u, v]
        posts = [e["post"] for e in data.get("evidence", [])]
        sentences = _step_sentences(store, u, v, data.get("via", []), posts)
        steps.append(
            Step(
                source=known.label(u),
                target=known.label(v),
                source_type=known.type(u) or G.nodes[u].get("type", ""),
                target_type=known.type(v) or G.nodes[v].get("type", ""),
                kind=data["kind"],
                detail=sorted(data.get("roles", []))
                + [known.label(x) for x in data.get("via", [])],
                evidence=[
                    Evidence(
                        str(e["title"]),
                        as_date(e["date"]),
                        e.get("url"),
                        sentences.get(e["post"], ""),
                    )
                    for e in data.get("evidence", [])
                ],
            )
        )
    return start, end, steps


# Every sentence has its index (docs/graph-shape.md); an OPTIONAL here trips Virtuoso 7.2
# ("no SPART_VARR_FIXED") once ?x and ?y are bound by VALUES.
_STEP_SENTENCE = """
SELECT DISTINCT ?post ?sentence ?index WHERE {
  ?ev rdf:subject ?x ; rdf:object ?y .
  ?ev prov:wasDerivedFrom ?post ; samv:sentence ?s .
  ?s samv:text ?sentence ; samv:index ?index .
}"""


def _step_sentences(store: Any, u: str, v: str, via: list[str], posts: list[str]) -> dict:
    """Return, per post, the sentence that says a step: one stating the tie between its ends,
    else one tying an end to what they share (the event, the delegation).

    Read here with bound queries rather than taken from the network's edges, so that the
    evidence is the same whichever backend answers.
    """
    found: dict[str, str] = {}
    pairs = [(u, v), (v, u)] + [(x, end) for x in via for end in (u, v)]
    for x, y in pairs:
        best: dict[str, tuple[float, str]] = {}
        for row in store.query(_STEP_SENTENCE, bindings={"x": _iri(x), "y": _iri(y)}):
            post = str(row["post"])
            index = float(row["index"]) if row.get("index") is not None else float("inf")
            wanted = post in posts and post not in found
            if wanted and (post not in best or (index, row["sentence"]) < best[post]):
                best[post] = (index, str(row["sentence"]))
        found.update({post: sentence for post, (_, sentence) in best.items()})
        if len(found) == len(set(posts)):
            break
    return found


def brokers(
    store: Any,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    top: int = 10,
    lang: str = "sv",
) -> Answer:
    """Return the ``top`` people who bridge others: betweenness on the people view of the
    collaboration network, with how many people and municipalities they are tied to."""
    from graph.network import brokers as betweenness
    from graph.network import project

    facts = load_facts(store, lang)
    G = _network(store, since, until)
    P = project(G, "people")
    scores = betweenness(G)
    ranked = sorted(
        (n for n, s in scores.items() if s > 0),
        key=lambda n: (-round(scores[n], 6), sort_key(facts.known.label(n))),
    )
    answer = Answer(["name", "score", "ties", "municipalities", "roles"])
    for person in ranked[:top]:
        reach = set(facts.homes.get(person, ())).union(
            *(facts.homes.get(other, set()) for other in P[person])
        )
        answer.rows.append(
            {
                "name": facts.known.label(person),
                "score": round(scores[person], 3),
                "ties": P.degree(person),
                "municipalities": facts.labels(reach),
                "roles": facts.roles_of(person),
            }
        )
    return answer


def groups(
    store: Any,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    lang: str = "sv",
) -> Answer:
    """Return the communities of collaboration: groups of people more tied to each other than
    to the rest (Louvain on the people view), largest first, with their municipalities."""
    import networkx as nx

    from graph.network import communities, project

    facts = load_facts(store, lang)
    P = _sorted_graph(nx, project(_network(store, since, until), "people"))
    answer = Answer(["group", "size", "people", "municipalities"])
    found = [g for g in communities(P) if len(g) > 1]
    found.sort(key=lambda g: (-len(g), facts.labels(g)))
    for number, group in enumerate(found, start=1):
        answer.rows.append(
            {
                "group": number,
                "size": len(group),
                "people": facts.labels(group),
                "municipalities": facts.labels(
                    set().union(*(facts.homes.get(person, set()) for person in group))
                ),
            }
        )
    return answer


# --- saved queries -----------------------------------------------------------------------------


@dataclass
class SavedQuery:
    """A query shipped in ontology/queries/NAME.rq, described by its comment header."""

    name: str
    description: str  # in English
    params: dict[str, str]  # name -> what to give, in English
    text: str
    swedish: dict[str, str] = field(default_factory=dict)  # "description" and each param

    def describe(self, lang: str = "sv") -> tuple[str, dict[str, str]]:
        """Return the description and the parameters' explanations in ``lang`` (sv or en)."""
        if lang == "en":
            return self.description, self.params
        return (
            self.swedish.get("description", self.description),
            {p: self.swedish.get(p, what) for p, what in self.params.items()},
        )


def saved_queries() -> list[SavedQuery]:
    """Return the project's saved queries, by name.

    Each file starts with comment lines ``# name:``, ``# description:`` and one
    ``# param: NAME  what it is`` per parameter (a ``?NAME`` the query reads), each with
    its Swedish twin (``# description@sv:``, ``# param@sv: NAME  vad det är``).
    """
    from graph.resources import query_file

    folder = query_file("")
    return [
        _parse_query(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.rq"))
    ]


def _parse_query(stem: str, text: str) -> SavedQuery:
    header: dict[str, str] = {}
    params: dict[str, str] = {}
    swedish: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        key = key.strip()
        if key in ("param", "param@sv"):
            param, _, what = value.strip().partition(" ")
            (params if key == "param" else swedish)[param] = what.strip()
        elif key in ("name", "description"):
            header[key] = value.strip()
        elif key == "description@sv":
            swedish["description"] = value.strip()
    name = header.get("name", stem)
    return SavedQuery(name, header.get("description", ""), params, text, swedish)


def run_saved(store: Any, name: str, values: dict[str, str]) -> Any:
    """Run the saved query ``name`` with ``values`` bound to its parameters, never pasted in.

    A value written ``<https://...>`` is bound as an IRI, anything else as a plain literal.
    Raises QuestionError for an unknown query, a missing or unknown parameter.
    """
    queries = {q.name: q for q in saved_queries()}
    if name not in queries:
        raise QuestionError(f"no saved query is called “{name}”; samverkan query --list shows them")
    query = queries[name]
    unknown = sorted(set(values) - set(query.params))
    if unknown:
        raise QuestionError(f"the query {name} has no parameter “{unknown[0]}”")
    missing = [p for p in query.params if p not in values]
    if missing:
        raise QuestionError(f"the query {name} needs --param {missing[0]}=VALUE")
    bindings = {key: _param_value(value) for key, value in values.items()}
    return store.query(query.text, bindings=bindings)


def _param_value(value: str) -> Any:
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
        import pyoxigraph

        try:
            pyoxigraph.NamedNode(iri)
        except ValueError:
            raise QuestionError(f"{value} is not a valid IRI") from None
        return _iri(iri)
    return value


_POST_GRAPHS = """SELECT DISTINCT ?g ?post ?title ?url WHERE {
  GRAPH ?g {
    ?post a schema:BlogPosting ; dcterms:title ?title .
    OPTIONAL { ?post schema:url ?url }
  }
}"""


def find_posts(store, wanted: str) -> list[tuple[str, str]]:
    """Return (graph IRI, title) of the posts whose title, URL or IRI is ``wanted``.

    An exact title, address or IRI wins; otherwise every title containing what was typed.
    """
    rows = store.query(_POST_GRAPHS)
    exact = [
        (row["g"], row["title"])
        for row in rows
        if wanted in {row["g"], row["post"], row["url"]} or fold(row["title"]) == fold(wanted)
    ]
    if exact:
        return sorted(set(exact))
    return sorted({(row["g"], row["title"]) for row in rows if fold(wanted) in fold(row["title"])})
