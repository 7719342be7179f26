"""Benchmark the data-quality search for duplicates on PostgreSQL with ~1 M participants.

    python /work/shared/tools/make_bundle.py --targets \
        /work/shared/fixtures/mededeling-2024/published.json --out DIR --seed 1 --background 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wz_h7bench python manage.py migrate
    DATABASE_URL=... python manage.py import_bundle DIR
    DATABASE_URL=... python bench/bench_duplicaten.py [--dubbels 1000] [--runs 1]

Inserts `--dubbels` synthetic duplicates of random participants (accents removed or added,
first and last name swapped, day and month swapped, one digit of the birth date changed, a
part of a compound name dropped), ids `BENCHDUP-…`; runs the search (`dossier.duplicaten_run`,
the Celery task's body: on PostgreSQL `deelnemers.duplicaten.alle_paren_db`) and prints
participants, seconds, candidate pairs and how many of the inserted duplicates were found
(recall), with the load average before and after (the machine may be shared). The synthetic
rows are removed again at the end. The 1 M database of `bench_load.py` (`wz_bench`) will do.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkzorg.settings")

ACCENTEN = str.maketrans("aeiouc", "áéïöüç")
PREFIX = "BENCHDUP-"


def variant(rng: random.Random, voornaam: str, achternaam: str, geboren: date) -> tuple:
    soort = rng.choice(["accent", "omgewisseld", "dag-maand", "cijfer", "hoofdletters"])
    vn, an, d = voornaam, achternaam, geboren
    if soort == "accent":
        an = an.translate(ACCENTEN)
    elif soort == "omgewisseld":
        vn, an = an, vn
    elif soort == "dag-maand" and d.day <= 12 and d.day != d.month:
        d = date(d.year, d.day, d.month)
    elif soort == "cijfer":
        for _ in range(20):
            try:
                d = date(d.year + rng.choice([-1, 1]), d.month, d.day)
                break
            except ValueError:
                continue
    else:
        vn, an = vn.upper(), an.lower()
    return soort, vn, an, d


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dubbels", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    # Django only once sys.path and DJANGO_SETTINGS_MODULE are set
    import django

    django.setup()
    # after django.setup(): the settings and the app registry are ready only now
    from django.db import connection

    from deelnemers.models import Deelnemer
    from dossier.duplicaten_run import voer_uit
    from dossier.models import DuplicaatPaar, DuplicatenRun

    if connection.vendor != "postgresql":
        sys.exit("DATABASE_URL moet naar PostgreSQL wijzen")
    rng = random.Random(args.seed)
    Deelnemer.objects.filter(pk__startswith=PREFIX).delete()
    ids = list(Deelnemer.objects.values_list("pk", flat=True))
    bronnen = Deelnemer.objects.in_bulk(rng.sample(ids, args.dubbels))
    nieuw = []
    for i, (_pk, d) in enumerate(sorted(bronnen.items())):
        _soort, vn, an, geboren = variant(rng, d.voornaam, d.achternaam, d.geboortedatum)
        nieuw.append(
            Deelnemer(
                id=f"{PREFIX}{i:06d}",
                voornaam=vn,
                achternaam=an,
                geboortedatum=geboren,
                provincie_id=d.provincie_id,
                regio_id=d.regio_id,
            )
        )
    Deelnemer.objects.bulk_create(nieuw, batch_size=5000)
    verwacht = {(n.pk, pk) for n, pk in zip(nieuw, sorted(bronnen), strict=True)}
    try:
        for r in range(args.runs):
            run = DuplicatenRun.objects.create()
            voor = _load()
            start = time.perf_counter()
            run = voer_uit(run.pk)
            sec = time.perf_counter() - start
            paren = set(
                DuplicaatPaar.objects.filter(run=run).values_list("a_id", "b_id").iterator()
            )
            gevonden = sum(1 for a, b in verwacht if (min(a, b), max(a, b)) in paren)
            print(
                f"run {r + 1}: {run.deelnemers:,} deelnemers in {sec:.1f} s (load {voor} → "
                f"{_load()}); "
                f"{run.paren:,} kandidaatparen; {gevonden}/{len(verwacht)} ingevoegde dubbels "
                "gevonden",
                flush=True,
            )
    finally:
        Deelnemer.objects.filter(pk__startswith=PREFIX).delete()


if __name__ == "__main__":
    main()
