from datetime import date
from fractions import Fraction

import pytest

from reporting.tables.common import (
    geboren_tussen_voor_leeftijd,
    laatste_dag_met,
    pct,
    round_half_up,
)
from werkzorg.domein.datums import add_months


def test_percentages_round_half_up_to_one_decimal():
    assert pct(109, 80) == 136.3  # 136.25
    assert pct(1, 3) == 33.3
    assert pct(2, 3) == 66.7
    assert pct(1, 8) == 12.5
    assert pct(1, 16) == 6.3  # 6.25
    assert pct(0, 5) == 0.0


def test_a_percentage_of_a_zero_denominator_is_empty():
    assert pct(0, 0) is None


def test_rounding_is_exact_where_floats_would_round_down():
    # 5 x (1 - (0.8 - 0.1)) is 1.4999999999999996 in floats
    assert round_half_up(5 * (1 - (Fraction(8, 10) - Fraction(1, 10))), 0) == 2


@pytest.mark.parametrize(
    ("maanden", "peildatum", "laatste"),
    [
        (6, date(2025, 3, 31), date(2024, 9, 30)),
        (6, date(2025, 2, 28), date(2024, 8, 31)),  # 29, 30 and 31 August clamp to 28 Feb
        (12, date(2025, 2, 28), date(2024, 2, 29)),
        (6, date(2024, 2, 29), date(2023, 8, 31)),
        (0, date(2025, 3, 31), date(2025, 3, 31)),
    ],
)
def test_the_last_closing_day_whose_months_have_passed_inverts_add_months(
    maanden, peildatum, laatste
):
    assert laatste_dag_met(maanden, peildatum) == laatste
    assert add_months(laatste, maanden) <= peildatum
    volgende = date.fromordinal(laatste.toordinal() + 1)
    assert add_months(volgende, maanden) > peildatum


def test_birth_dates_of_ages_25_to_59_on_31_december():
    assert geboren_tussen_voor_leeftijd(date(2024, 12, 31), 25, 59) == (
        date(1965, 1, 1),
        date(1999, 12, 31),
    )
