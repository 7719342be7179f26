"""Need-to-know: every page and API route of the netwerk app, with three personas — the
organisation that holds the actie, a colleague organisation of the same network, and an
outsider (a network partner elsewhere)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Rol, Roltoewijzing, User
from api.tokens import issue_token
from audit.models import DossierInzage
from deelnemers.models import ZorgNotitie
from deelnemers.selectors import visible_to
from netwerk import services
from tests.netwerk.conftest import INSZ


def _status(netwerk, naam, url, methode="get", **data):
    return getattr(netwerk.client(naam), methode)(url, data).status_code


def test_a_dienstverlener_opens_only_trajectories_where_its_organisation_has_an_actie(netwerk):
    url = reverse("netwerk:traject", args=[netwerk.at2.pk])  # only the CGG has an actie there
    assert _status(netwerk, "dv-zorg", url) == 200
    assert _status(netwerk, "dv-werk", url) == 404
    assert _status(netwerk, "buiten", url) == 404


def test_each_actie_route_answers_only_the_organisation_that_holds_the_actie(netwerk):
    a = netwerk.werkactie.pk
    for naam in ("actie_aanvaard", "actie_weiger", "actie_toewijzen", "actie_start"):
        url = reverse(f"netwerk:{naam}", args=[a])
        assert _status(netwerk, "dv-zorg", url, "post") == 404, naam
        assert _status(netwerk, "buiten", url, "post") == 404, naam
    for naam in ("actie_afronden", "actie_voortgang"):
        url = reverse(f"netwerk:{naam}", args=[a])
        assert _status(netwerk, "dv-zorg", url, "post") == 404, naam
        assert _status(netwerk, "buiten", url, "post") == 404, naam
    r = netwerk.client("dv-werk").post(reverse("netwerk:actie_aanvaard", args=[a]))
    assert r.status_code == 302
    assert netwerk.werkactie.opdracht.__class__.objects.get(pk=a).status == "aanvaard"


def test_stage_pages_answer_only_the_dienstverlener_werk_of_the_actie(netwerk):
    services.aanvaard_actie(door=netwerk.users["dv-werk"], actie_id=netwerk.werkactie.pk)
    url = reverse("netwerk:stage_nieuw", args=[netwerk.werkactie.pk])
    assert _status(netwerk, "dv-werk", url) == 200
    assert _status(netwerk, "dv-zorg", url) == 404  # a dienstverlener zorg registers no stage
    assert _status(netwerk, "buiten", url) == 404
    stage = services.registreer_stage(
        door=netwerk.users["dv-werk"],
        actie_id=netwerk.werkactie.pk,
        werkplek="Magazijn",
        werkgever="Logistiek NV",
        start=date(2026, 3, 2),
        einde=date(2026, 6, 30),
    )
    # A dienstverlener werk of a colleague organisation in the same network.
    ander = User.objects.create_user(username="dv-werk-cgg", organisatie=netwerk.orgs["cgg"])
    Roltoewijzing.objects.create(user=ander, rol=Rol.DIENSTVERLENER_WERK)
    netwerk.users["dv-werk-cgg"] = ander
    verslag = reverse("netwerk:stageverslag", args=[stage.pk])
    assert _status(netwerk, "dv-werk", verslag) == 200
    assert _status(netwerk, "dv-werk-cgg", verslag) == 404
    assert _status(netwerk, "buiten", verslag) == 404


def test_the_worklist_and_the_notifications_show_only_the_own_organisations_acties(netwerk):
    for naam, ziet in (("dv-werk", True), ("dv-zorg", False), ("buiten", False)):
        lijst = netwerk.client(naam).get(reverse("netwerk:acties"))
        assert lijst.status_code == 200
        assert (netwerk.werkactie in lijst.context["nieuw"]) is ziet, naam
        meldingen = netwerk.client(naam).get(reverse("netwerk:meldingen"))
        assert (
            any(m.actie_id == netwerk.werkactie.pk for m in meldingen.context["meldingen"]) is ziet
        )


def test_the_regular_dossier_pages_stay_closed_to_a_dienstverlener(netwerk):
    dv = netwerk.users["dv-werk"]
    assert not visible_to(dv).exists()
    for url in (
        reverse("deelnemers:dossier", args=[netwerk.at1.deelnemer_id]),
        reverse("trajecten:activering_detail", args=[netwerk.at1.pk]),
    ):
        assert _status(netwerk, "dv-werk", url) == 404


def test_the_dienstverlener_page_masks_the_insz_and_never_shows_the_zorg_compartment(netwerk):
    ZorgNotitie.objects.create(
        traject=netwerk.at1, soort="diagnose", tekst="Geheime-diagnose-tekst", door=None
    )
    page = netwerk.client("dv-werk").get(reverse("netwerk:traject", args=[netwerk.at1.pk]))
    assert page.status_code == 200
    assert INSZ not in page.text
    assert INSZ[-2:] in page.context["insz"]
    assert "Geheime-diagnose-tekst" not in page.text
    # Its own acties only: the zorgactie of the CGG in the same trajectory is not listed.
    assert [a.pk for a in page.context["acties"]] == [netwerk.werkactie.pk]
    assert "Lotte" in page.text


def test_every_page_that_shows_a_participant_logs_the_read(netwerk):
    voor = DossierInzage.objects.filter(deelnemer_id=netwerk.at1.deelnemer_id).count()
    netwerk.client("dv-werk").get(reverse("netwerk:traject", args=[netwerk.at1.pk]))
    netwerk.client("dv-werk").get(reverse("netwerk:acties"))
    rijen = DossierInzage.objects.filter(deelnemer_id=netwerk.at1.deelnemer_id)
    assert rijen.count() == voor + 2
    assert set(rijen.values_list("username", flat=True)) == {"dv-werk"}


def test_a_partner_token_reads_and_changes_only_its_own_acties(netwerk):
    def token(org):
        _t, key = issue_token(
            organisatie=org, name="systeem", rollen=[Rol.DIENSTVERLENER_WERK], created_by=None
        )
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return c

    eigen, collega, buiten = (token(netwerk.orgs[k]) for k in ("werk", "cgg", "buiten"))
    pad = f"/api/v1/netwerk/acties/{netwerk.werkactie.pk}"
    assert [a["id"] for a in eigen.get("/api/v1/netwerk/acties").json()["results"]] == [
        netwerk.werkactie.pk
    ]
    assert eigen.get(pad).status_code == 200
    assert collega.get(pad).status_code == 404
    assert buiten.get(pad).status_code == 404
    assert collega.post(f"{pad}/aanvaarden", {}, format="json").status_code == 404
    r = eigen.post(f"{pad}/aanvaarden", {}, format="json")
    assert r.status_code == 200
    assert r.json()["opdracht"] == "aanvaard"
    assert DossierInzage.objects.filter(kanaal="api", deelnemer_id="ND1").exists()


def test_the_steering_page_is_the_netwerkcoordinators_of_the_network(netwerk):
    url = reverse("netwerk:sturing")
    eigen = netwerk.client("nc").get(url)
    assert eigen.status_code == 200
    assert {r["dienstverlener_id"] for r in eigen.context["rijen"]} == {"N-JOB", "N-CGG"}
    ander = netwerk.client("nc-ander").get(url)
    assert ander.status_code == 200
    assert ander.context["rijen"] == []
    assert _status(netwerk, "dv-werk", url) == 404
    assert _status(netwerk, "cm-werk", url) == 404
    drill = reverse("netwerk:sturing_acties") + "?soort=toegewezen&dienstverlener=N-JOB"
    assert [a.pk for a in netwerk.client("nc").get(drill).context["acties"]] == [
        netwerk.werkactie.pk
    ]
    assert netwerk.client("nc-ander").get(drill).context["acties"] == []


def test_a_form_never_redirects_to_an_url_from_the_request(netwerk):
    r = netwerk.client("dv-werk").post(
        reverse("netwerk:actie_aanvaard", args=[netwerk.werkactie.pk]),
        {"volgende": "https://voorbeeld.invalid/"},
    )
    assert r.status_code == 302
    assert r["Location"] == reverse("netwerk:traject", args=[netwerk.at1.pk])
