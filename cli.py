"""samverkan's command line: the typer root, which only joins the command modules.

Each command lives in graph/commands/ and calls one library function; the heavy libraries
(rdflib, efselab, networkx, pyvis) are imported inside the commands that need them, so that
``samverkan --help`` answers at once.
"""

from __future__ import annotations

import inspect

import typer

from graph.commands import answers, curation, data, maps, posts, ready

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


def _help(docstring: str) -> str:
    """Return a command's docstring as its help: each paragraph one line, which the terminal
    wraps to its width (rich keeps every line break of the source, mid-sentence too)."""
    paragraphs = inspect.cleandoc(docstring).split("\n\n")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


for command in app.registered_commands:
    if command.help is None and command.callback is not None and command.callback.__doc__:
        command.help = _help(command.callback.__doc__)


def main() -> None:
    """Run the command line (the ``samverkan`` console script)."""
    app()


if __name__ == "__main__":
    main()
