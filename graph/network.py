"""SPARQL results -> networkx: who works with whom, as a graph to map and measure.

RDF stays the source of truth; the network is a projection rebuilt from a handful of SPARQL
SELECTs (one per kind of relation) every time it is needed. ``collaboration_graph`` reads any
store with ``query(sparql) -> list[dict]`` (IRIs as str, literals as Python values) whose default
graph is the union of its named graphs.

Nodes are IRIs with a ``type`` (person, organisation, municipality, locality, event, process),
a ``label``, the ``municipality`` they belong to, ``lat``/``lon`` for places, the ``years`` they
appear in and their ``mentions`` (post title, date, url and sentence). Edges carry a ``kind``
(role, affiliation, home, speaker, participant, delegation, same_event, process, location), a
``weight`` (the number of posts supporting them) and their ``evidence``.

The analytics (``brokers``, ``communities``) are plain functions: a graph in, a dict or list
out, the graph untouched.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import networkx as nx

from graph.ids import slug
from graph.memory import collector_paused
from graph.text import fold
from graph.vocab import sparql_prefixes

NODE_TYPES = ("person", "organisation", "municipality", "locality", "event", "process")
EDGE_KINDS = (
    "role",
    "affiliation",
    "delegation",
    "same_event",
    "speaker",
    "participant",
    "home",
    "location",
    "process",
)
PROJECTIONS = ("people", "organisations", "municipalities", "all")

# One pair of nodes is one edge: when several relations join the same pair (a role always
# comes with its org:memberOf), the edge shows the most telling one as its ``kind``.
_KIND_RANK = {kind: rank for rank, kind in enumerate(EDGE_KINDS)}
_IRI_UNSAFE = re.compile(r'[\s<>"{}|\\^`]')


class Store(Protocol):
    """What this module needs of a store: SPARQL SELECT over the union of its graphs."""

    def query(self, sparql: str, *, bindings: dict | None = None) -> list[dict[str, object]]: ...


# --- the SPARQL --------------------------------------------------------------------------

# Oxigraph follows a join triple by triple, looking up each row's next triple, unless a
# pattern stands alone in a sub-SELECT: that it reads whole and joins in memory, several times
# faster on thousands of rows. Hence the sub-SELECTs below; they change no answer.


def _in_post(facts: Iterable[str], optional: Iterable[str] = ()) -> str:
    """Return patterns matching all ``facts`` (and ``optional`` where found) in one post's graph.

    Which post states a fact is the named graph ``?g`` the fact sits in: every post's triples,
    its own typing included, live in the post's graph (docs/graph-shape.md); ``?post`` is
    that post. Each triple pattern is a sub-SELECT of its own, joined on the variables they
    share (a quarter of the time for memberships and delegations at 10,000 posts).
    """

    def alone(pattern: str) -> str:
        return f"{{ SELECT * WHERE {{ GRAPH ?g {{ {pattern} }} }} }}"

    required = [alone(pattern) for pattern in (*facts, "?post a schema:BlogPosting")]
    return "\n  ".join([*required, *(f"OPTIONAL {alone(pattern)}" for pattern in optional)])


_POSTS = """
SELECT DISTINCT ?post ?title ?date ?url ?process WHERE {
  ?post a schema:BlogPosting .
  OPTIONAL { SELECT ?post ?title WHERE { ?post dcterms:title ?title } }
  OPTIONAL { SELECT ?post ?date WHERE { ?post dcterms:date ?date } }
  OPTIONAL { SELECT ?post ?url WHERE { ?post schema:url ?url } }
  OPTIONAL { SELECT ?post ?process WHERE { ?post dcterms:subject ?process } }
  %(filter)s
}"""

_NODES = """
SELECT DISTINCT ?node ?type ?label ?lat ?lon WHERE {
  {
    ?node a ?class .
    VALUES (?class ?type) {
      (foaf:Person "person") (org:Organization "organisation") (samv:Municipality "municipality")
      (samv:Locality "locality") (schema:Event "event") (skos:Concept "process")
      (samv:Process "process")
    }
  }
  UNION { ?node dcterms:identifier ?code . BIND("municipality" AS ?type) }
  UNION { ?node schema:containedInPlace ?parent . BIND("locality" AS ?type) }
  OPTIONAL {
    SELECT ?node ?pref WHERE { ?node skos:prefLabel ?pref FILTER(langMatches(lang(?pref), "sv")) }
  }
  OPTIONAL { SELECT ?node ?anypref WHERE { ?node skos:prefLabel ?anypref } }
  OPTIONAL {
    SELECT ?node ?rdfslabel WHERE {
      ?node rdfs:label ?rdfslabel
      FILTER(lang(?rdfslabel) = "" || langMatches(lang(?rdfslabel), "sv"))
    }
  }
  OPTIONAL { SELECT ?node ?name WHERE { ?node foaf:name ?name } }
  OPTIONAL { SELECT ?node ?sname WHERE { ?node schema:name ?sname } }
  BIND(COALESCE(?pref, ?rdfslabel, ?name, ?sname, ?anypref) AS ?label)
  OPTIONAL {
    SELECT ?node ?lat ?lon WHERE { ?node schema:latitude ?lat ; schema:longitude ?lon }
  }
}"""

_ALT_LABELS = """
SELECT DISTINCT ?node ?alt WHERE { ?node skos:altLabel ?alt }"""

# The municipality a node belongs to (besides itself): the one it lies in, the one its organisation
# belongs to, the one its event took place in.
# Where a node belongs, one small SELECT per way: Oxigraph answers each at once, their UNION
# (behind a UNION of municipality tests) slowly (11 s at 200 posts).
_MUNICIPALITY_OF = tuple(
    f"SELECT DISTINCT ?node ?municipality WHERE {{ ?municipality a samv:Municipality . {way} }}"
    for way in (
        "?node schema:containedInPlace|org:subOrganizationOf|schema:location ?municipality .",
        "?node schema:location/schema:containedInPlace ?municipality .",
        "?node org:memberOf ?municipality .",
        "?node org:memberOf/(org:subOrganizationOf|schema:location) ?municipality .",
    )
)

# The relation and mention SELECTs are not DISTINCT: what is read from them goes into sets,
# so a repeated row does no harm, and removing them would cost Oxigraph time.
_MENTIONS = """
SELECT ?node ?post WHERE {
  ?post a schema:BlogPosting ; schema:mentions ?node .
  %(filter)s
}"""

# Every evidence node with its post, fact ends and sentence, read once for all relations and
# mentions (2 s at 2,000 posts): joined to every relation's SELECT instead, it took a minute.
_EVIDENCE = """
SELECT ?post ?subject ?object ?sentence ?index WHERE {
  { SELECT ?ev ?post WHERE { ?ev prov:wasDerivedFrom ?post } }
  { SELECT ?ev ?s WHERE { ?ev samv:sentence ?s } }
  { SELECT ?s ?sentence WHERE { ?s samv:text ?sentence } }
  OPTIONAL { SELECT ?ev ?subject WHERE { ?ev rdf:subject ?subject } }
  OPTIONAL { SELECT ?ev ?object WHERE { ?ev rdf:object ?object } }
  OPTIONAL { SELECT ?s ?index WHERE { ?s samv:index ?index } }
}"""

_LOCALITIES = """
SELECT DISTINCT ?a ?b WHERE { ?a schema:containedInPlace ?b }"""


@dataclass(frozen=True)
class _Relation:
    """One kind of relation: the SPARQL that finds it, per post, and how its evidence is found."""

    kind: str
    facts: tuple[str, ...]  # triple patterns in the post's graph, binding ?a and ?b
    where: str = ""  # patterns outside the post's graph (types, labels from reference data)
    # The evidence of a fact: its (rdf:subject, rdf:object), as variables of the fact; None
    # stands for any. The first stating sentence of any of them is the fact's sentence.
    evidence: tuple[tuple[str | None, str | None], ...] = (("a", "b"),)
    extra: tuple[str, ...] = ()  # more variables to select, e.g. ?role, ?via
    optional: tuple[str, ...] = ()  # triple patterns in the post's graph that may be missing

    def sparql(self, post_filter: str, ends: str = "?a ?b") -> str:
        named = {v for pair in self.evidence for v in pair if v and v not in ("a", "b")}
        selected = dict.fromkeys([*self.extra, *(f"?{v}" for v in sorted(named))])
        return f"""
