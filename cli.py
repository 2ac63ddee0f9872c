"""samverkan's command line: the typer root, which only joins the command modules.

Each command lives in graph/commands/ and calls one library function; the heavy libraries
(rdflib, efselab, networkx, pyvis) are imported inside the commands that need them, so that
``samverkan --help`` answers at once.
"""

from __future__ import annotations

import typer

from graph.commands import answers, curation, data, maps, posts, ready
from graph.commands.common import wrap_help

app = typer.Typer(
    name="samverkan",
    help=(
        "samverkan: who works with whom in regional library development.\n\n"
        "Reads blog posts, finds the people, roles, organisations, municipalities, events and "
        "collaboration processes in them, and keeps them as a knowledge graph you can ask."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
)

for module in (posts, answers, ready, maps, curation, data):
    module.register(app)

wrap_help(app)


def main() -> None:
    """Run the command line (the ``samverkan`` console script)."""
    app()


if __name__ == "__main__":
    main()
