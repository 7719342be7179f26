"""Forms of the dossier pages: register a deelnemer, edit kenmerken, add a zorgnotitie."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from deelnemers.models import Deelnemer, ZorgNotitie
from deelnemers.rules import normaliseer_insz
from referentie.models import Provincie, Regio
from werkzorg.domein.formulieren import DatumField, VersieField


class KenmerkenForm(forms.Form):
    """The kenmerken of a deelnemer; `versie` is the version the user saw (optimistic lock)."""

    voornaam = forms.CharField(label=_("Voornaam"), max_length=100)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=100)
    geboortedatum = DatumField(label=_("Geboortedatum"))
    provincie = forms.ModelChoiceField(
        label=_("Provincie (woonplaats)"), queryset=Provincie.objects.all()
    )
    regio = forms.ModelChoiceField(
        label=_("Werk- en zorgregio (woonplaats)"), queryset=Regio.objects.all()
    )
    armoede = forms.BooleanField(label=_("Leeft in armoede"), required=False)
    arbeidsbeperking = forms.BooleanField(label=_("Erkende arbeidsbeperking"), required=False)
    kortgeschoold = forms.BooleanField(label=_("Kortgeschoold"), required=False)
    werkzoekend_sinds = DatumField(label=_("Werkzoekend sinds"), required=False)
    versie = VersieField()

    KENMERKEN = (
        "voornaam",
        "achternaam",
        "geboortedatum",
        "provincie",
        "regio",
        "armoede",
        "arbeidsbeperking",
        "kortgeschoold",
        "werkzoekend_sinds",
    )

    @classmethod
    def initial_van(cls, d: Deelnemer) -> dict[str, Any]:
        data = {k: getattr(d, k) for k in cls.KENMERKEN}
        data["versie"] = d.versie
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The kenmerken as keyword arguments of `deelnemers.services`."""
        data = {k: self.cleaned_data[k] for k in self.KENMERKEN}
        data["provincie_id"] = data.pop("provincie").pk
        data["regio_id"] = data.pop("regio").pk
        return data


class RegistreerForm(KenmerkenForm):
    insz = forms.CharField(
        label=_("INSZ"),
        max_length=20,
        required=False,
        help_text=_("Rijksregister- of BIS-nummer, 11 cijfers. Leeg laten als het onbekend is."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    bevestig_nieuw = forms.BooleanField(
        label=_("Ik heb gecontroleerd dat dit een andere persoon is"),
        required=False,
    )
    versie = None  # type: ignore[assignment]

    field_order = ["insz", *KenmerkenForm.KENMERKEN, "bevestig_nieuw"]

    def service_kwargs(self) -> dict[str, Any]:
        """Possible duplicates refuse the registration until the user confirms "someone else"
        (`deelnemers.services.registreer_deelnemer`, `MogelijkeDubbel`)."""
        return {
            **super().service_kwargs(),
            "insz": self.cleaned_data["insz"],
            "bevestiging_nodig": not self.cleaned_data["bevestig_nieuw"],
        }

    def clean_insz(self) -> str | None:
        value = (self.cleaned_data.get("insz") or "").strip()
        if not value:
            return None
        try:
            insz = normaliseer_insz(value)
        except ValueError:
            raise forms.ValidationError(
                _("Dit is geen geldig INSZ-nummer (rijksregister- of BIS-nummer).")
            ) from None
        return insz


class ZorgNotitieForm(forms.ModelForm):
    class Meta:
        model = ZorgNotitie
        fields = ["traject", "soort", "tekst"]
        labels = {"traject": _("Activeringstraject"), "soort": _("Soort"), "tekst": _("Notitie")}
        widgets = {"tekst": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, trajecten: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["traject"]).queryset = trajecten
        cast("forms.ModelChoiceField[Any]", self.fields["traject"]).empty_label = None
