"""nl-BE figures in templates: `{{ n|aantal }}` → 1.307, `{{ x|pct }}` → 100,5%."""

from typing import Any

from django import template

from reporting.exports import formatteer

register = template.Library()


@register.filter
def aantal(waarde: Any) -> str:
    return formatteer(None if waarde is None else round(waarde), "aantal")


@register.filter
def pct(waarde: Any) -> str:
    return formatteer(waarde, "pct")


@register.filter
def decimaal(waarde: Any) -> str:
    """A number with one decimal (41,2), e.g. a pro-rata expectation."""
    return formatteer(waarde, "pct").removesuffix("%")


@register.inclusion_tag("reporting/_jaarkiezer.html")
def jaarkiezer(keuze: Any, actie: str = "") -> dict[str, Any]:
    """The one year (and peildatum) picker of every report page: `{% jaarkiezer keuze %}`.

    `keuze` is a `werkzorg.domein.jaren.Jaarkeuze`. Years are written as their digits
    (never localised: 2024, not 2.024).
    """
    return {"keuze": keuze, "actie": actie, "jaren": [(j, f"{j:d}") for j in keuze.jaren]}
