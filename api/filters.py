"""Filters of the API lists (django-filter), applied on the scoped querysets."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from deelnemers import selectors
from deelnemers.models import Deelnemer
from deelnemers.zoeken import zoek
from ladder.models import Ladderplaatsing
from trajectories import rules
from trajectories.models import (
    Actie,
    Activeringstraject,
    AmaSeTraject,
    AmaWvgOvereenkomst,
    Doelstelling,
    Stage,
)
from trajectories.selectors import activering_status_voorwaarde

#: The largest id of a BigAutoField.
GROOTSTE_ID = 2**63 - 1


def _geheel(field_name: str, label: Any, minimum: int, maximum: int) -> django_filters.Filter:
    """An integer query parameter (an id, a trede): `integer` with its bounds in the schema, so
    that a value the schema allows is never refused (a decimal parameter was `number`)."""

    @extend_schema_field({"type": "integer", "minimum": minimum, "maximum": maximum})
    class GeheelFilter(django_filters.NumberFilter):
        field_class = forms.IntegerField  # type: ignore[assignment]  # the stubs pin DecimalField

    return GeheelFilter(field_name=field_name, label=label, min_value=minimum, max_value=maximum)


def _code(field_name: str, label: Any) -> django_filters.CharFilter:
    return django_filters.CharFilter(field_name=field_name, label=label)


#: The request header that carries a search term (name, INSZ or id): a header, unlike the
#: query string, stays out of access logs (docs/api.md).
ZOEK_HEADER = "X-Werkzorg-Zoek"


class DeelnemerFilter(django_filters.FilterSet):
    regio = _code("regio_id", _("Regio (code)"))
    provincie = _code("provincie_id", _("Provincie (code)"))
    # Kept for existing clients; the query string lands in access logs, prefer the header.
    insz = django_filters.CharFilter(field_name="insz", label=_("INSZ"))

    class Meta:
        model = Deelnemer
        fields = ["armoede", "arbeidsbeperking", "kortgeschoold"]

    def filter_queryset(self, queryset: QuerySet[Deelnemer]) -> QuerySet[Deelnemer]:
        """The filters of the query string, then the search term of the `X-Werkzorg-Zoek`
        header: name (accents and case ignored), INSZ (prefix) or id, as on the web pages."""
        queryset = super().filter_queryset(queryset)
        if self.request is None:
            return queryset
        term = self.request.headers.get(ZOEK_HEADER, "")
        try:  # HTTP headers arrive as latin-1; clients send the term in UTF-8
            term = term.encode("latin-1").decode("utf-8")
        except UnicodeError:
            pass
        if not term.strip():
            return queryset
        # The scope's size chooses the search's plan (counted once per scope key, cached).
        user = self.request.user
        return zoek(
            queryset,
            term,
            omvang=selectors.scope_omvang(user),
            regios=selectors.scope_regios(user),
        )


class ActiveringstrajectFilter(django_filters.FilterSet):
    deelnemer = _code("deelnemer_id", _("Deelnemer (id)"))
    regio = _code("regio_id", _("Regio (code)"))
    casemanager_werk_org = _code("casemanager_werk_org_id", _("Casemanager Werk (organisatie)"))
    casemanager_zorg_org = _code("casemanager_zorg_org_id", _("Casemanager Zorg (organisatie)"))
    status = django_filters.ChoiceFilter(
        choices=rules.Status.choices, method="filter_status", label=_("Status vandaag")
    )
    geinitieerd_vanaf = django_filters.DateFilter(field_name="geinitieerd_op", lookup_expr="gte")
    geinitieerd_tot = django_filters.DateFilter(field_name="geinitieerd_op", lookup_expr="lte")

    class Meta:
        model = Activeringstraject
        fields: list[str] = []

    def filter_status(
        self, qs: QuerySet[Activeringstraject], name: str, value: str
    ) -> QuerySet[Activeringstraject]:
        # The same conditions of the milestone table as the web lists.
        if not value:
            return qs
        return qs.filter(activering_status_voorwaarde(value, timezone.localdate()))


class AmaSeTrajectFilter(django_filters.FilterSet):
    deelnemer = _code("deelnemer_id", _("Deelnemer (id)"))
    begeleider = _code("begeleider_id", _("Begeleider (organisatie)"))
    gematcht_vanaf = django_filters.DateFilter(field_name="gematcht_op", lookup_expr="gte")
    gematcht_tot = django_filters.DateFilter(field_name="gematcht_op", lookup_expr="lte")
    lopend = django_filters.BooleanFilter(
        field_name="afgesloten_op", method="filter_lopend", label=_("Nog lopend")
    )

    class Meta:
        model = AmaSeTraject
        fields: list[str] = []

    def filter_lopend(
        self, qs: QuerySet[AmaSeTraject], name: str, value: bool | None
    ) -> QuerySet[AmaSeTraject]:
        if value is None:
            return qs
        lopend = {"afgesloten_op__isnull": True, "stopgezet_op__isnull": True}
        return qs.filter(**lopend) if value else qs.exclude(**lopend)


class AmaWvgOvereenkomstFilter(django_filters.FilterSet):
    deelnemer = _code("deelnemer_id", _("Deelnemer (id)"))
    begeleider = _code("begeleider_id", _("Begeleider (organisatie)"))
    start_vanaf = django_filters.DateFilter(field_name="start", lookup_expr="gte")
    start_tot = django_filters.DateFilter(field_name="start", lookup_expr="lte")

    class Meta:
        model = AmaWvgOvereenkomst
        fields: list[str] = []


class LadderplaatsingFilter(django_filters.FilterSet):
    deelnemer = _code("deelnemer_id", _("Deelnemer (id)"))
    werkvorm = _code("werkvorm_id", _("Werkvorm (code)"))
    trede = _geheel("werkvorm__trede_id", _("Trede"), 1, 6)
    provincie = _code("provincie_id", _("Provincie (code)"))
    start_vanaf = django_filters.DateFilter(field_name="start", lookup_expr="gte")
    start_tot = django_filters.DateFilter(field_name="start", lookup_expr="lte")

    class Meta:
        model = Ladderplaatsing
        fields: list[str] = []


class DoelstellingFilter(django_filters.FilterSet):
    traject = _code("traject_id", _("Activeringstraject (id)"))

    class Meta:
        model = Doelstelling
        fields = ["soort"]


class ActieFilter(django_filters.FilterSet):
    traject = _code("doelstelling__traject_id", _("Activeringstraject (id)"))
    doelstelling = _geheel("doelstelling_id", _("Doelstelling (id)"), 1, GROOTSTE_ID)
    dienstverlener = _code("dienstverlener_id", _("Dienstverlener (organisatie)"))

    class Meta:
        model = Actie
        fields = ["status"]


class StageFilter(django_filters.FilterSet):
    traject = _code("traject_id", _("Activeringstraject (id)"))

    class Meta:
        model = Stage
        fields: list[str] = []