SELECT {ends} ?post {" ".join(selected)} WHERE {{
  {_in_post(self.facts, self.optional)}
  {self.where}
  {post_filter}
}}"""

    def rows(self, store: Store, post_filter: str) -> Iterable[dict[str, object]]:
        """Return one row per fact and post: ?a, ?b, ?post and the ``extra`` variables."""
        return _select(store, self.sparql(post_filter))

    def evidence_of(self, row: dict[str, object]) -> list[tuple[object, object]]:
        """Return the (rdf:subject, rdf:object) of the evidence that may state ``row``."""
        # The evidence variables are bound by the fact's own patterns, never left unbound.
        return [
            (row[subject] if subject else None, row[object_] if object_ else None)
            for subject, object_ in self.evidence
        ]


@dataclass(frozen=True)
class _TopicRelation(_Relation):
    """A relation of every topic of a post (``topic`` binds ?a) to what its ``facts`` bind as ?b.

    The two sides are read apart and crossed here, per post: the store hands over the
    crossed rows (90,000 for the process relation at 2,000 posts) several times slower.
    """

    topic: str = ""

    def rows(self, store: Store, post_filter: str) -> Iterable[dict[str, object]]:
        topics: dict[str, set[object]] = defaultdict(set)
        sparql = f"SELECT ?a ?post WHERE {{ {_in_post([self.topic])} {post_filter} }}"
        for row in _select(store, sparql):
            topics[str(row["post"])].add(row["a"])
        for row in _select(store, self.sparql(post_filter, ends="?b")):
            for topic in topics.get(str(row["post"]), ()):
                yield {**row, "a": topic}


def _typed(variable: str, *classes: str) -> str:
    """Return a pattern keeping the rows whose ``variable`` is of any of ``classes``.

    A sub-SELECT, so that the nodes of those types are read once rather than looked up per row.
    """
    union = " UNION ".join(f"{{ {variable} a {name} }}" for name in classes)
    return f"{{ SELECT DISTINCT {variable} WHERE {{ {union} }} }}"


_PERSON_PAIR = (
    f"{_typed('?a', 'foaf:Person')} {_typed('?b', 'foaf:Person')} FILTER(STR(?a) < STR(?b))"
)
# The labels of the roles that memberships name, in a sub-SELECT for the same reason.
_ROLE_LABELS = """OPTIONAL { SELECT DISTINCT ?r ?role WHERE {
    ?membership org:role ?r . ?r rdfs:label ?role
    FILTER(lang(?role) = "" || langMatches(lang(?role), "sv"))
  } }"""

RELATIONS = (
    _Relation(
        "role",
        ("?via a org:Membership", "?via org:member ?a", "?via org:organization ?b"),
        where=_ROLE_LABELS,
        evidence=(("a", "b"), ("via", None)),
        extra=("?role",),
        optional=("?via org:role ?r",),
    ),
    _Relation("affiliation", ("?a org:memberOf ?b",)),
    _Relation(
        "home",
        ("?a org:subOrganizationOf|schema:location ?b",),
        where=_typed("?a", "org:Organization"),
    ),
    _Relation(
        "speaker",
        ("?b samv:speaker|schema:performer ?a",),
        where=_typed("?b", "schema:Event"),
        evidence=(("b", "a"),),
    ),
    _Relation(
        "participant",
        ("?b samv:participant|samv:participantOrganisation|schema:attendee ?a",),
        where=_typed("?b", "schema:Event"),
        evidence=(("b", "a"),),
    ),
    _Relation(
        "delegation",
        ("?via a samv:Delegation", "?via samv:delegate ?a", "?via samv:delegate ?b"),
        where=_PERSON_PAIR,
        evidence=(("via", None),),
        extra=("?via",),
    ),
    _Relation(
        "same_event",
        ("?via samv:speaker|samv:participant ?a", "?via samv:speaker|samv:participant ?b"),
        where=_PERSON_PAIR,
        evidence=(("via", "a"), ("via", "b")),
        extra=("?via",),
    ),
    _TopicRelation(
        "process",
        ("?post schema:mentions ?b",),
        where=_typed("?b", "foaf:Person", "org:Organization"),
        evidence=(("b", None), (None, "b")),
        topic="?post dcterms:subject ?a",
    ),
    _Relation("location", ("?a schema:location ?b",), where=_typed("?a", "schema:Event")),
)


# --- filters -----------------------------------------------------------------------------


def _as_date(value: object) -> dt.date | None:
    # Stores hand dates back as date, datetime or ISO text depending on the backend.
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # type: ignore[return-value]
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _iri(value: str) -> str:
    if not value or _IRI_UNSAFE.search(value):
        raise ValueError(f"not a usable IRI: {value!r}")
    return f"<{value}>"


def _post_filter(
    since: dt.date | None, until: dt.date | None, process: str | None, municipality: str | None
) -> str:
    """Return SPARQL patterns keeping only the posts (``?post``) that pass the filters."""
    parts = []
    if since or until:
        # Looked up only when asked for: every relation's SELECT carries the filter.
        parts.append("OPTIONAL { ?post dcterms:date ?date }")
    # Compare the ISO text so that xsd:date and xsd:dateTime posts filter alike.
    if since:
        parts.append(f'FILTER(SUBSTR(STR(?date), 1, 10) >= "{since.isoformat()}")')
    if until:
        parts.append(f'FILTER(SUBSTR(STR(?date), 1, 10) <= "{until.isoformat()}")')
    if process:
        parts.append(f"?post dcterms:subject {_iri(process)} .")
    if municipality:
        # A post concerns a municipality when it mentions it or anything in it. A sub-SELECT
        # finds those posts once; a FILTER EXISTS walked the path again for every row (minutes).
        parts.append(
            "{ SELECT DISTINCT ?post WHERE { { SELECT ?fm WHERE { ?fm (schema:location|"
            f"schema:containedInPlace|org:subOrganizationOf)* {_iri(municipality)} }} }} "
            "?post schema:mentions ?fm } }"
        )
    return "\n  ".join(parts)


def _resolve(store: Store, text: str, node_type: str) -> str:
    """Return the IRI of the process or municipality ``text`` names (IRI, label, code, slug)."""
    if text.startswith(("http://", "https://")):
        return text
    wanted = fold(text)
    rows = _select(store, _NODES) + _select(store, _ALT_LABELS)
    names: dict[str, set[str]] = defaultdict(set)
    types = {str(row["node"]) for row in rows if row.get("type") == node_type}
    for row in rows:
        node = str(row["node"])
        if node in types:
            for value in (row.get("label"), row.get("alt")):
                if value:
                    names[node] |= {fold(str(value)), slug(str(value))}
            names[node].add(node.rsplit("/", 1)[-1])
    hits = sorted(node for node, keys in names.items() if wanted in keys or slug(text) in keys)
    if not hits:
        word = {"process": "process", "municipality": "kommun"}[node_type]
        raise ValueError(f"no {word} in the graph is called {text!r}")
    return hits[0]


# --- building the graph ------------------------------------------------------------------


def _select(store: Store, body: str) -> list[dict[str, object]]:
    return store.query(sparql_prefixes() + body)


def _posts(store: Store, post_filter: str) -> dict[str, dict[str, Any]]:
    """Return the posts that pass the filters: IRI -> title, date, url, processes."""
    posts: dict[str, dict[str, Any]] = {}
    for row in _select(store, _POSTS % {"filter": post_filter}):
        post = posts.setdefault(
            str(row["post"]),
            {
                "title": row.get("title"),
                "date": _as_date(row.get("date")),
                "url": row.get("url"),
                "processes": set(),
            },
        )
        if row.get("process"):
            post["processes"].add(str(row["process"]))
    return posts


# The first sentence of a post stating a fact, as (its index, its text).
_Sentence = tuple[float, str]
# (post, rdf:subject, rdf:object) -> the first sentence of the post stating it; None for an
# end means any.
_Sentences = dict[tuple[str, str | None, str | None], _Sentence]


def _stating_sentences(store: Store, posts: dict[str, dict[str, Any]]) -> _Sentences:
    """Return the first sentence stating each fact of ``posts``, keyed as facts look it up."""
    first: _Sentences = {}
    for row in _select(store, _EVIDENCE):
        post = str(row["post"])
        if post not in posts or not row.get("sentence"):
            continue
        index = float(row["index"]) if row.get("index") is not None else math.inf
        found = (index, str(row["sentence"]))
        subject = str(row["subject"]) if row.get("subject") is not None else None
        object_ = str(row["object"]) if row.get("object") is not None else None
        for key in ((post, subject, object_), (post, subject, None), (post, None, object_)):
            known = first.get(key)
            if known is None or found < known:
                first[key] = found
    return first


def _first_sentence(
    sentences: _Sentences, post: str, ends: Iterable[tuple[object, object]]
) -> _Sentence | None:
    """Return the first sentence of ``post`` stating any of the facts ``ends`` name."""
    first = None
    for subject, object_ in ends:
        found = sentences.get((post, subject, object_))
        if found is not None and (first is None or found < first):
            first = found
    return first


def _keep_first(first: dict[str, _Sentence | None], post: str, found: _Sentence | None) -> None:
    # Every post supporting a tie gets an entry, with the earliest sentence seen for it.
    known = first.get(post)
    if post not in first or found is not None and (known is None or found < known):
        first[post] = found


def _evidence(
    posts: dict[str, dict[str, Any]], first: dict[str, _Sentence | None]
) -> list[dict[str, Any]]:
    """Return one evidence entry per post: its title, date, url and first stating sentence."""
    entries = [
        {
            "post": post,
            "title": posts[post]["title"],
            "date": posts[post]["date"],
            "url": posts[post]["url"],
            "sentence": found[1] if found else None,
        }
        for post, found in first.items()
        if post in posts
    ]
    return sorted(entries, key=_by_date)


@dataclass
class _Pair:
    """Everything read about one pair of nodes, before it becomes an edge."""

    kinds: dict[str, set[str]] = field(default_factory=dict)  # kind -> supporting posts
    sentences: dict[str, _Sentence | None] = field(default_factory=dict)  # post -> sentence
    roles: set[str] = field(default_factory=set)
    via: set[str] = field(default_factory=set)


def _read_relations(
    store: Store, post_filter: str, sentences: _Sentences
) -> dict[frozenset[str], _Pair]:
    pairs: dict[frozenset[str], _Pair] = defaultdict(_Pair)
    for relation in RELATIONS:
        for row in relation.rows(store, post_filter):
            a, b = str(row["a"]), str(row["b"])
            if a == b:
                continue
            post = str(row["post"])
            pair = pairs[frozenset((a, b))]
            pair.kinds.setdefault(relation.kind, set()).add(post)
            found = _first_sentence(sentences, post, relation.evidence_of(row))
            _keep_first(pair.sentences, post, found)
            if row.get("role"):
                pair.roles.add(str(row["role"]))
            if row.get("via") and relation.kind in ("delegation", "same_event"):
                pair.via.add(str(row["via"]))
    return pairs


def _add_edges(
    G: nx.Graph, pairs: dict[frozenset[str], _Pair], posts: dict[str, dict[str, Any]]
) -> None:
    # In a fixed order, whatever order the store answers in: the layout depends on it.
    for a, b, pair in sorted((*sorted(key), pair) for key, pair in pairs.items()):
        kinds = {kind: ps & posts.keys() for kind, ps in pair.kinds.items()}
        kinds = {kind: ps for kind, ps in kinds.items() if ps}
        if not kinds:
            continue
        evidence = _evidence(posts, pair.sentences)
        G.add_edge(
            a,
            b,
            kind=min(kinds, key=_KIND_RANK.__getitem__),
            kinds=sorted(kinds, key=_KIND_RANK.__getitem__),
            weights={kind: len(ps) for kind, ps in kinds.items()},
            weight=len(evidence),
            evidence=evidence,
            roles=sorted(pair.roles),
            via=sorted(pair.via),
        )


def _by_date(entry: dict[str, Any]) -> tuple[str, str, str]:
    return (str(entry.get("date") or ""), str(entry.get("title") or ""), str(entry["post"]))


def _add_mentions(
    G: nx.Graph, store: Store, post_filter: str, posts: dict, sentences: _Sentences
) -> None:
    by_node: dict[str, dict[str, _Sentence | None]] = defaultdict(dict)
    for row in _select(store, _MENTIONS % {"filter": post_filter}):
        node, post = str(row["node"]), str(row["post"])
        found = _first_sentence(sentences, post, ((node, None), (None, node)))
        _keep_first(by_node[node], post, found)
    for node in sorted(by_node):
        G.add_node(node)
        G.nodes[node]["mentions"] = _evidence(posts, by_node[node])


def _add_localities(G: nx.Graph, store: Store) -> None:
    # Reference geography, not a claim of any post: weight 1, no evidence.
    for row in _select(store, _LOCALITIES):
        locality, municipality = str(row["a"]), str(row["b"])
        if locality in G and not G.has_edge(locality, municipality):
            G.add_edge(
                locality,
                municipality,
                kind="location",
                kinds=["location"],
                weights={"location": 0},
                weight=1,
                evidence=[],
                roles=[],
                via=[],
            )


_TYPE_RANK = {"municipality": 0, "locality": 1, "person": 2, "event": 3, "process": 4}


def _describe_nodes(G: nx.Graph, store: Store) -> None:
    """Set each node's type, label, coordinates and municipality from the store."""
    facts: dict[str, dict[str, Any]] = {}
    for row in _select(store, _NODES):
        node = str(row["node"])
        if node not in G:
            continue
        known = facts.setdefault(node, {"types": set(), "labels": set()})
        known["types"].add(str(row["type"]))
        if row.get("label") is not None:
            known["labels"].add(str(row["label"]))
        if row.get("lat") is not None and row.get("lon") is not None:
            known["lat"], known["lon"] = float(row["lat"]), float(row["lon"])  # type: ignore[arg-type]
    municipalities: dict[str, set[str]] = defaultdict(set)
    for sparql in _MUNICIPALITY_OF:
        for row in _select(store, sparql):
            municipalities[str(row["node"])].add(str(row["municipality"]))
    for node in G:
        if "municipality" in facts.get(node, {}).get("types", ()):
            municipalities[node].add(node)
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, _ALT_LABELS):
        if str(row["node"]) in G and row.get("alt"):
            aliases[str(row["node"])].add(str(row["alt"]))
    for node, data in G.nodes(data=True):
        known = facts.get(node, {"types": set(), "labels": set()})
        data["aliases"] = sorted(aliases.get(node, ()))
        # A municipality is also an org:Organization: the most specific type wins.
        types = sorted(known["types"], key=lambda t: _TYPE_RANK.get(t, 9))
        data["type"] = types[0] if types else "unknown"
        data["label"] = min(known["labels"]) if known["labels"] else node.rsplit("/", 1)[-1]
        data["municipalities"] = sorted(municipalities.get(node, ()))
        if "lat" in known:
            data["lat"], data["lon"] = known["lat"], known["lon"]
        data.setdefault("mentions", [])
    # Once every node knows its municipalities: the main one weighs the neighbours' too.
    for node, data in G.nodes(data=True):
        data["municipality"] = _main_municipality(G, node, data["municipalities"])
    _borrow_coordinates(G)


