"""Search by name/INSZ/id, the search token (no personal data in URLs), the worklist's pages
and filters, and each role's home."""

from datetime import date, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import time_machine
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Rol
from tests import factories as f

pytestmark = pytest.mark.django_db


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
    assert wereld["buiten"].pk not in _zoek(login(wereld["user"]), "Öztürk")


def test_the_search_term_never_reaches_a_url(wereld, login):
    c = login(wereld["user"])
    r = c.post("/dossiers/", {"q": "Öztürk", "sorteer": "-naam"})
    # Only the random token (which may hold any letters, "zt" too) is in the URL.
    assert _alleen_token(r["Location"])
    page = c.get(r["Location"])
    assert 'value="Öztürk"' in page.text  # the form repeats it, in the page body
    # An old bookmark with ?q= is moved into the session at once.
    oud = c.get("/dossiers/", {"q": "Öztürk"})
    assert oud.status_code == 302 and _alleen_token(oud["Location"])


def _alleen_token(url: str) -> bool:
    """`url` is the caseload with the parameter `z` only, and names no part of the term."""
    delen = urlsplit(url)
    tekst = unquote(url).lower()
    return (
        delen.path == "/dossiers/"
        and list(parse_qs(delen.query)) == ["z"]
        and "öztürk" not in tekst
        and "ozturk" not in tekst
    )


def test_a_token_of_another_session_shows_the_unfiltered_list(wereld, login):
    r = login(wereld["user"]).post("/dossiers/", {"q": "Aydin"})
    ander = login(wereld["user"]).get(r["Location"])
    assert len(ander.context["rijen"]) == 3


def test_a_coordinator_lands_on_the_dashboard_and_a_casemanager_on_the_caseload(gtb, login):
    coordinator = login(f.gebruiker(Rol.COORDINATOR))
    assert coordinator.get("/")["Location"] == "/rapportering/dashboard/"
    cm = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
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
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
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


def test_the_api_schema_documents_the_search_header_on_the_participant_list():
    from drf_spectacular.generators import SchemaGenerator

    from api.filters import ZOEK_HEADER

    schema = SchemaGenerator().get_schema(request=None, public=True)
    lijst = schema["paths"]["/api/v1/deelnemers"]["get"]["parameters"]
    headers = [p for p in lijst if p["in"] == "header"]
    assert [p["name"] for p in headers] == [ZOEK_HEADER]
    assert headers[0]["schema"]["type"] == "string" and not headers[0].get("required")
    # Only the list searches: the detail has no such header.
    detail = schema["paths"]["/api/v1/deelnemers/{id}"]["get"].get("parameters", [])
    assert ZOEK_HEADER not in [p["name"] for p in detail]


@time_machine.travel(date(2026, 3, 2))
def test_the_worklist_pages_and_counts_from_the_database_equal_the_full_list(gtb):
    from deelnemers.worklist import CATEGORIEEN, Werklijst, _urgentie, aandacht_voor
    from trajectories.models import AmaSeMoment

    op = date(2026, 3, 2)
    admin = f.gebruiker(Rol.ADMIN)
    bezig = {"aanvaard_op": date(2024, 8, 5), "bezig_op": date(2024, 10, 1)}
    for _i in range(3):  # end within 2 months; the same end date: ties broken by id
        f.activeringstraject(f.deelnemer(), werk=gtb, geinitieerd_op=date(2024, 8, 1), **bezig)
    f.activeringstraject(  # overdue
        f.deelnemer(),
        werk=gtb,
        geinitieerd_op=date(2024, 1, 1),
        aanvaard_op=date(2024, 1, 2),
        bezig_op=date(2024, 1, 3),
    )
    f.activeringstraject(  # closed after `op`: still running on `op`
        f.deelnemer(),
        werk=gtb,
        geinitieerd_op=date(2024, 8, 1),
        afgesloten_op=date(2026, 3, 20),
        eindadvies_id="REC",
        **bezig,
    )
    for dag in (5, 5, 9):  # waiting for a first interview
        f.activeringstraject(f.deelnemer(), werk=gtb, geinitieerd_op=date(2026, 1, dag))
    f.activeringstraject(  # closed: measurements missing
        f.deelnemer(),
        werk=gtb,
        geinitieerd_op=date(2024, 6, 1),
        aanvaard_op=date(2024, 6, 2),
        bezig_op=date(2024, 6, 3),
        afgesloten_op=date(2025, 8, 1),
        eindadvies_id="REC",
    )
    org = f.organisatie("maatwerkbedrijf")
    # Follow-up and yearly decision due on the same day (1/04/2026): both reasons listed.
    f.ama_se(f.deelnemer(), begeleider=org, gematcht_op=date(2025, 3, 1))
    laat = f.ama_se(f.deelnemer(), begeleider=org, gematcht_op=date(2025, 6, 1))
    AmaSeMoment.objects.create(traject=laat, soort="opvolging", datum=date(2025, 7, 1))
    caw = f.organisatie("caw")
    f.wvg(f.deelnemer(), begeleider=caw, start=date(2024, 12, 1))
    f.wvg(f.deelnemer(), begeleider=caw, start=date(2025, 3, 20))

    def sleutel(s):
        return (s.categorie, s.traject_id, s.datum, s.te_laat, str(s.omschrijving))

    volledig = aandacht_voor(admin, op=op, namen=False)
    assert all(volledig.values()), {k: len(v) for k, v in volledig.items()}
    alle = sorted((s for v in volledig.values() for s in v), key=_urgentie)
    for categorie, verwacht in [("", alle), *((k, volledig[k]) for k in CATEGORIEEN)]:
        werklijst = Werklijst(admin, op=op, categorie=categorie)
        assert werklijst.tellingen == {k: len(v) for k, v in volledig.items()}
        assert werklijst.count() == len(verwacht)
        # Paged by 2, as the Paginator slices it.
        gepagineerd = [s for i in range(0, len(verwacht), 2) for s in werklijst[i : i + 2]]
        assert [sleutel(s) for s in gepagineerd] == [sleutel(s) for s in verwacht]


