"""Every input format a blogger may hand over, read into the same kind of Post."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from graph.model import Post
from graph.read import ReadError, detect_format, read_bytes, read_paths

FIXTURES = Path(__file__).parent / "fixtures" / "read"
BLOG = "https://biblioteksutveckling-skane.blogspot.com/2014/10/"
MEROPPET_URL = BLOG + "meroppet-i-sjobo-och-tomelilla.html"
MEROPPET_TEXT = (
    "Sedan i våras har biblioteken i Sjöbo och Tomelilla erbjudit meröppet, och nu har vi "
    "träffat bibliotekscheferna Maria Lindqvist och Jonas Ek för att höra hur det har gått.\n\n"
    "Besökarna kommer framför allt på kvällar och helger. Nästa uppföljning sker vecka 47 i "
    "Tomelilla."
)


def read(name: str) -> list[Post]:
    items = list(read_paths([FIXTURES / name]))
    errors = [item for item in items if isinstance(item, ReadError)]
    assert not errors, errors
    return items


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("blogger-arkiv-kopia.txt", "text"),
        ("blogger-inlagg.html", "blogger-html"),
        ("blogger-arkiv.html", "blogger-html"),
        ("blogger-export.xml", "blogger-export"),
        ("blogger-export-2018.xml", "blogger-export"),
        ("flode-rss.xml", "feed"),
        ("flode-atom.xml", "feed"),
        ("wordpress-export.xml", "wordpress"),
        ("artikel.html", "article-html"),
        ("inlagg.jsonl", "jsonl"),
        ("2015-03-02-natverkstraff-i-lund.md", "markdown"),
        ("studiebesok.md", "markdown"),
    ],
)
def test_format_is_detected_and_recorded_on_each_post(name, fmt):
    posts = read(name)
    assert posts
    assert {post.format for post in posts} == {fmt}
    assert {post.source for post in posts} == {str(FIXTURES / name)}


def test_format_is_detected_by_content_not_by_extension(tmp_path):
    for source, target in [("blogger-export.xml", "backup.txt"), ("flode-atom.xml", "flode")]:
        shutil.copy(FIXTURES / source, tmp_path / target)
    formats = {Path(post.source).name: post.format for post in read_paths([tmp_path])}
    assert formats == {"backup.txt": "blogger-export", "flode": "feed"}


# --- Blogger HTML -------------------------------------------------------------------------


def test_blogger_post_page():
    [post] = read("blogger-inlagg.html")
    assert post.title == "Meröppet i Sjöbo och Tomelilla"
    assert post.date == dt.date(2014, 10, 14)
    assert post.url == MEROPPET_URL
    assert post.author == "Karin Åberg"
    assert post.labels == ["meröppet", "Sjöbo", "Tomelilla"]
    assert post.published == dt.datetime.fromisoformat("2014-10-14T10:32:00+02:00")
    assert post.text == MEROPPET_TEXT


def test_blogger_post_page_comments_keep_their_authors_and_stay_out_of_the_body():
    [post] = read("blogger-inlagg.html")
    assert [(c.author, c.text) for c in post.comments] == [
        ("Anna Svensson", "Vad roligt att höra! Vi i Simrishamn funderar också på meröppet."),
        ("Olof Dahl", "Hör gärna av er till oss i Tomelilla om ni vill göra ett studiebesök."),
    ]
    assert post.comments[0].published.replace(tzinfo=None) == dt.datetime(2014, 10, 15, 10, 12)
    for furniture in ("Simrishamn", "Skicka", "Etiketter", "Upplagd", "Bloggarkiv", "gaq"):
        assert furniture not in post.text


def test_blogger_archive_page_with_two_date_headers_gives_three_posts():
    posts = read("blogger-arkiv.html")
    assert [(p.title, p.date, p.author) for p in posts] == [
        ("Meröppet i Sjöbo och Tomelilla", dt.date(2014, 10, 14), "Karin Åberg"),
        ("Läsfrämjande i Ystad", dt.date(2014, 10, 14), "Karin Åberg"),
        ("Regionalt mediesamarbete växer", dt.date(2014, 10, 10), "Lars Holm"),
    ]
    assert [p.labels for p in posts] == [
        ["meröppet", "Sjöbo", "Tomelilla"],
        ["läsfrämjande", "Ystad"],
        ["mediesamarbete"],
    ]
    assert posts[1].url == BLOG + "lasframjande-i-ystad.html"
    assert posts[1].text == (
        "Ystads bibliotek bjöd in till en workshop om läsfrämjande den 3 december där "
        "barnbibliotekarier från Österlen deltog.\n\n"
        "Anmälan görs till Eva Nyström senast den 28/11."
    )
    assert posts[2].text.startswith("Från och med i början av november ingår även Hässleholm")
    assert all(not p.comments for p in posts)


def test_blogger_page_without_timestamps_takes_the_date_header():
    html = (
        "<html><body><h2 class='date-header'><span>fredag 10 oktober 2014</span></h2>"
        "<div class='post hentry'><h3 class='post-title'>Möte i Eslöv</h3>"
        "<div class='post-body'>Biblioteken i Eslöv och Höör möttes.</div></div></body></html>"
    )
    [post] = read_bytes(html.encode(), "sida.html")
    assert (post.title, post.date, post.text) == (
        "Möte i Eslöv",
        dt.date(2014, 10, 10),
        "Biblioteken i Eslöv och Höör möttes.",
    )


# --- Blogger export ------------------------------------------------------------------------


def test_blogger_export_reads_posts_only():
    posts = read("blogger-export.xml")
    # not the template, the settings, the page "Om bloggen", the draft or the comments
    assert [p.title for p in posts] == [
        "Meröppet i Sjöbo och Tomelilla",
        "Regionalt mediesamarbete växer",
    ]


def test_blogger_export_post_fields():
    post, second = read("blogger-export.xml")
    assert post.url == MEROPPET_URL
    assert post.date == dt.date(2014, 10, 14)
    assert post.author == "Karin Åberg"
    assert post.labels == ["meröppet", "Sjöbo", "Tomelilla"]
    assert post.published == dt.datetime.fromisoformat("2014-10-14T10:32:00.001+02:00")
    assert post.updated == dt.datetime.fromisoformat("2014-10-15T08:01:12.345+02:00")
    assert post.text == MEROPPET_TEXT
    assert second.author == "Lars Holm"
    assert second.labels == ["mediesamarbete"]
    assert second.comments == []


def test_blogger_export_attaches_comments_to_their_post_in_time_order():
    post, _ = read("blogger-export.xml")
    assert [(c.author, c.text) for c in post.comments] == [
        ("Anna Svensson", "Vad roligt att höra! Vi i Simrishamn funderar också på meröppet."),
        ("Olof Dahl", "Hör gärna av er till oss i Tomelilla om ni vill göra ett studiebesök."),
    ]


def test_same_post_from_page_and_export_agrees_on_identity_and_content():
    [page] = read("blogger-inlagg.html")
    from_export = read("blogger-export.xml")[0]
    from_archive = read("blogger-arkiv.html")[0]
    for other in (from_export, from_archive):
        assert (other.url, other.title, other.date) == (page.url, page.title, page.date)
        assert other.text == page.text
        assert other.author == page.author
        assert other.labels == page.labels
    assert [c.author for c in from_export.comments] == [c.author for c in page.comments]


def test_newer_blogger_export_format():
    [post] = read("blogger-export-2018.xml")
    assert post.title == "Nätverksträff i Hässleholm"
    assert post.date == dt.date(2015, 1, 20)
    assert post.author == "Sofia Bergström"
    assert post.labels == ["nätverk", "Hässleholm"]
    assert post.text == (
        "Den 5 november träffades biblioteken i Hässleholm, Osby och Östra Göinge för att "
        "planera läsåret.\n\nNästa träff blir i Osby vecka 6."
    )
    assert post.url is None  # this export gives only a path, not the blog's address
    assert [(c.author, c.text) for c in post.comments] == [
        ("Per Nilsson", "Tack, vi i Östra Göinge ser fram emot nästa träff!")
    ]


# --- feeds ----------------------------------------------------------------------------------


def test_rss_feed_in_latin_1():
    first, second = read("flode-rss.xml")
    assert first.title == "Bokcirklar i Ljungby och Alvesta"
    assert first.date == dt.date(2016, 3, 15)
    assert first.url.endswith("/2016/03/bokcirklar-i-ljungby-och-alvesta/")
    assert first.author == "Helena Fors"
    assert first.labels == ["läsfrämjande", "Ljungby"]
    assert first.text == (
        "Biblioteken i Ljungby och Alvesta startar bokcirklar för nyanlända i april.\n\n"
        "Cirklarna leds av bibliotekarien Ali Hassan tillsammans med studieförbundet."
    )
    assert second.author == "Mats Ekdahl"
    assert second.text == (
        "Regionfullmäktige i Kronoberg har antagit den nya regionala biblioteksplanen "
        "för 2016–2019."
    )


def test_feed_dates_are_swedish_days():
    _, late_evening = read("flode-rss.xml")
    # 23:30 UTC on 1 February is 00:30 on 2 February in Sweden
    assert late_evening.published == dt.datetime(2016, 2, 1, 23, 30, tzinfo=dt.UTC)
    assert late_evening.date == dt.date(2016, 2, 2)


def test_atom_feed():
    [post] = read("flode-atom.xml")
    assert post.title == "Digitalt först i Vänersborg"
    assert post.date == dt.date(2017, 5, 12)
    assert (
        post.url == "https://biblioteksutveckling-vg.example.se/2017/05/digitalt-forst-i-vanersborg"
    )
    assert post.author == "Linnea Strand"
    assert post.labels == ["digital delaktighet", "Vänersborg"]
    assert post.updated == dt.datetime.fromisoformat("2017-05-12T09:00:00+02:00")
    assert post.text.endswith("Nästa steg tas i början av juni tillsammans med Trollhättan.")


# --- WordPress ------------------------------------------------------------------------------


def test_wordpress_export_reads_published_posts_only():
    posts = read("wordpress-export.xml")
    assert [p.title for p in posts] == ["Gemensam katalog i Jämtland", "Sommarboken i Härjedalen"]


def test_wordpress_post_fields_and_approved_comments():
    post, second = read("wordpress-export.xml")
    assert post.date == dt.date(2018, 9, 18)
    assert post.published == dt.datetime(2018, 9, 18, 7, 45, tzinfo=dt.UTC)
    assert (
        post.url == "https://bibliotekenijamtland.example.se/2018/09/gemensam-katalog-i-jamtland/"
    )
    assert post.author == "Johanna Ek"  # the display name, not the login "johanna"
    assert post.labels == ["Mediesamarbete", "Östersund"]
    assert post.text == (
        "Från den 1 oktober har biblioteken i Östersund, Krokom och Åre en gemensam katalog."
        "\n\nSamarbetet har letts av Johanna Ek på Region Jämtland Härjedalen."
    )
    assert [(c.author, c.text) for c in post.comments] == [
        ("Maja Lund", "Äntligen! Vi i Bräcke vill gärna ansluta nästa år.")
    ]
    assert second.author == "Erik Berg"  # first and last name when no display name is set
    assert second.text == (
        "Sommarboken startar i Härjedalens kommun v. 25.\n\n"
        "Alla barn i Sveg och Funäsdalen är välkomna."
    )


# --- generic article HTML --------------------------------------------------------------------


def test_article_page_keeps_the_main_text_only():
    [post] = read("artikel.html")
    assert post.title == "Läsfrämjande i Ystad"
    assert post.date == dt.date(2015, 3, 4)
    assert post.author == "Eva Nyström"
    assert post.url == "https://kulturskane.example.se/nyheter/lasframjande-i-ystad"
    assert post.text.startswith("Ystads bibliotek bjöd in barnbibliotekarier från hela Österlen")
    assert post.text.endswith("bjuds in att delta i arbetet.")
    for boilerplate in ("Kontakta oss", "kakor", "Relaterat", "Om Kultur Skåne"):
        assert boilerplate not in post.text


# --- JSON Lines -----------------------------------------------------------------------------


def test_json_lines():
    first, second = read("inlagg.jsonl")
    assert first.title == "Bibliotekschefsinternat i Mölle 18-19/9"
    assert first.date == dt.date(2014, 10, 8)
    assert first.url == BLOG + "bibliotekschefsinternat-i-molle.html"
    assert first.author == "Karin Åberg"
    assert first.labels == ["bibliotekschefer", "samarbete"]
    assert first.text == (
        "I mitten av september träffades cirka 20 skånska bibliotekschefer i Mölle.\n\n"
        "Hemmakommunen Höganäs representerades av bibliotekschefen Terese Blandford."
    )
    # a Swedish date, labels as one string and the text as HTML are read too
    assert second.date == dt.date(2015, 3, 3)
    assert second.labels == ["meröppet", "Lomma"]
    assert second.url is None
    assert second.text == (
        "Lomma bibliotek har öppnat för meröppet.\n\nBiblioteket i Bjärred följer efter i höst."
    )
    assert [(c.author, c.text) for c in second.comments] == [("Anna Svensson", "Grattis Lomma!")]


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_with_front_matter():
    [post] = read("2015-03-02-natverkstraff-i-lund.md")
    assert post.title == "Nätverksträff i Lund"
    assert post.date == dt.date(2015, 3, 2)  # from the Jekyll file name
    assert post.author == "Sofia Bergström"
    assert post.labels == ["nätverk", "Lund", "Eslöv"]
    assert (
        post.url
        == "https://biblioteksutveckling-skane.blogspot.com/2015/03/natverkstraff-i-lund.html"
    )
    assert post.text == (
        "Bibliotekarier från Lund och Eslöv träffades på Stadsbiblioteket i Lund för att planera "
        "sommarens läsfrämjande.\n\nNästa träff blir i Eslöv den 14/4.\n\n"
        "Anmälan till Sofia Bergström."
    )


def test_markdown_without_front_matter_takes_its_heading_as_title():
    [post] = read("studiebesok.md")
    assert post.title == "Studiebesök i Helsingborg"
    assert post.date is None
    assert post.author is None
    assert post.text == (
        "Biblioteken i Åstorp och Bjuv gjorde ett studiebesök på Dunkers kulturhus i Helsingborg."
    )


def test_markdown_front_matter_date_in_swedish():
    text = "---\ntitle: Möte i Skurup\ndate: 12 maj 2016\n---\nBiblioteket i Skurup bjöd in.\n"
    [post] = read_bytes(text.encode(), "mote.md")
    assert post.date == dt.date(2016, 5, 12)


# --- folders, stdin and the whole ------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "sida_files").mkdir()
    shutil.copy(FIXTURES / "studiebesok.md", tmp_path / "b" / "studiebesok.md")
    shutil.copy(FIXTURES / "inlagg.jsonl", tmp_path / "a.jsonl")
    (tmp_path / "b" / "sida_files" / "script.js").write_text("var x = 1;")
    (tmp_path / "b" / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    titles = [item.title for item in read_paths([tmp_path])]
    assert titles == [
        "Bibliotekschefsinternat i Mölle 18-19/9",
        "Meröppet i Lomma",
        "Studiebesök i Helsingborg",
    ]


def test_dash_reads_standard_input(monkeypatch):
    data = (FIXTURES / "blogger-arkiv-kopia.txt").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    posts = list(read_paths(["-"]))
    assert [p.source for p in posts] == ["-", "-", "-"]
    assert posts[2].title == "Regionalt mediesamarbete växer"


def test_a_missing_file_is_one_error_and_the_rest_are_read(tmp_path):
    items = list(read_paths([tmp_path / "finns-inte.txt", FIXTURES / "studiebesok.md"]))
    assert str(items[0]) == f"{tmp_path / 'finns-inte.txt'}: the file does not exist"
    assert isinstance(items[1], Post)


def test_reading_twice_gives_the_same_posts():
    assert list(read_paths([FIXTURES])) == list(read_paths([FIXTURES]))


@pytest.mark.parametrize(
    ("text", "name", "fmt"),
    [
        ("onsdag 8 oktober 2014\n\nRubrik\n\nText.", "", "text"),
        ('{"title": "x", "text": "y"}\n', "", "jsonl"),
        ("---\ntitle: x\n---\ny", "", "markdown"),
        ("Rubrik\n\nText", "inlagg.md", "markdown"),
        ("<?xml version='1.0'?><rss version='2.0'><channel/></rss>", "", "feed"),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "", "article-html"),
        ("<html><div class='post-body'>x</div></html>", "", "blogger-html"),
    ],
)
def test_detect_format(text, name, fmt):
    assert detect_format(text, name) == fmt


@pytest.mark.parametrize(
    "url",
    [
        MEROPPET_URL,
        "http://biblioteksutveckling-skane.blogspot.com/2014/10/meroppet-i-sjobo-och-tomelilla.html",
        "https://biblioteksutveckling-skane.blogspot.se/2014/10/meroppet-i-sjobo-och-tomelilla.html",
        MEROPPET_URL + "?m=1",
        MEROPPET_URL + "?showComment=1413360720000#c111",
        "HTTPS://Biblioteksutveckling-Skane.blogspot.com/2014/10/meroppet-i-sjobo-och-tomelilla.html",
    ],
)
def test_spellings_of_a_blogger_address_are_one_address(url):
    line = json.dumps({"title": "Meröppet i Sjöbo och Tomelilla", "url": url, "text": "x"})
    [post] = read_bytes(line.encode(), "a.jsonl")
    assert post.url == MEROPPET_URL


def test_an_address_that_is_no_web_address_is_dropped():
    line = json.dumps({"title": "Möte", "url": "tag:blogger.com,1999:blog-1.post-2", "text": "x"})
    assert read_bytes(line.encode(), "a.jsonl")[0].url is None
