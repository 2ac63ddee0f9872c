"""Where the graph lives: an embedded Oxigraph folder or a shared SPARQL 1.1 server.

Both backends answer the same calls, chosen by the location string::

    with open_store("kunskapsgraf") as store:               # a folder: embedded Oxigraph
        rows = store.query("SELECT ?p WHERE { ?p a foaf:Person }")
    with open_store("http://127.0.0.1:8890/sparql") as store:  # a server: SPARQL 1.1 protocol
        store.replace_graph("https://w3id.org/samverkan/graph/post/ab12", triples)

Rules both backends keep:

* One named graph per post (plus ``sgr:reference`` and ``sgr:curation``); ``replace_graph``
  swaps a whole graph in one transaction, so a killed run never leaves half a post.
* Queries see the union of all named graphs as their default graph, and may use the project
  prefixes (``foaf:``, ``org:``, ``schema:``, ``sid:``, ...) without declaring them.
* Listing, counting and exporting cover the graphs under :data:`GRAPH_NS` only, so a shared
  server's own system graphs (Virtuoso has several) never leak into an export.
* ``query`` rows are plain Python values: IRIs as :class:`IRI` (a ``str``), literals as
  ``str``/``int``/``float``/``bool``/``datetime.date``, unbound as ``None``.
* Values in ``bindings`` are bound as RDF terms, never pasted into the query text.

The embedded store is a folder; one samverkan at a time may write it (a lock file), and
readers share it while nobody writes. Importing this module loads only pyoxigraph: rdflib
and requests are imported by the calls that need them, so ``who`` starts fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.fileio import atomic_write

if TYPE_CHECKING:
    import rdflib
    import requests

from graph.prefixes import PREFIXES

GRAPH_NS = PREFIXES["sgr"]


EXPORT_FORMATS = ("turtle", "trig", "nt", "nquads", "jsonld")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {
    _XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOAT_TYPES = {_XSD + "decimal", _XSD + "double", _XSD + "float"}
_IMPORT_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}
_LOCK_NAME = ".samverkan.lock"


class StoreError(Exception):
    """A problem with the store, worded as one line a user can act on."""


class StoreInUse(StoreError):
    """Another samverkan process is writing (or reading) the embedded store."""


class IRI(str):
    """A string that is an IRI, not a literal: in query rows, triples and bindings."""

    __slots__ = ()


class Rows(list):
    """The answer of :meth:`Store.query`: a list of dicts plus ``columns`` (their order).

    SELECT gives one dict per solution keyed by the query's variables; ASK gives one row
    ``{"ask": bool}``; CONSTRUCT and DESCRIBE give rows ``subject``/``predicate``/``object``.
    """

    def __init__(self, columns: list[str], rows: Iterable[dict[str, object]] = ()) -> None:
        super().__init__(rows)
        self.columns = columns


def open_store(location: str | os.PathLike[str], *, write: bool = False) -> Store:
    """Return the store at ``location``: a SPARQL server for an http(s) URL, else a folder.

    ``write=True`` takes the embedded store's write lock at once (an ingest should fail
    before it parses anything if another samverkan is writing); without it the lock is
    taken on the first write. Use it as a context manager so the lock is released.
    """
    text = os.fspath(location)
    if re.match(r"(?i)https?://", text):
        return RemoteStore(text)
    return EmbeddedStore(Path(text), write=write)


# -- RDF terms -----------------------------------------------------------------------------


def to_term(value: object, *, iri: bool = False) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Return ``value`` as a pyoxigraph term; a plain ``str`` is an IRI only when ``iri``.

    Accepts pyoxigraph and rdflib terms, :class:`IRI`, ``str``, ``bool``, ``int``,
    ``float``, ``Decimal``, ``datetime.date`` and ``datetime.datetime``, so the pipeline
    may hand over whichever it has.
    """
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, IRI):
        return ox.NamedNode(value)
    if type(value).__module__.startswith("rdflib"):
        return _from_rdflib(value)
    if isinstance(value, str):
        return ox.NamedNode(value) if iri else ox.Literal(value)
    if isinstance(value, bool | int | float):
        return ox.Literal(value)
    if isinstance(value, Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "decimal"))
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "dateTime"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    raise TypeError(f"cannot store {value!r} as an RDF term")


def from_ox_term(term: Any) -> rdflib.term.Node:
    """Return a pyoxigraph term as the rdflib term (for rdflib Datasets and JSON-LD)."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD + "string":  # RDF 1.1's plain literal; rdflib tells them apart
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _from_rdflib(value: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind = type(value).__name__
    if kind == "URIRef":
        return ox.NamedNode(str(value))
    if kind == "BNode":
        return ox.BlankNode(_bnode_id(str(value)))
    if value.language:
        return ox.Literal(str(value), language=value.language)
    if value.datatype:
        return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
    return ox.Literal(str(value))


def _bnode_id(label: str) -> str:
    # Servers name blank nodes freely (Virtuoso: "nodeID://b10001"); Oxigraph wants a
    # plain identifier.
    return re.sub(r"[^A-Za-z0-9_]", "", label) or "b"


def to_python(term: object) -> object:
    """Return a query result term as a plain Python value (IRI, str, int, float, bool, date)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return IRI(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return _literal_value(term.value, term.datatype.value)
    return str(term)


def _literal_value(text: str, datatype: str) -> object:
    try:
        if datatype in _INTEGER_TYPES:
            return int(text)
        if datatype in _FLOAT_TYPES:
            return float(text)
        if datatype == _XSD + "boolean":
            return text in ("true", "1")
        if datatype == _XSD + "date":
            return dt.date.fromisoformat(text)
        if datatype == _XSD + "dateTime":
            return dt.datetime.fromisoformat(text)
    except ValueError:
        pass  # an ill-typed literal is still worth showing as its text
    return text


_OX_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)


def _triple(triple: tuple) -> tuple[Any, Any, Any]:
    s, p, o = triple
    if type(s) is ox.NamedNode and type(p) is ox.NamedNode and type(o) in _OX_TERMS:
        return triple  # graph.rdf's triples are pyoxigraph terms already
    return to_term(s, iri=True), to_term(p, iri=True), to_term(o)


