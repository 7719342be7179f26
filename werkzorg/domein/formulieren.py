"""The one date field and the one refusal-to-form-errors helper of every web form.

Decision 22: dates are typed as `1/03/2026` in a text box (ISO `2026-03-01` works too), so a
refused input comes back exactly as typed. A service's refusal (`Geweigerd`) is put back on the
form by `add_weigering`: each message next to the field it concerns, else on top of the form;
`formulier_pagina` is the page around such a form (show, validate, one service call, redirect).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from werkzorg.domein.fouten import Geweigerd

DATUM_HULP = _("Bijvoorbeeld 1/03/2026.")
VERSIE_VEROUDERD = "versie-verouderd"


class DatumInput(forms.DateInput):
    """A text box for nl-BE dates: the user types `1/03/2026`; ISO `2026-03-01` works too."""

    def __init__(self, attrs: dict | None = None) -> None:
        base = {
            "placeholder": "d/mm/jjjj",
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "datum",
            "size": "10",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class DatumField(forms.DateField):
    """The date field of every form (decision 22)."""

    widget = DatumInput
    default_error_messages = {
        "invalid": _("Geef een geldige datum in, bijvoorbeeld 1/03/2026."),
        "required": _("Deze datum is verplicht."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATUM_HULP)
        super().__init__(*args, **kwargs)


class VersieField(forms.IntegerField):
    """The `versie` the user saw: the service refuses the change when it moved on since."""

    widget = forms.HiddenInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)


def add_weigering(
    form: forms.BaseForm, weigering: Geweigerd, velden: dict[str, str] | None = None
) -> None:
    """Put a service's refusal on the form: each message next to its field, else on the form.

    `velden` maps a rule's field name (`aanvaard_op`) to the form field (`datum`); a rule's
    `provincie_id` lands on the form's `provincie`. A refusal because someone else saved first
    marks the form `verouderd` (the page offers a reload).
    """
    form.verouderd = weigering.code == VERSIE_VEROUDERD  # type: ignore[attr-defined]
    velden = velden or {}
    for fout in weigering.fouten:
        naam = velden.get(fout.veld, fout.veld)
        if naam not in form.fields and naam.endswith("_id"):
            naam = naam.removesuffix("_id")
        veld = form.fields.get(naam)
        if veld is None or veld.widget.is_hidden:
            form.add_error(None, fout.bericht)
        else:
            form.add_error(naam, fout.bericht)


def formulier_pagina(
    request: HttpRequest,
    form_cls: type[forms.Form],
    *,
    uitvoeren: Callable[[dict[str, Any]], Any],
    melding: str,
    naar: Callable[[Any], str],
    pagina: dict[str, Any],
    initial: dict[str, Any] | None = None,
    form_kwargs: dict[str, Any] | None = None,
    template: str = "trajectories/form_pagina.html",
) -> HttpResponse:
    """One form page that hands its cleaned data to one service call: GET shows `form_cls`
    with `initial`; POST validates and calls `uitvoeren(cleaned_data)` — a refusal is put on
    the form (`add_weigering`) and nothing changed, success goes with `melding` to
    `naar(result)`. `pagina`: the rest of the template's context (title, button, way back)."""
    form_kwargs = form_kwargs or {}
    if request.method == "POST":
        form = form_cls(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                resultaat = uitvoeren(form.cleaned_data)
            except Geweigerd as exc:
                add_weigering(form, exc)
            else:
                messages.success(request, melding)
                return redirect(naar(resultaat))
    else:
        form = form_cls(initial=initial or {}, **form_kwargs)
    return render(request, template, {"form": form, **pagina})
