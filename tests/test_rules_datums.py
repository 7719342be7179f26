from datetime import date

from werkzorg.domein.datums import add_months


def test_add_months_clamps_to_the_last_day_of_the_month():
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)


def test_add_months_crosses_years():
    assert add_months(date(2024, 11, 15), 18) == date(2026, 5, 15)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
