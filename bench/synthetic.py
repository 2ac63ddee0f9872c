"""Synthetic Swedish blog posts for the benchmark: as many as asked, the same for the same seed.

Each post is a plain-text Blogger copy like ``data/posts/*.txt`` (a date line, a title, a body
of about 150-300 words, a footer): a meeting, a conference, grant news or a library opening,
written about a cast of fictional people. The people work in real municipalities (mostly in
Skåne) with roles from ``data/reference/roles.csv`` at organisations named the way bloggers
name them ("Lunds stadsbibliotek", "Höörs bibliotek", the gazetteer's "Kultur Skåne"); a few
people turn up in many posts, so the graph the posts make is connected, as a real blog's is.

    paths = write_posts("out/bench/posts-2000", 2000, seed=1)

The text only has to exercise the pipeline the way real posts do (names, roles, delegations,
dated events, processes); it makes no claim to be true of anyone.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.resources import reference_file

FIRST_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Kristina", "Lena", "Sara", "Emma", "Ingrid", "Malin",
    "Elin", "Johanna", "Linnea", "Ida", "Hanna", "Annika", "Camilla", "Helena", "Sofia",
    "Fatima", "Amira", "Leila", "Åsa", "Ulla", "Birgitta", "Margareta", "Cecilia", "Therese",
    "Jenny", "Frida", "Moa", "Tove", "Agnes", "Lisa", "Josefin", "Maja", "Ylva", "Ebba",
    "Lars", "Anders", "Johan", "Per", "Karl", "Erik", "Mikael", "Jonas", "Fredrik", "Daniel",
    "Magnus", "Henrik", "Mattias", "Niklas", "Stefan", "Ola", "Björn", "Göran", "Håkan",
    "Tomas", "Mohammed", "Ali", "Omar", "Jesper", "Oskar", "Viktor", "Gustav", "Nils", "Olof",
    "Per-Olof", "Jan-Erik", "Ann-Sofie", "Marie-Louise", "Emil", "Axel", "Rasmus", "Sven",
    "Astrid", "Elsa", "Greta", "Louise", "Mikaela", "Pernilla", "Susanne", "Katarina",
    "Charlotte", "Yasmin", "Zeynep", "Nadia", "Mirja", "Jessica", "Alexandra", "Anneli",
    "Patrik", "Andreas", "Robert", "Kristoffer", "Peter", "Hans", "Leif", "Kent", "Ibrahim",
    "Hassan", "Dragan", "Goran", "Tobias", "Simon", "Joakim", "Linus", "Hugo", "Arvid",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jönsson", "Jansson", "Hansson",
    "Bengtsson", "Lindberg", "Lindqvist", "Lindgren", "Berg", "Bergström", "Lundgren",
    "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Ali",
    "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Håkansson",
    "Lundin", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson",
    "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg",
    "Nyberg", "Blomqvist", "Claesson", "Nordström", "Mårtensson", "Lundström", "Ahmed",
    "Hassan", "Nordin", "Ekström", "Hedlund", "Dahlberg", "Sundberg", "Åberg", "Strand",
    "Öberg", "Falk", "Hellström", "Axelsson", "Ström", "Kovač", "Novak", "Rosén", "Wahlgren",
    "Kovacs", "Lindholm", "Sjögren", "Ekberg", "Norberg", "Borg", "Holmgren", "Lind",
    "Malmberg", "Nordqvist", "Jakobsson", "Abrahamsson", "Martinsson", "Ottosson", "Nyman",
    "Blom", "Lundberg", "Sundström", "Viklund", "Åström", "Ekman", "Hermansson", "Sandström",
    "Yilmaz", "Petrović", "Mohammadi", "Karimi", "Nguyen", "Virtanen", "Kowalski",
)  # fmt: skip

WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MONTH_NAMES = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
SKANE = "12"
# Where each person works: mostly Skåne, as on a Skåne regional developer's blog.
SKANE_SHARE = 0.8
# How people recur: a core of regulars (the region's library chiefs and developers) turns up
# in many posts; everyone else is drawn from a tail as large as the blog, so a typical person
# is in a handful of posts whatever the number of posts.
CORE_PEOPLE = 30
CORE_SHARE = 0.3
FIRST_DAY = dt.date(2010, 1, 4)
SPAN_DAYS = 15 * 365
MIN_WORDS, MAX_WORDS = 150, 300

# Roles by kind of organisation, lower-case base forms as in roles.csv.
LIBRARY_ROLES = ("bibliotekschef", "bibliotekarie", "barnbibliotekarie", "bibliotekspedagog")
MUNICIPAL_ROLES = ("kulturchef", "kultur- och fritidschef", "kommunstyrelsens ordförande")


@dataclass(frozen=True)
class Person:
    """A fictional person of the cast: a name, a role, and the municipality they work in."""

    first: str
    last: str
    role: str
    kommun: str  # the municipality's name, e.g. "Höganäs"
    library: str  # the library they belong to, e.g. "Höganäs bibliotek"

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class SyntheticPost:
    """One generated post: the file name to write it under and the page text."""

    filename: str
    text: str


@cache
def _roles() -> tuple[str, ...]:
    with reference_file("roles.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(row["role"] for row in csv.DictReader(handle))


@cache
def _gazetteer() -> tuple[str, ...]:
    with reference_file("organisations.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(row["name"] for row in csv.DictReader(handle))


@cache
def _places() -> tuple[tuple[str, ...], tuple[str, ...], dict[str, list[str]]]:
    """Return (Skåne municipality names, other municipality names, Skåne localities by
    municipality name)."""
    from graph.reference import localities, municipalities

    towns = municipalities()
    skane = tuple(m.name for m in towns if m.county_code == SKANE)
    other = tuple(m.name for m in towns if m.county_code != SKANE)
    by_code = {m.code: m.name for m in towns}
    villages: dict[str, list[str]] = {}
    for place in localities():
        name = by_code.get(place.kommunkod)
        if name and place.name != name:
            villages.setdefault(name, []).append(place.name)
    return skane, other, villages


@cache
def _processes() -> tuple[str, ...]:
    from graph.ontology import processes

    return tuple(p.pref_label_sv for p in processes())


def genitive(name: str) -> str:
    """Return the Swedish genitive of a place name: "Lunds", but "Höganäs" stays "Höganäs"."""
    return name if name[-1].lower() in "sxz" else name + "s"


def library_name(kommun: str) -> str:
    """Return how bloggers name a municipality's main library: "Malmö stadsbibliotek" for the
    cities, "Höörs bibliotek" elsewhere."""
    if kommun in {"Malmö", "Helsingborg", "Lund", "Landskrona", "Göteborg", "Stockholm"}:
        return (
            f"{kommun} stadsbibliotek"
            if kommun == "Malmö"
            else f"{genitive(kommun)} stadsbibliotek"
        )
    return f"{genitive(kommun)} bibliotek"


def cast(rng: random.Random, size: int) -> list[Person]:
    """Return ``size`` distinct fictional people, each with a role and a home municipality."""
    skane, other, _ = _places()
    roles = _roles()
    size = min(size, len(FIRST_NAMES) * len(LAST_NAMES))
    pairs = rng.sample([(f, last) for f in FIRST_NAMES for last in LAST_NAMES], size)
    people = []
    for first, last in pairs:
        kommun = rng.choice(skane) if rng.random() < SKANE_SHARE else rng.choice(other)
        roll = rng.random()
        role = (
            rng.choice(LIBRARY_ROLES)
            if roll < 0.6
            else rng.choice(MUNICIPAL_ROLES)
            if roll < 0.75
            else rng.choice(roles)
        )
        people.append(Person(first, last, role, kommun, library_name(kommun)))
    return people


class _Writer:
    """Writes the posts of one seed: keeps the cast and the titles already used per day."""

    def __init__(self, seed: int, posts: int) -> None:
        self.rng = random.Random(seed)
        people = cast(self.rng, CORE_PEOPLE + max(CORE_PEOPLE, posts))
        self.core, self.tail = people[:CORE_PEOPLE], people[CORE_PEOPLE:]
        self.used: set[tuple[dt.date, str]] = set()
        self.appearances: Counter[str] = Counter()
        self.in_post: set[str] = set()  # no one is picked twice for one post

    def pick(self, count: int) -> list[Person]:
        """Return ``count`` people not yet in this post, each a regular or one of the tail."""
        chosen: dict[str, Person] = {}
        while len(chosen) < count:
            group = self.core if self.rng.random() < CORE_SHARE else self.tail
            person = self.rng.choice(group)
            if person.name not in self.in_post:
                chosen[person.name] = person
                self.in_post.add(person.name)
        self.appearances.update(chosen.keys())
        return list(chosen.values())

    def post(self, number: int, day: dt.date) -> SyntheticPost:
        self.in_post = set()
        kind = self.rng.choice((_meeting, _conference, _grant, _opening))
        title, paragraphs = kind(self, day)
        title = self._unique(day, title)
        paragraphs += _asides(self, self.rng.randint(1, 3))
        body = _fill(self.rng, paragraphs)
        text = _page(self.rng, day, title, body, self.rng.choice(self.core))
        return SyntheticPost(f"{day.isoformat()}-{number:05d}.txt", text)

    def _unique(self, day: dt.date, title: str) -> str:
        candidate, part = title, 2
        while (day, candidate) in self.used:
            candidate, part = f"{title} (del {part})", part + 1
        self.used.add((day, candidate))
        return candidate

    def process(self) -> str:
        return self.rng.choice(_processes())

    def village(self, kommun: str) -> str:
        return self.rng.choice(_places()[2].get(kommun) or [kommun])


def definite(role: str) -> str | None:
    """Return the definite form bloggers put before a name ("bibliotekschefen", "rektorn"),
    or None for a role that is not written that way."""
    if role.endswith("ordförande"):
        return role
    if role.endswith(("råd", "ombud")):
        return role + "et"
    if role.endswith(("e", "or")):
        return role + "n"
    if role.endswith(("vald", "ist")):
        return None
    return role + "en"


def _introduce(person: Person, *, definite_form: bool = False) -> str:
    """Return how a post names someone: "bibliotekschefen Anna Berg" or "Anna Berg,
    bibliotekschef i Lund,"."""
    title = definite(person.role) if definite_form else None
    if title:
        return f"{title} {person.name}"
    return f"{person.name}, {person.role} i {person.kommun},"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day_text(day: dt.date) -> str:
    return f"{day.day}/{day.month}"


