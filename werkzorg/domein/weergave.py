"""The form renderer (`FORM_RENDERER`): Django's templates, except for the `<select>`.

A filter form lists every organisation and region of Flanders as `<option>`s; Django renders
each option through two included templates, which cost the caseload page a third of its time
(25 of 92 ms profiled at 1 M participants, decision 520). `Weergave` writes a plain
`<select>` in Python instead, with the same markup as Django's `select.html`,
`select_option.html` and `attrs.html` (escaped the same way), and leaves every other widget,
and any select with its own option template, to the templates.

One difference, on purpose: a label or group name that is a number is written as it is
(`2024`), never localised as a number (`2.024`) the way a template would show it.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> str:
    """`attrs.html`: ` name="value"`, a bare ` name` for True, nothing for False."""
    delen = []
    for naam, waarde in attrs.items():
        if waarde is False:
            continue
        if waarde is True:
            delen.append(f" {conditional_escape(naam)}")
        else:
            delen.append(f' {conditional_escape(naam)}="{conditional_escape(str(waarde))}"')
    return "".join(delen)


def select_html(widget: dict[str, Any]) -> SafeString:
    """A `<select>` from the widget context of `ChoiceWidget.get_context`."""
    delen = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for groep, opties, _index in widget["optgroups"]:
        if groep:
            delen.append(f'\n  <optgroup label="{conditional_escape(str(groep))}">')
        for optie in opties:
            delen.append(
                f'\n  <option value="{conditional_escape(str(optie["value"]))}"'
                f"{_attrs(optie['attrs'])}>{conditional_escape(str(optie['label']))}</option>\n"
            )
        if groep:
            delen.append("\n  </optgroup>")
    delen.append("\n</select>")
    return mark_safe("".join(delen))  # noqa: S308 - every value above is escaped


class Weergave(DjangoTemplates):
    """Django's template renderer with the `<select>` written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if (
            template_name == SELECT
            and widget is not None
            and all(
                optie.get("template_name") == OPTION
                for _groep, opties, _index in widget["optgroups"]
                for optie in opties
            )
        ):
            return select_html(widget)
        return super().render(template_name, context, request)
