"""graph/resolve.py: one person, one node, within a post and across posts.

Most tests run realistic Swedish posts through the whole language pipeline (efselab); a few
build mentions by hand to pin one rule exactly. People are invented; places are real.
"""

from __future__ import annotations

import datetime as dt
import doctest

import pytest

import graph.resolve as resolve_module
from graph.curation import Alias, Curation, Ignore
from graph.model import Evidence, Fact, Mention, Post, PostDoc, Sentence
from graph.pipeline import analyse
from graph.resolve import EntityIndex, acronym, resolve

SID = "https://w3id.org/samverkan/id/"
HILLGREN = SID + "person/per-anders-hillgren"
SJOBORG = SID + "person/anneli-sjoborg"
OSBY, YSTAD, HOGANAS = SID + "kommun/1273", SID + "kommun/1286", SID + "kommun/1284"


def post(title: str, text: str, day: int = 1, **kwargs) -> Post:
    return Post(title=title, text=text, date=dt.date(2015, 3, day), **kwargs)


def keys(doc: PostDoc, kind: str = "person") -> dict[str, str | None]:
    return {m.text: m.key for m in doc.mentions if m.kind == kind}


def person_entities(doc: PostDoc) -> dict[str, str]:
    return {e.key: e.label for e in doc.entities.values() if e.kind == "person"}


# --- within one post ----------------------------------------------------------------------


def test_a_genitive_first_name_is_the_person_named_in_full_in_the_post():
    doc = analyse(
        post(
            "Lärcentrum i Malmö",
            "Stefan Wahlstedt från Malmö stadsbibliotek berättade om Lilla slottet. "
            "Stefans presentation finns på Slideshare.",
        )
    )
    assert keys(doc)["Stefans"] == SID + "person/stefan-wahlstedt"
    assert person_entities(doc) == {SID + "person/stefan-wahlstedt": "Stefan Wahlstedt"}


def test_a_surname_after_the_full_name_is_that_person():
    doc = analyse(
        post(
            "Designlabb",
            "Per-Anders Hillgren från Malmö högskola talade om designlabb. "
            "Hillgren visade exempel från Lund.",
        )
    )
    assert keys(doc)["Hillgren"] == HILLGREN


def test_a_first_name_that_fits_two_people_is_left_out_not_guessed():
    doc = analyse(
        post(
            "Två Annor",
            "Anna Lindqvist från Eslöv och Anna Berglund från Lomma ledde workshopen. "
            "Anna berättade om läsombud.",
        )
    )
    assert keys(doc)["Anna"] is None
    assert len(person_entities(doc)) == 2


def test_an_inflected_full_name_is_the_same_person():
    doc = analyse(
        post(
            "Biblioteksplan",
            "Bibliotekschefen Terese Blandford presenterade planen. "
            "Terese Blandfords förslag antogs av nämnden.",
        )
    )
    assert set(keys(doc).values()) == {SID + "person/terese-blandford"}


def test_a_surname_slip_in_the_same_post_is_the_same_person():
    doc = analyse(
        post(
            "Meröppet",
            "Projektledaren Elisabeth Grönberg i Lund har lett arbetet. "
            "Elisabeth Gronberg visade statistik, och Elisabeth Grönbergg svarade på frågor.",
        )
    )
    assert set(keys(doc).values()) == {SID + "person/elisabeth-gronberg"}
    assert person_entities(doc)[SID + "person/elisabeth-gronberg"] == "Elisabeth Grönberg"


# --- across posts --------------------------------------------------------------------------


def test_hyphen_and_spacing_variants_across_posts_are_one_person():
    index = EntityIndex()
    first = analyse(
        post("Internat", "Inspirationen stod Per-Anders Hillgren från Malmö högskola för."),
        index=index,
    )
    second = analyse(
        post("Nätverksträff", "Per Anders Hillgren talade om social innovation.", day=9),
        index=index,
    )
    assert person_entities(first) == person_entities(second) == {HILLGREN: "Per-Anders Hillgren"}


