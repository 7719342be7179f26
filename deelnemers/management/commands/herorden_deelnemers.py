"""Store the participants in name order again: `CLUSTER` on the name index (decision 536).

A name search reads the rows it finds from the table; in name order the ~7 000 rows of a
common surname at 1 M participants lie on ~100 pages instead of ~5 500 (measured: 2 ms instead
of 16 ms for the matches alone). The import writes new participants in that order; rows
registered or changed later land wherever there is room, so the order wears off slowly. The
command prints the planner's correlation between the name and the row order (1 = in order)
before and after.

It locks the table for reading and writing while it runs (measured in docs/operations.md):
run it in a quiet hour, e.g. after a large import into a filled database. Nothing to do on
SQLite.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from deelnemers.models import NAAMINDEX, Deelnemer


def correlatie() -> float | None:
    """The planner's correlation (-1..1) between the surname and the participants' row order,
    from the table's statistics (None before the first ANALYZE)."""
    with connection.cursor() as c:
        c.execute(
            "SELECT correlation FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename = %s AND attname = %s",
            [Deelnemer._meta.db_table, Deelnemer._meta.get_field("achternaam").column],
        )
        rij = c.fetchone()
    return None if rij is None or rij[0] is None else float(rij[0])


class Command(BaseCommand):
    help = "Sla de deelnemers opnieuw op in volgorde van naam (CLUSTER), voor snel zoeken."

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("Niets te doen: alleen PostgreSQL bewaart de volgorde.")
            return
        tabel = connection.ops.quote_name(Deelnemer._meta.db_table)
        voor = correlatie()
        with connection.cursor() as c:
            # Inside a transaction (a test, a caller's atomic block) the deferred foreign-key
            # checks of earlier writes must run first: CLUSTER refuses pending trigger events.
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")
            c.execute(f"CLUSTER {tabel} USING {connection.ops.quote_name(NAAMINDEX)}")
            c.execute(f"ANALYZE {tabel}")
        na = correlatie()
        self.stdout.write(f"Deelnemers herordend op naam: correlatie {_toon(voor)} -> {_toon(na)}.")


def _toon(waarde: float | None) -> str:
    return "onbekend" if waarde is None else f"{waarde:.2f}"
