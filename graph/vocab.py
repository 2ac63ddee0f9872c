"""The graph's vocabularies as closed namespaces, and the prefixes the graph is written with.

Code names terms through these namespaces instead of IRI strings, so a misspelt term fails at
once (``SAMV.speakr`` raises ``AttributeError``) instead of silently writing a new property.
``SAMV`` holds exactly the terms declared in ``ontology/samverkan.ttl``; the standard
vocabularies are rdflib's own closed namespaces, re-exported so that modules import every term
from one place:

>>> from graph.vocab import SAMV, SDO, SID
>>> SAMV.speaker
rdflib.term.URIRef('https://w3id.org/samverkan/ontology#speaker')
>>> SDO.Event
rdflib.term.URIRef('https://schema.org/Event')
>>> SID["kommun/1284"]
rdflib.term.URIRef('https://w3id.org/samverkan/id/kommun/1284')
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
)
from rdflib.term import URIRef

from graph.prefixes import PREFIXES as _PREFIXES

__all__ = [
    "DCTERMS",
    "FOAF",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SAMV",
    "SDO",
    "SGR",
    "SID",
    "SKOS",
    "SPROC",
    "XSD",
    "OxTerms",
    "bind_prefixes",
    "sparql_prefixes",
]


class SAMV(DefinedNamespace):
    """The samverkan ontology (``ontology/samverkan.ttl``): classes and properties."""

    _fail = True
    _NS = Namespace("https://w3id.org/samverkan/ontology#")

    # Classes: posts and what they are made of
    Post: URIRef  # a blog post, the source of every extracted fact
    Comment: URIRef  # a reader's comment on a post
    Sentence: URIRef  # one sentence of a post's annotated text
    Evidence: URIRef  # a reified extracted fact with where it was read
    CuratedFact: URIRef  # a fact a user added or corrected by hand

    # Classes: people, roles, groups
    Person: URIRef
    Role: URIRef
    Group: URIRef  # people mentioned together but not by name
    Delegation: URIRef  # people who represented one organisation at an event

    # Classes: organisations and their kinds
    Organisation: URIRef
    Library: URIRef
    Municipality: URIRef  # kommun, identified by its kommunkod
    MunicipalBody: URIRef
    RegionalBody: URIRef
    University: URIRef
    Association: URIRef
    StudyAssociation: URIRef
    Authority: URIRef
    Company: URIRef

    # Classes: places
    County: URIRef  # län
    Locality: URIRef  # tätort, village

    # Classes: events
    Event: URIRef
    Meeting: URIRef
    Internat: URIRef
    Conference: URIRef
    Seminar: URIRef
    Workshop: URIRef

    # Classes: collaboration processes
    Process: URIRef

    # Event properties
    speaker: URIRef  # rdfs:subPropertyOf schema:performer
    participant: URIRef  # rdfs:subPropertyOf schema:attendee
    participantOrganisation: URIRef  # rdfs:subPropertyOf schema:attendee
    organiser: URIRef  # rdfs:subPropertyOf schema:organizer
    atEvent: URIRef
    delegate: URIRef
    hasRole: URIRef
    cooperatesWith: URIRef
    represents: URIRef
    size: URIRef

    # Place properties
    county: URIRef
    countyCode: URIRef

    # Evidence properties
    sentence: URIRef
    text: URIRef
    index: URIRef
    charStart: URIRef
    charEnd: URIRef
    rule: URIRef
    confidence: URIRef

    # Curation properties
    curatedBy: URIRef
    curationNote: URIRef

    # Reserved for the relation extractor
    relationKind: URIRef


def _resolve_terms(namespace) -> None:
    """Store each declared term on its closed namespace as a plain class attribute.

    A closed namespace checks every attribute access against its declarations, which costs
    more than writing the triple that uses it; the terms never change, so each is looked up
    once here. A misspelt term still raises, since it is never stored.
    """
    base = str(namespace._NS)
    for name in getattr(namespace, "__annotations__", {}):
        if not name.startswith("_"):
            # The names are the namespace's own declarations: no need for its membership
            # test, which scans all of them (schema.org has thousands) for every term.
            setattr(namespace, name, URIRef(base + name))


for _namespace in (SAMV, FOAF, ORG, SDO, DCTERMS, SKOS, PROV, RDF, RDFS, OWL, XSD):
    _resolve_terms(_namespace)

SPROC = Namespace("https://w3id.org/samverkan/process/")
SID = Namespace("https://w3id.org/samverkan/id/")
SGR = Namespace("https://w3id.org/samverkan/graph/")

# The namespaces above are the ones of graph.prefixes (test_ontology checks they agree).
PREFIXES = _PREFIXES


class OxTerms:
    """A vocabulary's terms as pyoxigraph NamedNodes, for code that writes straight to the store.

    ``OxTerms(SAMV).speaker`` is ``SAMV.speaker`` as a pyoxigraph term, made once; the
    closed namespace behind it still refuses a misspelt term. Building rdflib terms and
    converting them cost more than all the rest of turning a post into triples.
    """

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str):
        import pyoxigraph

        term = pyoxigraph.NamedNode(str(getattr(self._namespace, name)))
        setattr(self, name, term)
        return term


def sparql_prefixes() -> str:
    """Return the PREFIX lines for every prefix in PREFIXES, to put before a SPARQL query.

    Saved and typed-in queries can then use ``samv:``, ``schema:`` ... without declaring them.
    """
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every prefix in PREFIXES on ``graph`` (replacing rdflib's defaults) and return it.

    Exported Turtle and TriG then read ``schema:Event`` rather than ``ns1:Event``, and rdflib's
    own ``schema`` binding cannot drift to the http IRI.
    """
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph
