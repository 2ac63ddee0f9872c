"""RSS 2.0 and Atom feeds, read with feedparser after the XML has been checked as safe.

feedparser is lenient with the small faults real feeds have (an ``&nbsp;`` that XML does not
know), so only entity declarations and cut-off files are refused before it sees the text.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import feedparser

from graph.model import Post
from graph.read.base import Unreadable, canonical_url, local_date, parse_datetime
from graph.read.markup import html_to_text, parse_xml

FORMAT = "feed"

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def read(text: str, source: str) -> list[Post]:
    """Return the feed's items as posts, in feed order."""
    _check_safe(text)
    # The text is already decoded: declare it UTF-8 and hand feedparser a stream, so it can
    # neither misread the encoding nor take the text for a file name or an address to fetch.
    data = '<?xml version="1.0" encoding="utf-8"?>' + _XML_DECLARATION.sub("", text, count=1)
    parsed = feedparser.parse(
        io.BytesIO(data.encode("utf-8")), resolve_relative_uris=False, sanitize_html=True
    )
    return [_post(entry, source) for entry in parsed.entries]


def _check_safe(text: str) -> None:
    """Refuse entity declarations and broken XML; tolerate undefined HTML entities only."""
    try:
        parse_xml(text)
    except Unreadable as err:
        if err.key == "xml_broken" and "undefined entity" in err.reason:
            return
        raise


def _post(entry: feedparser.FeedParserDict, source: str) -> Post:
    published = _datetime(entry.get("published"), entry.get("published_parsed"))
    updated = _datetime(_own(entry, "updated"), _own(entry, "updated_parsed"))
    when = published or updated
    day = local_date(when) if when else None
    return Post(
        title=" ".join(entry.get("title", "").split()),
        text=html_to_text(_body(entry)),
        date=day,
        url=_url(entry.get("link")),
        author=_author(entry),
        labels=[tag.get("term", "").strip() for tag in entry.get("tags", []) if tag.get("term")],
        published=published,
        updated=updated,
        source=source,
        format=FORMAT,
    )


def _own(entry: feedparser.FeedParserDict, key: str) -> object:
    """Return a key the item really has: feedparser would answer "updated" with "published"."""
    return dict.get(entry, key)


def _author(entry: feedparser.FeedParserDict) -> str | None:
    """Return the author's name; RSS writes "address (Name)", feedparser splits it."""
    detail = entry.get("author_detail") or {}
    name = detail.get("name") or entry.get("author") or ""
    return " ".join(name.split()) or None


def _url(link: str | None) -> str | None:
    """Return the item's web address; an Atom id like ``tag:...`` is no address."""
    return canonical_url(link)


def _body(entry: feedparser.FeedParserDict) -> str:
    contents = entry.get("content") or []
    if contents:
        return max((c.get("value", "") for c in contents), key=len)
    return entry.get("summary", "")


def _datetime(raw: str | None, parsed: object) -> dt.datetime | None:
    """Return the time as written, with its own offset, falling back to feedparser's UTC."""
    written = parse_datetime(raw)
    if written is not None:
        return written
    if parsed:
        return dt.datetime(*parsed[:6], tzinfo=dt.UTC)
    return None
