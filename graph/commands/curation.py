"""Commands that let the people who know settle what the graph got wrong: entities, merge,
alias, ignore, rename, review, rebuild.

Each command writes one entry into the curation file (graph.curation; docs/curation.md) and
then rebuilds the posts it touches, so the graph shows the change at once and every later
ingest and rebuild keeps it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph.commands.common import (
    LangOption,
    StoreOption,
    UserError,
    check_lang,
    console,
    errors,
    every_hundred_posts,
    friendly,
    open_store_for,
    posts,
    progress,
)

PANEL = "Curation"

CurationOption = Annotated[
    str | None,
    typer.Option(
        "--curation",
        "-c",
        envvar="SAMVERKAN_CURATION",
        help="The curation file (YAML). Default: curation.yaml in the store folder; "
        "for a server store, curation.yaml in the current folder.",
        show_default=False,
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option("--by", help="Who decides (default: $SAMVERKAN_USER or your login name)."),
]
NoteOption = Annotated[
    str | None, typer.Option("--note", help="Why: a short note kept with the decision.")
]
KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind",
        "-k",
        help="person, organisation, municipality, locality, event or process.",
    ),
]


def load_curation(store: str, option: str | None):
    """Return the curation for ``store`` (the --curation file, or the store's own)."""
    return _load(store, option)


def _load(store: str, option: str | None):
    from graph.curation import CurationError, default_path, load

    path = Path(option) if option else default_path(store)
    try:
        return load(path)
    except CurationError as error:
        raise UserError(str(error)) from None


def _save(curation) -> None:
    from graph.curation import save

    save(curation)
    progress(f"Saved {curation.path}.")


def _apply(graph_store, curation, graphs: list[str]) -> None:
    """Rebuild the posts a change touches and rewrite the curation graph."""
    from graph.annotate import build_models
    from graph.pipeline import rebuild as rebuild_posts
    from graph.pipeline import write_curation

    if not graphs:
        write_curation(graph_store, curation)
        return
    build_models(progress=progress)
    report = rebuild_posts(graph_store, curation=curation, graphs=graphs)
    for line in report.failures:
        errors.print(f"[red]could not rebuild[/] {escape(line)}", soft_wrap=True)
    noun = "post" if len(report.posts) == 1 else "posts"
    progress(f"Updated {len(report.posts)} {noun}.")


def _one(graph_store, ref: str, kind: str | None, what: str):
    """Return the one entity ``ref`` names, or stop with a line saying why not."""
    from graph.curation import find_entities, short

    found = find_entities(graph_store, ref, kind=kind)
    if not found:
        raise UserError(f"no {what} called “{ref}” in the graph; see `samverkan entities`")
    if len(found) > 1:
        names = "; ".join(f"{e.label} ({short(e.iri)})" for e in found[:5])
        raise UserError(f"“{ref}” fits several: {names}. Name one by its id")
    return found[0]


def _name_ref(entity) -> str:
    """How the file names an entity: its label when that gives the same IRI, else its id."""
    from graph.curation import short, to_iri

    return entity.label if to_iri(entity.label, entity.kind) == entity.iri else short(entity.iri)


@friendly
def entities(
    text: Annotated[str, typer.Argument(help="Show only names containing this.")] = "",
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="person, organisation, place, event or process.",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = "samverkan-data",
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many.")] = 50,
    lang: Annotated[str, typer.Option("--lang", help="sv (Swedish) or en (English).")] = "sv",
) -> None:
    """List people, organisations and places with how many posts mention them and the names
    written for them, most mentioned first."""
    from graph.curation import entities as list_entities
    from graph.curation import short

    if kind and kind not in {"person", "organisation", "place", "event", "process"}:
        raise UserError(
            f"unknown kind '{kind}': choose person, organisation, place, event, process"
        )
    with open_store_for(store) as graph_store:
        rows = list_entities(graph_store, text=text, kind=kind)
    words = _ENTITY_WORDS.get(lang, _ENTITY_WORDS["sv"])
    table = Table(*words["columns"])
    for row in rows[:limit]:
        variants = ", ".join(row.variants)
        kind_name = words["kinds"].get(row.kind, row.kind)
        table.add_row(
            *(escape(str(v)) for v in (row.label, kind_name, row.posts, variants)), short(row.iri)
        )
    console.print(table)
    console.print(f"[dim]{words['shown'].format(shown=min(len(rows), limit), total=len(rows))}[/]")


_ENTITY_WORDS = {
    "sv": {
        "columns": ("Namn", "Slag", "Inlägg", "Skrivs också", "Id"),
        "kinds": {
            "person": "person",
            "organisation": "organisation",
            "municipality": "kommun",
            "locality": "ort",
            "place": "plats",
            "county": "län",
            "event": "evenemang",
            "process": "process",
        },
        "shown": "{shown} av {total}",
    },
    "en": {
        "columns": ("Name", "Kind", "Posts", "Also written", "Id"),
        "kinds": {},
        "shown": "{shown} of {total} entities",
    },
}


@friendly
def merge(
    keep: Annotated[str, typer.Argument(help="The entity to keep (name or id).")],
    other: Annotated[str, typer.Argument(help="The entity that is the same (name or id).")],
    store: StoreOption = "samverkan-data",
    curation: CurationOption = None,
    by: ByOption = None,
    note: NoteOption = None,
) -> None:
    """Say that OTHER is the same as KEEP: one node from now on, with KEEP's name."""
    from graph.curation import Merge, current_user, posts_mentioning, short

    cur = _load(store, curation)
    with open_store_for(store, write=True) as graph_store:
        a = _one(graph_store, keep, None, "entity")
        b = _one(graph_store, other, a.kind, a.kind)
        if a.iri == b.iri:
            raise UserError(f"“{keep}” and “{other}” are already one entity")
        cur.merges.append(
            Merge(into=short(a.iri), merge=[short(b.iri)], by=by or current_user(), note=note)
        )
        _save(cur)
        _apply(graph_store, cur, posts_mentioning(graph_store, [b.iri]))
    console.print(f"{escape(b.label)} is now {escape(a.label)}.")


@friendly
def alias(
    name: Annotated[str, typer.Argument(help="The entity (name or id).")],
    alias_name: Annotated[str, typer.Argument(metavar="ALIAS", help="Another name for it.")],
    store: StoreOption = "samverkan-data",
    curation: CurationOption = None,
    by: ByOption = None,
    note: NoteOption = None,
) -> None:
    """Say that ALIAS, wherever it is written, means NAME ("Stefan" -> Stefan Wahlstedt, "KB")."""
    from graph.curation import Alias, current_user, posts_mentioning

    cur = _load(store, curation)
    with open_store_for(store, write=True) as graph_store:
        entity = _one(graph_store, name, None, "entity")
        cur.aliases.append(
            Alias(
                name=_name_ref(entity),
                alias=alias_name,
                kind=entity.kind,
                by=by or current_user(),
                note=note,
            )
        )
        _save(cur)
        _apply(graph_store, cur, posts_mentioning(graph_store, texts=[alias_name]))
    console.print(f"“{escape(alias_name)}” now means {escape(entity.label)}.")


@friendly
def ignore(
    name: Annotated[str, typer.Argument(help="The name that is wrongly read (or an id).")],
    kind: KindOption = None,
    store: StoreOption = "samverkan-data",
    curation: CurationOption = None,
    by: ByOption = None,
    note: NoteOption = None,
) -> None:
    """Say that NAME is not a KIND ("Lilla slottet" is not a person): it leaves every answer."""
    from graph.curation import KINDS, Ignore, current_user, find_entities, posts_mentioning

    if kind is not None and kind not in KINDS:
        raise UserError(f"unknown kind '{kind}': choose one of {', '.join(KINDS)}")
    cur = _load(store, curation)
    with open_store_for(store, write=True) as graph_store:
        found = find_entities(graph_store, name, kind=kind)
        cur.ignores.append(Ignore(name=name, kind=kind, by=by or current_user(), note=note))
        _save(cur)
        graphs = posts_mentioning(graph_store, [e.iri for e in found], texts=[name])
        _apply(graph_store, cur, graphs)
    what = f" as a {kind}" if kind else ""
    console.print(f"“{escape(name)}” is ignored{what} from now on.")


@friendly
def rename(
    old: Annotated[str, typer.Argument(help="The old name (or id).")],
    new: Annotated[str, typer.Argument(help="The new name.")],
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="When the new name took effect (YYYY-MM-DD). With a date, posts before it "
            "keep the old organisation; without, the new name replaces the old everywhere.",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = "samverkan-data",
    curation: CurationOption = None,
    by: ByOption = None,
    note: NoteOption = None,
) -> None:
    """Say that OLD is called NEW ("Malmö högskola" became "Malmö universitet" on 2018-01-01)."""
    from graph.curation import Rename, current_user, posts_mentioning, to_iri

    when = _date(date)
    cur = _load(store, curation)
    with open_store_for(store, write=True) as graph_store:
        entity = _one(graph_store, old, None, "entity")
        cur.renames.append(
            Rename(
                old=_name_ref(entity),
                new=new,
                date=when,
                kind=entity.kind,
                by=by or current_user(),
                note=note,
            )
        )
        _save(cur)
        iris = [entity.iri, to_iri(new, entity.kind)]
        _apply(graph_store, cur, posts_mentioning(graph_store, iris, texts=[new]))
    since = f" from {when.isoformat()}" if when else ""
    console.print(f"{escape(entity.label)} is called {escape(new)}{since}.")


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"the date '{text}' is not written YYYY-MM-DD") from None


