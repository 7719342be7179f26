"""Every read of a dossier is logged, in a table the application cannot change."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import DatabaseError, transaction

from accounts.models import Rol
from audit.models import DossierInzage
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def casemanager(gtb):
    return f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="cm-werk")


@pytest.fixture
def dossier(gtb):
    d = f.deelnemer()
    f.activeringstraject(d, werk=gtb, aanvaard_op=date(2025, 2, 1))
    return d


def test_opening_a_dossier_logs_who_which_organisation_and_the_request(
    casemanager, dossier, gtb, login
):
    r = login(casemanager).get(f"/dossiers/{dossier.pk}/")
    assert r.status_code == 200
    rij = DossierInzage.objects.get()
    assert (rij.user_id, rij.username, rij.organisatie_id) == (casemanager.pk, "cm-werk", gtb.pk)
    assert (rij.deelnemer_id, rij.kanaal) == (dossier.pk, "ui")
    assert rij.request_id and r["X-Request-ID"] == rij.request_id


def test_each_request_gets_its_own_request_id(casemanager, dossier, login):
    c = login(casemanager)
    ids = {c.get(f"/dossiers/{dossier.pk}/")["X-Request-ID"] for _ in range(2)}
    assert len(ids) == 2


def test_the_caseload_logs_exactly_the_dossiers_shown_on_the_page(casemanager, dossier, gtb, login):
    ander = f.deelnemer()
    f.activeringstraject(ander, werk=gtb, aanvaard_op=date(2025, 2, 1))
    niet_zichtbaar = f.deelnemer()
    f.activeringstraject(niet_zichtbaar, werk=f.organisatie("gtb"))
    assert login(casemanager).get("/dossiers/").status_code == 200
    assert set(DossierInzage.objects.values_list("deelnemer_id", flat=True)) == {
        dossier.pk,
        ander.pk,
    }


def test_the_ladder_page_of_a_participant_is_logged(casemanager, dossier, login):
    assert login(casemanager).get(f"/ladder/deelnemer/{dossier.pk}/").status_code == 200
    assert list(DossierInzage.objects.values_list("deelnemer_id", "kanaal")) == [(dossier.pk, "ui")]


def test_an_api_read_is_logged_on_the_api_channel(casemanager, dossier, login):
    assert login(casemanager).get(f"/api/v1/deelnemers/{dossier.pk}").status_code == 200
    assert list(DossierInzage.objects.values_list("deelnemer_id", "kanaal")) == [
        (dossier.pk, "api")
    ]


def test_an_outsider_refused_with_404_leaves_no_read_in_the_log(dossier, login):
    outsider = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=f.organisatie("gtb"))
    assert login(outsider).get(f"/dossiers/{dossier.pk}/").status_code == 404
    assert not DossierInzage.objects.exists()


def test_the_database_refuses_to_update_a_logged_read(casemanager, dossier, login):
    login(casemanager).get(f"/dossiers/{dossier.pk}/")
    with pytest.raises(DatabaseError), transaction.atomic():
        DossierInzage.objects.update(username="iemand-anders")
    assert DossierInzage.objects.get().username == "cm-werk"


def test_the_database_refuses_to_delete_a_logged_read(casemanager, dossier, login):
    login(casemanager).get(f"/dossiers/{dossier.pk}/")
    with pytest.raises(DatabaseError), transaction.atomic():
        DossierInzage.objects.all().delete()
    assert DossierInzage.objects.count() == 1


def test_the_dpo_page_is_a_404_for_anyone_but_an_admin(casemanager, login):
    assert login(casemanager).get("/audit/").status_code == 404


def test_the_dpo_page_answers_who_viewed_a_participant_between_two_dates(
    casemanager, dossier, gtb, login
):
    collega = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="collega-buiten-periode")
    with time_machine.travel(datetime(2025, 3, 10, 9, 0, tzinfo=UTC)):
        login(casemanager).get(f"/dossiers/{dossier.pk}/")
    with time_machine.travel(datetime(2025, 4, 10, 9, 0, tzinfo=UTC)):
        login(collega).get(f"/dossiers/{dossier.pk}/")
    admin = f.gebruiker(Rol.ADMIN, username="dpo")
    r = login(admin).get(
        "/audit/", {"deelnemer": dossier.pk, "van": "2025-03-01", "tot": "2025-03-31"}
    )
    assert r.status_code == 200
    assert [i.username for i in r.context["inzages"]] == ["cm-werk"]
    assert r["Cache-Control"] == "no-store"


def test_the_access_list_comes_from_the_active_role_assignments(casemanager, gtb, login):
    f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, username="vertrokken", is_active=False)
    admin = f.gebruiker(Rol.ADMIN, username="dpo")
    toegang = login(admin).get("/audit/").context["toegang"]
    per_rol = {(t.rol, t.organisatie): t.gebruikers for t in toegang}
    cm = per_rol[(Rol.CASEMANAGER_WERK.label, "GTB Kempen")]
    assert any("cm-werk" in g for g in cm)
    assert not any("vertrokken" in g for t in toegang for g in t.gebruikers)
    assert (Rol.ADMIN.label, "—") in per_rol


def test_a_whole_database_flush_still_works_and_the_delete_window_closes_after(
    casemanager, dossier, login
):
    from django.core.management import call_command
    from django.db import connection

    login(casemanager).get(f"/dossiers/{dossier.pk}/")
    if connection.vendor == "sqlite":
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    else:
        # What flush runs on PostgreSQL (the whole flush cannot run inside the test's
        # transaction there): TRUNCATE, which row triggers do not see.
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_dossierinzage")
    assert not DossierInzage.objects.exists()
    DossierInzage.objects.create(deelnemer_id="D1", kanaal="ui")
    with pytest.raises(DatabaseError), transaction.atomic():
        DossierInzage.objects.all().delete()
    assert DossierInzage.objects.count() == 1


# --- the admin site -------------------------------------------------------------------------


@pytest.fixture
def beheerder(login):
    from tests.mfa import zo_nodig_totp

    admin = zo_nodig_totp(
        f.gebruiker(Rol.ADMIN, username="beheer", is_staff=True, is_superuser=True)
    )
    return login(admin)


def _gelogd(r) -> list[tuple[str, str]]:
    return list(
        DossierInzage.objects.filter(request_id=r["X-Request-ID"]).values_list(
            "deelnemer_id", "kanaal"
        )
    )


def test_the_admin_change_page_of_a_participant_is_a_logged_read(beheerder, dossier):
    r = beheerder.get(f"/admin/deelnemers/deelnemer/{dossier.pk}/change/")
    assert r.status_code == 200
    assert _gelogd(r) == [(dossier.pk, "ui")]


def test_the_admin_participant_search_logs_the_participants_it_shows(beheerder, dossier):
    ander = f.deelnemer(achternaam="Onvindbaar")
    r = beheerder.get("/admin/deelnemers/deelnemer/", {"q": dossier.achternaam})
    assert r.status_code == 200
    gelogd = {d for d, _k in _gelogd(r)}
    assert dossier.pk in gelogd and ander.pk not in gelogd


def test_the_admin_change_page_of_a_ladder_placement_logs_its_participant(beheerder, dossier):
    from ladder.models import Ladderplaatsing, Werkvorm

    plaatsing = Ladderplaatsing.objects.create(
        id="LP-ADMIN",
        deelnemer=dossier,
        werkvorm=Werkvorm.objects.filter(geldig_tot__isnull=True).first(),
        provincie_id=dossier.provincie_id,
        start=date(2025, 1, 1),
    )
    r = beheerder.get(f"/admin/ladder/ladderplaatsing/{plaatsing.pk}/change/")
    assert r.status_code == 200
    assert _gelogd(r) == [(dossier.pk, "ui")]
    r = beheerder.get("/admin/ladder/ladderplaatsing/")
    assert (dossier.pk, "ui") in _gelogd(r)


def test_a_route_that_names_a_trajectory_logs_its_participant_once(casemanager, dossier, login):
    from trajectories.models import Activeringstraject

    traject = Activeringstraject.objects.get(deelnemer=dossier)
    c = login(casemanager)
    for url in (
        f"/trajecten/activering/{traject.pk}/",
        f"/trajecten/activering/{traject.pk}/plan/",
    ):
        r = c.get(url, headers={"HX-Request": "true"})
        assert r.status_code == 200, url
        assert _gelogd(r) == [(dossier.pk, "ui")], url
    r = login(casemanager).get(f"/api/v1/activeringstrajecten/{traject.pk}")
    assert r.status_code == 200
    assert _gelogd(r) == [(dossier.pk, "api")]


def test_a_new_view_is_logged_by_its_declaration_alone(casemanager, dossier, rf):
    """A view of a new app logs nothing itself: its `toegang` declaration does, for a page
    (200, or 400: a form shown again), not for a redirect; a class-based view alike."""
    from django.http import HttpResponse, HttpResponseRedirect
    from django.views import View

    from accounts import permissions as p

    @p.toegang(p.DOSSIER_ROLLEN, dossier={"pk": p.DEELNEMER})
    def pagina(request, pk):
        return HttpResponse("ok", status=int(request.GET.get("status", 200)))

    @p.toegang(p.DOSSIER_ROLLEN, dossier={"pk": p.DEELNEMER})
    def doorsturen(request, pk):
        return HttpResponseRedirect("/")

    @p.toegang(p.DOSSIER_ROLLEN, dossier={"traject_id": p.ACTIVERINGSTRAJECT})
    class Traject(View):
        def get(self, request, traject_id):
            return HttpResponse("ok")

    def verzoek(pad="/x/"):
        request = rf.get(pad)
        request.user = casemanager
        request.request_id = "r-" + pad.strip("/").replace("/", "-").replace("?", "-")
        return request

    pagina(verzoek(), pk=dossier.pk)
    pagina(verzoek("/x/?status=400"), pk=dossier.pk)
    pagina(verzoek("/x/?status=500"), pk=dossier.pk)
    doorsturen(verzoek("/y/"), pk=dossier.pk)
    traject = dossier.activeringstrajecten.get()
    Traject.as_view()(verzoek("/z/"), traject_id=traject.pk)
    assert sorted(DossierInzage.objects.values_list("request_id", "deelnemer_id")) == [
        ("r-x", dossier.pk),
        ("r-x--status=400", dossier.pk),
        ("r-z", dossier.pk),
    ]


def test_a_large_read_is_logged_once_per_dossier_with_the_time_of_the_request(casemanager):
    from types import SimpleNamespace

    from audit.log import log_dossier_inzage

    verzoek = SimpleNamespace(user=casemanager, request_id="r1", path="/export/")
    ids = [f"D{i:07d}" for i in range(2_345)]  # more than one INSERT's worth
    with time_machine.travel(datetime(2026, 3, 2, 9, 30, tzinfo=UTC), tick=False):
        log_dossier_inzage(verzoek, [*ids, ids[0], ids[-1]], "export")
        log_dossier_inzage(verzoek, ids[:10], "export")  # already logged for this request
    rijen = DossierInzage.objects.values_list("deelnemer_id", "kanaal", "request_id", "tijdstip")
    assert sorted(r[0] for r in rijen) == ids
    assert {r[1:] for r in rijen} == {("export", "r1", datetime(2026, 3, 2, 9, 30, tzinfo=UTC))}
    assert set(DossierInzage.objects.values_list("user_id", "username", "organisatie_id")) == {
        (casemanager.pk, "cm-werk", casemanager.organisatie_id)
    }