def test_a_name_without_its_diacritics_is_the_known_person_with_the_known_spelling():
    index = EntityIndex()
    analyse(
        post("Höganäs", "Kultur- och fritidschefen Anneli Sjöborg i Höganäs hälsade välkommen."),
        index=index,
    )
    later = analyse(post("Studiebesök", "Anneli Sjoborg visade biblioteket.", day=5), index=index)
    assert person_entities(later) == {SJOBORG: "Anneli Sjöborg"}


def test_case_does_not_make_a_new_person():
    index = EntityIndex()
    index.add_person(SJOBORG, "Anneli Sjöborg")
    assert [k.key for k in index.people_named("ANNELI SJÖBORG")] == [SJOBORG]


def test_doubled_letters_and_swapped_letters_are_slips_but_another_letter_is_another_person():
    index = EntityIndex()
    index.add_person(HILLGREN, "Per-Anders Hillgren")
    index.add_person(SID + "person/anna-karlsson", "Anna Karlsson")
    assert [k.key for k in index.people_named("Per-Anders Hilgren")] == [HILLGREN]
    assert [k.key for k in index.people_named("Per-Anders Hlilgren")] == [HILLGREN]
    assert index.people_named("Anna Carlsson") == []
    assert index.people_named("Hanna Karlsson") == []


def test_a_municipality_written_without_diacritics_is_found():
    doc = analyse(post("Studiebesök", "Vi besökte biblioteket i Hoganas under våren."))
    assert keys(doc, "municipality")["Hoganas"] == HOGANAS


def test_an_organisation_named_after_a_misspelt_municipality_gets_its_home():
    index = EntityIndex()
    analyse(post("Bibliotek", "Höganäs bibliotek har öppnat en makerspace."), index=index)
    doc = analyse(post("Besök", "Vi besökte Hoganas bibliotek i april.", day=3), index=index)
    org = next(m for m in doc.mentions if m.kind == "organisation")
    assert org.key == SID + "org/hoganas-bibliotek"
    assert doc.entities[org.key].label == "Höganäs bibliotek"
    assert doc.entities[org.key].attrs["home"] == HOGANAS


# --- organisations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "Malmö Stadsbibliotek",
        "Malmo stadsbibliotek",
        "Malmö stadsbiblioteket",
        "Malmö stadbibliotek",
    ],
)
def test_organisation_name_variants_are_the_known_organisation(written):
    index = EntityIndex()
    index.add_org(
        SID + "org/malmo-stadsbibliotek", "Malmö stadsbibliotek", home=SID + "kommun/1280"
    )
    assert index.org_named(written).key == SID + "org/malmo-stadsbibliotek"


def test_spacing_variants_of_an_organisation_are_one():
    index = EntityIndex()
    index.add_org(SID + "org/kultur-skane", "Kultur Skåne")
    assert index.org_named("KulturSkåne").key == SID + "org/kultur-skane"


def test_different_organisations_with_one_first_word_stay_apart():
    index = EntityIndex()
    index.add_org(SID + "org/malmo-stadsbibliotek", "Malmö stadsbibliotek")
    index.add_org(SID + "org/malmo-hogskola", "Malmö högskola")
    assert index.org_named("Malmö stadsarkiv") is None
    assert index.org_named("Malmö högskola").key == SID + "org/malmo-hogskola"


def test_an_acronym_is_the_organisation_whose_initials_it_is():
    assert acronym("Sveriges Kommuner och Landsting") == "SKL"
    index = EntityIndex()
    index.add_org(SID + "org/sveriges-kommuner-och-landsting", "Sveriges Kommuner och Landsting")
    index.add_org(SID + "org/kungliga-biblioteket", "Kungliga biblioteket")
    assert index.org_named("SKL").key == SID + "org/sveriges-kommuner-och-landsting"
    assert index.org_named("KB").key == SID + "org/kungliga-biblioteket"
    assert index.org_named("MSB") is None


# --- namesakes -----------------------------------------------------------------------------


