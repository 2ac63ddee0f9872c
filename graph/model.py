"""The objects passed between the pipeline's stages.

One ``PostDoc`` flows through the stages: a reader makes the ``Post``, ``annotate`` adds
sentences and tokens, the extract components add ``Mention``s and ``Fact``s, ``resolve``
fills in each mention's entity key, and ``rdf`` turns the whole into triples.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass
class Comment:
    """A reader's comment on a post, kept with its author."""

    text: str
    author: str | None = None
    published: dt.datetime | None = None


@dataclass
class Post:
    """One blog post as a reader found it, before any language processing."""

    title: str
    text: str
    date: dt.date | None = None
    url: str | None = None
    author: str | None = None
    labels: list[str] = field(default_factory=list)
    published: dt.datetime | None = None
    updated: dt.datetime | None = None
    comments: list[Comment] = field(default_factory=list)
    source: str = ""  # the file (or "-") it was read from
    format: str = ""  # the reader: text, blogger-html, blogger-export, feed, wordpress,
    # article-html, jsonl or markdown


class Token(NamedTuple):
    """One word with its tags and place in the text.

    A tuple, not a dataclass: a post has thousands, and the worker processes send them
    back to the main process, where unpickling dataclasses cost more than resolving."""

    text: str
    lemma: str
    pos: str  # SUC part of speech, e.g. "PM", "NN"
    ne: str  # efselab's named-entity tag, e.g. "B-person", "I-place", "O"
    start: int  # character offsets into PostDoc.text
    end: int
    msd: str = ""  # the full SUC tag, e.g. "PM|GEN"


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    tokens: list[Token]

    def text_of(self, doc_text: str) -> str:
        return doc_text[self.start : self.end]


@dataclass
class Evidence:
    """Where a fact was read: the sentence, the characters and the rule that found it."""

    sentence: int  # index into PostDoc.sentences
    start: int
    end: int
    rule: str
    confidence: float = 0.9


@dataclass
class Mention:
    """A stretch of text naming an entity.

    ``kind`` is one of person, organisation, municipality, locality, county, event,
    process, role, group. ``key`` is the resolved entity's stable key, set by resolve.
    """

    kind: str
    text: str
    start: int
    end: int
    sentence: int
    rule: str
    confidence: float = 0.9
    key: str | None = None
    attrs: dict = field(default_factory=dict)


@dataclass
class Fact:
    """A relation read from a post, between entity keys, with its evidence.

    ``kind`` names the relation, e.g. member_of, role, home_of, located_in, speaker,
    participant, delegation, event_date, subject.
    """

    kind: str
    subject: str
    object: str | None
    evidence: Evidence
    attrs: dict = field(default_factory=dict)


@dataclass
class Entity:
    """A resolved entity: the key every mention of it shares, its kind and label."""

    key: str
    kind: str
    label: str
    attrs: dict = field(default_factory=dict)


@dataclass
class PostDoc:
    """A post with everything the pipeline found in it."""

    post: Post
    text: str = ""  # the text that was annotated: title, blank line, body
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)

    def sentence_text(self, index: int) -> str:
        return self.sentences[index].text_of(self.text)
