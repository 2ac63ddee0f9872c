"""Commands that answer questions: who, query."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph.commands.common import StoreOption, UserError, console, friendly, open_store_for

PANEL = "Questions"

TIE_WORDS = {
    "sv": {
        "delegation": "i samma delegation för",
        "event": "på samma evenemang:",
        "organisation": "i samma organisation:",
        "member": "medlem av",
    },
    "en": {
        "delegation": "in the same delegation for",
        "event": "at the same event:",
        "organisation": "in the same organisation:",
        "member": "member of",
    },
}
HEADINGS = {
    "sv": {
        "works_with": "{name} samarbetar med:",
        "nobody": "Ingen med namnet “{query}” finns i grafen.",
        "choose": "Flera personer passar “{query}”; skriv hela namnet:",
        "alone": "{name} finns i grafen men har inga kända samarbeten ännu.",
    },
    "en": {
        "works_with": "{name} works with:",
        "nobody": "Nobody called “{query}” is in the graph.",
        "choose": "Several people fit “{query}”; type the full name:",
        "alone": "{name} is in the graph but has no known collaborations yet.",
    },
}

LangOption = Annotated[
    str, typer.Option("--lang", help="Language of headings: sv (Swedish) or en (English).")
]


@friendly
def who(
    name: Annotated[str, typer.Argument(help="A person's name; part of it is enough.")],
    store: StoreOption = "samverkan-data",
    lang: LangOption = "sv",
    format: Annotated[
        str, typer.Option("--format", "-f", help="text (readable) or json.")
    ] = "text",
) -> None:
    """Who works with NAME: people and organisations, how they are tied, and where it is written."""
    from graph.questions import who as ask_who

    words = HEADINGS.get(lang) or HEADINGS["sv"]
    with open_store_for(store) as graph_store:
        answer = ask_who(graph_store, name)
    if format == "json":
        _print_json(answer)
        return
    if answer.person is None:
        if not answer.candidates:
            raise UserError(words["nobody"].format(query=name))
        console.print(words["choose"].format(query=escape(name)))
        for _, candidate in answer.candidates:
            console.print(f"  • {escape(candidate)}")
        raise typer.Exit(1)
    if not answer.connections:
        console.print(words["alone"].format(name=escape(answer.name or name)))
        return
    console.print(f"[bold]{escape(words['works_with'].format(name=answer.name))}[/]\n")
    tie_words = TIE_WORDS.get(lang) or TIE_WORDS["sv"]
    for rank, connection in enumerate(answer.connections, start=1):
        ties = "; ".join(f"{tie_words[t.kind]} {t.via}" for t in connection.ties)
        console.print(f"{rank:>2}. [bold]{escape(connection.label)}[/] – {escape(ties)}")
        for evidence in {e.sentence: e for t in connection.ties for e in t.evidence}.values():
            where = ", ".join(str(x) for x in (evidence.title, evidence.date, evidence.url) if x)
            console.print(f"      «{escape(evidence.sentence)}»", style="italic")
            console.print(f"      [dim]{escape(where)}[/]")
        console.print()


def _print_json(answer) -> None:
    from dataclasses import asdict

    sys.stdout.write(json.dumps(asdict(answer), ensure_ascii=False, indent=2, default=str) + "\n")


@friendly
def query(
    sparql: Annotated[
        str,
        typer.Argument(
            help="A SPARQL query; '@FILE' reads it from a file and '-' from standard input."
        ),
    ],
    store: StoreOption = "samverkan-data",
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, csv, tsv or json.")
    ] = "table",
) -> None:
    """Run a SPARQL query on the graph (all posts together) and print the rows."""
    text = _query_text(sparql)
    if format not in {"table", "csv", "tsv", "json"}:
        raise UserError(f"unknown format '{format}': choose table, csv, tsv or json")
    from graph.vocab import sparql_prefixes

    if "PREFIX" not in text.upper():
        text = sparql_prefixes() + text
    with open_store_for(store) as graph_store:
        rows = graph_store.query(text)
    columns = list(getattr(rows, "columns", None) or (list(rows[0]) if rows else []))
    _print_rows(rows, columns, format)


def _query_text(sparql: str) -> str:
    if sparql == "-":
        return sys.stdin.read()
    if sparql.startswith("@"):
        path = Path(sparql[1:])
        if not path.is_file():
            raise UserError(f"{path}: no such query file")
        return path.read_text(encoding="utf-8")
    return sparql


def _print_rows(rows, columns: list[str], format: str) -> None:
    if format == "json":
        data = [{c: row.get(c) for c in columns} for row in rows]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if format in {"csv", "tsv"}:
        writer = csv.writer(sys.stdout, delimiter="," if format == "csv" else "\t")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
        return
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*[escape("" if row.get(c) is None else str(row.get(c))) for c in columns])
    console.print(table)
    console.print(f"[dim]{len(rows)} rows[/]")


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel=PANEL)(who)
    app.command(rich_help_panel=PANEL)(query)
