"""Measure samverkan as a user runs it: whole processes on synthetic posts, one row per figure.

:func:`run_benchmark` writes synthetic posts (:mod:`bench.synthetic`), ingests them with
``samverkan ingest``, asks ``samverkan who`` about a typical and the most-named person, draws
``samverkan map``, compares rdflib with Oxigraph (:mod:`bench.compare`) and times resolution
(``bench/resolve_bench.py``). Every command runs as its own process, timed by the wall clock,
with its peak memory (the process and its worker processes together). Each figure becomes a
:class:`Row` with its target and whether it is met; :func:`markdown` makes the table.

Speed targets live here, never in tests: a test run on a busy machine must not fail on time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.synthetic import write_posts

ROOT = Path(__file__).resolve().parent.parent
Progress = Callable[[str], None]

# Targets: (text shown, where it comes from). "issue 8" targets are the project's; the
# others are proposed here so that every row says whether it is fine.
INGEST_RATE = 100.0  # posts per second, whole process, on 2 cores (issue 8)
WHO_SECONDS = 1.0  # whole process (issue 8)
WHO_GROWTH = 1.5  # median at the largest size / at the smallest: "does not grow" (issue 8)
MAP_SECONDS = 10.0  # proposed
PEAK_MB = 2048.0  # proposed: fits beside a browser on a 4 GB laptop
RATIO = 1.0  # proposed: Oxigraph at least as fast as rdflib's in-memory graph
RESOLVE_SECONDS = 60.0  # bench/resolve_bench.py's own budget


@dataclass(frozen=True)
class Plan:
    """The sizes to measure at (numbers of posts) and how often to repeat."""

    ingest: tuple[int, ...] = (2_000, 10_000)
    who: tuple[int, ...] = (20, 2_000, 10_000)
    map: int = 2_000
    compare: int = 2_000
    resolve: int = 10_000
    who_runs: int = 3
    seed: int = 1
    compare_timeout: float = 900.0

    def stores(self) -> list[int]:
        """Return every size a store must be ingested for, smallest first."""
        return sorted({*self.ingest, *self.who, self.map, self.compare})


FULL = Plan()
QUICK = Plan(ingest=(50, 200), who=(50, 200), map=50, compare=50, resolve=1_000)


@dataclass
class Row:
    """One figure of the table: what was measured at what size, against which target."""

    measure: str
    posts: int | None
    result: str  # as shown: "142 posts/s (70.4 s)"
    target: str  # as shown: "≥ 100 posts/s"
    met: bool | None  # None: could not be measured
    value: float | None = None  # the figure the target is checked on
    unit: str = ""
    peak_mb: float | None = None
    target_from: str = "issue 8"
    note: str = ""


@dataclass
class Run:
    """One finished process: wall time, peak memory, exit status and what it printed."""

    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    cpu_seconds: float = 0.0  # user + system, with the worker processes it waited for

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def problem(self) -> str:
        """Return one line saying why the process failed (its last line of output)."""
        if self.timed_out:
            return f"stopped after {self.seconds:.0f} s"
        lines = [line for line in (self.stderr + self.stdout).splitlines() if line.strip()]
        return f"exit {self.returncode}: {lines[-1].strip() if lines else 'no output'}"


@dataclass
class Report:
    """Every row, and the machine it was measured on."""

    rows: list[Row] = field(default_factory=list)
    machine: dict[str, Any] = field(default_factory=dict)


# --- running and measuring a process --------------------------------------------------------


def samverkan_command() -> list[str]:
    """Return the command that starts samverkan with this interpreter's installation."""
    script = Path(sys.executable).with_name("samverkan")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys, cli; sys.exit(cli.main())"]