def _ntriples(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    # pyoxigraph writes terms in N-Triples syntax, which is valid SPARQL: quotes,
    # backslashes, newlines and control characters are escaped and IRIs were validated.
    return "\n".join(f"{s} {p} {o} ." for s, p, o in triples)


# -- the shared interface --------------------------------------------------------------------


class Store:
    """The operations both backends offer; see the module docstring for the rules."""

    location: str

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (the embedded lock and files; a server's connection)."""

    # Each backend implements these.
    def replace_graph(self, graph_iri: str, triples: Iterable[tuple]) -> None:
        """Swap the named graph ``graph_iri`` for ``triples`` in one step (no triples: drop)."""
        raise NotImplementedError

    def replace_graphs(self, graphs: Mapping[str, Iterable[tuple]]) -> None:
        """Replace several named graphs; a backend may do it in fewer round trips."""
        for graph_iri, triples in graphs.items():
            self.replace_graph(graph_iri, triples)

    def remove_graph(self, graph_iri: str) -> None:
        """Drop the named graph ``graph_iri``; dropping a missing graph is not an error."""
        raise NotImplementedError

    def compact(self) -> None:
        """Tidy the store after a large write so that questions read it fast (if it can)."""

    @contextlib.contextmanager
    def rebuilding(self) -> Iterator[Store]:
        """Yield the store a rebuild of every post writes into; graphs it does not write
        stay as they were. Here: this store itself, each graph replaced on its own."""
        yield self

    def graphs(self) -> list[str]:
        """Return the IRIs of the project's named graphs (under GRAPH_NS), sorted."""
        raise NotImplementedError

    def has_graph(self, graph_iri: str) -> bool:
        """Return whether the named graph ``graph_iri`` holds any triple."""
        raise NotImplementedError

    def query(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> Rows:
        """Run a SPARQL query over the union of all graphs and return its :class:`Rows`.

        ``bindings`` maps variable names to values bound as RDF terms (a ``str`` is a
        literal, an :class:`IRI` an IRI); they never become query text.
        """
        raise NotImplementedError

    def ask(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> bool:
        """Return the answer of a SPARQL ASK query."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update (for the store's own callers, not for users)."""
        raise NotImplementedError

    def quads(self) -> Iterator[ox.Quad]:
        """Yield every quad in the project's graphs (for export and validation)."""
        raise NotImplementedError

    # Shared on top of those.
    def triple_count(self) -> int:
        """Return how many triples the project's graphs hold (counted per graph)."""
        rows = self.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NS}")) }}'
        )
        return int(rows[0]["n"] or 0) if rows else 0

    def dataset(self) -> rdflib.Dataset:
        """Return the project's named graphs as an rdflib Dataset (for validation).

        The Dataset's default graph is the union of the named graphs.
        """
        import rdflib

        ds = rdflib.Dataset(default_union=True)
        for prefix, namespace in export_prefixes().items():
            ds.bind(prefix, namespace)
        by_graph: dict[str, list] = {}
        for quad in self.quads():
            by_graph.setdefault(quad.graph_name.value, []).append(quad)
        for graph_iri, quads in by_graph.items():
            graph = ds.graph(rdflib.URIRef(graph_iri))
            for q in quads:
                graph.add(
                    (from_ox_term(q.subject), from_ox_term(q.predicate), from_ox_term(q.object))
                )
        return ds

    def serialize(self, fmt: str) -> str:
        """Return the project's graphs written in ``fmt`` (one of :data:`EXPORT_FORMATS`).

        ``turtle``, ``nt`` and ``jsonld`` hold the union of the graphs (each triple once);
        ``trig`` and ``nquads`` keep the named graphs, so provenance survives a round trip.
        Statements are sorted, so the same graph always gives the same text.
        """
        fmt = {"ttl": "turtle", "n-triples": "nt", "nq": "nquads", "json-ld": "jsonld"}.get(
            fmt, fmt
        )
        if fmt not in EXPORT_FORMATS:
            raise StoreError(
                f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}"
            )
        quads = list(self.quads())
        if fmt in ("trig", "nquads"):
            quads.sort(key=_quad_key)
            ox_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
            return ox.serialize(quads, format=ox_format, prefixes=export_prefixes()).decode()
        triples = sorted(
            {ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=_quad_key
        )
        if fmt == "jsonld":
            return _jsonld(triples)
        ox_format = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
        return ox.serialize(triples, format=ox_format, prefixes=export_prefixes()).decode()

    def export(self, fmt: str, dest: Path | str | IO[str]) -> None:
        """Write the graphs in ``fmt`` to ``dest``: a path (written atomically) or a text stream."""
        text = self.serialize(fmt)
        if isinstance(dest, str | os.PathLike):
            atomic_write(Path(dest), text)
        else:
            dest.write(text)

    def import_file(self, path: Path | str, *, graph_iri: str | None = None) -> list[str]:
        """Load an RDF file and return the IRIs of the graphs it replaced.

        TriG and N-Quads keep their named graphs; the triples of Turtle, N-Triples and
        JSON-LD (and any default-graph triples) go to ``graph_iri``, by default
        ``sgr:import/<file name>``. Each graph replaces the graph of the same name, so
        importing a file twice changes nothing.
        """
        path = Path(path)
        fmt = _IMPORT_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise StoreError(
                f"cannot import {path}: unknown format (use .ttl, .trig, .nt, .nq or .jsonld)"
            )
        default = graph_iri or f"{GRAPH_NS}import/{_slug(path.stem)}"
        by_graph: dict[str, list] = {}
        try:
            for quad in ox.parse(path=path, format=fmt, base_iri=path.resolve().as_uri()):
                name = quad.graph_name
                key = default if isinstance(name, ox.DefaultGraph) else name.value
                by_graph.setdefault(key, []).append((quad.subject, quad.predicate, quad.object))
        except (SyntaxError, OSError) as err:
            raise StoreError(f"cannot import {path}: {_first_line(err)}") from None
        for name, triples in by_graph.items():
            self.replace_graph(name, triples)
        return sorted(by_graph)


def _quad_key(quad: ox.Quad | ox.Triple) -> tuple[str, ...]:
    if isinstance(quad, ox.Quad):
        return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))
    return (str(quad.subject), str(quad.predicate), str(quad.object))


