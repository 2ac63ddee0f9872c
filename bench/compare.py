"""The same questions on rdflib's in-memory graph and on the Oxigraph store, in one run.

``python -m bench.compare STORE NAME`` exports the store as TriG, loads the export into an
rdflib ``Dataset`` (the union of its named graphs as the default graph, as the store has it),
then asks both the questions of ``samverkan who NAME`` (every SPARQL query of
:func:`graph.questions.who`) and one aggregate (people per municipality), and prints the
timings as JSON. It runs as its own process so that the harness can stop it when rdflib
takes too long and so that rdflib's memory is measured apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from graph.store import PREFIXES, Rows, open_store, to_python, to_term, with_values

# How many people each municipality has: through the library or body they belong to, or
# the organisation located there.
PEOPLE_PER_MUNICIPALITY = """
SELECT ?k (SAMPLE(?label) AS ?name) (COUNT(DISTINCT ?p) AS ?people) WHERE {
  ?p a foaf:Person ; org:memberOf/(org:subOrganizationOf|schema:location) ?k .
  ?k a samv:Municipality ; rdfs:label ?label .
} GROUP BY ?k ORDER BY DESC(?people) ?k"""


class RdflibStore:
    """Enough of :class:`graph.store.Store` over an rdflib Dataset for graph.questions.

    Queries get the project prefixes declared and their bindings as the same VALUES block
    the Oxigraph store uses, so both backends run the very same SPARQL.
    """

    def __init__(self, dataset: Any) -> None:
        self.dataset = dataset

    def query(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> Rows:
        """Return the query's rows as plain Python values, like the Oxigraph store's."""
        result = self.dataset.query(_declared(with_values(sparql, bindings or {})))
        if result.type == "ASK":
            return Rows(["ask"], [{"ask": bool(result.askAnswer)}])
        columns = [str(var) for var in result.vars]
        return Rows(columns, ({c: _plain(row[c]) for c in columns} for row in result))

    def ask(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> bool:
        """Return the answer of an ASK query."""
        return bool(self.query(sparql, bindings=bindings)[0]["ask"])


def _declared(sparql: str) -> str:
    return "\n".join([*(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()), sparql])


def _plain(term: Any) -> object:
    return None if term is None else to_python(to_term(term))


def load_rdflib(trig: Path) -> Any:
    """Return an rdflib Dataset holding the TriG file, its default graph the union."""
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(trig, format="trig")
    return dataset


def best_and_median(call: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Return (best seconds, median seconds, the last answer) of ``runs`` calls."""
    times, answer = [], None
    for _ in range(runs):
        start = time.perf_counter()
        answer = call()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[0], times[len(times) // 2], answer


def ask_both(store: Any, name: str, runs: int) -> dict[str, Any]:
    """Return the timings of the who questions and the aggregate on ``store``."""
    from graph.questions import who

    who_best, who_median, answer = best_and_median(lambda: who(store, name), runs)
    agg_best, agg_median, rows = best_and_median(lambda: store.query(PEOPLE_PER_MUNICIPALITY), runs)
    return {
        "who_best": who_best,
        "who_median": who_median,
        "who_connections": len(answer.connections),
        "aggregate_best": agg_best,
        "aggregate_median": agg_median,
        "aggregate_rows": len(rows),
    }


def compare(location: str | Path, name: str, *, runs: int = 3) -> dict[str, Any]:
    """Return the timings on Oxigraph and on rdflib, the rdflib load time and the ratios.

    Ratios are rdflib's time over Oxigraph's (best of ``runs`` each): above 1, Oxigraph
    is that many times faster. ``same_answer`` says whether both found as many connections
    and aggregate rows, so a fast wrong answer cannot pass for a fast one.
    """
    with tempfile.TemporaryDirectory() as tmp, open_store(location) as store:
        oxigraph = ask_both(store, name, runs)
        trig = Path(tmp) / "store.trig"
        start = time.perf_counter()
        store.export("trig", trig)
        export_seconds = time.perf_counter() - start
        start = time.perf_counter()
        dataset = load_rdflib(trig)
        load_seconds = time.perf_counter() - start
    rdflib_side = ask_both(RdflibStore(dataset), name, runs)
    return {
        "triples": len(dataset),
        "export_seconds": export_seconds,
        "rdflib_load_seconds": load_seconds,
        "oxigraph": oxigraph,
        "rdflib": rdflib_side,
        "who_ratio": rdflib_side["who_best"] / oxigraph["who_best"],
        "aggregate_ratio": rdflib_side["aggregate_best"] / oxigraph["aggregate_best"],
        "same_answer": all(
            oxigraph[key] == rdflib_side[key] for key in ("who_connections", "aggregate_rows")
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("name")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    json.dump(compare(args.store, args.name, runs=args.runs), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
