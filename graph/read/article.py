"""Any other saved web page: the article's main text, without menus, footers and adverts.

trafilatura finds the main text and the page's metadata (title, author, date, address); a
Blogger page is read by ``blogger_html`` instead, which knows where each post starts.
"""

from __future__ import annotations

import datetime as dt

import trafilatura

from graph.model import Post
from graph.read.base import canonical_url, local_date, parse_datetime
from graph.read.markup import join_paragraphs, parse_html

FORMAT = "article-html"

_PUBLISHED = (
    "//meta[@property='article:published_time']/@content"
    " | //meta[@itemprop='datePublished']/@content | //time[@itemprop='datePublished']/@datetime"
)
_MODIFIED = "//meta[@property='article:modified_time']/@content"


def read(text: str, source: str) -> list[Post]:
    """Return the page's article as one post, or nothing when the page has no main text."""
    doc = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False
    )
    if doc is None or not (doc.text or "").strip():
        return []
    title = " ".join((doc.title or "").split())
    published, updated = _times(text)
    return [
        Post(
            title=title,
            text=_body(doc.text, title),
            date=_date(doc.date, published),
            url=canonical_url(doc.url),
            author=doc.author or None,
            labels=[*(doc.categories or []), *(doc.tags or [])],
            published=published,
            updated=updated,
            source=source,
            format=FORMAT,
        )
    ]


def _body(text: str, title: str) -> str:
    lines = text.split("\n")
    if lines and title and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # trafilatura repeats the heading as the first line
    return join_paragraphs(lines)


def _times(text: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    root = parse_html(text)
    if root is None:
        return None, None
    published = next(iter(root.xpath(_PUBLISHED)), None)
    updated = next(iter(root.xpath(_MODIFIED)), None)
    return parse_datetime(published and str(published)), parse_datetime(updated and str(updated))


def _date(found: str | None, published: dt.datetime | None) -> dt.date | None:
    if published is not None:
        return local_date(published)
    try:
        return dt.date.fromisoformat(found) if found else None
    except ValueError:
        return None
