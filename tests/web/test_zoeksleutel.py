"""The search keys of a network's search by name (decision 548): the regions that cover a
network's scope (`selectors.scope_regios`), the keys the database's triggers keep on every
write (PostgreSQL), and the search through them, which finds what the search without them
finds and never a dossier outside the scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import Rol, Roltoewijzing
from bundle import schrijver as schrijver_module
from bundle.importer import import_bundle
from deelnemers import selectors, views, zoeken
from deelnemers.models import Deelnemer, Zoeksleutel
from deelnemers.tasks import herstel_zoeksleutels
from deelnemers.zoeken import normaliseer, sleutels_op_naam, zoek, zoeksleutel_afwijkingen
from dossier.samenvoegen import voeg_samen
from organisaties.models import Lidmaatschap
from tests import factories as f
from tests.bundle.builder import kleine_bundel, schrijf
from tests.support.massa import vul_deelnemers
from trajectories.models import Activeringstraject

pytestmark = pytest.mark.django_db

ANTWERPEN = ("kempen", "regio-antwerpen", "rivierenland")  # the network's regions (codes.md)
INDEX = "zoeksleutel_regios_naam"  # migration 0010


def sleutels() -> dict[str, tuple[str, str, str, list[str]]]:
    """Every search key: participant id -> (search name, surname, first name, regions)."""
    return {
        z.pk: (z.zoeknaam, z.achternaam, z.voornaam, z.regios) for z in Zoeksleutel.objects.all()
    }


def sleutel(d: Deelnemer, *regios: str) -> tuple[str, str, str, list[str]]:
    d.refresh_from_db()
    naam = normaliseer(f"{d.achternaam} {d.voornaam}")
    return (naam, d.achternaam, d.voornaam, list(regios))


# --- the regions that cover a scope -----------------------------------------------------------


def test_a_network_coordinators_scope_is_covered_by_its_networks_regions():
    via_toewijzing = f.gebruiker(Rol.NETWERKCOORDINATOR, netwerk="antwerpen")
    beperkt = f.gebruiker(Rol.NETWERKCOORDINATOR, netwerk="antwerpen", regios=["kempen"])
    org = f.organisatie("andere")
    Lidmaatschap.objects.create(
        organisatie=org, rol="netwerkcoordinator", netwerk_id="antwerpen", van=date(2020, 1, 1)
    )
    via_organisatie = f.gebruiker(Rol.NETWERKCOORDINATOR, organisatie=org)
    met_cijfers = f.gebruiker(Rol.NETWERKCOORDINATOR, netwerk="antwerpen")
    Roltoewijzing.objects.create(user=met_cijfers, rol=Rol.COORDINATOR)

    assert selectors.scope_regios(via_toewijzing) == ANTWERPEN
    assert selectors.scope_regios(via_organisatie) == ANTWERPEN
    assert selectors.scope_regios(met_cijfers) == ANTWERPEN
    assert selectors.scope_regios(beperkt) == ("kempen",)
    # That every dossier of such a scope has a trajectory in them: tests/web/test_scoping.py.


def test_no_other_scope_is_covered_by_regions(gtb):
    netwerk_en_casemanager = f.gebruiker(Rol.NETWERKCOORDINATOR, netwerk="antwerpen")
    Roltoewijzing.objects.create(user=netwerk_en_casemanager, rol=Rol.CASEMANAGER_WERK)
    for user in (
        f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, regios=["kempen"]),
        f.gebruiker(Rol.BEGELEIDER_AMA_SE, organisatie=gtb),
        f.gebruiker(Rol.ADMIN),
        f.gebruiker(Rol.NETWERKCOORDINATOR, netwerk="antwerpen", is_active=False),
        netwerk_en_casemanager,
    ):
        assert selectors.scope_regios(user) is None, user


# --- the keys the triggers keep ---------------------------------------------------------------


@pytest.mark.postgres
def test_every_write_of_a_participant_or_trajectory_keeps_its_key(gtb, andere_gtb):
    d = f.deelnemer(achternaam="Öztürk", voornaam="Ayşe", regio="kempen")
    assert sleutels() == {}  # no trajectory, no key

    t1 = f.activeringstraject(d, werk=gtb, regio="kempen")
    assert sleutels() == {d.pk: sleutel(d, "kempen")}

    t2 = f.activeringstraject(d, werk=andere_gtb, regio="regio-gent")
    assert sleutels() == {d.pk: sleutel(d, "kempen", "regio-gent")}

    Deelnemer.objects.filter(pk=d.pk).update(achternaam="Aydın")
    assert sleutels() == {d.pk: sleutel(d, "kempen", "regio-gent")}
    assert sleutels()[d.pk][:2] == ("aydin ayse", "Aydın")
    # The same search name, another spelling: the name for the order follows.
    Deelnemer.objects.filter(pk=d.pk).update(achternaam="Aydin")
    assert sleutels()[d.pk][:2] == ("aydin ayse", "Aydin")

    Activeringstraject.objects.filter(pk=t1.pk).update(regio_id="rivierenland")
    assert sleutels() == {d.pk: sleutel(d, "regio-gent", "rivierenland")}

    ander = f.deelnemer(achternaam="Peeters")
    Activeringstraject.objects.filter(pk=t2.pk).update(deelnemer=ander)
    assert sleutels() == {d.pk: sleutel(d, "rivierenland"), ander.pk: sleutel(ander, "regio-gent")}

    # A save that changes neither name nor region writes no key again (a row written again
    # gets a new place, `ctid`, even within one transaction).
    with connection.cursor() as c:
        c.execute("SELECT ctid::text FROM deelnemers_zoeksleutel WHERE id = %s", [d.pk])
        voor = c.fetchone()
        Deelnemer.objects.filter(pk=d.pk).update(werkzoekend_sinds=date(2024, 1, 1))
        Activeringstraject.objects.filter(pk=t1.pk).update(regio_id="rivierenland")
        c.execute("SELECT ctid::text FROM deelnemers_zoeksleutel WHERE id = %s", [d.pk])
        assert c.fetchone() == voor

    t1.delete()
    assert sleutels() == {ander.pk: sleutel(ander, "regio-gent")}
    with connection.cursor() as c:  # the participant first (its trajectory's key is deferred)
        c.execute("DELETE FROM deelnemers_deelnemer WHERE id = %s", [ander.pk])
        assert sleutels() == {}
        c.execute("DELETE FROM trajectories_activeringstraject WHERE id = %s", [t2.pk])
    assert sleutels() == {}
    assert zoeksleutel_afwijkingen() == 0


@pytest.mark.postgres
def test_a_merge_moves_the_duplicates_key_to_the_survivor(gtb):
    survivor = f.deelnemer(achternaam="Janssens", regio="kempen")
    dubbel = f.deelnemer(achternaam="Janssens", regio="kempen")
    f.activeringstraject(survivor, werk=gtb, regio="kempen")
    f.traject_afgesloten(
        deelnemer=dubbel, werk=gtb, regio="rivierenland", afgesloten_op=date(2025, 6, 1)
    )
    voeg_samen(door=f.gebruiker(Rol.ADMIN), survivor_id=survivor.pk, dubbel_id=dubbel.pk)
    assert sleutels() == {survivor.pk: sleutel(survivor, "kempen", "rivierenland")}
    assert zoeksleutel_afwijkingen() == 0


@pytest.mark.postgres
@pytest.mark.parametrize("drempel", [10**9, 1], ids=["rij-voor-rij", "bulk"])
def test_an_import_writes_the_keys_of_its_participants(tmp_path, monkeypatch, drempel):
    monkeypatch.setattr(schrijver_module, "BULK_DREMPEL", drempel)
    import_bundle(schrijf(kleine_bundel(), tmp_path / "bundel"))
    met_traject = Deelnemer.objects.filter(activeringstrajecten__isnull=False).distinct()
    assert met_traject.exists()
    assert set(sleutels()) == set(met_traject.values_list("pk", flat=True))
    assert zoeksleutel_afwijkingen() == 0
    with connection.cursor() as c:  # bulk mode built the keys' index again
        c.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'deelnemers_zoeksleutel'")
        assert {r[0] for r in c.fetchall()} == {"deelnemers_zoeksleutel_pkey", INDEX}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_emptying_the_tables_empties_the_keys(gtb):
    f.activeringstraject(f.deelnemer(), werk=gtb)
    assert sleutels()
    with connection.cursor() as c:
        c.execute("TRUNCATE trajectories_activeringstraject CASCADE")
    assert sleutels() == {}


@pytest.mark.postgres
def test_a_key_out_of_date_is_found_and_repaired(gtb):
    d = f.deelnemer(regio="kempen")
    f.activeringstraject(d, werk=gtb, regio="kempen")
    with connection.cursor() as c:
        c.execute("UPDATE deelnemers_zoeksleutel SET regios = '{regio-gent}'")
        c.execute(
            "INSERT INTO deelnemers_zoeksleutel (id, zoeknaam, achternaam, voornaam, regios) "
            "VALUES ('DX', 'x', 'X', '', '{kempen}')"
        )
    assert zoeksleutel_afwijkingen() == 2
    call_command("zoeksleutels", "--herstel")
    assert zoeksleutel_afwijkingen() == 0
    assert sleutels() == {d.pk: sleutel(d, "kempen")}


@pytest.mark.postgres
def test_the_nightly_task_repairs_the_keys_and_takes_no_arguments(gtb):
    from werkzorg.celery import app

    (schema,) = [
        s for s in app.conf.beat_schedule.values() if s["task"] == herstel_zoeksleutels.name
    ]
    assert not schema.get("args") and not schema.get("kwargs")
    d = f.deelnemer(regio="kempen")
    f.activeringstraject(d, werk=gtb, regio="kempen")
    assert herstel_zoeksleutels.delay().get() == 0
    with connection.cursor() as c:
        c.execute("DELETE FROM deelnemers_zoeksleutel")
    assert herstel_zoeksleutels.delay().get() == 1
    assert sleutels() == {d.pk: sleutel(d, "kempen")}


@pytest.mark.postgres
def test_a_bulk_delete_finds_the_keys_to_remove_by_index(gtb):
    """Deleting 25 000 trajectories, then 2 500 participants with theirs and 25 000 without,
    each in one statement: the keys that go are found by index. The former statement, planned
    for these rows, compared every key with every deleted row (PostgreSQL's statistics still
    counted the deleted trajectories) on a connection with PostgreSQL's own costs: 8 s for
    10 000 rows, minutes for 25 000 (decision 549); the time-out only catches that shape."""
    vul_deelnemers({gtb.pk: 30_000})
    with connection.cursor() as c:
        c.execute("ANALYZE deelnemers_zoeksleutel")
    assert Zoeksleutel.objects.count() == 30_000
    with connection.cursor() as c:
        c.execute("DISCARD PLANS")  # whatever this connection planned before: for these rows
        # As a connection with PostgreSQL's own costs (psql, a tool), not the application's.
        c.execute("SET LOCAL random_page_cost = 4")
        c.execute("SET LOCAL statement_timeout = '10s'")
        c.execute("DELETE FROM trajectories_activeringstraject WHERE id <= 'ATP0025000'")
        assert c.rowcount == 25_000
        assert Zoeksleutel.objects.count() == 5_000
        # The participants first: their keys go although their trajectories are still there
        # (the foreign key is checked at the commit).
        c.execute("DELETE FROM deelnemers_deelnemer WHERE id > 'DP0027500'")
        assert Zoeksleutel.objects.count() == 2_500
        c.execute("DELETE FROM trajectories_activeringstraject WHERE id > 'ATP0027500'")
        c.execute("DELETE FROM deelnemers_deelnemer WHERE id <= 'DP0025000'")
        c.execute("SET LOCAL statement_timeout = 0")
    assert set(Zoeksleutel.objects.values_list("pk", flat=True)) == {
        f"DP{i:07d}" for i in range(25_001, 27_501)
    }
    assert zoeksleutel_afwijkingen() == 0


@pytest.mark.postgres
def test_the_import_plans_the_triggers_for_its_rows_not_for_an_earlier_save(gtb, andere_gtb):
    """The import's writer on a connection that first updated one trajectory: the history
    trigger joins the statement's old and new rows with a plan made for them, not with the one
    PL/pgSQL kept from that save (every row compared with every other: minutes for 15 000;
    the time-out only catches that shape)."""
    n = 15_000
    vul_deelnemers({gtb.pk: n})
    with connection.cursor() as c:
        # As on a connection that imported before: a connection's first temporary table (the
        # writer's) makes PostgreSQL plan everything anew, later ones do not.
        c.execute("CREATE TEMP TABLE IF NOT EXISTS _wz_eerder (x int)")
    Activeringstraject.objects.filter(pk="ATP0000001").update(regio_id="rivierenland")
    velden = [
        Activeringstraject._meta.get_field(naam)
        for naam in ("id", "deelnemer", "regio", "casemanager_werk_org", "geinitieerd_op")
    ]
    begin = date(2024, 1, 1)  # the trajectories' own start (`vul_deelnemers`)
    rijen = [
        (f"ATP{i:07d}", f"DP{i:07d}", "regio-gent", andere_gtb.pk, begin + timedelta(i % 700))
        for i in range(1, n + 1)
    ]
    with connection.cursor() as c:
        c.execute("SET LOCAL statement_timeout = '20s'")
    schrijver = schrijver_module.schrijver_voor(connection)
    assert schrijver.upsert(Activeringstraject, velden, velden[:1], rijen) == n
    schrijver.afronden()
    with connection.cursor() as c:
        c.execute("SET LOCAL statement_timeout = 0")
    assert set(
        Activeringstraject.objects.filter(pk__startswith="ATP").values_list("regio_id", flat=True)
    ) == {"regio-gent"}
    geschiedenis = Activeringstraject.pgh_event_models["update"]  # type: ignore[attr-defined]
    assert geschiedenis.objects.filter(id__startswith="ATP", pgh_label="update").count() == n + 1
    regios = Zoeksleutel.objects.filter(pk__startswith="DP").values_list("regios", flat=True)
    assert {tuple(r) for r in regios} == {("regio-gent",)}
    assert zoeksleutel_afwijkingen() == 0


# --- the search through the keys --------------------------------------------------------------


@pytest.fixture
def netwerk(gtb, andere_gtb):
    """A network coordinator of Antwerpen, and people named Peeters with trajectories in and
    out of its regions (a participant in its regions without a trajectory there included)."""
    user = f.gebruiker(Rol.NETWERKCOORDINATOR, netwerk="antwerpen")
    binnen = []
    for i, regio in enumerate(["kempen", "regio-antwerpen", "rivierenland", "kempen"]):
        d = f.deelnemer(achternaam="Peeters", voornaam=f"An{i}", regio=regio)
        f.activeringstraject(d, werk=gtb, regio=regio)
        binnen.append(d)
    for regio in ("regio-gent", "kempen"):
        d = f.deelnemer(achternaam="Peeters", voornaam="Buiten", regio="kempen")
        if regio == "regio-gent":
            f.activeringstraject(d, werk=andere_gtb, regio=regio)
    f.activeringstraject(f.deelnemer(achternaam="Janssens", regio="kempen"), werk=gtb)
    return {"user": user, "binnen": binnen}


@pytest.mark.parametrize("term", ["peeters", "Peeters An", "buiten", "janssens", "geen"])
def test_the_search_through_the_keys_finds_what_the_search_without_them_finds(netwerk, term):
    user = netwerk["user"]
    regios = selectors.scope_regios(user)
    met = zoek(Deelnemer.objects.all(), term, omvang=10**6, regios=regios)
    zonder = zoek(Deelnemer.objects.all(), term, omvang=10**6)
    n = 50
    verwacht = selectors.eerste_zichtbaar(user, zonder, n)
    assert selectors.eerste_zichtbaar(user, met, n) == verwacht
    alleen_sleutels = sleutels_op_naam(term, regios)  # a name alone, read from the keys
    if connection.vendor == "postgresql":
        assert "deelnemers_zoeksleutel" in str(met.query)
        assert selectors.eerste_zichtbaar(user, alleen_sleutels, n) == verwacht
    else:
        assert alleen_sleutels is None


def test_only_a_name_alone_in_a_covered_scope_is_read_from_the_keys(netwerk):
    regios = selectors.scope_regios(netwerk["user"])
    for term in ("", "   ", "840622", "84.06.22", "peeters DT000001", "DT000001"):
        assert sleutels_op_naam(term, regios) is None, term
    assert sleutels_op_naam("peeters", None) is None


@pytest.mark.postgres
def test_a_key_never_shows_a_dossier_outside_the_scope(netwerk, login, monkeypatch):
    monkeypatch.setattr(views, "KLEIN_BEREIK", 2)
    buiten = Deelnemer.objects.get(voornaam="Buiten", activeringstrajecten__regio="regio-gent")
    with connection.cursor() as c:  # a key that (wrongly) puts it in the network's regions
        c.execute(
            "UPDATE deelnemers_zoeksleutel SET regios = '{kempen}' WHERE id = %s", [buiten.pk]
        )
    c = login(netwerk["user"])
    r = c.post("/dossiers/", {"q": "peeters"}, HTTP_HX_REQUEST="true")
    assert [rij.deelnemer.pk for rij in r.context["rijen"]] == [d.pk for d in netwerk["binnen"]]


@pytest.mark.postgres
def test_the_network_finds_its_names_on_the_page_and_in_the_api(netwerk, login, monkeypatch):
    monkeypatch.setattr(views, "KLEIN_BEREIK", 2)
    monkeypatch.setattr(zoeken, "KLEIN_BEREIK", 2)
    c = login(netwerk["user"])
    r = c.post("/dossiers/", {"q": "PEETERS"}, HTTP_HX_REQUEST="true")
    verwacht = [d.pk for d in netwerk["binnen"]]
    assert [rij.deelnemer.pk for rij in r.context["rijen"]] == verwacht
    # With another filter (here the order) the keys narrow the participants' own search.
    gesorteerd = c.post("/dossiers/", {"q": "peeters", "sorteer": "naam"}, HTTP_HX_REQUEST="true")
    assert [rij.deelnemer.pk for rij in gesorteerd.context["rijen"]] == verwacht
    api = c.get("/api/v1/deelnemers", HTTP_X_WERKZORG_ZOEK="peeters")
    assert api.status_code == 200
    assert sorted(d["id"] for d in api.json()["results"]) == sorted(verwacht)
