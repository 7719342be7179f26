"""The change history: every write of a dossier or reference data is recorded with who acted.

The events are written by PostgreSQL triggers (django-pghistory); the tests that need them
carry the `postgres` marker and are skipped on SQLite. Scope and the read log of the history
page hold on both databases.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pghistory.models
import pytest
from celery import shared_task
from django.apps import apps
from django.core.cache import cache
from django.core.management import BaseCommand, call_command
from django.db import DatabaseError, connection, transaction
from rest_framework.test import APIClient

from accounts.models import Rol, Roltoewijzing, RoltoewijzingRegio
from api.tokens import issue_token
from audit import geschiedenis
from audit.models import DossierInzage
from deelnemers import geschiedenis as dossiergeschiedenis
from deelnemers.models import Advies, Deelnemer, ZorgNotitie
from referentie.models import Regio
from tests import factories as f
from trajectories.models import Actie, AmaSeTraject, Doelstelling, Stage

pytestmark = pytest.mark.django_db

GEHEIM = "Diagnose: kanarie-zorginhoud"
CONTEXTSLEUTELS = {"user", "url", "request_id", "kanaal", "api_token", "commando", "taak"}


def events(label: str, **filters: Any) -> Any:
    return apps.get_model(label).pgh_event_model.objects.filter(**filters).order_by("pgh_id")


def laatste_event_id(label: str) -> int:
    """The newest event id of a model's history: a test reads only the events after it, its
    own (a transactional test elsewhere in the worker may have left committed events)."""
    laatste = apps.get_model(label).pgh_event_model.objects.order_by("-pgh_id").first()
    return laatste.pgh_id if laatste else 0


def metadata(event: Any) -> dict[str, Any]:
    return event.pgh_context.metadata if event.pgh_context_id else {}


@pytest.fixture
def zorgorg(db):
    return f.organisatie("caw", naam="CAW Kempen")


@pytest.fixture
def traject(gtb, zorgorg):
    d = f.deelnemer(voornaam="Kanarie", achternaam="Vogelzang")
    return f.activeringstraject(
        d, werk=gtb, zorg=zorgorg, aanvaard_op=date(2025, 1, 20), bezig_op=date(2025, 2, 3)
    )


def _kenmerken(d: Deelnemer, **wijziging: Any) -> dict[str, Any]:
    data = {
        "voornaam": d.voornaam,
        "achternaam": d.achternaam,
        "geboortedatum": d.geboortedatum.strftime("%d/%m/%Y"),
        "provincie": d.provincie_id,
        "regio": d.regio_id,
        "werkzoekend_sinds": "",
        "versie": d.versie,
    }
    data.update(wijziging)
    return data


# --- what is tracked ------------------------------------------------------------------------


def test_every_model_holding_dossiers_or_reference_data_is_tracked():
    """A new model in these apps must be tracked too (or this test names it as an exception)."""
    for app in ("deelnemers", "trajectories", "organisaties", "ladder", "referentie"):
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, pghistory.models.Event):
                continue
            verwacht = {"insert", "update", "delete"}
            if model._meta.label == "trajectories.TrajectEvent":
                verwacht = {"update", "delete"}  # itself the log of status steps
            if model._meta.label == "deelnemers.Zoeksleutel":
                verwacht = set()  # a search index the database derives from tracked rows
            assert set(getattr(model, "pgh_event_models", {})) == verwacht, model._meta.label
    for model in (Roltoewijzing, RoltoewijzingRegio):
        assert set(model.pgh_event_models) == {"insert", "update", "delete"}


# --- who did what ---------------------------------------------------------------------------


@pytest.mark.postgres
def test_a_web_edit_records_the_user_the_request_and_the_changed_values(traject, gtb, login):
    d = traject.deelnemer
    cm = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, first_name="Ilse", last_name="Peeters")
    c = login(cm)
    r = c.post(f"/dossiers/{d.pk}/kenmerken/", _kenmerken(d, voornaam="Roos", kortgeschoold="on"))
    assert r.status_code == 302

    update = events("deelnemers.Deelnemer", pgh_obj_id=d.pk, pgh_label="update").get()
    assert (update.voornaam, update.kortgeschoold) == ("Roos", True)
    assert metadata(update) == {
        "user": cm.pk,
        "url": f"/dossiers/{d.pk}/kenmerken/",
        "request_id": r["X-Request-ID"],
        "kanaal": "ui",
    }

    wijziging = dossiergeschiedenis.geschiedenis_van(d.pk, user=cm)[0]
    assert (wijziging.actie, wijziging.door, str(wijziging.kanaal)) == (
        "update",
        "Ilse Peeters",
        "webtoepassing",
    )
    assert {(v.naam, v.oud, v.nieuw) for v in wijziging.velden} == {
        ("voornaam", "Kanarie", "Roos"),
        ("kortgeschoold", "nee", "ja"),
    }
    html = c.get(f"/dossiers/{d.pk}/geschiedenis/").content.decode()
    assert "Kanarie → Roos" in html and "Ilse Peeters" in html and r["X-Request-ID"] in html


@pytest.mark.postgres
def test_a_bulk_queryset_update_records_one_event_per_row_with_the_acting_user(gtb):
    a, b, ander = f.deelnemer(), f.deelnemer(), f.deelnemer()
    admin = f.gebruiker(Rol.ADMIN)
    with geschiedenis.context("commando", user=admin.pk, commando="rechtzetting"):
        assert Deelnemer.objects.filter(pk__in=[a.pk, b.pk]).update(armoede=True) == 2

    updates = events("deelnemers.Deelnemer", pgh_label="update")
    assert sorted(updates.values_list("pgh_obj_id", flat=True)) == sorted([a.pk, b.pk])
    assert all(e.armoede for e in updates)
    assert {metadata(e)["user"] for e in updates} == {admin.pk}
    assert {metadata(e)["kanaal"] for e in updates} == {"commando"}
    assert not events("deelnemers.Deelnemer", pgh_obj_id=ander.pk, pgh_label="update").exists()


@pytest.mark.postgres
def test_a_write_outside_any_context_is_still_recorded_as_done_by_the_system():
    d = f.deelnemer()
    Deelnemer.objects.filter(pk=d.pk).update(werkzoekend_sinds=date(2024, 9, 1))
    update = events("deelnemers.Deelnemer", pgh_obj_id=d.pk, pgh_label="update").get()
    assert update.pgh_context_id is None
    admin = f.gebruiker(Rol.ADMIN)
    assert dossiergeschiedenis.geschiedenis_van(d.pk, user=admin)[0].door == ""  # "systeem"


@pytest.mark.postgres
def test_a_delete_is_recorded_with_the_values_the_row_had():
    d = f.deelnemer()
    advies = Advies.objects.create(
        id="ADV1", deelnemer=d, advies_id="AB", van=date(2025, 1, 5), tot=date(2025, 6, 30)
    )
    admin = f.gebruiker(Rol.ADMIN)
    with geschiedenis.context("commando", user=admin.pk):
        advies.delete()

    delete = events("deelnemers.Advies", pgh_obj_id="ADV1", pgh_label="delete").get()
    assert (delete.deelnemer_id, delete.advies_id, delete.tot) == (d.pk, "AB", date(2025, 6, 30))
    assert metadata(delete)["user"] == admin.pk
    wijziging = dossiergeschiedenis.geschiedenis_van(d.pk, user=admin)[0]
    assert wijziging.actie == "delete"
    assert ("tot en met", "30/06/2025") in {(v.naam, v.oud) for v in wijziging.velden}


@pytest.mark.postgres
def test_an_api_write_records_the_token_user_and_the_token():
    cache.clear()
    vdab = f.organisatie("vdab", naam="VDAB")
    d = f.deelnemer()
    token, key = issue_token(organisatie=vdab, name="VDAB-koppeling", rollen=(), created_by=None)
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    rij = {"id": "A1", "deelnemer_id": d.pk, "advies": "AB", "van": "2025-01-05", "tot": None}
    voor = laatste_event_id("deelnemers.Advies")
    r = c.post("/api/v1/feeds/adviezen", {"rijen": [rij]}, format="json")
    assert r.status_code == 200, r.content

    insert = events("deelnemers.Advies", pgh_obj_id="A1", pgh_label="insert", pgh_id__gt=voor).get()
    ctx = metadata(insert)
    assert (ctx["user"], ctx["api_token"], ctx["kanaal"]) == (token.user_id, token.pk, "api")
    assert ctx["request_id"] == r["X-Request-ID"]


@pytest.mark.postgres
def test_a_project_command_records_its_name_and_the_user_it_acts_for():
    d = f.deelnemer()
    admin = f.gebruiker(Rol.ADMIN, username="beheerder-x")

    class Command(BaseCommand):
        def add_arguments(self, parser: Any) -> None:
            parser.add_argument("--gebruiker")

        def handle(self, *args: Any, **options: Any) -> None:
            Deelnemer.objects.filter(pk=d.pk).update(kortgeschoold=True)

    Command.__module__ = "deelnemers.management.commands.rechtzetten"
    call_command(Command(), gebruiker="beheerder-x")

    update = events("deelnemers.Deelnemer", pgh_obj_id=d.pk, pgh_label="update").get()
    assert metadata(update) == {"kanaal": "commando", "commando": "rechtzetten", "user": admin.pk}


@pytest.mark.postgres
def test_a_worker_thread_can_reopen_the_context_of_its_caller(transactional_db):
    """The importer writes in a second thread with its own connection."""
    import threading

    d = f.deelnemer()
    admin = f.gebruiker(Rol.ADMIN)

    def schrijf(meta: dict[str, Any]) -> None:
        try:
            with geschiedenis.context(**meta):
                Deelnemer.objects.filter(pk=d.pk).update(armoede=True)
        finally:
            connection.close()

    with geschiedenis.context("commando", user=admin.pk, commando="import_bundle"):
        meta = geschiedenis.huidige_context()
        draad = threading.Thread(target=schrijf, args=(meta,))
        draad.start()
        draad.join()
    assert geschiedenis.huidige_context() is None

    update = events("deelnemers.Deelnemer", pgh_obj_id=d.pk, pgh_label="update").get()
    assert metadata(update) == {"kanaal": "commando", "commando": "import_bundle", "user": admin.pk}


@shared_task(name="tests.geschiedenis.markeer_armoede")
def markeer_armoede(deelnemer_id: str, gebruiker_id: int | None = None) -> None:
    Deelnemer.objects.filter(pk=deelnemer_id).update(armoede=True)


@pytest.mark.postgres
def test_a_celery_task_records_its_name_and_the_user_it_acts_for():
    d = f.deelnemer()
    admin = f.gebruiker(Rol.ADMIN)
    markeer_armoede.apply(args=[d.pk], kwargs={"gebruiker_id": admin.pk})

    update = events("deelnemers.Deelnemer", pgh_obj_id=d.pk, pgh_label="update").get()
    assert metadata(update) == {
        "kanaal": "taak",
        "taak": "tests.geschiedenis.markeer_armoede",
        "user": admin.pk,
    }


@pytest.mark.postgres
def test_the_context_holds_ids_only_never_a_name_or_insz(traject, gtb, login):
    d = traject.deelnemer
    Deelnemer.objects.filter(pk=d.pk).update(insz="90030112345")
    d.refresh_from_db()
    login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)).post(
        f"/dossiers/{d.pk}/kenmerken/", _kenmerken(d, achternaam="Kanariepiet")
    )
    contexten = list(pghistory.models.Context.objects.values_list("metadata", flat=True))
    assert contexten
    for ctx in contexten:
        assert set(ctx) <= CONTEXTSLEUTELS
        tekst = str(ctx)
        assert "Kanarie" not in tekst and "90030112345" not in tekst


@pytest.mark.postgres
def test_the_event_tables_refuse_update_and_delete():
    d = f.deelnemer()
    tabel = events("deelnemers.Deelnemer", pgh_obj_id=d.pk)
    assert tabel.count() == 1
    with pytest.raises(DatabaseError), transaction.atomic():
        tabel.update(voornaam="Vervalst")
    with pytest.raises(DatabaseError), transaction.atomic():
        tabel.delete()
    assert tabel.get().voornaam == d.voornaam


# --- bulk writes ----------------------------------------------------------------------------

KOLOMMEN = (
    "id, voornaam, achternaam, geboortedatum, provincie_id, regio_id, armoede, "
    "arbeidsbeperking, kortgeschoold, versie"
)


@pytest.mark.postgres
def test_the_bulk_helper_records_set_based_with_the_context_user_and_no_doubles():
    admin = f.gebruiker(Rol.ADMIN)
    d = f.deelnemer()
    with (
        transaction.atomic(),
        geschiedenis.context("commando", user=admin.pk, commando="import_bundle"),
    ):
        with geschiedenis.zonder_triggers(Deelnemer):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO deelnemers_deelnemer ({KOLOMMEN}) SELECT 'BULK' || g, 'V', "  # noqa: S608
                    "'A', DATE '1990-01-01', 'antwerpen', 'kempen', false, false, false, 1 "
                    "FROM generate_series(1, 4) g"
                )
                # A COPY on the raw psycopg cursor is covered as well.
                with cursor.cursor.copy(f"COPY deelnemers_deelnemer ({KOLOMMEN}) FROM STDIN") as cp:
                    cp.write_row(
                        ("BULK5", "V", "A", date(1990, 1, 1), "antwerpen", "kempen")
                        + (False, False, False, 1)
                    )
            # The triggers are off for this model only: others still record.
            Advies.objects.create(id="ADV9", deelnemer=d, advies_id="AB", van=date(2025, 1, 1))
            assert not events("deelnemers.Deelnemer", id__startswith="BULK").exists()

            waar = "t.id LIKE %s"
            assert (
                geschiedenis.bulk_geschiedenis(Deelnemer, "insert", waar=waar, params=["BULK%"])
                == 5
            )
            Deelnemer.objects.filter(pk__startswith="BULK").update(armoede=True)
            assert (
                geschiedenis.bulk_geschiedenis(Deelnemer, "update", waar=waar, params=["BULK%"])
                == 5
            )
        # Back on after the block.
        Deelnemer.objects.filter(pk="BULK1").update(kortgeschoold=True)

    bulk = events("deelnemers.Deelnemer", id__startswith="BULK")
    assert bulk.filter(pgh_label="insert").count() == 5
    assert bulk.filter(pgh_label="update").count() == 6
    assert all(e.armoede for e in bulk.filter(pgh_label="update"))
    assert {metadata(e)["user"] for e in bulk} == {admin.pk}
    assert {metadata(e)["commando"] for e in bulk} == {"import_bundle"}
    assert events("deelnemers.Advies", pgh_obj_id="ADV9", pgh_label="insert").count() == 1
    # One context row for the whole import.
    assert bulk.values("pgh_context_id").distinct().count() == 1


@pytest.mark.postgres
def test_the_bulk_helper_records_deletes_from_the_rows_before_they_go():
    a, b = f.deelnemer(), f.deelnemer()
    voor = laatste_event_id("deelnemers.Deelnemer")
    with transaction.atomic(), geschiedenis.zonder_triggers(Deelnemer):
        waar = "t.id IN (%s, %s)"
        assert (
            geschiedenis.bulk_geschiedenis(Deelnemer, "delete", waar=waar, params=[a.pk, b.pk]) == 2
        )
        Deelnemer.objects.filter(pk__in=[a.pk, b.pk]).delete()
    deletes = events("deelnemers.Deelnemer", pgh_label="delete", pgh_id__gt=voor)
    assert sorted(deletes.values_list("voornaam", flat=True)) == sorted([a.voornaam, b.voornaam])


@pytest.mark.postgres
def test_a_bulk_upsert_records_the_new_rows_and_only_the_rows_it_changed():
    """The importer's INSERT … ON CONFLICT DO UPDATE, with the triggers on: set-based events."""
    gelijk, anders = f.deelnemer(), f.deelnemer()
    admin = f.gebruiker(Rol.ADMIN)
    rijen = [
        (gelijk.pk, gelijk.voornaam),
        (anders.pk, "Nieuwe voornaam"),
        ("NIEUW1", "Nieuw"),
        ("NIEUW2", "Nieuw"),
    ]
    waarden = ", ".join(
        ["(%s, %s, 'A', DATE '1990-01-01', 'antwerpen', 'kempen', false, false, false, 1)"]
        * len(rijen)
    )
    with geschiedenis.context("commando", user=admin.pk, commando="import_bundle"):
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO deelnemers_deelnemer AS t ({KOLOMMEN}) VALUES {waarden} "  # noqa: S608
                "ON CONFLICT (id) DO UPDATE SET voornaam = EXCLUDED.voornaam "
                "WHERE t.voornaam IS DISTINCT FROM EXCLUDED.voornaam",
                [w for rij in rijen for w in rij],
            )
    nieuw = events("deelnemers.Deelnemer", pgh_label="insert", id__startswith="NIEUW")
    assert nieuw.count() == 2
    updates = events("deelnemers.Deelnemer", pgh_label="update")
    assert list(updates.values_list("pgh_obj_id", "voornaam")) == [(anders.pk, "Nieuwe voornaam")]
    assert {metadata(e)["user"] for e in [*nieuw, *updates]} == {admin.pk}


