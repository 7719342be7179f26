"""Query-plan guard: the main queries of the casemanager's pages stay driven by the user's scope.

PostgreSQL only (CI runs on PostgreSQL; on SQLite the `postgres` marker skips them with a
reason): 60 000 participants are written with `generate_series`, ANALYZEd, and every query a
page sends that reads the participant table is EXPLAINed. A Seq Scan of the participants, or an
index scan of their table without an index condition (a walk of the whole name index, as the
former `id IN (…) OR id IN (…)` scoping did), fails the test for a user who sees 30 dossiers.

The participants are written once for the module and committed (each test changes them inside
its own rolled-back transaction), and removed after it; don't use `transactional_db` here, its
flush would empty them.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from typing import Any, NamedTuple

import pgtrigger
import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Rol, User
from deelnemers.models import NAAMINDEX, Deelnemer
from deelnemers.zoeken import ZOEKSLEUTEL_TABEL, zoeksleutel_afwijkingen
from organisaties.models import Organisatie
from tests import factories as f
from tests.support.massa import vul_deelnemers
from trajectories import rules
from trajectories.models import Activeringstraject
from trajectories.selectors import activering_status_voorwaarde

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ACHTERGROND = 60_000
KLEIN = 30
TABEL = "deelnemers_deelnemer"


# --- the world: built once per module, committed, removed completely after it -------------------
# Building 60 000 participants (and what the triggers write for them) takes ~12 s; per test that
# was most of the suite's wall time. The module builds it once and commits it; every test runs in
# its own rolled-back transaction on top of it (`db`), so a test's changes never reach the next
# one. After the module, everything the world wrote is removed and the database is compared with
# the state before it: the tests that run after it in this worker's database see no trace of it.

#: The world's own tables: empty when the module starts (asserted; a bundle module's flush and a
#: transactional test's flush empty them too) and emptied by TRUNCATE, together with the tables
#: that reference them (asserted empty as well). TRUNCATE fires none of the row and statement
#: triggers a DELETE of 60 000 rows would, only the TRUNCATE trigger that empties the search keys.
WERELD_TABELLEN = (TABEL, "trajectories_activeringstraject", ZOEKSLEUTEL_TABEL)
#: The history django-pghistory's triggers write for the world (its inserts, the update of
#: DP0000007, and the deletion of its users and organisations): emptied by TRUNCATE when they were
#: empty before the module, otherwise the world's events (a `pgh_id` above the former highest)
#: deleted past the append-only guard. A bundle module leaves its history behind.
GESCHIEDENIS_TABELLEN = (
    "deelnemers_deelnemerevent",
    "trajectories_activeringstrajectevent",
    "organisaties_organisatieevent",
    "accounts_roltoewijzingevent",
)
#: Autovacuum stays off the tables the world writes while the module runs: no test sees other
#: statistics or another visibility map than the world was built with (as when it was written
#: inside each test's transaction, out of autovacuum's sight), and no statistics appear on them
#: but the world's, which the teardown removes.
AUTOVACUUM_UIT = (*WERELD_TABELLEN, *GESCHIEDENIS_TABELLEN)


class Tabelstand(NamedTuple):
    """What a table holds, as far as the next module can tell: its rows (their number and a
    digest of their text), its storage options, and whether the planner has statistics of it
    (asked only of the tables the world writes: autovacuum may analyze any other at any time)."""

    rijen: int
    digest: str
    opties: str
    statistiek: bool


_DIGEST = "md5(coalesce(string_agg(md5(r::text), '' ORDER BY md5(r::text)), ''))"


def _stand(statistiek_van: Collection[str]) -> dict[str, Tabelstand]:
    """The state of every table of the schema (`statistiek` only of `statistiek_van`)."""
    with connection.cursor() as c:
        c.execute(
            "SELECT relname, coalesce(array_to_string(reloptions, ','), ''), "
            "relname = ANY(%s) AND EXISTS (SELECT FROM pg_stats s "
            "WHERE s.schemaname = current_schema() AND s.tablename = relname) "
            "FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' "
            "ORDER BY relname",
            [list(statistiek_van)],
        )
        tabellen = c.fetchall()
        stand: dict[str, Tabelstand] = {}
        for tabel, opties, statistiek in tabellen:
            naam = connection.ops.quote_name(tabel)
            c.execute(f"SELECT count(*), {_DIGEST} FROM {naam} r")  # noqa: S608 - a catalog name
            rijen, digest = c.fetchone()
            stand[tabel] = Tabelstand(rijen, digest, opties, statistiek)
    return stand


def _met_verwijzers(tabellen: tuple[str, ...]) -> list[str]:
    """`tabellen` and every table that references one of them, directly or further on (what
    TRUNCATE must empty with them)."""
    with connection.cursor() as c:
        c.execute(
            """
            WITH RECURSIVE t(oid) AS (
                SELECT unnest(%s::regclass[])
                UNION SELECT conrelid FROM pg_constraint, t WHERE contype = 'f' AND confrelid = t.oid
            )
            SELECT oid::regclass::text FROM t ORDER BY 1
            """,
            [list(tabellen)],
        )
        return [t for (t,) in c.fetchall()]


def _truncate(tabellen: list[str]) -> None:
    with connection.cursor() as c:
        c.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in tabellen))


def _event_model(tabel: str) -> type[models.Model]:
    (model,) = [m for m in apps.get_models() if m._meta.db_table == tabel]
    return model


def _wis_geschiedenis(voor: dict[str, Tabelstand], tot: dict[str, int | None]) -> None:
    """Remove the world's history: TRUNCATE the event tables that were empty before it, and
    delete the events above the former highest `pgh_id` from the others."""
    _truncate([t for t in GESCHIEDENIS_TABELLEN if not voor[t].rijen])
    for tabel in GESCHIEDENIS_TABELLEN:
        if voor[tabel].rijen:
            model = _event_model(tabel)
            with pgtrigger.ignore(f"{model._meta.label}:append_only"):
                model._default_manager.filter(pk__gt=tot[tabel]).delete()


def _autovacuum(aan: bool) -> None:
    with connection.cursor() as c:
        for tabel in AUTOVACUUM_UIT:
            optie = "RESET (autovacuum_enabled)" if aan else "SET (autovacuum_enabled = false)"
            c.execute(f"ALTER TABLE {connection.ops.quote_name(tabel)} {optie}")


@pytest.fixture(scope="module")
def _module_wereld(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The world, committed for the module: two GTBs (60 000 and 30 dossiers), one of whose
    participants is Ayşe Öztürk, and a casemanager of each and an admin (their primary keys)."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql"  # the marker skips the module elsewhere
        assert not connection.in_atomic_block  # the world is committed, not a test's
        eigen = _met_verwijzers(WERELD_TABELLEN)
        geschreven = [*eigen, *GESCHIEDENIS_TABELLEN]
        voor = _stand(statistiek_van=geschreven)
        gevuld = {t: voor[t].rijen for t in eigen if voor[t].rijen}
        assert not gevuld, f"niet leeg voor de module (TRUNCATE zou ze wissen): {gevuld}"
        geschiedenis_tot: dict[str, int | None] = {}
        with connection.cursor() as c:
            for tabel in GESCHIEDENIS_TABELLEN:
                c.execute(f"SELECT max(pgh_id) FROM {connection.ops.quote_name(tabel)}")  # noqa: S608
                geschiedenis_tot[tabel] = c.fetchone()[0]
        gebruikers = set(User.objects.values_list("pk", flat=True))
        organisaties = set(Organisatie.objects.values_list("pk", flat=True))
        try:
            _autovacuum(aan=False)
            groot, klein = f.organisatie("gtb"), f.organisatie("gtb")
            # ACHTERGROND dossiers of the large GTB, KLEIN of the small one.
            vul_deelnemers({groot.pk: ACHTERGROND, klein.pk: KLEIN})
            Deelnemer.objects.filter(pk="DP0000007").update(voornaam="Ayşe", achternaam="Öztürk")
            yield {
                "klein": f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=klein).pk,
                "groot": f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=groot).pk,
                "admin": f.gebruiker(Rol.ADMIN).pk,
                "dossier": Activeringstraject.objects.filter(casemanager_werk_org=klein)
                .values_list("deelnemer_id", flat=True)
                .first(),
            }
        finally:
            # All or nothing: a world half removed would puzzle the next module more than one
            # left whole (and the comparison below reports either).
            with transaction.atomic():
                # The search keys go with the participants, by their TRUNCATE trigger (which
                # cannot empty a table the same statement names).
                _truncate([t for t in eigen if t != ZOEKSLEUTEL_TABEL])
                User.objects.exclude(pk__in=gebruikers).delete()
                Organisatie.objects.exclude(pk__in=organisaties).delete()
                _wis_geschiedenis(voor, geschiedenis_tot)
                _autovacuum(aan=True)
            # The emptied tables' statistics still describe the world, and the planner would use
            # them for the next module's few rows: those that had none before lose them again.
            # (Only a superuser may write pg_statistic, as the test database's user is in `make
            # test`; done after the rows are gone, so that a refusal leaves only statistics.)
            zonder = [t for t in geschreven if not voor[t].statistiek]
            with connection.cursor() as c:
                c.execute("DELETE FROM pg_statistic WHERE starelid = ANY(%s::regclass[])", [zonder])
            na = _stand(statistiek_van=geschreven)
            sporen = {
                t: (voor.get(t), na.get(t))
                for t in voor.keys() | na.keys()
                if voor.get(t) != na.get(t)
            }
            assert sporen == {}, f"de wereld liet sporen na (voor, na): {sporen}"


@pytest.fixture
def wereld(db: Any, _module_wereld: dict[str, Any]) -> dict[str, Any]:
    """The module's world, its users read afresh for this test."""
    return {
        **_module_wereld,
        **{naam: User.objects.get(pk=_module_wereld[naam]) for naam in ("klein", "groot", "admin")},
    }