def test_a_search_by_name_counts_and_pages_every_match_in_one_statement(gtb, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from deelnemers.zoeken import zoekt_op_naam

    assert zoekt_op_naam("De Smet") and zoekt_op_naam("jan 2") and not zoekt_op_naam("840622")
    assert not zoekt_op_naam("D0001") and not zoekt_op_naam("")
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    namen = [f.deelnemer(voornaam=f"Jan{i:02d}", achternaam="Peeters") for i in range(30)]
    for d in namen:
        f.activeringstraject(d, werk=gtb)
    f.activeringstraject(f.deelnemer(voornaam="Els", achternaam="Maes"), werk=gtb)
    c = login(user)
    adres = c.post("/dossiers/", {"q": "peeters"})["Location"]
    with CaptureQueriesContext(connection) as ctx:
        eerste = c.get(adres)
    tweede = c.get(adres + "&pagina=2")
    assert eerste.context["pagina"].paginator.count == tweede.context["pagina"].paginator.count
    assert eerste.context["pagina"].paginator.count == 30
    gezien = [r.deelnemer.pk for p in (eerste, tweede) for r in p.context["rijen"]]
    assert sorted(gezien) == sorted(d.pk for d in namen)
    from deelnemers.views import TELLING_MAX

    # The capped count of the list without a term is not sent for a search by name.
    assert not [q for q in ctx.captured_queries if f"LIMIT {TELLING_MAX + 1}" in q["sql"]]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the stored search column is PostgreSQL's (migration 0008); SQLite searches by function",
)
def test_the_stored_search_column_is_the_normalised_name_after_every_write(gtb):
    from deelnemers.models import Deelnemer
    from deelnemers.zoeken import Zoeknaam, normaliseer, zoek

    d = f.deelnemer(voornaam="Ayşe", achternaam="Öztürk-Çelik")

    def kolom():
        with connection.cursor() as c:
            c.execute("SELECT zoeknaam FROM deelnemers_deelnemer WHERE id = %s", [d.pk])
            return c.fetchone()[0]

    assert kolom() == normaliseer("Öztürk-Çelik Ayşe") == "ozturk-celik ayse"
    # A write that bypasses the model (as the import's COPY and a bulk UPDATE do).
    Deelnemer.objects.filter(pk=d.pk).update(achternaam="Ñúñez")
    assert kolom() == "nunez ayse"
    assert list(zoek(Deelnemer.objects.all(), "NUÑEZ").values_list("pk", flat=True)) == [d.pk]
    # The query reads the column, not the expression.
    sql, _params = (
        Deelnemer.objects.alias(z=Zoeknaam()).filter(z__contains="x").query.sql_with_params()
    )
    assert '"deelnemers_deelnemer"."zoeknaam"' in sql and "translate(" not in sql
