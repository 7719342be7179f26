"""The data-quality search for duplicates over all participants (run by `dossier.tasks`).

The normalisation and scoring are `deelnemers.duplicaten` (one home, the same rule as at
registration); this module streams the participants out of the database (ids, names, birth
date, INSZ: nothing else), blocks and scores them in memory key family by key family, and stores
the candidate pairs with ids only. Progress is written to the `DuplicatenRun` row.
"""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django.utils import timezone

from deelnemers.duplicaten import Persoon, alle_paren
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

        paren = alle_paren(personen, voortgang=stap)
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
            run.deelnemers, run.paren = len(personen), len(paren)
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


def _voortgang(run: DuplicatenRun, procent: int) -> None:
    procent = max(0, min(99, procent))
    if procent != run.voortgang:
        run.voortgang = procent
        DuplicatenRun.objects.filter(pk=run.pk).update(voortgang=procent)
