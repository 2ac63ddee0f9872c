"""The ready questions: people, organisations, municipalities, processes, events, timeline,
path, brokers, groups, stats. Each parses its options, calls one graph.questions function and
prints the answer (graph.commands.answers.show)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from graph.commands.answers import (
    TYPES,
    FormatOption,
    LangOption,
    SinceOption,
    UntilOption,
    asked,
    cell,
    check_options,
    period,
    plain,
    show,
)
from graph.commands.common import StoreOption, console, friendly, open_store_for

PANEL = "Ready questions"
NETWORK_PANEL = "Network questions"

MunicipalityOption = Annotated[
    str | None, typer.Option(help="Only what belongs to this municipality, e.g. Höganäs.")
]

TITLES = {
    "sv": {
        "timeline": "Tidslinje för {name} ({type})",
        "path": "Så hänger {a} och {b} ihop:",
        "step": "{n}. {how}",
    },
    "en": {
        "timeline": "Timeline of {name} ({type})",
        "path": "How {a} and {b} are connected:",
        "step": "{n}. {how}",
    },
}

# How each kind of step in the collaboration network reads, the one who acts first: a person
# or organisation takes part in an event, works in an organisation, lies in a municipality.
STEP_WORDS = {
    "sv": {
        "role": "{a} är {detail} i {b}",
        "affiliation": "{a} är verksam i {b}",
        "delegation": "{a} och {b} representerade {detail} tillsammans",
        "same_event": "{a} och {b} var båda på {detail}",
        "speaker": "{a} talade på {b}",
        "participant": "{a} deltog i {b}",
        "home": "{a} hör till {b}",
        "location": "{a} ligger i {b}",
        "process": "{a} nämns i inlägg om {b}",
    },
    "en": {
        "role": "{a} is {detail} at {b}",
        "affiliation": "{a} works in {b}",
        "delegation": "{a} and {b} represented {detail} together",
        "same_event": "{a} and {b} were both at {detail}",
        "speaker": "{a} spoke at {b}",
        "participant": "{a} took part in {b}",
        "home": "{a} belongs to {b}",
        "location": "{a} lies in {b}",
        "process": "{a} is named in posts about {b}",
    },
}
# Which end of an edge acts: the lower rank comes first in the sentence.
_ACTOR_RANK = {"person": 0, "organisation": 1, "event": 2, "locality": 2, "municipality": 3}


STAT_NAMES = {
    "sv": {
        "posts": "inlägg",
        "people": "personer",
        "organisations": "organisationer",
        "municipalities": "kommuner",
        "events": "evenemang",
        "processes": "processer",
        "first": "första inlägget",
        "last": "senaste inlägget",
    },
    "en": {
        "posts": "posts",
        "people": "people",
        "organisations": "organisations",
        "municipalities": "municipalities",
        "events": "events",
        "processes": "processes",
        "first": "first post",
        "last": "last post",
    },
}


def _answer(
    store: str,
    question: str,
    *,
    lang: str,
    format: str,
    since: str | None,
    until: str | None,
    record: bool = False,
    **options: Any,
) -> None:
    """Check the options, ask one ready question (a function of graph.questions) and print
    its answer: what every list command does."""
    from graph import questions

    check_options(lang, format)
    start, end = period(since, until)
    with open_store_for(store) as graph_store, asked(lang):
        answer = getattr(questions, question)(
            graph_store, since=start, until=end, lang=lang, **options
        )
    show(answer.columns, answer.rows, format=format, lang=lang, record=record)


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "sv"


@friendly
def people(
    store: StoreOption = "samverkan-data",
    municipality: MunicipalityOption = None,
    organisation: Annotated[
        str | None, typer.Option(help="Only people in this organisation (or a body of it).")
    ] = None,
    role: Annotated[
        str | None, typer.Option(help="Only people whose role contains this, e.g. chef.")
    ] = None,
    process: Annotated[
        str | None, typer.Option(help="Only people named in posts about this process.")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = "sv",
    format: FormatOption = "table",
) -> None:
    """The people named in the posts: their roles, municipalities, and how many posts."""
    _answer(
        store,
        "people",
        lang=lang,
        format=format,
        since=since,
        until=until,
        municipality=municipality,
        organisation=organisation,
        role=role,
        process=process,
    )


@friendly
def organisations(
    store: StoreOption = "samverkan-data",
    municipality: MunicipalityOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = "sv",
    format: FormatOption = "table",
) -> None:
    """The organisations named in the posts: their municipality, people, and how many posts."""
    _answer(
        store,
        "organisations",
        lang=lang,
        format=format,
        since=since,
        until=until,
        municipality=municipality,
    )


CountyOption = Annotated[
    str | None, typer.Option(help="A county (län), e.g. Blekinge; Skåne unless given.")
]


@friendly
def municipalities(
    store: StoreOption = "samverkan-data",
    county: CountyOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = "sv",
    format: FormatOption = "table",
) -> None:
    """The municipalities the posts concern: their people, organisations, processes and
    posts per year."""
    _answer(
        store, "municipalities", lang=lang, format=format, since=since, until=until, county=county
    )


@friendly
def processes(
    process: Annotated[
        str | None, typer.Argument(help="One process to show in full, e.g. meröppet.")
    ] = None,
    store: StoreOption = "samverkan-data",
    county: CountyOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = "sv",
    format: FormatOption = "table",
) -> None:
    """The collaboration processes: who takes part, which municipalities are in, and which
    of the county's (Skåne unless --county) are missing: no post about the process concerns
    them."""
    _answer(
        store,
        "processes",
        lang=lang,
        format=format,
        since=since,
        until=until,
        record=process is not None,
        process=process,
        county=county,
    )


@friendly
def events(
    store: StoreOption = "samverkan-data",
    municipality: MunicipalityOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = "sv",
    format: FormatOption = "table",
) -> None:
    """The events (meetings, conferences, internat): when, where, who spoke and took part."""
    _answer(
        store,
        "events",
        lang=lang,
        format=format,
        since=since,
        until=until,
        municipality=municipality,
    )


@friendly
def timeline(
    name: Annotated[
        str, typer.Argument(help="A person, organisation, municipality, process or event.")
    ],
    store: StoreOption = "samverkan-data",
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = "sv",
    format: FormatOption = "table",
) -> None:
    """NAME over time: every post about it, oldest first, with the sentence that names it."""
    from graph import questions

    check_options(lang, format)
    start, end = period(since, until)
    with open_store_for(store) as graph_store, asked(lang):
        thing, answer = questions.timeline(graph_store, name, since=start, until=end, lang=lang)
    kind = TYPES[_lang(lang)].get(thing.type, thing.type)
    title = TITLES[_lang(lang)]["timeline"].format(name=thing.label, type=kind)
    show(answer.columns, answer.rows, format=format, lang=lang, title=title)


@friendly
def stats(
    store: StoreOption = "samverkan-data",
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = "sv",
    format: FormatOption = "table",
) -> None:
    """How much the graph knows: posts, people, organisations, municipalities, events,
    processes, and the dates of the first and last post."""
    from graph import questions

    check_options(lang, format)
    start, end = period(since, until)
    with open_store_for(store) as graph_store, asked(lang):
        answer = questions.stats(graph_store, since=start, until=end, lang=lang)
    if format != "json":
        names = STAT_NAMES[_lang(lang)]
        answer.rows = [{**row, "measure": names[row["measure"]]} for row in answer.rows]
    show(answer.columns, answer.rows, format=format, lang=lang)


# --- the network questions ---------------------------------------------------------------------


@friendly
def path(
    a: Annotated[str, typer.Argument(help="A person (or organisation, municipality).")],
    b: Annotated[str, typer.Argument(help="Another person (or organisation, municipality).")],
    store: StoreOption = "samverkan-data",
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = "sv",
    format: FormatOption = "table",
) -> None:
    """How A and B are connected: the shortest chain of collaborations between them, with
    the evidence (post, date, sentence) of every step."""
    from graph import questions

    check_options(lang, format)
    start, end = period(since, until)
    with open_store_for(store) as graph_store, asked(lang):
        first, last, steps = questions.path(graph_store, a, b, since=start, until=end, lang=lang)
    if format == "table":
        _print_path(first.label, last.label, steps, lang)
        return
    rows = [
        {
            "step": n,
            "from": step.source,
            "to": step.target,
            "tie": _step_text(step, lang),
            "date": evidence.date,
            "title": evidence.title,
            "url": evidence.url,
            "sentence": evidence.sentence,
        }
        for n, step in enumerate(steps, start=1)
        for evidence in step.evidence or [questions.Evidence("", None, None, "")]
    ]
    columns = ["step", "from", "to", "tie", "date", "title", "url", "sentence"]
    if format == "json":
        rows = plain(rows)
    show(columns, rows, format=format, lang=lang)


def _step_text(step, lang: str) -> str:
    """Return a step as a sentence: "Kultur Skåne deltog i Meröppetträff i Hörby"."""
    a, b = step.source, step.target
    process_first = step.kind == "process" and step.source_type == "process"
    acts_second = _ACTOR_RANK.get(step.target_type, 9) < _ACTOR_RANK.get(step.source_type, 9)
    if process_first or acts_second:
        a, b = b, a
    and_ = " och " if lang != "en" else " and "
    detail = and_.join(step.detail) or "?"
    template = STEP_WORDS[_lang(lang)].get(step.kind, "{a} – {b}")
    if step.kind == "role" and not step.detail:
        template = STEP_WORDS[_lang(lang)]["affiliation"]
    return template.format(a=a, b=b, detail=detail)


def _print_path(a: str, b: str, steps, lang: str) -> None:
    titles = TITLES[_lang(lang)]
    console.print(f"[bold]{escape(titles['path'].format(a=a, b=b))}[/]\n", soft_wrap=True)
    for n, step in enumerate(steps, start=1):
        line = titles["step"].format(n=n, how=_step_text(step, lang))
        console.print(escape(line), soft_wrap=True)
        for evidence in step.evidence:
            where = ", ".join(cell(x) for x in (evidence.title, evidence.date, evidence.url) if x)
            if evidence.sentence:
                console.print(f"   «{escape(evidence.sentence)}»", style="italic", soft_wrap=True)
            console.print(f"   [dim]{escape(where)}[/]", soft_wrap=True)
        console.print()


@friendly
def brokers(
    store: StoreOption = "samverkan-data",
    top: Annotated[int, typer.Option(help="How many to show.")] = 10,
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = "sv",
    format: FormatOption = "table",
) -> None:
    """Who bridges municipalities and organisations: the people most shortest paths between
    colleagues run through (betweenness on the collaboration network)."""
    from graph import questions

    check_options(lang, format)
    start, end = period(since, until)
    with open_store_for(store) as graph_store, asked(lang):
        answer = questions.brokers(graph_store, since=start, until=end, top=top, lang=lang)
    show(answer.columns, answer.rows, format=format, lang=lang)


@friendly
def groups(
    store: StoreOption = "samverkan-data",
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = "sv",
    format: FormatOption = "table",
) -> None:
    """Communities of collaboration: groups of people more tied to each other than to the
    rest, largest first, with their municipalities."""
    from graph import questions

    check_options(lang, format)
    start, end = period(since, until)
    with open_store_for(store) as graph_store, asked(lang):
        answer = questions.groups(graph_store, since=start, until=end, lang=lang)
    show(answer.columns, answer.rows, format=format, lang=lang)


def register(app: typer.Typer) -> None:
    for command in (people, organisations, municipalities, processes, events, timeline, stats):
        app.command(rich_help_panel=PANEL)(command)
    for command in (path, brokers, groups):
        app.command(rich_help_panel=NETWORK_PANEL)(command)
