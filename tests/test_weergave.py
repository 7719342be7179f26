"""The Python `<select>` of `werkzorg.domein.weergave` writes what Django's templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from werkzorg.domein.weergave import Weergave

KEUZES = [
    ("", "Alle regio's"),
    ("a&b", 'Oost-Vlaanderen "<b>"'),
    ("x", "Öztürk & Zonen"),
]
GROEPEN = [
    ("Trede 1", [("1a", "Vrijwilligerswerk"), ("1b", "<script>")]),
    ("Trede 2", [("2a", "Arbeidszorg")]),
    ("", "Geen"),
]


class Formulier(forms.Form):
    enkel = forms.ChoiceField(choices=KEUZES, required=False)
    verplicht = forms.ChoiceField(choices=KEUZES, widget=forms.Select(attrs={"class": "k"}))
    groepen = forms.ChoiceField(choices=GROEPEN, required=False)
    meer = forms.MultipleChoiceField(choices=KEUZES, required=False)
    uit = forms.ChoiceField(choices=KEUZES, disabled=True, required=False)


@pytest.mark.parametrize(
    "data",
    [None, {"enkel": "a&b", "groepen": "1b", "meer": ["x", "a&b"], "verplicht": "zz"}],
)
def test_select_zoals_django(data):
    for naam in Formulier.base_fields:
        snel = Formulier(data, renderer=Weergave())[naam]
        django = Formulier(data, renderer=DjangoTemplates())[naam]
        assert str(snel) == str(django), naam


def test_select_escapet_en_toont_jaren_zonder_duizendtal():
    veld = forms.ChoiceField(choices=[(2024, 2024), (2025, 2025)])
    form = type("F", (forms.Form,), {"jaar": veld})(initial={"jaar": 2024}, renderer=Weergave())
    html = str(form["jaar"])
    assert '<option value="2024" selected>2024</option>' in html
    assert "2.024" not in html
    form = Formulier(renderer=Weergave())
    assert "&lt;script&gt;" in str(form["groepen"])
    assert "<script>" not in str(form["groepen"])


def test_ander_optiesjabloon_blijft_bij_django():
    class EigenOptie(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    veld = forms.ChoiceField(choices=KEUZES, widget=EigenOptie)
    form = type("F", (forms.Form,), {"k": veld})(renderer=Weergave())
    django = type("F", (forms.Form,), {"k": veld})(renderer=DjangoTemplates())
    assert str(form["k"]) == str(django["k"])