def run(args: Sequence[str], *, timeout: float | None = None, cwd: Path = ROOT) -> Run:
    """Run a command to its end and return its wall time, peak memory and output.

    Peak memory is the larger of the kernel's maximum resident set size of the process
    (``wait4``) and the largest sum, sampled every 100 ms or more, of the proportional
    memory of the process and its descendants: an ingest's worker processes count too,
    the memory they share with it once.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err, cwd=cwd)
        sampler = _TreeMemory(process.pid)
        sampler.start()
        timer = threading.Timer(timeout, process.kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        timed_out = bool(timer) and not timer.is_alive() and process.returncode < 0
        if timer:
            timer.cancel()
        sampler.stop()
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            peak_mb=max(usage.ru_maxrss / 1024, sampler.peak_kb / 1024),
            returncode=process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=timed_out,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
        )


class _TreeMemory(threading.Thread):
    """Samples the memory of a process and its descendants until stopped.

    Reading a large process's proportional set size walks its page tables (0.2 s for a
    5 GB process) and holds up the process meanwhile, so the pause after each sample is
    twenty times the sample's own time: the sampler never takes more than 5% of the run.
    """

    INTERVAL = 0.1  # seconds, at least
    SHARE = 20  # pause this many times as long as the sample took

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb = pid, 0
        self._stopped = threading.Event()

    def run(self) -> None:
        pause = self.INTERVAL
        while not self._stopped.wait(pause):
            start = time.perf_counter()
            self.peak_kb = max(self.peak_kb, sum(map(_memory_kb, _tree(self.pid))))
            pause = max(self.INTERVAL, self.SHARE * (time.perf_counter() - start))

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):  # the process ended while we looked
                todo += [int(child) for child in children.read_text().split()]
    return found


def _memory_kb(pid: int) -> int:
    """Return the process's proportional set size: its resident memory, pages shared with
    other processes (a forked worker's copy of the language models) counted in shares, so
    that the sum over a process tree is what the tree really holds."""
    for name, field_name in (("smaps_rollup", "Pss"), ("status", "VmRSS")):
        try:
            text = Path(f"/proc/{pid}/{name}").read_text()
        except OSError:
            continue
        found = re.search(rf"^{field_name}:\s+(\d+)", text, re.MULTILINE)
        if found:
            return int(found.group(1))
    return 0


# --- the measurements -----------------------------------------------------------------------


@dataclass
class Prepared:
    """A store ingested from ``posts`` synthetic posts, and the ingest that made it."""

    posts: int
    folder: Path
    store: Path
    ingest: Run


def prepare(size: int, workdir: Path, *, seed: int, progress: Progress) -> Prepared:
    """Write ``size`` posts and ingest them into a fresh store, timing the ingest."""
    folder, store = workdir / f"posts-{size}", workdir / f"store-{size}"
    for old in (folder, store):
        shutil.rmtree(old, ignore_errors=True)
    write_posts(folder, size, seed=seed)
    progress(f"ingest {size:,} posts …")
    ingest = run([*samverkan_command(), "ingest", str(folder), "--store", str(store)])
    rate = size / ingest.seconds
    state = "" if ingest.ok else f" — FAILED ({ingest.problem()})"
    progress(f"ingest {size:,} posts: {ingest.seconds:.1f} s, {rate:.1f} posts/s{state}")
    return Prepared(size, folder, store, ingest)


def ingest_row(prepared: Prepared) -> Row:
    """Return the throughput of the whole ``samverkan ingest`` process."""
    ingest = prepared.ingest
    rate = prepared.posts / ingest.seconds
    ok = ingest.ok
    return Row(
        measure="ingest throughput",
        posts=prepared.posts,
        result=f"{rate:.1f} posts/s ({ingest.seconds:.1f} s)" if ok else ingest.problem(),
        target=f"≥ {INGEST_RATE:.0f} posts/s",
        met=rate >= INGEST_RATE if ok else False,
        value=rate if ok else None,
        unit="posts/s",
        peak_mb=ingest.peak_mb,
        # On 2 cores, the CPU time says whether the run was waiting or computing.
        note=f"CPU {ingest.cpu_seconds:.0f} s ({ingest.cpu_seconds / ingest.seconds:.1f} cores)"
        if ok
        else "",
    )


_PEOPLE_BY_POSTS = """
SELECT ?name (COUNT(DISTINCT ?post) AS ?posts) WHERE {
  ?post a schema:BlogPosting ; schema:mentions ?p . ?p a foaf:Person ; foaf:name ?name .
} GROUP BY ?name ORDER BY DESC(?posts) ?name"""


def probes(store: Path) -> dict[str, str]:
    """Return whom to ask about: the person named in most posts, and a typical person.

    The typical person is in as many posts as the median person: asking about them, the
    answer should stay the same size as the data grows, and so should the time.
    """
    from graph.store import open_store

    with open_store(store) as opened:
        rows = opened.query(_PEOPLE_BY_POSTS)
    if not rows:
        return {}
    median = sorted(int(r["posts"]) for r in rows)[len(rows) // 2]
    typical = next(str(r["name"]) for r in rows if int(r["posts"]) == median)
    return {"typical person": typical, "most-named person": str(rows[0]["name"])}


def who_rows(prepared: Prepared, *, runs: int, progress: Progress) -> list[Row]:
    """Return, per probe person, the whole ``samverkan who`` process: best and median of
    ``runs``."""
    rows = []
    for label, name in probes(prepared.store).items():
        args = [*samverkan_command(), "who", name, "--store", str(prepared.store)]
        done = [run(args) for _ in range(runs)]
        times = sorted(r.seconds for r in done)
        best, median = times[0], times[len(times) // 2]
        failed = next((r for r in done if not r.ok), None)
        progress(f"who {name!r} at {prepared.posts:,} posts: median {median:.2f} s")
        rows.append(
            Row(
                measure=f"who, {label}",
                posts=prepared.posts,
                result=failed.problem() if failed else f"median {median:.2f} s, best {best:.2f} s",
                target=f"< {WHO_SECONDS:.0f} s",
                met=None if failed else median < WHO_SECONDS,
                value=None if failed else median,
                unit="s",
                peak_mb=max(r.peak_mb for r in done),
                note=f"{name}: {_connections(done[-1].stdout)} connections",
            )
        )
    return rows


def _connections(text: str) -> int:
    return len(re.findall(r"^\s*\d+\. ", text, re.MULTILINE))


def who_growth_row(rows: list[Row]) -> Row:
    """Return how much the typical person's ``who`` slowed from the smallest to the largest
    store."""
    typical = [r for r in rows if r.measure == "who, typical person" and r.value]
    if len(typical) < 2:
        return Row("who growth", None, "not measured", f"≤ {WHO_GROWTH}×", None)
    small, large = min(typical, key=lambda r: r.posts), max(typical, key=lambda r: r.posts)
    growth = large.value / small.value
    return Row(
        measure="who growth, typical person",
        posts=large.posts,
        result=f"{growth:.2f}× the time at {small.posts:,} posts",
        target=f"≤ {WHO_GROWTH}× (does not grow)",
        met=growth <= WHO_GROWTH,
        value=growth,
        unit="×",
    )


def map_row(prepared: Prepared, workdir: Path) -> Row:
    """Return the time of the whole ``samverkan map`` process and the map's node count."""
    output = workdir / f"map-{prepared.posts}.html"
    done = run([*samverkan_command(), "map", "--store", str(prepared.store), "-o", str(output)])
    nodes = re.search(r"\((\d+) nodes, (\d+) ties\)", done.stdout + done.stderr)
    size = f"{nodes.group(1)} nodes, {nodes.group(2)} ties" if nodes else ""
    return Row(
        measure="map",
        posts=prepared.posts,
        result=f"{done.seconds:.1f} s" if done.ok else done.problem(),
        target=f"≤ {MAP_SECONDS:.0f} s",
        met=done.seconds <= MAP_SECONDS if done.ok else False,
        value=done.seconds if done.ok else None,
        unit="s",
        peak_mb=done.peak_mb,
        target_from="proposed",
        note=size,
    )


def memory_rows(rows: list[Row]) -> list[Row]:
    """Return the peak memory of the largest ingest, the largest who and the map."""
    found = []
    for prefix in ("ingest", "who", "map"):
        measured = [r for r in rows if r.measure.startswith(prefix) and r.peak_mb]
        if not measured:
            continue
        top = max(measured, key=lambda r: ((r.posts or 0), r.peak_mb))
        found.append(
            Row(
                measure=f"peak memory, {prefix}",
                posts=top.posts,
                result=f"{top.peak_mb:.0f} MB",
                target=f"≤ {PEAK_MB:.0f} MB",
                met=top.peak_mb <= PEAK_MB,
                value=top.peak_mb,
                unit="MB",
                peak_mb=top.peak_mb,
                target_from="proposed",
                note="the process and its workers together (shared pages once)",
            )
        )
    return found


def compare_rows(prepared: Prepared, *, timeout: float, progress: Progress) -> list[Row]:
    """Return rdflib's time over Oxigraph's for the who questions and for the aggregate."""
    name = probes(prepared.store).get("typical person", "")
    progress(f"rdflib vs Oxigraph at {prepared.posts:,} posts …")
    done = run([sys.executable, "-m", "bench.compare", str(prepared.store), name], timeout=timeout)
    if not done.ok:
        return [
            Row(f"rdflib / Oxigraph, {what}", prepared.posts, done.problem(), "≥ 1×", None)
            for what in ("who", "people per municipality")
        ]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    note = (
        f"{found['triples']:,} triples; rdflib load of the TriG export "
        f"{found['rdflib_load_seconds']:.1f} s; same answers: "
        f"{'yes' if found['same_answer'] else 'NO'}"
    )
    return [
        _ratio_row("who", prepared.posts, found["rdflib"], found["oxigraph"], "who", note, done),
        _ratio_row(
            "people per municipality",
            prepared.posts,
            found["rdflib"],
            found["oxigraph"],
            "aggregate",
            note,
            done,
        ),
    ]


def _ratio_row(
    what: str, posts: int, rdflib: dict, oxigraph: dict, key: str, note: str, done: Run
) -> Row:
    ratio = rdflib[f"{key}_best"] / oxigraph[f"{key}_best"]
    return Row(
        measure=f"rdflib / Oxigraph, {what}",
        posts=posts,
        result=(
            f"{ratio:.1f}× (rdflib {rdflib[f'{key}_best']:.2f} s, "
            f"Oxigraph {oxigraph[f'{key}_best']:.2f} s)"
        ),
        target=f"≥ {RATIO:.0f}×",
        met=ratio >= RATIO,
        value=ratio,
        unit="×",
        peak_mb=done.peak_mb,
        target_from="proposed",
        note=note,
    )


def resolve_row(posts: int, *, seed: int) -> Row:
    """Return the time of entity resolution alone over ``posts`` posts (resolve_bench.py)."""
    script = ROOT / "bench" / "resolve_bench.py"
    args = [sys.executable, str(script), str(posts), "--seed", str(seed)]
    done = run([*args, "--budget", str(RESOLVE_SECONDS)])
    found = re.search(r"in ([\d.]+) s \((\d+) posts/s\); (\d+) entities", done.stdout)
    if not found:
        return Row("resolution", posts, done.problem(), f"≤ {RESOLVE_SECONDS:.0f} s", None)
    seconds = float(found.group(1))
    return Row(
        measure="resolution (in process)",
        posts=posts,
        result=f"{seconds:.1f} s ({found.group(2)} posts/s)",
        target=f"≤ {RESOLVE_SECONDS:.0f} s",
        met=seconds <= RESOLVE_SECONDS,
        value=seconds,
        unit="s",
        peak_mb=done.peak_mb,
        target_from="resolve_bench.py",
        note=f"{found.group(3)} entities",
    )


# --- the whole run --------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """Return what the figures depend on: cores, load, Python, platform, time."""
    return {
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "when": dt.datetime.now().isoformat(timespec="seconds"),
    }


def run_benchmark(plan: Plan, workdir: Path, *, progress: Progress = lambda _: None) -> Report:
    """Measure everything ``plan`` asks for, in ``workdir``; return the rows in table order."""
    workdir.mkdir(parents=True, exist_ok=True)
    report = Report(machine={"before": machine()})
    started = time.perf_counter()
    stores = {
        size: prepare(size, workdir, seed=plan.seed, progress=progress) for size in plan.stores()
    }
    rows = [ingest_row(stores[size]) for size in plan.ingest]
    who = [
        r
        for size in plan.who
        for r in who_rows(stores[size], runs=plan.who_runs, progress=progress)
    ]
    rows += [*who, who_growth_row(who)]
    progress(f"map at {plan.map:,} posts …")
    rows.append(map_row(stores[plan.map], workdir))
    rows += memory_rows(rows)
    rows += compare_rows(stores[plan.compare], timeout=plan.compare_timeout, progress=progress)
    progress(f"resolution at {plan.resolve:,} posts …")
    rows.append(resolve_row(plan.resolve, seed=plan.seed))
    report.rows = rows
    report.machine["after"] = machine()
    report.machine["minutes"] = round((time.perf_counter() - started) / 60, 1)
    return report


def markdown(report: Report) -> str:
    """Return the report as a Markdown table, the machine and its load under it."""
    lines = [
        "| measure | posts | result | target | met | peak MB | note |",
        "| --- | ---: | --- | --- | --- | ---: | --- |",
    ]
    for row in report.rows:
        met = {True: "yes", False: "**no**", None: "–"}[row.met]
        target = row.target + ("" if row.target_from == "issue 8" else " ¹")
        peak = f"{row.peak_mb:.0f}" if row.peak_mb else ""
        posts = f"{row.posts:,}" if row.posts else ""
        lines.append(
            f"| {row.measure} | {posts} | {row.result} | {target} | {met} | {peak} | {row.note} |"
        )
    before, after = report.machine.get("before", {}), report.machine.get("after", {})
    lines += [
        "",
        "¹ a target proposed by the benchmark (issue 8 sets none for this row).",
        "",
        f"Measured {before.get('when', '?')} on {before.get('cores', '?')} cores "
        f"({before.get('platform', '?')}, Python {before.get('python', '?')}); load average "
        f"{_load(before)} before, {_load(after)} after; "
        f"{report.machine.get('minutes', '?')} minutes in all.",
    ]
    return "\n".join(lines) + "\n"


def _load(machine: dict[str, Any]) -> str:
    return " / ".join(str(x) for x in machine.get("load_average", [])) or "?"


def as_json(report: Report) -> str:
    """Return the report as JSON: ``machine`` and ``rows`` (every field of every Row)."""
    data = {"machine": report.machine, "rows": [asdict(r) for r in report.rows]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
