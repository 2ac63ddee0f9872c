"""A Blogger backup export (Settings > Back up content): one Atom file with the whole blog.

The export mixes the template, the settings, pages, posts and comments as entries. Only the
published posts become posts; each comment is attached to its post with its author. Both
the classic export (``category`` term ``.../kind#post``, comments linked by
``thr:in-reply-to``) and the newer one (``blogger:type`` POST, ``blogger:parent``) are read.
"""

from __future__ import annotations

import datetime as dt
from xml.etree.ElementTree import Element

from graph.model import Comment, Post
from graph.read.base import canonical_url, local_date, parse_datetime
from graph.read.markup import html_to_text, parse_xml

FORMAT = "blogger-export"

ATOM = "{http://www.w3.org/2005/Atom}"
APP = "{http://purl.org/atom/app#}"
THR = "{http://purl.org/syndication/thread/1.0}"
BLOGGER = "{http://schemas.google.com/blogger/2018}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND = "http://schemas.google.com/blogger/2008/kind#"


def read(text: str, source: str) -> list[Post]:
    """Return the export's published posts in file order, each with its comments."""
    root = parse_xml(text)
    posts: dict[str, Post] = {}
    comments: list[tuple[str, Comment]] = []
    for entry in root.iter(f"{ATOM}entry"):
        kind = _kind(entry)
        if kind == "post" and not _draft(entry):
            posts[_text(entry, f"{ATOM}id")] = _post(entry, source)
        elif kind == "comment":
            comments.append((_parent(entry), _comment(entry)))
    for parent, comment in comments:
        if parent in posts and comment.text:
            posts[parent].comments.append(comment)
    for post in posts.values():
        post.comments.sort(key=lambda c: c.published or dt.datetime.min.replace(tzinfo=dt.UTC))
    return list(posts.values())


def _kind(entry: Element) -> str:
    """Return what an entry is: post, comment, page, settings, template (lower case)."""
    for category in entry.findall(f"{ATOM}category"):
        term = category.get("term", "")
        if category.get("scheme") == KIND_SCHEME and term.startswith(KIND):
            return term.removeprefix(KIND)
    return (_text(entry, f"{BLOGGER}type") or "").lower()


def _draft(entry: Element) -> bool:
    if (_text(entry, f"{APP}control/{APP}draft") or "").lower() == "yes":
        return True
    status = _text(entry, f"{BLOGGER}status")
    trashed = _text(entry, f"{BLOGGER}trashed")
    return bool(trashed) or (bool(status) and status.upper() != "LIVE")


def _parent(entry: Element) -> str:
    reply = entry.find(f"{THR}in-reply-to")
    if reply is not None:
        return reply.get("ref", "")
    return _text(entry, f"{BLOGGER}parent")


def _post(entry: Element, source: str) -> Post:
    published = parse_datetime(_text(entry, f"{ATOM}published"))
    return Post(
        title=" ".join(_text(entry, f"{ATOM}title").split()),
        text=html_to_text(_text(entry, f"{ATOM}content")),
        date=local_date(published) if published else None,
        url=canonical_url(_url(entry)),
        author=_author(entry),
        labels=[
            c.get("term", "").strip()
            for c in entry.findall(f"{ATOM}category")
            if c.get("scheme") != KIND_SCHEME and c.get("term", "").strip()
        ],
        published=published,
        updated=parse_datetime(_text(entry, f"{ATOM}updated")),
        source=source,
        format=FORMAT,
    )


def _comment(entry: Element) -> Comment:
    return Comment(
        text=html_to_text(_text(entry, f"{ATOM}content")),
        author=_author(entry),
        published=parse_datetime(_text(entry, f"{ATOM}published")),
    )


def _url(entry: Element) -> str | None:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel") == "alternate" and link.get("href", "").startswith("http"):
            return link.get("href")
    return None


def _author(entry: Element) -> str | None:
    name = " ".join(_text(entry, f"{ATOM}author/{ATOM}name").split())
    return name if name and name.lower() not in {"unknown", "anonymous", "anonym"} else None


def _text(entry: Element, path: str) -> str:
    found = entry.find(path)
    return (found.text or "").strip() if found is not None else ""
