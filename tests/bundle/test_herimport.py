"""Importing a bundle again writes only what changed: an unchanged row is not written again
(no new row version, no history event), whatever the table held before. A participant's row
is not moved by a later import either, even when that import's new rows land between the old
ones on disk: PostgreSQL puts a new row in the first free slot of a page, and the rows of
earlier tests (rolled back, or committed and deleted by a flush) leave such slots, freed by
VACUUM at any moment (decision 580)."""

from __future__ import annotations

import pytest
from django.db import connection, connections, transaction

from bundle.importer import flush_domain_tables, import_bundle
from bundle.spec import BESTANDEN
from deelnemers.models import Deelnemer
from tests.bundle.builder import kleine_bundel, schrijf
from tests.bundle.test_opslagvolgorde import bundel_met_namen, op_schijf

pytestmark = pytest.mark.postgres


def rijversies(model) -> list[tuple[str, str]]:  # noqa: ANN001
    """Every stored version of `model`'s rows: its place (`ctid`) and its writer (`xmin`).
    A row written again, by any statement, gets a new place and a new writer."""
    with connection.cursor() as c:
        c.execute(f"SELECT ctid::text, xmin::text FROM {model._meta.db_table} ORDER BY ctid")  # noqa: S608 - a model's table
        return c.fetchall()


def laatste_events() -> dict[str, int]:
    """The newest history event id of every model of the bundle."""
    uit = {}
    for bestand in BESTANDEN:
        events = bestand.model.pgh_event_model.objects.order_by("-pgh_id").first()
        uit[bestand.naam] = events.pgh_id if events else 0
    return uit


def nieuwe_events(sinds: dict[str, int]) -> dict[str, list[tuple[str, str]]]:
    uit = {}
    for bestand in BESTANDEN:
        events = bestand.model.pgh_event_model.objects.filter(pgh_id__gt=sinds[bestand.naam])
        if rijen := list(events.values_list("pgh_label", "pgh_obj_id")):
            uit[bestand.naam] = rijen
    return uit


@pytest.mark.django_db
def test_a_reimport_of_an_unchanged_bundle_writes_no_row_and_no_history_event(tmp_path):
    import_bundle(schrijf(kleine_bundel(), tmp_path / "1"))
    voor = {b.naam: rijversies(b.model) for b in BESTANDEN}
    sinds = laatste_events()

    result = import_bundle(schrijf(kleine_bundel(), tmp_path / "2"))

    assert set(result.geschreven.values()) == {0}
    assert {b.naam: rijversies(b.model) for b in BESTANDEN} == voor
    assert nieuwe_events(sinds) == {}


class _Terug(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_later_import_fills_freed_slots_and_leaves_the_other_participants_alone(tmp_path):
    """The full run's observation made certain: the new participants D6 and D7 are written in
    name order, after the first five, yet stand between them on disk, in the slots VACUUM freed
    between the two imports; D1 to D5 are not written again."""
    flush_domain_tables()
    # Page 0: six committed rows X1..X6; X1, X2, X3 and X5 deleted and vacuumed (free slots),
    # X4 and X6 deleted but not yet vacuumed (their slots are taken until VACUUM runs).
    with connection.cursor() as c:
        c.execute("VACUUM deelnemers_deelnemer")  # no pages: the rows start in slot 1 of page 0
        for i in range(1, 7):
            Deelnemer.objects.create(
                id=f"X{i}", geboortedatum="1990-01-01", provincie_id="antwerpen", regio_id="kempen"
            )
        Deelnemer.objects.filter(id__in=["X1", "X2", "X3", "X5"]).delete()
        c.execute("VACUUM deelnemers_deelnemer")
        Deelnemer.objects.filter(id__in=["X4", "X6"]).delete()
    bundel = bundel_met_namen()
    sjabloon = bundel["deelnemers.csv"][0]
    bundel["deelnemers.csv"] += [
        {**sjabloon, "id": "D7", "insz": "", "achternaam": "Peeters", "voornaam": "Jan"},
        {**sjabloon, "id": "D6", "insz": "", "achternaam": "Janssens", "voornaam": "Els"},
    ]
    try:
        with transaction.atomic():  # as in a test's transaction
            import_bundle(schrijf(bundel_met_namen(), tmp_path / "1"))
            assert op_schijf() == ["D4", "D2", "D5", "D3", "D1"]  # slots 1, 2, 3, 5, 7
            voor = dict(zip(op_schijf(), rijversies(Deelnemer), strict=True))
            sinds = laatste_events()
            andere = connections.create_connection("default")  # autovacuum, meanwhile
            try:
                with andere.cursor() as c:
                    c.execute("VACUUM deelnemers_deelnemer")  # frees slots 4 and 6
            finally:
                andere.close()

            import_bundle(schrijf(bundel, tmp_path / "2"))

            na = dict(zip(op_schijf(), rijversies(Deelnemer), strict=True))
            assert op_schijf() == ["D4", "D2", "D5", "D6", "D3", "D7", "D1"]
            assert {k: na[k] for k in voor} == voor
            assert nieuwe_events(sinds) == {"deelnemers.csv": [("insert", "D6"), ("insert", "D7")]}
            raise _Terug
    except _Terug:
        pass
    finally:
        flush_domain_tables()
