"""The extract form of the privacy page: which registered purpose, which year."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import Onderzoeksdoel
from reporting.forms import jaar_keuzes


class ExtractForm(forms.Form):
    doel = forms.ModelChoiceField(
        label=_("Onderzoeksdoel"),
        queryset=Onderzoeksdoel.objects.filter(actief=True),
        to_field_name="code",
        empty_label=None,
        error_messages={
            "invalid_choice": _("Onbekend of niet actief onderzoeksdoel."),
            "required": _("Kies een onderzoeksdoel."),
        },
    )
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int)

    def __init__(self, *args: Any, vandaag: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["jaar"]).choices = jaar_keuzes(vandaag)
        self.fields["jaar"].initial = vandaag.year - 1