def export_prefixes() -> dict[str, str]:
    """Return the prefixes exports use (a copy of graph.prefixes.PREFIXES)."""
    return dict(PREFIXES)


def _jsonld(triples: list[ox.Triple]) -> str:
    # rdflib writes a compact document with an @context; pyoxigraph's JSON-LD has none.
    import rdflib

    graph = rdflib.Graph()
    for t in triples:
        graph.add((from_ox_term(t.subject), from_ox_term(t.predicate), from_ox_term(t.object)))
    return graph.serialize(format="json-ld", context=export_prefixes(), auto_compact=True)


def _slug(text: str) -> str:
    table = str.maketrans("åäöÅÄÖ", "aaoaao")
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-") or "file"


def _where(err: BaseException) -> str:
    """Return where a SPARQL syntax error is ("line 1, column 22"), or its first line.

    The parser's list of expected tokens means nothing to most users; the place does.
    """
    found = re.search(r"error at (\d+):(\d+)", str(err))
    if found is None:
        return _first_line(err)
    return f"line {found.group(1)}, column {found.group(2)}"


def _first_line(err: BaseException) -> str:
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return lines[0][:300] if lines else type(err).__name__


# -- the embedded store ------------------------------------------------------------------------


# The lock descriptors this process holds. A forked child (ingest's language workers) closes
# its copies at once: otherwise a child outliving a killed parent would keep the store locked.
_HELD_LOCKS: set[int] = set()


