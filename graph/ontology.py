"""The ontology, the process scheme and the SHACL shapes, loaded for the rest of the pipeline.

``ontology_graph()`` is what goes into the reference graph, ``processes()`` is what the
process extractor matches on, and ``validate()`` checks a graph against the contract's shapes
and returns problems a librarian can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import pyshacl
from rdflib import Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from graph.resources import ontology_file
from graph.vocab import RDF, SKOS, SPROC, bind_prefixes

ONTOLOGY_FILES = ("samverkan.ttl", "processes.ttl")
SHAPES_FILE = "shapes.ttl"


@dataclass
class ProcessConcept:
    """One collaboration process of the scheme, with the labels text is matched against."""

    iri: URIRef
    slug: str
    pref_label_sv: str
    pref_label_en: str
    alt_labels_sv: list[str] = field(default_factory=list)

    @property
    def labels_sv(self) -> list[str]:
        """Return the Swedish preferred label followed by the alternative labels."""
        return [self.pref_label_sv, *self.alt_labels_sv]


@dataclass(frozen=True)
class Problem:
    """One thing in the data that breaks a shape: where it is, and what is wrong, in words."""

    focus: Node
    path: str | None
    message: str  # English
    message_sv: str
    severity: str = "Violation"  # or "Warning", "Info"

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else str(self.focus)
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of ``validate``: whether the data conforms, and every problem found."""

    conforms: bool
    problems: list[Problem] = field(default_factory=list)

    def messages(self, lang: str = "en") -> list[str]:
        """Return one line per problem, in English (``en``) or Swedish (``sv``)."""
        return [p.message_sv if lang == "sv" else p.message for p in self.problems]


def ontology_graph() -> Graph:
    """Return a new graph with the samverkan ontology and the process scheme.

    A fresh graph each call, so callers may add to it; this is what the reference graph holds.
    """
    graph = bind_prefixes(Graph())
    for name in ONTOLOGY_FILES:
        graph.parse(ontology_file(name), format="turtle")
    return graph


def shapes_graph() -> Graph:
    """Return a new graph with the SHACL shapes of ``ontology/shapes.ttl``."""
    graph = bind_prefixes(Graph())
    graph.parse(ontology_file(SHAPES_FILE), format="turtle")
    return graph


def processes() -> list[ProcessConcept]:
    """Return the collaboration processes of the scheme, sorted by slug.

    Read from ``processes.ttl`` on each call (new objects, the caller may change them); the
    process extractor matches the Swedish labels (``labels_sv``) against a post's lemmas.
    """
    graph = Graph().parse(ontology_file("processes.ttl"), format="turtle")
    concepts = [
        _concept(graph, iri)
        for iri in graph.subjects(SKOS.inScheme, SPROC.scheme)
        if isinstance(iri, URIRef)
    ]
    return sorted(concepts, key=lambda c: c.slug)


def _concept(graph: Graph, iri: URIRef) -> ProcessConcept:
    return ProcessConcept(
        iri=iri,
        slug=str(iri).removeprefix(str(SPROC)),
        pref_label_sv=_label(graph, iri, SKOS.prefLabel, "sv"),
        pref_label_en=_label(graph, iri, SKOS.prefLabel, "en"),
        alt_labels_sv=sorted(
            str(label)
            for label in graph.objects(iri, SKOS.altLabel)
            if isinstance(label, Literal) and label.language == "sv"
        ),
    )


def _label(graph: Graph, iri: Node, predicate: URIRef, lang: str) -> str:
    for label in graph.objects(iri, predicate):
        if isinstance(label, Literal) and label.language == lang:
            return str(label)
    return ""


def validate_store(store) -> ValidationReport:
    """Check everything in ``store`` (all posts, reference data, curation) against the shapes.

    The store's union is read once into an rdflib graph, which pyshacl walks fastest.
    """
    data = Graph()
    data.parse(data=store.serialize("nt"), format="nt")
    return validate(data)


def validate(data_graph: Graph) -> ValidationReport:
    """Check ``data_graph`` against the shapes and return whether it conforms, with problems.

    No inference is run: the contract asks for its standard terms to be stated, so a fact
    that only follows from the ontology counts as missing. A Dataset is checked as the union
    of its graphs, since a post's facts point at municipalities in the reference graph.
    Warnings (an event without a date) are reported but do not make the data non-conforming.
    """
    union = getattr(data_graph, "default_union", None)
    try:
        conforms, results, _text = pyshacl.validate(
            data_graph,
            shacl_graph=_shapes(),
            inference="none",
            allow_warnings=True,
        )
    finally:
        if union is not None:
            # pyshacl switches a Dataset to union mode in place; give the caller theirs back
            data_graph.default_union = union
    if not isinstance(results, Graph):
        # pyshacl returns the failure itself instead of a report when it cannot validate
        raise ValueError(f"the graph could not be checked: {results}")
    bind_prefixes(results)
    problems = [_problem(results, node) for node in results.subjects(SH.resultSeverity, None)]
    problems.sort(key=lambda p: (p.severity != "Violation", str(p.focus), p.path or ""))
    return ValidationReport(conforms=bool(conforms), problems=problems)


@cache
def _shapes() -> Graph:
    # parsed once: validate() runs on every ingest and never changes the shapes
    return shapes_graph()


def _problem(results: Graph, node: Node) -> Problem:
    templates = _message_templates(results.value(node, SH.sourceConstraint))
    messages = {
        (m.language or _language_of(str(m), templates)): str(m)
        for m in results.objects(node, SH.resultMessage)
        if isinstance(m, Literal)
    }
    severity = results.value(node, SH.resultSeverity)
    path = results.value(node, SH.resultPath)
    english = messages.get("en") or next(iter(messages.values()), "does not match the shapes")
    return Problem(
        focus=results.value(node, SH.focusNode),
        path=_path_text(results, path),
        message=english,
        message_sv=messages.get("sv", english),
        severity=str(severity).removeprefix(str(SH)) if severity else "Violation",
    )


def _message_templates(constraint: Node | None) -> list[tuple[re.Pattern[str], str]]:
    # pyshacl drops the language tag when it fills in a SPARQL constraint's {?var}
    # placeholders; matching the text against the shape's templates gives it back.
    if constraint is None:
        return []
    templates = []
    for template in _shapes().objects(constraint, SH.message):
        if isinstance(template, Literal) and template.language:
            parts = re.split(r"\{[?$]\w+\}", str(template))
            pattern = re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL)
            templates.append((pattern, template.language))
    return templates


def _language_of(message: str, templates: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, language in templates:
        if pattern.fullmatch(message):
            return language
    return "en"


def _path_text(results: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return path.n3(results.namespace_manager)
    if results.value(path, RDF.first) is not None:
        # a sequence path arrives as an RDF list
        items = Collection(results, path)
        return "/".join(item.n3(results.namespace_manager) for item in items)
    return str(path)


__all__ = [
    "ONTOLOGY_FILES",
    "Problem",
    "ProcessConcept",
    "ValidationReport",
    "ontology_graph",
    "processes",
    "shapes_graph",
    "validate",
]
