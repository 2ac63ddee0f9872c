"""Plain-text copies of Blogger pages: a single post or an archive page with many posts.

A copied page is a run of lines: date headers ("onsdag 8 oktober 2014"), titles, body
paragraphs and page furniture (footer, share links, page navigation). Blogger prints a date
header once for all the posts of a day, so a new post also starts at a title that follows the
previous post's footer. The furniture is dropped, except what it says about the post: the
author and time ("Upplagd av NAMN kl. 10:32") and the labels ("Etiketter: a, b").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from graph.dates import parse_post_date
from graph.model import Comment, Post
from graph.read.base import BLOG_TIMEZONE

FORMAT = "text"
MAX_TITLE_CHARS = 150
HEADER_LINES = 30  # at most this many lines of blog header stand before the first date

_AUTHOR = re.compile(
    r"(?:upplagd|upplagt|postad|postat|publicerad|publicerat|skriven|skrivet|inlagd|posted)\s+"
    r"(?:av|by)\s+(?P<name>.+?)"
    r"(?:\s*(?:kl\.?|klockan|at)\s*(?P<time>\d{1,2}[:.]\d{2})(?:\s*(?P<ampm>[AP]M))?)?"
    r"(?=\s*(?:inga kommentarer|no comments|\d+\s+(?:kommentar|comment)|skicka med|email this"
    r"|etiketter|labels|$))",
    re.IGNORECASE,
)
_COMMENT_COUNT = re.compile(
    r"(?P<n>inga|no|\d+)\s+(?:kommentarer|kommentar|comments|comment)\s*:?", re.IGNORECASE
)
_SHARE = re.compile(
    r"skicka med e-post|blogthis!|dela på (?:twitter|facebook|pinterest)|dela till \w+"
    r"|email this|share to (?:twitter|facebook|pinterest)|länkar till det här inlägget"
    r"|skapa en länk|reaktioner\s*:|inlägget har \d+ kommentar\w*|hämta länk|andra appar"
    r"|facebook|twitter|pinterest|e-post|dela|x(?![\w-])",
    re.IGNORECASE,
)
_LABELS = re.compile(
    r"(?:etiketter|etikett|labels|kategorier)\s*:\s*(?P<labels>.*)$", re.IGNORECASE
)
_COMMENT_FORM = re.compile(r"skicka en kommentar|post a comment", re.IGNORECASE)
_COMMENT_HEADING = re.compile(r"(?:\d+\s+)?(?:kommentarer|kommentar|comments?)", re.IGNORECASE)
_NAVIGATION = re.compile(
    r"fler inlägg|äldre inlägg|nyare inlägg|startsida|prenumerera på\s*:.*"
    r"|populära inlägg.*|bloggarkiv|om mig|visa hela min profil|rapportera otillåtet innehåll"
    r"|tillhandahålls av blogger|visa inlägg med etikett.*"
    r"|newer posts?|older posts?|home|subscribe to\s*:.*",
    re.IGNORECASE,
)
_COMMENT_HEAD = re.compile(
    r"^(?P<author>.+?)\s*(?P<date>\d{1,2}\s+[a-zåäö]+\.?\s+\d{4})"
    r"(?:\s*(?:kl\.?|klockan|at))?\s+(?P<time>\d{1,2}[:.]\d{2})$",
    re.IGNORECASE,
)
_COMMENT_BUTTONS = {"svara", "radera", "ta bort", "reply", "delete", "svara radera"}
_SENTENCE_END = (".", "!", "?", ":", '"', "”", ")", "»")


@dataclass
class _Line:
    """One classified line: kind is date, content, footer, comment-form, navigation or blank."""

    kind: str
    text: str = ""
    date: dt.date | None = None
    author: str | None = None
    time: dt.time | None = None
    labels: list[str] = field(default_factory=list)
    comments: int = 0


@dataclass
class _Draft:
    title: str
    date: dt.date | None
    paragraphs: list[str] = field(default_factory=list)
    author: str | None = None
    time: dt.time | None = None
    labels: list[str] = field(default_factory=list)
    comment_lines: list[str] = field(default_factory=list)
    footer_seen: bool = False
    open_paragraph: bool = False


def read(text: str, source: str) -> list[Post]:
    """Return the posts of a plain-text page copy, in the order they appear.

    Lines before the first date header (the blog's name and description) and after the page
    navigation ("Äldre inlägg", "Startsida") are page furniture, not posts.
    """
    lines = [_classify(line) for line in text.split("\n")]
    _mark_comments(lines)
    drafts = _split(lines)
    return [_post(d, source) for d in drafts if d.paragraphs]


def looks_like_title(line: str) -> bool:
    """Return whether a line can be a post title: short and not ending like a sentence."""
    stripped = line.strip()
    return 0 < len(stripped) <= MAX_TITLE_CHARS and not stripped.endswith((".", ":", ";", ","))


def _classify(raw: str) -> _Line:
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if not text:
        return _Line("blank")
    day = parse_post_date(text)
    if day is not None:
        return _Line("date", text, date=day)
    if _COMMENT_FORM.fullmatch(text):
        return _Line("comment-form", text)
    if _COMMENT_HEADING.fullmatch(text):
        # the heading of a comment section ("Kommentarer"): what follows may be comments
        return _Line("footer", text, comments=1)
    if _NAVIGATION.fullmatch(text) or _all_navigation(text):
        return _Line("navigation", text)
    footer = _footer(text)
    return footer if footer is not None else _Line("content", text)


def _all_navigation(text: str) -> bool:
    # A line of navigation pieces starts with one: most lines are sentences and stop here.
    if not _NAVIGATION.match(text.lstrip(" |·-")):
        return False
    return not _NAVIGATION.sub("", text).strip(" |·-")


def _footer(text: str) -> _Line | None:
    """Return the footer facts of a line made only of footer pieces, else None."""
    line = _Line("footer", text)
    rest = text
    while rest:
        rest = rest.lstrip(" |·-")
        if not rest:
            break
        if match := _AUTHOR.match(rest):
            line.author = match["name"].strip()
            line.time = _clock(match["time"], match["ampm"])
        elif match := _COMMENT_COUNT.match(rest):
            line.comments = 0 if match["n"].lower() in {"inga", "no"} else int(match["n"])
        elif match := _LABELS.match(rest):
            line.labels = [lbl.strip() for lbl in match["labels"].split(",") if lbl.strip()]
        elif not (match := _SHARE.match(rest)):
            return None
        rest = rest[match.end() :]
    return line


def _clock(text: str | None, ampm: str | None) -> dt.time | None:
    if not text:
        return None
    hour, minute = (int(part) for part in re.split(r"[:.]", text))
    if ampm and ampm.upper() == "PM" and hour < 12:
        hour += 12
    elif ampm and ampm.upper() == "AM" and hour == 12:
        hour = 0
    try:
        return dt.time(hour, minute)
    except ValueError:
        return None


def _mark_comments(lines: list[_Line]) -> None:
    """Mark the readers' comments on a single post page, between "N kommentarer:" and the
    comment form ("Skicka en kommentar") or the page navigation.

    On an archive page the count is only a link, followed by the next post and its footer;
    nothing is marked there.
    """
    start = None
    for index, line in enumerate(lines):
        if line.kind == "footer" and line.comments > 0:
            start = index
        elif line.kind in {"date", "navigation", "comment-form"} and start is not None:
            region = lines[start + 1 : index]
            if line.kind == "comment-form" or _only_comments(region):
                for inner in region:
                    if inner.kind == "content":
                        inner.kind = "comment"
            start = None
        elif line.kind == "footer" and (line.author or line.labels) and start is not None:
            start = None  # the footer of the next post: this was an archive page


def _only_comments(region: list[_Line]) -> bool:
    contents = [line for line in region if line.kind == "content"]
    return bool(contents) and _COMMENT_HEAD.match(contents[0].text) is not None


def _split(lines: list[_Line]) -> list[_Draft]:
    has_dates = _starts_with_header(lines)
    drafts: list[_Draft] = []
    current: _Draft | None = None
    day: dt.date | None = None
    reading = not has_dates  # before the first date header stands the blog's own header
    blank_before = False
    for line in lines:
        if line.kind == "date":
            current, day, reading = None, line.date, True
        elif line.kind == "navigation":
            current, reading = None, False
        elif not reading:
            pass
        elif line.kind == "content":
            if current is None or (current.footer_seen and current.paragraphs):
                current = _start(line.text, day)
                drafts.append(current)
            else:
                _add_line(current, line.text, blank_before)
        elif current is not None:
            _apply(current, line)
        blank_before = line.kind == "blank"
    return drafts


def _starts_with_header(lines: list[_Line]) -> bool:
    """Return whether the file is a page copy: a date header among its first lines.

    Only then is what stands before the first date the blog's own header. In a note whose
    only date line comes deep in the text, nothing before it may be dropped.
    """
    seen = 0
    for line in lines:
        if line.kind == "date":
            return True
        seen += line.kind != "blank"
        if seen > HEADER_LINES:
            return False
    return False


def _start(text: str, day: dt.date | None) -> _Draft:
    if looks_like_title(text):
        return _Draft(title=text, date=day)
    draft = _Draft(title="", date=day)
    _add_line(draft, text, blank_before=True)
    return draft


def _add_line(draft: _Draft, text: str, blank_before: bool) -> None:
    """Add a body line: a new paragraph, unless it continues a hard-wrapped sentence."""
    if draft.paragraphs and not blank_before and _continues(draft.paragraphs[-1], text):
        draft.paragraphs[-1] += " " + text
    else:
        draft.paragraphs.append(text)


def _continues(previous: str, text: str) -> bool:
    return not previous.endswith(_SENTENCE_END) and text[:1].islower()


def _apply(draft: _Draft, line: _Line) -> None:
    if line.kind == "comment":
        draft.comment_lines.append(line.text)
        return
    if line.kind in {"footer", "comment-form"} and draft.paragraphs:
        draft.footer_seen = True
    if line.author:
        draft.author = line.author
    if line.time:
        draft.time = line.time
    if line.labels:
        draft.labels = line.labels


def _post(draft: _Draft, source: str) -> Post:
    published = None
    if draft.date and draft.time:
        published = dt.datetime.combine(draft.date, draft.time, tzinfo=BLOG_TIMEZONE)
    return Post(
        title=draft.title,
        text="\n\n".join(draft.paragraphs),
        date=draft.date,
        author=draft.author,
        labels=draft.labels,
        published=published,
        comments=_comments(draft.comment_lines),
        source=source,
        format=FORMAT,
    )


def _comments(lines: list[str]) -> list[Comment]:
    """Return the comments of a copied comment section, each with its author when given.

    Blogger prints each comment as "NAME8 oktober 2014 11:02", the text, then "Svara".
    """
    comments: list[Comment] = []
    for line in lines:
        head = _COMMENT_HEAD.match(line)
        if head:
            day = parse_post_date(head["date"])
            clock = _clock(head["time"], None)
            when = dt.datetime.combine(day, clock, tzinfo=BLOG_TIMEZONE) if day and clock else None
            comments.append(Comment(text="", author=head["author"].strip(), published=when))
        elif line.lower() in _COMMENT_BUTTONS:
            continue
        elif comments:
            sep = "\n\n" if comments[-1].text else ""
            comments[-1].text += sep + line
        else:
            comments.append(Comment(text=line))
    return [c for c in comments if c.text]
