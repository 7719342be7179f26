"""Time the Mededeling (`build_report(2024)`) on the 2024 fixture plus background dossiers.

    .venv/bin/python bench/bench_report.py [--background 1000000] [--runs 7] [--reuse]

Generates a bundle with `shared/tools/make_bundle.py` (the 2024 targets plus N background
participants whose dossiers lie outside every population of 2024: the tables must not change),
imports it with `bundle.importer` into its own PostgreSQL database (BENCH_DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/wz_report_bench), runs ANALYZE, checks the report
against `data/fixtures/mededeling-2024/published.json` and times `build_report(2024)`: best
and median of the runs. Target: under 1 second. `--reuse` keeps an already loaded database.
The shared folder is found beside the repository, or at WERKZORG_SHARED.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wz_report_bench")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkzorg.settings")
SHARED = Path(os.environ.get("WERKZORG_SHARED", ROOT.parent / "shared"))
TARGETS = ROOT / "data" / "fixtures" / "mededeling-2024" / "published.json"


def make_bundle(background: int, out: Path) -> None:
    if (out / "deelnemers.csv").exists():
        print(f"bundle: {out} (already generated)")
        return
    tool = SHARED / "tools" / "make_bundle.py"
    cmd = [sys.executable, str(tool), "--targets", str(TARGETS), "--out", str(out)]
    begin = time.perf_counter()
    subprocess.run([*cmd, "--background", str(background)], check=True)
    print(f"bundle: generated in {time.perf_counter() - begin:.0f} s")


def recreate_database() -> None:
    name = URL.rsplit("/", 1)[1]
    admin = URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def load(bundle: Path) -> None:
    # Django is set up by main() before this runs
    from django.core.management import call_command
    from django.db import connection

    from bundle.importer import import_bundle

    call_command("migrate", verbosity=0)
    begin = time.perf_counter()
    result = import_bundle(bundle)
    print(f"import: {result.totaal} rows in {time.perf_counter() - begin:.0f} s")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--background", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "wz-report-bench"
    )
    parser.add_argument("--reuse", action="store_true", help="keep the loaded database")
    args = parser.parse_args()

    bundle = args.workdir / f"bundle-{args.background}"
    if not args.reuse:
        make_bundle(args.background, bundle)
        recreate_database()

    # Django only once sys.path and DJANGO_SETTINGS_MODULE are set
    import django

    django.setup()
    # after django.setup(): the settings and the app registry are ready only now
    from django.db import connection

    from reporting.mededeling import build_report
    from tests.support.compare import laad, vergelijk

    if not args.reuse:
        load(bundle)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM deelnemers_deelnemer")
        print(f"database: {cur.fetchone()[0]} deelnemers")

    build_report(2024)  # warm the caches and the connection
    tijden = []
    for _ in range(args.runs):
        begin = time.perf_counter()
        report = build_report(2024)
        tijden.append(time.perf_counter() - begin)
    resultaat = vergelijk(report, laad(TARGETS))
    print(f"check against published.json: {resultaat.geslaagd} passed, {resultaat.mislukt} failed")
    print(
        f"build_report(2024): min {min(tijden):.3f} s, median {statistics.median(tijden):.3f} s "
        f"over {args.runs} runs"
    )
    return 0 if resultaat.mislukt == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