def test_the_bulk_helper_refuses_an_unknown_label():
    with pytest.raises(ValueError, match="geen geschiedenis 'snapshot'"):
        geschiedenis.bulk_geschiedenis(Deelnemer, "snapshot")


# --- the history page -----------------------------------------------------------------------


def test_the_history_page_is_a_404_outside_the_dossier_scope(traject, login):
    url = f"/dossiers/{traject.deelnemer_id}/geschiedenis/"
    andere = f.organisatie("gtb", naam="GTB Elders")
    assert login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=andere)).get(url).status_code == 404
    wvg = f.organisatie("caw", naam="CAW Elders")
    assert login(f.gebruiker(Rol.BEGELEIDER_AMA_WVG, organisatie=wvg)).get(url).status_code == 404
    assert not DossierInzage.objects.exists()


def test_opening_the_history_is_logged_as_a_read_of_the_dossier(traject, gtb, login):
    cm = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    r = login(cm).get(f"/dossiers/{traject.deelnemer_id}/geschiedenis/")
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    inzage = DossierInzage.objects.get()
    assert (inzage.user_id, inzage.deelnemer_id, inzage.kanaal) == (
        cm.pk,
        traject.deelnemer_id,
        "ui",
    )
    assert inzage.request_id == r["X-Request-ID"]