def _span_text(start: dt.date) -> str:
    end = start + dt.timedelta(days=1)
    if end.month == start.month:
        return f"{start.day}-{end.day}/{start.month}"
    return f"{start.day}/{start.month}-{end.day}/{end.month}"


def _meeting(writer: _Writer, day: dt.date) -> tuple[str, list[str]]:
    rng = writer.rng
    host, speaker, *rest = writer.pick(rng.randint(4, 7))
    when = day + dt.timedelta(days=rng.randint(-40, -3))
    topic = writer.process()
    article, noun = rng.choice(
        (("ett", "Bibliotekschefsmöte"), ("en", "Nätverksträff"), ("en", "Regionträff"))
    )
    delegates = ", ".join(p.name for p in rest[:-1]) + f" och {rest[-1].name}"
    return f"{noun} i {host.kommun}", [
        f"Den {_day_text(when)} träffades bibliotekscheferna i nordvästra Skåne och vi "
        f"från Kultur Skåne på {host.library} för {article} {noun.lower()} om {topic}.",
        f"{_upper_first(_introduce(host, definite_form=True))} hälsade välkommen och berättade om "
        f"hur {host.library} arbetar med {topic} tillsammans med skolorna.",
        f"{speaker.name} från {speaker.library} pratade om {writer.process()} och om vad "
        "samarbete mellan kommunerna kan betyda för de mindre biblioteken.",
        f"{rest[0].kommun} representerades av {delegates}.",
    ]


