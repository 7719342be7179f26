"""The data-quality search for duplicates over all participants (run by `dossier.tasks`).

The normalisation and scoring are `deelnemers.duplicaten` (one home, the same rule as at
registration). On PostgreSQL the blocking runs in the database (`alle_paren_db`: only candidate
pairs come out, in batches); elsewhere this module reads the participants (ids, names, birth
date, INSZ: nothing else) and blocks them in memory (`alle_paren`). The candidate pairs are
stored with ids only; progress is written to the `DuplicatenRun` row.
"""

from __future__ import annotations

import logging
import time

from django.db import connection, transaction
from django.utils import timezone

from deelnemers.duplicaten import Persoon, Score, alle_paren, alle_paren_db
from deelnemers.models import Deelnemer
from dossier.models import DuplicaatPaar, DuplicatenRun

logger = logging.getLogger(__name__)

LEES_PER = 50_000


def voer_uit(run_id: int) -> DuplicatenRun:
    run = DuplicatenRun.objects.get(pk=run_id)
    start = time.monotonic()
    run.status, run.voortgang = DuplicatenRun.Status.BEZIG, 1
    run.save(update_fields=["status", "voortgang"])
    try:
        if connection.vendor == "postgresql":

            def stap(gedaan: int, stappen: int) -> None:
                _voortgang(run, 1 + 89 * gedaan // stappen)

            aantal, paren = alle_paren_db(voortgang=stap)
        else:
            aantal, paren = _in_geheugen(run)
        with transaction.atomic():
            DuplicaatPaar.objects.bulk_create(
                [
                    DuplicaatPaar(
                        run=run, a_id=a, b_id=b, score=s.score, redenen=", ".join(s.redenen)[:300]
                    )
                    for a, b, s in paren
                ],
                batch_size=5000,
            )
            run.status, run.voortgang = DuplicatenRun.Status.KLAAR, 100
            run.deelnemers, run.paren = aantal, len(paren)
            run.seconden = round(time.monotonic() - start, 2)
            run.klaar_op = timezone.now()
            run.save()
    except Exception:
        logger.exception("dubbels zoeken mislukt", extra={"run": run_id})
        DuplicatenRun.objects.filter(pk=run_id).update(status=DuplicatenRun.Status.MISLUKT)
        raise
    logger.info(
        "dubbels gezocht",
        extra={"run": run_id, "deelnemers": run.deelnemers, "paren": run.paren, "s": run.seconden},
    )
    return run


def _in_geheugen(run: DuplicatenRun) -> tuple[int, list[tuple[str, str, Score]]]:
    """`alle_paren` over the participants read into memory (SQLite, small databases)."""
    totaal = Deelnemer.objects.count() or 1
    personen: list[Persoon] = []
    qs = Deelnemer.objects.order_by().values_list(
        "id", "voornaam", "achternaam", "geboortedatum", "insz"
    )
    for rij in qs.iterator(chunk_size=LEES_PER):
        personen.append(Persoon(*rij))
        if len(personen) % (LEES_PER * 4) == 0:
            _voortgang(run, 1 + 29 * len(personen) // totaal)

    def stap(gedaan: int, families: int) -> None:
        _voortgang(run, 30 + 60 * gedaan // families)

    return len(personen), alle_paren(personen, voortgang=stap)


def _voortgang(run: DuplicatenRun, procent: int) -> None:
    procent = max(0, min(99, procent))
    if procent != run.voortgang:
        run.voortgang = procent
        DuplicatenRun.objects.filter(pk=run.pk).update(voortgang=procent)