@pytest.mark.postgres
def test_the_zorg_note_text_in_the_history_is_for_the_casemanager_zorg_only(
    traject, gtb, zorgorg, login
):
    d = traject.deelnemer
    zorg = f.gebruiker(Rol.CASEMANAGER_ZORG, organisatie=zorgorg)
    data = {"traject": traject.pk, "soort": "diagnose", "tekst": GEHEIM}
    assert login(zorg).post(f"/dossiers/{d.pk}/zorgnotities/", data).status_code == 302
    begeleider_org = f.organisatie("maatwerkbedrijf")
    AmaSeTraject.objects.create(
        id="SEG1", deelnemer=d, begeleider=begeleider_org, gematcht_op=date(2025, 3, 1)
    )
    url = f"/dossiers/{d.pk}/geschiedenis/"

    voor_zorg = login(zorg).get(url).content.decode()
    voor_werk = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)).get(url).content.decode()
    begeleider = f.gebruiker(Rol.BEGELEIDER_AMA_SE, organisatie=begeleider_org)
    voor_begeleider = login(begeleider).get(url)
    voor_admin = dossiergeschiedenis.geschiedenis_van(d.pk, user=f.gebruiker(Rol.ADMIN))

    assert GEHEIM in voor_zorg
    # The casemanager Werk learns that a note was made, and when; not what, nor by whom.
    assert GEHEIM not in voor_werk and "Zorgnotitie" in voor_werk
    assert "Diagnose" not in voor_werk and zorg.get_username() not in voor_werk
    assert (
        voor_begeleider.status_code == 200 and "AMA SE-traject" in voor_begeleider.content.decode()
    )
    assert "zorgnotitie" not in voor_begeleider.content.decode().lower()
    # Admins see every dossier, not the Zorg compartment.
    assert {w.onderwerp for w in voor_admin} >= {"deelnemer", "AMA SE-traject"}
    assert "zorgnotitie" not in {w.onderwerp for w in voor_admin}