def _close_inherited_locks() -> None:
    for fd in list(_HELD_LOCKS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


class _FolderLock:
    """A shared (readers) or exclusive (writer) flock on PATH/.samverkan.lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / _LOCK_NAME
        self.fd: int | None = None
        self.exclusive = False

    def acquire(self, *, exclusive: bool) -> None:
        if self.fd is None:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            _HELD_LOCKS.add(self.fd)
        try:
            fcntl.flock(self.fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreInUse(
                f"the store at {self.folder} is in use by another samverkan "
                f"(pid {self._holder()}); try again when it has finished"
            ) from None
        self.exclusive = exclusive
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{os.getpid()}\n".encode(), 0)

    def _holder(self) -> str:
        try:
            return self.path.read_text().strip() or "unknown"
        except OSError:
            return "unknown"

    def release(self) -> None:
        if self.fd is not None:
            _HELD_LOCKS.discard(self.fd)
            os.close(self.fd)  # closing the descriptor drops the flock
            self.fd = None


class EmbeddedStore(Store):
    """An on-disk Oxigraph store in a folder, queried through pyoxigraph directly."""

    def __init__(self, folder: Path, *, write: bool = False) -> None:
        self.folder = folder
        self.location = str(folder)
        self._lock = _FolderLock(folder)
        self._ox: ox.Store | None = None
        self._writable = False
        self._bulk_loads = 0
        self._check_folder()
        if write:
            self._open_for_writing()
        else:
            self._open_for_reading()

    def _check_folder(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(f"the store {self.folder} is a file, not a folder")
        if self.folder.is_dir() and not _is_store(self.folder):
            raise StoreError(
                f"the folder {self.folder} holds other files and is not a samverkan store; "
                "choose an empty or new folder"
            )

    def _open_for_reading(self) -> None:
        if not (self.folder / "CURRENT").exists():
            # Nothing written yet: an empty in-memory store answers without creating files.
            self._ox = ox.Store()
            return
        self._lock.acquire(exclusive=False)
        try:
            self._ox = ox.Store.read_only(str(self.folder))
        except OSError as err:
            self._lock.release()
            raise StoreError(
                f"cannot open the store at {self.folder}: {_first_line(err)}"
            ) from None

    def _open_for_writing(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._ox = None  # a read-only instance must be gone before the writer opens
        try:
            self._lock.acquire(exclusive=True)
        except StoreInUse:
            self._lock.release()
            raise
        try:
            self._ox = ox.Store(str(self.folder))
        except OSError as err:
            self._lock.release()
            if "lock" in str(err).lower():
                raise StoreInUse(
                    f"the store at {self.folder} is in use by another program; "
                    "try again when it has finished"
                ) from None
            raise StoreError(
                f"cannot open the store at {self.folder}: {_first_line(err)}"
            ) from None
        self._writable = True

    def _store(self, *, write: bool = False) -> ox.Store:
        if write and not self._writable:
            self._open_for_writing()
        if self._ox is None:
            raise StoreError(f"the store at {self.folder} is closed")
        return self._ox

    def close(self) -> None:
        """Close the Oxigraph files and release the lock."""
        if self._ox is not None and self._writable:
            self._ox.flush()
        self._ox = None
        self._writable = False
        self._lock.release()

    def replace_graph(self, graph_iri: str, triples: Iterable[tuple]) -> None:
        """Swap the graph in one Oxigraph transaction (a kill keeps the old or the new)."""
        graph = ox.NamedNode(graph_iri)
        rows = list(map(_triple, triples))
        store = self._store(write=True)
        if not rows:
            self.remove_graph(graph_iri)
        elif not store.contains_named_graph(graph):
            store.extend(_with_union(rows, graph))  # transactional, twice as fast as update
        else:
            body = _ntriples(rows)
            store.update(
                f"{_unindex(graph)} ;\nDROP SILENT GRAPH {graph} ;\n"
                f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}}\n{body}\n}}"
            )

    def replace_graphs(self, graphs: Mapping[str, Iterable[tuple]]) -> None:
        """Replace several graphs, writing all the new ones in one step.

        New graphs (an ingest's usual case) go in through Oxigraph's bulk loader, four
        times faster than a transaction: it writes the quads into sorted files and adds
        them to the database in one atomic step (RocksDB's ingestion of external files
        across all indexes at once), so a kill leaves the whole batch or none of it. That
        holds while a call stays under the loader's batch of a million quads, which
        :data:`BULK_QUADS` keeps. Graphs that exist already are replaced one by one, each
        in its own transaction.
        """
        store = self._store(write=True)
        fresh: list[bytes] = []
        quads = 0
        for graph_iri, triples in graphs.items():
            graph = ox.NamedNode(graph_iri)
            if store.contains_named_graph(graph):
                self.replace_graph(graph_iri, triples)
                continue
            rows = list(map(_triple, triples))
            if _has_blank_nodes(rows):  # the bulk loader would rename them
                store.extend(_with_union(rows, graph))
                continue
            if quads + 2 * len(rows) > BULK_QUADS and fresh:
                self._bulk_load(store, fresh)
                fresh, quads = [], 0
            fresh.append(_nquads_with_union(rows, graph))
            quads += 2 * len(rows)
        if fresh:
            self._bulk_load(store, fresh)

    def _bulk_load(self, store: ox.Store, nquads: list[bytes]) -> None:
        # lenient: the text was printed from pyoxigraph's own terms, valid already; checking
        # every IRI again was a tenth of the loader's time.
        store.bulk_load(b"".join(nquads), format=ox.RdfFormat.N_QUADS, lenient=True)
        self._bulk_loads += 1

    def compact(self) -> None:
        """Merge the files the bulk loader wrote, when it wrote several.

        Each batch of posts lands as its own small sorted files, and a question must look
        into every one of them: on a freshly ingested store of 10,000 posts, ``who`` about
        its most-named person took 5.0 s, and 1.9 s after compaction (6 s of work, once).
        """
        if self._bulk_loads >= _COMPACT_AFTER and self._writable and self._ox is not None:
            self._ox.optimize()
            self._bulk_loads = 0

    @contextlib.contextmanager
    def rebuilding(self) -> Iterator[Store]:
        """Yield a new, empty store beside this one for a rebuild of every post; when the
        rebuild is done, it takes this store's place in one step, with every graph the
        rebuild did not write (reference data, imports, posts that failed) copied over.

        Replacing 10,000 post graphs one transaction each ran at 20 posts a second; a new
        store takes them through the bulk loader. A rebuild that fails or is killed leaves
        this store as it was, and a hidden folder beside it that the next rebuild removes.
        """
        self._store(write=True)
        folder = self.folder.resolve()
        _remove_rebuild_folders(folder)
        target = _new_store_beside(folder)
        if target is None:  # the rebuild goes graph by graph, in place, as on a server
            yield self
            return
        try:
            yield target
            self._copy_graphs_missing_in(target)
            target.compact()
            self._take_place_of_self(target, folder)
        finally:
            target.close()
            with contextlib.suppress(OSError):
                _remove_tree(target.folder)

    def _copy_graphs_missing_in(self, target: EmbeddedStore) -> None:
        """Copy every named graph the rebuild did not write (any name, imports included)."""
        source, written = self._store(), target._store(write=True)
        for graph in list(source.named_graphs()):
            if not written.contains_named_graph(graph):
                rows = [
                    (q.subject, q.predicate, q.object)
                    for q in source.quads_for_pattern(None, None, None, graph)
                ]
                written.extend(_with_union(rows, graph))

    def _take_place_of_self(self, target: EmbeddedStore, folder: Path) -> None:
        """Swap the rebuilt store's folder with this one's and go on with the rebuilt one.

        The rebuilt folder's lock, held since it was made, comes along: no other samverkan
        can open the store between the swap and this process letting it go.
        """
        _copy_own_files(folder, target.folder)
        self._ox.flush()
        self._ox = None  # Oxigraph's files closed before their folder moves
        target._ox.flush()
        target._ox = None
        _exchange_folders(target.folder, folder)
        self._lock.release()
        self._lock, target._lock = target._lock, _FolderLock(target.folder)
        self._lock.folder, self._lock.path = self.folder, self.folder / _LOCK_NAME
        self._ox = ox.Store(str(folder))
        self._bulk_loads = 0

    def remove_graph(self, graph_iri: str) -> None:
        """Drop the graph and its share of the union index in one transaction."""
        graph = ox.NamedNode(graph_iri)
        store = self._store(write=True)
        if store.contains_named_graph(graph):
            store.update(f"{_unindex(graph)} ;\nDROP SILENT GRAPH {graph}")

    def graphs(self) -> list[str]:
        """Return the project's named graphs, sorted."""
        names = (g.value for g in self._store().named_graphs() if isinstance(g, ox.NamedNode))
        return sorted(n for n in names if n.startswith(GRAPH_NS))

    def has_graph(self, graph_iri: str) -> bool:
        """Return whether the graph exists (Oxigraph drops graphs when emptied here)."""
        return self._store().contains_named_graph(ox.NamedNode(graph_iri))

    def query(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> Rows:
        """Run the query with pyoxigraph; bindings become a VALUES block in the WHERE."""
        result = self._run(sparql, bindings)
        if isinstance(result, ox.QueryBoolean):
            return Rows(["ask"], [{"ask": bool(result)}])
        if isinstance(result, ox.QueryTriples):
            return _triple_rows((t.subject, t.predicate, t.object) for t in result)
        columns = [v.value for v in result.variables]
        return Rows(columns, (dict(zip(columns, map(to_python, s), strict=True)) for s in result))

    def ask(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> bool:
        """Return the answer of an ASK query."""
        result = self._run(sparql, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("ask() needs an ASK query")
        return bool(result)

    def _run(self, sparql: str, bindings: Mapping[str, object] | None) -> Any:
        # pyoxigraph's own substitutions refuse a variable the SELECT does not project
        # (the usual case: ?name is an input, not an answer), so both backends bind
        # through the same escaped VALUES block.
        try:
            # The default graph is the union index (see _with_union), not Oxigraph's bag union.
            return self._store().query(with_values(sparql, bindings or {}), prefixes=PREFIXES)
        except SyntaxError as err:
            raise StoreError(f"the query is not valid SPARQL: {_where(err)}") from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update in one transaction.

        An update that writes named graphs directly must keep the union index (the default
        graph) in step, or call :meth:`rebuild_union_index` afterwards.
        """
        try:
            self._store(write=True).update(sparql, prefixes=PREFIXES)
        except SyntaxError as err:
            raise StoreError(f"the update is not valid SPARQL: {_where(err)}") from None

    def rebuild_union_index(self) -> None:
        """Rebuild the default graph as the set of all named graphs' triples (one transaction)."""
        self.update("DROP SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")

    def quads(self) -> Iterator[ox.Quad]:
        """Yield the quads of the project's graphs."""
        store = self._store()
        for name in self.graphs():
            yield from store.quads_for_pattern(None, None, None, ox.NamedNode(name))

    def dataset(self) -> rdflib.Dataset:
        """Return an rdflib Dataset over this very Oxigraph store (through oxrdflib).

        Its default graph is the store's union index: every triple once.
        """
        import rdflib
        from oxrdflib.store import OxigraphStore

        ds = rdflib.Dataset(store=OxigraphStore(store=self._store()))
        for prefix, namespace in export_prefixes().items():
            ds.bind(prefix, namespace)
        return ds


def _with_union(rows: Iterable[tuple[Any, Any, Any]], graph: ox.NamedNode) -> list[ox.Quad]:
    """Return the quads of ``rows`` in ``graph`` and, once more, in the default graph.

    The default graph of the embedded store is the union index: every triple of every
    named graph, each stated once. Oxigraph's own union (use_default_graph_as_union) is a
    bag, so a person named in 200 posts matched 200 times per pattern, and a three-pattern
    question took minutes on 2,000 posts instead of milliseconds.
    """
    quads = []
    for s, p, o in rows:
        quads.append(ox.Quad(s, p, o, graph))
        quads.append(ox.Quad(s, p, o, ox.DefaultGraph()))
    return quads


# Fewer bulk loads than this leave few enough files that merging them is not worth its time.
_COMPACT_AFTER = 8

# Oxigraph's bulk loader adds up to a million quads in one atomic step; more are split.
BULK_QUADS = 500_000


def _nquads_with_union(rows: Iterable[tuple[Any, Any, Any]], graph: ox.NamedNode) -> bytes:
    """Return N-Quads of ``rows`` in ``graph`` and once more in the default graph (the union
    index, see :func:`_with_union`); pyoxigraph terms print in N-Triples syntax, escaped.

    Text is cheaper to make than two Quad objects per triple, and Oxigraph parses it in Rust.
    """
    written: dict[Any, str] = {}  # a post repeats its terms; print each once

    def term(value) -> str:
        text = written.get(value)
        if text is None:
            text = written[value] = str(value)
        return text

    in_graph = f" {graph} .\n"
    lines = []
    for s, p, o in rows:
        triple = f"{term(s)} {term(p)} {term(o)}"
        lines.append(f"{triple}{in_graph}{triple} .\n")
    return "".join(lines).encode()


def _rebuild_folder(folder: Path, pid: int) -> Path:
    """Return the hidden folder beside ``folder`` that a rebuild by process ``pid`` writes."""
    return folder.with_name(f".{folder.name}.rebuild-{pid}")


def _new_store_beside(folder: Path) -> EmbeddedStore | None:
    """Return a new store in the hidden folder beside ``folder`` that this process's
    rebuild writes; None where it cannot be made (a parent folder we may not write in)."""
    try:
        return EmbeddedStore(_rebuild_folder(folder, os.getpid()), write=True)
    except (OSError, StoreError):
        return None


def _remove_rebuild_folders(folder: Path) -> None:
    """Remove what earlier rebuilds of ``folder`` left (killed, or the replaced store).

    Called with the store's write lock held, so no other rebuild of it is running."""
    for left in folder.parent.glob(f".{folder.name}.rebuild-*"):
        with contextlib.suppress(OSError):
            _remove_tree(left)


# The files Oxigraph's RocksDB keeps in a store folder; any other (curation.yaml) is ours.
_ROCKSDB_FILE = re.compile(
    r"CURRENT|IDENTITY|LOCK|LOG(?:\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+(?:\.dbtmp)?"
    r"|\d+\.(?:sst|log|blob)"
)


def _copy_own_files(source: Path, target: Path) -> None:
    """Copy the files the store folder holds besides Oxigraph's (the curation file)."""
    import shutil

    for path in source.iterdir():
        if path.is_file() and path.name != _LOCK_NAME and not _ROCKSDB_FILE.fullmatch(path.name):
            shutil.copy2(path, target / path.name)


def _remove_tree(folder: Path) -> None:
    import shutil

    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)


def _exchange_folders(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux's renameat2 with RENAME_EXCHANGE), so that the
    store's path never points at nothing; two renames where the system cannot."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    exchange = getattr(libc, "renameat2", None)
    at_cwd, rename_exchange = -100, 2
    if exchange is not None and exchange(at_cwd, bytes(a), at_cwd, bytes(b), rename_exchange) == 0:
        _sync_folder(b.parent)
        return
    aside = b.with_name(b.name + ".rebuild-aside")
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)
    _sync_folder(b.parent)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _has_blank_nodes(rows: list[tuple[Any, Any, Any]]) -> bool:
    return any(isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode) for s, _, o in rows)


def _unindex(graph: ox.NamedNode) -> str:
    """Return the update that takes ``graph``'s triples out of the union index.

    A triple stays while any other named graph still states it.
    """
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }} }}"
    )


