"""Forms of the dossier pages: register a deelnemer, edit kenmerken, add a zorgnotitie."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from deelnemers.duplicaten import kandidaten_voor
from deelnemers.models import Deelnemer, ZorgNotitie
from deelnemers.rules import normaliseer_insz
from deelnemers.selectors import visible_to
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
    kandidaten: list[Any] = []  # (Deelnemer, Score) found by clean(), shown by the view

    field_order = ["insz", *KenmerkenForm.KENMERKEN, "bevestig_nieuw"]

    def __init__(self, *args: Any, gebruiker: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The duplicate warning looks only at dossiers this user may open (decision 186).
        self.gebruiker = gebruiker

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

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean answers cleaned_data
        if self.errors or data.get("bevestig_nieuw"):
            return data
        # Possible duplicates (deelnemers.duplicaten): only a warning (twins, common names).
        self.kandidaten = kandidaten_voor(
            voornaam=data["voornaam"],
            achternaam=data["achternaam"],
            geboortedatum=data["geboortedatum"],
            insz=data.get("insz"),
            # Decision 186: only dossiers the user may open; the data-quality scan of the
            # beheerder finds the others, without telling anyone outside their scope.
            qs=None if self.gebruiker is None else visible_to(self.gebruiker),
        )
        if self.kandidaten:
            raise forms.ValidationError(
                _(
                    "Er bestaat mogelijk al een deelnemer met dezelfde naam en geboortedatum "
                    "(of met een schrijf- of tikfout erin). Controleer de kandidaten; is het "
                    "iemand anders, vink dan de bevestiging aan en registreer opnieuw."
                ),
                code="mogelijke_dubbel",
            )
        return data


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