def _main_municipality(G: nx.Graph, node: str, candidates: list[str]) -> str | None:
    # A person tied to several municipalities belongs mostly to the one most posts tie them to.
    if not candidates:
        return None
    if node in candidates:
        return node

    # A tie to a municipality, or to something in it, supports it with the tie's weight: all
    # candidates are weighed in one pass over the neighbours, not one pass per candidate.
    support = dict.fromkeys(candidates, 0)
    for nb, edge in G[node].items():
        for municipality in {nb, *G.nodes[nb].get("municipalities", ())}:
            if municipality in support:
                support[municipality] += edge["weight"]
    return max(sorted(candidates), key=support.__getitem__)


def _borrow_coordinates(G: nx.Graph) -> None:
    for _, data in G.nodes(data=True):
        home = data.get("municipality")
        borrows = data["type"] == "locality" and "lat" not in data
        if borrows and home in G and "lat" in G.nodes[home]:
            data["lat"], data["lon"] = G.nodes[home]["lat"], G.nodes[home]["lon"]


def _add_post_facts(G: nx.Graph) -> None:
    """Set each node's ``weight`` (how many posts name it), ``years`` and ``processes``."""
    posts = G.graph["posts"]
    for node, data in G.nodes(data=True):
        seen = {m["post"] for m in data["mentions"]}
        for edge in G[node].values():
            seen.update(e["post"] for e in edge["evidence"])
        data["years"] = {posts[p]["date"].year for p in seen if posts[p]["date"]}
        data["weight"] = len(seen)
        found = {process for p in seen for process in posts[p]["processes"]}
        if data["type"] == "process":
            found.add(node)
        data["processes"] = sorted(found)


