"""Commands that move the graph in and out: export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.commands.common import (
    StoreOption,
    UserError,
    console,
    friendly,
    open_store_for,
    progress,
)

PANEL = "Data"
FORMATS = ("turtle", "trig", "nt", "jsonld")


@friendly
def export(
    store: StoreOption = "samverkan-data",
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="turtle (readable), trig (keeps which post said what), nt (one triple a "
            "line) or jsonld.",
        ),
    ] = "turtle",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The file to write; without it, standard output."),
    ] = None,
) -> None:
    """Write the whole graph to a file in a standard RDF format."""
    if format not in FORMATS:
        raise UserError(f"unknown format '{format}': choose one of {', '.join(FORMATS)}")
    with open_store_for(store) as graph_store:
        if output is None:
            import sys

            graph_store.export(format, sys.stdout)
        else:
            graph_store.export(format, output)
            progress(f"Wrote {output}.")


@friendly
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="RDF files: .trig or .nq keep their named graphs; "
            ".ttl, .nt and .jsonld go to a graph named after the file."
        ),
    ],
    store: StoreOption = "samverkan-data",
) -> None:
    """Read RDF files (for example an earlier export) back into the graph.

    A named graph in the file replaces the graph of the same name, so importing the same file
    twice changes nothing, and an export imported into an empty store gives the same export.
    """
    with open_store_for(store, write=True) as graph_store:
        for path in files:
            if not path.is_file():
                raise UserError(f"{path}: no such file")
            graphs = graph_store.import_file(path)
            progress(f"Imported {path} ({len(graphs)} graph{'s' if len(graphs) != 1 else ''}).")


@friendly
def remove(
    posts: Annotated[
        list[str], typer.Argument(help="Posts to take out: their title, web address or IRI.")
    ],
    store: StoreOption = "samverkan-data",
) -> None:
    """Take posts out of the graph, with everything that was read from them.

    People and organisations that other posts also mention stay; what only these posts said
    goes.
    """
    from graph.questions import find_posts

    with open_store_for(store, write=True) as graph_store:
        for wanted in posts:
            found = find_posts(graph_store, wanted)
            if not found:
                raise UserError(f"no post called “{wanted}” is in the graph")
            if len(found) > 1:
                titles = "; ".join(title for _, title in found)
                raise UserError(f"several posts fit “{wanted}”: {titles}; be more precise")
            graph_iri, title = found[0]
            graph_store.remove_graph(graph_iri)
            progress(f"Removed “{title}”.")


@friendly
def validate(
    store: StoreOption = "samverkan-data",
    lang: Annotated[str, typer.Option("--lang", help="sv (Swedish) or en (English).")] = "sv",
    limit: Annotated[int, typer.Option(help="Show at most this many problems.")] = 50,
) -> None:
    """Check the graph against the project's rules (SHACL shapes in ontology/shapes.ttl).

    Ends with exit status 1 when a rule is broken, listing each problem on one line.
    """
    from graph.ontology import validate_store

    with open_store_for(store) as graph_store:
        report = validate_store(graph_store)
    lines = report.messages(lang)
    for line in lines[:limit]:
        console.print(f"• {line}", soft_wrap=True, markup=False)
    if len(lines) > limit:
        console.print(f"… and {len(lines) - limit} more")
    if not report.conforms:
        raise typer.Exit(1)
    ok = "Grafen följer reglerna." if lang == "sv" else "The graph follows the rules."
    console.print(ok)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel=PANEL)(export)
    app.command("import", rich_help_panel=PANEL)(import_)
    app.command(rich_help_panel=PANEL)(remove)
    app.command(rich_help_panel=PANEL)(validate)