def _is_store(folder: Path) -> bool:
    names = {p.name for p in folder.iterdir()}
    # An empty folder, an Oxigraph database, or a folder where only the curation file was
    # written so far (samverkan merge/alias before the first ingest).
    return not names - {"curation.yaml"} or "CURRENT" in names or _LOCK_NAME in names


def _triple_rows(triples: Iterable[tuple[Any, Any, Any]]) -> Rows:
    columns = ["subject", "predicate", "object"]
    return Rows(
        columns,
        ({c: to_python(t) for c, t in zip(columns, triple, strict=True)} for triple in triples),
    )


# -- a remote SPARQL 1.1 server ------------------------------------------------------------------


class RemoteStore(Store):
    """A SPARQL 1.1 Query + Update endpoint (Virtuoso, Fuseki, Oxigraph server) on one URL.

    Unlike the embedded store, the default graph here is the server's own union of the
    graphs, which is a bag on Virtuoso: a triple stated in several posts matches once per
    post, so questions must count with DISTINCT. (Naming a samverkan union graph as the
    default-graph-uri broke Virtuoso's GRAPH patterns, so it is not done.)

    Where the server also speaks the SPARQL 1.1 Graph Store HTTP Protocol, whole graphs
    travel as N-Triples: ``replace_graph`` is one PUT, ``remove_graph`` one DELETE and
    ``quads`` one GET per graph instead of paged SELECTs. Its address is
    SAMVERKAN_GRAPH_STORE_URL (``off``: never use one); unset, it is the well-known one
    beside the query address on a server whose answers name it: Virtuoso
    (``/sparql-graph-crud-auth`` beside ``/sparql-auth``, ``/sparql-graph-crud`` beside
    ``/sparql``), Oxigraph (``/store`` beside ``/query``) or Fuseki (``/DATASET/data``, then
    ``/DATASET``). Either way an address is trusted with writes only after a probe graph
    PUT there is seen by a query and DELETEd again, and a graph read there is used only
    when it holds as many triples as a query counts (Virtuoso cuts a GET at its
    ResultSetMaxRows without saying so). Everything else, and any PUT or DELETE the
    server refuses or fails, goes through SPARQL Update as it did before, so a wrong
    address costs a few requests, never data.

    Credentials come from SAMVERKAN_USER and SAMVERKAN_PASSWORD only; Basic auth is tried
    first and Digest (Virtuoso's /sparql-auth and /sparql-graph-crud-auth) when the server
    asks for it.
    """

    # Virtuoso turns an INSERT DATA into SQL and refuses very long ones.
    chunk_size = 500
    page_size = 5000
    timeout = (10, 600)

    def __init__(self, url: str) -> None:
        self.url = url
        # Servers that take updates on another address (Oxigraph server: /query and /update)
        # name it in the environment.
        self.update_url = os.environ.get("SAMVERKAN_UPDATE_URL") or url
        self.graph_store_setting = os.environ.get("SAMVERKAN_GRAPH_STORE_URL", "").strip()
        self.location = url
        self._session: requests.Session | None = None
        # The graph store address found fit for "read" and for "write" (None: none is).
        self._graph_store: dict[str, str | None] = {}
        self._server_headers: Mapping[str, str] | None = None

    def close(self) -> None:
        """Close the HTTP connection."""
        if self._session is not None:
            self._session.close()
            self._session = None

    def replace_graph(self, graph_iri: str, triples: Iterable[tuple]) -> None:
        """Swap the graph: one PUT to the graph store, else SPARQL Update in one request,
        or via a temporary graph and MOVE when it is big."""
        graph = ox.NamedNode(graph_iri)
        rows = [_triple(t) for t in triples]
        if not rows:
            self.remove_graph(graph_iri)
            return
        if self._put_graph(graph_iri, rows):
            return
        if len(rows) <= self.chunk_size:
            self.update(f"DROP SILENT GRAPH {graph} ;\n{_insert(graph, rows)}")
            return
        temp = ox.NamedNode(f"urn:samverkan:tmp:{uuid.uuid4().hex}")
        try:
            for start in range(0, len(rows), self.chunk_size):
                self.update(_insert(temp, rows[start : start + self.chunk_size]))
            self.update(f"MOVE SILENT GRAPH {temp} TO GRAPH {graph}")
        finally:
            self.update(f"DROP SILENT GRAPH {temp}")

    def remove_graph(self, graph_iri: str) -> None:
        """Drop the graph on the server: a DELETE to the graph store, else SPARQL Update."""
        if not self._deleted_graph(graph_iri):
            self.update(f"DROP SILENT GRAPH {ox.NamedNode(graph_iri)}")

    def graphs(self) -> list[str]:
        """Return the project's graphs on the server (its system graphs are left out)."""
        rows = self._all_rows(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NS}")) }} ORDER BY ?g'
        )
        return sorted(str(row["g"]) for row in rows)

    def _all_rows(self, sparql: str) -> list[dict[str, object]]:
        """Return every row of an ordered SELECT, page by page.

        A server caps its answers (Virtuoso: 10,000 rows by default) without saying so, and
        a store of 10,000 posts has more graphs than that; only an empty page ends the list.
        """
        rows: list[dict[str, object]] = []
        while True:
            page = self.query(f"{sparql} LIMIT {self.page_size} OFFSET {len(rows)}")
            if not page:
                return rows
            rows.extend(page)

    def has_graph(self, graph_iri: str) -> bool:
        """Return whether the graph holds a triple on the server."""
        return self.ask(f"ASK {{ GRAPH {ox.NamedNode(graph_iri)} {{ ?s ?p ?o }} }}")

    def query(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> Rows:
        """Run the query on the server; bindings become a VALUES block inside the WHERE."""
        text = with_values(_with_prefixes(sparql), bindings or {})
        if _query_form(text) in ("CONSTRUCT", "DESCRIBE"):
            body = self._post_query(text, accept="application/n-triples").content
            parsed = ox.parse(input=body, format=ox.RdfFormat.N_TRIPLES)
            return _triple_rows((q.subject, q.predicate, q.object) for q in parsed)
        answer = self._post_query(text, accept="application/sparql-results+json").json()
        if "boolean" in answer:
            return Rows(["ask"], [{"ask": bool(answer["boolean"])}])
        columns = list(answer["head"]["vars"])
        bound = answer["results"]["bindings"]
        if columns == ["__ASK_RETVAL"]:
            # Virtuoso 7.2 answers ASK as a table: one row holding 1, or no row.
            return Rows(["ask"], [{"ask": any(b["__ASK_RETVAL"]["value"] == "1" for b in bound)}])
        return Rows(columns, ({c: to_python(_json_term(b.get(c))) for c in columns} for b in bound))

    def ask(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> bool:
        """Return the answer of an ASK query."""
        rows = self.query(sparql, bindings=bindings)
        if rows.columns != ["ask"]:
            raise StoreError("ask() needs an ASK query")
        return bool(rows[0]["ask"])

    def update(self, sparql: str) -> None:
        """POST a SPARQL Update (application/sparql-update)."""
        self._post(
            data=_with_prefixes(sparql).encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def quads(self) -> Iterator[ox.Quad]:
        """Yield the project's quads graph by graph: a GET from the graph store where it
        gives the whole graph, else SELECTs in pages the server allows."""
        sizes = self._graph_sizes()
        address = self._readable_graph_store(sizes)
        for name, size in sizes.items():
            graph = ox.NamedNode(name)
            triples = self._fetched_graph(address, name) if address else None
            if triples is None or len(triples) != size:
                triples = self._selected_graph(graph, size)
            for s, p, o in triples:
                yield ox.Quad(s, p, o, graph)

    def _graph_sizes(self) -> dict[str, int]:
        """Return the project's graphs and how many triples each holds, sorted by name."""
        rows = self._all_rows(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NS}")) }} GROUP BY ?g ORDER BY ?g'
        )
        return dict(sorted((str(row["g"]), int(row["n"])) for row in rows))

    def _selected_graph(self, graph: ox.NamedNode, size: int) -> list[tuple[Any, Any, Any]]:
        # Paging on until the count is reached, as a server may cap pages below page_size.
        triples: list[tuple[Any, Any, Any]] = []
        while len(triples) < size:
            rows = self._raw_select(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }} "
                f"ORDER BY ?s ?p ?o LIMIT {self.page_size} OFFSET {len(triples)}"
            )
            if not rows:
                break
            triples.extend(tuple(_json_term(row[k]) for k in ("s", "p", "o")) for row in rows)
        return triples

    def _raw_select(self, sparql: str) -> list[dict[str, Any]]:
        answer = self._post_query(sparql, accept="application/sparql-results+json").json()
        return answer["results"]["bindings"]

    # -- the Graph Store Protocol, where the server has one

    def _put_graph(self, graph_iri: str, rows: list[tuple[Any, Any, Any]]) -> bool:
        """Return whether the graph store took the graph (False: use SPARQL Update)."""
        address = self._writable_graph_store()
        if address is None:
            return False
        response = self._graph_store_request("PUT", address, graph_iri, rows=rows)
        if response is not None and response.ok:
            return True
        # Virtuoso loads as it parses, so a PUT it fails half-way has replaced the graph
        # with a part; SPARQL Update then writes the whole graph again.
        self._give_up_writing_if_absent(response)
        return False

    def _deleted_graph(self, graph_iri: str) -> bool:
        """Return whether the graph store dropped the graph (False: use SPARQL Update)."""
        address = self._writable_graph_store()
        if address is None:
            return False
        response = self._graph_store_request("DELETE", address, graph_iri)
        # 404 is a graph that is not there: the probe showed that this address has graphs.
        if response is not None and (response.ok or response.status_code == 404):
            return True
        self._give_up_writing_if_absent(response)
        return False

    def _fetched_graph(self, address: str, graph_iri: str) -> list[tuple[Any, Any, Any]] | None:
        """Return the triples the graph store sends for the graph, or None if it sends none."""
        response = self._graph_store_request("GET", address, graph_iri)
        if response is None or response.status_code != 200:
            return None
        fmt = ox.RdfFormat.from_media_type(response.headers.get("Content-Type", ""))
        if fmt is None or fmt.supports_datasets:
            return None  # an HTML page or a whole dataset: not the graph
        try:
            parsed = ox.parse(input=response.content, format=fmt)
            return [(q.subject, q.predicate, q.object) for q in parsed]
        except SyntaxError:
            return None

    def _writable_graph_store(self) -> str | None:
        """Return the graph store address that passed the write probe (probed on first use)."""
        if "write" not in self._graph_store:
            self._graph_store["write"] = next(
                (a for a in self._graph_store_addresses() if self._takes_writes(a)), None
            )
        return self._graph_store["write"]

    def _takes_writes(self, address: str) -> bool:
        """Return whether a probe graph PUT at ``address`` is queryable here and DELETEs again."""
        probe = ox.NamedNode(f"urn:samverkan:tmp:probe-{uuid.uuid4().hex}")
        put = self._graph_store_request("PUT", address, probe.value, rows=[(probe, probe, probe)])
        if put is None or not put.ok:
            return False
        seen = False
        try:
            seen = self.ask(f"ASK {{ GRAPH {probe} {{ ?s ?p ?o }} }}")
        finally:
            # Deleted where it went, whether or not that is this store.
            deleted = self._graph_store_request("DELETE", address, probe.value)
            deleted_ok = deleted is not None and deleted.ok
            if seen and not deleted_ok:
                self.update(f"DROP SILENT GRAPH {probe}")
        return seen and deleted_ok

    def _give_up_writing_if_absent(self, response: requests.Response | None) -> None:
        if response is None or response.status_code in _NO_GRAPH_STORE:
            self._graph_store["write"] = None

    def _readable_graph_store(self, sizes: Mapping[str, int]) -> str | None:
        """Return the graph store address that sent a whole graph (probed with the smallest)."""
        if "read" not in self._graph_store and sizes:
            name, size = min(sizes.items(), key=lambda item: item[1])
            self._graph_store["read"] = next(
                (a for a in self._graph_store_addresses() if self._sends_whole(a, name, size)),
                None,
            )
        return self._graph_store.get("read")

    def _sends_whole(self, address: str, graph_iri: str, size: int) -> bool:
        triples = self._fetched_graph(address, graph_iri)
        return triples is not None and len(triples) == size

    def _graph_store_addresses(self) -> list[str]:
        """Return the addresses to try: the one the user set, or the server's well-known ones."""
        if self.graph_store_setting.lower() == "off":
            return []
        if self.graph_store_setting:
            return [self.graph_store_setting]
        if self._server_headers is None:
            self.ask("ASK {}")  # for the answer's headers, which name the server
        return _known_graph_stores(self.url, self._server_headers or {})

    def _graph_store_request(
        self,
        method: str,
        address: str,
        graph_iri: str,
        *,
        rows: list[tuple[Any, Any, Any]] | None = None,
    ) -> requests.Response | None:
        """Send a Graph Store Protocol request (None when it got no answer)."""
        import requests

        data = None if rows is None else _ntriples(rows).encode("utf-8")
        # Only a GET names what it accepts: Virtuoso answers a DELETE that does with 406.
        headers = {
            "GET": {"Accept": "application/n-triples"},
            "PUT": {"Content-Type": "application/n-triples"},
        }.get(method, {})
        try:
            return self._send(
                method, address, params={"graph": graph_iri}, data=data, headers=headers
            )
        except requests.RequestException:
            return None

    # -- HTTP

    def _post_query(self, sparql: str, *, accept: str) -> requests.Response:
        # A form POST: Virtuoso 7.2 hangs on a bare application/sparql-query body.
        return self._post(data={"query": sparql}, headers={"Accept": accept})

    def _post(self, *, data: Any, headers: dict[str, str]) -> requests.Response:
        import requests

        is_update = headers.get("Content-Type", "").startswith("application/sparql-update")
        url = self.update_url if is_update else self.url
        try:
            response = self._send("POST", url, data=data, headers=headers)
        except requests.RequestException as err:
            raise StoreError(
                f"cannot reach the SPARQL endpoint at {self.url} ({type(err).__name__}); "
                "is the server running?"
            ) from None
        if response.status_code in (401, 403):
            raise StoreError(
                f"the SPARQL endpoint at {self.url} refused access (HTTP {response.status_code}); "
                "set SAMVERKAN_USER and SAMVERKAN_PASSWORD"
            )
        if response.status_code >= 400:
            raise StoreError(
                f"the SPARQL endpoint at {self.url} answered HTTP {response.status_code}: "
                f"{_first_line(Exception(response.text))}"
            )
        self._server_headers = response.headers
        return response

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        session = self._http()
        response = session.request(method, url, timeout=self.timeout, **kwargs)
        if response.status_code == 401 and self._switch_to_digest(response):
            response = session.request(method, url, timeout=self.timeout, **kwargs)
        return response

    def _http(self) -> requests.Session:
        if self._session is None:
            import requests

            self._session = requests.Session()
            user, password = _credentials()
            if user:
                self._session.auth = requests.auth.HTTPBasicAuth(user, password)
        return self._session

    def _switch_to_digest(self, response: requests.Response) -> bool:
        import requests.auth

        user, password = _credentials()
        session = self._http()
        # Virtuoso answers a Basic attempt with a bare 401 (no challenge), so anything
        # but an explicit Basic challenge is worth one Digest try.
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        if not user or challenge.startswith("basic"):
            return False
        if isinstance(session.auth, requests.auth.HTTPDigestAuth):
            return False
        session.auth = requests.auth.HTTPDigestAuth(user, password)
        return True


