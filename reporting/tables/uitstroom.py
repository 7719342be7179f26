"""Eindadviezen and uitstroom of closed trajectories: shared by sections 4 and 7."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from deelnemers.models import Arbeidsmarktpositie
from reporting.tables.common import TOTAAL, WERK, WERK_SE, WERKZOEKEND, aandeel, laatste_dag_met
from werkzorg.domein.datums import AddMonths


def eindadviezen(populatie: QuerySet, codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Count and share per eindadvies of `populatie` (closed trajectories), and `totaal`.

    One GROUP BY query; every code of `codes` is a row, with 0 when no trajectory has it.
    """
    codes = list(codes)
    telling = {
        r["eindadvies_id"]: r["n"]
        for r in populatie.values("eindadvies_id").annotate(n=Count("pk")).order_by()
    }
    totaal = sum(telling.values())
    rij_codes = codes + [c for c in telling if c not in codes]
    tabel = {code: aandeel(telling.get(code, 0), totaal) for code in rij_codes}
    tabel[TOTAAL] = aandeel(totaal, totaal)
    return tabel


def _positie_na(maanden: int, positie: Q) -> Exists:
    """The participant has a position matching `positie` on afgesloten_op + `maanden` months.

    The measuring date is spelled inside the subquery (not as an annotation of the outer
    query): an outer annotation referenced from an aggregate's FILTER is not in scope there.
    """
    meetdatum = (
        AddMonths(OuterRef("afgesloten_op"), maanden) if maanden else OuterRef("afgesloten_op")
    )
    return Exists(
        Arbeidsmarktpositie.objects.filter(
            positie,
            deelnemer_id=OuterRef("deelnemer_id"),
            van__lte=meetdatum,
        ).filter(Q(tot__isnull=True) | Q(tot__gte=meetdatum))
    )


def uitstroom(
    populatie: QuerySet, peildatum: date, maanden: Iterable[int], *, met_se: bool
) -> dict[str, Any]:
    """Where the participants of closed trajectories are N months after closing.

    For each N the measuring date is afgesloten_op + N calendar months (`AddMonths`, month-end
    clamped, computed in the database per row). For N > 0 only trajectories whose measuring
    date falls on or before the peildatum count: those closed on or before the latest date
    whose + N months is the peildatum or earlier (`laatste_dag_met`, exact under clamping, and
    a plain date bound the index on afgesloten_op serves); their number (`afgesloten_min_Nm`)
    is the denominator. `uit_werkloosheid` counts positions other than werkzoekend (a day without a
    position is onbekend and never counts), `naar_werk` regular and social-economy work and,
    with `met_se`, `naar_werk_se` social-economy work only. One aggregate query.
    """
    maanden = list(maanden)
    soorten: list[tuple[str, Q]] = [
        ("uit_werkloosheid", ~Q(positie_id=WERKZOEKEND)),
        ("naar_werk", Q(positie_id__in=WERK)),
    ]
    if met_se:
        soorten.append(("naar_werk_se", Q(positie_id__in=WERK_SE)))
    aggregaten: dict[str, Count] = {"afgesloten": Count("pk")}
    for n in maanden:
        gemeten = Q(afgesloten_op__lte=laatste_dag_met(n, peildatum)) if n else Q()
        if n:
            aggregaten[f"afgesloten_min_{n}m"] = Count("pk", filter=gemeten)
        for naam, positie in soorten:
            aggregaten[f"{naam}_{n}m"] = Count("pk", filter=gemeten & Q(_positie_na(n, positie)))
    t = populatie.aggregate(**aggregaten)
    tabel: dict[str, Any] = {"afgesloten": t["afgesloten"]}
    for n in maanden:
        noemer = t[f"afgesloten_min_{n}m"] if n else t["afgesloten"]
        if n:
            tabel[f"afgesloten_min_{n}m"] = noemer
        for naam, _positie in soorten:
            tabel[f"{naam}_{n}m"] = aandeel(t[f"{naam}_{n}m"], noemer)
    return tabel
