"""The benchmark behind ``make bench``: synthetic posts, whole-process timings, one table.

* :mod:`bench.synthetic` writes realistic synthetic posts (the same for the same seed);
* :mod:`bench.harness` runs ``samverkan`` on them as a user would and measures it;
* :mod:`bench.compare` asks the same questions of rdflib's in-memory graph and of Oxigraph;
* ``bench/resolve_bench.py`` times entity resolution alone;
* ``python -m bench [--quick]`` runs them all and writes ``out/bench.md`` and ``out/bench.json``.
"""
