"""`manage.py databaserollen`: create (or refresh) the owner and application roles of
production and their grants (`audit.databaserollen`). Idempotent; run as a superuser (the
first time: it creates the roles and hands the database to the owner) or as the owner
(`--alleen-rechten`, e.g. after a restore)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from audit import databaserollen


class Command(BaseCommand):
    help = "Maak de eigenaar- en applicatierol van de databank aan en ververs hun rechten."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--eigenaar",
            default=getattr(settings, "WERKZORG_DB_EIGENAAR_ROL", databaserollen.EIGENAAR),
        )
        parser.add_argument(
            "--app", default=getattr(settings, "WERKZORG_DB_APP_ROL", databaserollen.APP)
        )
        parser.add_argument(
            "--alleen-rechten",
            action="store_true",
            help="Maak geen rollen aan en draag niets over: ververs alleen de rechten.",
        )

    def handle(
        self, *args: Any, eigenaar: str, app: str, alleen_rechten: bool, **opts: Any
    ) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Databankrollen bestaan alleen op PostgreSQL.")
        if not alleen_rechten:
            databaserollen.maak_rollen(eigenaar, app)
            databaserollen.draag_over(eigenaar)
        databaserollen.ververs_rechten(eigenaar, app)
        self.stdout.write(
            f"Rollen {eigenaar} (eigenaar) en {app} (applicatie): rechten ververst; "
            f"{len(databaserollen.append_only_tabellen())} tabellen alleen-aanvullen."
        )
