"""Curation: what the people who know have settled by hand, kept in a plain-text YAML file.

The file (``curation.yaml`` in the store folder, or the file ``--curation`` names; see
docs/curation.md) lists merges, aliases, ignores, renames with dates, splits, corrections of
roles and affiliations, facts added by hand and review decisions. It is read once per run and
applied by :func:`graph.resolve.resolve` to every post on every ingest and rebuild, in the same
way every time; facts added by hand go to the curation named graph (:func:`curation_graph`),
marked ``samv:CuratedFact``, never mixed with the facts read from posts.

Entities are named in the file by their IRI (``person/per-anders-hillgren`` is short for
``https://w3id.org/samverkan/id/person/per-anders-hillgren``) or by their name, with a
``kind`` when the name alone does not say what it is.

>>> cur = Curation(merges=[Merge(into="person/per-anders-hillgren", merge=["person/p-a-hillgren"])])
>>> cur.rules().canonical(SID + "person/p-a-hillgren")
'https://w3id.org/samverkan/id/person/per-anders-hillgren'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import os
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from rdflib import Graph, Literal, URIRef

from graph import reference
from graph.fileio import atomic_write
from graph.ids import SID, hashed_iri, kommun_iri, org_iri, person_iri, role_iri, slug
from graph.vocab import DCTERMS, FOAF, ORG, RDF, RDFS, SAMV, SDO, SKOS, XSD, bind_prefixes

FILE_NAME = "curation.yaml"
KINDS = ("person", "organisation", "municipality", "locality", "event", "process", "group")
RELATIONS = (
    "member_of",
    "role",
    "speaker",
    "participant",
    "participant_org",
    "participant_group",
    "delegation",
    "mentions",
)
_HEADER = (
    "# samverkan curation file: what people who know have settled by hand.\n"
    "# Applied on every ingest and rebuild; see docs/curation.md for every section.\n"
)


class CurationError(ValueError):
    """The curation file cannot be read; the message names the file and the entry."""


# --- the entries ---------------------------------------------------------------------------


@dataclass
class Merge:
    """The entities in ``merge`` are the entity ``into`` (its IRI and label are kept)."""

    into: str
    merge: list[str]
    by: str | None = None
    note: str | None = None


@dataclass
class Alias:
    """``alias`` (as written in posts) names the entity ``name``: "Stefan", "KB", "P-A Hillgren"."""

    name: str
    alias: str
    kind: str = "person"
    by: str | None = None
    note: str | None = None


@dataclass
class Ignore:
    """``name`` read as a ``kind`` is not one ("Lilla slottet" is not a person); no kind: never."""

    name: str
    kind: str | None = None
    by: str | None = None
    note: str | None = None


@dataclass
class Rename:
    """``old`` is called ``new``: from ``date`` on (two organisations, one after the other), or
    always (no date: one entity, the new name its label)."""

    old: str
    new: str
    date: dt.date | None = None
    kind: str = "organisation"
    by: str | None = None
    note: str | None = None


@dataclass
class Split:
    """In the listed posts, or where the person is tied to ``municipality``, ``entity`` is
    someone else: ``into`` (e.g. the Anna Andersson of Osby, not the one of Ystad)."""

    entity: str
    into: str
    label: str | None = None
    posts: list[str] = field(default_factory=list)
    municipality: str | None = None
    by: str | None = None
    note: str | None = None


@dataclass
class FactSpec:
    """One relation as the file states it: ``role`` and ``organisation`` for people's roles."""

    role: str | None = None
    organisation: str | None = None


@dataclass
class Correction:
    """The person's extracted role/affiliation ``wrong`` is really ``right``."""

    person: str
    wrong: FactSpec
    right: FactSpec
    by: str | None = None
    note: str | None = None


@dataclass
class HandFact:
    """A fact added by hand: ``subject relation object`` (+ ``role`` for a role)."""

    subject: str
    relation: str
    object: str | None = None
    role: str | None = None
    date: dt.date | None = None
    by: str | None = None
    note: str | None = None


@dataclass
class Decision:
    """A review decision on one extracted fact: ``accept`` (confirmed) or ``reject``."""

    id: str
    decision: str
    relation: str
    subject: str | None = None
    object: str | None = None
    role: str | None = None
    post: str | None = None
    by: str | None = None
    note: str | None = None


