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
