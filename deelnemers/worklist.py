"""Aandacht nodig: the worklist of one user, over the dossiers they may see.

Deadlines come from `trajectories.rules` (end date, next AMA SE follow-up and decision, next
WVG evaluation); this module only selects candidates in the database and groups the signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from deelnemers import selectors
from deelnemers.filters import status_q
from deelnemers.models import Arbeidsmarktpositie
from trajectories import rules
from trajectories.models import (
    Activeringstraject,
    AmaSeMoment,
    AmaSeTraject,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
)
from werkzorg.datums import active_on, add_months

BIJNA_EINDE_MAANDEN = 2
ZONDER_GESPREK_DAGEN = 30
BINNENKORT_DAGEN = 30
METINGEN_MAANDEN = (0, 6, 12)

CATEGORIEEN: dict[str, Any] = {
    "einde": _("Einddatum overschreden of binnen 2 maanden"),
    "eerste-gesprek": _("Geïnitieerd sinds meer dan 30 dagen zonder eerste gesprek"),
    "ama-se": _("AMA SE: opvolging of beslissing nodig"),
    "ama-wvg": _("AMA WVG: jaarlijkse evaluatie nodig"),
    "meting": _("Afgesloten: arbeidsmarktpositie ontbreekt voor de meting"),
}


@dataclass(frozen=True)
class Signaal:
    categorie: str
    deelnemer_id: str
    deelnemer: Any
    traject_id: str
    omschrijving: str
    datum: date
    te_laat: bool


def aandacht_voor(user: Any, *, op: date) -> dict[str, list[Signaal]]:
    """The worklist of `user` on `op`, per category (keys of `CATEGORIEEN`), oldest first."""
    zichtbaar = selectors.visible_to(user).values("pk")
    lijst: dict[str, list[Signaal]] = {k: [] for k in CATEGORIEEN}
    binnenkort = date.fromordinal(op.toordinal() + BINNENKORT_DAGEN)

    # 1. Past the end date, or within 2 months of it (bezig only).
    bezig = (
        Activeringstraject.objects.filter(status_q(rules.Status.BEZIG, op), deelnemer__in=zichtbaar)
        .select_related("deelnemer")
        .order_by("bezig_op")
    )
    grens = add_months(op, BIJNA_EINDE_MAANDEN)
    for t in bezig:
        einde = rules.activering_einddatum(t)
        if einde is not None and einde <= grens:
            lijst["einde"].append(
                Signaal(
                    "einde", t.deelnemer_id, t.deelnemer, t.id, _("Einddatum"), einde, einde < op
                )
            )

    # 2. Geïnitieerd for more than 30 days without first interview.
    te_oud = date.fromordinal(op.toordinal() - ZONDER_GESPREK_DAGEN)
    for t in (
        Activeringstraject.objects.filter(
            status_q(rules.Status.GEINITIEERD, op),
            deelnemer__in=zichtbaar,
            geinitieerd_op__lt=te_oud,
        )
        .select_related("deelnemer")
        .order_by("geinitieerd_op")
    ):
        lijst["eerste-gesprek"].append(
            Signaal(
                "eerste-gesprek",
                t.deelnemer_id,
                t.deelnemer,
                t.id,
                _("Geïnitieerd op"),
                t.geinitieerd_op,
                True,
            )
        )

    # 3. AMA SE: follow-up (monthly then quarterly) and the yearly decision.
    for t in (
        AmaSeTraject.objects.filter(
            deelnemer__in=zichtbaar, afgesloten_op__isnull=True, stopgezet_op__isnull=True
        )
        .filter(gematcht_op__lte=op)
        .select_related("deelnemer")
        .prefetch_related(
            Prefetch("momenten", queryset=AmaSeMoment.objects.only("traject_id", "soort", "datum"))
        )
    ):
        momenten = list(t.momenten.all())
        opvolging = rules.ama_se_volgende_opvolging(
            t.gematcht_op, [m.datum for m in momenten if m.soort == AmaSeMoment.Soort.OPVOLGING]
        )
        beslissing = rules.ama_se_volgende_beslissing(
            t.gematcht_op, [m.datum for m in momenten if m.soort == AmaSeMoment.Soort.BESLISSING]
        )
        for wat, d in ((_("Opvolgingsmoment"), opvolging), (_("Beslissingsmoment"), beslissing)):
            if d <= binnenkort:
                lijst["ama-se"].append(
                    Signaal("ama-se", t.deelnemer_id, t.deelnemer, t.id, wat, d, d < op)
                )

    # 4. AMA WVG: the yearly evaluation of running agreements.
    for o in (
        AmaWvgOvereenkomst.objects.filter(deelnemer__in=zichtbaar, start__lte=op)
        .filter(Q(einde__isnull=True) | Q(einde__gte=op))
        .select_related("deelnemer")
        .prefetch_related(
            Prefetch(
                "evaluaties", queryset=AmaWvgEvaluatie.objects.only("overeenkomst_id", "datum")
            )
        )
    ):
        d = rules.wvg_volgende_evaluatie(o.start, [e.datum for e in o.evaluaties.all()])
        if d <= binnenkort:
            lijst["ama-wvg"].append(
                Signaal("ama-wvg", o.deelnemer_id, o.deelnemer, o.id, _("Evaluatie"), d, d < op)
            )

    # 5. Closed trajectories without a labour-market position on a measurement date that has
    # passed (0, 6 and 12 months after closing).
    sinds = add_months(op, -(max(METINGEN_MAANDEN) + 1))
    afgesloten = list(
        Activeringstraject.objects.filter(
            deelnemer__in=zichtbaar,
            afgesloten_op__isnull=False,
            afgesloten_op__gte=sinds,
            afgesloten_op__lte=op,
        ).select_related("deelnemer")
    )
    posities: dict[str, list[Arbeidsmarktpositie]] = {}
    for p in Arbeidsmarktpositie.objects.filter(
        deelnemer_id__in={t.deelnemer_id for t in afgesloten}
    ).only("deelnemer_id", "van", "tot"):
        posities.setdefault(p.deelnemer_id, []).append(p)
    for t in afgesloten:
        for maanden in METINGEN_MAANDEN:
            meetdatum = add_months(t.afgesloten_op, maanden)
            if meetdatum > op:
                continue
            if not any(
                active_on(p.van, p.tot, meetdatum) for p in posities.get(t.deelnemer_id, [])
            ):
                lijst["meting"].append(
                    Signaal(
                        "meting",
                        t.deelnemer_id,
                        t.deelnemer,
                        t.id,
                        _("Meting na %(m)s maanden") % {"m": maanden},
                        meetdatum,
                        True,
                    )
                )
    for signalen in lijst.values():
        signalen.sort(key=lambda s: s.datum)
    return lijst


def tellingen(lijst: dict[str, list[Signaal]]) -> dict[str, int]:
    return {k: len(v) for k, v in lijst.items()}
