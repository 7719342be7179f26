"""Each role lands on its own home and its menu shows what it works with: dienstverleners their
acties and notifications (no dossier entries), the coordinator the dashboard (no dossiers), the
netwerkcoördinator also the steering page."""

from __future__ import annotations

import re

import pytest

from accounts.models import Rol, Roltoewijzing, User


def _menu(client) -> tuple[str, list[str]]:
    """Follow `/` to the landing page: its path and the entries of the main menu."""
    r = client.get("/", follow=True)
    assert r.status_code == 200
    nav = re.search(r'<nav id="hoofdnavigatie".*?</ul>', r.content.decode(), re.S).group(0)
    return r.redirect_chain[-1][0], [t.strip() for t in re.findall(r"<a [^>]*>([^<]+)</a>", nav)]


def test_a_dienstverlener_lands_on_mijn_acties_and_sees_no_dossier_entries(netwerk):
    for naam in ("dv-werk", "dv-zorg"):
        pad, menu = _menu(netwerk.client(naam))
        assert pad == "/netwerk/acties/"
        assert {"Mijn acties", "Meldingen"} <= set(menu)
        assert not {"Mijn dossiers", "Aandacht nodig", "Netwerksturing", "Rapportering"} & set(menu)


def test_a_casemanager_keeps_the_dossiers_and_gets_the_notifications(netwerk):
    pad, menu = _menu(netwerk.client("cm-werk"))
    assert pad == "/dossiers/"
    assert {"Mijn dossiers", "Aandacht nodig", "Meldingen"} <= set(menu)
    assert not {"Mijn acties", "Netwerksturing"} & set(menu)


def test_the_netwerkcoordinator_also_gets_the_steering_page(netwerk):
    _pad, menu = _menu(netwerk.client("nc"))
    assert {"Mijn dossiers", "Rapportering", "Netwerksturing"} <= set(menu)
    assert "Mijn acties" not in menu


@pytest.fixture
def coordinator(netwerk) -> User:
    u = User.objects.create_user(username="coord", email="coord@example.invalid")
    Roltoewijzing.objects.create(user=u, rol=Rol.COORDINATOR)
    netwerk.users["coord"] = u
    return u


def test_the_coordinator_sees_the_dashboard_and_no_dossier_entries(netwerk, coordinator):
    pad, menu = _menu(netwerk.client("coord"))
    assert pad.startswith("/rapportering/")
    assert "Rapportering" in menu
    assert not {"Mijn dossiers", "Aandacht nodig", "Mijn acties", "Netwerksturing"} & set(menu)
