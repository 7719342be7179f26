"""Which year a reporting page opens on: the latest year that holds data (two index lookups).

The pages read the asked year with `werkzorg.domein.jaren.lees_jaar` and show the one picker
`{% jaarkiezer %}`; this module only knows where reporting's data lives.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Max

from reporting.forms import jaar_keuzes
from reporting.tables.common import jaareinde
from trajectories.models import Activeringstraject, Contingent


def laatste_jaar_met_data(tot: int) -> int | None:
    """The latest year up to `tot` with an accepted activeringstraject or an AMA SE contingent.

    Both are index lookups (aanvaard_op is indexed; contingents are few), so every page can
    ask it on every request.
    """
    aanvaard = Activeringstraject.objects.filter(aanvaard_op__lte=jaareinde(tot)).aggregate(
        m=Max("aanvaard_op")
    )["m"]
    contingent = Contingent.objects.filter(jaar__lte=tot).aggregate(m=Max("jaar"))["m"]
    jaren = [j for j in (aanvaard.year if aanvaard else None, contingent) if j is not None]
    return max(jaren) if jaren else None


def standaard_jaar(vandaag: date, *, afgesloten: bool) -> int:
    """The year a page opens on: the latest year with data among the years the page offers.

    `afgesloten`: only a year that is over (the Mededeling reports on a finished year); the
    dashboard and the contingents also offer the running year.
    """
    tot = vandaag.year - 1 if afgesloten else vandaag.year
    aanbod = [j for j, _label in jaar_keuzes(vandaag)]
    laatste = laatste_jaar_met_data(tot)
    if laatste is None or laatste not in aanbod:
        return tot if tot in aanbod else max(aanbod)
    return laatste
