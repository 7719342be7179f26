"""Importing a bundle again writes only what changed: an unchanged row is not written again
(no new row version, no history event) in any table of the bundle (decision 580)."""

from __future__ import annotations

import pytest
from django.db import connection

from bundle.importer import import_bundle
from bundle.spec import BESTANDEN
from tests.bundle.builder import kleine_bundel, schrijf

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