def _conference(writer: _Writer, day: dt.date) -> tuple[str, list[str]]:
    rng = writer.rng
    host, first, second, *rest = writer.pick(rng.randint(4, 6))
    start = day + dt.timedelta(days=rng.randint(-30, -5))
    place = writer.village(host.kommun)
    noun = rng.choice(("Internat", "Konferens", "Temadag", "Seminarium"))
    topic = writer.process()
    return f"{noun} i {place} {_span_text(start)}", [
        f"Den {_span_text(start)} samlades ett trettiotal bibliotekarier och "
        f"bibliotekschefer i {place} för två dagar om {topic}.",
        f"Inspirationen stod bland andra {first.name} från {first.library} för. "
        f"{first.first} pratade om {writer.process()} och om att bygga relationer.",
        f"{_introduce(second)} berättade om arbetet med {topic} i {second.kommun} och "
        "om erfarenheterna från det första året.",
        f"Hemmakommunen {host.kommun} representerades av "
        + ", ".join(_introduce(p, definite_form=True) for p in [host, *rest][:-1])
        + f" och {_introduce([host, *rest][-1], definite_form=True)}.",
    ]


def _grant(writer: _Writer, day: dt.date) -> tuple[str, list[str]]:
    rng = writer.rng
    lead, partner, contact = writer.pick(3)
    sum_ = rng.choice(("150 000", "300 000", "450 000", "1,2 miljoner"))
    funder = rng.choice(("Kulturrådet", "Region Skåne", "Kungliga biblioteket", "Kultur Skåne"))
    topic = writer.process()
    return f"{sum_} kronor till {topic} i {lead.kommun}", [
        f"{lead.library} har fått {sum_} kronor från {funder} för ett projekt om {topic} "
        f"tillsammans med {partner.library}.",
        f"Projektledare är {lead.name} och i styrgruppen sitter {_introduce(partner)} "
        f"och {contact.name} från {contact.library}.",
        f"Projektet startar den {_day_text(day + dt.timedelta(days=rng.randint(20, 90)))} "
        f"med en kickoff på {lead.library} dit alla bibliotek i Skåne är välkomna.",
    ]


