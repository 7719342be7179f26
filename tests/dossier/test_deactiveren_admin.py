"""The admin's user form refuses to deactivate a casemanager who still holds dossiers, with the
message of the caseload rule (`accounts.services.deactivering_fouten`, issue 16.5)."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

import pytest
from django.test import Client

from accounts.models import User
from accounts.services import deactivering_fouten
from dossier.overdracht import draag_over
from tests.mfa import zo_nodig_totp

pytestmark = pytest.mark.django_db


class _Formulier(HTMLParser):
    """What a browser submits from the page's form with id `user_form`, as (name, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.velden: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "user_form":
            self._in_form = True
        if not self._in_form or "disabled" in a:
            return
        naam = a.get("name", "")
        if tag == "input" and naam:
            soort = a.get("type", "text")
            if soort in ("checkbox", "radio") and "checked" not in a:
                return
            if soort not in ("submit", "button", "file"):
                self.velden.append((naam, a.get("value", "on" if soort == "checkbox" else "")))
        elif tag == "select" and naam:
            self._select = naam
        elif tag == "option" and self._select and "selected" in a:
            self.velden.append((self._select, a.get("value", "")))
        elif tag == "textarea" and naam:
            self._textarea = naam
            self.velden.append((naam, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _gegevens(html: str) -> dict[str, list[str]]:
    parser = _Formulier()
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for naam, waarde in parser.velden:
        data.setdefault(naam, []).append(waarde)
    return data


@pytest.fixture
def beheerder(wereld) -> Client:
    admin = zo_nodig_totp(User.objects.create_superuser("d-super", password="x-Geheim-2026"))
    c = Client()
    c.force_login(admin)
    return c


def _deactiveer(c: Client, user: User):
    url = f"/admin/accounts/user/{user.pk}/change/"
    data = _gegevens(c.get(url).content.decode())
    assert data.pop("is_active") == ["on"]  # unticked, as the admin does
    return c.post(url, data)


def test_the_admin_form_refuses_to_deactivate_a_casemanager_with_a_caseload(wereld, beheerder):
    [fout] = deactivering_fouten(wereld.cm)
    r = _deactiveer(beheerder, wereld.cm)
    assert r.status_code == 200
    assert fout.bericht in unescape(r.content.decode())
    wereld.cm.refresh_from_db()
    assert wereld.cm.is_active


def test_the_admin_form_deactivates_once_the_caseload_is_transferred(wereld, beheerder):
    draag_over(door=wereld.admin, van=wereld.cm, naar=wereld.collega)
    assert deactivering_fouten(wereld.cm) == []
    r = _deactiveer(beheerder, wereld.cm)
    assert r.status_code == 302
    wereld.cm.refresh_from_db()
    assert not wereld.cm.is_active


def test_the_admin_form_still_saves_an_inactive_user_with_a_caseload(wereld, beheerder):
    """Only the step to inactive is checked: an account made inactive earlier stays editable."""
    User.objects.filter(pk=wereld.cm.pk).update(is_active=False)
    url = f"/admin/accounts/user/{wereld.cm.pk}/change/"
    data = _gegevens(beheerder.get(url).content.decode())
    data["last_name"] = ["Peeters-Janssens"]
    assert beheerder.post(url, data).status_code == 302
    wereld.cm.refresh_from_db()
    assert wereld.cm.last_name == "Peeters-Janssens"
