from decimal import Decimal

import pytest

from tests.support.compare import assert_reproduceert, gepubliceerde_cellen, marge, vergelijk


def _expected(**tables):
    return {"jaar": 2024, "peildatum": "2025-03-31", "tables": tables}


def _report(**tables):
    return {"jaar": 2024, "peildatum": "2025-03-31", "tables": tables}


def test_a_percentage_passes_within_half_a_unit_of_the_published_precision_ends_included():
    expected = _expected(t={"a": {"pct": 40}, "b": {"pct": Decimal("43.1")}})
    assert vergelijk(_report(t={"a": {"pct": 39.5}, "b": {"pct": 43.15}}), expected).mislukt == 0
    assert vergelijk(_report(t={"a": {"pct": 40.5}, "b": {"pct": 43.05}}), expected).mislukt == 0
    resultaat = vergelijk(_report(t={"a": {"pct": 40.6}, "b": {"pct": 43.2}}), expected)
    assert resultaat.mislukt == 2
    assert "t.a.pct: expected 40, got 40.6" in str(resultaat)


def test_a_published_70_point_0_needs_one_decimal_of_precision():
    assert marge(Decimal("70.0")) == Decimal("0.05")
    assert marge(70) == Decimal("0.5")
    expected = _expected(t={"totaal": {"pct_invulling": Decimal("70.0")}})
    assert vergelijk(_report(t={"totaal": {"pct_invulling": 70.1}}), expected).mislukt == 1


def test_counts_must_be_equal():
    expected = _expected(t={"a": {"aantal": 3}}, n=73)
    assert vergelijk(_report(t={"a": {"aantal": 3}}, n=73), expected).mislukt == 0
    assert vergelijk(_report(t={"a": {"aantal": 4}}, n=72), expected).mislukt == 2


def test_an_expected_null_needs_a_null_and_a_null_fails_a_number():
    expected = _expected(t={"a": {"pct": None}, "b": {"pct": 0}})
    resultaat = vergelijk(_report(t={"a": {"pct": 0.0}, "b": {"pct": None}}), expected)
    assert resultaat.mislukt == 2
    assert vergelijk(_report(t={"a": {"pct": None}, "b": {"pct": 0.0}}), expected).mislukt == 0


def test_an_erratum_replaces_the_published_value_at_its_own_precision():
    expected = _expected(t={"totaal": {"totaal": 103, "pct_invulling": Decimal("70.0")}})
    expected["errata"] = [
        {"where": "t.totaal.totaal", "published": 103, "consistent_value": 104},
        {"where": "t.totaal.pct_invulling", "consistent_value": Decimal("70.1")},
    ]
    report = _report(t={"totaal": {"totaal": 104, "pct_invulling": 70.14}})
    assert vergelijk(report, expected).mislukt == 0
    assert expected["tables"]["t"]["totaal"]["totaal"] == 103  # the expected file is not changed


def test_missing_cells_fail_and_extra_tables_rows_and_columns_are_ignored():
    expected = _expected(t={"a": {"x": 1, "y": 2}})
    report = _report(t={"a": {"x": 1, "z": 5}, "extra": {"x": 0}}, andere={"r": {"c": 1}})
    resultaat = vergelijk(report, expected)
    assert (resultaat.geslaagd, resultaat.mislukt) == (3, 1)  # jaar, peildatum, t.a.x pass
    assert "t.a.y: expected 2, got missing" in str(resultaat)
    assert vergelijk({"tables": {}}, expected).mislukt == 4


def test_the_year_and_peildatum_are_compared():
    resultaat = vergelijk({"jaar": 2023, "peildatum": "2024-03-31", "tables": {}}, _expected())
    assert resultaat.mislukt == 2


def test_every_published_cell_is_counted_once_and_errata_add_none():
    expected = _expected(t={"a": {"x": 1, "pct": 40}}, u={"b": {"y": None}})
    expected["errata"] = [{"where": "t.a.x", "published": 1, "consistent_value": 2}]
    report = _report(t={"a": {"x": 2, "pct": 40, "extra": 9}}, u={"b": {"y": None}})
    assert gepubliceerde_cellen(expected) == 5  # jaar, peildatum, t.a.x, t.a.pct, u.b.y
    assert assert_reproduceert(report, expected).vergeleken == 5


def test_an_emptied_published_file_compares_nothing_and_fails_the_acceptance_check():
    report = _report(t={"a": {"x": 1}})
    for leeg in ({}, {"tables": {}}, _expected(), {"jaar": 2024, "tabellen": {"t": {"a": 1}}}):
        assert vergelijk(report, leeg).mislukt == 0  # nothing fails ...
        assert vergelijk(report, leeg).vergeleken == gepubliceerde_cellen(leeg) <= 2
        with pytest.raises(AssertionError, match="no table cells"):  # ... and yet it fails
            assert_reproduceert(report, leeg)


def test_a_report_missing_a_published_cell_fails_the_acceptance_check():
    with pytest.raises(AssertionError, match="t.a.y: expected 2, got missing"):
        assert_reproduceert(_report(t={"a": {"x": 1}}), _expected(t={"a": {"x": 1, "y": 2}}))
