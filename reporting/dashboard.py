"""The coordinators' dashboard: a gunningsjaar's referrals per region and network.

The counts are those of the report's table 3 (`activering_status_per_regio`), called with the
same peildatum (today for the running year, the standard peildatum for a finished one): the
dashboard and the Mededeling cannot disagree. On top of them, per row:
the pro-rata expectation at today's date and a projection to the year end from the pace so far.
No personal data: only counts per region.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from referentie.models import Netwerk, Regio
from reporting.labels import TOTAAL, TOTAAL_LABEL
from reporting.tables import activering_status_per_regio
from reporting.tables.activering import STATUS_KOLOMMEN
from reporting.tables.common import dagen_in_jaar, jaarbegin, pct

STATUSSEN = tuple(STATUS_KOLOMMEN)  # aanvaard, bezig, vervroegd_stopgezet, afgesloten


@dataclass(frozen=True)
class DashboardRij:
    code: str
    label: str
    statussen: dict[str, int]
    definitief_toegeleid: int
    objectief: int
    pct_objectief: float | None
    pro_rata: float  # objectief x day-of-year / days-in-year
    pct_pro_rata: float | None  # definitief_toegeleid against the pro-rata expectation
    projectie: int  # definitief_toegeleid extrapolated to 31 December at the pace so far
    soort: str = "regio"  # regio | netwerk | totaal


@dataclass(frozen=True)
class Dashboard:
    jaar: int
    vandaag: date  # the peildatum the figures are counted on
    dag_van_jaar: int
    dagen_in_jaar: int
    regios: list[DashboardRij] = field(default_factory=list)
    netwerken: list[DashboardRij] = field(default_factory=list)
    totaal: DashboardRij | None = None

    def grafiekdata(self) -> dict[str, Any]:
        """What the Chart.js chart draws (counts per region only)."""
        return {
            "labels": [r.label for r in self.regios],
            "statussen": {s: [r.statussen[s] for r in self.regios] for s in STATUSSEN},
            "objectief": [r.objectief for r in self.regios],
            "pro_rata": [round(r.pro_rata, 1) for r in self.regios],
            "projectie": [r.projectie for r in self.regios],
        }


def _rij(
    code: str,
    label: str,
    statussen: dict[str, int],
    objectief: int,
    dag: int,
    dagen: int,
    soort: str,
) -> DashboardRij:
    toegeleid = sum(statussen.values())
    pro_rata = objectief * dag / dagen
    return DashboardRij(
        code=code,
        label=label,
        statussen=statussen,
        definitief_toegeleid=toegeleid,
        objectief=objectief,
        pct_objectief=pct(toegeleid, objectief),
        pro_rata=pro_rata,
        # pct() rounds teller/noemer; scale both by `dagen` to keep integers exact.
        pct_pro_rata=pct(toegeleid * dagen, objectief * dag) if objectief else None,
        projectie=(toegeleid * dagen + dag // 2) // dag,
        soort=soort,
    )


def _som(rijen: list[DashboardRij]) -> tuple[dict[str, int], int]:
    statussen = {s: sum(r.statussen[s] for r in rijen) for s in STATUSSEN}
    return statussen, sum(r.objectief for r in rijen)


def dashboard(*, jaar: int, peildatum: date, regios: set[str] | None) -> Dashboard:
    """The dashboard of gunningsjaar `jaar` on `peildatum` for the given regions (None: all).

    The pro-rata expectation counts the days of `jaar` up to the peildatum (all of them once
    the year is over).
    """
    dagen = dagen_in_jaar(jaar)
    dag = max(1, min(dagen, (peildatum - jaarbegin(jaar)).days + 1))
    tabel = activering_status_per_regio(jaar, peildatum=peildatum)

    regio_info = {
        r.code: r for r in Regio.objects.select_related("netwerk").order_by("volgorde", "code")
    }
    codes = [c for c in regio_info if c in tabel and (regios is None or c in regios)]
    regio_rijen = [
        _rij(
            c,
            regio_info[c].naam,
            {s: int(tabel[c][s]) for s in STATUSSEN},
            int(tabel[c]["objectief"]),
            dag,
            dagen,
            "regio",
        )
        for c in codes
    ]

    netwerk_rijen = []
    for netwerk in Netwerk.objects.order_by("volgorde", "code"):
        leden = [r for r in regio_rijen if regio_info[r.code].netwerk_id == netwerk.code]
        if leden:
            statussen, objectief = _som(leden)
            netwerk_rijen.append(
                _rij(netwerk.code, netwerk.naam, statussen, objectief, dag, dagen, "netwerk")
            )

    totaal = None
    if regio_rijen:
        statussen, objectief = _som(regio_rijen)
        totaal = _rij(TOTAAL, str(TOTAAL_LABEL), statussen, objectief, dag, dagen, "totaal")
    return Dashboard(
        jaar=jaar,
        vandaag=peildatum,
        dag_van_jaar=dag,
        dagen_in_jaar=dagen,
        regios=regio_rijen,
        netwerken=netwerk_rijen,
        totaal=totaal,
    )
