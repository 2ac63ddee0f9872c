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
from graph.extract.spans import SentenceMentions, mention, mentions_in, span_evidence
from graph.model import Fact, Mention, PostDoc, Sentence

_ORG_KINDS = {"organisation", "municipality"}
_AFFILIATION_WORDS = re.compile(r"^\s*,?\s*(?:från|på|vid|hos|inom|i|för)\s+$")
_ROLE_COMPLEMENT = re.compile(r"^\s*(?:i|på|vid|hos|för|inom)\s+$")
# A delegation sentence opens with "Från X deltog" or says "representerades av" anywhere; two
# patterns, because as one the engine tried the opening's alternative at every position too.
_DELEGATION_OPENING = re.compile(
    r"\s*Från\s+\S+(?:\s+\S+)?\s+(?:deltog|kom|medverkade|var)\b", re.I
)
_DELEGATION_CUE = re.compile(
    r"\b(?:representerades|representerade[st]?|företräddes)\s+av\b|"
    r"\bvar\s+(?:representerad|representerat|representerade)\s+(?:av|genom)\b",
    re.I,
)


# Productive role heads: a compound ending in one of these names a role ("it-samordnare",
# "säkerhetssamordnare", "utvecklingschef") even when the lexicon does not list it.
_ROLE_HEADS = (
    "chef",
    "minister",
    "ordförande",
    "ansvarig",
    "rådgivare",
    "forskare",
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
    tokens = sentence.tokens
    for k, token in enumerate(tokens):
        if token.pos != "NN":
            continue
        lemma = token.lemma.lower()
        if not lemma.endswith(_ROLE_HEADS) or lemma in _ROLE_HEADS:
            continue
        if any(m.start <= token.start < m.end for m in known):
            continue
        start, base = token.start, lemma
        # "biblioteks- och kulturchef": a coordinated compound is one role.
        if k >= 2 and tokens[k - 1].text == "och" and tokens[k - 2].text.endswith("-"):
            start, base = tokens[k - 2].start, f"{tokens[k - 2].text.lower()} och {lemma}"
        plural = "PLU" in token.msd.split("|")
        found.append(
            mention(
                doc,
                "role",
                start,
                token.end,
                sentence.index,
                rule="role-compound",
                confidence=0.7,
                attrs={"base": base, "plural": plural, "hint": ""},
            )
        )
    return found


def _role_mentions(doc: PostDoc, sentence: Sentence) -> list[Mention]:
    found = _lexicon_roles(doc, sentence)
    return sorted(found + _compound_roles(doc, sentence, found), key=lambda m: m.start)


_PLURAL_ENDINGS = {"er", "erna", "ernas", "ar", "arna", "or", "orna", "r", "rna", "na"}
_COORDINATED = re.compile(r"(?<![\w-])([\wåäöÅÄÖ]+-)\s+och\s+$")


def _lexicon_roles(doc: PostDoc, sentence: Sentence) -> list[Mention]:
    text = doc.text[sentence.start : sentence.end]
    found = []
    for match in lexicon.role_pattern().finditer(text):
        entry = lexicon.role_for(match.group("role"))
        if entry is None:
            continue
        start, end = sentence.start + match.start(), sentence.start + match.end()
        ending = match.group("role").lower()[len(entry.base) :]
        plural = ending in _PLURAL_ENDINGS
        base = entry.base
        # "Biblioteks- och kulturchefen": the first half of a coordination belongs to the role.
        coordinated = _COORDINATED.search(text[: match.start()])
        if coordinated and " och " not in base:
            start = sentence.start + coordinated.start()
            base = f"{coordinated.group(1).lower()} och {base}"
        found.append(
            mention(
                doc,
                "role",
                start,
                end,
                sentence.index,
                rule="role-lexicon",
                confidence=0.9,
                attrs={"base": base, "plural": plural, "hint": entry.org_hint},
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
        if m.end <= role.start and doc.text[m.end : role.start].strip() in {"", "s", ":s", "'s"}:
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


_SOM = re.compile(r"\bsom\s+(?:är|var|blir|blev|arbetar som|jobbar som)?\s*(?:\w+\s+)?$", re.I)


def _relative_subject(doc: PostDoc, people: list[Mention], role: Mention) -> Mention | None:
    """Return the person a "..., som arbetar som projektledare på X" clause is about."""
    if not _SOM.search(doc.text[max(0, role.start - 40) : role.start]):
        return None
    earlier = [p for p in people if p.end <= role.start]
    return earlier[-1] if earlier else None


def _delegation(doc: PostDoc, sentence: Sentence, people: list[Mention]) -> dict[int, Mention]:
    """Return {id(person): represented municipality/organisation} for a delegation sentence.

    "Sjöbo representerades av A och B, Tomelilla av C": each "PLACE av" in the list starts a
    new delegation, so C represents Tomelilla, not Sjöbo.
    """
    if not people:  # nobody to represent anyone; most sentences
        return {}
    text = doc.text[sentence.start : sentence.end]
    match = _DELEGATION_OPENING.match(text) or _DELEGATION_CUE.search(text)
    if not match:
        return {}
    cut = sentence.start + match.end()
    places = mentions_in(doc, sentence, _ORG_KINDS)
    owners = [m for m in places if m.end <= cut]
    if not owners:
        return {}
    heads = [owners[-1]] + [
        m for m in places if m.start >= cut and re.match(r"\s+av\s", doc.text[m.end : m.end + 4])
    ]
    groups: dict[int, list[Mention]] = {}
    for person in (p for p in people if p.start >= cut):
        head = max((h for h in heads if h.end <= person.start), key=lambda h: h.end)
        groups.setdefault(id(head), []).append(person)
    represented = {}
    for head in heads:
        delegates = groups.get(id(head), [])
        if not delegates:
            continue
        doc.facts.append(
            Fact(
                kind="delegation",
                subject=head.key or "",
                object=None,
                evidence=span_evidence(
                    sentence.index, head.start, delegates[-1].end, rule="delegation", confidence=0.9
                ),
                attrs={"owner": head, "delegates": delegates},
            )
        )
        represented.update({id(p): head for p in delegates})
    return represented


# "kommunstyrelsens ordförande i Hörby, Lennart Ahlgren"
_ROLE_PLACE_NAME = re.compile(r"^\s+(?:i|på|vid|för)\s+[^,.;]{1,60},\s*$")
# "de två bibliotekscheferna, Thomas Ahlström i Trelleborg och Helena Åkesson i Vellinge"
_LIST_GAP = re.compile(r"^(?:\s+(?:i|på|vid)\s+[^,.;]{1,40}?)?\s*(?:,|och)?\s*$")
# "lektor i biblioteks- och informationsvetenskap vid Lunds universitet"
_LONG_COMPLEMENT = re.compile(r"^\s*(?:[^,.;:]{0,60}?\s)?(?:i|på|vid|hos|inom)\s+$")
# "Eva Bergqvist, som till vardags arbetar på Kristianstads bibliotek"
_WORKS_AT = re.compile(
    r"^\s*,\s*som\s+(?:[^,.;]{0,30}\s)?(?:arbetar|jobbar|är anställd|verkar)\s+"
    r"(?:[^,.;]{0,20}\s)?(?:på|vid|i|inom|hos)\s+$"
)
# "Anna Ek är ny bibliotekschef i Osby", "Anna Ek har varit kulturchef"
_PREDICATE = re.compile(
    r"^\s+(?:är|blir|blev|var|har varit|har blivit|blir ny|är ny)\s+(?:[a-zåäö.]+\s+){0,2}$"
)
# "Anna Ek (bibliotekschef i Osby)"
_PAREN_ROLE = re.compile(r"^\s*\(\s*$")
# "Anna Ek (Osby)" ties her to Osby
_PAREN_PLACE = re.compile(r"^\s*\(\s*$")
# "I Landskrona kommer arbetet att ledas av ..."
_SCOPE = re.compile(r"^\s*I\s+$")


def _gap(doc: PostDoc, left: int, right: int) -> str:
    return doc.text[left:right] if right >= left else "\x00"


def _role_holders(doc: PostDoc, role: Mention, people: list[Mention]) -> list[tuple[Mention, str]]:
    """Return (person, rule) for the people a role mention is given to."""
    after = [p for p in people if p.start >= role.end]
    before = [p for p in people if p.end <= role.start]
    if role.attrs["plural"]:
        holders, left = [], role.end
        for person in after:
            if not _LIST_GAP.match(_gap(doc, left, person.start)):
                break
            holders.append((person, "plural-role-list"))
            left = person.end
        return holders if len(holders) >= 2 else []
    if after and _gap(doc, role.end, after[0].start).strip() == "":
        return [(after[0], "role-before-name")]
    if after and _ROLE_PLACE_NAME.match(_gap(doc, role.end, after[0].start)):
        return [(after[0], "role-place-name")]
    if before and _gap(doc, before[-1].end, role.start).strip() == ",":
        return [(before[-1], "name-comma-role")]
    if before and _PREDICATE.match(_gap(doc, before[-1].end, role.start)):
        return [(before[-1], "name-is-role")]
    if before and _PAREN_ROLE.match(_gap(doc, before[-1].end, role.start)):
        return [(before[-1], "name-paren-role")]
    person = _relative_subject(doc, people, role)
    return [(person, "name-som-role")] if person else []


def _scope_of(doc: PostDoc, sentence: Sentence) -> Mention | None:
    """Return the municipality a sentence opens with ("I Landskrona kommer ...")."""
    for m in mentions_in(doc, sentence, {"municipality"}):
        if _SCOPE.match(doc.text[sentence.start : m.start]):
            return m
    return None


def _role_org(
    doc: PostDoc,
    sentence: Sentence,
    role: Mention,
    person: Mention,
    rule: str,
    represented: dict[int, Mention],
) -> Mention | None:
    """Return the organisation or municipality a role is held in, when the text says it."""
    between_people = [
        p for p in mentions_in(doc, sentence, {"person"}) if role.end <= p.start and p is not person
    ]
    long_ok = not between_people or rule != "role-before-name"
    candidates = (
        lambda: _owner_before(doc, sentence, role),
        lambda: (
            _next_org(doc, sentence, person.end, _AFFILIATION_WORDS)
            if rule in {"role-before-name", "plural-role-list", "role-place-name"}
            else None
        ),
        lambda: _next_org(doc, sentence, role.end, _ROLE_COMPLEMENT),
        lambda: _next_org(doc, sentence, role.end, _LONG_COMPLEMENT) if long_ok else None,
        lambda: represented.get(id(person)),
        lambda: _scope_of(doc, sentence),
    )
    for candidate in candidates:
        found = candidate()
        if found is not None:
            return found
    return None


def _affiliation(
    doc: PostDoc, sentence: Sentence, person: Mention, represented: dict[int, Mention]
) -> None:
    """Add member_of for a person without a role: "X från Malmö högskola", delegations."""
    for pattern, rule in (
        (_AFFILIATION_WORDS, "name-from-org"),
        (_WORKS_AT, "name-works-at"),
        (_PAREN_PLACE, "name-paren-place"),
    ):
        org = _next_org(doc, sentence, person.end, pattern)
        if org is not None:
            _add_membership(
                doc, person, org, None, rule=rule, start=person.start, end=org.end, confidence=0.8
            )
            return
    owner = represented.get(id(person))
    if owner is not None:
        _add_membership(
            doc,
            person,
            owner,
            None,
            rule="delegation",
            start=owner.start,
            end=person.end,
            confidence=0.8,
        )


def find_roles(doc: PostDoc) -> PostDoc:
    """Add role mentions and member_of / role / delegation facts between people and orgs."""
    present = SentenceMentions(doc)  # people: only roles are added below
    for sentence in doc.sentences:
        roles = _role_mentions(doc, sentence)
        doc.mentions.extend(roles)
        people = present.of(sentence, {"person"})
        represented = _delegation(doc, sentence, people)
        tied: set[int] = set()
        for role in roles:
            for person, rule in _role_holders(doc, role, people):
                org = _role_org(doc, sentence, role, person, rule, represented)
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
            if id(person) not in tied:
                _affiliation(doc, sentence, person, represented)
    return doc
