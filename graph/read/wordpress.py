"""A WordPress export (WXR: Tools > Export), an RSS file with the whole blog in ``wp:`` tags.

Only published posts are read (``wp:post_type`` post, ``wp:status`` publish): pages,
attachments, menu items and drafts are not posts. Approved comments stay with their post.
"""

from __future__ import annotations

import datetime as dt
from xml.etree.ElementTree import Element

from graph.model import Comment, Post
from graph.read.base import BLOG_TIMEZONE, canonical_url, local_date, parse_datetime
from graph.read.markup import html_to_text, parse_xml

FORMAT = "wordpress"

WP_PREFIX = "{http://wordpress.org/export/"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
NO_DATE = "0000-00-00 00:00:00"


def read(text: str, source: str) -> list[Post]:
    """Return the export's published posts in file order, each with its approved comments."""
    root = parse_xml(text)
    channel = root.find("channel")
    if channel is None:
        return []
    authors = _authors(channel)
    posts = []
    for item in channel.findall("item"):
        if _wp(item, "post_type") == "post" and _wp(item, "status") == "publish":
            posts.append(_post(item, authors, source))
    return posts


def _wp(element: Element, name: str) -> str:
    """Return the text of a ``wp:`` child, whatever WXR version (1.0, 1.1, 1.2) wrote it."""
    for child in element:
        if child.tag.startswith(WP_PREFIX) and child.tag.endswith("}" + name):
            return (child.text or "").strip()
    return ""


def _wp_all(element: Element, name: str) -> list[Element]:
    return [c for c in element if c.tag.startswith(WP_PREFIX) and c.tag.endswith("}" + name)]


def _authors(channel: Element) -> dict[str, str]:
    """Return login -> the name the author shows to readers."""
    names = {}
    for author in _wp_all(channel, "author"):
        full = f"{_wp(author, 'author_first_name')} {_wp(author, 'author_last_name')}".strip()
        names[_wp(author, "author_login")] = _wp(author, "author_display_name") or full
    return names


def _post(item: Element, authors: dict[str, str], source: str) -> Post:
    published = _when(_wp(item, "post_date_gmt"), _wp(item, "post_date")) or parse_datetime(
        _child(item, "pubDate")
    )
    login = _child(item, CREATOR)
    return Post(
        title=" ".join(_child(item, "title").split()),
        text=html_to_text(_autop(_child(item, CONTENT))),
        date=local_date(published) if published else None,
        url=canonical_url(_child(item, "link")),
        author=authors.get(login) or login or None,
        labels=[
            " ".join((c.text or "").split())
            for c in item.findall("category")
            if c.get("domain") in {"category", "post_tag"} and (c.text or "").strip()
        ],
        published=published,
        updated=_when(_wp(item, "post_modified_gmt"), _wp(item, "post_modified")),
        comments=_comments(item),
        source=source,
        format=FORMAT,
    )


def _comments(item: Element) -> list[Comment]:
    comments = []
    for element in _wp_all(item, "comment"):
        if _wp(element, "comment_approved") != "1" or _wp(element, "comment_type") not in {
            "",
            "comment",
        }:
            continue
        text = html_to_text(_autop(_wp(element, "comment_content")))
        if text:
            comments.append(
                Comment(
                    text=text,
                    author=_wp(element, "comment_author") or None,
                    published=_when(_wp(element, "comment_date_gmt"), _wp(element, "comment_date")),
                )
            )
    return comments


def _when(gmt: str, local: str) -> dt.datetime | None:
    """Return the time from the GMT stamp, else from the blog's local stamp (Swedish time)."""
    if gmt and gmt != NO_DATE:
        when = parse_datetime(gmt)
        if when is not None:
            return when.replace(tzinfo=dt.UTC)
    if local and local != NO_DATE:
        when = parse_datetime(local)
        if when is not None:
            return when.replace(tzinfo=BLOG_TIMEZONE)
    return None


def _autop(html: str) -> str:
    """Mark WordPress's line breaks: it stores paragraphs as blank lines, not ``<p>`` tags."""
    return html.replace("\r\n", "\n").replace("\n", "<br>\n")


def _child(element: Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""
