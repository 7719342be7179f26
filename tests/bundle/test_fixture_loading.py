"""The shared `db_2024` fixture loads the 2024 bundle once for a module and keeps it."""

import pytest

from deelnemers.models import Deelnemer
from tests.conftest import BUNDLE_2024


def _data_rows(naam: str) -> int:
    with (BUNDLE_2024 / naam).open(encoding="utf-8") as fh:
        return sum(1 for _ in fh) - 1


@pytest.mark.django_db
def test_it_loads_the_2024_bundle_for_the_module(db_2024):
    assert Deelnemer.objects.count() == _data_rows("deelnemers.csv")


@pytest.mark.django_db
def test_it_lets_a_test_change_the_data_the_data_for_the_next_test_of_the_module(db_2024):
    Deelnemer.objects.update(voornaam="Gewijzigd")  # rolled back after this test
    assert not Deelnemer.objects.exclude(voornaam="Gewijzigd").exists()


@pytest.mark.django_db
def test_it_restores_the_data_after_a_test_changed_it(db_2024):
    assert Deelnemer.objects.count() == _data_rows("deelnemers.csv")
    assert not Deelnemer.objects.filter(voornaam="Gewijzigd").exists()
