"""Forms of the network pages: they validate the input shape; the rules live in the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from netwerk.models import Stageverslag
from trajectories.forms import DatumField


class AanvaardForm(forms.Form):
    verwacht_klaar_op = DatumField(
        label=_("Verwacht afgerond op"),
        required=False,
        help_text=_("Wanneer verwacht u de actie af te ronden? Bijvoorbeeld 30/06/2026."),
    )


class WeigerForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van weigering"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ToewijsForm(forms.Form):
    uitvoerder = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), label=_("Collega"), empty_label=None
    )

    def __init__(self, *args: Any, organisatie_id: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["uitvoerder"]).queryset = (
            get_user_model()
            .objects.filter(
                organisatie_id=organisatie_id,
                is_active=True,
                rollen__rol__in=["dienstverlener-werk", "dienstverlener-zorg"],
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        uitvoerder = cast("forms.ModelChoiceField[Any]", self.fields["uitvoerder"])
        uitvoerder.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[method-assign,assignment]  # per field, as Django's docs do


class DatumForm(forms.Form):
    datum = DatumField(label=_("Datum"), required=False)


class VoortgangForm(forms.Form):
    datum = DatumField(label=_("Datum"))
    tekst = forms.CharField(
        label=_("Voortgang (zichtbaar voor de casemanagers)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    vertrouwelijk = forms.CharField(
        label=_("Vertrouwelijke notitie (enkel voor de casemanager Zorg)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, vertrouwelijk: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not vertrouwelijk:
            del self.fields["vertrouwelijk"]


class StageRegistratieForm(forms.Form):
    werkplek = forms.CharField(label=_("Werkplek"), max_length=200)
    werkgever = forms.CharField(label=_("Werkgever"), max_length=200)
    start = DatumField(label=_("Start"))
    einde = DatumField(
        label=_("Einde"), help_text=_("Ten hoogste 6 maanden na de start. Bijvoorbeeld 1/09/2026.")
    )


class StageverslagForm(forms.Form):
    datum = DatumField(label=_("Datum van het verslag"))
    doelen = forms.CharField(
        label=_("Doelen en in hoeverre ze bereikt zijn"), widget=forms.Textarea(attrs={"rows": 3})
    )
    aanwezigheid = forms.ChoiceField(
        label=_("Aanwezigheid"), choices=Stageverslag.Aanwezigheid.choices
    )
    aanwezigheid_toelichting = forms.CharField(
        label=_("Toelichting aanwezigheid"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    competenties = forms.CharField(
        label=_("Competenties"), widget=forms.Textarea(attrs={"rows": 3})
    )
    advies = forms.ChoiceField(label=_("Advies"), choices=Stageverslag.Advies.choices)
    advies_toelichting = forms.CharField(
        label=_("Toelichting advies"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SturingForm(forms.Form):
    dagen = forms.IntegerField(
        label=_("Signaal na (dagen)"), min_value=1, max_value=365, required=False
    )
