"""PostDoc -> the triples of the post's named graph (docs/graph-shape.md shows them).

The contract's standard terms are always stated (materialised), and every extracted fact gets
a reified ``samv:Evidence`` naming the post, the sentence, the characters and the rule.

The triples are pyoxigraph terms, the store's own: a post has some 450 of them, and making
rdflib terms first and converting them cost more than everything else the main process
does to a post. ``Triples.graph()`` gives an rdflib Graph where one is wanted.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph

from graph import vocab
from graph.ids import (
    hashed_iri,
    post_graph_iri,
    post_id,
    post_iri,
    role_iri,
    sentence_iri,
)
from graph.model import Entity, Evidence, Fact, PostDoc
from graph.text import evidence_iri
from graph.vocab import OxTerms, bind_prefixes

DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SAMV, SDO, SKOS, XSD = map(
    OxTerms,
    (
        vocab.DCTERMS,
        vocab.FOAF,
        vocab.ORG,
        vocab.PROV,
        vocab.RDF,
        vocab.RDFS,
        vocab.SAMV,
        vocab.SDO,
        vocab.SKOS,
        vocab.XSD,
    ),
)


@lru_cache(maxsize=1 << 14)
def named(iri: str) -> ox.NamedNode:
    """Return the pyoxigraph IRI of an entity; entities recur in many triples and posts.

    (Evidence, sentences and memberships are named once each and made directly.)"""
    return ox.NamedNode(iri)


def text(value: str, lang: str | None = None) -> ox.Literal:
    """Return a plain (or language-tagged) string literal."""
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def date(day) -> ox.Literal:
    """Return ``day`` (a date) as an ``xsd:date`` literal."""
    return ox.Literal(day.isoformat(), datatype=XSD.date)


_ORG_CLASSES = {
    "Library": SAMV.Library,
    "MunicipalBody": SAMV.MunicipalBody,
    "RegionalBody": SAMV.RegionalBody,
    "University": SAMV.University,
    "Association": SAMV.Association,
    "StudyAssociation": SAMV.StudyAssociation,
    "Authority": SAMV.Authority,
    "Company": SAMV.Company,
    "Organisation": SAMV.Organisation,
}
_EVENT_CLASSES = {
    "Internat": SAMV.Internat,
    "Meeting": SAMV.Meeting,
    "Conference": SAMV.Conference,
    "Seminar": SAMV.Seminar,
    "Workshop": SAMV.Workshop,
    "Event": SAMV.Event,
}
# The entity kinds a post "mentions" (schema:mentions) in the contract's sense.
_MENTIONED = {"person", "organisation", "municipality", "locality", "county", "event", "process"}


def post_identifier(doc: PostDoc) -> str:
    """Return the post's stable id: from its URL when known, else from its date and title."""
    post = doc.post
    return post_id(post.url, post.date.isoformat() if post.date else None, post.title)


class Triples(set):
    """A post's triples as pyoxigraph terms: a plain set, an rdflib Graph on demand."""

    def remove(self, triple) -> None:  # like rdflib's Graph.remove: absent is fine
        self.discard(triple)

    def graph(self) -> Graph:
        """Return the triples as an rdflib Graph with the project's prefixes."""
        from graph.store import from_ox_term

        graph = bind_prefixes(Graph())
        for triple in self:
            graph.add(tuple(map(from_ox_term, triple)))
        return graph


