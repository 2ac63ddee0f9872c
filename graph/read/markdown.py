"""Markdown files, with or without YAML front matter (the Jekyll / Hugo / Obsidian form).

The front matter gives ``title``, ``date``, ``author``, ``url`` and ``labels`` (or
``tags`` / ``categories``); without a title the first ``# heading`` is the title, and without
a date the ``2014-10-08-`` at the start of a Jekyll file name is.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from graph.dates import parse_post_date
from graph.model import Post
from graph.read.base import Unreadable, canonical_url, local_date, parse_datetime
from graph.read.markup import html_to_text

FORMAT = "markdown"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"\A\s*#\s+(?P<title>.+?)\s*#*\s*(?:\n|\Z)")
_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")


def read(text: str, source: str) -> list[Post]:
    """Return the file as one post; raises ``Unreadable`` if the front matter is broken."""
    text = text.lstrip("\ufeff")
    meta, body = _front_matter(text)
    title = _str(meta.get("title"))
    if not title and (heading := _HEADING.match(body)):
        title, body = heading["title"], body[heading.end() :]
    published = _when(meta.get("date"))
    day = _day(meta.get("date")) or _file_date(source)
    html = MarkdownIt("commonmark").render(body)
    post = Post(
        title=" ".join(title.split()),
        text=html_to_text(html),
        date=day,
        url=canonical_url(_str(meta.get("url") or meta.get("link"))),
        author=_str(meta.get("author")) or None,
        labels=_labels(meta.get("labels") or meta.get("tags") or meta.get("categories")),
        published=published,
        updated=_when(meta.get("updated") or meta.get("lastmod")),
        source=source,
        format=FORMAT,
    )
    return [post] if post.text or post.title else []


def _front_matter(text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    source = match["yaml"]
    try:
        # YAML aliases can multiply one value a billion times: refused outright.
        if any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(source, Loader=yaml.SafeLoader)):
            raise Unreadable("front_matter", detail="it uses YAML aliases")
        meta = yaml.safe_load(source)
    except yaml.YAMLError as err:
        raise Unreadable("front_matter", detail=_yaml_problem(err)) from err
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise Unreadable("front_matter", detail="it is not a list of keys and values")
    return meta, text[match.end() :]


def _yaml_problem(err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or "not valid YAML"
    return f"{problem}, line {mark.line + 2}" if mark else problem


def _when(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value.strip()) > 10:
        return parse_datetime(value)
    return None


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return local_date(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        when = parse_datetime(value)
        return local_date(when) if when else parse_post_date(value)
    return None


def _file_date(source: str) -> dt.date | None:
    match = _FILE_DATE.match(Path(source).name)
    try:
        return dt.date.fromisoformat(match[1]) if match else None
    except ValueError:
        return None


def _labels(value: object) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [" ".join(str(v).split()) for v in value if isinstance(v, str | int) and str(v).strip()]


def _str(value: object) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int | float) else ""
