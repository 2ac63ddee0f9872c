"""Mentions -> stable entities: every mention of one thing gets the same key (an IRI).

Within a post, a first-name-only or surname-only mention ("Stefans presentation") is the
person named in full earlier or later in the same post when exactly one fits; otherwise it is
left unresolved rather than guessed. Keys are IRIs built from normalised names (graph.ids), so
the same person or organisation gets the same IRI in every post and every run.
"""

from __future__ import annotations

from graph.ids import person_iri
from graph.model import Entity, Fact, Mention, PostDoc


def _full_people(doc: PostDoc) -> dict[str, str]:
    """Return {person key: full name} for the full-name mentions of the post."""
    people: dict[str, str] = {}
    for m in doc.mentions:
        if m.kind == "person" and m.attrs.get("full"):
            key = str(person_iri(m.attrs["name"]))
            m.key = key
            people.setdefault(key, m.attrs["name"])
    return people


def _resolve_partial(mention: Mention, people: dict[str, str]) -> str | None:
    name = mention.attrs["name"].casefold()
    fits = [
        key
        for key, full in people.items()
        if name in {full.split()[0].casefold(), full.split()[-1].casefold()}
    ]
    return fits[0] if len(fits) == 1 else None


def _entity(m: Mention) -> Entity:
    attrs = dict(m.attrs)
    label = attrs.get("name") or attrs.get("label") or m.text
    return Entity(key=m.key or "", kind=m.kind, label=label, attrs=attrs)


def _rekey(fact: Fact) -> Fact | None:
    subject = fact.attrs.get("subject")
    target = fact.attrs.get("object")
    if isinstance(subject, Mention):
        fact.subject = subject.key or ""
    if isinstance(target, Mention):
        fact.object = target.key
    if not fact.subject or (isinstance(target, Mention) and not target.key):
        return None
    return fact


def _fact_signature(fact: Fact) -> tuple:
    return (fact.kind, fact.subject, fact.object, fact.attrs.get("role"))


def resolve(doc: PostDoc) -> PostDoc:
    """Set every mention's key, collect ``doc.entities`` and drop facts that did not resolve."""
    people = _full_people(doc)
    for m in doc.mentions:
        if m.kind == "person" and not m.attrs.get("full"):
            m.key = _resolve_partial(m, people)
            if m.key:
                m.attrs["name"] = people[m.key]
    author = (doc.post.author or "").strip()
    if len(author.split()) >= 2:
        key = str(person_iri(author))
        doc.entities[key] = Entity(key=key, kind="person", label=author, attrs={"author": True})
    for m in doc.mentions:
        if m.key and m.kind != "role" and m.key not in doc.entities:
            doc.entities[m.key] = _entity(m)
    facts, seen = [], set()
    for fact in doc.facts:
        if _rekey(fact) is None or _fact_signature(fact) in seen:
            continue
        seen.add(_fact_signature(fact))
        facts.append(fact)
    doc.facts = facts
    return doc
