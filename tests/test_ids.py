"""The identifiers of docs/graph-shape.md: slugs and IRIs that never change between runs."""

import datetime as dt
import hashlib

import pytest
from rdflib import URIRef

from graph import ids

SID = "https://w3id.org/samverkan/id/"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Malmö stadsbibliotek", "malmo-stadsbibliotek"),
        ("Östra Göinge", "ostra-goinge"),
        ("Upplands Väsby", "upplands-vasby"),
        ("Terese Blandford", "terese-blandford"),
        ("  Per-Anders   Hillgren ", "per-anders-hillgren"),
        ("meröppet", "meroppet"),
        ("Café Åkerö", "cafe-akero"),
        (
            "Kultur Skåne -- Regional biblioteksverksamhet!",
            "kultur-skane-regional-biblioteksverksamhet",
        ),
        ("Søren Kierkegaard", "soren-kierkegaard"),
        ("Bibliotekschefsinternat i Mölle 18–19/9", "bibliotekschefsinternat-i-molle-18-19-9"),
        ("ÅÄÖ åäö", "aao-aao"),
    ],
)
def test_slug_folds_swedish_letters_and_punctuation(text, expected):
    assert ids.slug(text) == expected


def test_slug_of_only_punctuation_is_empty():
    assert ids.slug(" – / ") == ""


def test_slug_is_the_same_for_composed_and_decomposed_letters():
    assert ids.slug("Mo\u0308lle") == ids.slug("M\u00f6lle") == "molle"


def test_iris_follow_the_graph_shape():
    assert ids.person_iri("Terese Blandford") == URIRef(SID + "person/terese-blandford")
    assert ids.org_iri("Malmö stadsbibliotek") == URIRef(SID + "org/malmo-stadsbibliotek")
    assert ids.kommun_iri("1284") == URIRef(SID + "kommun/1284")
    assert ids.lan_iri("12") == URIRef(SID + "lan/12")
    assert ids.locality_iri("1284", "Mölle") == URIRef(SID + "ort/1284-molle")
    assert ids.role_iri("bibliotekschef") == URIRef(SID + "role/bibliotekschef")
    assert ids.process_iri("meröppet") == URIRef("https://w3id.org/samverkan/process/meroppet")


def test_event_iri_joins_slug_and_start_date():
    expected = URIRef(SID + "event/bibliotekschefsinternat-i-molle-2014-09-18")
    assert ids.event_iri("Bibliotekschefsinternat i Mölle", dt.date(2014, 9, 18)) == expected
    assert ids.event_iri("Bibliotekschefsinternat i Mölle", "2014-09-18") == expected


def test_same_name_gives_same_iri_however_it_is_written():
    assert ids.person_iri("Peter Kovacs") == ids.person_iri("  peter  KOVACS ")
    assert ids.org_iri("Kultur Skåne") == ids.org_iri("kultur skane")


def test_codes_must_have_the_right_number_of_digits():
    with pytest.raises(ValueError):
        ids.kommun_iri("180")
    with pytest.raises(ValueError):
        ids.lan_iri("1")
    with pytest.raises(ValueError):
        ids.locality_iri("12", "Mölle")


def test_nameless_things_get_no_iri():
    with pytest.raises(ValueError):
        ids.person_iri("—")
    with pytest.raises(ValueError):
        ids.org_iri("")


def test_post_id_hashes_the_url_when_there_is_one():
    url = "https://regionbibliotek.blogspot.com/2014/10/bibliotekschefsinternat-i-molle.html"
    expected = hashlib.sha256(url.encode()).hexdigest()[:16]
    assert ids.post_id(url, dt.date(2014, 10, 8), "Bibliotekschefsinternat i Mölle") == expected
    assert ids.post_id(url, None, "another title") == expected


def test_post_id_without_url_hashes_date_and_title():
    title = "Bibliotekschefsinternat i Mölle 18-19/9"
    expected = hashlib.sha256(f"2014-10-08|{title}".encode()).hexdigest()[:16]
    assert ids.post_id(None, dt.date(2014, 10, 8), title) == expected
    assert ids.post_id("", "2014-10-08", title) == expected
    assert ids.post_id(None, dt.date(2014, 10, 9), title) != expected


def test_post_sentence_and_graph_iris():
    pid = "ab12cd34ef56ab78"
    assert ids.post_iri(pid) == URIRef(SID + "post/ab12cd34ef56ab78")
    assert ids.sentence_iri(pid, 11) == URIRef(SID + "post/ab12cd34ef56ab78/sentence/11")
    assert ids.post_graph_iri(pid) == URIRef(
        "https://w3id.org/samverkan/graph/post/ab12cd34ef56ab78"
    )
    assert str(ids.REFERENCE_GRAPH) == "https://w3id.org/samverkan/graph/reference"
    assert str(ids.CURATION_GRAPH) == "https://w3id.org/samverkan/graph/curation"


def test_hashed_iri_joins_parts_with_the_unit_separator():
    parts = ("person/terese-blandford", "role/bibliotekschef", "kommun/1284")
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
    assert ids.hashed_iri("membership", *parts) == URIRef(SID + "membership/" + digest)
    assert ids.hashed_iri("membership", "a b", "c") != ids.hashed_iri("membership", "a", "b c")