# Answers that say an address is no graph store (or not one that takes N-Triples).
_NO_GRAPH_STORE = frozenset({404, 405, 415, 501})
_VIRTUOSO_GRAPH_STORES = {"sparql": "sparql-graph-crud", "sparql-auth": "sparql-graph-crud-auth"}


def _known_graph_stores(url: str, headers: Mapping[str, str]) -> list[str]:
    """Return the graph store addresses beside ``url`` on the server ``headers`` name.

    Only servers known by name get a guess, so nothing is ever sent to an address another
    kind of server might use for something else.
    """
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    folder, _, name = path.rpartition("/")
    server = headers.get("Server", "")
    if not name:
        paths = []
    elif server.startswith("Virtuoso/") and name in _VIRTUOSO_GRAPH_STORES:
        paths = [f"{folder}/{_VIRTUOSO_GRAPH_STORES[name]}"]
    elif server.startswith("Oxigraph/") and name == "query":
        paths = [f"{folder}/store"]
    elif "Fuseki-Request-Id" in headers:  # Fuseki names itself there, not in Server
        paths = [f"{folder}/data"] if name in ("sparql", "query") else [f"{path}/data", path]
    else:
        paths = []
    return [urlunsplit((parts.scheme, parts.netloc, p, "", "")) for p in paths]


