"""The word lists the rules match against: roles, known organisations, head nouns, verbs.

Patterns are data: the role and organisation gazetteers live in ``data/reference/`` as CSV so
that a regional developer can extend them without touching code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from graph.resources import reference_file


@dataclass(frozen=True)
class RoleEntry:
    base: str  # the lower-case base form, e.g. "kultur- och fritidschef"
    en: str
    org_hint: str  # library, municipality, regional, university, authority or ""


@dataclass(frozen=True)
class OrgEntry:
    name: str
    kind: str  # a samv: organisation class name, e.g. "Library", "RegionalBody"
    kommunkod: str | None
    home: str | None  # "sub" (a body of its kommun) or "location"
    aliases: tuple[str, ...]


def _csv_rows(name: str) -> list[dict[str, str]]:
    with reference_file(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def roles() -> tuple[RoleEntry, ...]:
    """Return the role lexicon, longest base form first (so longer roles win)."""
    entries = [
        RoleEntry(base=row["role"].strip(), en=row["en"].strip(), org_hint=row["org_hint"].strip())
        for row in _csv_rows("roles.csv")
    ]
    return tuple(sorted(entries, key=lambda entry: -len(entry.base)))


# Swedish noun endings a role takes in running text: bibliotekschef-en, -er, -erna, -ens, -s;
# ordförande-n; bibliotekarie-n, -r, -rna.
_ROLE_SUFFIX = r"(?:erna|ernas|arna|orna|ets|ens|ers|et|en|er|ar|or|na|ns|n|s|r)?"


@cache
def role_pattern() -> re.Pattern[str]:
    """Return one regex matching every role in any inflected form, longest first.

    The named group ``role`` holds the matched text; the base form is looked up with
    ``role_for(text)``.
    """
    alternatives = _by_first_letter([entry.base for entry in roles()])
    return re.compile(rf"(?<![\w-])(?P<role>(?:{alternatives}){_ROLE_SUFFIX})(?![\w-])", re.I)


def _by_first_letter(words: list[str]) -> str:
    """Return a regex alternation that matches as ``"w1|w2|..."`` does, its words grouped by
    their first letter: ``"b(?:ibliotekschef|iträdande bibliotekschef)|k(?:ulturchef)"``.

    Ignoring case, the regex engine tries every alternative at every word of the text;
    grouped, only the words that begin with its letter (roles found twice as fast). Each
    group keeps the words' order, so the first word that matches stays the same, as long as
    no two groups' letters match each other's; when two do, the words are left ungrouped.
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[:1], []).append(re.escape(word[1:]))
    letters = list(groups)
    if "" in groups or any(
        re.fullmatch(re.escape(a), b, re.I) for a in letters for b in letters if a != b
    ):
        return "|".join(map(re.escape, words))
    return "|".join(f"{re.escape(a)}(?:{'|'.join(rests)})" for a, rests in groups.items())


@lru_cache(maxsize=1 << 12)
def role_for(text: str) -> RoleEntry | None:
    """Return the lexicon entry of an inflected role text ("Bibliotekschefen" -> bibliotekschef)."""
    lowered = " ".join(text.lower().split())
    for entry in roles():
        if lowered == entry.base or (
            lowered.startswith(entry.base)
            and re.fullmatch(_ROLE_SUFFIX, lowered[len(entry.base) :])
        ):
            return entry
    return None


@cache
def organisations() -> tuple[OrgEntry, ...]:
    """Return the gazetteer of known regional and national organisations."""
    entries = []
    for row in _csv_rows("organisations.csv"):
        aliases = tuple(a.strip() for a in row["aliases"].split(";") if a.strip())
        entries.append(
            OrgEntry(
                name=row["name"].strip(),
                kind=row["kind"].strip(),
                kommunkod=row["kommunkod"].strip() or None,
                home=(row["home"].strip() or None),
                aliases=aliases,
            )
        )
    return tuple(entries)


