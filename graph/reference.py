"""Sweden's municipalities, counties and (Skåne's) localities, and their reference graph.

The data are the CSV files in ``data/reference/`` (see ``SOURCES.md`` there for where each
came from). The extractors use the lookups here to turn "Höganäs", "Malmö stad" or
"Lunds kommun" into a kommunkod, and ``rdf``/``store`` load :func:`reference_graph` into the
``sgr:reference`` named graph.

>>> municipality_by_name("Höganäs kommun").code
'1284'
>>> [loc.kommunkod for loc in localities_named("Mölle")]
['1284']
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, ORG, SDO, SKOS

from graph.ids import kommun_iri, lan_iri, locality_iri
from graph.resources import reference_file

# Until graph/vocab.py exists: the project's own terms, as in docs/graph-shape.md.
SAMV = Namespace("https://w3id.org/samverkan/ontology#")

MUNICIPALITIES_FILE = "municipalities.csv"
COUNTIES_FILE = "counties.csv"
LOCALITIES_FILE = "localities.csv"


@dataclass(frozen=True)
class Municipality:
    """A kommun: its SCB code, its name without "kommun", its county and its seat."""

    code: str
    name: str
    county_code: str
    county_name: str
    seat: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class County:
    """A län: its two-digit SCB code and its name ("Skåne län")."""

    code: str
    name: str


@dataclass(frozen=True)
class Locality:
    """A named place (tätort, småort, village) inside one municipality."""

    name: str
    kommunkod: str
    kind: str | None
    lat: float | None
    lon: float | None


def _rows(name: str) -> list[dict[str, str]]:
    with reference_file(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _optional(value: str) -> str | None:
    return value.strip() or None


def _coordinate(value: str) -> float | None:
    return float(value) if value.strip() else None


@cache
def _municipalities() -> tuple[Municipality, ...]:
    return tuple(
        Municipality(
            code=row["kommunkod"],
            name=unicodedata.normalize("NFC", row["name"]),
            county_code=row["county_code"],
            county_name=row["county_name"],
            seat=_optional(row["seat"]),
            lat=_coordinate(row["lat"]),
            lon=_coordinate(row["lon"]),
        )
        for row in _rows(MUNICIPALITIES_FILE)
    )


@cache
def _counties() -> tuple[County, ...]:
    return tuple(County(code=row["county_code"], name=row["name"]) for row in _rows(COUNTIES_FILE))


@cache
def _localities() -> tuple[Locality, ...]:
    return tuple(
        Locality(
            name=unicodedata.normalize("NFC", row["name"]),
            kommunkod=row["kommunkod"],
            kind=_optional(row["kind"]),
            lat=_coordinate(row.get("lat", "")),
            lon=_coordinate(row.get("lon", "")),
        )
        for row in _rows(LOCALITIES_FILE)
    )


def municipalities() -> list[Municipality]:
    """Return all 290 municipalities, ordered by kommunkod."""
    return list(_municipalities())


def counties() -> list[County]:
    """Return the 21 counties, ordered by länskod."""
    return list(_counties())


def localities() -> list[Locality]:
    """Return the known localities (Skåne's postal towns for now), ordered by kommunkod."""
    return list(_localities())


@cache
def _by_code() -> dict[str, Municipality]:
    return {kommun.code: kommun for kommun in _municipalities()}


def municipality_by_code(code: str | int) -> Municipality | None:
    """Return the municipality with kommunkod ``code`` ("1284", "0180" or 180), else None."""
    text = str(code).strip()
    if not text.isdigit() or len(text) > 4:
        return None
    return _by_code().get(text.zfill(4))


# Names people write that do not reduce to the SCB name by the rules below.
_NAME_ALIASES = {"falu": "Falun"}
_PREFIXES = ("region ",)
_SUFFIXES = (" kommun", " kommuns", " kommunen", " stad", " stads")
_WHITESPACE = re.compile(r"[\s\u00a0-]+")


def _name_key(name: str) -> str:
    # Hyphens and spaces vary in writing ("Upplands-Väsby", "Dals Ed"), so both become one space.
    text = unicodedata.normalize("NFC", name).casefold()
    return _WHITESPACE.sub(" ", text).strip()


@cache
def _by_name() -> dict[str, Municipality]:
    index = {_name_key(kommun.name): kommun for kommun in _municipalities()}
    for alias, name in _NAME_ALIASES.items():
        index[alias] = index[_name_key(name)]
    return index


def _without_affixes(key: str) -> str:
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
    for suffix in _SUFFIXES:
        if key.endswith(suffix):
            return key[: -len(suffix)]
    return key


def _genitive_base(key: str) -> str | None:
    """Return the name a genitive was made from ("malmös" -> "malmö"), else None.

    Swedish adds -s to a name unless the name already ends in s, x or z, in which case
    the genitive is written with an apostrophe ("Höganäs'") or not marked at all.
    """
    if key.endswith(("'", "’")):
        return key[:-1]
    if key.endswith("s") and not key[:-1].endswith(("s", "x", "z")):
        return key[:-1]
    return None


def municipality_by_name(name: str) -> Municipality | None:
    """Return the municipality a name refers to, or None.

    Accepts the bare name in any case ("höganäs"), the name with "kommun", "stad" or a
    "Region" prefix ("Lunds kommun", "Malmö stad", "Region Gotland") and a genitive
    ("Malmös", "Höganäs'"). A name that is itself a municipality is never shortened, so
    "Höganäs" stays Höganäs.
    """
    index = _by_name()
    key = _name_key(name)
    for candidate in (key, _without_affixes(key)):
        if candidate in index:
            return index[candidate]
        base = _genitive_base(candidate)
        if base is not None and base in index:
            return index[base]
    return None


@cache
def _localities_by_name() -> dict[str, tuple[Locality, ...]]:
    grouped: dict[str, list[Locality]] = {}
    for place in _localities():
        grouped.setdefault(_name_key(place.name), []).append(place)
    return {key: tuple(places) for key, places in grouped.items()}


def localities_named(name: str) -> list[Locality]:
    """Return every locality called ``name`` (any case): one name may be in several kommuner."""
    return list(_localities_by_name().get(_name_key(name), ()))


def _add_coordinates(graph: Graph, subject, lat: float | None, lon: float | None) -> None:
    # Decimal keeps the CSV's four decimals exactly instead of a float's binary expansion.
    if lat is not None and lon is not None:
        graph.add((subject, SDO.latitude, Literal(Decimal(f"{lat:.4f}"), datatype=XSD.decimal)))
        graph.add((subject, SDO.longitude, Literal(Decimal(f"{lon:.4f}"), datatype=XSD.decimal)))


def _add_county(graph: Graph, county: County) -> None:
    subject = lan_iri(county.code)
    graph.add((subject, RDF.type, SAMV.County))
    graph.add((subject, RDFS.label, Literal(county.name)))
    graph.add((subject, SAMV.countyCode, Literal(county.code)))


def _add_municipality(graph: Graph, kommun: Municipality) -> None:
    subject = kommun_iri(kommun.code)
    graph.add((subject, RDF.type, ORG.Organization))
    graph.add((subject, RDF.type, SAMV.Municipality))
    # The bare name: "X kommun" is wrong for the municipalities whose official name takes
    # a genitive (Lunds kommun, Falu kommun), and we keep no guessed forms.
    graph.add((subject, RDFS.label, Literal(kommun.name)))
    graph.add((subject, DCTERMS.identifier, Literal(kommun.code)))
    graph.add((subject, SAMV.county, lan_iri(kommun.county_code)))
    _add_coordinates(graph, subject, kommun.lat, kommun.lon)


def _add_locality(graph: Graph, place: Locality) -> None:
    subject = locality_iri(place.kommunkod, place.name)
    graph.add((subject, RDF.type, SAMV.Locality))
    graph.add((subject, RDF.type, SDO.Place))
    graph.add((subject, RDFS.label, Literal(place.name)))
    graph.add((subject, SDO.containedInPlace, kommun_iri(place.kommunkod)))
    _add_coordinates(graph, subject, place.lat, place.lon)


def reference_graph() -> Graph:
    """Return a new graph with the triples of every county, municipality and locality.

    The shapes are those of docs/graph-shape.md ("municipality and county", "locality").
    A fresh graph is built on each call so that callers may add to it freely.
    """
    graph = Graph()
    for prefix, namespace in (("samv", SAMV), ("org", ORG), ("schema", SDO), ("skos", SKOS)):
        graph.bind(prefix, namespace)
    graph.bind("dcterms", DCTERMS)
    for county in _counties():
        _add_county(graph, county)
    for kommun in _municipalities():
        _add_municipality(graph, kommun)
    for place in _localities():
        _add_locality(graph, place)
    return graph


def full_reference_graph() -> Graph:
    """Return what the reference named graph holds: the ontology, the process scheme and the
    municipalities, counties and localities."""
    from graph.ontology import ontology_graph

    graph = reference_graph()
    for triple in ontology_graph():
        graph.add(triple)
    return graph


def reference_version() -> str:
    """Return a fingerprint of the reference files, to know when the stored copy is stale."""
    import hashlib

    from graph.resources import ontology_file

    digest = hashlib.sha256()
    for path in (
        reference_file("municipalities.csv"),
        reference_file("counties.csv"),
        reference_file("localities.csv"),
        ontology_file("samverkan.ttl"),
        ontology_file("processes.ttl"),
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_reference(store) -> bool:
    """Load the reference graph into ``store`` unless the same version is there already.

    Returns True when it was (re)loaded. The version is a fingerprint of the reference files,
    stored on the graph's own IRI, so an upgrade of the data replaces the stale copy.
    """
    from rdflib import OWL

    from graph.ids import REFERENCE_GRAPH

    version = reference_version()
    graph_iri = f"<{REFERENCE_GRAPH}>"
    asked = f'ASK {{ GRAPH {graph_iri} {{ {graph_iri} <{OWL.versionInfo}> "{version}" }} }}'
    if store.ask(asked):
        return False
    graph = full_reference_graph()
    graph.add((REFERENCE_GRAPH, OWL.versionInfo, Literal(version)))
    store.replace_graph(str(REFERENCE_GRAPH), graph)
    return True