def collaboration_graph(
    store: Store,
    *,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    process: str | None = None,
    municipality: str | None = None,
) -> nx.Graph:
    """Return the collaboration network of the posts in ``store`` that pass the filters.

    It exists so that every map, measure and question about who works with whom starts from
    one graph rebuilt from the RDF. ``since``/``until`` keep the posts dated in that range
    (inclusive); ``process`` (an IRI, label or slug: ``"meröppet"``) keeps the posts about it;
    ``municipality`` (an IRI, name or kommunkod: ``"Höganäs"``, ``"1284"``) keeps the posts that
    mention it or something in it. An edge's ``weight`` is the number of those posts that
    support it; ``evidence`` lists them (title, date, url, sentence), one entry per post.
    Raises ``ValueError`` with a one-line message when a filter names nothing in the graph.
    """
    since_date, until_date = _as_date(since), _as_date(until)
    if since is not None and since_date is None or until is not None and until_date is None:
        raise ValueError("dates must be written as YYYY-MM-DD")
    process_iri = _resolve(store, process, "process") if process else None
    municipality_iri = _resolve(store, municipality, "municipality") if municipality else None
    post_filter = _post_filter(since_date, until_date, process_iri, municipality_iri)

    with collector_paused():
        posts = _posts(store, post_filter)
        G = nx.Graph()
        G.graph["posts"] = {
            iri: {**post, "processes": sorted(post["processes"])} for iri, post in posts.items()
        }
        G.graph["filters"] = {
            "since": since_date,
            "until": until_date,
            "process": process_iri,
            "municipality": municipality_iri,
        }
        sentences = _stating_sentences(store, posts)
        _add_edges(G, _read_relations(store, post_filter, sentences), posts)
        _add_mentions(G, store, post_filter, posts, sentences)
        _add_localities(G, store)
        _describe_nodes(G, store)
        _drop_untyped(G)
        _add_post_facts(G)
    return G


