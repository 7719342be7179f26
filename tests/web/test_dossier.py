"""The dossier page, the Zorg compartment, registration and the optimistic lock."""

from datetime import date

import pytest
import time_machine

from accounts.models import Rol
from deelnemers.models import Deelnemer, Registratie, ZorgNotitie
from tests import factories as f
from trajectories import rules
from trajectories.models import TrajectEvent

pytestmark = pytest.mark.django_db

GEHEIM = "Diagnose: geheime zorginhoud"


@pytest.fixture
def traject(gtb, zorgorg):
    d = f.deelnemer()
    return f.activeringstraject(
        d, werk=gtb, zorg=zorgorg, aanvaard_op=date(2025, 1, 20), bezig_op=date(2025, 2, 3)
    )


@pytest.fixture
def notitie(traject):
    return ZorgNotitie.objects.create(traject=traject, soort="diagnose", tekst=GEHEIM)


def test_it_sends_no_store_on_dossier_pages(traject, gtb, login):
    r = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)).get(
        f"/dossiers/{traject.deelnemer_id}/"
    )
    assert "no-store" in r["Cache-Control"]


def test_it_shows_milestones_with_who_and_when_on_the_timeline(traject, gtb, login):
    door = f.gebruiker(
        Rol.CASEMANAGER_WERK, organisatie=gtb, first_name="Ilse", last_name="Peeters"
    )
    TrajectEvent.objects.create(
        soort="activering",
        traject_id=traject.pk,
        deelnemer=traject.deelnemer,
        actie="aanvaarden",
        van_status="geinitieerd",
        naar_status="aanvaard",
        door=door,
    )
    html = login(door).get(f"/dossiers/{traject.deelnemer_id}/").content.decode()
    assert "20/01/2025" in html  # the milestone date in nl-BE format
    assert "Ilse Peeters" in html
    assert "3/02/2025" in html


def test_it_shows_zorg_notes_only_to_the_casemanager_zorg(notitie, gtb, zorgorg, login):
    url = f"/dossiers/{notitie.traject.deelnemer_id}/"
    zorg = login(f.gebruiker(Rol.CASEMANAGER_ZORG, organisatie=zorgorg)).get(url).content.decode()
    werk = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)).get(url).content.decode()
    admin = login(f.gebruiker(Rol.ADMIN)).get(url).content.decode()
    assert GEHEIM in zorg
    assert GEHEIM not in werk and "Er is 1 zorgnotitie" in werk
    assert GEHEIM not in admin and "zorgnotitie" not in admin


def test_it_lets_the_casemanager_zorg_add_a_note_and_refuses_the_werk_side(
    traject, gtb, zorgorg, login
):
    url = f"/dossiers/{traject.deelnemer_id}/zorgnotities/"
    data = {"traject": traject.pk, "soort": "therapie", "tekst": "Wekelijks gesprek"}
    zorg = f.gebruiker(Rol.CASEMANAGER_ZORG, organisatie=zorgorg)
    assert login(zorg).post(url, data).status_code == 302
    assert ZorgNotitie.objects.get().door == zorg
    assert (
        login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)).post(url, data).status_code == 404
    )
    assert ZorgNotitie.objects.count() == 1


REGISTRATIE = {
    "insz": "",
    "voornaam": "An",
    "achternaam": "Janssens",
    "geboortedatum": "1/03/1990",
    "provincie": "antwerpen",
    "regio": "kempen",
    "werkzoekend_sinds": "",
}


def _insz(eerste9: str) -> str:
    """A valid INSZ (born before 2000): check digits 97 - (number mod 97)."""
    return f"{eerste9}{97 - int(eerste9) % 97:02d}"


def test_it_registers_a_participant_that_the_organisation_then_sees(gtb, login):
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    r = c.post("/dossiers/nieuw/", {**REGISTRATIE, "insz": _insz("900301123")})
    d = Deelnemer.objects.get(achternaam="Janssens")
    assert r.status_code == 302 and r["Location"] == f"/dossiers/{d.pk}/"
    assert d.geboortedatum == date(1990, 3, 1)
    assert Registratie.objects.get(deelnemer=d).organisatie == gtb
    assert c.get(f"/dossiers/{d.pk}/").status_code == 200


