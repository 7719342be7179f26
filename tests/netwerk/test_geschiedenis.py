"""The network's dossier rows keep a change history (PostgreSQL triggers): it shows on the
dossier's history page and retention's wipe removes it with the rest of the dossier."""

from __future__ import annotations

import pghistory.models
import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from audit import geschiedenis
from netwerk import services
from netwerk.models import Opdracht, StageBegeleiding, Stageverslag, Voortgang

alleen_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the change history is written by PostgreSQL row triggers; SQLite keeps none",
)

#: Models of the network that hold no dossier data: notifications are ids only (a kind, an
#: organisation, a trajectory id), the daily mail is one row per user and day.
GEEN_DOSSIERDATA = {"netwerk.Melding", "netwerk.NetwerkDagmail"}


def test_every_network_model_holding_dossier_data_is_tracked_and_reaches_its_dossier():
    paden = {label for label, _kolom, _ouder in geschiedenis.DOSSIER_PADEN}
    for model in apps.get_app_config("netwerk").get_models():
        if issubclass(model, pghistory.models.Event) or model._meta.label in GEEN_DOSSIERDATA:
            continue
        assert set(getattr(model, "pgh_event_models", {})) == {"insert", "update", "delete"}, (
            model._meta.label
        )
        assert model._meta.label in paden, model._meta.label


def _stage_met_verslag(netwerk):
    dv = netwerk.users["dv-werk"]
    services.aanvaard_actie(door=dv, actie_id=netwerk.werkactie.pk)
    c = netwerk.client("dv-werk")
    c.post(
        reverse("netwerk:stage_nieuw", args=[netwerk.werkactie.pk]),
        {
            "werkplek": "Magazijn",
            "werkgever": "Logistiek NV",
            "start": "2/03/2026",
            "einde": "30/06/2026",
        },
    )
    stage = netwerk.at1.stages.get()
    r = c.post(
        reverse("netwerk:stageverslag", args=[stage.pk]),
        {
            "datum": "16/03/2026",
            "doelen": "Zelfstandig orders picken",
            "aanwezigheid": "goed",
            "competenties": "Nauwkeurig",
            "advies": "betaald-werk",
        },
    )
    assert r.status_code == 302
    services.registreer_voortgang(
        door=dv, actie_id=netwerk.werkactie.pk, datum=stage.start, tekst="Eerste week goed"
    )
    return stage, Stageverslag.objects.get(stage=stage)


@alleen_postgres
def test_an_edited_stageverslag_shows_in_the_dossiers_history_with_who_wrote_it(netwerk):
    stage, verslag = _stage_met_verslag(netwerk)
    with geschiedenis.context("beheer", user=netwerk.users["collega"].pk):
        verslag.competenties = "Nauwkeurig en stipt"
        verslag.save()

    page = netwerk.client("cm-werk").get(reverse("deelnemers:geschiedenis", args=["ND1"]))

    assert page.status_code == 200
    tekst = page.content.decode()
    assert "Nauwkeurig en stipt" in tekst  # the edit, old → new
    assert "Logistiek NV" in tekst  # the stage's employer (StageBegeleiding)
    assert "Eerste week goed" in tekst  # the progress
    rijen = Stageverslag.pgh_event_model.objects.filter(pgh_obj_id=verslag.pk)
    assert list(rijen.order_by("pgh_id").values_list("pgh_label", flat=True)) == [
        "insert",
        "update",
    ]
    assert Opdracht.pgh_event_model.objects.filter(actie_id=netwerk.werkactie.pk).exists()


@alleen_postgres
def test_the_history_wipe_of_a_dossier_removes_its_network_events_and_no_others(netwerk):
    stage, verslag = _stage_met_verslag(netwerk)
    services.aanvaard_actie(door=netwerk.users["dv-zorg"], actie_id=netwerk.actie_at2.pk)
    events = {
        m: m.pgh_event_model.objects for m in (Opdracht, StageBegeleiding, Stageverslag, Voortgang)
    }
    assert all(e.exists() for e in events.values())

    geschiedenis.wis_geschiedenis(["ND1"])

    assert not events[Stageverslag].filter(stage_id=stage.pk).exists()
    assert not events[StageBegeleiding].filter(stage_id=stage.pk).exists()
    assert not events[Voortgang].filter(actie_id=netwerk.werkactie.pk).exists()
    assert (
        not events[Opdracht]
        .filter(actie_id__in=[netwerk.werkactie.pk, netwerk.zorgactie.pk])
        .exists()
    )
    # the other participant's dossier keeps its history
    assert events[Opdracht].filter(actie_id=netwerk.actie_at2.pk).exists()
