"""Commands that answer questions: who (works with NAME) and query (SPARQL, or a saved query).

Also the output every question shares: headings in Swedish or English, and a table in the
terminal or csv, tsv or json for spreadsheets and scripts (:func:`show`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from graph.commands.common import (
    LangOption,
    StoreOption,
    UserError,
    check_lang,
    console,
    friendly,
    open_store_for,
)

PANEL = "Questions"
FORMATS = ("table", "csv", "tsv", "json")

FormatOption = Annotated[
    str,
    typer.Option("--format", "-f", help="table (readable), csv, tsv (spreadsheets) or json."),
]
SinceOption = Annotated[
    str | None,
    typer.Option(help="Only posts from this date on: YYYY, YYYY-MM or YYYY-MM-DD."),
]
UntilOption = Annotated[
    str | None,
    typer.Option(help="Only posts up to this date: YYYY, YYYY-MM or YYYY-MM-DD."),
]

# Column keys of graph.questions answers -> headings.
HEADINGS = {
    "sv": {
        "name": "Namn",
        "roles": "Roller",
        "municipalities": "Kommuner",
        "posts": "Inlägg",
        "first": "Första",
        "last": "Senaste",
        "organisation": "Organisation",
        "municipality": "Kommun",
        "people": "Personer",
        "organisations": "Organisationer",
        "processes": "Processer",
        "activity": "Inlägg per år",
        "process": "Process",
        "in": "Med",
        "missing": "Saknas",
        "event": "Evenemang",
        "start": "Start",
        "end": "Slut",
        "place": "Plats",
        "speakers": "Talare",
        "participants": "Deltagare",
        "date": "Datum",
        "title": "Inlägg",
        "sentence": "Mening",
        "url": "Länk",
        "measure": "Mått",
        "value": "Värde",
        "score": "Mellanhand",
        "ties": "Kontakter",
        "group": "Grupp",
        "size": "Storlek",
        "rank": "Plats",
        "type": "Typ",
        "tie": "Samband",
        "via": "Genom",
        "events": "Evenemang",
        "description": "Beskrivning",
        "step": "Steg",
        "from": "Från",
        "to": "Till",
        "parameters": "Parametrar",
    },
    "en": {
        "name": "Name",
        "roles": "Roles",
        "municipalities": "Municipalities",
        "posts": "Posts",
        "first": "First",
        "last": "Last",
        "organisation": "Organisation",
        "municipality": "Municipality",
        "people": "People",
        "organisations": "Organisations",
        "processes": "Processes",
        "activity": "Posts per year",
        "process": "Process",
        "in": "Taking part",
        "missing": "Missing",
        "event": "Event",
        "start": "Start",
        "end": "End",
        "place": "Place",
        "speakers": "Speakers",
        "participants": "Participants",
        "date": "Date",
        "title": "Post",
        "sentence": "Sentence",
        "url": "Link",
        "measure": "Measure",
        "value": "Value",
        "score": "Betweenness",
        "ties": "Ties",
        "group": "Group",
        "size": "Size",
        "rank": "Rank",
        "type": "Type",
        "tie": "Tie",
        "via": "Through",
        "events": "Events",
        "description": "Description",
        "step": "Step",
        "from": "From",
        "to": "To",
        "parameters": "Parameters",
    },
}

TYPES = {
    "sv": {
        "person": "person",
        "organisation": "organisation",
        "municipality": "kommun",
        "process": "process",
        "event": "evenemang",
    },
    "en": {
        "person": "person",
        "organisation": "organisation",
        "municipality": "municipality",
        "process": "process",
        "event": "event",
    },
}

# How a tie reads, after the connected person's or organisation's name.
TIE_WORDS = {
    "sv": {
        "delegation": "representerade {via} tillsammans",
        "event": "träffades på {via}",
        "colleague": "båda verksamma i {via}",
        "works_at": "{name} är verksam här",
        "staff": "verksam i {via}",
        "represented": "representerade {via}",
        "cooperation": "samarbetar enligt inlägget",
    },
    "en": {
        "delegation": "represented {via} together",
        "event": "met at {via}",
        "colleague": "both work in {via}",
        "works_at": "{name} works here",
        "staff": "works in {via}",
        "represented": "represented {via}",
        "cooperation": "named as working together",
    },
}

ROLE_HERE = {"sv": "{name} är {roles} här", "en": "{name} is {roles} here"}

MESSAGES = {
    "sv": {
        "works_with": "{name} samarbetar med:",
        "alone": "{name} finns i grafen men har inga kända samarbeten ännu.",
        "nothing": "inget med namnet “{text}” finns i grafen",
        "several": "flera passar “{text}”: {names}; skriv mer av namnet",
        "none": "Inga svar.",
        "rows": "Rader: {n}",
        "no_saved": "Det finns inga sparade frågor.",
    },
    "en": {
        "works_with": "{name} works with:",
        "alone": "{name} is in the graph but has no known collaborations yet.",
        "nothing": "nothing called “{text}” is in the graph",
        "several": "several fit “{text}”: {names}; type more of the name",
        "none": "No answers.",
        "rows": "Rows: {n}",
        "no_saved": "There are no saved queries.",
    },
}


def words(lang: str) -> dict[str, str]:
    """Return the messages in ``lang`` (Swedish unless it is en)."""
    return MESSAGES["en" if lang == "en" else "sv"]


def check_options(lang: str, format: str, formats: tuple[str, ...] = FORMATS) -> None:
    """Refuse an unknown --lang or --format with one line."""
    check_lang(lang)
    if format not in formats:
        raise UserError(f"unknown format '{format}': choose {', '.join(formats)}")


def period(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    """Return --since/--until as dates, or stop with one line."""
    from graph.questions import QuestionError, parse_period

    try:
        return parse_period(since, until)
    except QuestionError as error:
        raise UserError(str(error)) from None


def asked(lang: str):
    """Return a context manager turning a question's errors into one translated line."""
    return _Asked(lang)


