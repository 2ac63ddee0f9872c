"""Time entity resolution over many synthetic posts: ``python bench/resolve_bench.py [N]``.

Builds N posts (default 10,000) of already-extracted mentions and facts (no language model,
so only resolution is timed): people from a pool of invented names, some written without
diacritics, with hyphen/spacing variants, genitives and surname-only mentions; organisations
with inflected and misspelt names; roles tying people to real municipalities. Prints the
posts per second and the entities known at the end, and exits 1 when resolution took longer
than the budget (``--budget SECONDS``, default 60), so ``make bench`` can fail on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.curation import Curation, Ignore, Merge  # noqa: E402
from graph.model import Evidence, Fact, Mention, Post, PostDoc, Sentence  # noqa: E402
from graph.resolve import EntityIndex, resolve  # noqa: E402

FIRST = ["Anna", "Per-Anders", "Anneli", "Terese", "Stefan", "Elin", "Jonas", "Fatima", "Åsa"]
LAST = ["Andersson", "Hillgren", "Sjöborg", "Blandford", "Wahlstedt", "Strand", "Öberg", "Nyström"]
ORGS = ["Malmö stadsbibliotek", "Kultur Skåne", "Lunds universitet", "Höganäs bibliotek"]
KOMMUNER = ["1273", "1280", "1281", "1284", "1286", "1290", "1293"]
ROLES = ["bibliotekschef", "bibliotekarie", "kulturchef", "projektledare"]


def _variant(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.1:
        return name.replace("å", "a").replace("ä", "a").replace("ö", "o").replace("Å", "A")
    if roll < 0.2:
        return name.replace("-", " ")
    if roll < 0.25:
        return name.upper()
    return name


def _mention(kind: str, name: str, n: int, **attrs) -> Mention:
    return Mention(kind, name, n, n + len(name), 0, "bench", attrs={"name": name, **attrs})


def synthetic_post(rng: random.Random, number: int) -> PostDoc:
    """Return one post of extracted mentions and role facts, ready for resolve()."""
    doc = PostDoc(post=Post(title=f"Inlägg {number}", text="", date=dt.date(2015, 1, 1)))
    doc.post.date += dt.timedelta(days=number % 3000)
    doc.text = "x" * 200
    doc.sentences = [Sentence(index=0, start=0, end=200, tokens=[])]
    for n in range(rng.randint(2, 6)):
        full = f"{rng.choice(FIRST)} {rng.choice(LAST)}{rng.choice(['', '', '', 's'])}"
        person = _mention("person", _variant(rng, full), n, full=True)
        code = rng.choice(KOMMUNER)
        kommun = Mention("municipality", code, n, n + 1, 0, "bench")
        kommun.key = f"https://w3id.org/samverkan/id/kommun/{code}"
        org_name = _variant(rng, rng.choice(ORGS)) + rng.choice(["", "", "et"])
        org = _mention("organisation", org_name, n, home=kommun.key)
        partial = _mention("person", full.split()[-1], n, full=False)
        doc.mentions += [person, kommun, org, partial]
        evidence = Evidence(0, 0, 10, "bench")
        attrs = {"subject": person, "object": kommun, "role": rng.choice(ROLES)}
        doc.facts.append(Fact("role", "", None, evidence, attrs=attrs))
        doc.facts.append(
            Fact("member_of", "", None, evidence, attrs={"subject": person, "object": org})
        )
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", nargs="?", type=int, default=10_000)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds allowed")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    docs = [synthetic_post(rng, n) for n in range(args.posts)]
    curation = Curation(
        merges=[Merge(into="person/stefan-wahlstedt", merge=["person/stefan-strand"])],
        ignores=[Ignore(name="Jonas Öberg", kind="person")],
    ).rules()
    index = EntityIndex()
    start = time.perf_counter()
    for doc in docs:
        resolve(doc, index=index, curation=curation)
    seconds = time.perf_counter() - start
    rate = args.posts / seconds if seconds else float("inf")
    print(
        f"resolved {args.posts} posts in {seconds:.2f} s ({rate:.0f} posts/s); "
        f"{len(index)} entities known"
    )
    return 0 if seconds <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