def test_the_comparison_after_the_module_sees_a_changed_row_option_or_statistics(db):
    # The module's teardown compares every table with its state before the world; this is what
    # it reports when a row, a table's storage options or its statistics stay behind.
    with connection.cursor() as c:
        c.execute("DELETE FROM pg_statistic WHERE starelid = 'referentie_netwerk'::regclass")
        voor = _stand(statistiek_van=["referentie_netwerk"])
        c.execute(
            "UPDATE auth_permission SET name = name || '.' "
            "WHERE id = (SELECT min(id) FROM auth_permission)"
        )
        c.execute("ALTER TABLE referentie_provincie SET (autovacuum_enabled = false)")
        c.execute("ANALYZE referentie_netwerk")
    na = _stand(statistiek_van=["referentie_netwerk"])
    assert {t for t in voor if voor[t] != na[t]} == {
        "auth_permission",
        "referentie_provincie",
        "referentie_netwerk",
    }
    assert na["auth_permission"].rijen == voor["auth_permission"].rijen
    assert na["referentie_provincie"].opties == "autovacuum_enabled=false"
    assert na["referentie_netwerk"].statistiek and not voor["referentie_netwerk"].statistiek


def _knopen(plan: dict[str, Any], ouder: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    yield ouder, plan
    for kind in plan.get("Plans", []):
        yield from _knopen(kind, plan["Node Type"])


def _begrensd(ouder: str, knoop: dict[str, Any]) -> bool:
    """A scan without a filter right under a Limit reads at most that many rows (the search's
    probe of the scope's size); a filtered one may read the whole table to fill it."""
    return ouder == "Limit" and "Filter" not in knoop


def _volle_scans(sql: str) -> list[str]:
    """The nodes of `sql`'s plan that read the whole participant table."""
    with connection.cursor() as c:
        c.execute("EXPLAIN (FORMAT JSON) " + sql)
        (rij,) = c.fetchone()
    plan = (json.loads(rij) if isinstance(rij, str) else rij)[0]["Plan"]
    return [
        f"{k['Node Type']} {k.get('Index Name', '')}".strip()
        for ouder, k in _knopen(plan)
        if k.get("Relation Name") == TABEL
        and not _begrensd(ouder, k)
        and (
            k["Node Type"] == "Seq Scan"
            or (k["Node Type"] in ("Index Scan", "Index Only Scan") and "Index Cond" not in k)
        )
    ]


def _controleer(client: Any, doe: Any) -> int:
    """Run `doe(client)` and EXPLAIN every query it sent that reads the participant table."""
    with CaptureQueriesContext(connection) as ctx:
        r = doe(client)
    assert r.status_code == 200, r.status_code
    gelezen = [q["sql"] for q in ctx.captured_queries if TABEL in q["sql"]]
    assert gelezen, "de pagina las geen deelnemers"
    fouten = {sql: scans for sql in gelezen if (scans := _volle_scans(sql))}
    assert fouten == {}, json.dumps(fouten, indent=1)
    return len(gelezen)


def _zoek(term: str) -> Any:
    return lambda c: c.post("/dossiers/", {"q": term}, follow=True)


@pytest.mark.parametrize(
    "pagina",
    ["caseload", "zoek-naam", "zoek-insz", "zoek-id", "aandacht", "dossier"],
)
def test_a_small_casemanagers_pages_never_scan_all_participants(wereld, login, pagina):
    c = login(wereld["klein"])
    d = wereld["dossier"]
    doe = {
        "caseload": lambda c: c.get("/dossiers/"),
        "zoek-naam": _zoek("Achternaam"),
        "zoek-insz": _zoek("700.000"),
        "zoek-id": _zoek(d),
        "aandacht": lambda c: c.get("/aandacht/"),
        "dossier": lambda c: c.get(f"/dossiers/{d}/"),
    }[pagina]
    assert _controleer(c, doe) >= 1


@pytest.mark.parametrize("term", ["ozturk", "OZTÜRK Ayse", "70000000007"])
def test_the_admins_unscoped_search_uses_an_index(wereld, login, term):
    c = login(wereld["admin"])
    _controleer(c, _zoek(term))
    pagina = _zoek(term)(c)
    assert [r.deelnemer.pk for r in pagina.context["rijen"]] == ["DP0000007"]


def _plan(sql: str) -> dict[str, Any]:
    with connection.cursor() as c:
        c.execute("EXPLAIN (FORMAT JSON) " + sql)
        (rij,) = c.fetchone()
    return (json.loads(rij) if isinstance(rij, str) else rij)[0]["Plan"]


def test_a_large_scopes_name_search_checks_the_scope_in_name_order_until_the_page_is_full(
    wereld, login
):
    # 60 000 dossiers: the names are found by the trigram index, sorted, and the scope is
    # checked row by row above the sort, under the LIMIT (decision 541), never before it.
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE deelnemers_deelnemer SET achternaam = 'Peeters' WHERE right(id, 2) = '00'"
        )
        cur.execute("ANALYZE deelnemers_deelnemer")
    c = login(wereld["groot"])
    _controleer(c, _zoek("peeters"))
    with CaptureQueriesContext(connection) as ctx:
        r = _zoek("peeters")(c)
    (sql,) = [q["sql"] for q in ctx.captured_queries if "LIKE" in q["sql"]]
    knopen = list(_knopen(_plan(sql)))
    gecontroleerd = [
        (ouder, k)
        for ouder, k in knopen
        if k["Node Type"] == "Subquery Scan" and "SubPlan" in k.get("Filter", "")
    ]
    assert [ouder for ouder, _k in gecontroleerd] == ["Limit"], json.dumps(knopen, indent=1)
    # Below it, the found names in name order: a Sort (under the OFFSET 0 that keeps the
    # subquery apart, a Limit node).
    onder = next(p for p in gecontroleerd[0][1]["Plans"] if p["Parent Relationship"] != "SubPlan")
    while onder["Node Type"] == "Limit":
        (onder,) = onder["Plans"]
    assert onder["Node Type"] == "Sort", json.dumps(onder, indent=1)
    # The first 25 by name of the 600 matches, and "more than 100".
    namen = [
        (r.deelnemer.achternaam, r.deelnemer.voornaam, r.deelnemer.pk) for r in r.context["rijen"]
    ]
    verwacht = list(
        Deelnemer.objects.filter(achternaam="Peeters")
        .exclude(activeringstrajecten__casemanager_werk_org=wereld["klein"].organisatie)
        .order_by("achternaam", "voornaam", "id")
        .values_list("achternaam", "voornaam", "id")[:25]
    )
    assert namen == verwacht
    assert r.context["meer_dan"] and r.context["pagina"].paginator.count == 100


