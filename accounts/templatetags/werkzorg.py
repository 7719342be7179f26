"""Template helpers for roles: `{% heeft_rol user "admin" "coordinator" as mag %}`."""

from typing import Any

from django import template

from accounts.permissions import heeft_rol as _heeft_rol

register = template.Library()


@register.simple_tag
def heeft_rol(user: Any, *rollen: str) -> bool:
    return _heeft_rol(user, *rollen)
