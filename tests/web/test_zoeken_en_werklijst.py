"""Search by name/INSZ/id, the search token (no personal data in URLs), the worklist's pages
and filters, and each role's home."""

from datetime import date, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from accounts.models import Rol
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(gtb):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, gtb)
    ozturk = f.deelnemer(voornaam="Ayşe", achternaam="Öztürk", insz="84062282233")
    aydin = f.deelnemer(voornaam="Benoît", achternaam="Aydın")
    peeters = f.deelnemer(voornaam="Jan", achternaam="De Smet")
    t = f.activeringstraject(ozturk, werk=gtb)
    for d in (aydin, peeters):
        f.activeringstraject(d, werk=gtb)
    buiten = f.deelnemer(voornaam="Ayşe", achternaam="Öztürk-Buiten")
    return {"user": user, "ozturk": ozturk, "aydin": aydin, "smet": peeters, "t": t, "b": buiten}


def _zoek(c, term: str) -> list[str]:
    r = c.post("/dossiers/", {"q": term})
    assert r.status_code == 302 and "?z=" in r["Location"]
    page = c.get(r["Location"])
    return [rij.deelnemer.pk for rij in page.context["rijen"]]


@pytest.mark.parametrize(
    ("term", "wie"),
    [
        ("ozturk", "ozturk"),
        ("OZTÜRK ayse", "ozturk"),
        ("Aydin", "aydin"),
        ("benoit", "aydin"),
        ("de smet", "smet"),
        ("84.06.22-822.33", "ozturk"),
        ("840622", "ozturk"),
        ("84 06 22", "ozturk"),
    ],
)
def test_it_finds_a_participant_by_name_without_accents_or_by_insz_prefix(wereld, login, term, wie):
    assert _zoek(login(wereld["user"]), term) == [wereld[wie].pk]


def test_it_finds_a_participant_by_dossier_or_trajectory_id(wereld, login):
    c = login(wereld["user"])
    assert _zoek(c, wereld["ozturk"].pk.lower()) == [wereld["ozturk"].pk]
    assert _zoek(c, wereld["t"].pk) == [wereld["ozturk"].pk]


def test_it_never_finds_a_participant_outside_the_scope(wereld, login):
    assert wereld["b"].pk not in _zoek(login(wereld["user"]), "Öztürk")


def test_the_search_term_never_reaches_a_url(wereld, login):
    c = login(wereld["user"])
    r = c.post("/dossiers/", {"q": "Öztürk", "sorteer": "-naam"})
    assert "zt" not in r["Location"] and "sorteer" not in r["Location"]
    page = c.get(r["Location"])
    assert 'value="Öztürk"' in page.text  # the form repeats it, in the page body
    # An old bookmark with ?q= is moved into the session at once.
    oud = c.get("/dossiers/", {"q": "Öztürk"})
    assert oud.status_code == 302 and "zt" not in oud["Location"]


def test_a_token_of_another_session_shows_the_unfiltered_list(wereld, login):
    r = login(wereld["user"]).post("/dossiers/", {"q": "Aydin"})
    ander = login(wereld["user"]).get(r["Location"])
    assert len(ander.context["rijen"]) == 3


def test_a_coordinator_lands_on_the_dashboard_and_a_casemanager_on_the_caseload(gtb, login):
    coordinator = login(f.gebruiker(Rol.COORDINATOR))
    assert coordinator.get("/")["Location"] == "/rapportering/dashboard/"
    cm = login(f.gebruiker(Rol.CASEMANAGER_WERK, gtb))
    assert cm.get("/")["Location"] == "/dossiers/"


def test_the_api_searches_with_the_term_in_a_header(wereld):
    api = APIClient()
    api.force_login(wereld["user"])
    r = api.get("/api/v1/deelnemers", HTTP_X_WERKZORG_ZOEK="Öztürk".encode().decode("latin-1"))
    assert [d["id"] for d in r.json()["results"]] == [wereld["ozturk"].pk]
    r = api.get("/api/v1/deelnemers", HTTP_X_WERKZORG_ZOEK="840622")
    assert [d["id"] for d in r.json()["results"]] == [wereld["ozturk"].pk]


@time_machine.travel(date(2026, 3, 2))
def test_the_worklist_pages_filters_and_links_to_each_trajectory(gtb, login):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, gtb)
    wachtend = [
        f.activeringstraject(
            f.deelnemer(regio="kempen" if i % 2 else "noord-limburg"),
            werk=gtb,
            geinitieerd_op=date(2025, 11, 1) + timedelta(days=i),
        )
        for i in range(60)
    ]
    c = login(user)
    eerste = c.get("/aandacht/", {"categorie": "eerste-gesprek"})
    items = list(eerste.context["pagina"].object_list)
    assert eerste.context["pagina"].paginator.count == 60 and len(items) == 50
    # Most urgent first: the longest waiting.
    assert [s.traject_id for s in items[:2]] == [wachtend[0].pk, wachtend[1].pk]
    assert f'href="/trajecten/activering/{wachtend[0].pk}/"' in eerste.text
    tweede = c.get("/aandacht/", {"categorie": "eerste-gesprek", "pagina": 2})
    assert len(tweede.context["pagina"].object_list) == 10
    kempen = c.get("/aandacht/", {"categorie": "eerste-gesprek", "regio": "kempen"})
    assert kempen.context["pagina"].paginator.count == 30
    assert c.get("/aandacht/", {"categorie": "ama-wvg"}).context["pagina"].paginator.count == 0
