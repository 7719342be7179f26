# ruff: noqa: S608 - constant SQL, no input
"""What the change history costs a bulk write of 200 000 participants (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a migrated database> \\
        .venv/bin/python bench/bench_geschiedenis.py [--rijen 200000] [--herhalingen 3]

Writes N rows into `deelnemers_deelnemer` three ways, each in a transaction that is rolled
back (the database is left as it was), and prints the median seconds:

- `zonder`: the history triggers disabled (ALTER TABLE … DISABLE TRIGGER USER): no history;
- `triggers`: the history triggers as installed (statement-level, settings.PGHISTORY_LEVEL);
- `set-based`: `zonder_triggers` + one `bulk_geschiedenis` statement (audit/geschiedenis.py).

for an INSERT … SELECT from a temporary table (the importer's upsert), a COPY straight into the
table, and an UPDATE of every row.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkzorg.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from audit import geschiedenis  # noqa: E402
from deelnemers.models import Deelnemer  # noqa: E402

KOLOMMEN = (
    "id, voornaam, achternaam, geboortedatum, provincie_id, regio_id, armoede, "
    "arbeidsbeperking, kortgeschoold, versie"
)
WAAR = "t.id LIKE 'BENCH%%'"


def rijen(n: int) -> list[tuple]:
    return [
        (f"BENCH{i:07d}", f"Voornaam{i}", f"Achternaam{i}", date(1980 + i % 30, 1 + i % 12, 1))
        + ("antwerpen", "kempen", i % 3 == 0, i % 5 == 0, i % 2 == 0, 1)
        for i in range(n)
    ]


def bron(cursor, data: list[tuple]) -> None:  # noqa: ANN001
    cursor.execute(
        f"CREATE TEMP TABLE _bench_bron ON COMMIT DROP AS SELECT {KOLOMMEN} "
        "FROM deelnemers_deelnemer WITH NO DATA"
    )
    with cursor.cursor.copy(f"COPY _bench_bron ({KOLOMMEN}) FROM STDIN") as cp:
        for r in data:
            cp.write_row(r)


def schrijf(wijze: str, data: list[tuple]) -> None:
    with connection.cursor() as cursor:
        if wijze == "insert-select":
            bron(cursor, data)
            cursor.execute(
                f"INSERT INTO deelnemers_deelnemer ({KOLOMMEN}) SELECT {KOLOMMEN} FROM _bench_bron"
            )
        elif wijze == "copy":
            with cursor.cursor.copy(f"COPY deelnemers_deelnemer ({KOLOMMEN}) FROM STDIN") as cp:
                for r in data:
                    cp.write_row(r)
        elif wijze == "update":
            cursor.execute(
                "UPDATE deelnemers_deelnemer SET armoede = NOT armoede WHERE id LIKE 'BENCH%%'"
            )


def meet(wijze: str, variant: str, data: list[tuple]) -> float:
    with transaction.atomic():
        with connection.cursor() as cursor:
            if wijze == "update":  # the rows to update, written without history
                cursor.execute("ALTER TABLE deelnemers_deelnemer DISABLE TRIGGER USER")
                schrijf("copy", data)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                cursor.execute("ALTER TABLE deelnemers_deelnemer ENABLE TRIGGER USER")
            if variant == "zonder":
                cursor.execute("ALTER TABLE deelnemers_deelnemer DISABLE TRIGGER USER")
        begin = time.perf_counter()
        with geschiedenis.context("commando", commando="bench"):
            if variant == "set-based":
                with geschiedenis.zonder_triggers(Deelnemer):
                    schrijf(wijze, data)
                    label = "update" if wijze == "update" else "insert"
                    n = geschiedenis.bulk_geschiedenis(Deelnemer, label, waar=WAAR)
                    assert n == len(data), n
            else:
                schrijf(wijze, data)
        seconden = time.perf_counter() - begin
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM deelnemers_deelnemerevent WHERE id LIKE 'BENCH%%'")
            events = cursor.fetchone()[0]
        verwacht = 0 if variant == "zonder" else len(data)
        assert events == verwacht, (wijze, variant, events)
        transaction.set_rollback(True)
    return seconden


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rijen", type=int, default=200_000)
    parser.add_argument("--herhalingen", type=int, default=3)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL nodig (zet DATABASE_URL).")
    data = rijen(args.rijen)
    uitslag: dict[tuple[str, str], float] = {}
    for wijze in ("insert-select", "copy", "update"):
        for variant in ("zonder", "triggers", "set-based"):
            tijden = [meet(wijze, variant, data) for _ in range(args.herhalingen)]
            uitslag[wijze, variant] = statistics.median(tijden)
            print(f"{wijze:14} {variant:12} {uitslag[wijze, variant]:7.2f} s", flush=True)
    print()
    for wijze in ("insert-select", "copy", "update"):
        basis = uitslag[wijze, "zonder"]
        verhouding: Callable[[str], str] = lambda v: f"{uitslag[wijze, v] / basis:.1f}×"  # noqa: E731, B023
        print(
            f"{wijze}: triggers {verhouding('triggers')}, "
            f"set-based {verhouding('set-based')} van de tijd zonder geschiedenis"
        )


if __name__ == "__main__":
    main()
