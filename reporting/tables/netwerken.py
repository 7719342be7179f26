"""Section 3 of the counting rules: composition of the networks of dienstverleners."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.db.models.functions import Coalesce

from organisaties.models import Lidmaatschap, Rol
from referentie.models import Netwerk, OrganisatieType
from reporting.tables.common import TOTAAL, actief_op, jaareinde, rijen


def netwerk_samenstelling(jaar: int, peildatum: date) -> dict[str, dict[str, int]]:
    """Organisations per type (rows) and network (columns) with a netwerk membership on 31 Dec.

    An organisation counts under the membership's `als_type` when given, else under its own
    type; distinct organisations per (network, type), so two overlapping rows of one
    organisation count once while one organisation with two types counts under each. Column
    `totaal` sums the networks (an organisation in two networks counts twice), row `totaal`
    sums the types.
    """
    telling = (
        Lidmaatschap.objects.filter(actief_op(jaareinde(jaar)), rol=Rol.NETWERK)
        .annotate(telt_als=Coalesce("als_type_id", "organisatie__type_id"))
        .values("netwerk_id", "telt_als")
        .annotate(n=Count("organisatie_id", distinct=True))
        .order_by()
    )
    netwerken = list(Netwerk.objects.values_list("code", flat=True))
    types = list(OrganisatieType.objects.values_list("code", flat=True))
    tabel = rijen([*types, TOTAAL], [*netwerken, TOTAAL])
    for rij in telling:
        for type_code in (rij["telt_als"], TOTAAL):
            cel = tabel.setdefault(type_code, dict.fromkeys([*netwerken, TOTAAL], 0))
            cel[rij["netwerk_id"]] = cel.get(rij["netwerk_id"], 0) + rij["n"]
            cel[TOTAAL] += rij["n"]
    return tabel
