"""Safe XML parsing and HTML-to-text for the readers of pages, exports and feeds.

Every XML file goes through ``parse_xml``: defusedxml refuses entity declarations (the
"billion laughs" bomb and external entities that would read /etc/passwd or a web address),
and a broken or cut-off file becomes a plain-words refusal instead of a parser traceback.
"""

from __future__ import annotations

import re
import unicodedata
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
import lxml.html
from defusedxml import DefusedXmlException
from lxml import etree

from graph.read.base import Unreadable

_BREAK = "\x00"  # a paragraph break; a newline in HTML text is only a space
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SKIP = {"script", "style", "noscript", "iframe", "object", "embed", "form", "button", "svg"}
_BLOCKS = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "hr",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
}


def parse_xml(text: str) -> Element:
    """Return the root element of an XML document, refusing anything unsafe or broken.

    Raises ``Unreadable`` with the reason: entity declarations (bombs), references to
    outside files, or XML that is broken or cut off.
    """
    try:
        return SafeET.fromstring(text, forbid_dtd=False)
    except DefusedXmlException as err:
        external = getattr(err, "sysid", None) or getattr(err, "pubid", None)
        raise Unreadable("xml_external" if external else "xml_entities") from err
    except ParseError as err:
        raise Unreadable("xml_broken", detail=_parse_detail(err)) from err


def _parse_detail(err: ParseError) -> str:
    message = str(err).split(":")[0]
    line = err.position[0] if getattr(err, "position", None) else None
    if "no element found" in message or "unclosed token" in message:
        message = "it ends too early"
    return f"{message}, line {line}" if line else message


def parse_html(text: str) -> etree._Element | None:
    """Return the parsed HTML document, or None when there is nothing to parse.

    lxml's HTML parser never loads anything from the network or other files.
    """
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def html_to_text(html: str) -> str:
    """Return an HTML fragment's readable text: one paragraph per block, blank-line separated.

    Blogger bodies mark paragraphs with ``<br />`` as often as with ``<p>`` or ``<div>``;
    each of them ends a paragraph here.
    """
    if not html or not html.strip():
        return ""
    if "<" not in html:
        return join_paragraphs(html.split("\n"))
    root = parse_html(f"<div>{html}</div>")
    if root is None:
        return ""
    body = root.find("body")
    return element_text(body if body is not None else root)


def element_text(element: etree._Element) -> str:
    """Return the readable text of a parsed element, paragraphs separated by blank lines."""
    chunks: list[str] = []
    _walk(element, chunks)
    return join_paragraphs("".join(chunks).split(_BREAK))


def join_paragraphs(lines: list[str]) -> str:
    """Return the non-empty lines, whitespace collapsed, joined by blank lines, in NFC."""
    paragraphs = [" ".join(line.split()) for line in lines]
    text = "\n\n".join(p for p in paragraphs if p)
    return unicodedata.normalize("NFC", text)


def _walk(element: etree._Element, chunks: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag in _BLOCKS
    if block:
        chunks.append(_BREAK)
    if element.text and tag not in _SKIP:
        chunks.append(element.text)
    for child in element if tag not in _SKIP else ():
        _walk(child, chunks)
    if block:
        chunks.append(_BREAK)
    if element.tail:
        chunks.append(element.tail)


def has_class(name: str) -> str:
    """Return an XPath predicate body matching elements whose class list contains ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
