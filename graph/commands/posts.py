"""Commands that put posts into the graph: ingest."""

from __future__ import annotations

from typing import Annotated

import typer

from graph.commands.common import StoreOption, errors, fail, friendly, open_store_for, progress

PANEL = "Posts"


@friendly
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders of posts (text copies, Blogger pages and exports, feeds, "
            "WordPress exports, HTML, JSON Lines, Markdown); '-' reads standard input.",
            show_default=False,
        ),
    ],
    store: StoreOption = "samverkan-data",
) -> None:
    """Read posts and add what they say to the graph.

    Each post gets its own part of the graph, so reading a post again replaces what it said
    before and never duplicates it. A file that cannot be read is reported on one line and
    the others are still read; the command then ends with exit status 1.
    """
    from graph.annotate import build_models
    from graph.pipeline import ingest as ingest_posts

    build_models(progress=progress)
    with open_store_for(store, write=True) as graph_store:
        report = ingest_posts(paths, graph_store)
    for line in report.failures:
        errors.print(f"[red]could not read[/] {line}", soft_wrap=True, markup=True)
    count = len(report.posts)
    noun = "post" if count == 1 else "posts"
    progress(f"Read {count} {noun} into {store}.")
    if report.failures:
        fail(f"{len(report.failures)} input(s) could not be read; the rest were ingested.")


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel=PANEL)(ingest)
