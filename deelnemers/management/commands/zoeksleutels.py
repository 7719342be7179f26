"""Check the participants' search keys, and with `--herstel` bring them up to date (decision
548).

The database's triggers keep the keys right on every write. One case they cannot see: two
transactions that change the activeringstrajecten of one participant at the same moment (each
computes the key from what it sees). The services never do (adding a trajectory locks the
participant, a merge both); an import that moves a trajectory to another region while a user
adds one for the same participant could. A
key out of date can hide a dossier from a network's search by name, never show one outside
the scope. The command prints how many keys differ; `--herstel` rewrites them (at 1 M
participants about 15 s, without locking the participants). Nothing to do on SQLite.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from deelnemers.zoeken import herbouw_zoeksleutels, zoeksleutel_afwijkingen


class Command(BaseCommand):
    help = "Controleer de zoeksleutels van de deelnemers; --herstel zet ze opnieuw juist."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--herstel", action="store_true", help="Zet de afwijkende zoeksleutels juist."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("Niets te doen: alleen PostgreSQL heeft zoeksleutels.")
            return
        afwijkend = zoeksleutel_afwijkingen()
        self.stdout.write(f"Afwijkende zoeksleutels: {afwijkend}")
        if options["herstel"] and afwijkend:
            with transaction.atomic():
                herbouw_zoeksleutels()
            self.stdout.write(f"Na herstel: {zoeksleutel_afwijkingen()}")
