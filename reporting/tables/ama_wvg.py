"""Section 5 of the counting rules: AMA WVG overeenkomsten running at the end of the year."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from referentie.models import OrganisatieType, Provincie
from reporting.tables.common import TOTAAL, jaareinde
from trajectories.models import AmaWvgOvereenkomst

# AMA WVG is counted from its start (decreet) on.
AMA_WVG_START = date(2018, 1, 1)

KOLOMMEN = ("begeleiders", "overeenkomsten", "deelnemers")


def lopende_overeenkomsten(jaar: int) -> QuerySet[AmaWvgOvereenkomst]:
    """Agreements started 2018-01-01..31 December `jaar` and not ended by 31 December."""
    op = jaareinde(jaar)
    return AmaWvgOvereenkomst.objects.filter(start__range=(AMA_WVG_START, op)).filter(
        Q(einde__isnull=True) | Q(einde__gt=op)
    )


_TELLERS = {
    "begeleiders": Count("begeleider_id", distinct=True),
    "overeenkomsten": Count("id"),
    "deelnemers": Count("deelnemer_id", distinct=True),
}


def ama_wvg_totalen(jaar: int, peildatum: date) -> dict[str, int]:
    """Agreements, distinct participants and distinct begeleiders over all running agreements."""
    t = lopende_overeenkomsten(jaar).aggregate(**_TELLERS)
    return {k: t[k] for k in ("overeenkomsten", "deelnemers", "begeleiders")}


def _per(jaar: int, groep: str, codes: list[str]) -> dict[str, dict[str, int]]:
    telling = lopende_overeenkomsten(jaar).values(groep).annotate(**_TELLERS).order_by()
    tabel = {code: dict.fromkeys(KOLOMMEN, 0) for code in codes}
    for rij in telling:
        tabel[rij[groep]] = {k: rij[k] for k in KOLOMMEN}
    # Distinct over all agreements, not the sum of the rows: a participant guided by two
    # begeleiders of different provinces counts once here.
    totaal = lopende_overeenkomsten(jaar).aggregate(**_TELLERS)
    tabel[TOTAAL] = {k: totaal[k] for k in KOLOMMEN}
    return tabel


def ama_wvg_per_provincie(jaar: int, peildatum: date) -> dict[str, dict[str, int]]:
    """Running agreements per province of the begeleider's establishment (Brussels included)."""
    codes = list(Provincie.objects.values_list("code", flat=True))
    return _per(jaar, "begeleider__provincie_id", codes)


def ama_wvg_per_organisatietype(jaar: int, peildatum: date) -> dict[str, dict[str, int]]:
    """Running agreements per organisation type of the begeleider (`organisaties.type`)."""
    codes = list(OrganisatieType.objects.values_list("code", flat=True))
    return _per(jaar, "begeleider__type_id", codes)
