"""Subject access and portability (GDPR art. 15/20): complete, re-authenticated, logged."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from audit.models import DossierInzage
from dossier import inhoud
from dossier.models import Behandelaar
from ladder.models import Ladderplaatsing, Werkvorm
from netwerk.models import Melding, StageBegeleiding, Stageverslag, Voortgang
from trajectories.models import (
    Actie,
    AmaSeMoment,
    AmaSeTraject,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
    Doelstelling,
    Stage,
    TrajectEvent,
)


@pytest.mark.django_db
def test_every_model_with_a_path_to_the_participant_is_in_the_export():
    """A new model with a foreign-key chain to Deelnemer fails here until the export covers it
    (`dossier.inhoud.TABELLEN`); history event tables are exported through the history."""
    ontbrekend = inhoud.modellen_met_pad() - set(inhoud.TABELLEN)
    assert ontbrekend == set(), f"niet in dossier.inhoud.TABELLEN: {sorted(ontbrekend)}"
    for label, pad in inhoud.TABELLEN.items():
        model = apps.get_model(label)
        model._default_manager.filter(**{f"{pad}__in": ["x"]}).exists()  # the path resolves


def _vul_elke_tabel(w):
    doel = Doelstelling.objects.create(traject=w.t, soort="werk", omschrijving="Werk zoeken")
    actie = Actie.objects.create(
        doelstelling=doel, dienstverlener=w.gtb, omschrijving="Sollicitatietraining"
    )
    stage = Stage.objects.create(
        traject=w.t, werkplek="Bakkerij", start=date(2025, 3, 1), einde=date(2025, 5, 1)
    )
    # the network's side of the plan (netwerk app)
    StageBegeleiding.objects.create(
        stage=stage, actie=actie, organisatie=w.gtb, werkgever="Bakkerij NV", door=w.cm
    )
    Stageverslag.objects.create(
        stage=stage,
        datum=date(2025, 4, 1),
        doelen="Op tijd komen",
        aanwezigheid=Stageverslag.Aanwezigheid.values[0],
        competenties="Nauwkeurig",
        advies=Stageverslag.Advies.values[0],
        organisatie=w.gtb,
        door=w.cm,
    )
    Voortgang.objects.create(
        actie=actie, datum=date(2025, 4, 1), tekst="Goed bezig", organisatie=w.gtb, door=w.cm
    )
    Melding.objects.create(
        organisatie=w.gtb,
        voor=Melding.Voor.values[0],
        soort=Melding.Soort.values[0],
        traject=w.t,
        actie=actie,
    )
    se = AmaSeTraject.objects.create(
        id="DSE1", deelnemer=w.d, begeleider=w.gtb, gematcht_op=date(2025, 3, 1)
    )
    AmaSeMoment.objects.create(traject=se, soort="opvolging", datum=date(2025, 4, 1), door=w.cm)
    ov = AmaWvgOvereenkomst.objects.create(
        id="DW1", deelnemer=w.d, begeleider=w.gtb, werkpost="Kringloop", start=date(2024, 1, 1)
    )
    AmaWvgEvaluatie.objects.create(overeenkomst=ov, datum=date(2025, 1, 1), door=w.cm)
    TrajectEvent.objects.create(
        soort="activering",
        traject_id=w.t.pk,
        deelnemer=w.d,
        actie="aanvaarden",
        van_status="geinitieerd",
        naar_status="aanvaard",
        door=w.cm,
    )
    werkvorm = Werkvorm.objects.filter(geldig_van__isnull=True, geldig_tot__isnull=True).first()
    Ladderplaatsing.objects.create(
        id="DLP1",
        deelnemer=w.d,
        werkvorm=werkvorm,
        provincie_id="antwerpen",
        start=date(2025, 1, 1),
    )
    Behandelaar.objects.create(deelnemer=w.d, organisatie=w.gtb, user=w.cm)


def test_the_zip_holds_every_tables_rows_and_the_read_log_of_our_own_views(wereld, client_voor):
    _vul_elke_tabel(wereld)
    wereld.d.refresh_from_db()
    # Views of the casemanager: they must show up in the read log of the export.
    cm = client_voor(wereld.cm)
    assert cm.get(reverse("deelnemers:dossier", args=[wereld.d.pk])).status_code == 200
    admin = client_voor(wereld.admin, herauth=True)
    r = admin.post(reverse("dossier:inzage", args=[wereld.d.pk]), {"formaat": "zip"})
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    z = zipfile.ZipFile(io.BytesIO(r.content))
    gegevens = json.loads(z.read("gegevens.json"))
    for label, pad in inhoud.TABELLEN.items():
        model = apps.get_model(label)
        verwacht = model._default_manager.filter(**{f"{pad}__in": [wereld.d.pk]}).count()
        assert verwacht > 0, f"test data missing for {label}"
        assert len(gegevens["tabellen"][label]) == verwacht, label
        csv_rijen = inhoud.lees_csv(z.read(f"tabellen/{label.replace('.', '_').lower()}.csv"))
        assert len(csv_rijen) == verwacht, label
    # Zorg notes are included in full (art. 15 covers them).
    assert gegevens["tabellen"]["deelnemers.ZorgNotitie"][0]["tekst"] == "Geheime zorgtekst"
    inzages = inhoud.lees_csv(z.read("inzages.csv"))
    assert any(i["gebruiker"] == "Ilse Peeters" and i["kanaal"] == "webtoepassing" for i in inzages)
    assert "LEESMIJ.txt" in z.namelist() and "geschiedenis.csv" in z.namelist()
    # The disclosure itself is logged.
    assert DossierInzage.objects.filter(
        deelnemer_id=wereld.d.pk, user_id=wereld.admin.pk, kanaal="export"
    ).exists()


def test_the_readable_pdf_is_a_pdf(wereld, client_voor):
    admin = client_voor(wereld.admin, herauth=True)
    r = admin.post(reverse("dossier:inzage", args=[wereld.d.pk]), {"formaat": "pdf"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_it_asks_to_reauthenticate_first(wereld, client_voor):
    admin = client_voor(wereld.admin)
    r = admin.post(reverse("dossier:inzage", args=[wereld.d.pk]), {"formaat": "zip"})
    assert r.status_code == 302 and "/accounts/reauthenticate/" in r["Location"]


@pytest.mark.parametrize("wie", ["cm", "cmz", "buiten"])
def test_no_one_but_the_admin_may_export(wereld, client_voor, wie):
    c = client_voor(getattr(wereld, wie), herauth=True)
    assert c.get(reverse("dossier:inzage", args=[wereld.d.pk])).status_code == 404
    assert (
        c.post(reverse("dossier:inzage", args=[wereld.d.pk]), {"formaat": "zip"}).status_code == 404
    )