def test_a_networks_name_search_looks_its_names_up_in_its_regions(wereld, login):
    # Seven in ten trajectories move to a region of another network, in one statement (the
    # search keys follow it), and one in fifty participants is a Peeters: the network's
    # search finds its Peeters in the keys' index of its regions (decision 548).
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE trajectories_activeringstraject SET regio_id = 'regio-gent' "
            "WHERE id LIKE 'ATP%%' AND right(id, 1) NOT IN ('1', '2', '3')"
        )
        cur.execute(
            "UPDATE deelnemers_deelnemer SET achternaam = 'Peeters' "
            "WHERE right(id, 2) IN ('00', '01')"
        )
        for tabel in (TABEL, "trajectories_activeringstraject", "deelnemers_zoeksleutel"):
            cur.execute(f"ANALYZE {tabel}")
    assert zoeksleutel_afwijkingen() == 0
    c = login(f.gebruiker(Rol.NETWERKCOORDINATOR, netwerk="antwerpen"))
    _controleer(c, _zoek("peeters"))
    with CaptureQueriesContext(connection) as ctx:
        r = _zoek("peeters")(c)
    (sql,) = [q["sql"] for q in ctx.captured_queries if "LIKE" in q["sql"]]
    indexen = {k.get("Index Name") for _ouder, k in _knopen(_plan(sql))}
    assert "zoeksleutel_regios_naam" in indexen, indexen
    verwacht = list(
        Deelnemer.objects.filter(achternaam="Peeters", activeringstrajecten__regio="kempen")
        .order_by("achternaam", "voornaam", "id")
        .values_list("pk", flat=True)[:25]
    )
    assert [rij.deelnemer.pk for rij in r.context["rijen"]] == verwacht
    assert r.context["meer_dan"]