def _credentials() -> tuple[str, str]:
    return os.environ.get("SAMVERKAN_USER", ""), os.environ.get("SAMVERKAN_PASSWORD", "")


def _insert(graph: ox.NamedNode, rows: list[tuple[Any, Any, Any]]) -> str:
    body = f"GRAPH {graph} {{\n{_ntriples(rows)}\n}}"
    if any(isinstance(term, ox.BlankNode) for row in rows for term in row):
        # Virtuoso refuses blank nodes in INSERT DATA; a template with an empty WHERE
        # makes one fresh node per label, which is what INSERT DATA means anyway.
        return f"INSERT {{ {body} }} WHERE {{ }}"
    return f"INSERT DATA {{ {body} }}"


def _json_term(value: dict[str, str] | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """Return a term of a SPARQL JSON result as a pyoxigraph term (None when unbound)."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(_bnode_id(value["value"]))
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    if "datatype" in value:
        return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(value["value"])


# -- SPARQL text, for the server ------------------------------------------------------------------

_MASKED = re.compile(
    r"""'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\s]*>|\#[^\n]*""",
    re.DOTALL,
)


def _mask(sparql: str) -> str:
    """Return ``sparql`` with strings, IRIs and comments blanked (same length).

    Finding a brace or a keyword in the masked text cannot be fooled by a ``{`` inside a
    literal or a ``#`` inside an IRI.
    """
    return _MASKED.sub(lambda m: " " * len(m.group()), sparql)