def _opening(writer: _Writer, day: dt.date) -> tuple[str, list[str]]:
    rng = writer.rng
    chair, head, guest = writer.pick(3)
    place = writer.village(head.kommun)
    when = day + dt.timedelta(days=rng.randint(-14, -1))
    return f"Meröppet bibliotek i {place}", [
        f"Den {_day_text(when)} invigdes det meröppna biblioteket i {place} av "
        f"{_introduce(chair, definite_form=True)}.",
        f"{_introduce(head)} berättade att biblioteket nu är öppet från sju på morgonen "
        "till tio på kvällen, också när ingen personal är på plats.",
        f"{guest.name} från {guest.library} var på plats och tog med sig idéer om "
        f"{writer.process()} hem till {guest.kommun}.",
    ]


# Sentences that carry no facts, to give a post its realistic length.
FILLER = (
    "Det blev en dag med många goda samtal och nya kontakter.",
    "Deltagarna arbetade i mindre grupper och delade med sig av sina erfarenheter.",
    "Vi återkommer med dokumentation och presentationer här på bloggen.",
    "Frågan om hur vi når dem som inte redan besöker biblioteken kom upp flera gånger.",
    "Många lyfte behovet av att samarbeta över kommungränserna.",
    "Under eftermiddagen diskuterades hur erfarenheterna kan spridas till fler kommuner.",
    "Efter lunch fortsatte arbetet med att formulera gemensamma mål för de kommande åren.",
    "Tack till alla som bidrog till att göra dagen så givande!",
    "Intresset var stort och flera kommuner har redan hört av sig med frågor.",
    "Samtalen handlade om allt från bemanning och lokaler till nya sätt att nå barn och unga.",
    "Ett nästa steg blir att följa upp arbetet under hösten.",
    "Det är tydligt att biblioteken har en viktig roll i lokalsamhället.",
    "Upplägget tog avstamp i deltagarnas egna erfarenheter och utmaningar.",
    "Interaktiva övningar varvades med korta föreläsningar och tid för reflektion.",
    "En av övningarna handlade om framgångsfaktorer för samarbete.",
    "Presentationerna finns att ladda ner från vår webbplats.",
    "Flera deltagare efterfrågade en uppföljning redan i vår.",
    "Det finns fortfarande platser kvar, så sprid gärna inbjudan till kollegor.",
    "Anmälan görs via länken nedan senast två veckor innan.",
    "Vi ser fram emot att fortsätta samtalet med er alla.",
    "Diskussionen visade hur olika förutsättningarna ser ut i länets kommuner.",
    "Många vittnade om att tiden för utvecklingsarbete är knapp i vardagen.",
    "Det var glädjande att se så många nya ansikten bland deltagarna.",
    "Dagen avslutades med en gemensam sammanfattning och tankar om vägen framåt.",
)