def test_the_guard_catches_a_scan_of_all_participants(wereld):
    # The control: the former scoping shape does walk the whole table for the same user.
    from django.db.models import Q

    scope = Activeringstraject.objects.filter(casemanager_werk_org=wereld["klein"].organisatie)
    oud = Deelnemer.objects.filter(
        Q(pk__in=scope.values("deelnemer_id"))
        | Q(pk__in=scope.filter(regio_id="x").values("deelnemer_id"))
    ).order_by("achternaam", "voornaam", "id")[:25]
    sql, params = oud.query.sql_with_params()
    with connection.cursor() as c:
        volledig = c.mogrify(sql, params)
    assert _volle_scans(volledig)


def _scans_van(sql: str, tabel: str) -> list[str]:
    """The Seq Scans of `tabel` in `sql`'s plan."""
    with connection.cursor() as c:
        c.execute("EXPLAIN (FORMAT JSON) " + sql)
        (rij,) = c.fetchone()
    plan = (json.loads(rij) if isinstance(rij, str) else rij)[0]["Plan"]
    return [
        k["Node Type"]
        for _ouder, k in _knopen(plan)
        if k.get("Relation Name") == tabel and k["Node Type"] == "Seq Scan"
    ]


def _de_meeste_beeindigd() -> None:
    """As in production, most trajectories ended long ago: all but one in 50 are closed (the
    busy ones) or withdrawn (the others)."""
    with connection.cursor() as c:
        c.execute(
            """
            UPDATE trajectories_activeringstraject
            SET afgesloten_op = CASE WHEN bezig_op IS NULL THEN NULL ELSE bezig_op + 30 END,
                eindadvies_id = CASE WHEN bezig_op IS NULL THEN NULL ELSE 'REC' END,
                ingetrokken_op = CASE WHEN bezig_op IS NULL THEN geinitieerd_op + 1 END
            WHERE right(id, 2)::int % 50 <> 0
            """
        )
        c.execute("ANALYZE trajectories_activeringstraject")