class _Asked:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, tb: Any) -> bool:
        from graph.questions import Ambiguous, NotFound, QuestionError

        text = words(self.lang)
        if isinstance(error, Ambiguous):
            names = ", ".join(c.label for c in error.candidates)
            raise UserError(text["several"].format(text=error.text, names=names)) from None
        if isinstance(error, NotFound):
            raise UserError(text["nothing"].format(text=error.text)) from None
        if isinstance(error, QuestionError):
            raise UserError(str(error)) from None
        return False


# --- output -----------------------------------------------------------------------------------


def cell(value: Any, *, joiner: str = ", ") -> str:
    """Return a value as text for a table cell or a csv field: lists joined, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return joiner.join(cell(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def plain(value: Any) -> Any:
    """Return a value fit for JSON: dates as ISO text, sets as sorted lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def show(
    columns: list[str],
    rows: list[dict[str, Any]],
    *,
    format: str,
    lang: str,
    title: str | None = None,
    record: bool = False,
    translate: bool = True,
) -> None:
    """Print rows as a table (``record``: one "heading: value" line per column, for an answer
    about one thing), or as csv, tsv or json. Headings are translated; json keeps the keys."""
    heads = HEADINGS["en" if lang == "en" else "sv"] if translate else {}
    if format == "json":
        data = [{c: plain(row.get(c)) for c in columns} for row in rows]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if format in ("csv", "tsv"):
        writer = csv.writer(sys.stdout, delimiter="," if format == "csv" else "\t")
        writer.writerow([heads.get(c, c) for c in columns])
        for row in rows:
            writer.writerow([cell(row.get(c), joiner="; ") for c in columns])
        return
    if title:
        console.print(f"[bold]{escape(title)}[/]", soft_wrap=True)
    if not rows:
        console.print(words(lang)["none"])
        return
    if record:
        for row in rows:
            for c in columns:
                console.print(f"[bold]{escape(heads.get(c, c))}:[/] {escape(cell(row.get(c)))}")
            console.print()
        return
    from rich.table import Table

    table = Table(*[heads.get(c, c) for c in columns], show_lines=False)
    for row in rows:
        table.add_row(*[escape(cell(row.get(c))) for c in columns])
    console.print(table)


# --- who --------------------------------------------------------------------------------------


