"""The last moments kept on AMA SE trajectories and WVG agreements (decision 570): every way of
writing a moment keeps them equal to the last date of the moments, and the trajectory's
history records nothing of them."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tests import factories as f
from trajectories import services
from trajectories.models import (
    AmaSeMoment,
    AmaSeTraject,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
    herbereken_laatste_momenten,
)

pytestmark = pytest.mark.django_db


def se_laatste(t: AmaSeTraject) -> tuple[date | None, date | None]:
    t.refresh_from_db()
    return t.laatste_opvolging_op, t.laatste_beslissing_op


def wvg_laatste(o: AmaWvgOvereenkomst) -> date | None:
    o.refresh_from_db()
    return o.laatste_evaluatie_op


def verwacht_se(t: AmaSeTraject) -> tuple[date | None, date | None]:
    """The last date of every moment of each kind, from the moments themselves."""
    datums: dict[str, list[date]] = {"opvolging": [], "beslissing": []}
    for m in AmaSeMoment.objects.filter(traject=t):
        datums[m.soort].append(m.datum)
    return max(datums["opvolging"], default=None), max(datums["beslissing"], default=None)


# --- the services, the model, its querysets ---------------------------------------------------


def test_the_services_keep_the_last_follow_up_decision_and_evaluation(door):
    t = f.ama_se_bezig(date(2024, 6, 1))
    assert se_laatste(t) == (None, None)
    services.registreer_ama_se_moment(
        door=door, traject_id=t.pk, soort="opvolging", datum=date(2025, 3, 1)
    )
    assert se_laatste(t) == (date(2025, 3, 1), None)
    # An earlier moment registered later does not move the last one back.
    services.registreer_ama_se_moment(
        door=door, traject_id=t.pk, soort="opvolging", datum=date(2024, 12, 1)
    )
    services.registreer_ama_se_moment(
        door=door, traject_id=t.pk, soort="beslissing", datum=date(2025, 5, 30), beslissing="verder"
    )
    assert se_laatste(t) == (date(2025, 3, 1), date(2025, 5, 30))

    o = f.wvg_lopend(date(2024, 3, 1))
    services.registreer_wvg_evaluatie(
        door=door, overeenkomst_id=o.pk, datum=date(2025, 3, 1), verslag="goed"
    )
    assert wvg_laatste(o) == date(2025, 3, 1)
    # An evaluation that stops the agreement: its end and its last evaluation, both kept.
    services.registreer_wvg_evaluatie(
        door=door, overeenkomst_id=o.pk, datum=date(2025, 6, 1), verslag="stop", verderzetten=False
    )
    o.refresh_from_db()
    assert (o.einde, o.laatste_evaluatie_op) == (date(2025, 6, 1), date(2025, 6, 1))


def test_a_moment_written_edited_moved_or_deleted_through_the_model_is_recomputed():
    t, ander = f.ama_se_bezig(date(2024, 1, 1)), f.ama_se_bezig(date(2024, 1, 1))
    a = AmaSeMoment.objects.create(traject=t, soort="opvolging", datum=date(2024, 5, 1))
    b = AmaSeMoment.objects.create(traject=t, soort="opvolging", datum=date(2024, 8, 1))
    AmaSeMoment.objects.create(traject=t, soort="beslissing", datum=date(2024, 12, 1))
    assert se_laatste(t) == (date(2024, 8, 1), date(2024, 12, 1))

    b.datum = date(2024, 4, 1)  # edited to before `a`: the last is `a` again
    b.save()
    assert se_laatste(t) == (date(2024, 5, 1), date(2024, 12, 1))

    b.soort = "beslissing"
    b.save()
    assert se_laatste(t) == (date(2024, 5, 1), date(2024, 12, 1))

    a.traject = ander  # moved: both trajectories
    a.save()
    assert se_laatste(t) == (None, date(2024, 12, 1))
    assert se_laatste(ander) == (date(2024, 5, 1), None)

    a.delete()
    assert se_laatste(ander) == (None, None)
    for m in AmaSeMoment.objects.filter(traject=t):
        m.delete()
    assert se_laatste(t) == (None, None)

    o = f.wvg_lopend(date(2023, 1, 1))
    e1 = AmaWvgEvaluatie.objects.create(overeenkomst=o, datum=date(2024, 1, 1))
    e2 = AmaWvgEvaluatie.objects.create(overeenkomst=o, datum=date(2025, 1, 1))
    assert wvg_laatste(o) == date(2025, 1, 1)
    e2.delete()
    assert wvg_laatste(o) == date(2024, 1, 1)
    e1.datum = date(2024, 2, 1)
    e1.save()
    assert wvg_laatste(o) == date(2024, 2, 1)


def test_bulk_writes_through_the_querysets_are_recomputed(django_assert_num_queries):
    t1, t2 = f.ama_se_bezig(date(2024, 1, 1)), f.ama_se_bezig(date(2024, 1, 1))
    AmaSeMoment.objects.bulk_create(
        [
            AmaSeMoment(traject=t1, soort="opvolging", datum=date(2024, 4, 1)),
            AmaSeMoment(traject=t1, soort="opvolging", datum=date(2024, 7, 1)),
            AmaSeMoment(traject=t2, soort="beslissing", datum=date(2025, 1, 1)),
        ]
    )
    assert se_laatste(t1) == (date(2024, 7, 1), None)
    assert se_laatste(t2) == (None, date(2025, 1, 1))

    AmaSeMoment.objects.filter(traject=t1, datum=date(2024, 7, 1)).update(datum=date(2024, 3, 1))
    assert se_laatste(t1) == (date(2024, 4, 1), None)

    AmaSeMoment.objects.filter(traject=t2).update(traject=t1)  # moved: both
    assert se_laatste(t1) == (date(2024, 4, 1), date(2025, 1, 1))
    assert se_laatste(t2) == (None, None)

    momenten = list(AmaSeMoment.objects.filter(traject=t1, soort="opvolging"))
    for m in momenten:
        m.datum = date(2024, 10, 1)
    AmaSeMoment.objects.bulk_update(momenten, ["datum"])
    assert se_laatste(t1) == (date(2024, 10, 1), date(2025, 1, 1))

    t1.momenten.filter(soort="beslissing").delete()
    assert se_laatste(t1) == (date(2024, 10, 1), None)

    # A change of the text only (e.g. the retention's pseudonymisation) reads nothing more.
    with django_assert_num_queries(1):
        AmaSeMoment.objects.update(verslag="nagelezen")
    m = AmaSeMoment.objects.filter(traject=t1).first()
    m.verslag = "herlezen"
    with django_assert_num_queries(1):
        m.save(update_fields=["verslag"])
    assert se_laatste(t1) == (date(2024, 10, 1), None)

    o = f.wvg_lopend(date(2023, 1, 1))
    AmaWvgEvaluatie.objects.bulk_create(
        [AmaWvgEvaluatie(overeenkomst=o, datum=date(2024, 1, d)) for d in (5, 9, 7)]
    )
    assert wvg_laatste(o) == date(2024, 1, 9)
    o.evaluaties.filter(datum__gt=date(2024, 1, 6)).delete()
    assert wvg_laatste(o) == date(2024, 1, 5)


def test_a_stale_trajectory_saved_in_full_does_not_put_an_old_last_moment_back():
    t = f.ama_se_bezig(date(2024, 1, 1))
    o = f.wvg_lopend(date(2023, 1, 1))
    oud_t, oud_o = AmaSeTraject.objects.get(pk=t.pk), AmaWvgOvereenkomst.objects.get(pk=o.pk)
    AmaSeMoment.objects.create(traject=t, soort="opvolging", datum=date(2025, 2, 1))
    AmaWvgEvaluatie.objects.create(overeenkomst=o, datum=date(2024, 1, 1))
    oud_t.afgesloten_op, oud_t.eindadvies_id = date(2025, 3, 1), "AB"
    oud_t.save()
    oud_o.werkpost = "Andere werkpost"
    oud_o.save()
    t.refresh_from_db()
    o.refresh_from_db()
    assert (t.afgesloten_op, t.laatste_opvolging_op) == (date(2025, 3, 1), date(2025, 2, 1))
    assert (o.werkpost, o.laatste_evaluatie_op) == ("Andere werkpost", date(2024, 1, 1))


# --- the bulk form ---------------------------------------------------------------------------


def _ruw_toevoegen(t: AmaSeTraject, o: AmaWvgOvereenkomst) -> None:
    """Moments written past the model, as the load bench's SQL does."""
    with connection.cursor() as cursor:
        for soort, datum in (
            ("opvolging", date(2024, 3, 1)),
            ("opvolging", date(2024, 6, 1)),
            ("beslissing", date(2025, 1, 1)),
        ):
            cursor.execute(
                "INSERT INTO trajectories_amasemoment (traject_id, soort, datum, verslag, "
                "beslissing) VALUES (%s, %s, %s, '', '')",
                [t.pk, soort, datum],
            )
        cursor.execute(
            "INSERT INTO trajectories_amawvgevaluatie (overeenkomst_id, datum, verslag, "
            "verderzetten) VALUES (%s, %s, '', %s)",
            [o.pk, date(2024, 2, 1), True],
        )