def test_the_admins_worklist_reads_only_the_running_trajectories(wereld, login):
    # The worklist must find the running trajectories through the index of the ending
    # milestones, not by reading the history.
    _de_meeste_beeindigd()
    with CaptureQueriesContext(connection) as ctx:
        r = login(wereld["admin"]).get("/aandacht/")
    assert r.status_code == 200
    assert r.context["totaal"] > 0
    tabel = Activeringstraject._meta.db_table
    gelezen = [q["sql"] for q in ctx.captured_queries if tabel in q["sql"]]
    assert len(gelezen) == 1  # the counts and the page, in one query
    assert {sql: s for sql in gelezen if (s := _scans_van(sql, tabel))} == {}


def _walks_van_de_naamindex(sql: str) -> list[str]:
    """The nodes of `sql`'s plan that walk the participants' name index from its start (no
    index condition): reading the participants of Flanders in name order to fill a page."""
    return [
        json.dumps({k: v for k, v in knoop.items() if k != "Plans"})
        for _ouder, knoop in _knopen(_plan(sql))
        if knoop.get("Index Name") == NAAMINDEX and "Index Cond" not in knoop
    ]


@pytest.mark.parametrize("filters", ["soort=ama-se", "status=afgesloten"])
def test_a_filtered_list_of_a_large_scope_finds_its_few_rows_first(wereld, login, filters):
    # Three of the large GTB's 60 000 dossiers have an AMA SE trajectory, none a closed
    # activeringstraject: found first and sorted (decision 545), never by walking the name
    # index until a page is full, which reads every participant when the filter keeps few.
    drie = ["DP0000010", "DP0000020", "DP0000030"]
    for pk in drie:
        f.ama_se(Deelnemer.objects.get(pk=pk))
    with connection.cursor() as cur:
        cur.execute("ANALYZE trajectories_amasetraject")
    c = login(wereld["groot"])
    with CaptureQueriesContext(connection) as ctx:
        r = c.get("/dossiers/?" + filters)
    assert r.status_code == 200
    verwacht = drie if filters == "soort=ama-se" else []
    assert sorted(rij.deelnemer.pk for rij in r.context["rijen"]) == verwacht
    assert r.context["pagina"].paginator.count == len(verwacht)
    gelezen = [q["sql"] for q in ctx.captured_queries if TABEL in q["sql"]]
    walks = {sql: w for sql in gelezen if (w := _walks_van_de_naamindex(sql))}
    assert walks == {}, json.dumps(walks, indent=1)
    # The scope and the filter intersected in the trajectories' own indexes, the participants
    # then read by their ids alone (decision 554): no statement scans the participants.
    assert any("SELECT DISTINCT s.deelnemer_id" in q["sql"] for q in ctx.captured_queries)
    scans = {sql: s for sql in gelezen if (s := _volle_scans(sql))}
    assert scans == {}, json.dumps(scans, indent=1)


