"""Template helpers for roles: `{% heeft_rol user "admin" "coordinator" as mag %}`,
`{% mfa_verplicht user as verplicht %}`."""

from typing import Any

from django import template

from accounts.permissions import heeft_rol as _heeft_rol
from accounts.permissions import mfa_verplicht as _mfa_verplicht

register = template.Library()


@register.simple_tag
def heeft_rol(user: Any, *rollen: str) -> bool:
    return _heeft_rol(user, *rollen)


@register.simple_tag
def mfa_verplicht(user: Any) -> bool:
    return _mfa_verplicht(user)
