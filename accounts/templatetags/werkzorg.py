"""Template helpers for roles: `{% heeft_rol user "admin" "coordinator" as mag %}`,
`{% mfa_verplicht user as verplicht %}`; dates as nl-BE writes them: `{{ d|datum }}` (1/03/2026),
`{{ dt|datumtijd }}` (1/03/2026 14:05), the same as `werkzorg.formats.datum` in Python; a row's
link in a list: `{% adres "deelnemers:dossier" r.pk %}`, as `{% url %}` writes it, without
matching the URL patterns for every row (`werkzorg.domein.adressen`, decision 551); a user as
people read it: `{{ u|gebruikersnaam|default:"—" }}`."""

from typing import Any

from django import template

from accounts import permissions
from accounts.permissions import heeft_rol as _heeft_rol
from accounts.permissions import mfa_verplicht as _mfa_verplicht
from werkzorg import formats
from werkzorg.domein.adressen import adres as _adres

register = template.Library()


@register.simple_tag
def heeft_rol(user: Any, *rollen: str) -> bool:
    return _heeft_rol(user, *rollen)


@register.simple_tag
def mag(user: Any, regel: str) -> bool:
    """`{% mag user "is_admin" as x %}`: a permission function of accounts.permissions."""
    functie = getattr(permissions, regel, None)
    if not callable(functie) or regel.startswith("_"):
        raise template.TemplateSyntaxError(f"onbekende regel {regel!r} in accounts.permissions")
    return bool(functie(user))


@register.simple_tag
def mfa_verplicht(user: Any) -> bool:
    return _mfa_verplicht(user)


@register.filter
def datum(waarde: Any) -> str:
    return formats.datum(waarde) if waarde else ""


@register.filter
def datumtijd(waarde: Any) -> str:
    return formats.datumtijd(waarde) if waarde else ""


@register.simple_tag
def adres(naam: str, *args: Any) -> str:
    return _adres(naam, *args)


@register.filter
def gebruikersnaam(user: Any) -> str:
    """A user's full name, else the username; "" for no user (e.g. one deleted since: the
    references keep the row, SET_NULL). A filter argument that fails to resolve raises in
    Django's templates, so `x.get_full_name|default:x.username` broke a page for no user."""
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())