def _drop_untyped(G: nx.Graph) -> None:
    # Roles, groups and anything else a post mentions are not nodes of the map.
    G.remove_nodes_from([n for n, t in G.nodes(data="type") if t not in NODE_TYPES])


# --- views -------------------------------------------------------------------------------

# Which middle nodes tie two nodes of a projection together.
_TIES: dict[str, tuple[set[str], set[str]]] = {
    # kind: (types kept, types of the nodes that tie them)
    "people": ({"person"}, {"event", "organisation", "municipality"}),
    "organisations": ({"organisation", "municipality"}, {"person", "event", "process"}),
}


def project(G: nx.Graph, kind: str = "people") -> nx.Graph:
    """Return the ``kind`` view of ``G``: one type of node, joined by what they share.

    ``people``: two people are joined once per event, organisation or delegation they share
    (and by any direct tie in ``G``); ``organisations``: organisations and municipalities, joined
    by the people, events and processes they share, and by their own edges; ``municipalities``:
    two municipalities are joined once per node that ties both (a person, organisation or event
    of one linked to the other, a shared process); ``all``: a copy of ``G``. Each edge's
    ``weight`` is the number of ties and ``via`` names them; nodes keep their attributes.

    >>> G = nx.Graph()
    >>> G.add_nodes_from(["anna", "bo"], type="person")
    >>> G.add_node("mote", type="event")
    >>> G.add_edges_from([("anna", "mote"), ("bo", "mote")], kind="participant", weight=1)
    >>> P = project(G, "people")
    >>> sorted(P.edges(data="weight"))
    [('anna', 'bo', 1)]
    """
    if kind not in PROJECTIONS:
        raise ValueError(f"the view must be one of {', '.join(PROJECTIONS)}, not {kind!r}")
    if kind == "all":
        return G.copy()
    if kind == "municipalities":
        return _project_municipalities(G)
    keep, middles = _TIES[kind]
    P = nx.Graph()
    P.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d.get("type") in keep)
    ties: dict[tuple[str, str], set[str]] = defaultdict(set)
    for middle, data in G.nodes(data=True):
        if data.get("type") in middles:
            members = sorted(nb for nb in G[middle] if nb in P)
            for a, b in itertools.combinations(members, 2):
                ties[a, b].add(middle)
    for a, b, data in G.edges(data=True):
        if a in P and b in P:
            # A direct tie names what it runs through (its delegation, its event: counted once
            # with the event node); a tie without that is a tie of its own.
            named = data.get("via") or [f"{data.get('kind', 'edge')}:{a}|{b}"]
            ties[tuple(sorted((a, b)))] |= set(named)
    _add_ties(P, ties)
    return P


