from datetime import date

import pytest

from reporting.tables import vdab_adviezen_kenmerken, vdab_adviezen_per_provincie
from tests import factories as f

pytestmark = pytest.mark.django_db

P = date(2025, 3, 31)


def _per_provincie() -> dict:
    return vdab_adviezen_per_provincie(2024, P)


def test_an_advice_counts_when_active_on_31_december_both_ends_included():
    f.advies(advies="AB", van=date(2024, 2, 1), tot=date(2024, 12, 30))  # ended the day before
    f.advies(advies="AB", van=date(2024, 2, 1), tot=date(2024, 12, 31))  # ends that day
    f.advies(advies="AMA_SE", van=date(2024, 12, 31))  # given that day
    f.advies(advies="WELZIJN", van=date(2025, 1, 1))  # given the day after
    tabel = _per_provincie()
    assert tabel["antwerpen"] == {"AB": 1, "AMA_SE": 1, "WELZIJN": 0, "totaal": 2}


def test_a_participant_with_two_active_advices_counts_once_under_the_latest_given():
    d = f.deelnemer()
    f.advies(d, "WELZIJN", van=date(2023, 1, 1))
    f.advies(d, "AMA_SE", van=date(2024, 5, 1))
    tabel = _per_provincie()
    assert tabel["antwerpen"] == {"AB": 0, "AMA_SE": 1, "WELZIJN": 0, "totaal": 1}


def test_two_active_advices_given_on_one_day_count_under_the_highest_id():
    d = f.deelnemer()
    f.advies(d, "WELZIJN", van=date(2024, 5, 1), id="A-2")
    f.advies(d, "AB", van=date(2024, 5, 1), id="A-1")
    assert _per_provincie()["totaal"] == {"AB": 0, "AMA_SE": 0, "WELZIJN": 1, "totaal": 1}


def test_residents_of_brussels_are_in_no_row_and_not_in_the_total():
    f.advies(f.deelnemer(provincie="brussel"), "AB")
    f.advies(f.deelnemer(provincie="limburg", regio="noord-limburg"), "AB")
    tabel = _per_provincie()
    assert "brussel" not in tabel
    assert tabel["limburg"]["AB"] == 1
    assert tabel["totaal"] == {"AB": 1, "AMA_SE": 0, "WELZIJN": 0, "totaal": 1}


def test_every_flemish_province_is_a_row_even_without_advices():
    tabel = _per_provincie()
    assert set(tabel) == {
        "antwerpen",
        "limburg",
        "oost-vlaanderen",
        "vlaams-brabant",
        "west-vlaanderen",
        "totaal",
    }
    assert all(cel == 0 for rij in tabel.values() for cel in rij.values())


def test_kenmerken_count_each_participant_given_an_advice_in_the_year_once():
    kort = f.deelnemer(kortgeschoold=True)
    f.advies(kort, van=date(2024, 1, 1))
    f.advies(kort, van=date(2024, 12, 31), advies="WELZIJN")  # second advice, same person
    f.advies(f.deelnemer(), van=date(2024, 6, 1), tot=date(2024, 7, 1))  # ended in the year
    f.advies(f.deelnemer(kortgeschoold=True), van=date(2023, 12, 31))  # given the year before
    f.advies(f.deelnemer(kortgeschoold=True), van=date(2025, 1, 1))  # given the year after
    assert vdab_adviezen_kenmerken(2024, P)["kortgeschoold"] == {"pct": 50.0}


def test_werkzoekend_exactly_two_years_before_31_december_is_not_more_than_two_years():
    f.advies(f.deelnemer(werkzoekend_sinds=date(2022, 12, 31)))
    f.advies(f.deelnemer(werkzoekend_sinds=date(2022, 12, 30)))
    f.advies(f.deelnemer(werkzoekend_sinds=None))
    f.advies(f.deelnemer(werkzoekend_sinds=date(2024, 1, 1)))
    assert vdab_adviezen_kenmerken(2024, P)["langer_dan_2_jaar_werkzoekend"] == {"pct": 25.0}


@pytest.mark.parametrize(
    ("geboortedatum", "telt"),
    [
        (date(2000, 1, 1), False),  # 24 on 31 December 2024
        (date(1999, 12, 31), True),  # 25 that very day
        (date(1965, 1, 1), True),  # 59, turns 60 the day after
        (date(1964, 12, 31), False),  # 60 that very day
    ],
)
def test_the_age_25_to_59_is_taken_on_31_december(geboortedatum: date, telt: bool):
    f.advies(f.deelnemer(geboortedatum=geboortedatum))
    assert vdab_adviezen_kenmerken(2024, P)["leeftijd_25_59"] == {"pct": 100.0 if telt else 0.0}


def test_kenmerken_without_advices_in_the_year_are_empty_not_zero():
    f.advies(van=date(2023, 5, 1))
    assert vdab_adviezen_kenmerken(2024, P) == {
        "langer_dan_2_jaar_werkzoekend": {"pct": None},
        "kortgeschoold": {"pct": None},
        "arbeidsbeperking": {"pct": None},
        "leeftijd_25_59": {"pct": None},
    }
