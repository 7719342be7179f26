"""Sections 6 and 7 of the counting rules: AMA SE contingents, fill rates and outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least

from referentie.models import Eindadvies, Provincie
from reporting.tables import uitstroom as _uitstroom
from reporting.tables.common import (
    TOTAAL,
    dagen_in_jaar,
    jaarbegin,
    jaareinde,
    kenmerken_van_trajecten,
    pct,
    round_half_up,
)
from trajectories.models import AmaSeTraject, Contingent

# Start of the measurement of AMA SE eindadviezen and uitstroom.
AMA_SE_METING_START = date(2023, 5, 1)

# Fill-rate thresholds of the contingent rules.
NORM_INVULLING = Fraction(80, 100)
ONDERGRENS_INVULLING = Fraction(60, 100)


@dataclass(frozen=True)
class Invulling:
    """One begeleider's contingent for a year and the place-days its trajectories occupied."""

    begeleider_id: str
    provincie_id: str
    plaatsen: int
    plaatsdagen: int
    dagen: int

    @property
    def graad(self) -> Fraction | None:
        """Fill rate, exact (unrounded); None without places."""
        noemer = self.plaatsen * self.dagen
        return Fraction(self.plaatsdagen, noemer) if noemer else None

    @property
    def plaatsen_volgend_jaar(self) -> int:
        """Places x (1 - (0.80 - r)) rounded half up when r < 80%, else unchanged."""
        r = self.graad
        if r is None or r >= NORM_INVULLING:
            return self.plaatsen
        return int(round_half_up(self.plaatsen * (1 - (NORM_INVULLING - r)), 0))


def invulling_per_begeleider(jaar: int) -> list[Invulling]:
    """Every begeleider with a contingent for `jaar`, with its occupied place-days.

    Two aggregate queries: the contingent rows summed per begeleider, and the place-days per
    begeleider. A trajectory occupies one place on every day from gematcht_op to afgesloten_op
    or stopgezet_op (inclusive; open = to 31 December), clamped to the year: per trajectory
    (end - start) + 1 days, summed in the database as a duration.
    """
    begin, einde = jaarbegin(jaar), jaareinde(jaar)
    contingenten = (
        Contingent.objects.filter(jaar=jaar)
        .values("organisatie_id", "organisatie__provincie_id")
        .annotate(plaatsen=Sum("plaatsen"))
        .order_by("organisatie_id")
    )
    met_contingent = Contingent.objects.filter(jaar=jaar, organisatie_id=OuterRef("begeleider_id"))
    van = Greatest(F("gematcht_op"), Value(begin))
    tot = Least(Coalesce(F("afgesloten_op"), F("stopgezet_op"), Value(einde)), Value(einde))
    bezetting = (
        AmaSeTraject.objects.filter(Exists(met_contingent), gematcht_op__lte=einde)
        # Still running on 1 January: at most one of afgesloten_op / stopgezet_op is set.
        .filter(
            Q(afgesloten_op__gte=begin)
            | Q(stopgezet_op__gte=begin)
            | Q(afgesloten_op__isnull=True, stopgezet_op__isnull=True)
        )
        .values("begeleider_id")
        .annotate(
            duur=Sum(ExpressionWrapper(tot - van, output_field=DurationField())),
            trajecten=Count("pk"),
        )
        .order_by()
    )
    dagen_bezet = {
        r["begeleider_id"]: (r["duur"] or timedelta(0)).days + r["trajecten"] for r in bezetting
    }
    dagen = dagen_in_jaar(jaar)
    return [
        Invulling(
            begeleider_id=c["organisatie_id"],
            provincie_id=c["organisatie__provincie_id"],
            plaatsen=c["plaatsen"],
            plaatsdagen=dagen_bezet.get(c["organisatie_id"], 0),
            dagen=dagen,
        )
        for c in contingenten
    ]


def ama_se_per_provincie(jaar: int, peildatum: date) -> dict[str, dict[str, Any]]:
    """Begeleiders with a contingent, their places and fill rate, per province (and `totaal`).

    The province's (and the total's) fill rate is computed from the sums: occupied place-days
    over places x days, so larger begeleiders weigh more.
    """
    invullingen = invulling_per_begeleider(jaar)
    provincies = list(Provincie.objects.values_list("code", flat=True))
    sommen: dict[str, list[int]] = {p: [0, 0, 0] for p in [*provincies, TOTAAL]}
    for inv in invullingen:
        for p in (inv.provincie_id, TOTAAL):
            som = sommen.setdefault(p, [0, 0, 0])
            som[0] += 1
            som[1] += inv.plaatsen
            som[2] += inv.plaatsdagen
    dagen = dagen_in_jaar(jaar)
    return {
        p: {"begeleiders": n, "contingent": plaatsen, "pct_invulling": pct(bezet, plaatsen * dagen)}
        for p, (n, plaatsen, bezet) in sommen.items()
    }


def ama_se_invulling_spreiding(jaar: int, peildatum: date) -> dict[str, int]:
    """Begeleiders whose own (unrounded) fill rate is at least 80%, and below 60%."""
    graden = [inv.graad for inv in invulling_per_begeleider(jaar) if inv.graad is not None]
    return {
        "min_80": sum(1 for r in graden if r >= NORM_INVULLING),
        "onder_60": sum(1 for r in graden if r < ONDERGRENS_INVULLING),
    }


def ama_se_contingent_volgend_jaar(jaar: int, peildatum: date) -> dict[str, dict[str, Any]]:
    """Per begeleider: places, fill rate and next year's places after the contingent update."""
    return {
        inv.begeleider_id: {
            "plaatsen": inv.plaatsen,
            "pct_invulling": pct(inv.plaatsdagen, inv.plaatsen * inv.dagen),
            "plaatsen_volgend_jaar": inv.plaatsen_volgend_jaar,
        }
        for inv in invulling_per_begeleider(jaar)
    }


def ama_se_kenmerken(jaar: int, peildatum: date) -> dict[str, dict[str, Any]]:
    """Kenmerken of the participants, per AMA SE trajectory matched in `jaar`.

    Shares of arbeidsbeperking, kortgeschoold and werkzoekend_sinds more than 24 calendar
    months before the trajectory's gematcht_op (`AddMonths`, in the database).
    """
    return kenmerken_van_trajecten(
        AmaSeTraject.objects.filter(gematcht_op__range=(jaarbegin(jaar), jaareinde(jaar))),
        "gematcht_op",
        ("arbeidsbeperking", "kortgeschoold"),
    )


def afgesloten_in_meting(jaar: int) -> QuerySet[AmaSeTraject]:
    """AMA SE trajectories closed from 2023-05-01 to 31 December `jaar` (stopped ones excluded)."""
    return AmaSeTraject.objects.filter(afgesloten_op__range=(AMA_SE_METING_START, jaareinde(jaar)))


def ama_se_eindadviezen(jaar: int, peildatum: date) -> dict[str, dict[str, Any]]:
    """Count and share per eindadvies of the AMA SE trajectories closed in the measurement."""
    codes = Eindadvies.objects.filter(voor_ama_se=True).values_list("code", flat=True)
    return _uitstroom.eindadviezen(afgesloten_in_meting(jaar), codes)


def ama_se_uitstroom(jaar: int, peildatum: date) -> dict[str, Any]:
    """Position on closing, 6 and 12 months later, social-economy work apart."""
    return _uitstroom.uitstroom(afgesloten_in_meting(jaar), peildatum, (0, 6, 12), met_se=True)
