"""Web forms of the trajectories: one form per service call.

The forms only parse input (dates as `1/03/2026`, codes, ids). Every rule is checked by the
service they feed (`trajectories.services`), whose refusals (`rules.Geweigerd`) are put back on
the form with `add_fouten`, next to the field they concern.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from organisaties.models import Organisatie
from referentie.models import Eindadvies, Regio, Stopreden
from trajectories import rules
from trajectories.models import Actie, AmaSeMoment, Doelstelling
from werkzorg.domein.formulieren import (  # noqa: F401 - re-exported for the views
    VERSIE_VEROUDERD,
    DatumField,
    VersieField,
    add_weigering,
)


def _begeleiders(rol: str) -> QuerySet[Organisatie]:
    """Organisations that ever held the recognition; the service checks it on the date."""
    return Organisatie.objects.filter(lidmaatschappen__rol=rol).distinct().order_by("naam")


# --- activeringstraject -------------------------------------------------------------------


class ActiveringStartForm(forms.Form):
    regio = forms.ModelChoiceField(
        queryset=Regio.objects.all(),
        label=_("Werk- en zorgregio"),
        empty_label=_("Kies een regio"),
    )
    geinitieerd_op = DatumField(label=_("Toegeleid (geïnitieerd) op"))
    casemanager_werk_org = forms.ModelChoiceField(
        queryset=Organisatie.objects.filter(type_id="gtb").order_by("naam"),
        label=_("Casemanager Werk (organisatie)"),
        required=False,
        empty_label=_("Nog niet toegewezen"),
    )
    casemanager_zorg_org = forms.ModelChoiceField(
        queryset=_begeleiders("samenwerkingsverband-zorg"),
        label=_("Casemanager Zorg (organisatie)"),
        required=False,
        empty_label=_("Nog niet toegewezen"),
    )
    notitie = forms.CharField(
        label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Querysets are re-evaluated per form: organisations change while the process runs.
        cast(
            "forms.ModelChoiceField[Any]", self.fields["casemanager_zorg_org"]
        ).queryset = _begeleiders("samenwerkingsverband-zorg")


# Which form field shows a rule's field, for every status step.
STAP_VELDEN = {
    "geinitieerd_op": "datum",
    "aanvaard_op": "datum",
    "bezig_op": "datum",
    "afgesloten_op": "datum",
    "stopgezet_op": "datum",
    "ingetrokken_op": "datum",
    "eindadvies_motivering": "motivering",
    "motivering": "motivering",
    "verlengd_tot": "verlengd_tot",
    "eindadvies": "eindadvies",
    "stopreden": "stopreden",
    "notitie": "notitie",
}

DATUM_LABELS = {
    "aanvaard_op": _("Datum van het eerste gesprek"),
    "ingetrokken_op": _("Ingetrokken op"),
    "bezig_op": _("Trajectplan opgemaakt op"),
    "afgesloten_op": _("Afgesloten op"),
    "stopgezet_op": _("Vervroegd stopgezet op"),
}


class StapForm(forms.Form):
    """One status step (`rules.Stap`): its fields follow from the step's `velden`."""

    versie = VersieField()

    def __init__(self, *args, stap: rules.Stap, soort: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stap = stap
        datum_veld = next((v for v in stap.velden if v.endswith("_op")), None)
        if datum_veld:
            self.fields["datum"] = DatumField(label=DATUM_LABELS.get(datum_veld, _("Datum")))
        if "verlengd_tot" in stap.velden:
            self.fields["verlengd_tot"] = DatumField(
                label=_("Verlengd tot"),
                help_text=_(
                    "Ten hoogste 6 maanden na het einde van de 18 maanden. Bijvoorbeeld 1/03/2026."
                ),
            )
        if "eindadvies" in stap.velden:
            self.fields["eindadvies"] = forms.ModelChoiceField(
                queryset=Eindadvies.objects.filter(code__in=rules.toegelaten_eindadviezen(soort)),
                label=_("Eindadvies"),
                empty_label=_("Kies een eindadvies"),
                widget=forms.RadioSelect,
            )
            if soort == "activering":
                self.fields["motivering"] = forms.CharField(
                    label=_("Motivering van het eindadvies"),
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
        if "stopreden" in stap.velden:
            self.fields["stopreden"] = forms.ModelChoiceField(
                queryset=Stopreden.objects.all(),
                label=_("Reden van de stopzetting"),
                empty_label=_("Kies een reden"),
            )
        self.fields["notitie"] = forms.CharField(
            label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )
        # Keep the step's own fields first, the version last (hidden).
        self.order_fields(
            ["datum", "verlengd_tot", "eindadvies", "motivering", "stopreden", "notitie"]
        )

    def service_kwargs(self) -> dict:
        """The keyword arguments of `activering_stap`/`ama_se_stap` from the cleaned data."""
        data = self.cleaned_data
        kwargs: dict = {"versie": data["versie"], "notitie": data.get("notitie", "")}
        if "datum" in data:
            kwargs["datum"] = data["datum"]
        if data.get("verlengd_tot"):
            kwargs["verlengd_tot"] = data["verlengd_tot"]
        if data.get("eindadvies"):
            kwargs["eindadvies_id"] = data["eindadvies"].pk
        if data.get("motivering"):
            kwargs["motivering"] = data["motivering"]
        if data.get("stopreden"):
            kwargs["stopreden_id"] = data["stopreden"].pk
        return kwargs


class DoelstellingForm(forms.Form):
    soort = forms.ChoiceField(
        choices=Doelstelling.Soort.choices, label=_("Soort doelstelling"), widget=forms.RadioSelect
    )
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=500)


def dienstverleners(regio: Regio, op: date) -> QuerySet[Organisatie]:
    """Partners of the region's network on `op`: whom an action can be given to.

    Only narrows the choice list; the service checks the membership again.
    """
    return (
        Organisatie.objects.filter(
            Q(lidmaatschappen__tot__isnull=True) | Q(lidmaatschappen__tot__gte=op),
            lidmaatschappen__rol="netwerk",
            lidmaatschappen__netwerk_id=regio.netwerk_id,
            lidmaatschappen__van__lte=op,
        )
        .distinct()
        .order_by("naam")
    )


class ActieForm(forms.Form):
    doelstelling = forms.TypedChoiceField(coerce=int, label=_("Bij doelstelling"))
    dienstverlener = forms.ModelChoiceField(
        queryset=Organisatie.objects.none(),
        label=_("Dienstverlener"),
        empty_label=_("Kies een dienstverlener van het netwerk"),
    )
    omschrijving = forms.CharField(label=_("Actie"), max_length=500)
    gepland_op = DatumField(label=_("Gepland op"), required=False)

    def __init__(
        self, *args, regio: Regio, op: date, doelstellingen: Iterable[Doelstelling], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["doelstelling"]).choices = [
            (d.pk, f"{d.get_soort_display()}: {d.omschrijving}") for d in doelstellingen
        ]
        cast(
            "forms.ModelChoiceField[Any]", self.fields["dienstverlener"]
        ).queryset = dienstverleners(regio, op)


class ActieWijzigForm(forms.Form):
    status = forms.ChoiceField(choices=Actie.Status.choices, label=_("Status"))
    datum = DatumField(
        label=_("Op"), required=False, help_text=_("Datum van de start of de afronding.")
    )


class StageForm(forms.Form):
    werkplek = forms.CharField(label=_("Werkplek"), max_length=200)
    start = DatumField(label=_("Start"))
    einde = DatumField(
        label=_("Einde"), help_text=_("Ten hoogste 6 maanden na de start. Bijvoorbeeld 1/09/2026.")
    )


# --- AMA SE ---------------------------------------------------------------------------------


class AmaSeStartForm(forms.Form):
    begeleider = forms.ModelChoiceField(
        queryset=Organisatie.objects.none(),
        label=_("Begeleider AMA SE"),
        empty_label=_("Kies een erkende begeleider"),
    )
    gematcht_op = DatumField(label=_("Gematcht op"))
    notitie = forms.CharField(
        label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["begeleider"]).queryset = _begeleiders(
            "begeleider-ama-se"
        )


class AmaSeMomentForm(forms.Form):
    datum = DatumField(label=_("Datum"))
    verslag = forms.CharField(
        label=_("Verslag"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    beslissing = forms.CharField(
        label=_("Beslissing"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld: verderzetten, heroriënteren, afsluiten."),
    )

    def __init__(self, *args, soort: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.soort = soort
        if soort == AmaSeMoment.Soort.BESLISSING:
            self.fields["beslissing"].required = True
        else:
            del self.fields["beslissing"]


# --- AMA WVG --------------------------------------------------------------------------------


class WvgOvereenkomstForm(forms.Form):
    begeleider = forms.ModelChoiceField(
        queryset=Organisatie.objects.none(),
        label=_("Begeleider AMA WVG"),
        empty_label=_("Kies een erkende begeleider"),
    )
    werkpost = forms.CharField(label=_("Werkpost"), max_length=300)
    start = DatumField(label=_("Start"))
    einde = DatumField(label=_("Einde"), required=False, help_text=_("Leeg = lopend."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["begeleider"]).queryset = _begeleiders(
            "begeleider-ama-wvg"
        )


class WvgEvaluatieForm(forms.Form):
    datum = DatumField(label=_("Datum van de evaluatie"))
    verslag = forms.CharField(
        label=_("Verslag"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    verderzetten = forms.TypedChoiceField(
        label=_("Besluit"),
        choices=[("1", _("De overeenkomst loopt verder")), ("0", _("De overeenkomst stopt"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        # No default: the user decides explicitly (decision 184).
    )


class WvgBeeindigForm(forms.Form):
    einde = DatumField(label=_("Einde van de overeenkomst"))
    notitie = forms.CharField(
        label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    versie = VersieField()