@friendly
def review(
    accept: Annotated[
        list[str] | None, typer.Option("--accept", help="Confirm the fact with this id.")
    ] = None,
    reject: Annotated[
        list[str] | None, typer.Option("--reject", help="Reject the fact with this id.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Ask about at most this many.")] = 20,
    store: StoreOption = "samverkan-data",
    curation: CurationOption = None,
    by: ByOption = None,
    lang: LangOption = "sv",
) -> None:
    """Go through the least certain facts one by one: confirm, reject or skip each.

    With --accept ID or --reject ID (ids as review shows them) it decides without asking.
    """
    from graph.curation import decide, find_review_item, review_items

    check_lang(lang)
    cur = _load(store, curation)
    with open_store_for(store, write=True) as graph_store:
        graphs: set[str] = set()
        given = [(i, "accept") for i in accept or []] + [(i, "reject") for i in reject or []]
        for item_id, decision in given:
            item = find_review_item(graph_store, item_id, lang)
            if item is None:
                raise UserError(f"no fact with id {item_id}; run `samverkan review` to see ids")
            graphs.add(decide(cur, item, decision, by=by))
        if not given:
            for item in review_items(graph_store, cur, limit=limit, lang=lang):
                decision = _ask(item, lang)
                if decision == "quit":
                    break
                if decision in {"accept", "reject"}:
                    graphs.add(decide(cur, item, decision, by=by))
                    _save(cur)
        if graphs:
            _save(cur)
            _apply(graph_store, cur, sorted(graphs))
    console.print(_REVIEW_WORDS[lang]["changed"].format(n=len(graphs)))


