from datetime import date

import pytest

from reporting.tables import (
    ama_se_contingent_volgend_jaar,
    ama_se_invulling_spreiding,
    ama_se_kenmerken,
    ama_se_per_provincie,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

P = date(2025, 3, 31)
JAN1, DEC31 = date(2024, 1, 1), date(2024, 12, 31)  # 2024 has 366 days


def _begeleider(plaatsen: int, provincie: str = "antwerpen"):
    b = f.organisatie("maatwerkbedrijf", provincie=provincie)
    f.contingent(b, 2024, plaatsen)
    return b


def _bezet(b, plaatsdagen: int) -> None:
    """Trajectories over the whole year and one shorter stint: `plaatsdagen` place-days."""
    for _ in range(plaatsdagen // 366):
        f.ama_se(begeleider=b, gematcht_op=date(2023, 6, 1))
    rest = plaatsdagen % 366
    if rest:
        f.ama_se(
            begeleider=b,
            gematcht_op=JAN1,
            stopgezet_op=date.fromordinal(JAN1.toordinal() + rest - 1),
        )


def test_place_days_are_clamped_to_the_year_and_run_to_the_closing_or_stopping_day():
    b = _begeleider(1)
    f.ama_se(begeleider=b, gematcht_op=date(2023, 12, 1), afgesloten_op=JAN1)  # 1 day in 2024
    f.ama_se(begeleider=b, gematcht_op=DEC31)  # open: 1 day
    f.ama_se(begeleider=b, gematcht_op=date(2024, 3, 1), stopgezet_op=date(2024, 3, 10))  # 10 days
    f.ama_se(begeleider=b, gematcht_op=date(2023, 1, 1), afgesloten_op=date(2023, 12, 31))
    f.ama_se(begeleider=b, gematcht_op=date(2025, 1, 1))
    rij = ama_se_contingent_volgend_jaar(2024, P)[b.id]
    assert rij["pct_invulling"] == 3.3  # 12 / 366


def test_contingent_rows_of_one_year_are_summed_and_other_years_ignored():
    b = _begeleider(3)
    f.contingent(b, 2024, 2)
    f.contingent(_begeleider(0), 2023, 9)
    alleen_vorig_jaar = f.organisatie("maatwerkbedrijf")
    f.contingent(alleen_vorig_jaar, 2023, 4)
    alleen_volgend_jaar = f.organisatie("maatwerkbedrijf")
    f.contingent(alleen_volgend_jaar, 2025, 4)
    tabel = ama_se_per_provincie(2024, P)
    assert tabel["antwerpen"]["begeleiders"] == 2
    assert tabel["antwerpen"]["contingent"] == 5
    assert alleen_vorig_jaar.id not in ama_se_contingent_volgend_jaar(2024, P)


def test_a_fill_rate_of_exactly_80_percent_counts_and_keeps_its_places():
    b = _begeleider(5)
    _bezet(b, 1464)  # 5 x 366 x 0.8
    assert ama_se_invulling_spreiding(2024, P) == {"min_80": 1, "onder_60": 0}
    assert ama_se_contingent_volgend_jaar(2024, P)[b.id] == {
        "plaatsen": 5,
        "pct_invulling": 80.0,
        "plaatsen_volgend_jaar": 5,
    }


def test_a_fill_rate_just_below_80_percent_rounds_to_80_but_is_below():
    b = _begeleider(10)
    _bezet(b, 2927)  # 79.97%
    assert ama_se_invulling_spreiding(2024, P) == {"min_80": 0, "onder_60": 0}
    rij = ama_se_contingent_volgend_jaar(2024, P)[b.id]
    assert rij["pct_invulling"] == 80.0
    assert rij["plaatsen_volgend_jaar"] == 10  # 10 x (1 - (0.80 - 0.7997)) = 9.997


def test_a_fill_rate_of_exactly_60_percent_is_not_below_60_and_just_below_is():
    _bezet(_begeleider(10), 2196)  # 60%
    _bezet(_begeleider(10), 2195)  # 59.97%, rounds to 60.0
    assert ama_se_invulling_spreiding(2024, P) == {"min_80": 0, "onder_60": 1}


def test_the_contingent_update_rounds_an_exact_half_up():
    b = _begeleider(5)
    _bezet(b, 183)  # r = 10%: 5 x (1 - 0.7) = 1.5 exactly
    assert ama_se_contingent_volgend_jaar(2024, P)[b.id]["plaatsen_volgend_jaar"] == 2


def test_province_and_total_fill_rates_come_from_the_sums_brussels_included():
    _bezet(_begeleider(1), 366)  # 100%
    _bezet(_begeleider(3), 0)  # 0%
    _bezet(_begeleider(2, provincie="brussel"), 366)  # 50%
    tabel = ama_se_per_provincie(2024, P)
    assert tabel["antwerpen"] == {"begeleiders": 2, "contingent": 4, "pct_invulling": 25.0}
    assert tabel["brussel"] == {"begeleiders": 1, "contingent": 2, "pct_invulling": 50.0}
    assert tabel["limburg"] == {"begeleiders": 0, "contingent": 0, "pct_invulling": None}
    assert tabel["totaal"] == {"begeleiders": 3, "contingent": 6, "pct_invulling": 33.3}


def test_a_contingent_of_zero_places_has_no_fill_rate_and_counts_in_neither_group():
    b = _begeleider(0)
    assert ama_se_contingent_volgend_jaar(2024, P)[b.id] == {
        "plaatsen": 0,
        "pct_invulling": None,
        "plaatsen_volgend_jaar": 0,
    }
    assert ama_se_invulling_spreiding(2024, P) == {"min_80": 0, "onder_60": 0}


def test_kenmerken_are_per_trajectory_matched_in_the_year():
    b = f.organisatie("maatwerkbedrijf")
    d = f.deelnemer(arbeidsbeperking=True, werkzoekend_sinds=date(2022, 1, 1))
    f.ama_se(d, begeleider=b, gematcht_op=JAN1)  # exactly 24 months: not more
    f.ama_se(d, begeleider=b, gematcht_op=DEC31, stopgezet_op=DEC31)
    f.ama_se(begeleider=b, gematcht_op=date(2023, 12, 31))
    f.ama_se(begeleider=b, gematcht_op=date(2025, 1, 1))
    f.ama_se(f.deelnemer(kortgeschoold=True), begeleider=b, gematcht_op=date(2024, 6, 1))
    assert ama_se_kenmerken(2024, P) == {
        "arbeidsbeperking": {"pct": 66.7},
        "kortgeschoold": {"pct": 33.3},
        "langer_dan_2_jaar_werkzoekend": {"pct": 33.3},
    }