def _project_municipalities(G: nx.Graph) -> nx.Graph:
    P = nx.Graph()
    P.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d.get("type") == "municipality")

    def home(node: str) -> set[str]:
        return {m for m in G.nodes[node].get("municipalities", ()) if m in P}

    ties: dict[tuple[str, str], set[str]] = defaultdict(set)
    for node in G:
        involved = home(node).union(*(home(nb) for nb in G[node]))
        for a, b in itertools.combinations(sorted(involved), 2):
            ties[a, b].add(node)
    _add_ties(P, ties)
    return P


def _add_ties(P: nx.Graph, ties: dict[tuple[str, str], set[str]]) -> None:
    for (a, b), via in ties.items():
        P.add_edge(a, b, kind="shared", weight=len(via), via=sorted(via))


def ego(G: nx.Graph, node: str, depth: int = 1) -> nx.Graph:
    """Return the part of ``G`` within ``depth`` steps of ``node`` (its ego network).

    >>> ego(nx.path_graph(["a", "b", "c", "d"]), "b", 1).nodes
    NodeView(('a', 'b', 'c'))
    """
    if node not in G:
        raise ValueError(f"{node!r} is not in the graph")
    if depth < 0:
        raise ValueError("the depth must be 0 or more")
    return nx.ego_graph(G, node, radius=depth).copy()


