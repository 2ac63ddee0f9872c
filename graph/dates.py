"""Swedish dates, as bloggers write them, resolved to calendar days.

Two jobs: ``parse_post_date`` reads the date line a post is published under ("onsdag 8
oktober 2014"), and ``find_dates`` finds the days and ranges mentioned in running text
("18-19/9", "den 28/11", "i mitten av september", "v. 38"). A date written without a year
takes the year that puts it nearest the post's own date, so a December post that says "den
15/1" means the coming January and an October post that says "18-19/9" means last month.

>>> parse_post_date("onsdag 8 oktober 2014")
datetime.date(2014, 10, 8)
>>> [(m.first, m.last) for m in find_dates("Internat 18-19/9.", date(2014, 10, 8))]
[(datetime.date(2014, 9, 18), datetime.date(2014, 9, 19))]
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augusti": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

# Which days "i början / i mitten / i slutet av" a month cover; the end day None = month's end.
MONTH_PARTS = {"början": (1, 10), "mitten": (11, 20), "slutet": (21, None)}

# Written like dates but meaning something else: fractions and "open 24/7".
NOT_DATES = {"1/2", "1/3", "1/4", "2/3", "3/4", "24/7"}

# A date without a year is put in the year nearest the reference, never further than this.
HALF_YEAR = timedelta(days=183)

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?(?![a-zåäö])"
_WEEKDAY = r"(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?,?\s+"
_LEAD = rf"(?:{_WEEKDAY})?(?:den\s+)?"
_DAY = r"(?<![\d/.:,])\d{1,2}(?::[ae])?(?!\d)"
_YEAR = r"(?:19|20)\d{2}(?!\d|-\d)"
_TO = r"(?:\s*[-–]\s*|\s+(?:och|till)\s+)"

_NAMED = re.compile(
    rf"{_LEAD}(?P<d1>{_DAY})(?:\s*(?P<m1>{_MONTH}))?"
    rf"(?:{_TO}{_LEAD}(?P<d2>{_DAY}))?\s*(?P<m2>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    rf"(?P<lead>{_LEAD})(?P<d1>{_DAY})(?:/(?P<m1>\d{{1,2}}))?(?:\s*[-–]\s*(?P<d2>\d{{1,2}}))?"
    rf"/(?P<m2>\d{{1,2}})(?:(?:\s+|/|\s*-\s*)(?P<y>{_YEAR}))?(?![\d/]|\.\d)",
    re.IGNORECASE,
)
_ISO = re.compile(
    r"(?<![\d-])(?P<y1>(?:19|20)\d{2})-(?P<m1>\d{2})-(?P<d1>\d{2})"
    r"(?:\s*(?:–|--|\s-\s)\s*(?P<y2>(?:19|20)\d{2})-(?P<m2>\d{2})-(?P<d2>\d{2}))?(?!\d)"
)
_VAGUE = re.compile(
    rf"(?:\bi\s+)?\b(?P<part>början|mitten|slutet)\s+av\s+(?P<m>{_MONTH})(?:\s+(?P<y>{_YEAR}))?",
    re.IGNORECASE,
)
_WEEK = re.compile(
    r"(?<![a-zåäö])(?:vecka|veckan|veckorna|v\.|v)\s*(?P<w1>\d{1,2})(?!\d)"
    rf"(?:\s*[-–]\s*(?P<w2>\d{{1,2}})(?!\d))?(?:,?\s+(?P<y>{_YEAR}))?",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    rf"(?:{_WEEKDAY})?(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>{_YEAR})", re.IGNORECASE
)
_HAS_YEAR = re.compile(r"(?:19|20)\d{2}")
_DATE_LINE_MAX = 60  # characters of a date line without its clock time
_TIME_TAIL = re.compile(r"(?:[,\s]+(?:kl\.?\s*)?|T)\d{1,2}[:.]\d{2}(?::\d{2})?\S*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A day or range of days mentioned in a text, with its character offsets.

    ``vague`` marks ranges a writer only hinted at ("i mitten av september"): the days are
    a reading, not a statement.
    """

    start: int
    end: int
    first: date
    last: date
    text: str
    vague: bool = False


@dataclass(frozen=True)
class _Found:
    mention: DateMention
    explicit_year: bool


def parse_post_date(text: str) -> date | None:
    """Return the date of a date line ("onsdag 8 oktober 2014", "2014-10-08"), else None.

    The whole line must be a date with a year: a line that merely contains a date is
    a sentence, not the date a post was published under. A trailing clock time is allowed.
    """
    # Most lines are sentences: those too long, or without a year, are not scanned.
    if len(text) > _DATE_LINE_MAX + 20 or not _HAS_YEAR.search(text):
        return None
    line = _TIME_TAIL.sub("", text.strip()).strip().rstrip(".:,").strip()
    if not line or len(line) > _DATE_LINE_MAX:
        return None
    for found in _scan(line, date.today()):
        mention = found.mention
        whole = mention.start == 0 and mention.end >= len(line.rstrip("."))
        if whole and found.explicit_year and mention.first == mention.last:
            return mention.first
    return _month_first(line)


def _month_first(line: str) -> date | None:
    """Return the date of a line in Blogger's newer theme order, "oktober 08, 2014"."""
    match = _MONTH_FIRST.fullmatch(line)
    if not match:
        return None
    try:
        return date(int(match["y"]), _month(match["m"]), int(match["d"]))
    except ValueError:
        return None


