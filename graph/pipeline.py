"""The whole pipeline: read posts -> annotate -> extract facts -> resolve -> RDF -> store.

``analyse(post)`` is the language part (one post in, one PostDoc out); ``ingest`` runs it over
files and writes each post into its own named graph, so re-ingesting a post replaces it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.annotate import annotate
from graph.extract import extract
from graph.model import Post, PostDoc
from graph.resolve import resolve


def analyse(post: Post) -> PostDoc:
    """Return the post with its sentences, mentions, entities and facts."""
    return resolve(extract(annotate(PostDoc(post=post))))


@dataclass
class IngestReport:
    """What an ingest did: posts written, and one line per input that failed."""

    posts: list[str] = field(default_factory=list)  # post graph IRIs written
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def ingest(
    paths: Iterable[str | Path],
    store,
    *,
    on_post: Callable[[PostDoc], None] | None = None,
) -> IngestReport:
    """Read every post under ``paths``, analyse it and replace its named graph in ``store``.

    Bad inputs are reported in the returned report (one line each) and the rest go on.
    """
    from graph.rdf import post_graph
    from graph.read import ReadError, read_paths
    from graph.reference import ensure_reference

    report = IngestReport()
    ensure_reference(store)
    for item in read_paths(paths):
        if isinstance(item, ReadError):
            report.failures.append(str(item))
            continue
        try:
            doc = analyse(item)
            graph_iri, graph = post_graph(doc)
        except Exception as error:  # noqa: BLE001 - one bad post must not stop the others
            report.failures.append(f"{item.source}: could not analyse the post ({error})")
            continue
        store.replace_graph(str(graph_iri), graph)
        report.posts.append(str(graph_iri))
        if on_post:
            on_post(doc)
    return report
