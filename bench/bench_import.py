"""Benchmark the bundle import on PostgreSQL: the 2024 fixture plus 200 000 background people.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_import.py

Generates the bundle with /work/shared/tools/make_bundle.py into a temporary folder (kept for
the next run), (re)creates a dedicated database `wz_bench` on the server of DATABASE_URL,
migrates it, imports the bundle into the empty database, imports it again (nothing changes),
and prints rows, seconds and rows/s of both runs, and the peak memory of the import process
(resident set, `ru_maxrss`) before the first run and after each.

    --bundle DIR     an existing bundle instead of a generated one (e.g. 4.8 M rows:
                     make_bundle.py --seed 1 --background 950000)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path("/work/shared/tools")
TARGETS = Path("/work/shared/fixtures/mededeling-2024/published.json")


def genereer(achtergrond: int) -> Path:
    map_ = Path(tempfile.gettempdir()) / f"werkzorg-bench-bundle-{achtergrond}"
    if not (map_ / "ladderplaatsingen.csv").exists():
        print(f"bundel genereren in {map_} …", flush=True)
        subprocess.run(
            [
                sys.executable,
                str(TOOLS / "make_bundle.py"),
                "--targets",
                str(TARGETS),
                "--out",
                str(map_),
                "--background",
                str(achtergrond),
            ],
            check=True,
        )
    return map_


def bench_database(url: str, naam: str) -> str:
    """(Re)create database `naam` on the server of `url`; return its URL."""
    delen = urlsplit(url)
    if not delen.scheme.startswith("postgres"):
        sys.exit("DATABASE_URL moet naar PostgreSQL wijzen")
    beheer = urlunsplit(delen._replace(path="/postgres"))
    with psycopg.connect(beheer, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{naam}"')
    return urlunsplit(delen._replace(path=f"/{naam}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--background", type=int, default=200_000)
    parser.add_argument("--database", default="wz_bench")
    parser.add_argument("--bundle", type=Path, default=None)
    parser.add_argument("--rondes", type=int, default=2, help="1: only the empty database")
    args = parser.parse_args()

    bundel = args.bundle or genereer(args.background)
    os.environ["DATABASE_URL"] = bench_database(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        args.database,
    )
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkzorg.settings")
    # Django only once sys.path and DJANGO_SETTINGS_MODULE are set
    import django

    django.setup()
    # after django.setup(): the settings and the app registry are ready only now
    from django.core.management import call_command

    from bundle.importer import import_bundle

    call_command("migrate", verbosity=0, skip_checks=True)
    print(f"geheugen vooraf: {piek_mb():.0f} MB", flush=True)
    for ronde in ("lege databank", "opnieuw (niets gewijzigd)")[: args.rondes]:
        begin = time.perf_counter()
        result = import_bundle(bundel)
        seconden = time.perf_counter() - begin
        print(
            f"{ronde}: {result.totaal} rijen in {seconden:.1f} s = "
            f"{result.totaal / seconden:,.0f} rijen/s "
            f"(geschreven: {sum(result.geschreven.values())}); piekgeheugen {piek_mb():.0f} MB",
            flush=True,
        )


def piek_mb() -> float:
    """The peak resident memory of this process so far (Linux: ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
