"""Roles, affiliations and delegations: what ties a name to a role and an organisation.

The patterns (each fact records which one found it):

* ``role-before-name``: "bibliotekschefen Terese Blandford", "kommunstyrelsens ordförande
  Peter Kovacs"; with an owner before the role: "Höganäs bibliotekschef Terese Blandford";
* ``name-comma-role``: "Terese Blandford, bibliotekschef i Höganäs";
* ``name-from-org``: "Per-Anders Hillgren från Malmö högskola", "X på Malmö stadsbibliotek";
* ``delegation``: "Hemmakommunen Höganäs representerades av A, B och C": everyone listed
  represents Höganäs, and a role named in the list belongs to Höganäs.
"""

from __future__ import annotations

import re

from graph.extract import lexicon
from graph.extract.spans import mentions_in, span_evidence
from graph.ids import hashed_iri
from graph.model import Fact, Mention, PostDoc, Sentence

_ORG_KINDS = {"organisation", "municipality"}
_AFFILIATION_WORDS = re.compile(r"^\s*,?\s*(?:från|på|vid|hos|inom|i|för)\s+$")
_ROLE_COMPLEMENT = re.compile(r"^\s*(?:i|på|vid|hos|för|inom)\s+$")
_DELEGATION = re.compile(
    r"^\s*Från\s+\S+(?:\s+\S+)?\s+(?:deltog|kom|medverkade|var)\b|"
    r"\b(?:representerades|representerade[st]?|företräddes)\s+av\b|"
    r"\bvar\s+(?:representerad|representerat|representerade)\s+(?:av|genom)\b",
    re.I,
)


# Productive role heads: a compound ending in one of these names a role ("it-samordnare",
# "säkerhetssamordnare", "utvecklingschef") even when the lexicon does not list it.
_ROLE_HEADS = (
    "chef",
    "samordnare",
    "ledare",
    "utvecklare",
    "bibliotekarie",
    "konsulent",
    "strateg",
    "sekreterare",
    "handläggare",
    "pedagog",
    "direktör",
)


def _compound_roles(doc: PostDoc, sentence: Sentence, known: list[Mention]) -> list[Mention]:
    found = []
    for token in sentence.tokens:
        lemma = token.lemma.lower()
        if token.pos != "NN" or not lemma.endswith(_ROLE_HEADS) or lemma in _ROLE_HEADS:
            continue
        if any(m.start <= token.start < m.end for m in known):
            continue
        plural = "PLU" in token.msd.split("|")
        found.append(
            Mention(
                kind="role",
                text=token.text,
                start=token.start,
                end=token.end,
                sentence=sentence.index,
                rule="role-compound",
                confidence=0.7,
                attrs={"base": lemma, "plural": plural, "hint": ""},
            )
        )
    return found


def _role_mentions(doc: PostDoc, sentence: Sentence) -> list[Mention]:
    found = _lexicon_roles(doc, sentence)
    return sorted(found + _compound_roles(doc, sentence, found), key=lambda m: m.start)


def _lexicon_roles(doc: PostDoc, sentence: Sentence) -> list[Mention]:
    text = doc.text[sentence.start : sentence.end]
    found = []
    for match in lexicon.role_pattern().finditer(text):
        entry = lexicon.role_for(match.group("role"))
        if entry is None:
            continue
        start, end = sentence.start + match.start(), sentence.start + match.end()
        plural = match.group("role").lower().endswith(("er", "erna", "ar", "arna", "or", "rna"))
        found.append(
            Mention(
                kind="role",
                text=doc.text[start:end],
                start=start,
                end=end,
                sentence=sentence.index,
                rule="role-lexicon",
                confidence=0.9,
                attrs={"base": entry.base, "plural": plural, "hint": entry.org_hint},
            )
        )
    return found


def _next_org(doc: PostDoc, sentence: Sentence, after: int, pattern: re.Pattern) -> Mention | None:
    """Return the organisation/municipality mention right after ``after`` ("i Höganäs")."""
    for m in mentions_in(doc, sentence, _ORG_KINDS):
        if m.start >= after and pattern.match(doc.text[after : m.start]):
            return m
    return None


def _owner_before(doc: PostDoc, sentence: Sentence, role: Mention) -> Mention | None:
    """Return the organisation or municipality right before a role ("Höganäs bibliotekschef")."""
    for m in mentions_in(doc, sentence, _ORG_KINDS):
        if m.end <= role.start and doc.text[m.end : role.start].strip() in {"", "s"}:
            return m
    return None