def test_the_bulk_recompute_fills_what_raw_sql_wrote_and_writes_only_what_differs():
    t, ander = f.ama_se_bezig(date(2024, 1, 1)), f.ama_se_bezig(date(2024, 1, 1))
    o = f.wvg_lopend(date(2023, 1, 1))
    AmaSeMoment.objects.create(traject=ander, soort="opvolging", datum=date(2024, 2, 1))
    _ruw_toevoegen(t, o)
    assert se_laatste(t) == (None, None)
    assert wvg_laatste(o) is None

    # A queryset: only those rows.
    assert herbereken_laatste_momenten(ama_se=AmaSeTraject.objects.filter(pk=ander.pk)) == 0
    assert se_laatste(t) == (None, None)
    assert herbereken_laatste_momenten(ama_se=AmaSeTraject.objects.filter(pk=t.pk)) == 1
    assert se_laatste(t) == verwacht_se(t) == (date(2024, 6, 1), date(2025, 1, 1))
    # Ids.
    assert herbereken_laatste_momenten(wvg=[o.pk]) == 1
    assert wvg_laatste(o) == date(2024, 2, 1)

    # All: a date put wrong by hand is corrected, the rest is left as it is.
    AmaSeTraject.objects.filter(pk=ander.pk).update(laatste_opvolging_op=date(2020, 1, 1))
    AmaWvgOvereenkomst.objects.filter(pk=o.pk).update(laatste_evaluatie_op=None)
    assert herbereken_laatste_momenten(alle=True) == 2
    assert se_laatste(ander) == (date(2024, 2, 1), None)
    assert wvg_laatste(o) == date(2024, 2, 1)
    assert herbereken_laatste_momenten(alle=True) == 0