def _query_form(sparql: str) -> str:
    found = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", _mask(sparql))
    return found.group(1).upper() if found else "SELECT"


def with_values(sparql: str, bindings: Mapping[str, object]) -> str:
    """Return ``sparql`` with ``bindings`` as a VALUES block at the start of its WHERE group.

    The values are written as escaped RDF terms, so a name holding quotes, braces or
    newlines stays one value. Placed inside the WHERE group (not after it), the bound
    variables are seen by that group's FILTERs, as with Oxigraph's substitutions.
    """
    if not bindings:
        return sparql
    names = [k.lstrip("?$") for k in bindings]
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"not a SPARQL variable name: {name!r}")
    terms = " ".join(str(to_term(v)) for v in bindings.values())
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }} "
    masked = _mask(sparql)
    start = 0
    if _query_form(sparql) == "CONSTRUCT":
        where = re.search(r"(?i)\bWHERE\b", masked)
        start = where.end() if where else masked.find("}") + 1
    brace = masked.find("{", start)
    if brace < 0:
        raise StoreError("the query has no WHERE group to bind values in")
    return sparql[: brace + 1] + block + sparql[brace + 1 :]


def _with_prefixes(sparql: str) -> str:
    # Oxigraph is given the project prefixes as defaults; a server gets them declared,
    # unless the query declares them itself.
    declared = set(re.findall(r"(?i)\bPREFIX\s+([A-Za-z0-9_.-]*):", _mask(sparql)))
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join([*lines, sparql])
