"""Commands that move the graph in and out: export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.commands.common import StoreOption, UserError, friendly, open_store_for, progress

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


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel=PANEL)(export)