def _add_membership(
    doc: PostDoc,
    person: Mention,
    org: Mention | None,
    role: Mention | None,
    *,
    rule: str,
    start: int,
    end: int,
    confidence: float = 0.85,
) -> None:
    evidence = span_evidence(person.sentence, start, end, rule=rule, confidence=confidence)
    org_key = org.key if org is not None else None
    if org_key is not None:
        doc.facts.append(
            Fact(
                kind="member_of",
                subject=person.key or "",
                object=org_key,
                evidence=evidence,
                attrs={"subject": person, "object": org},
            )
        )
    if role is not None:
        doc.facts.append(
            Fact(
                kind="role",
                subject=person.key or "",
                object=org_key,
                evidence=evidence,
                attrs={"subject": person, "object": org, "role": role.attrs["base"]},
            )
        )


_SOM = re.compile(r"\bsom\s+$", re.I)


def _relative_subject(doc: PostDoc, people: list[Mention], role: Mention) -> Mention | None:
    """Return the person a "..., som arbetar som projektledare på X" clause is about."""
    if not _SOM.search(doc.text[max(0, role.start - 6) : role.start]):
        return None
    earlier = [p for p in people if p.end <= role.start]
    return earlier[-1] if earlier else None


def _delegation(doc: PostDoc, sentence: Sentence, people: list[Mention]) -> Mention | None:
    """Return the represented municipality/organisation when this sentence lists a delegation."""
    text = doc.text[sentence.start : sentence.end]
    match = _DELEGATION.search(text)
    if not match:
        return None
    cut = sentence.start + match.end()
    owners = [m for m in mentions_in(doc, sentence, _ORG_KINDS) if m.end <= cut]
    if not owners:
        return None
    owner = owners[-1]
    delegates = [p for p in people if p.start >= cut]
    if delegates:
        doc.facts.append(
            Fact(
                kind="delegation",
                subject=owner.key or "",
                object=None,
                evidence=span_evidence(
                    sentence.index,
                    owner.start,
                    delegates[-1].end,
                    rule="delegation",
                    confidence=0.9,
                ),
                attrs={"owner": owner, "delegates": delegates},
            )
        )
    return owner


def find_roles(doc: PostDoc) -> PostDoc:
    """Add role mentions and member_of / role / delegation facts between people and orgs."""
    for sentence in doc.sentences:
        roles = _role_mentions(doc, sentence)
        doc.mentions.extend(roles)
        people = [p for p in mentions_in(doc, sentence, {"person"})]
        delegated_to = _delegation(doc, sentence, people)
        tied: set[int] = set()
        for role in roles:
            if role.attrs["plural"]:
                continue
            person = next(
                (
                    p
                    for p in people
                    if doc.text[role.end : p.start].strip() == "" and p.start >= role.end
                ),
                None,
            )
            rule = "role-before-name"
            if person is None:
                person = next(
                    (
                        p
                        for p in people
                        if p.end <= role.start and doc.text[p.end : role.start].strip() == ","
                    ),
                    None,
                )
                rule = "name-comma-role"
            if person is None:
                person = _relative_subject(doc, people, role)
                rule = "name-som-role"
            if person is None:
                continue
            org = (
                _owner_before(doc, sentence, role)
                or _next_org(doc, sentence, role.end, _ROLE_COMPLEMENT)
                or (
                    _next_org(doc, sentence, person.end, _AFFILIATION_WORDS)
                    if rule == "role-before-name"
                    else None
                )
                or (delegated_to if delegated_to and person.start > delegated_to.end else None)
            )
            _add_membership(
                doc,
                person,
                org,
                role,
                rule=rule,
                start=min(role.start, person.start),
                end=max(role.end, person.end),
            )
            tied.add(id(person))
        for person in people:
            if id(person) in tied:
                continue
            org = _next_org(doc, sentence, person.end, _AFFILIATION_WORDS)
            if org is not None:
                _add_membership(
                    doc,
                    person,
                    org,
                    None,
                    rule="name-from-org",
                    start=person.start,
                    end=org.end,
                    confidence=0.8,
                )
            elif delegated_to is not None and person.start > delegated_to.end:
                _add_membership(
                    doc,
                    person,
                    delegated_to,
                    None,
                    rule="delegation",
                    start=delegated_to.start,
                    end=person.end,
                    confidence=0.8,
                )
    return doc


def membership_iri(person: str, role: str | None, org: str | None) -> str:
    return str(hashed_iri("membership", person, role or "", org or ""))
