"""Bad and hostile files: each gets one plain-words ReadError, and the other files are read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.model import Post
from graph.read import ReadError, read_paths
from graph.read.base import MAX_FILE_BYTES, MAX_LINE_CHARS

FIXTURES = Path(__file__).parent / "fixtures" / "read"
HOSTILE = FIXTURES / "hostile"

REFUSED = {
    "xxe-flode.xml": "the XML refers to an outside file or address, which is never read; refused",
    "xxe-blogger-export.xml": (
        "the XML refers to an outside file or address, which is never read; refused"
    ),
    "xxe-wordpress.xml": (
        "the XML refers to an outside file or address, which is never read; refused"
    ),
    "miljard-skratt.xml": "the XML declares its own entities, which can hide an attack; refused",
    "xxe-sida.html": ("the web page declares its own entities, which can hide an attack; refused"),
    "avbruten-export.xml": "the XML is broken or cut off (it ends too early, line 1)",
    "bild.txt": ("this is not a text file (it looks like a picture, program or other binary file)"),
    "tom.txt": "the file is empty",
    "trasig.jsonl": "line 2 is not valid JSON (it breaks at character 57)",
    "alias-bomb.md": (
        "the front matter at the top of the Markdown file is broken (it uses YAML aliases)"
    ),
}


def only_error(path: Path) -> ReadError:
    items = list(read_paths([path]))
    assert len(items) == 1, items
    assert isinstance(items[0], ReadError), items
    return items[0]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_file_gets_one_error_naming_file_and_reason(name):
    error = only_error(HOSTILE / name)
    assert error.source == str(HOSTILE / name)
    assert error.reason == REFUSED[name]
    assert str(error) == f"{HOSTILE / name}: {REFUSED[name]}"
    assert "\n" not in str(error)


def test_nothing_from_etc_passwd_ever_reaches_a_post():
    for name in ("xxe-flode.xml", "xxe-wordpress.xml", "xxe-sida.html"):
        for item in read_paths([HOSTILE / name]):
            assert isinstance(item, ReadError)
            assert "root:" not in str(item)


def test_external_dtd_is_not_fetched_and_the_feed_is_read(tmp_path):
    feed = tmp_path / "dtd.xml"
    feed.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "file:///etc/passwd">\n'
        '<rss version="2.0"><channel><title>Nytt</title><item><title>Möte i Lund</title>'
        "<link>https://example.se/mote</link><description>Bibliotekarier från Lund.</description>"
        "</item></channel></rss>"
    )
    [post] = read_paths([feed])
    assert isinstance(post, Post)
    assert post.text == "Bibliotekarier från Lund."


def test_a_gigantic_line_is_refused(tmp_path):
    file = tmp_path / "jattelinje.txt"
    file.write_text("onsdag 8 oktober 2014\n\nRubrik\n\n" + "bibliotek " * (MAX_LINE_CHARS // 9))
    assert only_error(file).reason == "the file has a line longer than 1 MB, which no blog post has"


def test_a_long_line_in_an_export_is_allowed_because_blogger_writes_one_line(tmp_path):
    kind = "http://schemas.google.com/blogger/2008/kind#post"
    body = "Biblioteken i Skåne samarbetar. " * (MAX_LINE_CHARS // 30)
    export = tmp_path / "blog.xml"
    export.write_text(
        "<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<entry><id>tag:blogger.com,1999:blog-1.post-1</id><published>2014-10-08T10:00:00Z"
        f"</published><category scheme='http://schemas.google.com/g/2005#kind' term='{kind}'/>"
        f"<title type='text'>Samarbete</title><content type='html'>{body}</content></entry></feed>"
    )
    assert "\n" not in export.read_text()
    [post] = read_paths([export])
    assert isinstance(post, Post)
    assert len(post.text) > MAX_LINE_CHARS


def test_a_file_over_50_mb_is_refused_without_reading_it(tmp_path):
    file = tmp_path / "stor.txt"
    with file.open("wb") as handle:  # a sparse file: nothing is written, nothing is read
        handle.truncate(MAX_FILE_BYTES + 1)
    assert only_error(file).reason == "the file is larger than 50 MB; split it into smaller files"


def test_whitespace_only_file_is_empty(tmp_path):
    file = tmp_path / "blank.txt"
    file.write_text("  \n\n\t\n")
    assert only_error(file).reason == "the file is empty"


def test_utf16_without_bom_is_binary_to_us(tmp_path):
    file = tmp_path / "utf16.txt"
    file.write_bytes("Möte i Lund".encode("utf-16-le"))
    assert "not a text file" in only_error(file).reason


def test_a_reader_bug_becomes_a_plain_error_not_a_traceback(tmp_path, monkeypatch):
    def broken(text: str, source: str) -> list[Post]:
        raise RuntimeError("bug")

    monkeypatch.setattr("graph.read.text.read", broken)
    file = tmp_path / "kopia.txt"
    file.write_text("onsdag 8 oktober 2014\n\nRubrik\n\nText.")
    assert only_error(file).reason == "the file could not be read (RuntimeError)"


def test_hostile_files_do_not_stop_the_good_ones(tmp_path):
    shutil.copytree(HOSTILE, tmp_path / "blandat")
    shutil.copy(FIXTURES / "blogger-arkiv-kopia.txt", tmp_path / "blandat" / "arkiv.txt")
    shutil.copy(FIXTURES / "wordpress-export.xml", tmp_path / "blandat" / "wp.xml")
    items = list(read_paths([tmp_path / "blandat"]))
    posts = [item for item in items if isinstance(item, Post)]
    errors = [item for item in items if isinstance(item, ReadError)]
    assert len(posts) == 5
    assert sorted(Path(e.source).name for e in errors) == sorted(REFUSED)
