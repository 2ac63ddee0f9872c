"""The gold set is consistent with its posts: every fact can be read in the post it belongs to."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from eval.gold import EVAL_DIR, GoldError, gold_pairs, load_gold
from eval.scoring import normalise_facts
from graph import reference
from graph.ontology import processes

POSTS = EVAL_DIR / "posts"
GOLD = EVAL_DIR / "gold"
PAIRS = gold_pairs(POSTS, GOLD)

ROOT = Path(__file__).resolve().parent.parent
# Where a place name in a post is deliberately not the place: a surname, a county, another
# village's name inside a longer one. Every other municipality or locality name must be in gold.
NOT_PLACES = {
    ("005-skane-nordost-mediesamarbete", "Lund"),  # Mats Lund
    ("030-trelleborg-vellinge-katalog", "Lund"),  # Sofia Lund
    ("028-barnbibliotekarier-angelholm", "Berg"),  # Ulrika Berg
    ("032-studieresa-vaxjo", "Kalmar"),  # Regionbibliotek Kalmar län
    ("026-folkhogskolor-och-bibliotek", "Grevie"),  # Östra Grevie is not Grevie in Båstad
}
# Official kommunkoder of every municipality the gold set uses (checked against
# data/reference/municipalities.csv as well once it exists).
KOMMUNKODER = {
    "0180": "Stockholm", "0780": "Växjö", "0880": "Kalmar", "1214": "Svalöv",
    "1230": "Staffanstorp", "1231": "Burlöv", "1233": "Vellinge", "1256": "Östra Göinge",
    "1257": "Örkelljunga", "1260": "Bjuv", "1261": "Kävlinge", "1262": "Lomma",
    "1263": "Svedala", "1264": "Skurup", "1265": "Sjöbo", "1266": "Hörby", "1267": "Höör",
    "1270": "Tomelilla", "1272": "Bromölla", "1273": "Osby", "1275": "Perstorp",
    "1276": "Klippan", "1277": "Åstorp", "1278": "Båstad", "1280": "Malmö", "1281": "Lund",
    "1282": "Landskrona", "1283": "Helsingborg", "1284": "Höganäs", "1285": "Eslöv",
    "1286": "Ystad", "1287": "Trelleborg", "1290": "Kristianstad", "1291": "Simrishamn",
    "1292": "Ängelholm", "1293": "Hässleholm", "1480": "Göteborg", "1780": "Karlstad",
}  # fmt: skip
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
FURNITURE = re.compile(r"^(Upplagd av|Etiketter:|Inga kommentarer|\d+ kommentar|Skicka en)")


def _text(post: Path) -> str:
    return unicodedata.normalize("NFC", post.read_text(encoding="utf-8"))


def _body(post: Path, *, fold: bool = True) -> str:
    # The facts must be readable in the post itself, not in the Blogger furniture.
    lines = _text(post).splitlines()[1:]
    body = "\n".join(line for line in lines if not FURNITURE.match(line))
    return body.casefold() if fold else body


def _post_date(post: Path) -> dt.date:
    weekday, day, month, year = _text(post).splitlines()[0].split()
    date = dt.date(int(year), MONTHS.index(month) + 1, int(day))
    assert WEEKDAYS[date.weekday()] == weekday, f"{post.name}: {weekday} is wrong for {date}"
    return date


def _ids(pairs):
    return [post.stem for post, _ in pairs]


def test_the_gold_set_has_at_least_thirty_written_posts_and_the_seed():
    assert len(PAIRS) >= 31
    assert (POSTS / "000-seed.txt").exists()


@pytest.mark.parametrize(("post", "gold"), PAIRS, ids=_ids(PAIRS))
def test_post_has_the_blogger_text_shape(post, gold):
    lines = _text(post).splitlines()
    _post_date(post)
    assert lines[1] == "" and lines[2].strip() and lines[3] == ""
    words = len(_body(post).split())
    assert 120 <= words <= 400, f"{post.name}: {words} words"


@pytest.mark.parametrize(("post", "gold"), PAIRS, ids=_ids(PAIRS))
def test_every_gold_name_is_written_in_the_post(post, gold):
    body = _body(post)
    facts = load_gold(gold)
    for (person,) in facts.facts["people"]:
        assert person.casefold() in body, f"{post.name}: person {person}"
    for (organisation,) in facts.facts["organisations"]:
        assert organisation.casefold() in body, f"{post.name}: organisation {organisation}"
    for person, role in facts.facts["roles"]:
        assert role.casefold() in body, f"{post.name}: role {role} of {person}"


@pytest.mark.parametrize(("post", "gold"), PAIRS, ids=_ids(PAIRS))
def test_roles_and_affiliations_are_about_gold_people_and_places(post, gold):
    facts = normalise_facts(load_gold(gold).facts)
    people = {name for (name,) in facts["people"]}
    codes = {code for (code,) in facts["municipalities"]}
    organisations = {name for (name,) in facts["organisations"]}
    assert {person for person, _ in facts["roles"]} <= people
    for person, value in facts["affiliations"]:
        assert person in people, f"{post.name}: affiliation of unknown {person}"
        assert value in codes | organisations, f"{post.name}: {person} -> {value}"
    assert codes <= set(KOMMUNKODER), f"{post.name}: unknown code in {sorted(codes)}"


@pytest.mark.parametrize(("post", "gold"), PAIRS, ids=_ids(PAIRS))
def test_events_happen_near_the_post_in_a_mentioned_municipality(post, gold):
    published = _post_date(post)
    facts = normalise_facts(load_gold(gold).facts)
    codes = {code for (code,) in facts["municipalities"]}
    for start, end, place in facts["events"]:
        first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        assert first <= last
        assert abs((first - published).days) < 200, f"{post.name}: {start}"
        assert place in codes, f"{post.name}: event place {place} not among municipalities"


def test_seed_gold_has_the_facts_of_the_brief():
    facts = normalise_facts(load_gold(GOLD / "000-seed.yaml").facts)
    assert ("terese blandford", "bibliotekschef") in facts["roles"]
    assert ("per-anders hillgren", "malmö högskola") in facts["affiliations"]
    assert ("2014-09-18", "2014-09-19", "1284") in facts["events"]
    assert ("2014-11-28", "2014-11-28", "1290") in facts["events"]
    assert len(facts["processes"]) == 5


def test_codes_are_the_official_ones_of_the_reference_data():
    names = {kommun.code: kommun.name for kommun in reference.municipalities()}
    assert {code: names.get(code) for code in KOMMUNKODER} == KOMMUNKODER


def test_processes_are_concepts_of_the_scheme():
    slugs = {concept.slug for concept in processes()}
    for _, gold in PAIRS:
        used = {slug for (slug,) in normalise_facts(load_gold(gold).facts)["processes"]}
        assert used <= slugs, f"{gold.name}: {sorted(used - slugs)}"


@pytest.mark.parametrize(("post", "gold"), PAIRS, ids=_ids(PAIRS))
def test_every_place_named_in_the_post_has_its_municipality_in_gold(post, gold):
    places = [(kommun.name, kommun.code) for kommun in reference.municipalities()]
    places += [(place.name, place.kommunkod) for place in reference.localities()]
    body = _body(post, fold=False)  # case kept: "Vara" is a kommun, "vara" a verb
    codes = {code for (code,) in normalise_facts(load_gold(gold).facts)["municipalities"]}
    for name, code in places:
        if (post.stem, name) in NOT_PLACES:
            continue
        if re.search(rf"(?<!\w){re.escape(name)}s?(?!\w)", body):
            assert code in codes, f"{post.name}: {name} ({code}) is named but not in gold"


def test_post_without_gold_is_an_error(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "posts" / "001-osby.txt").write_text("tisdag 3 mars 2015\n", encoding="utf-8")
    with pytest.raises(GoldError, match="001-osby.txt: no gold file 001-osby.yaml"):
        gold_pairs(tmp_path / "posts", tmp_path / "gold")


def test_malformed_gold_is_one_line_naming_the_file(tmp_path):
    path = tmp_path / "002-ystad.yaml"
    path.write_text("roles:\n  - [Karin Lindqvist]\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"^002-ystad.yaml: malformed: expected \[person, value\]"):
        load_gold(path)
    path.write_text("people: [Karin Lindqvist]\npersons: [X Y]\n", encoding="utf-8")
    with pytest.raises(GoldError, match="unknown fact types persons"):
        load_gold(path)


def test_organisation_list_gives_canonical_name_and_aliases(tmp_path):
    path = tmp_path / "016-skl.yaml"
    path.write_text(
        "organisations:\n  - [Sveriges Kommuner och Landsting, SKL]\n  - Kultur Skåne\n"
        "events:\n  - {start: 2015-10-06, place: '1280'}\n",
        encoding="utf-8",
    )
    gold = load_gold(path)
    assert gold.facts["organisations"] == {("Sveriges Kommuner och Landsting",), ("Kultur Skåne",)}
    assert gold.aliases == {"skl": "sveriges kommuner och landsting"}
    assert gold.facts["events"] == {(dt.date(2015, 10, 6), dt.date(2015, 10, 6), "1280")}
