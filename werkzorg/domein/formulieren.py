"""The one date field and the one refusal-to-form-errors helper of every web form.

Decision 22: dates are typed as `1/03/2026` in a text box (ISO `2026-03-01` works too), so a
refused input comes back exactly as typed. A service's refusal (`Geweigerd`) is put back on the
form by `add_weigering`: each message next to the field it concerns, else on top of the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
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
