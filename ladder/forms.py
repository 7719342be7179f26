"""The form to record a placement; the rules themselves run in the service."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ladder.models import RegioWvl, Werkvorm
from organisaties.models import Organisatie
from referentie.models import Provincie, Regio
from werkzorg.domein.formulieren import DatumField


class PlaatsingForm(forms.Form):
    werkvorm = forms.ModelChoiceField(
        label=_("Werkvorm"),
        queryset=Werkvorm.objects.select_related("trede").order_by("-trede_id", "volgorde"),
    )
    start = DatumField(label=_("Start"))
    einde = DatumField(label=_("Einde"), required=False)
    provincie = forms.ModelChoiceField(label=_("Provincie"), queryset=Provincie.objects.all())
    regio_wvl = forms.ModelChoiceField(
        label=_("West-Vlaamse regio"),
        queryset=RegioWvl.objects.all(),
        required=False,
        help_text=_("Enkel voor plaatsingen in West-Vlaanderen."),
    )
    regio = forms.ModelChoiceField(
        label=_("Werk- en zorgregio"), queryset=Regio.objects.all(), required=False
    )
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisatie.objects.order_by("naam"), required=False
    )

    def __init__(self, *args: Any, op: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        werkvorm = cast("forms.ModelChoiceField[Any]", self.fields["werkvorm"])
        werkvorm.label_from_instance = lambda w: f"{w.trede_id} · {w.naam}"  # type: ignore[method-assign,assignment]  # per field, as Django's docs do