# --- retention ------------------------------------------------------------------------------


@pytest.mark.postgres
def test_wis_geschiedenis_removes_every_event_of_the_participants_and_nothing_else(gtb):
    admin = f.gebruiker(Rol.ADMIN)
    with geschiedenis.context("commando", user=admin.pk, commando="gedeeld"):
        weg = f.deelnemer(voornaam="Weg")
        blijft = f.deelnemer(voornaam="Blijft")
    with geschiedenis.context("commando", user=admin.pk, commando="enkel-weg"):
        t = f.activeringstraject(weg, werk=gtb)
        doel = Doelstelling.objects.create(traject=t, soort="werk", omschrijving="Werk zoeken")
        Actie.objects.create(doelstelling=doel, dienstverlener=gtb, omschrijving="Solliciteren")
        Stage.objects.create(
            traject=t, werkplek="Bakkerij", start=date(2025, 3, 1), einde=date(2025, 4, 1)
        )
        ZorgNotitie.objects.create(traject=t, soort="diagnose", tekst=GEHEIM)
        Advies.objects.create(id="ADVW", deelnemer=weg, advies_id="AB", van=date(2025, 1, 1))
        # A deleted goal still leads to the events of its actions.
        doel.delete()
        Deelnemer.objects.filter(pk=weg.pk).update(voornaam="Pseudoniem")
    f.activeringstraject(blijft, werk=gtb)
    voor = {label: events(label).count() for label, _k, _o in geschiedenis.DOSSIER_PADEN}
    assert voor["trajectories.Actie"] == 2  # insert + the cascaded delete

    gewist = geschiedenis.wis_geschiedenis([weg.pk])

    assert gewist > 0
    for label, q in geschiedenis.dossier_filters([weg.pk]):
        assert not events(label).filter(q).exists(), label
    assert not events("deelnemers.Deelnemer").filter(voornaam="Weg").exists()
    assert events("deelnemers.Deelnemer", pgh_obj_id=blijft.pk).count() == 1
    assert events("trajectories.Activeringstraject", deelnemer_id=blijft.pk).count() == 1
    na = sum(events(label).count() for label, _k, _o in geschiedenis.DOSSIER_PADEN)
    assert na == sum(voor.values()) - gewist
    # The context only the wiped dossier used is gone; the shared one stays.
    commandos = set(pghistory.models.Context.objects.values_list("metadata__commando", flat=True))
    assert "gedeeld" in commandos and "enkel-weg" not in commandos
    # The tables are append-only again afterwards.
    with pytest.raises(DatabaseError), transaction.atomic():
        events("deelnemers.Deelnemer", pgh_obj_id=blijft.pk).delete()


def test_wis_geschiedenis_of_nothing_is_nothing():
    assert geschiedenis.wis_geschiedenis([]) == 0


@pytest.mark.postgres
def test_regions_added_to_or_removed_from_a_role_are_recorded(gtb):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, regios=["kempen"])
    toewijzing = Roltoewijzing.objects.get(user=user)
    assert events("accounts.Roltoewijzing", pgh_obj_id=toewijzing.pk, pgh_label="insert").exists()
    regio_events = RoltoewijzingRegio.pgh_event_model.objects.filter(roltoewijzing_id=toewijzing.pk)
    assert list(regio_events.values_list("pgh_label", "regio_id")) == [("insert", "kempen")]
    toewijzing.regios.remove(Regio.objects.get(pk="kempen"))
    assert list(regio_events.filter(pgh_label="delete").values_list("regio_id", flat=True)) == [
        "kempen"
    ]
