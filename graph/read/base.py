"""What every reader shares: the refusal type, the safety limits and decoding bytes to text.

A reader never trusts its input: the bytes are checked here (size, binary content, gigantic
lines) before any parser sees them, so each reader only has to turn clean text into posts.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

BLOG_TIMEZONE = ZoneInfo("Europe/Stockholm")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_LINE_CHARS = 1024 * 1024

# Every reason a user can see, in one table, so the wording stays plain and consistent.
REASONS = {
    "empty": "the file is empty",
    "too_big": "the file is larger than 50 MB; split it into smaller files",
    "binary": "this is not a text file (it looks like a picture, program or other binary file)",
    "gigantic_line": "the file has a line longer than 1 MB, which no blog post has",
    "encoding": "the characters cannot be read (unknown text encoding)",
    "not_found": "the file does not exist",
    "unreadable": "the file cannot be opened ({detail})",
    "no_posts": "no blog posts were found in the file",
    "xml_broken": "the XML is broken or cut off ({detail})",
    "xml_entities": "the XML declares its own entities, which can hide an attack; refused",
    "html_entities": "the web page declares its own entities, which can hide an attack; refused",
    "xml_external": "the XML refers to an outside file or address, which is never read; refused",
    "json_broken": "line {line} is not valid JSON (it breaks at character {column})",
    "json_not_object": "line {line} is not a JSON object with a title and text",
    "front_matter": "the front matter at the top of the Markdown file is broken ({detail})",
    "html_empty": "no article text was found in the web page",
    "internal": "the file could not be read ({detail})",
}


@dataclass(frozen=True)
class ReadError:
    """A file that could not be read: where, and why in plain words."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class Unreadable(Exception):
    """Raised by a reader when a file must be refused; ``read_paths`` turns it into a ReadError."""

    def __init__(self, key: str, **detail: object) -> None:
        self.key = key
        self.reason = REASONS[key].format(**detail)
        super().__init__(self.reason)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_bytes(data: bytes) -> None:
    """Refuse bytes no reader should parse: empty, too big or binary.

    Raises ``Unreadable``; returns nothing when the bytes may be decoded.
    """
    if not data.strip():
        raise Unreadable("empty")
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable("too_big")
    if _looks_utf16(data):
        return
    head = data[:65536]
    if b"\x00" in head:
        raise Unreadable("binary")
    controls = len(_CONTROL.findall(head.decode("latin-1")))
    if controls > max(8, len(head) // 100):
        raise Unreadable("binary")


def _looks_utf16(data: bytes) -> bool:
    return data.startswith((b"\xff\xfe", b"\xfe\xff"))


def decode(data: bytes) -> str:
    """Return the bytes as NFC text with Unix line ends.

    Strict UTF-8 first (with or without BOM), because that is what nearly every file is and a
    guess can only be worse; then Windows-1252, the legacy Swedish Windows encoding; the
    charset detector only when both fail. Raises ``Unreadable`` for bytes that are no text.
    """
    check_bytes(data)
    text = _decode_bytes(data)
    if "\x00" in text:
        raise Unreadable("binary")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def check_lines(text: str) -> None:
    """Refuse text with a line over 1 MB; raises ``Unreadable``.

    Only line-based formats are checked: a Blogger export is legitimately one long XML line,
    and the XML parser has its own limits.
    """
    if len(text) > MAX_LINE_CHARS and any(len(ln) > MAX_LINE_CHARS for ln in text.split("\n")):
        raise Unreadable("gigantic_line")


def _decode_bytes(data: bytes) -> str:
    if _looks_utf16(data):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise Unreadable("encoding") from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _CONTROL.search(text):
        return text
    return _detect(data)


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        try:
            return data.decode("latin-1")
        except UnicodeDecodeError as err:  # pragma: no cover - latin-1 decodes every byte
            raise Unreadable("encoding") from err
    return str(best)


def parse_datetime(raw: str | None) -> dt.datetime | None:
    """Return a timestamp written in ISO 8601 or RFC 2822 (RSS) form, else None."""
    if not raw or not raw.strip():
        return None
    value = raw.strip()
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def local_date(when: dt.datetime) -> dt.date:
    """Return the day a timestamp falls on in Sweden: the day a Swedish blog shows it under.

    A post written at half past midnight and exported in UTC still belongs to that day.
    """
    if when.tzinfo is None:
        return when.date()
    return when.astimezone(BLOG_TIMEZONE).date()


_BLOGSPOT = re.compile(r"^(?P<blog>[\w-]+)\.blogspot\.[a-z.]+$")
_TRACKING = {"m", "showcomment", "utm_source", "utm_medium", "utm_campaign", "fbclid"}


def canonical_url(url: str | None) -> str | None:
    """Return one spelling of a post's address, so the same post is one post.

    Blogger serves each post under several spellings: http or https, a country domain
    (``.blogspot.se``), ``?m=1`` for phones, ``#comments``; they all mean the same post.
    """
    if not url or not url.strip().lower().startswith(("http://", "https://")):
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if match := _BLOGSPOT.match(host):
        host = f"{match['blog']}.blogspot.com"
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in _TRACKING]
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    return urlunsplit(("https", netloc, parts.path or "/", urlencode(query), ""))