def test_a_running_status_filter_is_estimated_from_the_index_of_the_ending_milestones(
    wereld, login
):
    # Decision 552. With most trajectories ended, PostgreSQL estimated the busy ones from the
    # three end dates as if they were independent (12 times too many here, 38 at 1 M) and
    # joined all participants to them: 350 ms for a network's busy dossiers at 1 M. The
    # redundant "not ended" condition is estimated from the index on the end date.
    _de_meeste_beeindigd()
    op = timezone.localdate()
    trajecten = Activeringstraject.objects.filter(
        activering_status_voorwaarde(rules.Status.BEZIG, op)
    )
    bezig = {
        t.pk
        for t in Activeringstraject.objects.only(*(v for v, _s in rules.ACTIVERING_MIJLPALEN))
        if rules.activering_status(t, op) == rules.Status.BEZIG
    }
    assert set(trajecten.values_list("pk", flat=True)) == bezig  # the same rows as the rule
    assert 500 < len(bezig) < 1_000
    sql, params = trajecten.query.sql_with_params()
    with connection.cursor() as c:
        geschat = _plan(c.mogrify(sql, params))["Plan Rows"]
    assert geschat <= 3 * len(bezig), geschat
    # The caseload filtered on it: the busy dossiers, counted and listed.
    r = login(wereld["groot"]).get("/dossiers/?status=bezig")
    assert r.status_code == 200
    dossiers = set(
        Activeringstraject.objects.filter(pk__in=bezig).values_list("deelnemer_id", flat=True)
    )
    assert r.context["pagina"].paginator.count == len(dossiers)
    assert {rij.deelnemer.pk for rij in r.context["rijen"]} <= dossiers


