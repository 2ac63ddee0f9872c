"""What every command shares: the --store option, one-line errors, the console."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console

DEFAULT_STORE = "samverkan-data"

LangOption = Annotated[
    str, typer.Option("--lang", help="Language of headings and labels: sv or en.")
]

StoreOption = Annotated[
    str,
    typer.Option(
        "--store",
        "-s",
        envvar="SAMVERKAN_STORE",
        help="Where the graph is kept: a folder (created if needed) or the http(s):// address "
        "of a SPARQL server.",
        show_default=True,
    ),
]

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


class UserError(Exception):
    """A problem the user can fix; its message is shown as one line."""


def fail(message: str, code: int = 1) -> None:
    """Print one clear line on standard error and stop with ``code``."""
    errors.print(f"[bold red]samverkan:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


def friendly(command):
    """Wrap a command so that no traceback reaches the user: one line per problem instead."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except UserError as error:
            fail(str(error))
        except Exception as error:  # noqa: BLE001 - the last line of defence for users
            if os.environ.get("SAMVERKAN_DEBUG"):
                raise
            name = type(error).__name__
            known = _known_message(error)
            fail(
                known
                or f"an unexpected problem stopped the command ({name}: {error}). "
                "Run again with SAMVERKAN_DEBUG=1 to see the details."
            )

    return wrapper


def _known_message(error: Exception) -> str | None:
    from graph.annotate import NLPUnavailable

    try:
        from graph.store import StoreError
    except ImportError:  # pragma: no cover - the store module always exists
        StoreError = ()  # noqa: N806
    if isinstance(error, NLPUnavailable | StoreError):
        return str(error)
    return None


def open_store_for(location: str, *, write: bool = False):
    """Open the store at ``location`` (folder or URL) as a context manager."""
    from graph.store import open_store

    return open_store(location, write=write)


def progress(line: str) -> None:
    errors.print(line, style="dim")


def posts(count: int) -> str:
    """Return "1 post", "2 posts"."""
    return f"{count} post" if count == 1 else f"{count} posts"


def every_hundred_posts(done: str) -> Callable[[object], None]:
    """Return a callback for each post written that shows "… 100 posts <done>" every
    hundred: posts are written in batches, and a long run must be seen to move."""
    written = 0

    def count(_post: object) -> None:
        nonlocal written
        written += 1
        if written % 100 == 0:
            progress(f"… {posts(written)} {done}")

    return count


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def check_lang(lang: str) -> None:
    """Refuse an unknown --lang with one line."""
    if lang not in ("sv", "en"):
        raise UserError(f"unknown language '{lang}': choose sv or en")


def wrap_help(app: typer.Typer) -> None:
    """Give every command of ``app`` its docstring as help, each paragraph one line that the
    terminal wraps to its width (rich keeps every line break of the source, mid-sentence
    too)."""
    for command in app.registered_commands:
        if command.help is None and command.callback is not None and command.callback.__doc__:
            paragraphs = inspect.cleandoc(command.callback.__doc__).split("\n\n")
            command.help = "\n\n".join(" ".join(p.split()) for p in paragraphs)
