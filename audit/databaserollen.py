"""The database roles production runs with (PostgreSQL): an owner and an application role.

- The **owner** (`werkzorg_eigenaar`) owns the database, the schema, every table, sequence and
  function. Migrations and the retention job (`manage.py bewaartermijn`, which wipes the
  history of pseudonymised dossiers) run as the owner.
- The **application role** (`werkzorg_app`: gunicorn, Celery) owns nothing, so it cannot
  ALTER/DROP a table, disable a trigger or TRUNCATE; it is no superuser, so it cannot set
  `session_replication_role`. It may SELECT/INSERT/UPDATE/DELETE the ordinary tables, but the
  read log (`audit_dossierinzage`) and every history event table are INSERT-only (SELECT and
  INSERT granted; UPDATE, DELETE and TRUNCATE not), whatever `pgtrigger.ignore` says: the
  append-only guarantee comes from privileges, not from the triggers alone. The history
  context (`pghistory_context`) is INSERT plus UPDATE of `metadata`/`updated_at` (pghistory
  upserts it), and its trigger (audit migration 0003) lets an UPDATE only fill in, never
  rewrite.

`ververs_rechten` is idempotent: `manage.py databaserollen` runs it (creating the roles when
missing), and it runs after every `migrate` when the application role exists, so a new table
gets its grants and a new history table its INSERT-only rights at once.
"""

from __future__ import annotations

import logging
from typing import Any

import pghistory.models
from django.apps import apps
from django.conf import settings
from django.db import connection as default_connection
from django.db import connections
from pghistory.models import Context

from audit.models import DossierInzage

logger = logging.getLogger("werkzorg.audit")

EIGENAAR = "werkzorg_eigenaar"
APP = "werkzorg_app"


def append_only_tabellen() -> list[str]:
    """The read log and every history event table."""
    tabellen = {DossierInzage._meta.db_table}
    for model in apps.get_models():
        if issubclass(model, pghistory.models.Event) and not model._meta.proxy:
            if model._meta.managed and not model._meta.abstract:
                tabellen.add(model._meta.db_table)
    return sorted(tabellen)


def context_tabel() -> str:
    return Context._meta.db_table


def rol_bestaat(naam: str, connection: Any = None) -> bool:
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [naam])
        return cursor.fetchone() is not None


def maak_rollen(eigenaar: str = EIGENAAR, app: str = APP, connection: Any = None) -> None:
    """Create both roles when missing (LOGIN, no password: set it with `ALTER ROLE ... PASSWORD`
    or use peer/certificate authentication) and strip them of every special attribute.
    Needs a superuser (or CREATEROLE)."""
    connection = connection or default_connection
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for naam in (eigenaar, app):
            if not rol_bestaat(naam, connection):
                cursor.execute(f"CREATE ROLE {qn(naam)} LOGIN")
            cursor.execute(
                f"ALTER ROLE {qn(naam)} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                "NOBYPASSRLS"
            )
            cursor.execute(f"ALTER ROLE {qn(naam)} NOINHERIT")
        # The owner may act as the app role in tests (`SET ROLE`), never the reverse.
        cursor.execute(f"REVOKE {qn(eigenaar)} FROM {qn(app)}")


def draag_over(eigenaar: str = EIGENAAR, connection: Any = None) -> None:
    """Make `eigenaar` the owner of the database, the public schema and everything in it
    (needs a superuser, or the current owner)."""
    connection = connection or default_connection
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        db = cursor.fetchone()[0]
        cursor.execute(f"ALTER DATABASE {qn(db)} OWNER TO {qn(eigenaar)}")
        cursor.execute(f"ALTER SCHEMA public OWNER TO {qn(eigenaar)}")
        cursor.execute(
            """SELECT c.relname, c.relkind FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                 AND pg_get_userbyid(c.relowner) <> %s
                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid
                                 AND d.deptype IN ('a', 'i') AND c.relkind = 'S')""",
            [eigenaar],
        )
        soorten = {"S": "SEQUENCE", "v": "VIEW", "m": "MATERIALIZED VIEW", "f": "FOREIGN TABLE"}
        for naam, soort in cursor.fetchall():
            cursor.execute(
                f"ALTER {soorten.get(soort, 'TABLE')} {qn(naam)} OWNER TO {qn(eigenaar)}"
            )
        cursor.execute(
            """SELECT p.oid::regprocedure::text FROM pg_proc p
               JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> %s""",
            [eigenaar],
        )
        for (functie,) in cursor.fetchall():
            cursor.execute(f"ALTER FUNCTION {functie} OWNER TO {qn(eigenaar)}")


def ververs_rechten(eigenaar: str = EIGENAAR, app: str = APP, connection: Any = None) -> None:
    """(Re)grant the application role exactly what it needs; idempotent. Run as the owner or
    a superuser."""
    connection = connection or default_connection
    qn = connection.ops.quote_name
    a, e = qn(app), qn(eigenaar)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        db = qn(cursor.fetchone()[0])
        statements = [
            f"REVOKE ALL ON DATABASE {db} FROM PUBLIC",
            f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {a}",
            "REVOKE ALL ON SCHEMA public FROM PUBLIC",
            f"GRANT USAGE ON SCHEMA public TO {a}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {a}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {a}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {a}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {a}",
            f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {a}",
            # Tables the owner creates later (migrations) get the ordinary grants at once;
            # the post-migrate refresh then narrows the append-only ones.
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {e} IN SCHEMA public "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {a}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {e} IN SCHEMA public "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {a}",
        ]
        for tabel in append_only_tabellen():
            statements += [
                f"REVOKE ALL ON {qn(tabel)} FROM {a}",
                f"GRANT SELECT, INSERT ON {qn(tabel)} TO {a}",
            ]
        context = qn(context_tabel())
        statements += [
            f"REVOKE ALL ON {context} FROM {a}",
            f"GRANT SELECT, INSERT ON {context} TO {a}",
            f"GRANT UPDATE (metadata, updated_at) ON {context} TO {a}",
        ]
        for sql in statements:
            cursor.execute(sql)
    logger.info("databaserechten-ververst", extra={"app_rol": app})


def na_migratie(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: refresh the grants when the application role exists (production, CI)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    app = getattr(settings, "WERKZORG_DB_APP_ROL", APP)
    eigenaar = getattr(settings, "WERKZORG_DB_EIGENAAR_ROL", EIGENAAR)
    if not rol_bestaat(app, connection):
        return
    ververs_rechten(eigenaar, app, connection)
