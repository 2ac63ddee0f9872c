"""Events: meetings, internat, conferences, seminars; their dates, places, speakers, participants.

* An event is an event noun (also at the end of a compound: "bibliotekschefsinternat",
  "bibliotekschefsmöte") with a date in the same sentence or title ("18-19/9", "den 28/11"),
  resolved against the post's date. Its place is the locality or municipality of that sentence.
* The post's main event is the one in its title (else the first one found). Speakers
  ("Inspirationen stod X för", "X berättade", "X pratade om"), delegations and the
  organisations and groups that gathered ("cirka 20 skånska bibliotekschefer och vi från Kultur
  Skåne träffades") are tied to it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from graph import reference
from graph.dates import DateMention, find_dates
from graph.extract import lexicon
from graph.extract.spans import SentenceMentions, mention, mentions_in, span_evidence
from graph.ids import event_iri, hashed_iri
from graph.model import Fact, Mention, PostDoc, Sentence, Token

_PLACE_KINDS = {"locality", "municipality"}
_STOOD_FOR = re.compile(r"\bstod\b.*\bför\b", re.I)
_QUANTIFIERS = {"cirka", "ca", "ca.", "omkring", "ungefär", "drygt", "runt", "nästan", "över"}


def _event_noun(token: Token) -> str | None:
    """Return the event class ("Internat", "Meeting" ...) when the token is an event noun."""
    # The tagger reads a title's first word as a participle (PC) at times: accept any
    # nominal-looking tag, but never a verb.
    if token.pos in {"VB", "AB", "PP", "KN"} or not token.text.isalpha():
        return None
    return _event_kind(token.lemma)


@lru_cache(maxsize=1 << 14)
def _event_kind(lemma: str) -> str | None:
    # Every word of every post passes here; its lemma decides, so each is looked up once.
    lemma = lemma.lower()
    for noun, kind in lexicon.EVENT_NOUNS.items():
        if lemma == noun or (lemma.endswith(noun) and len(lemma) > len(noun) + 2):
            return kind
    for noun, kind in lexicon.COMPOUND_EVENT_NOUNS.items():
        if lemma.endswith(noun) and len(lemma) > len(noun) + 3:
            return kind
    return None


def _dates(doc: PostDoc, sentence: Sentence) -> list[DateMention]:
    reference = doc.post.date or dt.date.today()
    text = doc.text[sentence.start : sentence.end]
    return [
        DateMention(
            start=d.start + sentence.start,
            end=d.end + sentence.start,
            first=d.first,
            last=d.last,
            text=d.text,
            vague=d.vague,
        )
        for d in find_dates(text, reference)
    ]


def _place(doc: PostDoc, sentence: Sentence, after: int) -> dict | None:
    """Return where an event is: {key, code, name} of a locality or municipality.

    A locality is more precise than its municipality and wins when both are named; a venue
    ("på Regionmuseet Kristianstad", "på Malmö universitet") gives its municipality; failing
    both, the next sentence may say it ("Över 300 deltagare samlades i Stockholm").
    """
    places = mentions_in(doc, sentence, _PLACE_KINDS)
    later = [m for m in places if m.start >= after]
    for group in (later, places):
        for kind in ("locality", "municipality"):
            for m in group:
                if m.kind == kind:
                    return {
                        "key": m.key,
                        "code": m.attrs.get("code"),
                        "name": m.attrs.get("name") or m.text,
                    }
    for m in mentions_in(doc, sentence, {"organisation"}):
        home = m.attrs.get("home")
        if home and "/kommun/" in home:
            code = home.rsplit("/", 1)[-1]
            kommun = reference.municipality_by_code(code)
            return {"key": home, "code": code, "name": kommun.name if kommun else code}
    return None


def _place_near(doc: PostDoc, sentence: Sentence, after: int) -> dict | None:
    found = _place(doc, sentence, after)
    if found is None and sentence.index + 1 < len(doc.sentences):
        following = doc.sentences[sentence.index + 1]
        found = _place(doc, following, following.start)
    return found


def _title_name(doc: PostDoc, sentence: Sentence, date: DateMention) -> str:
    text = (doc.text[sentence.start : date.start] + doc.text[date.end : sentence.end]).strip()
    return re.sub(r"[\s,:;.–-]+$", "", text)


def _first_event_noun(sentence: Sentence) -> tuple[Token, str] | None:
    """Return the sentence's first event noun and its event class."""
    for token in sentence.tokens:
        kind = _event_noun(token)
        if kind:
            return token, kind
    return None


def _event_in(doc: PostDoc, sentence: Sentence, *, is_title: bool) -> Mention | None:
    noun = _first_event_noun(sentence)
    if noun is None:
        return None
    token, kind = noun
    # Only now the dates: nine sentences in ten name no event, and reading dates costs more.
    dates = [d for d in _dates(doc, sentence) if not d.vague]
    if not dates:
        return None
    date = dates[0]
    place = _place_near(doc, sentence, token.end)
    if is_title:
        name = _title_name(doc, sentence, date)
    else:
        name = token.lemma[:1].upper() + token.lemma[1:]
        if place is not None:
            name = f"{name} i {place['name']}"
    key = str(event_iri(name, date.first.isoformat()))
    return mention(
        doc,
        "event",
        token.start,
        token.end,
        sentence.index,
        rule="event-title" if is_title else "event-noun-with-date",
        confidence=0.85,
        key=key,
        attrs={
            "name": name,
            "start": date.first,
            "end": date.last,
            "place": place,
            "event_kind": kind,
            "date_span": (date.start, date.end),
        },
    )


