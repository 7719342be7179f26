"""The participants are stored in name order (decision 536): the import writes them sorted by
name, whether the table is empty (bulk mode) or not, and `manage.py herorden_deelnemers`
restores the order of rows registered or changed later. The order on disk is read from the
rows' physical position (`ctid`), in a table that starts as a new, empty file (`_leeg`)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from bundle import schrijver as schrijver_module
from bundle.importer import import_bundle
from deelnemers.management.commands.herorden_deelnemers import correlatie
from deelnemers.models import Deelnemer
from tests import factories
from tests.bundle.builder import kleine_bundel, schrijf

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# (id, achternaam, voornaam): the ids run against the names.
NAMEN = [
    ("D1", "Wouters", "Zoë"),
    ("D2", "Aerts", "Bart"),
    ("D3", "Maes", "An"),
    ("D4", "Aerts", "Anke"),
    ("D5", "Claes", "Jo"),
]


@pytest.fixture(autouse=True)
def _leeg() -> None:
    """The participants' table as a new, empty file, in the test's transaction (rolled back
    with it): the physical order is then the order of the writes. A table other tests used has
    free slots (their rows rolled back, or committed and deleted by a flush) that VACUUM frees
    at any moment, and PostgreSQL puts a new row in the first free slot of a page, so there a
    later row may stand before an earlier one (decision 580, `test_herimport`)."""
    with connection.cursor() as c:
        c.execute("TRUNCATE deelnemers_deelnemer CASCADE")


def op_schijf() -> list[str]:
    """The participants' ids in the order of their rows on disk."""
    with connection.cursor() as c:
        c.execute("SELECT id FROM deelnemers_deelnemer ORDER BY ctid")
        return [r[0] for r in c.fetchall()]


def op_naam() -> list[str]:
    return list(
        Deelnemer.objects.order_by("achternaam", "voornaam", "id").values_list("pk", flat=True)
    )


def bundel_met_namen() -> dict:
    bundel = kleine_bundel()
    sjabloon = bundel["deelnemers.csv"][0]
    bundel["deelnemers.csv"] = [
        {**sjabloon, "id": i, "insz": "", "achternaam": a, "voornaam": v} for i, a, v in NAMEN
    ]
    return bundel


@pytest.mark.parametrize("drempel", [1, 10**9], ids=["bulk", "per-rij"])
def test_the_import_writes_participants_in_name_order(monkeypatch, tmp_path, drempel):
    monkeypatch.setattr(schrijver_module, "BULK_DREMPEL", drempel)
    import_bundle(schrijf(bundel_met_namen(), tmp_path))
    assert op_schijf() == op_naam() == ["D4", "D2", "D5", "D3", "D1"]


def test_new_participants_of_a_later_import_are_written_in_name_order(tmp_path):
    import_bundle(schrijf(bundel_met_namen(), tmp_path / "1"))
    bundel = bundel_met_namen()
    sjabloon = bundel["deelnemers.csv"][0]
    bundel["deelnemers.csv"] += [
        {**sjabloon, "id": "D7", "insz": "", "achternaam": "Peeters", "voornaam": "Jan"},
        {**sjabloon, "id": "D6", "insz": "", "achternaam": "Janssens", "voornaam": "Els"},
    ]
    import_bundle(schrijf(bundel, tmp_path / "2"))
    # The first five stay where they are; the two new ones follow, in name order.
    assert op_schijf() == ["D4", "D2", "D5", "D3", "D1", "D6", "D7"]


def test_herorden_deelnemers_restores_the_name_order():
    for pk, achternaam, voornaam in NAMEN:  # registered one by one, in id order
        factories.deelnemer(id=pk, achternaam=achternaam, voornaam=voornaam)
    assert op_schijf() == ["D1", "D2", "D3", "D4", "D5"]
    uit = StringIO()
    call_command("herorden_deelnemers", stdout=uit)
    assert op_schijf() == op_naam() == ["D4", "D2", "D5", "D3", "D1"]
    assert correlatie() == pytest.approx(1.0)
    assert "herordend op naam" in uit.getvalue()
    assert "-> 1.00" in uit.getvalue()