def find_dates(text: str, reference: date) -> list[DateMention]:
    """Return the dates and date ranges mentioned in ``text``, in order of appearance.

    ``reference`` is the post's own date: a day written without a year is placed in the year
    that puts it nearest the reference. Overlapping readings keep the longest.
    """
    return [found.mention for found in _scan(text, reference)]


def _scan(text: str, reference: date) -> list[_Found]:
    found = [
        *_named(text, reference),
        *_numeric(text, reference),
        *_iso(text),
        *_vague(text, reference),
        *_weeks(text, reference),
    ]
    found.sort(key=lambda f: (f.mention.start, -(f.mention.end - f.mention.start)))
    kept: list[_Found] = []
    for item in found:
        if not kept or item.mention.start >= kept[-1].mention.end:
            kept.append(item)
    return kept


def _named(text: str, reference: date) -> Iterator[_Found]:
    for match in _NAMED.finditer(text):
        last_month = _month(match["m2"])
        first_month = _month(match["m1"]) if match["m1"] else last_month
        days = (_day(match["d1"]), _day(match["d2"]) if match["d2"] else None)
        yield from _days_found(match, text, reference, (first_month, last_month), days)


def _numeric(text: str, reference: date) -> Iterator[_Found]:
    for match in _NUMERIC.finditer(text):
        core = text[match.start("d1") : match.end()]
        plain = not match["lead"] and not match["y"] and not match["d2"] and not match["m1"]
        if plain and core in NOT_DATES:
            continue
        last_month = int(match["m2"])
        first_month = int(match["m1"]) if match["m1"] else last_month
        days = (int(match["d1"]), int(match["d2"]) if match["d2"] else None)
        yield from _days_found(match, text, reference, (first_month, last_month), days)


def _days_found(
    match: re.Match[str],
    text: str,
    reference: date,
    months: tuple[int, int],
    days: tuple[int, int | None],
) -> Iterator[_Found]:
    span = _span(match, text)
    first_day, last_day = days[0], days[1] if days[1] is not None else days[0]
    try:
        if match["y"]:
            year = int(match["y"])
            last = date(year, months[1], last_day)
            first = date(year, months[0], first_day)
            if first > last:
                first = date(year - 1, months[0], first_day)
        else:
            first = _nearest(reference, months[0], first_day)
            last = date(first.year, months[1], last_day)
            if last < first:
                last = date(first.year + 1, months[1], last_day)
    except ValueError:
        return
    yield _Found(DateMention(*span, first, last, text[span[0] : span[1]]), bool(match["y"]))


def _iso(text: str) -> Iterator[_Found]:
    for match in _ISO.finditer(text):
        try:
            first = date(int(match["y1"]), int(match["m1"]), int(match["d1"]))
            last = first
            if match["y2"]:
                last = date(int(match["y2"]), int(match["m2"]), int(match["d2"]))
        except ValueError:
            continue
        if last < first:
            continue
        span = _span(match, text)
        yield _Found(DateMention(*span, first, last, text[span[0] : span[1]]), True)


def _vague(text: str, reference: date) -> Iterator[_Found]:
    for match in _VAGUE.finditer(text):
        month = _month(match["m"])
        year = int(match["y"]) if match["y"] else _nearest(reference, month, 15).year
        start_day, end_day = MONTH_PARTS[match["part"].lower()]
        end_day = end_day or calendar.monthrange(year, month)[1]
        span = _span(match, text)
        mention = DateMention(
            *span,
            date(year, month, start_day),
            date(year, month, end_day),
            text[span[0] : span[1]],
            vague=True,
        )
        yield _Found(mention, bool(match["y"]))


def _weeks(text: str, reference: date) -> Iterator[_Found]:
    for match in _WEEK.finditer(text):
        first_week = int(match["w1"])
        last_week = int(match["w2"]) if match["w2"] else first_week
        try:
            year = int(match["y"]) if match["y"] else _nearest_week_year(reference, first_week)
            first = date.fromisocalendar(year, first_week, 1)
            last = date.fromisocalendar(year, last_week, 5)
        except ValueError:
            continue
        if last < first:
            continue
        span = _span(match, text)
        mention = DateMention(*span, first, last, text[span[0] : span[1]])
        yield _Found(mention, bool(match["y"]))


def _nearest(reference: date, month: int, day: int) -> date:
    """Return the day/month in the year that puts it nearest the reference date.

    Raises ValueError when the day does not exist (31/4) in any candidate year.
    """
    candidates = []
    for year in (reference.year, reference.year - 1, reference.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ValueError(f"no such day: {day}/{month}")
    best = candidates[0]
    if abs(best - reference) > HALF_YEAR:
        best = min(candidates, key=lambda d: abs(d - reference))
    return best


def _nearest_week_year(reference: date, week: int) -> int:
    def distance(year: int) -> timedelta:
        try:
            return abs(date.fromisocalendar(year, week, 1) - reference)
        except ValueError:
            return timedelta.max

    year = reference.isocalendar().year
    return min((year, year - 1, year + 1), key=distance)


def _span(match: re.Match[str], text: str) -> tuple[int, int]:
    start, end = match.span()
    while end > start and text[end - 1] in " ,":
        end -= 1
    return start, end


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _day(word: str) -> int:
    return int(word.split(":")[0])