def _speakers(doc: PostDoc, sentence: Sentence, people: list[Mention]) -> list[tuple[Mention, str]]:
    """Return (person, rule) for the people (of this sentence) it presents as speakers."""
    if not people:
        return []
    text = doc.text[sentence.start : sentence.end]
    if _STOOD_FOR.search(text) and sentence.tokens[0].lemma.lower() in {
        "inspiration",
        "föreläsning",
        "inledning",
        "föredrag",
        "anförande",
        "inspirationen",
    }:
        return [(p, "speaker-stod-for") for p in people]
    verbs = [t for t in sentence.tokens if t.pos == "VB"]
    if not verbs or verbs[0].lemma.lower() not in lexicon.SPEAKER_VERBS:
        return []
    verb = verbs[0]
    before = [p for p in people if p.end <= verb.start]
    if before:
        return [(before[0], "speaker-subject-verb")]
    after = [
        p for p in people if p.start >= verb.end and doc.text[verb.end : p.start].strip() == ""
    ]
    return [(p, "speaker-verb-subject") for p in after[:1]]


def _groups(doc: PostDoc, sentence: Sentence, roles: list[Mention]) -> list[Mention]:
    """Return group mentions: a number and a plural role ("cirka 20 skånska bibliotekschefer").

    ``roles`` are the sentence's role mentions.
    """
    groups = []
    tokens = sentence.tokens
    for role in roles:
        if not role.attrs.get("plural"):
            continue
        idx = next((k for k, t in enumerate(tokens) if t.start == role.start), None)
        if idx is None:
            continue
        k = idx - 1
        while k >= 0 and k >= idx - 2 and tokens[k].pos == "JJ":
            k -= 1
        if k < 0 or not (tokens[k].pos == "RG" or tokens[k].text.lower().endswith("tal")):
            continue
        size = int(tokens[k].text) if tokens[k].text.isdigit() else None
        if k > 0 and tokens[k - 1].text.lower() in _QUANTIFIERS:
            k -= 1
        start = tokens[k].start
        groups.append(
            mention(
                doc,
                "group",
                start,
                role.end,
                sentence.index,
                rule="group-number-role",
                confidence=0.8,
                key=str(hashed_iri("group", doc.post.title, start)),
                attrs={"size": size, "role": role.attrs["base"]},
            )
        )
    return groups


def _gathering(sentence: Sentence) -> bool:
    """Return True when a verb of the sentence gathers people ("träffades", "samlades")."""
    return any(t.lemma.lower() in lexicon.GATHERING_VERBS for t in sentence.tokens)


def _link(
    doc: PostDoc,
    kind: str,
    event: Mention,
    other: Mention,
    rule: str,
    start: int,
    end: int,
    sentence: int,
) -> None:
    doc.facts.append(
        Fact(
            kind=kind,
            subject=event.key or "",
            object=other.key,
            evidence=span_evidence(sentence, start, end, rule=rule),
            attrs={"object": other},
        )
    )


def find_events(doc: PostDoc) -> PostDoc:
    """Add event mentions and speaker / participant facts for the post's main event."""
    has_title = bool(doc.post.title.strip()) and bool(doc.sentences)
    events = []
    for sentence in doc.sentences:
        event = _event_in(doc, sentence, is_title=has_title and sentence.index == 0)
        if event is not None and all(e.key != event.key for e in events):
            events.append(event)
    doc.mentions.extend(events)
    main = events[0] if events else None
    present = SentenceMentions(doc)  # roles, people, organisations: none are added below
    for sentence in doc.sentences:
        groups = _groups(doc, sentence, present.of(sentence, {"role"}))
        doc.mentions.extend(groups)
        if main is None:
            continue
        for person, rule in _speakers(doc, sentence, present.of(sentence, {"person"})):
            _link(doc, "speaker", main, person, rule, person.start, person.end, sentence.index)
        participants = present.of(sentence, {"organisation"}) + groups
        # The parties first: few sentences have one, and the verb is sought word by word.
        if participants and _gathering(sentence):
            for m in participants:
                kind = "participant_org" if m.kind == "organisation" else "participant_group"
                _link(doc, kind, main, m, "gathering-verb", m.start, m.end, sentence.index)
    if main is not None:
        for fact in [f for f in doc.facts if f.kind == "delegation"]:
            for person in fact.attrs["delegates"]:
                _link(
                    doc,
                    "participant",
                    main,
                    person,
                    "delegation-at-event",
                    person.start,
                    person.end,
                    person.sentence,
                )
            fact.attrs["event"] = main
    return doc