# Sentences that name one more person of the cast, so a post ties several people together.
ASIDES = (
    "{name} från {library} visade hur de arbetar med {process}.",
    "Även {name}, {role} i {kommun}, deltog och berättade om {process}.",
    "{name} från {library} delade med sig av sina erfarenheter av {process}.",
    "Med på plats fanns också {name} från {library}.",
)


def _asides(writer: _Writer, count: int) -> list[str]:
    return [
        writer.rng.choice(ASIDES).format(
            name=person.name,
            library=person.library,
            role=person.role,
            kommun=person.kommun,
            process=writer.process(),
        )
        for person in writer.pick(count)
    ]


def _fill(rng: random.Random, paragraphs: list[str]) -> list[str]:
    """Return the paragraphs, in order, with sentences without facts added to them or
    between them until the body has 150-300 words."""
    body = list(paragraphs)
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    filler = rng.sample(FILLER, len(FILLER))
    while sum(len(p.split()) for p in body) < target:
        extra = filler.pop() if filler else rng.choice(FILLER)
        index = rng.randrange(1, len(body) + 1)
        if rng.random() < 0.5:
            body[index - 1] = f"{body[index - 1]} {extra}"
        else:
            body.insert(index, extra)
    return body


def _page(rng: random.Random, day: dt.date, title: str, body: list[str], author: Person) -> str:
    date_line = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    clock = f"{rng.randint(7, 20):02d}:{rng.randint(0, 59):02d}"
    footer = f"Upplagd av {author.name} kl. {clock}"
    return "\n\n".join([date_line, title, *body, footer, "Inga kommentarer:"]) + "\n"


def synthetic_posts(
    count: int, *, seed: int = 1, appearances: Counter[str] | None = None
) -> Iterator[SyntheticPost]:
    """Yield ``count`` posts, oldest first, spread evenly over 2010-2024.

    The same ``count`` and ``seed`` give the same posts, byte for byte. ``appearances``, when
    given, is updated with how many times each person is named in the posts (footers aside).
    """
    writer = _Writer(seed, count)
    if appearances is not None:
        writer.appearances = appearances
    for number in range(count):
        day = FIRST_DAY + dt.timedelta(days=number * SPAN_DAYS // max(count, 1))
        yield writer.post(number, day)


def write_posts(folder: str | Path, count: int, *, seed: int = 1) -> list[Path]:
    """Write ``count`` posts into ``folder`` (created if missing), one ``.txt`` file per post.

    Returns the paths written, oldest post first. Files already in the folder are replaced
    when they have a generated post's name and left alone otherwise.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for post in synthetic_posts(count, seed=seed):
        path = folder / post.filename
        path.write_text(post.text, encoding="utf-8")
        paths.append(path)
    return paths
