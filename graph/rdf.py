"""PostDoc -> the triples of the post's named graph (docs/graph-shape.md shows them).

The contract's standard terms are always stated (materialised), and every extracted fact gets
a reified ``samv:Evidence`` naming the post, the sentence, the characters and the rule.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from graph.ids import (
    hashed_iri,
    person_iri,
    post_graph_iri,
    post_id,
    post_iri,
    role_iri,
    sentence_iri,
)
from graph.model import Entity, Evidence, Fact, PostDoc
from graph.vocab import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SAMV, SDO, XSD, bind_prefixes

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
    """A post's triples: a plain set (fast to fill), turned into an rdflib Graph on demand.

    rdflib's indexed in-memory Graph costs more to fill than everything else the pipeline
    does to a post, and the store only needs the triples.
    """

    def remove(self, triple) -> None:  # like rdflib's Graph.remove: absent is fine
        self.discard(triple)

    def graph(self) -> Graph:
        """Return the triples as an rdflib Graph with the project's prefixes."""
        graph = bind_prefixes(Graph())
        for triple in self:
            graph.add(triple)
        return graph


class _Writer:
    """Collects one post's triples; small methods, one per kind of thing."""

    def __init__(self, doc: PostDoc) -> None:
        self.doc = doc
        self.pid = post_identifier(doc)
        self.post = post_iri(self.pid)
        self.graph = Triples()
        self.add = self.graph.add
        self.sentences_written: set[int] = set()

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
        add((post, DCTERMS.title, Literal(self.doc.post.title)))
        if self.doc.post.date:
            add((post, DCTERMS.date, Literal(self.doc.post.date.isoformat(), datatype=XSD.date)))
        if self.doc.post.url:
            add((post, SDO.url, URIRef(self.doc.post.url)))
        if self.doc.post.source:
            add((post, PROV.hadPrimarySource, Literal(self.doc.post.source)))
        for label in self.doc.post.labels:
            add((post, SDO.keywords, Literal(label)))
        author = (self.doc.post.author or "").strip()
        if len(author.split()) >= 2:
            add((post, SDO.author, person_iri(author)))
        elif author:
            add((post, DCTERMS.creator, Literal(author)))
        for comment in self.doc.post.comments:
            node = hashed_iri("comment", self.pid, comment.text)
            add((post, SDO.comment, node))
            add((node, RDF.type, SDO.Comment))
            add((node, RDF.type, SAMV.Comment))
            add((node, SDO.text, Literal(comment.text)))
            if comment.author:
                add((node, DCTERMS.creator, Literal(comment.author)))

    def write_entity(self, entity: Entity) -> None:
        node = URIRef(entity.key)
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

    def write_person(self, node: URIRef, entity: Entity) -> None:
        self.add((node, RDF.type, FOAF.Person))
        self.add((node, RDF.type, SAMV.Person))
        self.add((node, FOAF.name, Literal(entity.label)))
        self.add((node, RDFS.label, Literal(entity.label)))

    def write_organisation(self, node: URIRef, entity: Entity) -> None:
        self.add((node, RDF.type, ORG.Organization))
        self.add(
            (node, RDF.type, _ORG_CLASSES.get(entity.attrs.get("org_kind"), SAMV.Organisation))
        )
        self.add((node, RDFS.label, Literal(entity.label)))
        home = entity.attrs.get("home")
        if home:
            relation = ORG.subOrganizationOf if entity.attrs.get("relation") == "sub" else None
            self.add((node, relation or SDO.location, URIRef(home)))

    def write_event(self, node: URIRef, entity: Entity) -> None:
        attrs = entity.attrs
        self.add((node, RDF.type, SDO.Event))
        self.add((node, RDF.type, _EVENT_CLASSES.get(attrs.get("event_kind"), SAMV.Event)))
        self.add((node, SDO.name, Literal(attrs["name"])))
        self.add((node, SDO.startDate, Literal(attrs["start"].isoformat(), datatype=XSD.date)))
        self.add((node, SDO.endDate, Literal(attrs["end"].isoformat(), datatype=XSD.date)))
        place = attrs.get("place")
        if place and place.get("key"):
            self.add((node, SDO.location, URIRef(place["key"])))
            self.add((self.post, SDO.mentions, URIRef(place["key"])))

    def write_group(self, node: URIRef, entity: Entity) -> None:
        self.add((node, RDF.type, SAMV.Group))
        self.add((node, RDFS.label, Literal(entity.label)))
        if entity.attrs.get("size"):
            self.add((node, SAMV.size, Literal(entity.attrs["size"])))

    def write_fact(self, fact: Fact) -> None:
        writer = getattr(self, f"fact_{fact.kind}")
        writer(fact)

    def fact_member_of(self, fact: Fact) -> None:
        self._stated(URIRef(fact.subject), ORG.memberOf, URIRef(fact.object), fact.evidence)

    def fact_role(self, fact: Fact) -> None:
        person = URIRef(fact.subject)
        role = self._role(fact.attrs["role"])
        if fact.object is None:
            self._stated(person, SAMV.hasRole, role, fact.evidence)
            return
        membership = hashed_iri("membership", fact.subject, fact.attrs["role"], fact.object)
        self.add((membership, RDF.type, ORG.Membership))
        self.add((membership, ORG.member, person))
        self.add((membership, ORG.organization, URIRef(fact.object)))
        self.add((membership, ORG.role, role))
        if self.doc.post.date:
            date = Literal(self.doc.post.date.isoformat(), datatype=XSD.date)
            self.add((membership, DCTERMS.date, date))
        self.write_evidence(membership, ORG.role, role, fact.evidence)

    def _role(self, base: str) -> URIRef:
        role = role_iri(base)
        self.add((role, RDF.type, ORG.Role))
        self.add((role, RDF.type, SAMV.Role))
        self.add((role, RDFS.label, Literal(base, lang="sv")))
        return role

    def fact_delegation(self, fact: Fact) -> None:
        delegates = [m.key for m in fact.attrs["delegates"] if m.key]
        node = hashed_iri("delegation", self.pid, fact.subject, *delegates)
        self.add((node, RDF.type, SAMV.Delegation))
        self._stated(node, SAMV.represents, URIRef(fact.subject), fact.evidence)
        for key in delegates:
            self.add((node, SAMV.delegate, URIRef(key)))
        event = fact.attrs.get("event")
        if event is not None and event.key:
            self.add((node, SAMV.atEvent, URIRef(event.key)))

    def fact_speaker(self, fact: Fact) -> None:
        self._stated(URIRef(fact.subject), SAMV.speaker, URIRef(fact.object), fact.evidence)

    def fact_participant(self, fact: Fact) -> None:
        self._stated(URIRef(fact.subject), SAMV.participant, URIRef(fact.object), fact.evidence)

    def fact_participant_org(self, fact: Fact) -> None:
        event, org = URIRef(fact.subject), URIRef(fact.object)
        self._stated(event, SAMV.participantOrganisation, org, fact.evidence)

    def fact_cooperation(self, fact: Fact) -> None:
        a, b = URIRef(fact.subject), URIRef(fact.object)
        self._stated(a, SAMV.cooperatesWith, b, fact.evidence)

    def fact_participant_group(self, fact: Fact) -> None:
        self._stated(URIRef(fact.object), SAMV.atEvent, URIRef(fact.subject), fact.evidence)

    def _stated(self, s: URIRef, p: URIRef, o: URIRef, evidence: Evidence) -> None:
        self.add((s, p, o))
        self.write_evidence(s, p, o, evidence)

    def write_evidence(self, s, p, o, evidence: Evidence) -> None:
        node = hashed_iri("evidence", self.pid, s, p, o)
        sentence = sentence_iri(self.pid, evidence.sentence)
        add = self.add
        add((node, RDF.type, SAMV.Evidence))
        add((node, RDF.type, RDF.Statement))
        add((node, RDF.subject, s))
        add((node, RDF.predicate, p))
        add((node, RDF.object, o))
        add((node, PROV.wasDerivedFrom, self.post))
        add((node, SAMV.sentence, sentence))
        add((node, SAMV.charStart, _literal(evidence.start)))
        add((node, SAMV.charEnd, _literal(evidence.end)))
        add((node, SAMV.rule, _literal(evidence.rule)))
        add((node, SAMV.confidence, _confidence(evidence.confidence)))
        if evidence.sentence not in self.sentences_written:
            self.sentences_written.add(evidence.sentence)
            add((sentence, RDF.type, SAMV.Sentence))
            add((sentence, SAMV.text, Literal(self.doc.sentence_text(evidence.sentence))))
            add((sentence, SAMV.index, _literal(evidence.sentence)))
            add((sentence, DCTERMS.isPartOf, self.post))


@lru_cache(maxsize=4096)
def _literal(value: int | str) -> Literal:
    """Return the Literal of a small int or a rule name; they recur in every post."""
    return Literal(value)


@lru_cache(maxsize=128)
def _confidence(value: float) -> Literal:
    return Literal(Decimal(str(round(value, 2))))


def post_graph(doc: PostDoc) -> tuple[URIRef, Triples]:
    """Return (named graph IRI, triples) for one analysed post."""
    writer = _Writer(doc)
    return post_graph_iri(writer.pid), writer.write()
