"""The reference data: SCB's 290 kommuner and 21 län, Skåne's localities, and their graph."""

import unicodedata
from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Literal, Namespace
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS, ORG

from graph import reference
from graph.ids import kommun_iri, lan_iri, locality_iri

SAMV = Namespace("https://w3id.org/samverkan/ontology#")


def test_there_are_290_municipalities_with_unique_codes():
    codes = [kommun.code for kommun in reference.municipalities()]
    assert len(codes) == 290
    assert len(set(codes)) == 290


def test_every_code_has_four_digits_starting_with_its_county_code():
    county_codes = {county.code for county in reference.counties()}
    for kommun in reference.municipalities():
        assert kommun.code.isdigit() and len(kommun.code) == 4, kommun
        assert kommun.code[:2] == kommun.county_code, kommun
        assert kommun.county_code in county_codes, kommun


def test_there_are_21_counties():
    counties = reference.counties()
    assert len(counties) == 21
    assert {county.code for county in counties} == {
        "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
        "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
    }  # fmt: skip
    assert all(county.name.endswith(" län") for county in counties)


def test_county_names_of_municipalities_match_the_county_list():
    names = {county.code: county.name for county in reference.counties()}
    for kommun in reference.municipalities():
        assert kommun.county_name == names[kommun.county_code], kommun


def _code(name: str) -> str:
    kommun = reference.municipality_by_name(name)
    assert kommun is not None, name
    return kommun.code


def test_hoganas_is_1284():
    assert _code("Höganäs") == "1284"


def test_malmo_is_1280():
    assert _code("Malmö") == "1280"


def test_kristianstad_is_1290():
    assert _code("Kristianstad") == "1290"


def test_lund_is_1281():
    assert _code("Lund") == "1281"


def test_helsingborg_is_1283():
    assert _code("Helsingborg") == "1283"


def test_heby_moved_to_uppsala_lan_as_0331():
    assert _code("Heby") == "0331"
    assert reference.municipality_by_code("0331").county_name == "Uppsala län"


def test_knivsta_is_0330():
    assert _code("Knivsta") == "0330"


def test_nykvarn_is_0140():
    assert _code("Nykvarn") == "0140"


def test_upplands_vasby_is_0114():
    assert _code("Upplands Väsby") == "0114"


def test_stockholm_is_0180():
    assert _code("Stockholm") == "0180"


def test_gotland_is_0980():
    assert _code("Gotland") == "0980"


def test_goteborg_is_1480():
    assert _code("Göteborg") == "1480"


def test_kiruna_is_2584():
    assert _code("Kiruna") == "2584"


def test_bjurholm_is_2403():
    assert _code("Bjurholm") == "2403"


def test_ostra_goinge_is_1256():
    assert _code("Östra Göinge") == "1256"


def test_malung_salen_is_2023():
    assert _code("Malung-Sälen") == "2023"


def test_uppsala_is_0380():
    assert _code("Uppsala") == "0380"


def test_umea_is_2480():
    assert _code("Umeå") == "2480"


def test_karlskrona_is_1080():
    assert _code("Karlskrona") == "1080"


def test_names_are_nfc_and_without_kommun():
    for kommun in reference.municipalities():
        assert kommun.name == unicodedata.normalize("NFC", kommun.name)
        assert "kommun" not in kommun.name.lower()


def test_seats_of_municipalities_not_named_after_their_seat():
    assert reference.municipality_by_code("0980").seat == "Visby"
    assert reference.municipality_by_code("1231").seat == "Arlöv"
    assert reference.municipality_by_code("0117").seat == "Åkersberga"
    assert reference.municipality_by_code("1284").seat == "Höganäs"


def test_coordinates_lie_within_sweden():
    for kommun in reference.municipalities():
        assert kommun.lat is not None and kommun.lon is not None, kommun
        assert 55.0 <= kommun.lat <= 69.1, kommun
        assert 10.9 <= kommun.lon <= 24.2, kommun


def test_skane_lies_in_the_south():
    for kommun in reference.municipalities():
        if kommun.county_code == "12":
            assert kommun.lat < 56.6, kommun


