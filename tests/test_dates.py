"""Swedish dates: post date lines and dates in running text, with the year rolled over."""

from __future__ import annotations

from datetime import date

import pytest

from graph.dates import DateMention, find_dates, parse_post_date

POST_DAY = date(2014, 10, 8)


@pytest.mark.parametrize(
    "line",
    [
        "onsdag 8 oktober 2014",
        "Onsdag 8 oktober 2014",
        "onsdagen den 8 oktober 2014",
        "8 okt. 2014",
        "8 okt 2014",
        "8 oktober 2014",
        "2014-10-08",
        "den 8/10 2014",
        "8/10/2014",
        "8 oktober 2014 kl. 10:32",
        "2014-10-08T10:32:00+02:00",
        "oktober 08, 2014",  # Blogger's newer themes
        "onsdag, oktober 8, 2014",
    ],
)
def test_post_date_lines(line):
    assert parse_post_date(line) == date(2014, 10, 8)


@pytest.mark.parametrize(
    "line",
    [
        "Bibliotekschefsinternat i Mölle 18-19/9",
        "8 oktober",  # no year: not a date line
        "Mötet hölls den 8 oktober 2014 i Ystad.",
        "31 februari 2014",
        "",
    ],
)
def test_lines_that_are_not_post_dates(line):
    assert parse_post_date(line) is None


def spans(text: str, reference: date = POST_DAY) -> list[tuple[str, date, date]]:
    return [(m.text, m.first, m.last) for m in find_dates(text, reference)]


def test_seed_title_range_is_last_month():
    [mention] = find_dates("Bibliotekschefsinternat i Mölle 18-19/9", POST_DAY)
    assert mention == DateMention(32, 39, date(2014, 9, 18), date(2014, 9, 19), "18-19/9")


def test_offsets_point_at_the_mention():
    text = "Nästa bibliotekschefsmöte är den 28/11 i Kristianstad."
    [mention] = find_dates(text, POST_DAY)
    assert text[mention.start : mention.end] == "den 28/11"
    assert mention.first == mention.last == date(2014, 11, 28)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("28 november", date(2014, 11, 28), date(2014, 11, 28)),
        ("den 3 december 2014", date(2014, 12, 3), date(2014, 12, 3)),
        ("3-4 mars", date(2015, 3, 3), date(2015, 3, 4)),
        ("3 och 4 mars 2015", date(2015, 3, 3), date(2015, 3, 4)),
        ("30 september-1 oktober", date(2014, 9, 30), date(2014, 10, 1)),
        ("30 december-2 januari", date(2014, 12, 30), date(2015, 1, 2)),
        ("28/11-2/12", date(2014, 11, 28), date(2014, 12, 2)),
        ("den 3:e december", date(2014, 12, 3), date(2014, 12, 3)),
        ("8 okt. 2014", date(2014, 10, 8), date(2014, 10, 8)),
        ("12 sept", date(2014, 9, 12), date(2014, 9, 12)),
        ("onsdag 8 oktober 2014", date(2014, 10, 8), date(2014, 10, 8)),
        ("2014-10-08", date(2014, 10, 8), date(2014, 10, 8)),
        ("v. 38", date(2014, 9, 15), date(2014, 9, 19)),
        ("vecka 38", date(2014, 9, 15), date(2014, 9, 19)),
        ("veckorna 45-46", date(2014, 11, 3), date(2014, 11, 14)),
        ("i slutet av maj", date(2014, 5, 21), date(2014, 5, 31)),
        ("i mitten av mars", date(2015, 3, 11), date(2015, 3, 20)),
    ],
)
def test_mentions_in_running_text(text, first, last):
    assert spans(f"Vi ses {text} i Ystad.") == [(text, first, last)]


def test_vague_month_parts_are_marked_vague():
    mentions = find_dates("I mitten av september och i början av oktober", POST_DAY)
    assert [(m.text, m.first, m.last, m.vague) for m in mentions] == [
        ("I mitten av september", date(2014, 9, 11), date(2014, 9, 20), True),
        ("i början av oktober", date(2014, 10, 1), date(2014, 10, 10), True),
    ]
    assert not find_dates("den 28/11", POST_DAY)[0].vague


def test_year_rolls_forward_from_december():
    december = date(2014, 12, 10)
    assert spans("den 15/1", december) == [("den 15/1", date(2015, 1, 15), date(2015, 1, 15))]
    assert spans("v. 2", december) == [("v. 2", date(2015, 1, 5), date(2015, 1, 9))]
    assert spans("i början av februari", december)[0][1] == date(2015, 2, 1)


def test_year_rolls_back_from_january():
    january = date(2015, 1, 12)
    assert spans("den 10/12", january) == [("den 10/12", date(2014, 12, 10), date(2014, 12, 10))]


def test_several_mentions_in_order():
    text = "Internatet 18-19/9 följs av ett möte den 28/11 och en konferens 3-4 mars 2015."
    assert [m.text for m in find_dates(text, POST_DAY)] == ["18-19/9", "den 28/11", "3-4 mars 2015"]


@pytest.mark.parametrize(
    "text",
    [
        "en 1/2 tjänst",
        "meröppet 24/7",
        "den 31/4",
        "vecka 60",
        "http://example.se/2014/10/08/post",
        "kl. 10:30",
        "sidan 12",
        "julgranar 10 juligen",
    ],
)
def test_things_that_are_not_dates(text):
    assert find_dates(text, POST_DAY) == []
