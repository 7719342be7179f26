"""The caseload filters of "Mijn dossiers" (django-filter), applied on `visible_to(user)`."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deelnemers.models import Deelnemer
from deelnemers.selectors import IdVoorwaarde
from deelnemers.zoeken import zoek
from organisaties.selectors import casemanager_keuzes, regio_keuzes, regiocodes_in_naamvolgorde
from trajectories import rules
from trajectories.models import Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst
from trajectories.selectors import activering_status_voorwaarde, alleen_overdue


def _semi(trajecten: QuerySet[Any]) -> IdVoorwaarde:
    """Deelnemers with a row in `trajecten` (an uncorrelated semi-join, see selectors)."""
    return lambda veld: Q(**{f"{veld}__in": trajecten.values("deelnemer_id")})


class Soort:
    ACTIVERING = "activering"
    AMA_SE = "ama-se"
    AMA_WVG = "ama-wvg"
    CHOICES = [
        (ACTIVERING, _("Activeringstraject")),
        (AMA_SE, _("AMA SE-traject")),
        (AMA_WVG, _("AMA WVG-overeenkomst")),
    ]


class _Volgorde(django_filters.OrderingFilter):
    """The chosen order, then the name order (`Meta.ordering`) for equal values: a page of
    dossiers born on the same day is the same page every time (decision 545); a descending
    order is the ascending list reversed, ties included. By region: by the region's code when
    the codes sort as the names, an order an index serves (546)."""

    def filter(self, qs: QuerySet[Deelnemer], value: Any) -> QuerySet[Deelnemer]:
        qs = super().filter(qs, value)
        gekozen = list(qs.query.order_by)
        if not gekozen:
            return qs
        if any(str(v).lstrip("-") == "regio__naam" for v in gekozen) and (
            regiocodes_in_naamvolgorde()
        ):
            gekozen = [
                str(v).replace("regio__naam", "regio_id") if isinstance(v, str) else v
                for v in gekozen
            ]
        velden = {str(v).lstrip("-") for v in gekozen}
        # Descending: the ascending list reversed, ties too (an index read backwards).
        richting = "-" if str(gekozen[0]).startswith("-") else ""
        return qs.order_by(
            *gekozen,
            *(richting + v for v in Deelnemer._meta.ordering or () if v not in velden),
        )


class DossierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoek op naam, INSZ of id"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("Status activeringstraject"),
        choices=rules.Status.choices,
        method="filter_status",
        empty_label=_("Alle statussen"),
    )
    regio = django_filters.ChoiceFilter(
        label=_("Regio"),
        choices=regio_keuzes,
        field_name="regio",
        empty_label=_("Alle regio's"),
    )
    soort = django_filters.ChoiceFilter(
        label=_("Soort traject"),
        choices=Soort.CHOICES,
        method="filter_soort",
        empty_label=_("Alle soorten"),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Einddatum overschreden"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        method="filter_overdue",
        empty_label=_("Alle"),
    )
    casemanager = django_filters.ChoiceFilter(
        label=_("Casemanager (organisatie)"),
        choices=casemanager_keuzes,
        method="filter_casemanager",
        empty_label=_("Alle organisaties"),
    )
    sorteer = _Volgorde(
        label=_("Sorteer"),
        fields=(
            ("achternaam", "naam"),
            ("geboortedatum", "geboortedatum"),
            ("regio__naam", "regio"),
            ("id", "id"),
        ),
        field_labels={
            "naam": _("Naam"),
            "geboortedatum": _("Geboortedatum"),
            "regio": _("Regio"),
            "id": _("Dossiernummer"),
        },
        empty_label=_("Naam"),
    )

    class Meta:
        model = Deelnemer
        fields: list[str] = []

    def __init__(
        self,
        *args: Any,
        op: date | None = None,
        omvang: int | None = -1,
        regios: tuple[str, ...] | None = None,
        apart: bool = False,
        **kwargs: Any,
    ) -> None:
        """`omvang`: the size of the queryset's scope when known (`selectors.scope_omvang`,
        None: everybody), and `regios`: the regions that cover the scope when known
        (`selectors.scope_regios`), the search's plan hints (`deelnemers.zoeken.zoek`).

        `apart`: the filters that are conditions on the participant's trajectories (status,
        soort, overdue, casemanager) are not applied to the queryset but kept in
        `id_voorwaarden` (after `qs`), for `selectors.zichtbare_ids` to apply them to the
        scope's own rows (decision 554); `qs` then holds the other filters and the order."""
        super().__init__(*args, **kwargs)
        self.op = op or timezone.localdate()
        self.omvang = omvang
        self.regios = regios
        self.apart = apart
        self.id_voorwaarden: list[IdVoorwaarde] = []

    def filter_queryset(self, queryset: QuerySet[Deelnemer]) -> QuerySet[Deelnemer]:
        self.id_voorwaarden = []
        return super().filter_queryset(queryset)

    def _op_id(self, qs: QuerySet[Deelnemer], voorwaarde: IdVoorwaarde) -> QuerySet[Deelnemer]:
        """`qs` narrowed by a condition on the participant's id; kept apart (`apart`)."""
        if self.apart:
            self.id_voorwaarden.append(voorwaarde)
            return qs
        return qs.filter(voorwaarde("pk"))

    def filter_q(self, qs: QuerySet[Deelnemer], name: str, value: str) -> QuerySet[Deelnemer]:
        # Name (accents and case ignored), INSZ prefix or an id: `deelnemers.zoeken`.
        return zoek(qs, value, omvang=self.omvang, regios=self.regios)

    def filter_status(self, qs: QuerySet[Deelnemer], name: str, value: str) -> QuerySet[Deelnemer]:
        if not value:
            return qs
        return self._op_id(
            qs,
            _semi(Activeringstraject.objects.filter(activering_status_voorwaarde(value, self.op))),
        )

    def filter_soort(self, qs: QuerySet[Deelnemer], name: str, value: str) -> QuerySet[Deelnemer]:
        model = {
            Soort.ACTIVERING: Activeringstraject,
            Soort.AMA_SE: AmaSeTraject,
            Soort.AMA_WVG: AmaWvgOvereenkomst,
        }.get(value)
        if model is None:
            return qs
        return self._op_id(qs, _semi(model._default_manager.all()))

    def filter_overdue(self, qs: QuerySet[Deelnemer], name: str, value: str) -> QuerySet[Deelnemer]:
        if value not in ("ja", "nee"):
            return qs
        overdue = alleen_overdue(Activeringstraject.objects.all(), op=self.op)
        if value == "ja":
            return self._op_id(qs, _semi(overdue))
        # NOT EXISTS, which PostgreSQL answers per dossier of the scope (an anti-join);
        # `NOT IN` would first read every overdue trajectory of Flanders (decision 544).
        return self._op_id(qs, lambda veld: Q(~Exists(overdue.filter(deelnemer_id=OuterRef(veld)))))

    def filter_casemanager(
        self, qs: QuerySet[Deelnemer], name: str, value: str
    ) -> QuerySet[Deelnemer]:
        if not value:
            return qs
        return self._op_id(
            qs,
            _semi(
                Activeringstraject.objects.filter(
                    Q(casemanager_werk_org=value) | Q(casemanager_zorg_org=value)
                )
            ),
        )
