"""Plain-text copies of Blogger pages: posts split, furniture dropped, encodings read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.model import Post
from graph.read import ReadError, read_paths
from graph.read.text import looks_like_title
from graph.read.text import read as read_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "posts" / "2014-10-08-bibliotekschefsinternat-i-molle.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "read"

FURNITURE = [
    "Inga kommentarer",
    "Skicka en kommentar",
    "Upplagd av",
    "Etiketter",
    "BlogThis",
    "Dela på",
    "Äldre inlägg",
    "Startsida",
    "Prenumerera",
]


def posts_of(path: Path) -> list[Post]:
    items = list(read_paths([path]))
    assert all(isinstance(item, Post) for item in items), items
    return items


def test_seed_reads_as_one_post_without_furniture():
    [post] = posts_of(SEED)
    assert post.date == dt.date(2014, 10, 8)
    assert post.title == "Bibliotekschefsinternat i Mölle 18-19/9"
    assert post.text.startswith("I mitten av september träffades cirka 20 skånska")
    assert post.text.endswith("den 28/11 i Kristianstad.")
    assert "Inga kommentarer" not in post.text
    assert "Skicka en kommentar" not in post.text
    assert post.format == "text"
    assert post.source == str(SEED)


def test_seed_paragraphs_are_separated_by_blank_lines():
    [post] = posts_of(SEED)
    paragraphs = post.text.split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs[3].startswith("Stefan Wahlstedt från Malmö stadsbibliotek")
    assert all(p == p.strip() and p for p in paragraphs)


def test_archive_copy_with_two_date_headers_splits_into_three_posts():
    posts = posts_of(FIXTURES / "blogger-arkiv-kopia.txt")
    assert [p.title for p in posts] == [
        "Meröppet i Sjöbo och Tomelilla",
        "Läsfrämjande i Ystad",
        "Regionalt mediesamarbete växer",
    ]
    assert [p.date for p in posts] == [
        dt.date(2014, 10, 14),
        dt.date(2014, 10, 14),
        dt.date(2014, 10, 10),
    ]
    assert [p.author for p in posts] == ["Karin Åberg", "Karin Åberg", "Lars Holm"]
    assert [p.labels for p in posts] == [
        ["meröppet", "Sjöbo", "Tomelilla"],
        ["läsfrämjande", "Ystad"],
        ["mediesamarbete"],
    ]


def test_archive_copy_bodies_hold_only_their_own_text():
    first, second, third = posts_of(FIXTURES / "blogger-arkiv-kopia.txt")
    assert first.text == (
        "Sedan i våras har biblioteken i Sjöbo och Tomelilla erbjudit meröppet, och nu har vi "
        "träffat bibliotekscheferna Maria Lindqvist och Jonas Ek för att höra hur det har gått."
        "\n\nBesökarna kommer framför allt på kvällar och helger. Nästa uppföljning sker "
        "vecka 47 i Tomelilla."
    )
    assert second.text.endswith("Anmälan görs till Eva Nyström senast den 28/11.")
    # a hard-wrapped sentence is joined again, a new sentence starts a paragraph
    assert third.text.split("\n\n")[1] == (
        "Samarbetet samordnas av Lars Holm på Kultur Skåne, som också håller i nätverksträffarna."
    )
    for post in (first, second, third):
        for word in FURNITURE + ["Biblioteksutveckling i Skåne", "Bloggarkiv", "Om mig"]:
            assert word not in post.text, (post.title, word)


def test_footer_time_becomes_the_publication_time_in_swedish_time():
    first, _, third = posts_of(FIXTURES / "blogger-arkiv-kopia.txt")
    assert first.published == dt.datetime(2014, 10, 14, 10, 32, tzinfo=first.published.tzinfo)
    assert first.published.utcoffset() == dt.timedelta(hours=2)
    assert third.published.hour == 9 and third.published.minute == 15


def test_single_post_page_keeps_comments_with_their_authors():
    [post] = posts_of(FIXTURES / "blogger-inlagg-kommentarer.txt")
    assert post.title == "Bibliotekschefsmöte i Kristianstad"
    assert post.date == dt.date(2014, 11, 30)
    assert post.author == "Karin Åberg"
    assert [c.author for c in post.comments] == ["Anna Svensson", "Olof Dahl"]
    assert post.comments[0].text.startswith("Tack för ett givande möte! Vi i Simrishamn")
    assert post.comments[1].published.hour == 9
    assert "Tack för ett givande möte" not in post.text
    assert "Svara" not in post.text
    assert post.text.endswith("berättade om den nya biblioteksplanen.")


def test_text_without_date_header_is_one_post_titled_by_its_first_line():
    text = "Nätverksträff i Lund\n\nBibliotekarier från Lund och Eslöv träffades på Stadshallen."
    [post] = read_text(text, "anteckning.txt")
    assert post.title == "Nätverksträff i Lund"
    assert post.date is None
    assert post.text == "Bibliotekarier från Lund och Eslöv träffades på Stadshallen."


def test_post_without_title_keeps_its_first_sentence_in_the_body():
    text = "måndag 2 mars 2015\n\nBiblioteket i Svedala har fått nya öppettider från och med idag."
    [post] = read_text(text, "x.txt")
    assert post.title == ""
    assert post.date == dt.date(2015, 3, 2)
    assert post.text.startswith("Biblioteket i Svedala")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("latin-1", b"")],
)
def test_legacy_and_bom_encodings_read_the_same(tmp_path, encoding, prefix):
    text = "tisdag 14 oktober 2014\r\n\r\nMöte i Höör\r\n\r\nÅsa Öberg ledde mötet i Höör.\r\n"
    file = tmp_path / "kopia.txt"
    file.write_bytes(prefix + text.encode(encoding))
    [post] = posts_of(file)
    assert post.title == "Möte i Höör"
    assert post.text == "Åsa Öberg ledde mötet i Höör."
    assert post.date == dt.date(2014, 10, 14)


def test_decomposed_characters_are_normalised_to_nfc(tmp_path):
    file = tmp_path / "nfd.txt"
    file.write_text("onsdag 8 oktober 2014\n\nMo\u0308te i Ho\u0308o\u0308r\n\nVi ses.\n")
    [post] = posts_of(file)
    assert post.title == "Möte i Höör"


def test_a_file_with_only_page_furniture_is_refused_with_a_reason(tmp_path):
    file = tmp_path / "tom.txt"
    file.write_text("Inga kommentarer:\nSkicka en kommentar\nStartsida\n")
    [item] = read_paths([file])
    assert isinstance(item, ReadError)
    assert str(item) == f"{file}: no blog posts were found in the file"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Bibliotekschefsinternat i Mölle 18-19/9", True),
        ("Vad händer med biblioteksplanerna?", True),
        ("Mötet hölls i Ystad.", False),
        ("Deltagare:", False),
        ("x" * 200, False),
    ],
)
def test_looks_like_title(line, expected):
    assert looks_like_title(line) is expected


def test_comment_count_on_an_archive_page_does_not_swallow_the_next_post():
    text = (
        "tisdag 14 oktober 2014\n\nLäsfrämjande i Ystad\n\nYstads bibliotek bjöd in till en "
        "workshop.\n\nUpplagd av Karin Åberg kl. 15:05 2 kommentarer:\n\nMöte i Trelleborg\n\n"
        "Biblioteket i Trelleborg tar emot studiebesök.\n\nUpplagd av Lars Holm kl. 16:00\n"
        "Inga kommentarer:\n\nÄldre inlägg\n"
    )
    posts = read_text(text, "arkiv.txt")
    assert [(p.title, p.author, p.comments) for p in posts] == [
        ("Läsfrämjande i Ystad", "Karin Åberg", []),
        ("Möte i Trelleborg", "Lars Holm", []),
    ]


def test_comments_end_at_the_page_navigation_when_the_form_is_missing():
    text = (
        "söndag 30 november 2014\n\nMöte i Kristianstad\n\nBibliotekscheferna möttes.\n\n"
        "Upplagd av Karin Åberg kl. 21:40\n1 kommentar:\n\nAnna Svensson1 december 2014 08:12\n"
        "Tack för ett givande möte!\nSvara\n\nNyare inlägg Äldre inlägg Startsida\n"
    )
    [post] = read_text(text, "inlagg.txt")
    assert [(c.author, c.text) for c in post.comments] == [
        ("Anna Svensson", "Tack för ett givande möte!")
    ]
    assert post.text == "Bibliotekscheferna möttes."


def test_newer_theme_share_menu_is_furniture():
    text = (
        "oktober 08, 2014\n\nMöte i Lomma\n\nBiblioteken i Lomma och Burlöv planerar "
        "gemensamma program.\n\nHämta länk\nFacebook\nX\nPinterest\nE-post\nAndra appar\n"
        "Etiketter: Lomma, Burlöv\n\nKommentarer\n\nPer Nilsson8 oktober 2014 kl. 12:00\n"
        "Vi i Staffanstorp vill vara med!\nSvara\nRadera\n\n"
        "Populära inlägg från den här bloggen\n\nMeröppet i Sjöbo\n\nSedan i våras...\n"
    )
    [post] = read_text(text, "kopia.txt")
    assert post.date == dt.date(2014, 10, 8)
    assert post.title == "Möte i Lomma"
    assert post.labels == ["Lomma", "Burlöv"]
    assert post.text == "Biblioteken i Lomma och Burlöv planerar gemensamma program."
    assert [(c.author, c.text) for c in post.comments] == [
        ("Per Nilsson", "Vi i Staffanstorp vill vara med!")
    ]


def test_a_date_deep_in_a_note_does_not_drop_the_lines_before_it():
    body = "\n".join(f"Punkt {n} på dagordningen för mötet i Vellinge." for n in range(40))
    text = f"Dagordning\n\n{body}\n\n12 maj 2016\n\nAvslutning.\n"
    [first, *_] = read_text(text, "anteckning.txt")
    assert first.title == "Dagordning"
    assert first.text.startswith("Punkt 0 på dagordningen")