class _Writer:
    """Collects one post's triples; small methods, one per kind of thing."""

    def __init__(self, doc: PostDoc) -> None:
        self.doc = doc
        self.pid = post_identifier(doc)
        self.post = named(post_iri(self.pid))
        self.graph = Triples()
        self.add = self.graph.add
        self.sentences: dict[int, ox.NamedNode] = {}  # index -> node, once written

    def write(self) -> Triples:
        self.write_post()
        for entity in self.doc.entities.values():
            self.write_entity(entity)
        for fact in self.doc.facts:
            self.write_fact(fact)
        return self.graph

    def write_post(self) -> None:
        post, add = self.post, self.add
        add((post, RDF.type, SDO.BlogPosting))
        add((post, RDF.type, SAMV.Post))
        add((post, DCTERMS.title, text(self.doc.post.title)))
        if self.doc.post.date:
            add((post, DCTERMS.date, date(self.doc.post.date)))
        if self.doc.post.url:
            add((post, SDO.url, named(self.doc.post.url)))
        if self.doc.post.source:
            add((post, PROV.hadPrimarySource, text(self.doc.post.source)))
        for label in self.doc.post.labels:
            add((post, SDO.keywords, text(label)))
        # The text, so that ``rebuild`` can read the post again without its file.
        add((post, SDO.articleBody, text(self.doc.post.text)))
        # The author as written, and (below, write_entity) as resolved: a merged author is
        # the merged person.
        author = (self.doc.post.author or "").strip()
        if author:
            add((post, DCTERMS.creator, text(author)))
        for comment in self.doc.post.comments:
            node = ox.NamedNode(hashed_iri("comment", self.pid, comment.text))
            add((post, SDO.comment, node))
            add((node, RDF.type, SDO.Comment))
            add((node, RDF.type, SAMV.Comment))
            add((node, SDO.text, text(comment.text)))
            if comment.author:
                add((node, DCTERMS.creator, text(comment.author)))

    def write_entity(self, entity: Entity) -> None:
        node = named(entity.key)
        if entity.attrs.get("author"):
            self.add((self.post, SDO.author, node))
        for name in entity.attrs.get("variants", ()):  # names written other than the label
            self.add((node, SKOS.altLabel, text(name)))
        if entity.kind in _MENTIONED:
            self.add((self.post, SDO.mentions, node))
        if entity.kind == "process":
            self.add((self.post, DCTERMS.subject, node))
        writer = getattr(self, f"write_{entity.kind}", None)
        if writer is not None:
            writer(node, entity)
        first = self._first_mention(entity.key)
        if first is not None and entity.kind in _MENTIONED:
            self.write_evidence(self.post, SDO.mentions, node, first)

    def _first_mention(self, key: str) -> Evidence | None:
        for m in self.doc.mentions:
            if m.key == key:
                return Evidence(
                    sentence=m.sentence,
                    start=m.start,
                    end=m.end,
                    rule=m.rule,
                    confidence=m.confidence,
                )
        return None

    def write_person(self, node: ox.NamedNode, entity: Entity) -> None:
        self.add((node, RDF.type, FOAF.Person))
        self.add((node, RDF.type, SAMV.Person))
        self.add((node, FOAF.name, text(entity.label)))
        self.add((node, RDFS.label, text(entity.label)))

    def write_organisation(self, node: ox.NamedNode, entity: Entity) -> None:
        self.add((node, RDF.type, ORG.Organization))
        self.add(
            (node, RDF.type, _ORG_CLASSES.get(entity.attrs.get("org_kind"), SAMV.Organisation))
        )
        self.add((node, RDFS.label, text(entity.label)))
        home = entity.attrs.get("home")
        if home:
            relation = ORG.subOrganizationOf if entity.attrs.get("relation") == "sub" else None
            self.add((node, relation or SDO.location, named(home)))

    def write_event(self, node: ox.NamedNode, entity: Entity) -> None:
        attrs = entity.attrs
        self.add((node, RDF.type, SDO.Event))
        self.add((node, RDF.type, _EVENT_CLASSES.get(attrs.get("event_kind"), SAMV.Event)))
        self.add((node, SDO.name, text(attrs["name"])))
        self.add((node, SDO.startDate, date(attrs["start"])))
        self.add((node, SDO.endDate, date(attrs["end"])))
        place = attrs.get("place")
        if place and place.get("key"):
            self.add((node, SDO.location, named(place["key"])))
            self.add((self.post, SDO.mentions, named(place["key"])))

    def write_group(self, node: ox.NamedNode, entity: Entity) -> None:
        self.add((node, RDF.type, SAMV.Group))
        self.add((node, RDFS.label, text(entity.label)))
        if entity.attrs.get("size"):
            self.add((node, SAMV.size, text(entity.attrs["size"])))

    def write_fact(self, fact: Fact) -> None:
        writer = getattr(self, f"fact_{fact.kind}")
        writer(fact)

    def fact_member_of(self, fact: Fact) -> None:
        self._stated(named(fact.subject), ORG.memberOf, named(fact.object), fact.evidence)

    def fact_role(self, fact: Fact) -> None:
        person = named(fact.subject)
        role = self._role(fact.attrs["role"])
        if fact.object is None:
            self._stated(person, SAMV.hasRole, role, fact.evidence)
            return
        membership = named(hashed_iri("membership", fact.subject, fact.attrs["role"], fact.object))
        self.add((membership, RDF.type, ORG.Membership))
        self.add((membership, ORG.member, person))
        self.add((membership, ORG.organization, named(fact.object)))
        self.add((membership, ORG.role, role))
        if self.doc.post.date:
            self.add((membership, DCTERMS.date, date(self.doc.post.date)))
        self.write_evidence(membership, ORG.role, role, fact.evidence)

    def _role(self, base: str) -> ox.NamedNode:
        role = named(role_iri(base))
        self.add((role, RDF.type, ORG.Role))
        self.add((role, RDF.type, SAMV.Role))
        self.add((role, RDFS.label, text(base, "sv")))
        return role

    def fact_delegation(self, fact: Fact) -> None:
        delegates = [m.key for m in fact.attrs["delegates"] if m.key]
        node = ox.NamedNode(hashed_iri("delegation", self.pid, fact.subject, *delegates))
        self.add((node, RDF.type, SAMV.Delegation))
        self._stated(node, SAMV.represents, named(fact.subject), fact.evidence)
        for key in delegates:
            self.add((node, SAMV.delegate, named(key)))
        event = fact.attrs.get("event")
        if event is not None and event.key:
            self.add((node, SAMV.atEvent, named(event.key)))

    def fact_speaker(self, fact: Fact) -> None:
        self._stated(named(fact.subject), SAMV.speaker, named(fact.object), fact.evidence)

    def fact_participant(self, fact: Fact) -> None:
        self._stated(named(fact.subject), SAMV.participant, named(fact.object), fact.evidence)

    def fact_participant_org(self, fact: Fact) -> None:
        event, org = named(fact.subject), named(fact.object)
        self._stated(event, SAMV.participantOrganisation, org, fact.evidence)

    def fact_cooperation(self, fact: Fact) -> None:
        a, b = named(fact.subject), named(fact.object)
        self._stated(a, SAMV.cooperatesWith, b, fact.evidence)

    def fact_participant_group(self, fact: Fact) -> None:
        self._stated(named(fact.object), SAMV.atEvent, named(fact.subject), fact.evidence)

    def _stated(self, s, p, o, evidence: Evidence) -> None:
        self.add((s, p, o))
        self.write_evidence(s, p, o, evidence)

    def write_evidence(self, s, p, o, evidence: Evidence) -> None:
        # Hashed from the IRIs as text, so evidence keeps its IRI from earlier versions.
        node = ox.NamedNode(evidence_iri(self.pid, s.value, p.value, o.value))
        sentence = self._sentence(evidence.sentence)
        add = self.add
        # Not also typed rdf:Statement: samv:Evidence is a subclass of it (the ontology says
        # so once), and the type on every node was a tenth of a post's quads.
        add((node, RDF.type, SAMV.Evidence))
        add((node, RDF.subject, s))
        add((node, RDF.predicate, p))
        add((node, RDF.object, o))
        add((node, PROV.wasDerivedFrom, self.post))
        add((node, SAMV.sentence, sentence))
        add((node, SAMV.charStart, _literal(evidence.start)))
        add((node, SAMV.charEnd, _literal(evidence.end)))
        add((node, SAMV.rule, _literal(evidence.rule)))
        add((node, SAMV.confidence, _confidence(evidence.confidence)))

    def _sentence(self, index: int) -> ox.NamedNode:
        """Return the sentence's node, writing the sentence the first time it is named."""
        node = self.sentences.get(index)
        if node is None:
            node = self.sentences[index] = ox.NamedNode(sentence_iri(self.pid, index))
            self.add((node, RDF.type, SAMV.Sentence))
            self.add((node, SAMV.text, text(self.doc.sentence_text(index))))
            self.add((node, SAMV.index, _literal(index)))
            self.add((node, DCTERMS.isPartOf, self.post))
        return node


@lru_cache(maxsize=4096)
def _literal(value: int | str) -> ox.Literal:
    """Return the literal of a small int (xsd:integer) or a rule name; they recur in every post."""
    return ox.Literal(value)


@lru_cache(maxsize=128)
def _confidence(value: float) -> ox.Literal:
    return ox.Literal(str(Decimal(str(round(value, 2)))), datatype=XSD.decimal)


def post_graph(doc: PostDoc) -> tuple[ox.NamedNode, Triples]:
    """Return (named graph IRI, triples) for one analysed post."""
    writer = _Writer(doc)
    return post_graph_iri(writer.pid), writer.write()
