"""A PostDoc's facts as plain sets, the form the gold set (eval/) is written in.

It exists so that extraction quality is measured on exactly what the pipeline found, by fact
type, independent of how the RDF states it.
"""

from __future__ import annotations

from graph.model import Entity, PostDoc


def _label(doc: PostDoc, key: str | None) -> str | None:
    entity = doc.entities.get(key or "")
    if entity is None:
        return None
    if entity.kind == "municipality":
        return entity.attrs.get("code")
    return entity.label


def facts_of(doc: PostDoc) -> dict[str, set[tuple]]:
    """Return {fact type: set of tuples} for people, organisations, municipalities, roles,
    affiliations, processes and events."""
    by_kind: dict[str, list[Entity]] = {}
    for entity in doc.entities.values():
        by_kind.setdefault(entity.kind, []).append(entity)
    # People named in the text; the "Upplagd av" author alone is metadata, not a finding.
    people = {(doc.entities[m.key].label,) for m in doc.mentions if m.kind == "person" and m.key}
    organisations = {(e.label,) for e in by_kind.get("organisation", [])}
    codes = {e.attrs.get("code") for e in by_kind.get("municipality", [])}
    codes |= {e.attrs.get("code") for e in by_kind.get("locality", [])}
    roles, affiliations = set(), set()
    for fact in doc.facts:
        person = _label(doc, fact.subject)
        if fact.kind == "role" and person:
            roles.add((person, fact.attrs["role"]))
        elif fact.kind == "member_of" and person:
            affiliations.add((person, _label(doc, fact.object)))
    events = set()
    for entity in by_kind.get("event", []):
        place = entity.attrs.get("place")
        code = place.get("code") if place else None
        events.add((entity.attrs["start"], entity.attrs["end"], code))
    return {
        "people": people,
        "organisations": organisations,
        "municipalities": {(c,) for c in codes if c},
        "roles": roles,
        "affiliations": {a for a in affiliations if a[1]},
        "processes": {(e.key,) for e in by_kind.get("process", [])},
        "events": events,
    }