def test_the_migration_fills_the_columns_as_the_recompute_does():
    migratie = importlib.import_module("trajectories.migrations.0007_laatste_momenten")
    t, leeg = f.ama_se_bezig(date(2024, 1, 1)), f.ama_se_bezig(date(2024, 1, 1))
    o = f.wvg_lopend(date(2023, 1, 1))
    _ruw_toevoegen(t, o)
    AmaWvgEvaluatie.objects.create(overeenkomst=o, datum=date(2023, 6, 1))
    with connection.cursor() as cursor:
        cursor.execute(migratie.SE_VULLEN)
        cursor.execute(migratie.WVG_VULLEN)
    assert se_laatste(t) == (date(2024, 6, 1), date(2025, 1, 1))
    assert se_laatste(leeg) == (None, None)
    assert wvg_laatste(o) == date(2024, 2, 1)
    assert herbereken_laatste_momenten(alle=True) == 0


# --- the history -----------------------------------------------------------------------------


def _events(model: Any, pk: str) -> list[Any]:
    return list(model.pgh_event_model.objects.filter(pgh_obj_id=pk).order_by("pgh_id"))


@pytest.mark.postgres
def test_the_trajectory_history_records_nothing_of_its_last_moments(door):
    t = f.ama_se_bezig(date(2024, 6, 1))
    o = f.wvg_lopend(date(2024, 3, 1))
    voor_t, voor_o = len(_events(AmaSeTraject, t.pk)), len(_events(AmaWvgOvereenkomst, o.pk))
    assert voor_t and voor_o  # the inserts
    services.registreer_ama_se_moment(
        door=door, traject_id=t.pk, soort="opvolging", datum=date(2025, 3, 1)
    )
    services.registreer_wvg_evaluatie(
        door=door, overeenkomst_id=o.pk, datum=date(2025, 3, 1), verslag="goed"
    )
    AmaSeTraject.objects.filter(pk=t.pk).update(laatste_beslissing_op=date(2025, 1, 1))
    assert se_laatste(t) == (date(2025, 3, 1), date(2025, 1, 1))
    assert wvg_laatste(o) == date(2025, 3, 1)
    # The moments themselves are recorded; their trajectories got no event.
    assert len(_events(AmaSeMoment, str(t.momenten.get().pk))) == 1
    assert len(_events(AmaSeTraject, t.pk)) == voor_t
    assert len(_events(AmaWvgOvereenkomst, o.pk)) == voor_o

    # A change of the trajectory's own fields is recorded, without the derived columns.
    AmaSeTraject.objects.filter(pk=t.pk).update(
        gematcht_op=date(2024, 5, 1), laatste_beslissing_op=None
    )
    events = _events(AmaSeTraject, t.pk)
    assert len(events) == voor_t + 1
    assert events[-1].gematcht_op == date(2024, 5, 1)
    velden = {veld.name for veld in AmaSeTraject.pgh_event_model._meta.fields}
    assert "gematcht_op" in velden
    assert not velden & {"laatste_opvolging_op", "laatste_beslissing_op"}
    assert "laatste_evaluatie_op" not in {
        veld.name for veld in AmaWvgOvereenkomst.pgh_event_model._meta.fields
    }

    # The dossier's history page names the change of the match, never the derived columns.
    c = Client()
    c.force_login(f.gebruiker("admin", wachtwoord=None))
    html = c.get(f"/dossiers/{t.deelnemer_id}/geschiedenis/").content.decode()
    assert "gematcht op" in html.lower() and "1/05/2024" in html
    for label in ("laatste opvolgingsmoment", "laatste beslissingsmoment", "laatste evaluatie"):
        assert label not in html.lower()


def test_the_last_moments_are_in_no_form_and_not_in_the_api():
    from api import serializers

    for model, velden in (
        (AmaSeTraject, ("laatste_opvolging_op", "laatste_beslissing_op")),
        (AmaWvgOvereenkomst, ("laatste_evaluatie_op",)),
    ):
        for veld in velden:
            assert not model._meta.get_field(veld).editable
    assert not {"laatste_opvolging_op", "laatste_beslissing_op"} & set(
        serializers.AmaSeTrajectSerializer().fields
    )
    assert "laatste_evaluatie_op" not in serializers.AmaWvgOvereenkomstSerializer().fields
