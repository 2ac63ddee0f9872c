"""Read blog posts from files, whatever form the blogger saved them in.

``read_paths`` takes files and folders (and ``-`` for standard input), recognises each file's
format by its content, and yields its posts, or one ``ReadError`` saying in plain words why
the file was refused; a bad file never stops the others.

    for item in read_paths(["data/posts"]):
        if isinstance(item, ReadError):
            ...  # show str(item): "FILE: reason"
        else:
            ...  # a graph.model.Post
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graph.model import Post
from graph.read.base import MAX_FILE_BYTES, REASONS, ReadError, Unreadable, check_lines, decode

__all__ = ["FORMATS", "ReadError", "detect_format", "read_bytes", "read_paths"]

# Format name -> the module under graph.read whose ``read(text, source)`` reads it.
FORMATS = {
    "text": "text",
    "blogger-html": "blogger_html",
    "blogger-export": "blogger_export",
    "feed": "feed",
    "wordpress": "wordpress",
    "article-html": "article",
    "jsonl": "jsonl",
    "markdown": "markdown",
}
# Formats whose files may legitimately be one long line (XML exports and feeds).
_XML_FORMATS = {"blogger-export", "feed", "wordpress"}
_HTML_FORMATS = {"blogger-html", "article-html"}

# In a folder, only files that can hold posts are read: a saved page's pictures and scripts
# are not errors. A file named on the command line is always read.
FOLDER_SUFFIXES = {
    "",
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xhtml",
    ".xml",
    ".atom",
    ".rss",
    ".jsonl",
    ".ndjson",
    ".json",
}

BLOGGER_EXPORT_MARKS = ("schemas.google.com/blogger/2008/kind#", "schemas.google.com/blogger/2018")
WORDPRESS_EXPORT = "wordpress.org/export/"
_XML_START = re.compile(r"<(?:\?xml|feed|rss|rdf:RDF|!DOCTYPE\s+(?:feed|rss|rdf))", re.IGNORECASE)
_HTML_START = re.compile(r"<(?:!DOCTYPE\s+html|html|head|body|meta|div|article)", re.IGNORECASE)
_ENTITY_DECLARATION = re.compile(r"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.IGNORECASE)
_BLOGGER_HTML = re.compile(r"class=['\"][^'\"]*\b(?:post-body|date-header)\b")


def read_paths(paths: Iterable[str | Path]) -> Iterator[Post | ReadError]:
    """Yield every post in the given files and folders, or a ReadError per refused file.

    Folders are read recursively in sorted order; ``-`` reads standard input. Each file
    yields all its posts or exactly one ReadError, never an exception.
    """
    for path in paths:
        if str(path) == "-":
            yield from _read_source("-", _stdin_bytes)
        else:
            for file in _files(Path(path)):
                yield from _read_source(str(file), file.read_bytes, file)


def read_bytes(data: bytes, source: str, name: str = "") -> list[Post]:
    """Return the posts in a file's bytes; raises ``Unreadable`` if the file must be refused.

    ``name`` (the file name) only breaks ties the content leaves open, e.g. ``.md``.
    """
    text = decode(data)
    fmt = detect_format(text, name or source)
    if fmt not in _XML_FORMATS:
        check_lines(text)
    if fmt in _HTML_FORMATS and _ENTITY_DECLARATION.search(text[:65536]):
        # lxml leaves such entities unresolved, but a page that declares them is an attack
        raise Unreadable("html_entities")
    reader = importlib.import_module(f"graph.read.{FORMATS[fmt]}")
    posts = reader.read(text, source)
    if not posts:
        raise Unreadable("no_posts")
    return posts


def detect_format(text: str, name: str = "") -> str:
    """Return the format name of a decoded file, judged by its content first.

    The file name's extension only decides where the content could be either (a Markdown
    file without front matter reads like plain text).
    """
    head = text.lstrip("\ufeff \t\n")[:4096]
    suffix = Path(name).suffix.lower()
    if head.startswith("{") and (_json_line(head) or suffix in {".jsonl", ".ndjson", ".json"}):
        return "jsonl"
    if head.startswith("---\n") or suffix in {".md", ".markdown"}:
        return "markdown"
    if head.startswith("<"):
        return _markup_format(text, head)
    return "text"


def _markup_format(text: str, head: str) -> str:
    if _XML_START.match(head) and not _HTML_START.search(head[:300]):
        if any(mark in text for mark in BLOGGER_EXPORT_MARKS):
            return "blogger-export"
        if WORDPRESS_EXPORT in head:
            return "wordpress"
        return "feed"
    if _BLOGGER_HTML.search(text):
        return "blogger-html"
    return "article-html"


def _json_line(head: str) -> bool:
    first = head.split("\n", 1)[0].strip()
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _files(path: Path) -> Iterator[Path]:
    if not path.is_dir():
        yield path
        return
    for file in sorted(path.rglob("*")):
        parts = file.relative_to(path).parts
        hidden = any(p.startswith(".") or p.endswith("_files") for p in parts)
        if file.is_file() and not hidden and file.suffix.lower() in FOLDER_SUFFIXES:
            yield file


def _read_source(
    source: str, load: Callable[[], bytes], file: Path | None = None
) -> Iterator[Post | ReadError]:
    try:
        if file is not None:
            _check_file(file)
        try:
            data = load()
        except OSError as err:
            raise Unreadable("unreadable", detail=err.strerror or "no access") from err
        posts = read_bytes(data, source, file.name if file else "")
    except Unreadable as err:
        yield ReadError(source, err.reason)
        return
    except Exception as err:  # noqa: BLE001 - a reader bug must not stop the other files
        yield ReadError(source, REASONS["internal"].format(detail=type(err).__name__))
        return
    yield from posts


def _check_file(file: Path) -> None:
    try:
        size = file.stat().st_size
    except FileNotFoundError as err:
        raise Unreadable("not_found") from err
    except OSError as err:
        raise Unreadable("unreadable", detail=err.strerror or "no access") from err
    if size > MAX_FILE_BYTES:
        raise Unreadable("too_big")


def _stdin_bytes() -> bytes:
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable("too_big")
    return data
