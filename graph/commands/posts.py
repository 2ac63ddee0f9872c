"""Commands that put posts into the graph: ingest."""

from __future__ import annotations

from typing import Annotated

import typer

from graph.commands.common import (
    StoreOption,
    console,
    errors,
    every_hundred_posts,
    fail,
    friendly,
    open_store_for,
    posts,
    progress,
)
from graph.commands.curation import CurationOption, load_curation

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
    curation: CurationOption = None,
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
        report = ingest_posts(
            paths,
            graph_store,
            curation=load_curation(store, curation),
            on_post=every_hundred_posts("read"),
        )
    for line in report.failures:
        errors.print(f"[red]could not read[/] {line}", soft_wrap=True, markup=True)
    progress(f"Read {posts(len(report.posts))} into {store}.")
    if report.failures:
        failed = len(report.failures)
        files = "file" if failed == 1 else "files"
        fail(f"{failed} {files} could not be read (listed above); everything else was read.")


STYLES = {
    "person": "bold magenta",
    "organisation": "bold cyan",
    "role": "green",
    "municipality": "bold yellow",
    "locality": "yellow",
    "county": "yellow",
    "event": "bold blue",
    "process": "bold green",
    "group": "magenta",
}
KIND_NAMES = {
    "person": "person",
    "organisation": "organisation",
    "role": "roll",
    "municipality": "kommun",
    "locality": "ort",
    "county": "län/region",
    "event": "evenemang",
    "process": "process",
    "group": "grupp",
}

FACT_NAMES = {
    "member_of": "hör till",
    "role": "har rollen",
    "delegation": "delegation",
    "speaker": "talare",
    "participant": "deltagare",
    "participant_org": "deltagande organisation",
    "participant_group": "deltagande grupp",
    "cooperation": "samarbetar med",
}


@friendly
def show(
    path: Annotated[str, typer.Argument(help="A file of posts (any format ingest reads).")],
    facts: Annotated[
        bool, typer.Option(help="Also list every fact with the rule that found it.")
    ] = True,
) -> None:
    """Show a post with what samverkan finds in it marked, and why.

    People, organisations, roles, places, events and processes are coloured in the text; the
    facts below it name the rule that found each one and how sure it is.
    """
    from rich.table import Table
    from rich.text import Text

    from graph.annotate import build_models
    from graph.explain import fact_lines, segments
    from graph.pipeline import analyse_paths
    from graph.read import ReadError

    build_models(progress=progress)
    for doc in analyse_paths([path]):
        if isinstance(doc, ReadError):
            fail(str(doc))
        console.rule(f"{doc.post.title} ({doc.post.date or 'utan datum'})")
        text = Text()
        for segment in segments(doc):
            text.append(segment.text, style=STYLES.get(segment.kind or "", ""))
        console.print(text)
        legend = Text()
        for kind, style in STYLES.items():
            legend.append(f" {KIND_NAMES[kind]} ", style=style)
        console.print(legend)
        if facts:
            table = Table("fakta", "vem/vad", "till", "detalj", "regel", "säkerhet")
            for line in fact_lines(doc):
                table.add_row(
                    FACT_NAMES.get(line.kind, line.kind),
                    line.subject,
                    line.object,
                    line.detail,
                    line.rule,
                    f"{line.confidence:.2f}",
                )
            console.print(table)


@friendly
def themes(
    paths: Annotated[list[str], typer.Argument(help="Files or folders of posts.")],
    min_posts: Annotated[
        int, typer.Option(help="Show themes found in at least this many posts.")
    ] = 2,
) -> None:
    """List recurring themes that are not collaboration processes yet, as candidates.

    Nothing is added to the graph: a theme worth following goes into ontology/processes.ttl
    (with its Swedish label and variants), and is found in every post from then on.
    """
    from rich.table import Table

    from graph.annotate import build_models
    from graph.extract.themes import candidate_themes
    from graph.pipeline import analyse_paths
    from graph.read import ReadError

    build_models(progress=progress)
    docs = []
    for doc in analyse_paths(paths):
        if isinstance(doc, ReadError):
            errors.print(f"[red]could not read[/] {doc}", soft_wrap=True)
            continue
        docs.append(doc)
    table = Table("tema", "inlägg", "exempel")
    for candidate in candidate_themes(docs, min_posts=min_posts):
        table.add_row(candidate.lemma, str(len(candidate.posts)), candidate.examples[0])
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel=PANEL)(ingest)
    app.command(rich_help_panel=PANEL)(show)
    app.command(rich_help_panel=PANEL)(themes)