def _indexen_van(sql: str, tabel: str) -> set[str]:
    """How `sql`'s plan reads `tabel`: its scans' kind and index."""
    return {
        f"{k['Node Type']} {k.get('Index Name', '')}".strip()
        for _ouder, k in _knopen(_plan(sql))
        if k.get("Relation Name") == tabel
    }


def test_a_dienstverleners_worklist_reads_its_open_actions_only(wereld, login):
    # Decision 556: a dienstverlener's organisation has years of done actions and a few open
    # ones (125 of 29 433 at 1 M); its worklist reads the open ones through their own index,
    # never the organisation's whole history (130 ms at 1 M for "my actions").
    org = f.organisatie("caw")
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO trajectories_doelstelling (traject_id, soort, omschrijving, aangemaakt_op) "
            "SELECT id, 'werk', 'Doel', now() FROM trajectories_activeringstraject "
            "ORDER BY id LIMIT 20000"
        )
        c.execute(
            """
            INSERT INTO trajectories_actie (doelstelling_id, dienstverlener_id, omschrijving,
                status, gepland_op, gestart_op, afgerond_op)
            SELECT id, %s, 'Actie', CASE WHEN id %% 1000 = 0 THEN 'gepland' ELSE 'afgerond' END,
                   DATE '2024-01-01', CASE WHEN id %% 1000 <> 0 THEN DATE '2024-01-02' END,
                   CASE WHEN id %% 1000 <> 0 THEN DATE '2024-02-01' END
            FROM trajectories_doelstelling
            """,
            [org.pk],
        )
        c.execute(
            "INSERT INTO netwerk_opdracht (actie_id, status, toegewezen_op, reden) "
            "SELECT id, CASE WHEN status = 'gepland' THEN 'nieuw' ELSE 'aanvaard' END, "
            "gepland_op, '' FROM trajectories_actie"
        )
        c.execute("ANALYZE trajectories_actie")
        c.execute("ANALYZE netwerk_opdracht")
        c.execute("SELECT count(*) FROM trajectories_actie WHERE status <> 'afgerond'")
        (open_,) = c.fetchone()
    assert 10 <= open_ <= 30
    user = f.gebruiker(Rol.DIENSTVERLENER_WERK, organisatie=org)
    with CaptureQueriesContext(connection) as ctx:
        r = login(user).get("/netwerk/acties/")
    assert r.status_code == 200
    assert len(r.context["nieuw"]) == open_
    tabel = "trajectories_actie"
    # The lists of actions (new, running, stages to register); the stage reports' query
    # starts from the stages.
    gelezen = [
        q["sql"] for q in ctx.captured_queries if q["sql"].startswith(f'SELECT "{tabel}"."id"')
    ]
    assert len(gelezen) == 3
    toegestaan = {"Index Scan actie_open_per_dv_idx", "Bitmap Index Scan actie_open_per_dv_idx"}
    fouten = {
        sql: scans
        for sql in gelezen
        if (
            scans := {s for s in _indexen_van(sql, tabel) if s not in toegestaan}
            - {"Bitmap Heap Scan"}
        )
    }
    assert fouten == {}, json.dumps({k: sorted(v) for k, v in fouten.items()}, indent=1)