def test_it_refuses_an_invalid_insz(gtb, login):
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    r = c.post("/dossiers/nieuw/", {**REGISTRATIE, "insz": "12345678901"})
    assert r.status_code == 200 and "geen geldig INSZ" in r.content.decode()
    assert not Deelnemer.objects.exists()


def test_it_warns_on_a_likely_duplicate_and_registers_after_confirmation(gtb, login):
    from deelnemers.models import Registratie

    bestaand = f.deelnemer(voornaam="An", achternaam="Janssens", geboortedatum=date(1990, 3, 1))
    # In the user's scope: the warning only considers dossiers the user may open (decision 186).
    Registratie.objects.create(deelnemer=bestaand, organisatie=gtb)
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    r = c.post("/dossiers/nieuw/", REGISTRATIE)
    assert r.status_code == 200 and "dezelfde naam en geboortedatum" in r.content.decode()
    assert Deelnemer.objects.count() == 1
    r = c.post("/dossiers/nieuw/", {**REGISTRATIE, "bevestig_nieuw": "on"})
    assert r.status_code == 302 and Deelnemer.objects.count() == 2


def test_it_does_not_let_a_coordinator_register(login):
    c = login(f.gebruiker(Rol.COORDINATOR))
    assert c.get("/dossiers/nieuw/").status_code == 404


def _kenmerken(d, **wijziging):
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


def test_it_never_silently_overwrites_a_concurrent_edit(traject, gtb, login):
    d = traject.deelnemer
    eerste = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    tweede = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    url = f"/dossiers/{d.pk}/kenmerken/"
    # Both open the form at the same version.
    assert eerste.get(url).status_code == 200 and tweede.get(url).status_code == 200
    assert eerste.post(url, _kenmerken(d, voornaam="Eerste")).status_code == 302
    r = tweede.post(url, _kenmerken(d, voornaam="Tweede", kortgeschoold="on"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Iemand anders heeft dit dossier intussen gewijzigd" in html
    assert 'value="Tweede"' in html  # the user's input is kept
    d.refresh_from_db()
    assert d.voornaam == "Eerste" and d.kortgeschoold is False and d.versie == 2


@time_machine.travel(date(2026, 3, 1))
def test_it_flags_an_overdue_trajectory_in_the_caseload_and_the_worklist(gtb, login):
    d = f.deelnemer()
    f.activeringstraject(
        d,
        werk=gtb,
        geinitieerd_op=date(2024, 1, 2),
        aanvaard_op=date(2024, 1, 10),
        bezig_op=date(2024, 2, 1),
    )
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    assert d.achternaam in c.get("/dossiers/?overdue=ja").content.decode()
    assert d.achternaam not in c.get("/dossiers/?overdue=nee").content.decode()
    aandacht = c.get("/aandacht/").content.decode()
    assert d.achternaam in aandacht and "1/08/2025" in aandacht  # bezig_op + 18 months


@time_machine.travel(date(2025, 8, 31))
def test_the_overdue_filter_follows_the_end_date_rule_at_a_month_end(gtb, login):
    # Bezig 29/02/2024: the term ends 29/08/2025 (bezig_op + 18 months), so on 31/08 it is over.
    d = f.deelnemer()
    t = f.activeringstraject(
        d,
        werk=gtb,
        geinitieerd_op=date(2024, 2, 1),
        aanvaard_op=date(2024, 2, 10),
        bezig_op=date(2024, 2, 29),
    )
    assert rules.activering_is_overdue(t, date(2025, 8, 31))
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    assert d.achternaam in c.get("/dossiers/?overdue=ja").content.decode()
    assert d.achternaam not in c.get("/dossiers/?overdue=nee").content.decode()
    assert d.achternaam in c.get("/dossiers/?status=bezig").content.decode()
    assert d.achternaam not in c.get("/dossiers/?status=aanvaard").content.decode()
