"""The map command: an interactive network map in one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.commands.common import StoreOption, UserError, friendly, open_store_for, progress

PANEL = "Maps"


@friendly
def map(  # noqa: A001 - the command is called "map"
    store: StoreOption = "samverkan-data",
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write (.html, .png or .svg).")
    ] = Path("samverkan-map.html"),
    focus: Annotated[
        str | None, typer.Option(help="Only NAME and what is near it (a person, organisation...).")
    ] = None,
    depth: Annotated[int, typer.Option(help="How many steps from --focus to include.")] = 2,
    kind: Annotated[
        str, typer.Option(help="What to show: all, people, organisations or municipalities.")
    ] = "all",
    process: Annotated[
        str | None, typer.Option(help="Only posts about this process, e.g. meröppet.")
    ] = None,
    municipality: Annotated[
        str | None, typer.Option(help="Only posts about this municipality, e.g. Höganäs.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only posts from this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only posts up to this date (YYYY-MM-DD).")
    ] = None,
    layout: Annotated[
        str, typer.Option(help="force (a network drawing) or geo (places at their real position).")
    ] = "force",
    seed: Annotated[int, typer.Option(help="The same seed gives the same drawing.")] = 0,
    lang: Annotated[str, typer.Option("--lang", help="sv (Swedish) or en (English).")] = "sv",
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="html (interactive, the default), png or svg (a static drawing for reports); "
            "without it, the output file's ending decides.",
        ),
    ] = None,
) -> None:
    """Draw who works with whom as a map you can open in any browser, even offline."""
    from graph import maps, network

    if kind not in {"all", "people", "organisations", "municipalities"}:
        raise UserError("--kind must be all, people, organisations or municipalities")
    if format not in {None, "html", "png", "svg"}:
        raise UserError("--format must be html, png or svg")
    if layout not in {"force", "geo"}:
        raise UserError("--layout must be force or geo")
    title = (
        "samverkan – vem samarbetar med vem" if lang == "sv" else "samverkan – who works with whom"
    )
    try:
        with open_store_for(store) as graph_store:
            G = network.collaboration_graph(
                graph_store, since=since, until=until, process=process, municipality=municipality
            )
        if focus:
            nodes = network.find_nodes(G, focus)
            if not nodes:
                raise UserError(f"nothing called “{focus}” is in the graph")
            G = network.ego(G, nodes[0], depth)
        if kind != "all":
            G = network.project(G, kind)
        suffix = output.suffix.lower()
        if suffix in {".png", ".svg"}:
            maps.write_static(
                G, output, suffix[1:], title=title, layout=layout, seed=seed, lang=lang
            )
        else:
            maps.write_map(G, output, title=title, layout=layout, seed=seed, lang=lang)
    except ValueError as error:  # the network and map functions explain bad filters in one line
        raise UserError(str(error)) from error
    progress(f"Wrote {output} ({G.number_of_nodes()} nodes, {G.number_of_edges()} ties).")


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel=PANEL)(map)