def test_municipality_by_code_accepts_numbers_and_rejects_junk():
    assert reference.municipality_by_code(180).name == "Stockholm"
    assert reference.municipality_by_code("0180").name == "Stockholm"
    assert reference.municipality_by_code("9999") is None
    assert reference.municipality_by_code("12a4") is None


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Höganäs", "1284"),
        ("HÖGANÄS", "1284"),
        ("Höganäs kommun", "1284"),
        ("Höganäs'", "1284"),
        ("Malmös", "1280"),
        ("Malmö stad", "1280"),
        ("Lunds kommun", "1281"),
        ("Region Gotland", "0980"),
        ("Gotlands kommun", "0980"),
        ("Göteborgs stad", "1480"),
        ("Falu kommun", "2080"),
        ("Upplands-Väsby", "0114"),
        ("Dals-Eds kommun", "1438"),
        ("Vellinge kommun", "1233"),
        ("Borås'", "1490"),
    ],
)
def test_municipality_by_name_understands_how_swedes_write_it(written, code):
    assert _code(written) == code


@pytest.mark.parametrize("written", ["Mölle", "Skåne", "Stockholms län", "kommun", "", "Högana"])
def test_municipality_by_name_refuses_what_is_not_a_municipality(written):
    assert reference.municipality_by_name(written) is None


def test_names_ending_in_s_are_not_shortened():
    for kommun in reference.municipalities():
        assert reference.municipality_by_name(kommun.name) == kommun, kommun


def test_every_genitive_finds_its_municipality():
    for kommun in reference.municipalities():
        genitive = kommun.name + ("'" if kommun.name.endswith(("s", "x", "z")) else "s")
        assert reference.municipality_by_name(genitive) == kommun, genitive


def test_molle_is_in_hoganas():
    assert [place.kommunkod for place in reference.localities_named("Mölle")] == ["1284"]


@pytest.mark.parametrize(
    ("name", "code"),
    [("Arild", "1284"), ("Viken", "1284"), ("Rydebäck", "1283"), ("Åhus", "1290"),
     ("Skanör", "1233"), ("Arlöv", "1231"), ("Löddeköpinge", "1261")],
)  # fmt: skip
def test_skane_localities_know_their_municipality(name, code):
    assert [place.kommunkod for place in reference.localities_named(name)] == [code]


def test_localities_named_is_case_insensitive_and_empty_for_unknown_places():
    assert reference.localities_named("MÖLLE") == reference.localities_named("mölle")
    assert reference.localities_named("Ankeborg") == []


def test_localities_refer_to_known_municipalities_and_have_unique_iris():
    known = {kommun.code for kommun in reference.municipalities()}
    iris = [locality_iri(place.kommunkod, place.name) for place in reference.localities()]
    assert all(place.kommunkod in known for place in reference.localities())
    assert len(iris) == len(set(iris))


def test_loaders_return_copies_of_the_cached_data():
    first = reference.municipalities()
    first.clear()
    assert len(reference.municipalities()) == 290


def test_reference_graph_states_the_municipality_contract():
    graph = reference.reference_graph()
    hoganas = kommun_iri("1284")
    assert (hoganas, RDF.type, ORG.Organization) in graph
    assert (hoganas, RDF.type, SAMV.Municipality) in graph
    assert (hoganas, DCTERMS.identifier, Literal("1284")) in graph
    assert (hoganas, RDFS.label, Literal("Höganäs")) in graph
    assert (hoganas, SAMV.county, lan_iri("12")) in graph
    latitude = graph.value(hoganas, ns.SDO.latitude)
    assert latitude.datatype == ns.XSD.decimal
    assert Decimal("56.0") < latitude.toPython() < Decimal("56.4")


def test_reference_graph_states_counties_and_localities():
    graph = reference.reference_graph()
    skane = lan_iri("12")
    assert (skane, RDF.type, SAMV.County) in graph
    assert (skane, RDFS.label, Literal("Skåne län")) in graph
    assert (skane, SAMV.countyCode, Literal("12")) in graph
    molle = locality_iri("1284", "Mölle")
    assert (molle, RDFS.label, Literal("Mölle")) in graph
    assert (molle, ns.SDO.containedInPlace, kommun_iri("1284")) in graph
    assert (molle, RDF.type, ns.SDO.Place) in graph


def test_only_municipalities_carry_dcterms_identifier():
    graph = reference.reference_graph()
    subjects = set(graph.subjects(DCTERMS.identifier, None))
    assert len(subjects) == 290
    assert all((subject, RDF.type, SAMV.Municipality) in graph for subject in subjects)