@friendly
def who(
    name: Annotated[
        str,
        typer.Argument(
            help="A person, organisation or municipality; part of the name is enough "
            "(terese, Blandford, Hoganas)."
        ),
    ],
    store: StoreOption = "samverkan-data",
    since: SinceOption = None,
    until: UntilOption = None,
    lang: LangOption = "sv",
    format: Annotated[
        str,
        typer.Option("--format", "-f", help="text (readable), csv, tsv or json."),
    ] = "text",
    limit: Annotated[
        int,
        typer.Option(help="Show the strongest N in the text answer; 0 shows everyone."),
    ] = 25,
) -> None:
    """Who works with NAME: people and organisations, ranked, how they are tied and where it
    is written (post, date, link and the sentence). The text answer shows the newest three
    sentences of each and how many more posts say so; csv and json give them all."""
    from graph.questions import who as ask_who

    check_options(lang, format, ("text", "csv", "tsv", "json"))
    start, end = period(since, until)
    # The text shows the strongest and their newest sentences; csv, tsv and json list every
    # connection with all its evidence.
    text = format == "text"
    strongest = limit if text and limit > 0 else 0
    with open_store_for(store) as graph_store, asked(lang):
        answer = ask_who(
            graph_store,
            name,
            since=start,
            until=end,
            lang=lang,
            limit=strongest,
            sentences=SENTENCES_SHOWN if text else 0,
        )
    if format == "json":
        from dataclasses import asdict

        data = asdict(answer)
        del data["total"]  # every connection is listed
        sys.stdout.write(json.dumps(plain(data), ensure_ascii=False, indent=2) + "\n")
    elif format in ("csv", "tsv"):
        show(WHO_COLUMNS, who_rows(answer, lang), format=format, lang=lang)
    else:
        _print_who(answer, lang, limit)


WHO_COLUMNS = ["rank", "name", "type", "roles", "tie", "date", "title", "url", "sentence"]


def tie_text(answer: Any, tie: Any, lang: str) -> str:
    """Return how a tie reads: "representerade Höganäs tillsammans"."""
    lang = "en" if lang == "en" else "sv"
    if tie.kind == "works_at":
        # Say what NAME does there when a post says it: "Terese Blandford är bibliotekschef här".
        word = " i " if lang == "sv" else " at "
        held = [r.rsplit(word, 1)[0] for r in answer.roles if r.endswith(word + tie.via)]
        if held:
            return ROLE_HERE[lang].format(
                name=answer.name, roles=" och ".join(held) if lang == "sv" else " and ".join(held)
            )
    return TIE_WORDS[lang].get(tie.kind, "{via}").format(via=tie.via, name=answer.name)


def who_rows(answer: Any, lang: str) -> list[dict[str, Any]]:
    """Return one row per connection, tie and post: the who answer for a spreadsheet."""
    types = TYPES["en" if lang == "en" else "sv"]
    rows = []
    for rank, connection in enumerate(answer.connections, start=1):
        for tie in connection.ties:
            for evidence in tie.evidence:
                rows.append(
                    {
                        "rank": rank,
                        "name": connection.label,
                        "type": types.get(connection.type, connection.type),
                        "roles": connection.roles,
                        "tie": tie_text(answer, tie, lang),
                        "date": evidence.date,
                        "title": evidence.title,
                        "url": evidence.url,
                        "sentence": evidence.sentence,
                    }
                )
    return rows


def _print_who(answer: Any, lang: str, limit: int = 0) -> None:
    text = words(lang)
    about = f"{answer.name} ({', '.join(answer.roles)})" if answer.roles else answer.name
    if not answer.connections:
        console.print(escape(text["alone"].format(name=about)), soft_wrap=True)
        return
    console.print(f"[bold]{escape(text['works_with'].format(name=about))}[/]\n", soft_wrap=True)
    shown = answer.connections[:limit] if limit > 0 else answer.connections
    for rank, connection in enumerate(shown, start=1):
        # One print per connection: rich takes about as long to print a line as a page.
        lines = _connection_lines(answer, connection, rank, lang)
        console.print("\n".join(lines) + "\n", soft_wrap=True)
    hidden = max(answer.total, len(answer.connections)) - len(shown)
    if hidden:
        more = (
            f"… och {hidden} till (--limit 0 visar alla)."
            if lang != "en"
            else f"… and {hidden} more (--limit 0 shows them all)."
        )
        console.print(more)