# What review says and which keys answer it, per language.
_REVIEW_WORDS = {
    "sv": {
        "certainty": "säkerhet",
        "prompt": "[j]a, det stämmer / [n]ej, fel / [h]oppa över / [s]luta",
        "skip": "h",
        "keys": {"j": "accept", "n": "reject", "h": "skip", "s": "quit"},
        "changed": "{n} inlägg ändrades av besluten.",
    },
    "en": {
        "certainty": "certainty",
        "prompt": "[a]ccept, [r]eject, [s]kip, [q]uit",
        "skip": "s",
        "keys": {"a": "accept", "r": "reject", "s": "skip", "q": "quit"},
        "changed": "{n} post(s) changed by the decisions.",
    },
}


def _ask(item, lang: str = "sv") -> str:
    said = _REVIEW_WORDS[lang]
    console.print(
        f"\n[bold]{escape(item.description)}[/]  [dim]({said['certainty']} "
        f"{item.confidence:.2f}, id {item.id})[/]"
    )
    console.print(f"  «{escape(item.sentence)}»", style="italic")
    console.print(f"  [dim]{escape(item.title)}[/]")
    answer = typer.prompt(said["prompt"], default=said["skip"])
    return said["keys"].get(answer.strip().lower()[:1], "skip")


@friendly
def rebuild(
    store: StoreOption = "samverkan-data",
    curation: CurationOption = None,
) -> None:
    """Read every post in the graph again with the current rules and the curation file.

    On a store folder the rebuild is written as a new copy beside the store, which takes
    the store's place when it is done: a rebuild that is stopped changes nothing, and it
    needs room on the disk for a second copy while it runs.
    """
    from graph.annotate import build_models
    from graph.pipeline import rebuild as rebuild_posts

    cur = _load(store, curation)
    build_models(progress=progress)
    with open_store_for(store, write=True) as graph_store:
        report = rebuild_posts(graph_store, curation=cur, on_post=every_hundred_posts("read again"))
    for line in report.failures:
        errors.print(f"[red]could not rebuild[/] {escape(line)}", soft_wrap=True)
    progress(f"Rebuilt {posts(len(report.posts))} in {store}.")
    if report.failures:
        failed = posts(len(report.failures))
        raise UserError(f"{failed} could not be rebuilt (listed above); the rest were.")


def register(app: typer.Typer) -> None:
    for command in (entities, merge, alias, ignore, rename, review, rebuild):
        app.command(rich_help_panel=PANEL)(command)
