"""Saved Blogger pages: a single post page or an archive page with many posts.

Each post sits in an element of class ``post`` holding ``h3.post-title`` (with the post's
link), ``div.post-body`` and a footer with the author, the time and the labels. The date is
the ``h2.date-header`` before it, which Blogger prints once for all posts of a day; newer
themes give the time instead, in ``time.published`` or ``abbr.published``.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from graph.dates import parse_post_date
from graph.model import Comment, Post
from graph.read.base import BLOG_TIMEZONE, canonical_url, local_date, parse_datetime
from graph.read.markup import element_text, has_class, parse_html

FORMAT = "blogger-html"

_CONTAINER = (
    f"ancestor::*[{has_class('post')} or {has_class('post-outer')} or {has_class('hentry')}][1]"
)
_TITLE = f".//*[{has_class('post-title')} or {has_class('entry-title')}]"
_PUBLISHED = (
    f".//abbr[{has_class('published')}]/@title | .//time[{has_class('published')}]/@datetime"
    " | .//*[@itemprop='datePublished']/@title | .//*[@itemprop='datePublished']/@content"
    " | .//*[@itemprop='datePublished']/@datetime"
)
_UPDATED = (
    f".//abbr[{has_class('updated')}]/@title | .//time[{has_class('updated')}]/@datetime"
    " | .//*[@itemprop='dateModified']/@content"
)
_AUTHOR = (
    f".//*[{has_class('post-author')}]//*[@itemprop='name'] | "
    f".//*[{has_class('post-author')}]//*[{has_class('fn')}] | "
    f".//*[{has_class('post-author')}]"
)
_AUTHOR_LEAD = ("Upplagd av", "Postat av", "Publicerad av", "Posted by", "av", "by")


def read(text: str, source: str) -> list[Post]:
    """Return the posts on a saved Blogger page, in page order, with comments on a post page."""
    root = parse_html(text)
    if root is None:
        return []
    bodies = root.xpath(f"//*[{has_class('post-body')}]")
    posts = [_post(body, source) for body in bodies]
    if len(posts) == 1:
        posts[0].comments = _comments(root)
    return [post for post in posts if post.text or post.title]


def _post(body: etree._Element, source: str) -> Post:
    container = next(iter(body.xpath(_CONTAINER)), body.getparent())
    title_el = next(iter(container.xpath(_TITLE)), None)
    title = _text(title_el)
    published = parse_datetime(_first(container.xpath(_PUBLISHED)))
    day = local_date(published) if published else _date_header(body)
    return Post(
        title=title,
        text=element_text(body),
        date=day,
        url=canonical_url(_url(container, title_el)),
        author=_author(container),
        labels=_labels(container),
        published=published,
        updated=parse_datetime(_first(container.xpath(_UPDATED))),
        source=source,
        format=FORMAT,
    )


def _date_header(body: etree._Element) -> dt.date | None:
    header = body.xpath(f"preceding::*[{has_class('date-header')}][1]")
    return parse_post_date(_text(header[0])) if header else None


def _url(container: etree._Element, title_el: etree._Element | None) -> str | None:
    candidates = []
    if title_el is not None:
        candidates += title_el.xpath(".//a/@href")
    candidates += container.xpath(f".//a[{has_class('timestamp-link')}]/@href")
    candidates += container.xpath(".//*[@itemprop='url']/@content")
    return next((str(url) for url in candidates if str(url).startswith("http")), None)


def _author(container: etree._Element) -> str | None:
    for element in container.xpath(_AUTHOR):
        name = _text(element)
        for lead in _AUTHOR_LEAD:
            if name.startswith(lead + " "):
                name = name[len(lead) :].strip()
        name = name.split(" kl.")[0].split(" at ")[0].strip()
        if name:
            return name
    return None


def _labels(container: etree._Element) -> list[str]:
    links = container.xpath(f".//*[{has_class('post-labels')}]//a")
    labels = [_text(link) for link in links]
    return list(dict.fromkeys(label for label in labels if label))


def _comments(root: etree._Element) -> list[Comment]:
    """Return the comments on a post page, in both the classic and the newer layouts."""
    comments = [c for c in _classic_comments(root) if c.text]
    return comments or [c for c in _threaded_comments(root) if c.text]


def _classic_comments(root: etree._Element) -> list[Comment]:
    comments = []
    for author_el in root.xpath(f"//dl[@id='comments-block']/dt[{has_class('comment-author')}]"):
        body = author_el.xpath(f"following-sibling::dd[{has_class('comment-body')}][1]")
        stamp = author_el.xpath(f"following-sibling::dd[{has_class('comment-footer')}][1]")
        author = _text(author_el).removesuffix("sa...").removesuffix("said...").strip()
        comments.append(
            Comment(
                text=element_text(body[0]) if body else "",
                author=author or None,
                published=_comment_time(_text(stamp[0]) if stamp else ""),
            )
        )
    return comments


def _threaded_comments(root: etree._Element) -> list[Comment]:
    comments = []
    for block in root.xpath(f"//*[{has_class('comment-block')}]"):
        author = _text(next(iter(block.xpath(f".//*[{has_class('user')}]")), None))
        content = block.xpath(f".//*[{has_class('comment-content')}]")
        stamp = _text(next(iter(block.xpath(f".//*[{has_class('datetime')}]")), None))
        comments.append(
            Comment(
                text=element_text(content[0]) if content else "",
                author=author or None,
                published=_comment_time(stamp),
            )
        )
    return comments


def _comment_time(stamp: str) -> dt.datetime | None:
    """Return the time of a comment stamp like "1 december 2014 08:12", else None."""
    parts = stamp.replace(" kl.", "").split()
    if len(parts) < 4:
        return None
    day = parse_post_date(" ".join(parts[:3]))
    try:
        hour, minute = (int(x) for x in parts[3].replace(".", ":").split(":")[:2])
        return dt.datetime.combine(day, dt.time(hour, minute), BLOG_TIMEZONE) if day else None
    except ValueError:
        return None


def _first(values: list) -> str | None:
    return str(values[0]) if values else None


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())
