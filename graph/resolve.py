"""Mentions -> stable entities: every mention of one thing gets the same key (an IRI).

Within a post: full names written alike up to case, diacritics, hyphens and spacing
("Per Anders Hillgren" = "Per-Anders Hillgren", "Anneli Sjoborg" = "Anneli Sjöborg") are one
person; so are a genitive ("Terese Blandfords"), a shorter form ("Per Anders") and a surname
slip (doubled letters, two letters swapped: "Hilgren", "Hlilgren"). A first-name-only or
surname-only mention ("Stefans presentation", "Hillgren") is the one person named in full in
the same post with that first name or surname; otherwise it is left out, never guessed.

Across posts: an :class:`EntityIndex` holds the people and organisations the store already
knows (one SPARQL query per ingest run, then kept up to date as posts are resolved), and a
mention becomes the known IRI when it is the same entity. Lookups go through blocking keys
(folded name, first names + surname without doubled letters, first names + the surname's
letters, an organisation's first word, its acronym), so each mention costs a few dictionary
lookups and a rapidfuzz comparison against a small block: resolution is linear in the posts.

Two people with one name: a person with a known name becomes a new person (IRI with the
municipality: ``person/anna-andersson-osby``) only when both what the store knows and what
this post says tie them to municipalities, the municipalities do not overlap, and their roles
(known on both sides) do not overlap either. Anything less certain is the known person; a
user settles the rest with the curation file (graph.curation), which resolution applies to
every post: ignores and aliases on names first, merges, renames and splits on keys last.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from graph import reference
from graph.curation import Curation, Rules, fold
from graph.extract.places import municipality_slip
from graph.ids import kommun_iri, org_iri, person_iri, slug
from graph.model import Entity, Fact, Mention, PostDoc
from graph.vocab import sparql_prefixes

KOMMUN_PREFIX = str(kommun_iri("0114")).rsplit("/", 1)[0] + "/"
_ORG_FUZZY_CUTOFF = 92.0  # rapidfuzz ratio: "Malmö stadsbibliotek" ~ "Malmö stadsbiblioteket"
_ORG_FUZZY_MIN_LENGTH = 10
_SURNAME_SLIP_MIN_LENGTH = 5
_ACRONYM = re.compile(r"^[A-ZÅÄÖ]{2,6}$")
_ACRONYM_SKIP = {"och", "i", "for", "av", "pa", "med", "till", "om", "&"}
_DEFINITE_ENDINGS = ("s", "et", "en", "n", "t")


@lru_cache(maxsize=1 << 16)
def compact(text: str) -> str:
    """Return the name with every space and hyphen gone: "Kultur Skåne" -> "kulturskane"."""
    return slug(text).replace("-", "")


def acronym(name: str) -> str:
    """Return the initials of the name's words, small words skipped.

    >>> acronym("Sveriges Kommuner och Landsting")
    'SKL'
    """
    words = [w for w in fold(name).split() if w not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words).upper()


def _dedouble(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _diacritics(text: str) -> int:
    return sum(1 for ch in text if not ch.isascii())


def _best_label(variants: Counter) -> str:
    """Return the best-written variant: with its diacritics, then the most used, then first."""
    order = {name: i for i, name in enumerate(variants)}
    return max(variants, key=lambda v: (_diacritics(v), variants[v], -order[v]))


# --- what the store already knows --------------------------------------------------------------


@dataclass
class Known:
    """An entity the index knows: its IRI, label, the names written for it and its ties."""

    key: str
    kind: str
    label: str
    names: set[str] = field(default_factory=set)  # folded
    homes: set[str] = field(default_factory=set)  # kommun IRIs (people: where they work)
    roles: set[str] = field(default_factory=set)  # role base forms (people)
    relation: str | None = None  # organisations: "sub" when a body of its kommun


class EntityIndex:
    """People and organisations known so far, looked up through blocking keys.

    Built once per run from the store (:meth:`from_store`), then updated with every
    resolved post (:meth:`add_doc`), so the tenth post of a run sees the first nine.
    """

    def __init__(self) -> None:
        self.by_key: dict[str, Known] = {}
        self._people: dict[str, list[Known]] = defaultdict(list)
        self._slips: dict[tuple[str, str], list[Known]] = defaultdict(list)
        self._anagrams: dict[tuple[str, str], list[Known]] = defaultdict(list)
        self._orgs: dict[str, Known] = {}
        self._org_blocks: dict[str, list[Known]] = defaultdict(list)
        self._acronyms: dict[str, list[Known]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self.by_key)

    # building
    def add_person(
        self,
        key: str,
        label: str,
        *,
        names: Iterable[str] = (),
        homes: Iterable[str] = (),
        roles: Iterable[str] = (),
    ) -> Known:
        """Record (or extend) the person ``key`` and return its entry."""
        known = self._entry(key, "person", label)
        known.homes.update(homes)
        known.roles.update(roles)
        for name in (label, *names):
            folded = fold(name)
            if folded and folded not in known.names:
                known.names.add(folded)
                self._block_person(folded, known)
        return known

    def _block_person(self, folded: str, known: Known) -> None:
        self._people[folded].append(known)
        first, last = _split_name(folded)
        if first and len(last) >= _SURNAME_SLIP_MIN_LENGTH:
            self._slips[(first, _dedouble(last))].append(known)
            self._anagrams[(first, "".join(sorted(last)))].append(known)

    def add_org(
        self,
        key: str,
        label: str,
        *,
        names: Iterable[str] = (),
        home: str | None = None,
        relation: str | None = None,
    ) -> Known:
        """Record (or extend) the organisation ``key`` and return its entry."""
        known = self._entry(key, "organisation", label)
        if home:
            known.homes.add(home)
            known.relation = known.relation or relation
        for name in (label, *names):
            packed = compact(name)
            if packed and packed not in known.names:
                known.names.add(packed)
                self._orgs.setdefault(packed, known)
                self._org_blocks[_block(name)].append(known)
                letters = acronym(name)
                if len(letters) >= 2:
                    self._acronyms[letters].append(known)
        return known

    def _entry(self, key: str, kind: str, label: str) -> Known:
        if key not in self.by_key:
            self.by_key[key] = Known(key=key, kind=kind, label=label)
        elif label and not self.by_key[key].label:
            self.by_key[key].label = label  # a home may be read before the name
        return self.by_key[key]

    # looking up
    def people_named(self, name: str) -> list[Known]:
        """Return the people known by this name: written alike, or with a surname slip."""
        folded = fold(name)
        exact = self._people.get(folded)
        if exact:
            return list(exact)
        first, last = _split_name(folded)
        if not first or len(last) < _SURNAME_SLIP_MIN_LENGTH:
            return []
        found = list(self._slips.get((first, _dedouble(last)), []))
        for known in self._anagrams.get((first, "".join(sorted(last))), []):
            if known not in found and any(_swapped(last, _split_name(n)[1]) for n in known.names):
                found.append(known)
        return found

    def org_named(self, name: str, home: str | None = None) -> Known | None:
        """Return the known organisation a name means: same letters, an inflected form, an
        acronym or (rapidfuzz, within the block of its first word) a near spelling."""
        packed = compact(name)
        if packed in self._orgs:
            return self._orgs[packed]
        for ending in _DEFINITE_ENDINGS:
            if packed.endswith(ending) and packed[: -len(ending)] in self._orgs:
                return self._orgs[packed[: -len(ending)]]
        if _ACRONYM.match(name.strip()):
            found = self._acronyms.get(name.strip(), [])
            return found[0] if len(found) == 1 else None
        return self._fuzzy_org(name, packed, home)

    def _fuzzy_org(self, name: str, packed: str, home: str | None) -> Known | None:
        if len(packed) < _ORG_FUZZY_MIN_LENGTH:
            return None
        block = [k for k in self._org_blocks.get(_block(name), []) if _homes_agree(k, home)]
        choices = {n: k for k in block for n in k.names}
        hit = process.extractOne(
            packed, list(choices), scorer=fuzz.ratio, score_cutoff=_ORG_FUZZY_CUTOFF
        )
        return choices[hit[0]] if hit else None

    # learning from a resolved post
    def add_doc(self, doc: PostDoc) -> None:
        """Record the people and organisations of a resolved post, with their ties."""
        homes, roles = _ties_by_key(doc)
        for entity in doc.entities.values():
            names = entity.attrs.get("variants", ())
            if entity.kind == "person":
                self.add_person(
                    entity.key,
                    entity.label,
                    names=names,
                    homes=homes.get(entity.key, ()),
                    roles=roles.get(entity.key, ()),
                )
            elif entity.kind == "organisation":
                self.add_org(
                    entity.key,
                    entity.label,
                    names=names,
                    home=entity.attrs.get("home"),
                    relation=entity.attrs.get("relation"),
                )

    @classmethod
    def from_store(cls, store, *, skip_graphs: Iterable[str] = ()) -> EntityIndex:
        """Return the index of what ``store`` knows, in one SPARQL query.

        ``skip_graphs`` are named graphs about to be rebuilt: what only they say is stale.
        """
        skipped = set(skip_graphs)
        index = cls()
        rows = [r for r in store.query(_KNOWN_QUERY) if str(r["g"]) not in skipped]
        org_home: dict[str, str] = {}
        subs: set[str] = set()
        for row in rows:
            entity, what, value = str(row["e"]), row["field"], str(row["value"])
            if what == "org":
                index.add_org(entity, value)
            elif what in {"sub", "loc"} and value.startswith(KOMMUN_PREFIX):
                org_home.setdefault(entity, value)
                if what == "sub":
                    subs.add(entity)
        for entity, home in org_home.items():
            if entity in index.by_key:
                relation = "sub" if entity in subs else None
                index.add_org(entity, "", home=home, relation=relation)
        for row in rows:
            entity, what, value = str(row["e"]), row["field"], str(row["value"])
            if what == "person":
                index.add_person(entity, value)
            elif what == "alt" and entity in index.by_key:
                _add_name(index, index.by_key[entity], value)
            elif what == "member":
                home = value if value.startswith(KOMMUN_PREFIX) else org_home.get(value)
                if home and entity in index.by_key:
                    index.by_key[entity].homes.add(home)
            elif what == "role" and entity in index.by_key:
                index.by_key[entity].roles.add(value)
        return index


def _add_name(index: EntityIndex, known: Known, name: str) -> None:
    if known.kind == "person":
        index.add_person(known.key, known.label, names=[name])
    else:
        index.add_org(known.key, known.label, names=[name])


_KNOWN_QUERY = (
    sparql_prefixes()
    + """