def test_namesakes_in_different_municipalities_and_roles_are_two_people():
    index = EntityIndex()
    ystad = analyse(
        post("Ystad", "Bibliotekschefen Anna Andersson i Ystad berättade om läsfrämjande."),
        index=index,
    )
    osby = analyse(
        post("Osby", "Bibliotekarien Anna Andersson i Osby visade bokbussen.", day=8), index=index
    )
    osby_again = analyse(
        post("Osby igen", "Barnbibliotekarien Anna Andersson i Osby läste högt.", day=20),
        index=index,
    )
    assert list(person_entities(ystad)) == [SID + "person/anna-andersson"]
    assert list(person_entities(osby)) == [SID + "person/anna-andersson-osby"]
    assert person_entities(osby)[SID + "person/anna-andersson-osby"] == "Anna Andersson"
    assert list(person_entities(osby_again)) == [SID + "person/anna-andersson-osby"]


def test_a_namesake_with_a_new_role_in_the_same_municipality_is_the_same_person():
    index = EntityIndex()
    analyse(post("2014", "Bibliotekschefen Anna Andersson i Ystad talade."), index=index)
    later = analyse(
        post("2019", "Kulturchefen Anna Andersson i Ystad invigde huset.", day=2), index=index
    )
    assert list(person_entities(later)) == [SID + "person/anna-andersson"]


def test_a_namesake_without_ties_is_the_known_person():
    index = EntityIndex()
    analyse(post("Ystad", "Bibliotekschefen Anna Andersson i Ystad talade."), index=index)
    later = analyse(post("Kort", "Anna Andersson var också där.", day=2), index=index)
    assert list(person_entities(later)) == [SID + "person/anna-andersson"]


# --- curation inside resolution -------------------------------------------------------------


def _hand_doc(*mentions: Mention, facts: list[Fact] | None = None) -> PostDoc:
    doc = PostDoc(post=post("Hand", "x"), text="x")
    doc.sentences = [Sentence(index=0, start=0, end=1, tokens=[])]
    doc.mentions = list(mentions)
    doc.facts = facts or []
    return doc


def _person(name: str, full: bool = True) -> Mention:
    return Mention("person", name, 0, 1, 0, "hand", attrs={"name": name, "full": full})


def test_an_ignored_name_is_no_entity_and_its_facts_go_with_it():
    slottet = _person("Lilla slottet")
    kommun = Mention("municipality", "Malmö", 0, 1, 0, "hand", key=SID + "kommun/1280")
    fact = Fact(
        "member_of",
        "",
        None,
        Evidence(0, 0, 1, "hand"),
        attrs={"subject": slottet, "object": kommun},
    )
    doc = _hand_doc(slottet, kommun, facts=[fact])
    curation = Curation(ignores=[Ignore(name="Lilla Slottet", kind="person")])
    resolve(doc, curation=curation)
    assert person_entities(doc) == {}
    assert doc.facts == []


def test_an_alias_ties_a_lone_first_name_to_the_person():
    doc = _hand_doc(_person("Stefan", full=False))
    curation = Curation(aliases=[Alias(name="Stefan Wahlstedt", alias="Stefan")])
    resolve(doc, curation=curation)
    assert person_entities(doc) == {SID + "person/stefan-wahlstedt": "Stefan Wahlstedt"}


def test_resolution_is_linear_thanks_to_blocking(monkeypatch):
    """Each fuzzy comparison sees only one block, however many organisations are known."""
    index = EntityIndex()
    for n in range(2000):
        index.add_org(f"{SID}org/x{n}", f"Förening{n} för läsning nummer {n}")
    index.add_org(SID + "org/malmo-stadsbibliotek", "Malmö stadsbibliotek")
    seen: list[int] = []
    real = resolve_module.process.extractOne

    def counting(query, choices, **kwargs):
        seen.append(len(choices))
        return real(query, choices, **kwargs)

    monkeypatch.setattr(resolve_module.process, "extractOne", counting)
    assert index.org_named("Malmö stadbibliotek").key == SID + "org/malmo-stadsbibliotek"
    assert seen == [1]


def test_doctests():
    assert doctest.testmod(resolve_module).failed == 0
