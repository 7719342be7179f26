"""The 2024 fixture: it imports, re-imports without change, dry-runs and round-trips."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bundle.exporter import export_bundle
from bundle.importer import flush_domain_tables, import_bundle
from bundle.spec import BESTANDEN
from tests.conftest import BUNDLE_2024

pytestmark = pytest.mark.django_db


def _csv_rijen(pad: Path) -> int:
    with pad.open(newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def _export(map_: Path) -> dict[str, bytes]:
    export_bundle(map_)
    return {b.naam: (map_ / b.naam).read_bytes() for b in BESTANDEN}


def test_it_imports_every_row_of_the_2024_fixture(db_2024):
    for bestand in BESTANDEN:
        verwacht = _csv_rijen(BUNDLE_2024 / bestand.naam)
        assert bestand.model.objects.count() == verwacht, bestand.naam


def test_a_second_import_changes_nothing(db_2024, tmp_path):
    voor = _export(tmp_path / "voor")
    result = import_bundle(BUNDLE_2024)
    assert set(result.geschreven.values()) == {0}
    assert _export(tmp_path / "na") == voor


@pytest.fixture(scope="module")
def rondreis(db_2024, django_db_blocker, tmp_path_factory) -> tuple[dict, dict]:  # noqa: ANN001
    """Export the 2024 fixture, import that export into an emptied database, export again.

    Committed outside the tests' transactions: on SQLite an in-memory database refilled in the
    transaction that emptied it slows down tenfold."""
    map_ = tmp_path_factory.mktemp("rondreis")
    with django_db_blocker.unblock():
        eerste = _export(map_ / "eerste")
        flush_domain_tables()
        import_bundle(map_ / "eerste")
        tweede = _export(map_ / "tweede")
    return eerste, tweede


def test_the_export_round_trips_to_identical_files(rondreis):
    eerste, tweede = rondreis
    assert tweede == eerste


def test_the_export_matches_the_fixture_apart_from_normalised_kbo_numbers(db_2024, tmp_path):
    _export(tmp_path)
    for bestand in BESTANDEN:
        with (BUNDLE_2024 / bestand.naam).open(newline="", encoding="utf-8") as fh:
            bron = list(csv.DictReader(fh))
        with (tmp_path / bestand.naam).open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            assert reader.fieldnames == list(bestand.kolomnamen)
            export = list(reader)
        assert len(export) == len(bron)
        if bestand.naam == "organisaties.csv":
            for rij in export:
                nummer = rij["ondernemingsnummer"]
                assert nummer == "" or (len(nummer) == 12 and nummer[4] == nummer[8] == ".")


def test_a_dry_run_validates_and_writes_nothing(db_2024):
    flush_domain_tables()
    result = import_bundle(BUNDLE_2024, dry_run=True)
    assert result.rijen["deelnemers.csv"] == _csv_rijen(BUNDLE_2024 / "deelnemers.csv")
    assert result.geschreven == {}
    for bestand in BESTANDEN:
        assert not bestand.model.objects.exists(), bestand.naam
