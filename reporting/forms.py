"""Forms of the reporting pages: which year and peildatum."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

# The first gunningsjaar of the current toeleidingsperiode (from 1 July 2023).
EERSTE_JAAR = 2023


def jaar_keuzes(vandaag: date) -> list[tuple[int, str]]:
    return [(j, str(j)) for j in range(vandaag.year, EERSTE_JAAR - 1, -1)]


class RapportKeuzeForm(forms.Form):
    jaar = forms.TypedChoiceField(label=_("Rapportjaar"), coerce=int)
    peildatum = forms.DateField(
        label=_("Peildatum"),
        required=False,
        help_text=_("Leeg: 31 maart van het volgende jaar."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, vandaag: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["jaar"]).choices = jaar_keuzes(vandaag)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean answers cleaned_data
        jaar, peildatum = data.get("jaar"), data.get("peildatum")
        if jaar and peildatum and peildatum < date(jaar, 1, 1):
            self.add_error("peildatum", _("De peildatum valt niet vóór het rapportjaar."))
        return data


class JaarForm(forms.Form):
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int)

    def __init__(self, *args: Any, vandaag: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["jaar"]).choices = jaar_keuzes(vandaag)
