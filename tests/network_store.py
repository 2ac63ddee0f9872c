"""A store for the network and map tests: pyoxigraph in memory, read from a TriG fixture.

It offers what graph/network.py needs of graph/store.py: ``query(sparql)`` returning one dict
per solution with plain Python values (IRIs as str, literals as Python values, unbound as
None) over the union of the named graphs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox

FIXTURES = Path(__file__).parent / "fixtures" / "network"
XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {
    "integer": int,
    "int": int,
    "long": int,
    "decimal": float,
    "double": float,
    "float": float,
}


def _python(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.removeprefix(XSD)
        if datatype == "date":
            return dt.date.fromisoformat(term.value)
        if datatype in _NUMBERS:
            return _NUMBERS[datatype](term.value)
        if datatype == "boolean":
            return term.value == "true"
        return term.value
    return term.value  # type: ignore[attr-defined]


class OxigraphStore:
    """An in-memory Oxigraph store answering SELECTs as lists of plain dicts."""

    def __init__(self, *trig: str | Path) -> None:
        self.store = ox.Store()
        for path in trig:
            self.store.load(path=str(path), format=ox.RdfFormat.TRIG)
        self.queries: list[str] = []

    def load_text(self, text: str) -> None:
        self.store.load(text.encode("utf-8"), format=ox.RdfFormat.TRIG)

    def query(self, sparql: str, *, bindings: dict | None = None) -> list[dict[str, object]]:
        if bindings:
            raise NotImplementedError("the network code is expected not to need bindings")
        self.queries.append(sparql)
        solutions = self.store.query(sparql, use_default_graph_as_union=True)
        names = [variable.value for variable in solutions.variables]
        return [{name: _python(solution[name]) for name in names} for solution in solutions]


def skane_store() -> OxigraphStore:
    """Return the three Skåne posts of ``fixtures/network/skane.trig`` in a fresh store."""
    return OxigraphStore(FIXTURES / "skane.trig")