def find_nodes(G: nx.Graph, text: str) -> list[str]:
    """Return the nodes whose label, other names (``aliases``) or IRI contain ``text``.

    Case and diacritics do not matter, so ``"hoganas"`` finds Höganäs. Exact names come
    first, then names starting with the text, then the best connected.

    >>> G = nx.Graph()
    >>> G.add_node("k1284", label="Höganäs kommun", aliases=["Höganäs"])
    >>> G.add_node("o1", label="Höganäs bibliotek")
    >>> find_nodes(G, "HOGANAS KOMMUN"), find_nodes(G, "hoganas"), find_nodes(G, "bibl")
    (['k1284'], ['k1284', 'o1'], ['o1'])
    """
    wanted = fold(text)
    if not wanted:
        return []
    ranked = []
    for node, data in G.nodes(data=True):
        label = fold(str(data.get("label") or node))
        names = [label, *(fold(str(a)) for a in data.get("aliases", ()))]
        if any(wanted in name for name in names) or wanted in fold(str(node)):
            exact = min(0 if n == wanted else 1 if n.startswith(wanted) else 2 for n in names)
            ranked.append(((exact, -G.degree(node), label, str(node)), node))
    return [node for _, node in sorted(ranked)]


# --- analytics ---------------------------------------------------------------------------


