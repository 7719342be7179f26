from django import forms
from django.utils.translation import gettext_lazy as _


class InzageZoekForm(forms.Form):
    deelnemer = forms.CharField(label=_("Deelnemer-id"), max_length=40)
    van = forms.DateField(label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict:
        data = super().clean()
        assert data is not None  # Form.clean answers cleaned_data
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return data
