"""JSON Lines: one post per line, an object with ``title``, ``date``, ``url``, ``text``,
``author`` and ``labels`` (optionally ``published``, ``updated`` and ``comments``).

This is the form a scraper or a spreadsheet export is easiest to turn into. A single broken
line refuses the whole file, naming the line, so a half-read file never looks complete.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from graph.dates import parse_post_date
from graph.model import Comment, Post
from graph.read.base import Unreadable, canonical_url, local_date, parse_datetime
from graph.read.markup import html_to_text, join_paragraphs

FORMAT = "jsonl"


def read(text: str, source: str) -> list[Post]:
    """Return one post per non-empty line; raises ``Unreadable`` naming a bad line."""
    posts = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as err:
            raise Unreadable("json_broken", line=number, column=err.colno) from err
        if not isinstance(record, dict) or not (_str(record, "title") or _str(record, "text")):
            raise Unreadable("json_not_object", line=number)
        posts.append(_post(record, source))
    return posts


def _post(record: dict[str, Any], source: str) -> Post:
    published = parse_datetime(_str(record, "published"))
    day = _date(_str(record, "date"))
    if day is None and published is not None:
        day = local_date(published)
    return Post(
        title=" ".join(_str(record, "title").split()),
        text=_text(_str(record, "text")),
        date=day,
        url=canonical_url(_str(record, "url")),
        author=" ".join(_str(record, "author").split()) or None,
        labels=_labels(record.get("labels", record.get("tags"))),
        published=published,
        updated=parse_datetime(_str(record, "updated")),
        comments=_comments(record.get("comments")),
        source=source,
        format=FORMAT,
    )


def _date(value: str) -> dt.date | None:
    """Return the post date written as ISO (with or without a time) or in Swedish."""
    if not value:
        return None
    when = parse_datetime(value)
    if when is not None:
        return local_date(when)
    return parse_post_date(value)


def _text(value: str) -> str:
    if "<" in value and ">" in value:
        return html_to_text(value)
    return join_paragraphs(value.split("\n"))


def _labels(value: object) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [" ".join(item.split()) for item in value if isinstance(item, str) and item.strip()]


def _comments(value: object) -> list[Comment]:
    if not isinstance(value, list):
        return []
    comments = []
    for item in value:
        if isinstance(item, dict) and _str(item, "text"):
            comments.append(
                Comment(
                    text=_text(_str(item, "text")),
                    author=_str(item, "author") or None,
                    published=parse_datetime(_str(item, "published")),
                )
            )
    return comments


def _str(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) else ""
