"""The netwerkcoördinator's steering figures: database aggregates, one query per table.

Per network, region and dienstverlener: acties assigned / accepted / declined / not started N
days after they were assigned / overdue (past the date the dienstverlener expected to finish)
/ done; per region: trajectories *aanvaard* for more than N days without a started actie, and
stages running. No care content: counts, and in the drill-down the acties' own fields.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from netwerk.models import StageBegeleiding
from organisaties.models import Organisatie
from referentie.models import Regio
from trajectories.models import Actie, Activeringstraject, Stage

#: The kinds of the drill-down, each a filter on the acties (`actie_filter`).
SOORTEN = ("toegewezen", "aanvaard", "geweigerd", "niet_gestart", "over_tijd", "afgerond")


def _grens(op: date, dagen: int) -> date:
    return op - timedelta(days=dagen)


def actie_filter(soort: str, *, op: date, dagen: int) -> Q:
    """The acties counted as `soort` (one home for the counts and the drill-down)."""
    open_ = ~Q(status=Actie.Status.AFGEROND)
    return {
        "toegewezen": Q(),
        "aanvaard": Q(opdracht__status="aanvaard"),
        "geweigerd": Q(opdracht__status="geweigerd"),
        "niet_gestart": Q(status=Actie.Status.GEPLAND)
        & ~Q(opdracht__status="geweigerd")
        & Q(toegewezen_datum__lte=_grens(op, dagen)),
        "over_tijd": open_ & Q(opdracht__verwacht_klaar_op__lt=op),
        "afgerond": Q(status=Actie.Status.AFGEROND),
    }[soort]


def acties_van_netwerken(netwerken: QuerySet[Any]) -> QuerySet[Actie]:
    """The acties of the trajectories in the regions of `netwerken`, with the date they were
    assigned (the opdracht's, else the planned date for imported acties)."""
    return Actie.objects.filter(doelstelling__traject__regio__netwerk__in=netwerken).annotate(
        toegewezen_datum=Coalesce("opdracht__toegewezen_op", "gepland_op")
    )


def per_dienstverlener(netwerken: QuerySet[Any], *, op: date, dagen: int) -> list[dict[str, Any]]:
    """One row per network, region and dienstverlener with the counts of `SOORTEN`.

    Counted per region and dienstverlener code only, the names added afterwards from their
    own small tables: grouped by the names too, PostgreSQL sorted every action of the
    network's history on them, on disk at 1 M participants (decision 558)."""
    tellingen = list(
        acties_van_netwerken(netwerken)
        .values("doelstelling__traject__regio_id", "dienstverlener_id")
        .annotate(
            **{s: Count("pk", filter=actie_filter(s, op=op, dagen=dagen)) for s in SOORTEN},
        )
        .order_by()
    )
    regios = {
        r.code: r
        for r in Regio.objects.filter(
            code__in={t["doelstelling__traject__regio_id"] for t in tellingen}
        )
    }
    namen = dict(
        Organisatie.objects.filter(pk__in={t["dienstverlener_id"] for t in tellingen}).values_list(
            "pk", "naam"
        )
    )
    rijen = [
        {
            "doelstelling__traject__regio__netwerk_id": regios[
                t["doelstelling__traject__regio_id"]
            ].netwerk_id,
            "doelstelling__traject__regio_id": t["doelstelling__traject__regio_id"],
            "doelstelling__traject__regio__naam": regios[t["doelstelling__traject__regio_id"]].naam,
            "dienstverlener_id": t["dienstverlener_id"],
            "dienstverlener__naam": namen[t["dienstverlener_id"]],
            **{s: t[s] for s in SOORTEN},
        }
        for t in tellingen
    ]
    rijen.sort(
        key=lambda r: (
            r["doelstelling__traject__regio__netwerk_id"],
            r["doelstelling__traject__regio_id"],
            r["dienstverlener__naam"],
        )
    )
    return rijen


def per_regio(netwerken: QuerySet[Any], *, op: date, dagen: int) -> list[dict[str, Any]]:
    """Per region: trajectories aanvaard > `dagen` days without a started actie; stages
    running on `op` (and of those, guided by a dienstverlener)."""
    gestart = Actie.objects.filter(
        doelstelling__traject=OuterRef("pk"),
        status__in=[Actie.Status.GESTART, Actie.Status.AFGEROND],
    )
    wachtend = (
        Activeringstraject.objects.filter(
            regio__netwerk__in=netwerken,
            aanvaard_op__lte=_grens(op, dagen),
            bezig_op__isnull=True,
            stopgezet_op__isnull=True,
            afgesloten_op__isnull=True,
            ingetrokken_op__isnull=True,
        )
        .filter(~Exists(gestart))
        .values("regio_id")
        .annotate(n=Count("pk"))
    )
    stages = (
        Stage.objects.filter(traject__regio__netwerk__in=netwerken, start__lte=op, einde__gte=op)
        .values("traject__regio_id")
        .annotate(
            n=Count("pk"),
            begeleid=Count("pk", filter=Q(pk__in=StageBegeleiding.objects.values("stage_id"))),
        )
    )
    rijen: dict[str, dict[str, Any]] = {}

    for r in Regio.objects.filter(netwerk__in=netwerken).order_by("netwerk_id", "code"):
        rijen[r.code] = {
            "netwerk": r.netwerk_id,
            "regio": r.code,
            "naam": r.naam,
            "wachtend": 0,
            "stages": 0,
            "stages_begeleid": 0,
        }
    for w in wachtend:
        rijen[w["regio_id"]]["wachtend"] = w["n"]
    for s in stages:
        rijen[s["traject__regio_id"]]["stages"] = s["n"]
        rijen[s["traject__regio_id"]]["stages_begeleid"] = s["begeleid"]
    return list(rijen.values())
