"""Submitted reports are frozen; a regenerated report tells which cells changed since."""

import copy
import hashlib
import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.models import Rol
from reporting import services
from reporting.admin import IngediendRapportAdmin
from reporting.mededeling import REGELS_VERSIE
from reporting.models import GegenereerdRapport, IngediendRapport, OnwijzigbaarRapport
from tests import factories


def klaar_rapport(report, door) -> GegenereerdRapport:
    return GegenereerdRapport.objects.create(
        jaar=report["jaar"],
        peildatum=report["peildatum"],
        status=GegenereerdRapport.Status.KLAAR,
        voortgang=100,
        resultaat=report,
        aangemaakt_door=door,
    )


# --- the diff ---------------------------------------------------------------------------------


def test_an_identical_report_has_no_differences(published_report) -> None:
    assert services.verschillen(published_report, copy.deepcopy(published_report)) == []


def test_it_lists_every_changed_cell_as_table_row_column(published_report) -> None:
    nieuw = copy.deepcopy(published_report)
    tabellen = nieuw["tables"]
    oud_bezig = tabellen["activering_status_per_regio"]["kempen"]["bezig"]
    tabellen["activering_status_per_regio"]["kempen"]["bezig"] = oud_bezig + 1
    oud_pct = tabellen["activering_eindadviezen"]["REC"]["pct"]
    tabellen["activering_eindadviezen"]["REC"]["pct"] = oud_pct + 0.1
    oud_getal = tabellen["activering_geinitieerd_op_jaareinde"]
    tabellen["activering_geinitieerd_op_jaareinde"] = oud_getal + 2
    del tabellen["ama_wvg_per_provincie"]["brussel"]

    verschillen = services.verschillen(published_report, nieuw)

    brussel = published_report["tables"]["ama_wvg_per_provincie"]["brussel"]
    assert verschillen == [
        services.Verschil(
            "activering_status_per_regio", "kempen", "bezig", oud_bezig, oud_bezig + 1
        ),
        services.Verschil("activering_geinitieerd_op_jaareinde", "", "", oud_getal, oud_getal + 2),
        services.Verschil("activering_eindadviezen", "REC", "pct", oud_pct, oud_pct + 0.1),
        *[
            services.Verschil("ama_wvg_per_provincie", "brussel", kolom, brussel[kolom], None)
            for kolom in sorted(brussel)
        ],
    ]


def test_a_count_and_the_same_float_are_no_difference(published_report) -> None:
    nieuw = copy.deepcopy(published_report)
    rij = nieuw["tables"]["ama_se_per_provincie"]["limburg"]
    rij["pct_invulling"] = (
        int(rij["pct_invulling"])
        if rij["pct_invulling"] == int(rij["pct_invulling"])
        else rij["pct_invulling"]
    )
    assert services.verschillen(published_report, nieuw) == []