# The head nouns that end an organisation's name ("Malmö stadsbibliotek", "Lunds universitet"),
# with the kind of organisation they make and how it belongs to its municipality.
HEAD_NOUNS: dict[str, tuple[str, str]] = {
    "stadsbibliotek": ("Library", "sub"),
    "huvudbibliotek": ("Library", "sub"),
    "bibliotek": ("Library", "sub"),
    "folkbibliotek": ("Library", "sub"),
    "kommunbibliotek": ("Library", "sub"),
    "barnbibliotek": ("Library", "sub"),
    "bibliotek och konsthall": ("Library", "sub"),
    "lärcentrum": ("MunicipalBody", "sub"),
    "kulturförvaltning": ("MunicipalBody", "sub"),
    "förvaltning": ("MunicipalBody", "sub"),
    "kulturnämnd": ("MunicipalBody", "sub"),
    "nämnd": ("MunicipalBody", "sub"),
    "kulturhus": ("MunicipalBody", "sub"),
    "kulturskola": ("MunicipalBody", "sub"),
    "högskola": ("University", "location"),
    "universitet": ("University", "location"),
    "folkhögskola": ("Association", "location"),
    "museum": ("Organisation", "location"),
    "konsthall": ("Organisation", "location"),
    "förening": ("Association", "location"),
    "biblioteksförening": ("Association", "location"),
    "hembygdsförening": ("Association", "location"),
    "förbund": ("Association", "location"),
    "studieförbund": ("StudyAssociation", "location"),
}

# "barnbiblioteket Lilla slottet": a definite organisation noun naming the organisation after it.
APPOSITIVE_NOUNS = {
    "biblioteket",
    "barnbiblioteket",
    "filialbiblioteket",
    "stadsbiblioteket",
    "kulturhuset",
    "ungdomsbiblioteket",
    "lärcentret",
    "museet",
}

# Verbs of speaking that make the person before them a speaker at the post's event.
SPEAKER_VERBS = {
    "berätta",
    "prata",
    "tala",
    "föreläsa",
    "presentera",
    "inleda",
    "visa",
    "beskriva",
}

# Event nouns; a compound ending in one of these is an event ("bibliotekschefsinternat").
EVENT_NOUNS: dict[str, str] = {
    "internat": "Internat",
    "konferens": "Conference",
    "seminarium": "Seminar",
    "workshop": "Workshop",
    "möte": "Meeting",
    "träff": "Meeting",
    "nätverksträff": "Meeting",
    "mässa": "Conference",
    "utbildningsdag": "Seminar",
    "temadag": "Seminar",
    "studiedag": "Seminar",
    "kickoff": "Meeting",
    "invigning": "Event",
    "föreläsning": "Seminar",
    "studieresa": "Event",
    "biblioteksdagarna": "Conference",
}

# Nouns that make an event only at the end of a compound: "biblioteksdag", "inspirationsdag",
# but "under två dagar" is no event.
COMPOUND_EVENT_NOUNS: dict[str, str] = {"dag": "Seminar", "dagarna": "Conference"}

# Verbs that make the organisations and groups of their sentence participants of the event.
GATHERING_VERBS = {"träffas", "träffa", "samlas", "mötas", "delta", "medverka", "samla"}

# Capitalised definite compounds that name institutions in Swedish: "Skolverket",
# "Socialstyrelsen", "Försäkringskassan", "Kulturrådet", "Riksdagen", "Nordiska museet" ...
INSTITUTION_SUFFIXES: dict[str, str] = {
    "verket": "Authority",
    "styrelsen": "Authority",
    "myndigheten": "Authority",
    "inspektionen": "Authority",
    "kassan": "Authority",
    "rådet": "Authority",
    "nämnden": "MunicipalBody",
    "förbundet": "Association",
    "föreningen": "Association",
    "institutet": "Organisation",
    "akademien": "Organisation",
    "museet": "Organisation",
    "biblioteket": "Library",
    "universitetet": "University",
    "högskolan": "University",
    "banken": "Company",
    "bolaget": "Company",
    "stiftelsen": "Association",
    "kyrkan": "Association",
    "riksdagen": "Authority",
    "regeringen": "Authority",
}
