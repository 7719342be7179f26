# ruff: noqa: S608 -- table names come from the models, not from input
"""The application's database role cannot rewrite the audit trail (PostgreSQL).

With the roles of `manage.py databaserollen` (an owner, and an application role that owns
nothing), every known way around the append-only triggers is refused for the application
role on the read log, a history event table and the history context: DELETE, UPDATE, TRUNCATE,
`ALTER TABLE ... DISABLE TRIGGER`, `SET session_replication_role = replica` and pgtrigger's
own bypass (`pgtrigger.ignore`). The control: the same role reads, logs reads and records
history as the application does.

The roles get names of their own and everything (roles, ownership, grants) happens inside the
test's transaction, which is rolled back.
"""

from __future__ import annotations

from typing import Any

import pghistory
import pgtrigger
import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from audit import databaserollen
from audit.models import DossierInzage
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

EIGENAAR, APP = "wz_rollentest_eigenaar", "wz_rollentest_app"


class Gelukt(Exception):
    pass


def als_app(*statements: tuple[str, list[Any] | None]) -> str | None:
    """Run `statements` as the application role in a savepoint that is always rolled back;
    the database's refusal (None when everything went through)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {APP}")
            for sql, params in statements:
                cursor.execute(sql, params)
            raise Gelukt
    except Gelukt:
        return None
    except DatabaseError as fout:
        return str(fout).splitlines()[0]


@pytest.fixture
def wereld(db):
    databaserollen.maak_rollen(EIGENAAR, APP)
    databaserollen.draag_over(EIGENAAR)
    databaserollen.ververs_rechten(EIGENAAR, APP)
    d = f.deelnemer()
    with pghistory.context(user=1, kanaal="ui", request_id="echt"):
        d.voornaam = "Gewijzigd"
        d.save()
    DossierInzage.objects.create(deelnemer_id=d.pk, kanaal="ui", username="echt")
    event_model = apps.get_model("deelnemers.Deelnemer").pgh_event_model
    assert event_model.objects.filter(pgh_obj_id=d.pk).exists()
    return d, event_model


def _tabellen(event_model: Any) -> dict[str, tuple[str, str]]:
    """table -> (an UPDATE's SET clause, a WHERE selecting existing rows)."""
    return {
        DossierInzage._meta.db_table: ("username = 'iemand-anders'", "true"),
        event_model._meta.db_table: ("pgh_label = 'vervalst'", "true"),
        databaserollen.context_tabel(): ("""metadata = '{"user": 2}'::jsonb""", "true"),
    }


def test_every_history_table_and_the_read_log_are_append_only_for_the_app_role(wereld):
    tabellen = set(databaserollen.append_only_tabellen())
    assert DossierInzage._meta.db_table in tabellen
    assert wereld[1]._meta.db_table in tabellen
    assert len(tabellen) > 10  # every tracked model's event table


def test_the_app_role_owns_nothing_and_is_no_superuser(wereld):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles "
            "WHERE rolname = %s",
            [APP],
        )
        assert cursor.fetchone() == (False, False, False, False)
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "WHERE r.rolname = %s",
            [APP],
        )
        assert cursor.fetchone() == (0,)


def test_the_app_role_cannot_rewrite_the_read_log_the_history_or_its_context(wereld):
    _d, event_model = wereld
    ignore = "{" + ",".join(f"{m._meta.label}:{t.name}" for m, t in pgtrigger.registered()) + "}"
    weigeringen: dict[str, str | None] = {}
    for tabel, (zet, waar) in _tabellen(event_model).items():
        pogingen = {
            "DELETE": [(f"DELETE FROM {tabel} WHERE {waar}", None)],
            "UPDATE": [(f"UPDATE {tabel} SET {zet} WHERE {waar}", None)],
            "pgtrigger.ignore + DELETE": [
                ("SELECT set_config('pgtrigger.ignore', %s, true)", [ignore]),
                (f"DELETE FROM {tabel} WHERE {waar}", None),
            ],
            "pgtrigger.ignore + UPDATE": [
                ("SELECT set_config('pgtrigger.ignore', %s, true)", [ignore]),
                (f"UPDATE {tabel} SET {zet} WHERE {waar}", None),
            ],
            "TRUNCATE": [(f"TRUNCATE {tabel} CASCADE", None)],
            "DISABLE TRIGGER": [(f"ALTER TABLE {tabel} DISABLE TRIGGER ALL", None)],
            "session_replication_role": [
                ("SET session_replication_role = replica", None),
                (f"DELETE FROM {tabel} WHERE {waar}", None),
            ],
        }
        for naam, statements in pogingen.items():
            weigeringen[f"{tabel}: {naam}"] = als_app(*statements)
    doorgelaten = [poging for poging, fout in weigeringen.items() if fout is None]
    assert doorgelaten == []
    # Refused by the database for lack of rights, not by accident.
    assert all(
        "permission denied" in fout or "must be owner" in fout or "append-only" in fout
        for fout in weigeringen.values()
    ), weigeringen


def test_the_app_role_reads_logs_reads_and_records_history(wereld):
    d, event_model = wereld
    assert (
        als_app(
            (f"SELECT count(*) FROM {DossierInzage._meta.db_table}", None),
            (f"SELECT count(*) FROM {event_model._meta.db_table}", None),
            (
                f"INSERT INTO {DossierInzage._meta.db_table} (tijdstip, user_id, username, "
                "organisatie_id, deelnemer_id, kanaal, request_id) "
                "VALUES (now(), NULL, '', '', %s, 'ui', '')",
                [d.pk],
            ),
        )
        is None
    )
    # A change through the ORM, as the app role, in a request context that is filled in as
    # the request goes (pghistory upserts the context): recorded.
    voor = event_model.objects.count()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {APP}")
        with pghistory.context(user=None, kanaal="api"):
            d.voornaam = "Nogmaals"
            d.save()
            pghistory.context(user=7)
            d.achternaam = "Anders"
            d.save()
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert event_model.objects.count() == voor + 2
    laatste = event_model.objects.order_by("-pgh_id").first()
    assert laatste.pgh_context.metadata["user"] == 7
