"""The whole pipeline: read posts -> annotate -> extract facts -> resolve -> RDF -> store.

``analyse(post)`` is the language part (one post in, one PostDoc out); ``ingest`` runs it over
files and writes each post into its own named graph, so re-ingesting a post replaces it.
``rebuild`` runs it again over the posts already in the store (their text is kept in the post
graph as ``schema:articleBody``), so new rules and a changed curation file reach every post.

Every run reads the curation file once and looks up what the store already knows in one query
(:class:`graph.resolve.EntityIndex`); the curated facts are rewritten into ``sgr:curation`` at
the end of each run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.annotate import annotate
from graph.curation import Curation, Rules, curation_graph, default_path, load
from graph.extract import extract
from graph.ids import CURATION_GRAPH
from graph.memory import collector_paused
from graph.model import Comment, Post, PostDoc
from graph.rdf import post_graph
from graph.read.base import ReadError
from graph.resolve import EntityIndex, resolve

CurationSource = Curation | str | os.PathLike[str] | None


def analyse(
    post: Post, *, index: EntityIndex | None = None, curation: Curation | Rules | None = None
) -> PostDoc:
    """Return the post with its sentences, mentions, entities and facts.

    ``index`` (what the store and earlier posts know) and ``curation`` steer resolution;
    without them the post is resolved on its own.
    """
    return resolve(extract(annotate(PostDoc(post=post))), index=index, curation=curation)


def _language_part(item):
    """Return (item, annotated and extracted PostDoc or the exception), for a worker process."""
    from graph.read import ReadError

    if isinstance(item, ReadError):
        return item, None
    try:
        return item, _without_tokens(extract(annotate(PostDoc(post=item))))
    except Exception as error:  # noqa: BLE001 - reported per post by the caller
        return item, error


def _without_tokens(doc: PostDoc) -> PostDoc:
    """Return the doc with its sentences' places but not their tokens.

    Resolution and writing need the mentions and where each sentence is, not the words;
    a post has hundreds of tokens, and sending them back from a worker process cost the
    main process more than resolving the post.
    """
    doc.sentences = [replace(s, tokens=[]) for s in doc.sentences]
    return doc


def _read_out(items: Iterable) -> Iterator[tuple]:
    """Yield (item, PostDoc or exception) in input order, the language work on every core.

    Annotation and extraction look at one post alone, so they run in worker processes
    (forked after the models are loaded, so they share them); resolution and writing stay in
    this process, in order, because they depend on every post before.
    """
    from graph.annotate import load_models

    load_models()
    # The models are millions of long-lived objects: out of the collector's sight, they
    # are not scanned again at every collection, and forked workers share their pages
    # instead of copying them when the collector touches them.
    gc.freeze()
    workers = os.cpu_count() or 1
    items = iter(items)
    first = list(itertools.islice(items, _PARALLEL_FROM))
    if workers < 2 or len(first) < _PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        yield from map(_language_part, itertools.chain(first, items))
        return
    with mp.get_context("fork").Pool(workers) as pool:
        yield from _windows(pool, itertools.chain(first, items))


def _windows(pool, items: Iterator) -> Iterator[tuple]:
    """Yield the pool's results in order, with at most two windows of posts in flight.

    An unbounded ``imap`` lets the workers run ahead of the writing and hold every analysed
    post in memory (gigabytes at 10,000 posts); two windows keep the workers busy while this
    process writes the previous one.
    """
    pending: list = []
    while True:
        window = list(itertools.islice(items, _WINDOW))
        if window:
            pending.append(pool.map_async(_language_part, window, chunksize=4))
        if not pending:
            return
        if len(pending) >= 2 or not window:
            yield from pending.pop(0).get()


_WINDOW = 64


# Below this many posts, starting worker processes costs more than it saves.
_PARALLEL_FROM = 16


def analyse_paths(paths: Iterable[str | Path]) -> Iterator[PostDoc | ReadError]:
    """Yield every post under ``paths`` analysed on its own (no store), or the file's error.

    For looking at posts without ingesting them: ``samverkan show`` and ``themes``.
    """
    from graph.read import read_paths

    for item in read_paths(paths):
        yield item if isinstance(item, ReadError) else analyse(item)


@dataclass
class IngestReport:
    """What an ingest did: posts written, and one line per input that failed."""

    posts: list[str] = field(default_factory=list)  # post graph IRIs written
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def curation_for(store, curation: CurationSource = None) -> Curation:
    """Return the curation to apply: the one given, the file named, or the store's default.

    The default is ``curation.yaml`` in the store's folder (a server store: in the current
    folder); a missing file means nothing has been curated yet.
    """
    if isinstance(curation, Curation):
        return curation
    if curation is not None:
        return load(curation)
    folder = getattr(store, "folder", None)
    return load(Path(folder) / "curation.yaml" if folder else default_path(store.location))


def write_curation(store, curation: Curation, index: EntityIndex | None = None) -> None:
    """Replace the curation named graph with what ``curation`` says now."""
    labels = {key: known.label for key, known in (index.by_key if index else {}).items()}
    store.replace_graph(str(CURATION_GRAPH), curation_graph(curation, labels))


def ingest(
    paths: Iterable[str | Path],
    store,
    *,
    on_post: Callable[[PostDoc], None] | None = None,
    curation: CurationSource = None,
) -> IngestReport:
    """Read every post under ``paths``, analyse it and replace its named graph in ``store``.

    Bad inputs are reported in the returned report (one line each) and the rest go on.
    ``curation`` is a Curation, a file, or None for the store's own ``curation.yaml``.
    ``on_post`` is called with each post once it is written; its sentences come without
    their tokens (see :func:`_without_tokens`).
    """
    from graph.read import read_paths
    from graph.reference import ensure_reference

    report = IngestReport()
    ensure_reference(store)
    cur = curation_for(store, curation)
    index = EntityIndex.from_store(store)
    _analyse_and_write(read_paths(paths), store, index, cur.rules(), report, on_post)
    write_curation(store, cur, index)
    store.compact()
    return report


def _analyse_and_write(
    items: Iterable, store, index: EntityIndex, rules: Rules, report: IngestReport, on_post
) -> None:
    """Analyse each post (the language part in worker processes), resolve it in order and
    write it; a ReadError among ``items`` and a post that fails are reported, the rest go on."""
    from graph.read import ReadError

    # The posts waiting to be written are some 200,000 objects and no cycles (graph.memory).
    with collector_paused(), _Batch(store, report, on_post) as batch:
        for item, found in _read_out(items):
            if isinstance(item, ReadError):
                report.failures.append(str(item))
                continue
            try:
                if isinstance(found, Exception):
                    raise found
                doc = resolve(found, index=index, curation=rules)
                graph = post_graph(doc)
            except Exception as error:  # noqa: BLE001 - one bad post must not stop the others
                name = item.source or item.title
                report.failures.append(f"{name}: could not analyse the post ({error})")
                continue
            batch.add(doc, graph)  # a failed write stops the run: it is not the post's fault


class _Batch:
    """Posts waiting to be written together: one store write per batch, not per post.

    The write runs in a background thread (Oxigraph's loader releases the GIL), so this
    process resolves the next posts meanwhile; one batch is written at a time, in order. A
    post counts as ingested (in the report, and for ``on_post``) once its batch is written,
    and a failed write raises here, at the next batch or at the end.
    """

    # Each write costs Oxigraph a fixed share (new sorted files, merged later): 128 posts
    # ingested 2,000 posts in 19.4 s where 64 took 20.6 s; larger batches leave a longer
    # last write that nothing overlaps.
    SIZE = 128

    def __init__(self, store, report: IngestReport, on_post) -> None:
        self.store, self.report, self.on_post = store, report, on_post
        self.graphs: dict[str, object] = {}
        self.docs: list[PostDoc] = []
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="samverkan-write")
        self._writing: Future | None = None

    def __enter__(self) -> _Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.flush()
            self._written()
        finally:
            self._writer.shutdown()

    def add(self, doc: PostDoc, graph: tuple) -> None:
        """Add a post and its (named graph IRI, triples)."""
        graph_iri, graph = graph
        if str(graph_iri) in self.graphs:  # the same post twice in one run: the last wins
            self.flush()
        self.graphs[str(graph_iri)] = graph
        self.docs.append(doc)
        if len(self.graphs) >= self.SIZE:
            self.flush()

    def flush(self) -> None:
        """Start writing the waiting posts, once the batch before is written."""
        if not self.graphs:
            return
        self._written()
        graphs, docs = self.graphs, self.docs
        self.graphs, self.docs = {}, []
        self._writing = self._writer.submit(self._write, graphs, docs)

    def _write(self, graphs: dict, docs: list[PostDoc]) -> tuple[dict, list[PostDoc]]:
        self.store.replace_graphs(graphs)
        return graphs, docs

    def _written(self) -> None:
        """Wait for the batch being written; report its posts (or raise its error)."""
        if self._writing is None:
            return
        writing, self._writing = self._writing, None
        graphs, docs = writing.result()
        self.report.posts.extend(graphs)
        for doc in docs if self.on_post else ():
            self.on_post(doc)


# --- rebuild: the posts in the store, read again ---------------------------------------------

_STORED_POSTS = """
SELECT ?g ?post ?title ?date ?url ?body ?source ?author ?creator WHERE {
  GRAPH ?g {
    ?post a schema:BlogPosting ; dcterms:title ?title .
    OPTIONAL { ?post dcterms:date ?date }
    OPTIONAL { ?post schema:url ?url }
    OPTIONAL { ?post schema:articleBody ?body }
    OPTIONAL { ?post prov:hadPrimarySource ?source }
    OPTIONAL { ?post schema:author/foaf:name ?author }
    OPTIONAL { ?post dcterms:creator ?creator }
  }
}"""
_POST_LISTS = """
SELECT ?g ?what ?value ?who WHERE {
  GRAPH ?g {
    { ?post a schema:BlogPosting ; schema:keywords ?value . BIND("label" AS ?what) }
    UNION { ?post a schema:BlogPosting ; schema:comment ?c . ?c schema:text ?value .
            OPTIONAL { ?c dcterms:creator ?who } BIND("comment" AS ?what) }
  }
}"""


@dataclass
class StoredPost:
    """A post as the store keeps it: enough to read it again (``post`` is None when the
    store lacks its text and its file cannot be read)."""

    graph: str
    post: Post | None
    problem: str = ""


def stored_posts(store, *, graphs: Iterable[str] | None = None) -> list[StoredPost]:
    """Return the posts in the store (or in ``graphs``), oldest first, ready to analyse again.

    The text comes from the post graph (``schema:articleBody``); a post ingested before the
    text was kept is read again from its file (``prov:hadPrimarySource``) when it is there.
    """
    wanted = set(graphs) if graphs is not None else None
    rows = {}
    for row in store.query(_STORED_POSTS):
        if wanted is None or str(row["g"]) in wanted:
            rows.setdefault(str(row["g"]), row)
    lists = store.query(_POST_LISTS)
    posts = []
    for row in sorted(rows.values(), key=_post_order):
        post = Post(
            title=str(row["title"]),
            text=str(row["body"] or ""),
            date=_date(row["date"]),
            url=str(row["url"]) if row["url"] else None,
            author=str(row["creator"] or row["author"] or "") or None,
            source=str(row["source"] or ""),
        )
        for item in (r for r in lists if r["g"] == row["g"]):
            if item["what"] == "label":
                post.labels.append(str(item["value"]))
            else:
                post.comments.append(Comment(text=str(item["value"]), author=item["who"]))
        post.labels.sort()
        if row["body"] is None:
            posts.append(_from_file(str(row["g"]), post))
        else:
            posts.append(StoredPost(str(row["g"]), post))
    return posts


def _post_order(row) -> tuple[str, str]:
    return (str(row["date"] or ""), str(row["g"]))


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)) if value else None


def _from_file(graph: str, stored: Post) -> StoredPost:
    from graph.ids import post_graph_iri
    from graph.rdf import post_identifier
    from graph.read import ReadError, read_paths

    missing = StoredPost(
        graph, None, f"{stored.title}: its text is not in the store; ingest it again"
    )
    if not stored.source or not Path(stored.source).is_file():
        return missing
    for item in read_paths([stored.source]):
        if isinstance(item, ReadError):
            continue
        if str(post_graph_iri(post_identifier(PostDoc(post=item)))) == graph:
            return StoredPost(graph, item)
    return missing


def rebuild(
    store,
    *,
    curation: CurationSource = None,
    graphs: Iterable[str] | None = None,
    on_post: Callable[[PostDoc], None] | None = None,
) -> IngestReport:
    """Analyse the stored posts again with the current rules and curation; return the report.

    Without ``graphs`` every post is rebuilt, oldest first, from an empty index, so the
    result depends only on the posts and the curation file. With ``graphs`` (the posts a
    curation command touched) only those are, against what the other posts say.
    """
    report = IngestReport()
    cur = curation_for(store, curation)
    rules = cur.rules()
    posts = stored_posts(store, graphs=graphs)
    index = (
        EntityIndex()
        if graphs is None
        else EntityIndex.from_store(store, skip_graphs=[p.graph for p in posts])
    )
    report.failures.extend(p.problem for p in posts if p.post is None)
    stored = (p.post for p in posts if p.post is not None)
    # Every post: into a new store that then takes the old one's place (where the backend
    # can), so a rebuild killed halfway changes nothing; some posts: in place.
    rebuilding = store.rebuilding() if graphs is None else contextlib.nullcontext(store)
    with rebuilding as target:
        _analyse_and_write(stored, target, index, rules, report, on_post)
        write_curation(target, cur, index)
    return report