def _connection_lines(answer: Any, connection: Any, rank: int, lang: str) -> list[str]:
    """Return one connection of the text answer as lines of rich markup: who, how tied,
    and each sentence that says so (once) with its post."""
    roles = f" ({', '.join(connection.roles)})" if connection.roles else ""
    ties = "; ".join(tie_text(answer, tie, lang) for tie in connection.ties)
    lines = [f"{rank:>2}. [bold]{escape(connection.label)}[/]{escape(roles)} – {escape(ties)}"]
    said: dict[str, Any] = {}  # each sentence once, with the post it is in
    for tie in connection.ties:
        for evidence in tie.evidence:
            said.setdefault(evidence.sentence, evidence)
    newest = sorted(said.values(), key=lambda e: str(e.date or ""))[-SENTENCES_SHOWN:]
    for evidence in (e for e in said.values() if e in newest):
        where = ", ".join(cell(x) for x in (evidence.title, evidence.date, evidence.url) if x)
        lines.append(f"[italic]      «{escape(evidence.sentence)}»[/italic]")
        lines.append(f"      [dim]{escape(where)}[/]")
    # The answer holds the newest posts' sentences only; how many posts say so, it counts.
    posts = connection.posts - len({(e.title, e.date) for e in newest})
    if posts > 0:
        lines.append(
            f"      [dim]… och {posts} inlägg till (--format json visar alla)[/]"
            if lang != "en"
            else f"      [dim]… and {posts} more posts (--format json shows them all)[/]"
        )
    elif len(said) > len(newest):
        more = len(said) - len(newest)
        lines.append(
            f"      [dim]… och {more} meningar till (--format json visar alla)[/]"
            if lang != "en"
            else f"      [dim]… and {more} more sentences (--format json shows them all)[/]"
        )
    return lines


# The text answer shows the newest few sentences of each connection: someone named together
# in 200 posts would otherwise fill the screen many times over (json and csv have them all).
SENTENCES_SHOWN = 3


# --- query ------------------------------------------------------------------------------------


@friendly
def query(
    sparql: Annotated[
        str | None,
        typer.Argument(
            help="A SPARQL query; '@FILE' reads it from a file, '-' from standard input, "
            "and a saved query's name runs that query."
        ),
    ] = None,
    store: StoreOption = "samverkan-data",
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, csv, tsv or json.")
    ] = "table",
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="A saved query's parameter as name=value (repeat for more); the value is "
            "bound as data, never pasted into the query.",
        ),
    ] = None,
    list_saved: Annotated[
        bool, typer.Option("--list", help="List the saved queries and their parameters.")
    ] = False,
    lang: LangOption = "sv",
) -> None:
    """Run a SPARQL query on the graph (all posts together) and print the rows; or run one of
    the project's saved queries by name (samverkan query --list shows them)."""
    from graph.questions import saved_queries

    check_options(lang, format)
    if list_saved:
        _list_saved(saved_queries(), format, lang)
        return
    if not sparql:
        raise UserError("give a SPARQL query, @FILE, - or a saved query's name (see --list)")
    values = _params(param or [])
    saved = {q.name for q in saved_queries()}
    with open_store_for(store) as graph_store:
        if sparql in saved:
            from graph.questions import run_saved

            with asked(lang):
                rows = run_saved(graph_store, sparql, values)
        else:
            if values:
                raise UserError(f"--param works with saved queries only, and '{sparql}' is none")
            # The store knows the project's prefixes; nothing is prepended, so that an error's
            # line number is the line the user wrote.
            rows = graph_store.query(_query_text(sparql))
    columns = list(getattr(rows, "columns", None) or (list(rows[0]) if rows else []))
    show(columns, list(rows), format=format, lang=lang, translate=False)
    if format == "table":
        console.print(f"[dim]{words(lang)['rows'].format(n=len(rows))}[/]")


def _params(items: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"--param needs name=value, not '{item}'")
        values[key.strip()] = value
    return values


def _list_saved(queries: list, format: str, lang: str) -> None:
    rows = []
    for q in queries:
        description, params = q.describe(lang)
        rows.append(
            {
                "name": q.name,
                "description": description,
                "parameters": [f"{p}: {what}" if what else p for p, what in params.items()],
            }
        )
    show(["name", "description", "parameters"], rows, format=format, lang=lang)


def _query_text(sparql: str) -> str:
    if sparql == "-":
        return sys.stdin.read()
    if sparql.startswith("@"):
        path = Path(sparql[1:])
        if not path.is_file():
            raise UserError(f"{path}: no such query file")
        return path.read_text(encoding="utf-8")
    return sparql


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel=PANEL)(who)
    app.command(rich_help_panel=PANEL)(query)
