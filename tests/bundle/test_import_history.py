"""An import is in the change history with who imported it, also when the rows are written by
the parallel writer's own connection and in bulk mode (PostgreSQL: the history is written by
database triggers)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from bundle import schrijver as schrijver_module
from bundle.importer import flush_domain_tables
from deelnemers.models import Deelnemer
from tests.bundle.builder import kleine_bundel, schrijf


def laatste_event(model) -> int:  # noqa: ANN001
    """The newest event id of `model`'s history: the test reads only the events after it (a
    test elsewhere in the worker may have left committed events, e.g. through the parallel
    writer's own connection, until the next transactional test's flush)."""
    laatste = model.pgh_event_model.objects.order_by("-pgh_id").first()
    return laatste.pgh_id if laatste else 0


def context_van(model, **filters):  # noqa: ANN001, ANN201
    events = model.pgh_event_model.objects.filter(**filters).select_related("pgh_context")
    return [(e.pgh_label, e.pgh_context.metadata if e.pgh_context_id else None) for e in events]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("drempel", [1, 10**9], ids=["bulk", "gewoon"])
def test_the_import_command_records_its_rows_with_the_importing_user(
    drempel, monkeypatch, tmp_path
):
    monkeypatch.setattr(schrijver_module, "BULK_DREMPEL", drempel)
    beheerder = User.objects.create_user("import-beheerder", password="x")  # noqa: S106
    voor = laatste_event(Deelnemer)
    try:
        call_command(
            "import_bundle", str(schrijf(kleine_bundel(), tmp_path)), gebruiker=beheerder.username
        )
        verwacht = {"kanaal": "commando", "commando": "import_bundle", "user": beheerder.pk}
        assert context_van(Deelnemer, pgh_obj_id="D1", pgh_id__gt=voor) == [("insert", verwacht)]

        bundel = kleine_bundel()
        bundel["deelnemers.csv"][0]["voornaam"] = "Anders"
        call_command(
            "import_bundle", str(schrijf(bundel, tmp_path / "2")), gebruiker=beheerder.username
        )
        assert context_van(Deelnemer, pgh_obj_id="D1", pgh_id__gt=voor) == [
            ("insert", verwacht),
            ("update", verwacht),
        ]
        assert context_van(Deelnemer, pgh_obj_id="D2", pgh_id__gt=voor) == [
            ("insert", verwacht)
        ]  # unchanged
    finally:
        flush_domain_tables()
        User.objects.filter(pk=beheerder.pk).delete()


@pytest.mark.django_db
def test_an_unknown_importing_user_is_refused_before_anything_is_read(tmp_path):
    with pytest.raises(CommandError, match="Onbekende gebruiker: niemand"):
        call_command("import_bundle", str(schrijf(kleine_bundel(), tmp_path)), gebruiker="niemand")
    assert not Deelnemer.objects.exists()
