"""The ready questions, as SPARQL plus small functions: who works with whom, and how we know.

Every function takes a store (anything with ``query(sparql, bindings=...)`` returning rows of
plain values) and returns plain dataclasses; printing is the CLI's business.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from graph.vocab import sparql_prefixes

_PEOPLE = (
    sparql_prefixes()
    + """
SELECT ?person ?name WHERE {
  ?person a foaf:Person ; foaf:name ?name .
}"""
)

# One row per (connected thing, kind of connection, piece of evidence). The evidence is the
# reified statement that ties the other end to the shared thing (event, delegation,
# organisation), so the sentence shown is the one that says it.
_CONNECTIONS = (
    sparql_prefixes()
    + """
SELECT DISTINCT ?other ?otherLabel ?kind ?via ?viaLabel ?post ?title ?date ?url ?sentence
WHERE {
  {
    ?via samv:delegate ?person, ?other . FILTER(?other != ?person)
    BIND("delegation" AS ?kind)
    ?ev rdf:subject ?via ; rdf:predicate samv:represents ; rdf:object ?rep .
    ?rep rdfs:label ?viaLabel .
  } UNION {
    VALUES ?p1 { samv:speaker samv:participant }
    VALUES ?p2 { samv:speaker samv:participant }
    ?via ?p1 ?person ; ?p2 ?other . FILTER(?other != ?person)
    BIND("event" AS ?kind)
    ?via schema:name ?viaLabel .
    ?ev rdf:subject ?via ; rdf:predicate ?p2 ; rdf:object ?other .
  } UNION {
    VALUES ?p1 { samv:speaker samv:participant }
    ?via ?p1 ?person ; samv:participantOrganisation ?other .
    BIND("event" AS ?kind)
    ?via schema:name ?viaLabel .
    ?ev rdf:subject ?via ; rdf:predicate samv:participantOrganisation ; rdf:object ?other .
  } UNION {
    ?person org:memberOf ?via . ?other org:memberOf ?via . FILTER(?other != ?person)
    BIND("organisation" AS ?kind)
    ?via rdfs:label ?viaLabel .
    ?ev rdf:subject ?other ; rdf:predicate org:memberOf ; rdf:object ?via .
  } UNION {
    ?person org:memberOf ?other .
    BIND("member" AS ?kind)
    BIND(?other AS ?via)
    ?other rdfs:label ?viaLabel .
    ?ev rdf:subject ?person ; rdf:predicate org:memberOf ; rdf:object ?other .
  }
  ?other rdfs:label ?otherLabel .
  ?ev prov:wasDerivedFrom ?post ; samv:sentence ?s .
  ?s samv:text ?sentence .
  ?post dcterms:title ?title .
  OPTIONAL { ?post dcterms:date ?date }
  OPTIONAL { ?post schema:url ?url }
}"""
)

# The strength of each kind of tie, for ranking: being sent together says more than
# belonging to the same large organisation.
KIND_WEIGHT = {"delegation": 3.0, "member": 2.5, "organisation": 2.0, "event": 1.0}


@dataclass
class Evidence:
    title: str
    date: object
    url: str | None
    sentence: str


@dataclass
class Tie:
    """One way two things are connected, with where it is written."""

    kind: str  # delegation, event, organisation, member
    via: str  # the shared thing's label (event name, organisation, represented municipality)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Connection:
    """Someone or something NAME works with, and every tie between them."""

    iri: str
    label: str
    ties: list[Tie] = field(default_factory=list)

    @property
    def score(self) -> float:
        posts = {e.title for tie in self.ties for e in tie.evidence}
        return sum(KIND_WEIGHT.get(t.kind, 1.0) for t in self.ties) + 0.5 * len(posts)


@dataclass
class WhoAnswer:
    """The answer to "who works with NAME": the person found, or the candidates to choose from."""

    query: str
    person: str | None = None  # IRI
    name: str | None = None
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (iri, name)
    connections: list[Connection] = field(default_factory=list)


def fold(text: str) -> str:
    """Return text case- and diacritics-folded: "Höganäs" and "hoganas" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("-", " ")


def find_people(store, name: str) -> list[tuple[str, str]]:
    """Return the (iri, name) of the people whose name fits ``name``, best fits first.

    An exact full name wins; otherwise every person with a name part equal to, or starting
    with, what was typed ("terese", "Blandford") is a candidate.
    """
    wanted = fold(name).split()
    if not wanted:
        return []
    people = {(row["person"], row["name"]) for row in store.query(_PEOPLE)}
    exact = [p for p in people if fold(p[1]).split() == wanted]
    if exact:
        return sorted(exact)
    partial = [
        p
        for p in people
        if all(any(part.startswith(w) for part in fold(p[1]).split()) for w in wanted)
    ]
    return sorted(partial, key=lambda p: p[1])


def who(store, name: str) -> WhoAnswer:
    """Return who works with the person called ``name``, ranked, with evidence."""
    answer = WhoAnswer(query=name)
    found = find_people(store, name)
    if len(found) != 1:
        answer.candidates = found
        return answer
    answer.person, answer.name = found[0]
    answer.connections = connections(store, answer.person)
    return answer


def connections(store, person: str) -> list[Connection]:
    """Return the people and organisations ``person`` is tied to, strongest first."""
    found: dict[str, Connection] = {}
    for row in store.query(_CONNECTIONS, bindings={"person": person}):
        connection = found.setdefault(row["other"], Connection(row["other"], row["otherLabel"]))
        tie = next(
            (t for t in connection.ties if (t.kind, t.via) == (row["kind"], row["viaLabel"])),
            None,
        )
        if tie is None:
            tie = Tie(kind=row["kind"], via=row["viaLabel"])
            connection.ties.append(tie)
        evidence = Evidence(row["title"], row["date"], row["url"], row["sentence"])
        if evidence not in tie.evidence:
            tie.evidence.append(evidence)
    for connection in found.values():
        connection.ties.sort(key=lambda t: -KIND_WEIGHT.get(t.kind, 1.0))
    return sorted(found.values(), key=lambda c: (-c.score, c.label))
