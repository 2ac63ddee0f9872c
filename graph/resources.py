"""Where the ontology and the reference data live, in a checkout and in an installed wheel."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def _locate(package: str, fallback: Path, name: str) -> Path:
    # The wheel maps ontology/ and data/reference/ into graph._ontology and
    # graph._reference; a plain checkout (no install) finds them beside the package.
    try:
        path = Path(str(resources.files(package).joinpath(name)))
        if path.exists():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return fallback / name


def ontology_file(name: str) -> Path:
    """Return the path of a file in ``ontology/`` (e.g. ``samverkan.ttl``)."""
    return _locate("graph._ontology", _ROOT / "ontology", name)


def reference_file(name: str) -> Path:
    """Return the path of a reference data file in ``data/reference/``."""
    return _locate("graph._reference", _ROOT / "data" / "reference", name)


def query_file(name: str) -> Path:
    """Return the path of a saved SPARQL query in ``ontology/queries/``."""
    return _locate("graph._ontology.queries", _ROOT / "ontology" / "queries", name)
