"""`herauthenticatie_vereist`: confirm the password or an authenticator code before a view that
hands out personal data (an export, an extract).

    from accounts.decorators import herauthenticatie_vereist

    @herauthenticatie_vereist
    def extract(request): ...

    # a class-based view
    @method_decorator(herauthenticatie_vereist, name="dispatch")
    class ExtractView(View): ...

A user who has not confirmed in the last ACCOUNT_REAUTHENTICATION_TIMEOUT seconds (5 minutes)
is sent to `/accounts/reauthenticate/` (password; users with an authenticator app may use a code
instead) and then back to the same URL — a GET is repeated, a POST is replayed by allauth. Signing
in does not count as confirming: the first export of a session always asks. An anonymous user
goes to the login page. Put it next to the view's own permission decorator (`toegang`); the
attribute `herauthenticatie = True` marks the view for the route tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.decorators import reauthentication_required

View = Callable[..., Any]


def herauthenticatie_vereist(view: View) -> View:
    """Require a recent re-authentication (password or TOTP) before `view` runs, for GET too."""
    beschermd = reauthentication_required(view)
    beschermd.herauthenticatie = True
    return beschermd