# --- freezing ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_freezes_a_report_with_checksum_and_rules_version(published_report) -> None:
    admin = factories.admin()
    ingediend = services.dien_in(rapport=klaar_rapport(published_report, admin), door=admin)
    ingediend = IngediendRapport.objects.get(pk=ingediend.pk)  # as the database returns it

    canoniek = json.dumps(
        published_report, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert ingediend.checksum == hashlib.sha256(canoniek.encode()).hexdigest()
    assert services.is_ongewijzigd(ingediend)
    assert ingediend.regels_versie == REGELS_VERSIE
    assert ingediend.ingediend_door == admin
    assert ingediend.rapport == published_report


@pytest.mark.django_db
def test_it_refuses_changing_or_deleting_a_submitted_report(published_report) -> None:
    admin = factories.admin()
    ingediend = services.dien_in(rapport=klaar_rapport(published_report, admin), door=admin)

    ingediend.jaar = 1999
    with pytest.raises(OnwijzigbaarRapport):
        ingediend.save()
    with pytest.raises(OnwijzigbaarRapport):
        ingediend.delete()
    with pytest.raises(OnwijzigbaarRapport):
        IngediendRapport.objects.filter(pk=ingediend.pk).update(jaar=1999)
    with pytest.raises(OnwijzigbaarRapport):
        IngediendRapport.objects.all().delete()

    opnieuw = IngediendRapport.objects.get(pk=ingediend.pk)
    assert opnieuw.jaar == published_report["jaar"]


@pytest.mark.django_db
def test_a_copy_with_the_primary_key_of_a_submitted_report_is_not_an_update(
    published_report,
) -> None:
    admin = factories.admin()
    ingediend = services.dien_in(rapport=klaar_rapport(published_report, admin), door=admin)
    kopie = IngediendRapport(
        **{f.attname: getattr(ingediend, f.attname) for f in IngediendRapport._meta.fields}
    )
    kopie.jaar = 1999

    with pytest.raises(IntegrityError), transaction.atomic():  # the key exists: no INSERT
        kopie.save()
    assert IngediendRapport.objects.get(pk=ingediend.pk).jaar == published_report["jaar"]


@pytest.mark.django_db
def test_the_admin_offers_no_change_or_delete_of_a_submitted_report(
    published_report, client
) -> None:
    from django.contrib.admin.sites import site

    superuser = factories.gebruiker(is_superuser=True, is_staff=True)
    ingediend = services.dien_in(rapport=klaar_rapport(published_report, superuser), door=superuser)
    model_admin = IngediendRapportAdmin(IngediendRapport, site)
    verzoek = type("Verzoek", (), {"user": superuser})()
    assert not model_admin.has_change_permission(verzoek, ingediend)
    assert not model_admin.has_delete_permission(verzoek, ingediend)
    assert not model_admin.has_add_permission(verzoek)

    client.force_login(superuser)
    wissen = reverse("admin:reporting_ingediendrapport_delete", args=[ingediend.pk])
    assert client.post(wissen, {"post": "yes"}).status_code == 403
    assert IngediendRapport.objects.filter(pk=ingediend.pk).exists()


@pytest.mark.django_db
def test_only_an_admin_submits_and_only_a_finished_report_once(published_report) -> None:
    admin = factories.admin()
    coordinator = factories.gebruiker(Rol.COORDINATOR)
    rapport = klaar_rapport(published_report, admin)

    with pytest.raises(services.RapportFout):
        services.dien_in(rapport=rapport, door=coordinator)
    wachtend = GegenereerdRapport.objects.create(
        jaar=2024, peildatum="2025-03-31", aangemaakt_door=admin
    )
    with pytest.raises(services.RapportFout):
        services.dien_in(rapport=wachtend, door=admin)
    services.dien_in(rapport=rapport, door=admin)
    with pytest.raises(services.RapportFout):
        services.dien_in(rapport=rapport, door=admin)
    assert IngediendRapport.objects.count() == 1


@pytest.mark.django_db
def test_a_submitted_report_changed_behind_the_application_is_not_handed_out(
    published_report, client
) -> None:
    admin = factories.admin()
    ingediend = services.dien_in(rapport=klaar_rapport(published_report, admin), door=admin)
    vervalst = copy.deepcopy(published_report)
    vervalst["tables"]["activering_geinitieerd_op_jaareinde"] += 1
    with connection.cursor() as cursor:  # what the DB trigger of the security issue will refuse
        cursor.execute(
            "UPDATE reporting_ingediendrapport SET rapport = %s WHERE id = %s",
            [json.dumps(vervalst), ingediend.pk],
        )

    assert not services.is_ongewijzigd(IngediendRapport.objects.get(pk=ingediend.pk))
    client.force_login(admin)
    url = reverse("reporting:download_ingediend", args=[ingediend.pk, "json"])
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_second_submission_of_a_year_is_a_new_version_with_a_reason(published_report) -> None:
    admin = factories.admin()
    eerste = services.dien_in(rapport=klaar_rapport(published_report, admin), door=admin)
    tweede_rapport = klaar_rapport(published_report, admin)

    with pytest.raises(services.RapportFout, match="reden"):
        services.dien_in(rapport=tweede_rapport, door=admin)
    assert IngediendRapport.objects.count() == 1

    tweede = services.dien_in(
        rapport=tweede_rapport, door=admin, reden="Correctie van een laat ingevoerd traject."
    )
    assert (eerste.versie, eerste.reden) == (1, "")
    assert (tweede.versie, tweede.reden) == (2, "Correctie van een laat ingevoerd traject.")
    assert services.laatst_ingediend(published_report["jaar"]) == tweede


@pytest.mark.django_db
def test_the_database_refuses_two_submissions_with_the_same_year_and_version(
    published_report,
) -> None:
    admin = factories.admin()
    eerste = services.dien_in(rapport=klaar_rapport(published_report, admin), door=admin)
    velden = {
        "jaar": eerste.jaar,
        "peildatum": eerste.peildatum,
        "rapport": eerste.rapport,
        "checksum": eerste.checksum,
        "regels_versie": eerste.regels_versie,
        "ingediend_door": admin,
        "ingediend_op": eerste.ingediend_op,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        IngediendRapport.objects.create(**velden, versie=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IngediendRapport.objects.create(**velden, versie=2)  # a new version needs a reason


@pytest.mark.django_db
def test_a_non_standard_peildatum_is_submitted_only_with_a_recorded_confirmation(
    published_report,
) -> None:
    admin = factories.admin()
    afwijkend = {**published_report, "peildatum": "2026-03-31"}
    rapport = klaar_rapport(afwijkend, admin)

    with pytest.raises(services.RapportFout, match="niet de standaard peildatum"):
        services.dien_in(rapport=rapport, door=admin)
    assert not IngediendRapport.objects.exists()

    ingediend = services.dien_in(rapport=rapport, door=admin, bevestig_peildatum=True)
    assert ingediend.afwijkende_peildatum_bevestigd
    standaard = services.dien_in(
        rapport=klaar_rapport(published_report, admin), door=admin, reden="Standaard peildatum."
    )
    assert not standaard.afwijkende_peildatum_bevestigd
