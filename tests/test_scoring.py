"""The scorer's arithmetic and normalisation, on small hand-made fact sets."""

from __future__ import annotations

import datetime as dt

import pytest

from eval.scoring import (
    FACT_TYPES,
    TypeScore,
    apply_aliases,
    combine,
    micro,
    normalise_code,
    normalise_facts,
    normalise_process,
    score,
)

GOLD = {
    "people": {("Terese Blandford",), ("Peter Kovacs",), ("Anneli Sjöborg",)},
    "roles": {
        ("Terese Blandford", "bibliotekschef"),
        ("Peter Kovacs", "kommunstyrelsens ordförande"),
    },
    "affiliations": {("Terese Blandford", "1284"), ("Stefan Wahlstedt", "Malmö stadsbibliotek")},
    "organisations": {("Kultur Skåne",), ("Malmö stadsbibliotek",)},
    "municipalities": {("1284",), ("1290",)},
    "processes": {("meroppet",), ("lasframjande",)},
    "events": {("2014-09-18", "2014-09-19", "1284"), ("2014-11-28", "2014-11-28", "1290")},
}


def test_people_counts_with_case_and_whitespace_differences():
    predicted = {"people": {("terese  blandford",), ("Peter Kovacs",), ("Mats Lund",)}}
    result = score(GOLD, predicted)["people"]
    assert (result.tp, result.fp, result.fn) == (2, 1, 1)
    assert result.false_positives == (("mats lund",),)
    assert result.false_negatives == (("anneli sjöborg",),)
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(2 / 3)


def test_role_must_match_person_and_role():
    predicted = {
        "roles": {
            ("Terese Blandford", "Bibliotekschef"),
            ("Peter Kovacs", "bibliotekschef"),
        }
    }
    result = score(GOLD, predicted)["roles"]
    assert (result.tp, result.fp, result.fn) == (1, 1, 1)


def test_affiliation_to_municipality_accepts_code_forms():
    predicted = {
        "affiliations": {
            ("Terese Blandford", 1284),
            ("Stefan Wahlstedt", "MALMÖ STADSBIBLIOTEK"),
        }
    }
    result = score(GOLD, predicted)["affiliations"]
    assert (result.tp, result.fp, result.fn) == (2, 0, 0)


def test_municipality_iri_and_short_code_normalise_to_four_digits():
    assert normalise_code("sid:kommun/1284") == "1284"
    assert normalise_code("https://w3id.org/samverkan/id/kommun/0180") == "0180"
    assert normalise_code(180) == "0180"
    assert normalise_code("180") == "0180"
    assert normalise_code("Malmö  Stadsbibliotek") == "malmö stadsbibliotek"


def test_process_given_as_label_or_iri_is_its_slug():
    assert normalise_process("Meröppet") == "meroppet"
    assert normalise_process("sproc:regionalt-mediesamarbete") == "regionalt-mediesamarbete"
    assert normalise_process(
        "https://w3id.org/samverkan/process/folkbiblioteken-som-kulturhus"
    ) == ("folkbiblioteken-som-kulturhus")
    predicted = {"processes": {"sproc:meroppet", "Bokstart"}}
    result = score(GOLD, predicted)["processes"]
    assert (result.tp, result.fp, result.fn) == (1, 1, 1)


def test_events_match_on_start_end_and_place_only():
    predicted = {
        "events": {
            (dt.date(2014, 9, 18), dt.date(2014, 9, 19), "sid:kommun/1284"),
            # one day early: a different event
            (dt.date(2014, 11, 27), None, "1290"),
        }
    }
    result = score(GOLD, predicted)["events"]
    assert (result.tp, result.fp, result.fn) == (1, 1, 1)


def test_single_day_event_without_end_equals_end_on_same_day():
    gold = {"events": {("2014-11-28", "2014-11-28", "1290")}}
    result = score(gold, {"events": {("2014-11-28", None, "1290")}})["events"]
    assert (result.tp, result.fp, result.fn) == (1, 0, 0)


def test_event_without_start_date_is_not_scored():
    result = score({}, {"events": {(None, None, "1284")}})["events"]
    assert (result.tp, result.fp, result.fn) == (0, 0, 0)


def test_nfc_and_decomposed_names_are_the_same_person():
    decomposed = "Amra Hadz\u030cic\u0301"
    result = score({"people": {("Amra Hadžić",)}}, {"people": {decomposed}})["people"]
    assert (result.tp, result.fp, result.fn) == (1, 0, 0)


def test_en_dash_and_hyphen_are_the_same_name():
    result = score({"people": {("Per-Anders Hillgren",)}}, {"people": {"Per\u2013Anders Hillgren"}})
    assert result["people"].tp == 1


def test_aliases_map_acronym_to_canonical_name():
    gold = {
        "organisations": {("Sveriges Kommuner och Landsting",)},
        "affiliations": {("Karl Gustavsson", "Sveriges Kommuner och Landsting")},
    }
    predicted = {"organisations": {"SKL"}, "affiliations": {("Karl Gustavsson", "SKL")}}
    aliases = {"skl": "sveriges kommuner och landsting"}
    result = score(gold, predicted, aliases)
    assert (result["organisations"].tp, result["organisations"].fp) == (1, 0)
    assert (result["affiliations"].tp, result["affiliations"].fp) == (1, 0)
    without = score(gold, predicted)
    assert (without["organisations"].tp, without["organisations"].fp) == (0, 1)


def test_apply_aliases_leaves_other_fact_types_alone():
    facts = normalise_facts({"people": {"SKL"}, "organisations": {"SKL"}})
    result = apply_aliases(facts, {"skl": "sveriges kommuner och landsting"})
    assert result["people"] == {("skl",)}
    assert result["organisations"] == {("sveriges kommuner och landsting",)}


def test_normalising_twice_changes_nothing():
    once = normalise_facts(GOLD)
    assert normalise_facts(once) == once


def test_unknown_fact_types_are_ignored_and_missing_ones_empty():
    result = normalise_facts({"localities": {"Mölle"}, "people": ["Terese Blandford"]})
    assert set(result) == set(FACT_TYPES)
    assert result["people"] == {("terese blandford",)}
    assert result["events"] == set()


def test_empty_prediction_has_zero_recall_and_zero_precision():
    result = score(GOLD, {})["organisations"]
    assert (result.tp, result.fp, result.fn) == (0, 0, 2)
    assert (result.precision, result.recall, result.f1) == (0.0, 0.0, 0.0)


def test_nothing_expected_and_nothing_predicted_is_perfect():
    result = score({}, {})["people"]
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)


def test_combine_adds_posts_and_micro_adds_types():
    first = score(GOLD, {"people": {"Terese Blandford"}, "municipalities": {"1284", "1281"}})
    second = score({"people": {"Mats Lund"}}, {"people": {"Mats Lund"}})
    totals = combine([first, second])
    assert (totals["people"].tp, totals["people"].fp, totals["people"].fn) == (2, 0, 2)
    assert (totals["municipalities"].tp, totals["municipalities"].fp) == (1, 1)
    overall = micro(totals)
    gold_size = sum(len(facts) for facts in GOLD.values()) + 1
    assert overall.tp == 3
    assert overall.fp == 1
    assert overall.fn == gold_size - 3


def test_typescore_as_dict_rounds_rates():
    assert TypeScore(tp=1, fp=2, fn=0).as_dict() == {
        "tp": 1,
        "fp": 2,
        "fn": 0,
        "precision": 0.3333,
        "recall": 1.0,
        "f1": 0.5,
    }