def brokers(G: nx.Graph) -> dict[str, float]:
    """Return each person's betweenness in the people view: who links otherwise apart people.

    A high score marks a broker, someone many shortest paths between colleagues run
    through. Scores are normalised to 0..1; ``G`` is left untouched.

    >>> G = nx.Graph()
    >>> G.add_nodes_from(["anna", "bo", "cia"], type="person")
    >>> G.add_edges_from([("anna", "bo"), ("bo", "cia")], kind="same_event", weight=1)
    >>> brokers(G)
    {'anna': 0.0, 'bo': 1.0, 'cia': 0.0}
    """
    P = project(G, "people")
    return nx.betweenness_centrality(P, normalized=True)


def communities(G: nx.Graph, *, seed: int = 0) -> list[set[str]]:
    """Return groups of nodes more tied to each other than to the rest, largest first.

    Louvain on the edge weights, with ``seed`` so that the same graph gives the same groups.

    >>> G = nx.barbell_graph(3, 0)
    >>> communities(G)
    [{0, 1, 2}, {3, 4, 5}]
    """
    if G.number_of_edges() == 0:
        return [{n} for n in sorted(G, key=str)]
    found = nx.community.louvain_communities(G, weight="weight", seed=seed)
    return sorted(found, key=lambda c: (-len(c), sorted(map(str, c))))
