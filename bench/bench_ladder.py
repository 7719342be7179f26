"""Time the ladder report on 1,000,000 placements in PostgreSQL.

    .venv/bin/python bench/bench_ladder.py [--placements 1000000] [--jaar 2019] [--keep]

Uses its own database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/wz_ladder_bench), creates and migrates it, synthesises
participants and placements with one INSERT … SELECT over generate_series (deterministic:
every value is derived from the row number), runs ANALYZE and times, best and median of 5
runs, both what the figures cost (`ladder_rapport`) and what a coordinator waits for: the
page `/ladder/rapport/?jaar=Y` through the whole Django stack (middleware, session, the
tables laid out, the template), for the bench year and for the year the page opens on.
Prints the figures; target: both under 2 s.

The machine is shared, so compare with an older version in the same minutes, on the same
data: `git archive <commit> | tar -x -C /tmp/old` and run `/tmp/old/bench/bench_ladder.py
--keep` with the same BENCH_DATABASE_URL, alternating with this one (`uptime` before each).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wz_ladder_bench")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkzorg.settings")


def ensure_database() -> None:
    name = URL.rsplit("/", 1)[1]
    admin = URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def synthesise(n: int) -> None:
    """n placements over n/2.5 participants; werkvorm, dates and region from the row number."""
    # Django is set up by main() before this runs
    from django.db import connection

    from ladder.models import Werkvorm

    codes = list(Werkvorm.objects.order_by("code").values_list("code", flat=True))
    personen = max(1, int(n / 2.5))
    with connection.cursor() as cur:
        cur.execute("TRUNCATE ladder_ladderplaatsing")
        cur.execute("DELETE FROM deelnemers_deelnemer WHERE id LIKE 'B-%%'")
        cur.execute(
            """
            INSERT INTO deelnemers_deelnemer (id, voornaam, achternaam, geboortedatum,
                provincie_id, regio_id, armoede, arbeidsbeperking, kortgeschoold, versie)
            SELECT 'B-' || g, '', '', DATE '1960-01-01' + (g %% 15000),
                   'west-vlaanderen', 'regio-brugge', false, false, false, 1
            FROM generate_series(1, %s) g
            """,
            [personen],
        )
        # start spread over 2014-2024, duration 1 day .. 4 years, a quarter open-ended;
        # 80% in West-Vlaanderen, a tenth of those without a region
        cur.execute(
            """
            INSERT INTO ladder_ladderplaatsing (id, deelnemer_id, werkvorm_id, start, einde,
                provincie_id, regio_wvl_id)
            SELECT 'BP-' || g,
                   'B-' || (1 + (g * 7919) %% %s),
                   (%s::text[])[(1 + (g * 31 + g / 7) %% %s)::int],
                   s,
                   CASE WHEN g %% 4 = 0 THEN NULL ELSE s + ((g * 13) %% 1460)::int END,
                   CASE WHEN g %% 5 = 0 THEN
                        (ARRAY['antwerpen','limburg','oost-vlaanderen','vlaams-brabant','brussel'])[(1 + (g / 5) %% 5)::int]
                        ELSE 'west-vlaanderen' END,
                   CASE WHEN g %% 5 = 0 OR g %% 10 = 1 THEN NULL ELSE
                        (ARRAY['brugge','midden-west-vlaanderen','oostende','westhoek',
                               'zuid-west-vlaanderen'])[(1 + (g / 3) %% 5)::int] END
            FROM generate_series(1::bigint, %s) g,
                 LATERAL (SELECT DATE '2014-01-01' + ((g * 104729) %% 4000)::int AS s) d
            """,
            [personen, codes, len(codes), n],
        )
        cur.execute("ANALYZE ladder_ladderplaatsing")
        cur.execute("ANALYZE deelnemers_deelnemer")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--placements", type=int, default=1_000_000)
    parser.add_argument("--jaar", type=int, default=2019)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the data already loaded")
    args = parser.parse_args()

    ensure_database()
    # Django only once sys.path and DJANGO_SETTINGS_MODULE are set
    import django

    django.setup()
    # after django.setup(): the settings and the app registry are ready only now
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # after django.setup(): the settings and the app registry are ready only now
    from ladder.models import Ladderplaatsing
    from ladder.report import ladder_rapport

    if not args.keep or Ladderplaatsing.objects.count() != args.placements:
        t = time.perf_counter()
        synthesise(args.placements)
        print(f"synthesised {args.placements:,} placements in {time.perf_counter() - t:.1f} s")
    tijden = []
    for _ in range(args.runs):
        t = time.perf_counter()
        rapport = ladder_rapport(args.jaar)
        tijden.append(time.perf_counter() - t)
    totaal = rapport["tables"]["ladder_stand_provincie"]["totaal-kansengroepen"]["vlaams-gewest"]
    aantal = Ladderplaatsing.objects.count()
    print(
        f"ladder report {args.jaar} on {aantal:,} placements: "
        f"best {min(tijden):.2f} s, median {statistics.median(tijden):.2f} s "
        f"(target < 2 s; totaal kansengroepen Vlaams Gewest {totaal:,})"
    )
    # Django is set up by main() before this runs
    from django.test.utils import setup_test_environment

    setup_test_environment()
    for jaar in (args.jaar, None):
        tijden, status = time_page(jaar, args.runs)
        print(
            f"ladder page ?jaar={jaar or '(default)'} on {aantal:,} placements: HTTP {status}, "
            f"best {min(tijden):.2f} s, median {statistics.median(tijden):.2f} s (target < 2 s)"
        )


def time_page(jaar: int | None, runs: int) -> tuple[list[float], int]:
    """GET the report page as a coordinator through the test client (the full stack)."""
    # Django is set up by main() before this runs
    from django.test import Client

    from accounts.models import Rol, Roltoewijzing, User
    from tests.mfa import zo_nodig_totp

    user, _nieuw = User.objects.get_or_create(username="bench-coordinator")
    Roltoewijzing.objects.get_or_create(user=user, rol=Rol.COORDINATOR)
    zo_nodig_totp(user)  # coordinators use MFA: without an authenticator, a redirect
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = "/ladder/rapport/" + (f"?jaar={jaar}" if jaar else "")
    tijden, status = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get(url)
        tijden.append(time.perf_counter() - t)
        status = response.status_code
        if status != 200:
            raise SystemExit(f"{url}: HTTP {status} {response.get('Location', '')}")
    return tijden, status


if __name__ == "__main__":
    main()