SELECT ?g ?e ?field ?value WHERE {
  GRAPH ?g {
    { ?e a foaf:Person ; foaf:name ?value . BIND("person" AS ?field) }
    UNION { ?e a org:Organization ; rdfs:label ?value .
            FILTER(STRSTARTS(STR(?e), "https://w3id.org/samverkan/id/org/")) BIND("org" AS ?field) }
    UNION { ?e org:subOrganizationOf ?value . BIND("sub" AS ?field) }
    UNION { ?e a org:Organization ; schema:location ?value . BIND("loc" AS ?field) }
    UNION { ?e skos:altLabel ?value . BIND("alt" AS ?field)
            FILTER(!STRSTARTS(STR(?e), "https://w3id.org/samverkan/id/kommun/")) }
    UNION { ?e a foaf:Person ; org:memberOf ?value . BIND("member" AS ?field) }
    UNION { ?d samv:delegate ?e ; samv:represents ?value . BIND("member" AS ?field) }
    UNION { ?m org:member ?e ; org:role ?r . ?r rdfs:label ?label .
            BIND(STR(?label) AS ?value) BIND("role" AS ?field) }
  }
  FILTER(?g != <https://w3id.org/samverkan/graph/reference>)
}"""
)


def _split_name(folded: str) -> tuple[str, str]:
    words = folded.split()
    return (" ".join(words[:-1]), words[-1]) if len(words) >= 2 else ("", folded)


def _swapped(a: str, b: str) -> bool:
    """Two adjacent letters swapped (a typing slip), not a different letter."""
    return a != b and len(a) == len(b) and OSA.distance(a, b) == 1


def _block(name: str) -> str:
    words = fold(name).split()
    return words[0] if words else ""


def _homes_agree(known: Known, home: str | None) -> bool:
    return not home or not known.homes or home in known.homes


# --- a post's ties: who works where, in which role -------------------------------------------


def _home_of(mention: Mention | None) -> str | None:
    if mention is None or not mention.key:
        return None
    if mention.kind == "municipality":
        return mention.key
    return mention.attrs.get("home")


def _ties_by_mention(doc: PostDoc) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Return ({id(person mention): kommun IRIs}, {id(person mention): role base forms})."""
    homes: dict[int, set[str]] = defaultdict(set)
    roles: dict[int, set[str]] = defaultdict(set)
    for fact in doc.facts:
        person = fact.attrs.get("subject")
        if fact.kind in {"member_of", "role"} and isinstance(person, Mention):
            home = _home_of(fact.attrs.get("object"))
            if home:
                homes[id(person)].add(home)
            if fact.kind == "role" and fact.attrs.get("role"):
                roles[id(person)].add(fact.attrs["role"])
        elif fact.kind == "delegation":
            home = _home_of(fact.attrs.get("owner"))
            for delegate in fact.attrs.get("delegates", ()):
                if home:
                    homes[id(delegate)].add(home)
    return homes, roles


def _ties_by_key(doc: PostDoc) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    homes: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    by_mention_homes, by_mention_roles = _ties_by_mention(doc)
    for m in doc.mentions:
        if m.kind == "person" and m.key:
            homes[m.key] |= by_mention_homes.get(id(m), set())
            roles[m.key] |= by_mention_roles.get(id(m), set())
    return homes, roles


# --- organisations ----------------------------------------------------------------------------


def _org_home(mention: Mention) -> None:
    """Give an organisation whose name starts with a misspelt kommun ("Hoganas bibliotek") its
    home, as extraction does for the well-spelt name."""
    if mention.attrs.get("home"):
        return
    words = (mention.attrs.get("name") or mention.text).split()
    kommun = municipality_slip(words[0]) if words else None
    if kommun is not None and len(words) > 1:
        mention.attrs["home"] = str(kommun_iri(kommun.code))
        mention.attrs.setdefault("relation", "sub")


def _resolve_orgs(doc: PostDoc, index: EntityIndex, rules: Rules) -> None:
    """Key every organisation mention: alias, known organisation, or one of this post."""
    mentions = [m for m in doc.mentions if m.kind == "organisation"]
    local = EntityIndex()
    plain = [m for m in mentions if not _ACRONYM.match(_name(m))]
    for m in plain + [m for m in mentions if m not in plain]:
        _org_home(m)
        name = _name(m)
        m.attrs.setdefault("written", name)
        target = rules.alias("organisation", name)
        known = None if target else index.org_named(name, m.attrs.get("home"))
        known = known or (None if target else local.org_named(name, m.attrs.get("home")))
        if target:
            m.key = target
        elif known is not None:
            m.key, m.attrs["name"] = known.key, known.label or name
            if not m.attrs.get("home") and known.homes:
                m.attrs["home"] = sorted(known.homes)[0]
                m.attrs["relation"] = m.attrs.get("relation") or known.relation
        else:
            m.key = str(org_iri(name))
        local.add_org(m.key, m.attrs.get("name") or name, names=[name], home=m.attrs.get("home"))


def _name(m: Mention) -> str:
    return m.attrs.get("name") or m.attrs.get("label") or m.text


# --- people -----------------------------------------------------------------------------------


@dataclass
class _Person:
    """One person of a post: the mentions that name them and what the post ties them to."""

    folded: str
    mentions: list[Mention] = field(default_factory=list)
    variants: Counter = field(default_factory=Counter)
    homes: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    key: str | None = None
    label: str = ""

    @property
    def words(self) -> list[str]:
        return self.folded.split()


def _group_full_names(doc: PostDoc) -> dict[str, _Person]:
    people: dict[str, _Person] = {}
    for m in doc.mentions:
        if m.kind == "person" and m.attrs.get("full"):
            person = people.setdefault(fold(m.attrs["name"]), _Person(fold(m.attrs["name"])))
            person.mentions.append(m)
            person.variants[m.attrs["name"]] += 1
    for folded in sorted(people, key=lambda f: (len(f), f)):
        target = _same_person_in_post(folded, people)
        if target is not None:
            people[target].mentions += people[folded].mentions
            people[target].variants += people[folded].variants
            del people[folded]
    return people


def _same_person_in_post(folded: str, people: dict[str, _Person]) -> str | None:
    """Return the other full name of the post this one is a form of, when exactly one fits:
    a genitive ("blandfords"), a shorter form ("per anders"), a surname slip."""
    words = folded.split()
    first, last = _split_name(folded)
    fits = []
    for other in people:
        if other == folded:
            continue
        other_words = other.split()
        other_first, other_last = _split_name(other)
        genitive = folded.endswith("s") and folded[:-1] == other
        shorter = len(words) < len(other_words) and other_words[: len(words)] == words
        slip = (
            first == other_first
            and len(last) >= _SURNAME_SLIP_MIN_LENGTH
            and (_dedouble(last) == _dedouble(other_last) or _swapped(last, other_last))
            and _outweighs(people[other], people[folded])
        )
        if genitive or shorter or slip:
            fits.append(other)
    return fits[0] if len(fits) == 1 else None


def _outweighs(a: _Person, b: _Person) -> bool:
    """A slip joins the spelling used more often (ties: the alphabetically first)."""
    return (len(a.mentions), b.folded) > (len(b.mentions), a.folded)


def _partial_fits(name: str, people: dict[str, _Person]) -> list[_Person]:
    """Return the post's people whose first names or surname are ``name`` (or its genitive)."""
    forms = [name]
    if name.endswith(("'s", "’s", ":s")):
        forms.append(name[:-2])
    elif name.endswith("s") and len(name) > 3:
        forms.append(name[:-1])
    for form in forms:
        words = fold(form).split()
        if not words:
            continue
        fits = [
            p
            for p in people.values()
            if len(words) < len(p.words)
            and (p.words[: len(words)] == words or p.words[-len(words) :] == words)
        ]
        if fits:
            return fits
    return []


def _add_ties(doc: PostDoc, people: dict[str, _Person]) -> None:
    homes, roles = _ties_by_mention(doc)
    for person in people.values():
        for m in person.mentions:
            person.homes |= homes.get(id(m), set())
            person.roles |= roles.get(id(m), set())


def _conflicts(known: Known, person: _Person) -> bool:
    """Different people: both tied to municipalities, none shared, and roles known and apart."""
    places_apart = bool(known.homes and person.homes and not known.homes & person.homes)
    roles_apart = bool(known.roles and person.roles and not known.roles & person.roles)
    return places_apart and roles_apart


def _person_key(person: _Person, index: EntityIndex, rules: Rules) -> tuple[str, str | None]:
    """Return (IRI, known label or None) for a post's person."""
    label = _best_label(person.variants)
    for variant in person.variants:
        target = rules.alias("person", variant)
        if target:
            return target, None
    candidates = index.people_named(label)
    if not candidates and person.folded.endswith("s"):
        candidates = index.people_named(label[:-1])  # an unmarked genitive
    fitting = [k for k in candidates if not _conflicts(k, person)]
    if fitting:
        best = min(
            fitting,
            key=lambda k: (not k.homes & person.homes, not k.roles & person.roles, len(k.key)),
        )
        return best.key, best.label
    base = str(person_iri(label))
    if not candidates:
        return base, None
    return _namesake_key(base, person, index), None


def _namesake_key(base: str, person: _Person, index: EntityIndex) -> str:
    """Return the IRI of a second person with a known name: the name and their municipality."""
    kommun = reference.municipality_by_code(sorted(person.homes)[0].rsplit("/", 1)[-1])
    key = f"{base}-{slug(kommun.name) if kommun else 'ny'}"
    number = 2
    while key in index.by_key and _conflicts(index.by_key[key], person):
        key = f"{base}-{slug(kommun.name) if kommun else 'ny'}-{number}"
        number += 1
    return key


def _resolve_people(doc: PostDoc, index: EntityIndex, rules: Rules) -> None:
    people = _group_full_names(doc)
    for m in doc.mentions:
        if m.kind == "person" and not m.attrs.get("full"):
            m.attrs.setdefault("written", m.attrs["name"])
            fits = _partial_fits(m.attrs["name"], people)
            if len(fits) == 1:
                fits[0].mentions.append(m)
            else:
                m.key = rules.alias("person", m.attrs["name"])
    _add_ties(doc, people)
    for person in people.values():
        person.key, known_label = _person_key(person, index, rules)
        person.label = known_label or _best_label(person.variants)
        for m in person.mentions:
            m.attrs.setdefault("written", m.attrs["name"])
            m.key, m.attrs["name"] = person.key, person.label


def _author_key(doc: PostDoc, index: EntityIndex, rules: Rules) -> tuple[str, str] | None:
    author = (doc.post.author or "").strip()
    if len(author.split()) < 2 or rules.ignores("person", author):
        return None
    person = _Person(fold(author), variants=Counter({author: 1}))
    key, label = _person_key(person, index, rules)
    return key, label or author


# --- curation on keys, and facts --------------------------------------------------------------


def _drop_ignored_names(doc: PostDoc, rules: Rules) -> None:
    kept = []
    for m in doc.mentions:
        if rules.ignores(m.kind, _name(m)):
            m.key = None  # facts reading this mention are dropped with it
        else:
            kept.append(m)
    doc.mentions = kept


def _final_keys(doc: PostDoc, rules: Rules, post: str) -> None:
    """Apply merges, dated renames, splits and ignores by IRI to every mention's key."""
    homes, _ = _ties_by_key(doc)
    for m in doc.mentions:
        if not m.key:
            continue
        key = rules.renamed(rules.canonical(m.key), doc.post.date)
        key = rules.canonical(rules.split(key, post, homes.get(m.key, set())))
        m.key = None if rules.ignores_key(key) else key


def _rekey(fact: Fact, rules: Rules, date) -> Fact | None:
    subject = fact.attrs.get("subject")
    target = fact.attrs.get("object")
    if isinstance(subject, Mention):
        fact.subject = subject.key or ""
    elif fact.kind == "delegation" and isinstance(fact.attrs.get("owner"), Mention):
        fact.subject = fact.attrs["owner"].key or ""
    if isinstance(target, Mention):
        fact.object = target.key
    if fact.subject:
        fact.subject = rules.renamed(rules.canonical(fact.subject), date)
    if fact.object:
        fact.object = rules.renamed(rules.canonical(fact.object), date)
    if not fact.subject or (isinstance(target, Mention) and not target.key):
        return None
    if rules.ignores_key(fact.subject) or (fact.object and rules.ignores_key(fact.object)):
        return None
    return fact


def _signature(fact: Fact) -> tuple:
    return (fact.kind, fact.subject, fact.object, fact.attrs.get("role"))


def _curated_facts(doc: PostDoc, rules: Rules, post: str) -> None:
    """Drop facts a review rejected or a correction replaced; confirmed ones get confidence 1."""
    kept, seen = [], set()
    for fact in doc.facts:
        if _rekey(fact, rules, doc.post.date) is None or _signature(fact) in seen:
            continue
        role = fact.attrs.get("role")
        decision = rules.decision(post, fact.kind, fact.subject, fact.object, role)
        if decision == "reject":
            continue
        if fact.kind in {"member_of", "role"} and rules.corrected(fact.subject, fact.object, role):
            continue
        if decision == "accept":
            fact.evidence.confidence = 1.0
        seen.add(_signature(fact))
        kept.append(fact)
    doc.facts = kept


def _drop_rejected_mentions(doc: PostDoc, rules: Rules, post: str) -> None:
    for m in doc.mentions:
        if m.key and m.kind != "role":
            decision = rules.decision(post, "mentions", m.key, None, None)
            if decision == "reject":
                m.key = None
            elif decision == "accept":
                m.confidence = 1.0


# --- entities ---------------------------------------------------------------------------------


def _label(key: str, mention: Mention, rules: Rules, index: EntityIndex) -> str:
    known = index.by_key.get(key)
    return rules.labels.get(key) or (known.label if known and known.label else _name(mention))


def _collect_entities(
    doc: PostDoc, rules: Rules, index: EntityIndex, author: tuple[str, str] | None
) -> None:
    variants: dict[str, set[str]] = defaultdict(set)
    for m in doc.mentions:
        if not m.key or m.kind == "role":
            continue
        label = _label(m.key, m, rules, index)
        if m.kind == "person" and len(label.split()) < 2:
            m.key = None  # an alias to a person nobody has named in full: no foaf:name to give
            continue
        written = m.attrs.get("written")
        if written and (m.kind != "person" or m.attrs.get("full")):
            variants[m.key].add(written)
        if m.key not in doc.entities:
            attrs = dict(m.attrs)
            if m.kind == "person":
                attrs["name"] = label
            doc.entities[m.key] = Entity(key=m.key, kind=m.kind, label=label, attrs=attrs)
    if author is not None:
        key = rules.canonical(author[0])
        if not rules.ignores_key(key) and key not in doc.entities:
            label = rules.labels.get(key) or author[1]
            doc.entities[key] = Entity(key=key, kind="person", label=label, attrs={"author": True})
        if key in doc.entities:
            doc.entities[key].attrs["author"] = True
    for key, names in variants.items():
        entity = doc.entities[key]
        entity.attrs["variants"] = sorted(n for n in names if n != entity.label)


def resolve(
    doc: PostDoc, *, index: EntityIndex | None = None, curation: Curation | Rules | None = None
) -> PostDoc:
    """Set every mention's key, collect ``doc.entities`` and drop facts that did not resolve.

    ``index`` is what earlier posts and the store said (it learns this post too);
    ``curation`` is applied throughout. Returns the same PostDoc.
    """
    from graph.rdf import post_identifier

    rules = curation.rules() if isinstance(curation, Curation) else curation or Rules(Curation())
    index = index if index is not None else EntityIndex()
    post = post_identifier(doc)
    _drop_ignored_names(doc, rules)
    _resolve_orgs(doc, index, rules)
    _resolve_people(doc, index, rules)
    author = _author_key(doc, index, rules)
    _final_keys(doc, rules, post)
    _drop_rejected_mentions(doc, rules, post)
    _collect_entities(doc, rules, index, author)
    _curated_facts(doc, rules, post)
    index.add_doc(doc)
    return doc