_SECTIONS: dict[str, type] = {
    "merges": Merge,
    "aliases": Alias,
    "ignores": Ignore,
    "renames": Rename,
    "splits": Split,
    "corrections": Correction,
    "facts": HandFact,
    "decisions": Decision,
}
# YAML keys that are Python keywords or clash with builtins.
_YAML_NAMES = {"wrong": "from", "right": "to"}


@dataclass
class Curation:
    """Everything in one curation file, in file order (order never changes a result)."""

    merges: list[Merge] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    ignores: list[Ignore] = field(default_factory=list)
    renames: list[Rename] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    facts: list[HandFact] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    path: Path | None = None

    def rules(self) -> Rules:
        """Return the lookups resolution uses, compiled from the entries."""
        return Rules(self)

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in _SECTIONS)


# --- reading and writing the file ----------------------------------------------------------


def default_path(location: str | os.PathLike[str]) -> Path:
    """Return where the curation file of the store at ``location`` lives by default.

    A folder store keeps it inside its folder; a server store has no folder of ours, so the
    file is ``curation.yaml`` in the current folder.
    """
    text = str(location)
    if text.startswith(("http://", "https://")):
        return Path.cwd() / FILE_NAME
    return Path(text) / FILE_NAME


def load(path: str | os.PathLike[str] | None) -> Curation:
    """Return the curation in ``path``; a missing file is an empty curation (nothing settled)."""
    if path is None:
        return Curation()
    path = Path(path)
    if not path.exists():
        return Curation(path=path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise CurationError(f"{path}: not valid YAML{where}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CurationError(f"{path}: cannot be read ({error})") from None
    if not isinstance(data, dict):
        raise CurationError(f"{path}: expected sections such as 'merges:' and 'ignores:'")
    unknown = sorted(set(data) - set(_SECTIONS) - {"version"})
    if unknown:
        raise CurationError(f"{path}: unknown section '{unknown[0]}'")
    curation = Curation(path=path)
    for section, kind in _SECTIONS.items():
        entries = data.get(section) or []
        if not isinstance(entries, list):
            raise CurationError(f"{path}: '{section}' must be a list of entries")
        for number, entry in enumerate(entries, start=1):
            getattr(curation, section).append(_entry(kind, entry, f"{path}: {section} #{number}"))
    return curation


def _entry(kind: type, data: object, where: str):
    if not isinstance(data, dict):
        raise CurationError(f"{where}: expected 'key: value' lines")
    names = {f.name: _YAML_NAMES.get(f.name, f.name) for f in dataclasses.fields(kind)}
    unknown = sorted(set(data) - set(names.values()))
    if unknown:
        raise CurationError(f"{where}: unknown field '{unknown[0]}'")
    values = {}
    for f in dataclasses.fields(kind):
        key = names[f.name]
        if key in data and data[key] is not None:
            values[f.name] = _value(f.name, data[key], where)
    try:
        entry = kind(**values)
    except TypeError:
        missing = [names[f.name] for f in dataclasses.fields(kind) if f.name not in values]
        raise CurationError(f"{where}: '{missing[0]}' is missing") from None
    _check(entry, where)
    return entry


def _value(name: str, value: object, where: str) -> object:
    if name in {"wrong", "right"}:
        if not isinstance(value, dict) or set(value) - {"role", "organisation"}:
            raise CurationError(f"{where}: '{_YAML_NAMES[name]}' takes role and organisation")
        return FactSpec(**{k: str(v) for k, v in value.items() if v is not None})
    if name in {"merge", "posts"}:
        items = value if isinstance(value, list) else [value]
        return [str(item) for item in items]
    if name == "date":
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise CurationError(f"{where}: date '{value}' is not YYYY-MM-DD") from None
    return str(value)


def _check(entry: object, where: str) -> None:
    kind = getattr(entry, "kind", None)
    if kind is not None and kind not in KINDS:
        raise CurationError(f"{where}: kind '{kind}' is not one of {', '.join(KINDS)}")
    relation = getattr(entry, "relation", None)
    if relation is not None and relation not in RELATIONS:
        raise CurationError(f"{where}: relation '{relation}' is not one of {', '.join(RELATIONS)}")
    if isinstance(entry, Decision) and entry.decision not in {"accept", "reject"}:
        raise CurationError(f"{where}: decision must be accept or reject")


def dump(curation: Curation) -> str:
    """Return the curation as the YAML text of its file (sections in a fixed order)."""
    data: dict[str, object] = {"version": 1}
    for section in _SECTIONS:
        entries = getattr(curation, section)
        if entries:
            data[section] = [_plain(entry) for entry in entries]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return _HEADER + body


def _plain(entry: object) -> dict[str, object]:
    plain: dict[str, object] = {}
    for f in dataclasses.fields(entry):
        value = getattr(entry, f.name)
        if value is None or value == []:
            continue
        if isinstance(value, FactSpec):
            value = {k: v for k, v in dataclasses.asdict(value).items() if v is not None}
        plain[_YAML_NAMES.get(f.name, f.name)] = value
    return plain


def save(curation: Curation, path: str | os.PathLike[str] | None = None) -> Path:
    """Write the curation file at once (atomically) and return its path."""
    target = Path(path) if path is not None else curation.path
    if target is None:
        raise CurationError("no curation file to write to")
    curation.path = target
    return atomic_write(target, dump(curation))


def current_user() -> str:
    """Return who is curating: $SAMVERKAN_USER, else the login name."""
    try:
        return os.environ.get("SAMVERKAN_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


# --- naming entities -------------------------------------------------------------------------

_IRI_KINDS = {
    "person": "person",
    "org": "organisation",
    "kommun": "municipality",
    "ort": "locality",
    "lan": "county",
    "event": "event",
    "group": "group",
}


def is_iri_ref(ref: str) -> bool:
    """Return whether ``ref`` names an entity by IRI (full, or ``person/...`` short)."""
    head = ref.split("/", 1)[0]
    return ref.startswith(("http://", "https://")) or ("/" in ref and head in _IRI_KINDS)


def to_iri(ref: str, kind: str | None = "person") -> str:
    """Return the IRI an entity reference in the file names.

    ``person/per-anders-hillgren`` and full IRIs are taken as they are; a name becomes the
    IRI resolution gives that name (a municipality's name its ``kommun/<code>``).
    """
    ref = ref.strip()
    if ref.startswith(("http://", "https://")):
        return ref
    if is_iri_ref(ref):
        return str(SID) + ref
    if kind in {"municipality", None}:
        kommun = reference.municipality_by_name(ref)
        if kommun is not None:
            return str(kommun_iri(kommun.code))
    if kind in {"organisation", None}:
        return str(org_iri(ref))
    return str(person_iri(ref))


def short(iri: str) -> str:
    """Return ``person/x`` for ``https://w3id.org/samverkan/id/person/x``; others unchanged."""
    return iri.removeprefix(str(SID))


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Return the name as resolution compares it: lower case, no diacritics, hyphen = space.

    >>> fold("Per-Anders  Hillgren") == fold("per anders hillgren")
    True
    """
    return slug(text).replace("-", " ")


# --- the compiled rules ----------------------------------------------------------------------


class Rules:
    """The curation compiled into the lookups resolution asks, all by folded name or IRI."""

    def __init__(self, curation: Curation) -> None:
        self.curation = curation

    @cached_property
    def _ignored_names(self) -> set[tuple[str | None, str]]:
        return {(i.kind, fold(i.name)) for i in self.curation.ignores if not is_iri_ref(i.name)}

    @cached_property
    def _ignored_keys(self) -> set[str]:
        return {to_iri(i.name, i.kind) for i in self.curation.ignores if is_iri_ref(i.name)}

    def ignores(self, kind: str, name: str) -> bool:
        """Return whether a mention of ``kind`` written ``name`` is to be left out."""
        folded = fold(name)
        return (kind, folded) in self._ignored_names or (None, folded) in self._ignored_names

    def ignores_key(self, key: str) -> bool:
        """Return whether the entity ``key`` is to be left out wherever it appears."""
        return key in self._ignored_keys

    @cached_property
    def _aliases(self) -> dict[tuple[str, str], tuple[str, str | None]]:
        found: dict[tuple[str, str], tuple[str, str | None]] = {}
        for alias in self.curation.aliases:
            label = None if is_iri_ref(alias.name) else alias.name
            found[(alias.kind, fold(alias.alias))] = (to_iri(alias.name, alias.kind), label)
        for rename in self.curation.renames:
            if rename.date is None:
                found[(rename.kind, fold(rename.old))] = (to_iri(rename.new, rename.kind), None)
        return found

    def alias(self, kind: str, name: str) -> str | None:
        """Return the IRI a name written in a post is an alias of, else None."""
        hit = self._aliases.get((kind, fold(name)))
        return hit[0] if hit else None

    @cached_property
    def _merges(self) -> dict[str, str]:
        pairs: dict[str, str] = {}
        for merge in self.curation.merges:
            target = to_iri(merge.into, None if is_iri_ref(merge.into) else "person")
            for ref in merge.merge:
                source = to_iri(ref, None if is_iri_ref(ref) else "person")
                if source != target:
                    pairs[source] = target
        for rename in self.curation.renames:
            if rename.date is None:
                pairs[to_iri(rename.old, rename.kind)] = to_iri(rename.new, rename.kind)
        return pairs

    def canonical(self, key: str) -> str:
        """Return the IRI ``key`` is merged into (following chains; a cycle stops)."""
        seen = {key}
        while key in self._merges and self._merges[key] not in seen:
            key = self._merges[key]
            seen.add(key)
        return key

    @cached_property
    def _dated_renames(self) -> dict[str, list[tuple[dt.date, str]]]:
        found: dict[str, list[tuple[dt.date, str]]] = {}
        for rename in self.curation.renames:
            if rename.date is not None:
                old = to_iri(rename.old, rename.kind)
                found.setdefault(old, []).append((rename.date, to_iri(rename.new, rename.kind)))
        return {key: sorted(values) for key, values in found.items()}

    def renamed(self, key: str, date: dt.date | None) -> str:
        """Return the organisation ``key`` had become by ``date`` (a post's date).

        A post written on or after the rename that still uses the old name means the
        organisation as it then was; a post before the rename keeps the old one.
        """
        if date is None:
            return key
        for when, new in self._dated_renames.get(key, []):
            if date >= when:
                key = new
        return key

    def split(self, key: str, post: str, homes: set[str]) -> str:
        """Return the IRI ``key`` stands for in ``post`` when a split says so, else ``key``."""
        for entry in self.curation.splits:
            if to_iri(entry.entity) != key:
                continue
            in_post = any(post == p.rsplit("/", 1)[-1] for p in entry.posts)
            place = entry.municipality and to_iri(entry.municipality, "municipality") in homes
            if in_post or place:
                return to_iri(entry.into)
        return key

    @cached_property
    def labels(self) -> dict[str, str]:
        """Return {IRI: label} the curation fixes (rename targets, splits, alias targets)."""
        found: dict[str, str] = {}
        for rename in self.curation.renames:
            if not is_iri_ref(rename.new):
                found[to_iri(rename.new, rename.kind)] = rename.new
        for entry in self.curation.splits:
            if entry.label:
                found[to_iri(entry.into)] = entry.label
        for (_, _), (iri, label) in self._aliases.items():
            if label:
                found.setdefault(iri, label)
        for merge in self.curation.merges:
            if not is_iri_ref(merge.into):
                found.setdefault(to_iri(merge.into, "person"), merge.into)
        return found

    @cached_property
    def names(self) -> dict[str, set[str]]:
        """Return {IRI: names written for it} from merges, aliases and renames."""
        found: dict[str, set[str]] = {}
        for alias in self.curation.aliases:
            found.setdefault(to_iri(alias.name, alias.kind), set()).add(alias.alias)
        for rename in self.curation.renames:
            found.setdefault(to_iri(rename.new, rename.kind), set()).add(rename.old)
        return found

    def decision(
        self, post: str, relation: str, subject: str | None, obj: str | None, role: str | None
    ) -> str | None:
        """Return "accept" or "reject" when a review decision covers this fact, else None.

        A decision without a post covers the fact wherever it is read.
        """
        for entry in self.curation.decisions:
            if entry.relation != relation or (entry.post and entry.post != post):
                continue
            same = (
                _same(entry.subject, subject)
                and _same(entry.object, obj)
                and (entry.role or None) == (role or None)
            )
            if same:
                return entry.decision
        return None

    def corrected(self, person: str, org: str | None, role: str | None) -> bool:
        """Return whether a correction says this role/affiliation of ``person`` is wrong."""
        for entry in self.curation.corrections:
            if to_iri(entry.person) != person:
                continue
            wrong = entry.wrong
            org_ok = wrong.organisation is None or to_iri(wrong.organisation, None) == org
            role_ok = wrong.role is None or slug(wrong.role) == slug(role or "")
            if org_ok and role_ok and (wrong.role is None or role is not None):
                return True
        return False


def _same(ref: str | None, key: str | None) -> bool:
    if ref is None:
        return key is None
    return key is not None and to_iri(ref, None) == key


# --- the curation graph ----------------------------------------------------------------------


class _GraphWriter:
    """Writes the curation named graph: hand facts, corrections, aliases, renames, decisions."""

    def __init__(self, curation: Curation, labels: dict[str, str]) -> None:
        self.curation = curation
        self.rules = curation.rules()
        self.labels = labels
        self.graph = bind_prefixes(Graph())

    def write(self) -> Graph:
        for fact in self.curation.facts:
            self.hand_fact(fact)
        for correction in self.curation.corrections:
            self.correction(correction)
        for iri, names in sorted(self.rules.names.items()):
            for name in sorted(names):
                key = URIRef(self.rules.canonical(iri))
                self.statement((key, SKOS.altLabel, Literal(name)), None, "name variant")
        for rename in self.curation.renames:
            if rename.date is not None:
                self.change_event(rename)
        for decision in self.curation.decisions:
            if decision.decision == "accept":
                self.confirmation(decision)
        return self.graph

    def key(self, ref: str, kind: str | None) -> URIRef:
        return URIRef(self.rules.canonical(to_iri(ref, kind)))

    def hand_fact(self, fact: HandFact) -> None:
        subject_kind = "person" if fact.relation in {"member_of", "role"} else None
        subject = self.key(fact.subject, subject_kind)
        obj = self.key(fact.object, None) if fact.object else None
        self.declare(subject, fact.subject)
        if obj is not None:
            self.declare(obj, fact.object or "")
        for triple in self.triples(fact.relation, subject, obj, fact.role, fact.date):
            self.statement(triple, fact.by, fact.note)

    def correction(self, entry: Correction) -> None:
        fact = HandFact(
            subject=entry.person,
            relation="role" if entry.right.role else "member_of",
            object=entry.right.organisation,
            role=entry.right.role,
            by=entry.by,
            note=entry.note,
        )
        self.hand_fact(fact)

    def declare(self, node: URIRef, ref: str) -> None:
        """State type and label of an entity a hand fact names (it may be in no post)."""
        text = str(node)
        label = self.labels.get(text) or self.rules.labels.get(text)
        if label is None and not is_iri_ref(ref):
            label = ref
        if "/person/" in text:
            self.graph.add((node, RDF.type, FOAF.Person))
            self.graph.add((node, RDF.type, SAMV.Person))
            if label:
                self.graph.add((node, FOAF.name, Literal(label)))
        elif "/org/" in text:
            self.graph.add((node, RDF.type, ORG.Organization))
        if label:
            self.graph.add((node, RDFS.label, Literal(label)))

    def triples(self, relation, subject, obj, role, date) -> list[tuple]:
        if relation == "member_of" and obj is not None:
            return [(subject, ORG.memberOf, obj)]
        if relation == "role":
            return self.membership(subject, obj, role or "", date)
        predicate = {
            "speaker": SAMV.speaker,
            "participant": SAMV.participant,
            "participant_org": SAMV.participantOrganisation,
        }.get(relation)
        if predicate is None or obj is None:
            return []
        # The file says "person speaker event"; the graph says "event speaker person".
        return [(obj, predicate, subject)]

    def membership(self, person, org, base: str, date) -> list[tuple]:
        role = role_iri(base)
        self.graph.add((role, RDF.type, ORG.Role))
        self.graph.add((role, RDF.type, SAMV.Role))
        self.graph.add((role, RDFS.label, Literal(base, lang="sv")))
        if org is None:
            return [(person, SAMV.hasRole, role)]
        node = hashed_iri("membership", str(person), base, str(org))
        add = self.graph.add
        add((node, RDF.type, ORG.Membership))
        add((node, ORG.member, person))
        add((node, ORG.organization, org))
        if date is not None:
            add((node, DCTERMS.date, Literal(date.isoformat(), datatype=XSD.date)))
        add((person, ORG.memberOf, org))
        return [(node, ORG.role, role), (person, ORG.memberOf, org)]

    def change_event(self, rename: Rename) -> None:
        old, new = self.key(rename.old, rename.kind), self.key(rename.new, rename.kind)
        event = hashed_iri("change", str(old), str(new), rename.date)
        add = self.graph.add
        add((event, RDF.type, ORG.ChangeEvent))
        add((event, ORG.originalOrganization, old))
        add((event, ORG.resultingOrganization, new))
        add((event, DCTERMS.date, Literal(rename.date.isoformat(), datatype=XSD.date)))
        add((new, ORG.resultedFrom, event))
        add((old, ORG.changedBy, event))
        self.declare(old, rename.old)
        self.declare(new, rename.new)
        self.statement((new, ORG.resultedFrom, event), rename.by, rename.note or "renamed")

    def confirmation(self, decision: Decision) -> None:
        subject = URIRef(to_iri(decision.subject, None)) if decision.subject else None
        obj = URIRef(to_iri(decision.object, None)) if decision.object else None
        node = hashed_iri("curated", "confirmed", decision.id)
        add = self.graph.add
        add((node, RDF.type, SAMV.CuratedFact))  # a subclass of rdf:Statement
        # schema:identifier, not dcterms:identifier: the contract keeps that for kommunkoder.
        add((node, SDO.identifier, Literal(decision.id)))
        if subject is not None:
            add((node, RDF.subject, subject))
        if obj is not None:
            add((node, RDF.object, obj))
        add((node, SAMV.rule, Literal(f"confirmed {decision.relation}")))
        self.provenance(node, decision.by, decision.note or "confirmed in review")

    def statement(self, triple: tuple, by: str | None, note: str | None) -> None:
        s, p, o = triple
        self.graph.add(triple)
        node = hashed_iri("curated", s, p, o)
        add = self.graph.add
        add((node, RDF.type, SAMV.CuratedFact))  # a subclass of rdf:Statement
        add((node, RDF.subject, s))
        add((node, RDF.predicate, p))
        add((node, RDF.object, o))
        self.provenance(node, by, note)

    def provenance(self, node: URIRef, by: str | None, note: str | None) -> None:
        self.graph.add((node, SAMV.curatedBy, Literal(by or "unknown")))
        if note:
            self.graph.add((node, SAMV.curationNote, Literal(note)))


def curation_graph(curation: Curation, labels: dict[str, str] | None = None) -> Graph:
    """Return the triples of the curation named graph (``sgr:curation``).

    Every fact a person added, corrected, named or confirmed is stated with the contract's
    terms and reified as a ``samv:CuratedFact`` with ``samv:curatedBy`` (who) and
    ``samv:curationNote`` (why), so it can always be told apart from what was read in a post
    (``samv:Evidence``). ``labels`` gives the current labels of entities hand facts name.
    """
    return _GraphWriter(curation, labels or {}).write()


__all__ = [
    "EntityRow",
    "ReviewItem",
    "decide",
    "entities",
    "find_entities",
    "posts_mentioning",
    "review_items",
    "role_periods",
    "RolePeriod",
    "Alias",
    "Correction",
    "Curation",
    "CurationError",
    "Decision",
    "FactSpec",
    "HandFact",
    "Ignore",
    "Merge",
    "Rename",
    "Rules",
    "Split",
    "curation_graph",
    "current_user",
    "default_path",
    "dump",
    "fold",
    "is_iri_ref",
    "load",
    "save",
    "short",
    "to_iri",
]


# --- asking the store: entities, affected posts, facts to review ------------------------------

_KIND_OF_PATH = {
    "person": "person",
    "org": "organisation",
    "kommun": "municipality",
    "ort": "locality",
    "lan": "county",
    "event": "event",
}
PLACE_KINDS = {"municipality", "locality", "county"}

_ENTITIES = """
SELECT ?e (MIN(STR(?label)) AS ?name) (COUNT(DISTINCT ?post) AS ?posts)
       (GROUP_CONCAT(DISTINCT STR(?alt); separator="|") AS ?variants)
WHERE {
  ?post a schema:BlogPosting ; schema:mentions ?e .
  ?e rdfs:label ?label .
  OPTIONAL { ?e skos:altLabel ?alt }
}
GROUP BY ?e"""


@dataclass
class EntityRow:
    """An entity as ``samverkan entities`` lists it."""

    iri: str
    kind: str
    label: str
    posts: int
    variants: list[str]


def kind_of(iri: str) -> str:
    """Return the kind an IRI names by its path: person/ -> person, kommun/ -> municipality."""
    head = short(iri).split("/", 1)[0]
    return _KIND_OF_PATH.get(head, "process" if "/process/" in iri else "other")


def entities(store, *, text: str = "", kind: str | None = None) -> list[EntityRow]:
    """Return the entities posts mention, most mentioned first, with the names written for them.

    ``kind`` is person, organisation, place (municipality, locality, county), event or
    process; ``text`` keeps those whose name or a variant contains it (case and diacritics
    do not matter).
    """
    wanted = fold(text)
    found = []
    for row in store.query(_ENTITIES):
        iri = str(row["e"])
        entity_kind = kind_of(iri)
        if kind and not (entity_kind == kind or (kind == "place" and entity_kind in PLACE_KINDS)):
            continue
        variants = sorted({v for v in str(row["variants"] or "").split("|") if v} - {row["name"]})
        if wanted and not any(wanted in fold(n) for n in (row["name"], *variants)):
            continue
        found.append(EntityRow(iri, entity_kind, str(row["name"]), int(row["posts"]), variants))
    return sorted(found, key=lambda e: (-e.posts, fold(e.label)))


def find_entities(store, ref: str, *, kind: str | None = None) -> list[EntityRow]:
    """Return the entities ``ref`` names: an IRI, or a name or written variant (exactly,
    up to case, diacritics and hyphens)."""
    rows = entities(store, kind=kind)
    if is_iri_ref(ref):
        iri = to_iri(ref)
        return [row for row in rows if row.iri == iri]
    wanted = fold(ref)
    return [row for row in rows if wanted in {fold(n) for n in (row.label, *row.variants)}]


_MENTIONING = """
SELECT DISTINCT ?g WHERE { GRAPH ?g { ?post a schema:BlogPosting ; schema:mentions ?e } }"""
_CONTAINING = """
SELECT DISTINCT ?g WHERE { GRAPH ?g { ?post a schema:BlogPosting .
  { ?post schema:articleBody ?text } UNION { ?post dcterms:title ?text }
  FILTER(CONTAINS(LCASE(STR(?text)), LCASE(?needle))) } }"""


def posts_mentioning(store, iris: list[str] = (), texts: list[str] = ()) -> list[str]:
    """Return the post graphs that mention any of ``iris`` or contain any of ``texts``.

    These are the posts a curation change can alter, so only they need rebuilding.
    """
    from graph.store import IRI

    graphs: set[str] = set()
    for iri in iris:
        graphs |= {str(r["g"]) for r in store.query(_MENTIONING, bindings={"e": IRI(iri)})}
    for text in texts:
        if text.strip():
            rows = store.query(_CONTAINING, bindings={"needle": text.strip()})
            graphs |= {str(r["g"]) for r in rows}
    return sorted(graphs)


_EVIDENCE = """
SELECT ?ev ?conf ?s ?p ?o ?post ?title ?sentence ?sLabel ?oLabel ?member ?mLabel ?org ?orgLabel
WHERE {
  ?ev a samv:Evidence ; samv:confidence ?conf ; rdf:subject ?s ; rdf:predicate ?p ;
      rdf:object ?o ; prov:wasDerivedFrom ?post ; samv:sentence ?sen .
  ?sen samv:text ?sentence .
  ?post dcterms:title ?title .
  OPTIONAL { ?s rdfs:label|schema:name ?sLabel }
  OPTIONAL { ?o rdfs:label|schema:name ?oLabel }
  OPTIONAL { ?s org:member ?member . ?member rdfs:label ?mLabel }
  OPTIONAL { ?s org:organization ?org . ?org rdfs:label ?orgLabel }
}
ORDER BY ?conf ?ev"""

_RELATION_OF = {
    str(ORG.memberOf): "member_of",
    str(ORG.role): "role",
    str(SAMV.hasRole): "role",
    str(SAMV.speaker): "speaker",
    str(SAMV.participant): "participant",
    str(SAMV.participantOrganisation): "participant_org",
    str(SAMV.atEvent): "participant_group",
    str(SAMV.represents): "delegation",
    "https://schema.org/mentions": "mentions",
}
_RELATION_WORDS = {
    "en": {
        "member_of": "is tied to",
        "role": "is",
        "at": "at",
        "speaker": "had as speaker",
        "participant": "had as participant",
        "participant_org": "had taking part",
        "participant_group": "took part in",
        "delegation": "was represented by a delegation",
        "mentions": "is mentioned",
    },
    "sv": {
        "member_of": "hör till",
        "role": "är",
        "at": "i",
        "speaker": "hade som talare",
        "participant": "hade som deltagare",
        "participant_org": "hade med",
        "participant_group": "deltog i",
        "delegation": "representerades av en delegation",
        "mentions": "nämns",
    },
}


@dataclass
class ReviewItem:
    """One extracted fact to confirm or reject, with the sentence it was read in."""

    id: str
    confidence: float
    relation: str
    subject: str | None
    object: str | None
    role: str | None
    post: str
    title: str
    sentence: str
    description: str


def _review_item(row, lang: str = "sv") -> ReviewItem | None:
    relation = _RELATION_OF.get(str(row["p"]))
    if relation is None:
        return None
    words = _RELATION_WORDS["en" if lang == "en" else "sv"]
    s, o = str(row["s"]), str(row["o"])
    s_label, o_label = row["sLabel"] or short(s), row["oLabel"] or short(o)
    subject, obj, role = s, o, None
    text = f"{s_label} {words[relation]} {o_label}"
    if relation == "role":
        role = str(row["oLabel"] or short(o).rsplit("/", 1)[-1])
        subject = str(row["member"]) if row["member"] else s
        obj = str(row["org"]) if row["org"] else None
        person = row["mLabel"] or s_label
        text = f"{person} {words['role']} {role}"
        text += f" {words['at']} {row['orgLabel']}" if row["orgLabel"] else ""
    elif relation == "participant_group":
        subject, obj = o, s
    elif relation in {"delegation", "mentions"}:
        subject, obj = o, None
        text = f"{o_label} {words[relation]}"
    return ReviewItem(
        id=s and str(row["ev"]).rsplit("/", 1)[-1],
        confidence=float(row["conf"]),
        relation=relation,
        subject=subject,
        object=obj,
        role=role,
        post=str(row["post"]).rsplit("/", 1)[-1],
        title=str(row["title"]),
        sentence=str(row["sentence"]),
        description=text,
    )


def review_items(
    store, curation: Curation, *, limit: int | None = None, lang: str = "sv"
) -> list[ReviewItem]:
    """Return the extracted facts still undecided, least certain first (samv:confidence),
    each described in ``lang`` (sv or en)."""
    decided = {d.id for d in curation.decisions}
    items: dict[str, ReviewItem] = {}
    for row in store.query(_EVIDENCE):
        item = _review_item(row, lang)
        if item is None or item.id in decided or item.id in items:
            continue
        items[item.id] = item
        if limit is not None and len(items) >= limit:
            break
    return list(items.values())


def find_review_item(store, item_id: str, lang: str = "sv") -> ReviewItem | None:
    """Return the fact whose evidence id (as ``review`` shows it) is ``item_id``."""
    for row in store.query(_EVIDENCE):
        if str(row["ev"]).rsplit("/", 1)[-1] == item_id.strip():
            return _review_item(row, lang)
    return None


def decide(curation: Curation, item: ReviewItem, decision: str, *, by: str | None = None) -> str:
    """Record a review decision in ``curation`` and return the post graph it changes."""
    from graph.ids import post_graph_iri

    if decision not in {"accept", "reject"}:
        raise CurationError(f"a decision is accept or reject, not '{decision}'")
    curation.decisions = [d for d in curation.decisions if d.id != item.id]
    curation.decisions.append(
        Decision(
            id=item.id,
            decision=decision,
            relation=item.relation,
            subject=short(item.subject) if item.subject else None,
            object=short(item.object) if item.object else None,
            role=item.role,
            post=item.post,
            by=by or current_user(),
            note=item.description,
        )
    )
    return str(post_graph_iri(item.post))


# --- roles over time ---------------------------------------------------------------------------

_PERIODS = """
SELECT ?role ?org ?orgLabel (MIN(?date) AS ?start) (MAX(?date) AS ?end)
       (COUNT(DISTINCT ?date) AS ?dates)
WHERE {
  ?m a org:Membership ; org:member ?person ; org:role ?r ; org:organization ?org ;
     dcterms:date ?date .
  ?r rdfs:label ?roleLabel . BIND(STR(?roleLabel) AS ?role)
  OPTIONAL { ?org rdfs:label ?orgLabel }
}
GROUP BY ?role ?org ?orgLabel
ORDER BY ?start ?role"""


@dataclass
class RolePeriod:
    """A role a person held in an organisation, from the first to the last post saying so."""

    role: str
    organisation: str
    label: str | None
    start: dt.date
    end: dt.date
    dates: int  # how many different post dates agree


def role_periods(store, person: str) -> list[RolePeriod]:
    """Return the person's roles with their time range, earliest first.

    Each post writes its own date on the membership (``dcterms:date``); one membership read
    in several posts carries several dates, and its range is their minimum and maximum,
    computed here at query time, so it is always what the posts in the store say.
    """
    from graph.store import IRI

    rows = store.query(_PERIODS, bindings={"person": IRI(person)})
    return [
        RolePeriod(
            role=str(row["role"]),
            organisation=str(row["org"]),
            label=row["orgLabel"],
            start=_as_date(row["start"]),
            end=_as_date(row["end"]),
            dates=int(row["dates"]),
        )
        for row in rows
    ]


def _as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
