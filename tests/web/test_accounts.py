"""Login pages, roles, formats and the demo users."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import formats

from accounts.management.commands.demo_users import DEMO_WACHTWOORD
from accounts.models import Rol, User
from accounts.permissions import heeft_rol
from deelnemers.selectors import visible_to
from organisaties.models import Lidmaatschap
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def test_it_shows_a_dutch_login_page(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'lang="nl-BE"' in html and "Aanmelden" in html and "Wachtwoord vergeten?" in html


def test_it_logs_in_and_out(client, gtb):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, gtb)
    r = client.post("/accounts/login/", {"username": user.username, "password": f.WACHTWOORD})
    assert r.status_code == 302
    assert "Mijn dossiers" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_it_renders_the_password_reset_in_dutch(client):
    assert "Wachtwoord vergeten" in client.get("/accounts/password_reset/").content.decode()


def test_it_formats_numbers_and_dates_as_in_flanders(settings):
    assert formats.date_format(date(2026, 3, 1), "SHORT_DATE_FORMAT") == "1/03/2026"
    assert formats.number_format(1307, force_grouping=True) == "1.307"
    assert formats.number_format(100.5, decimal_pos=1) == "100,5"


def test_a_superuser_counts_as_admin(db):
    assert heeft_rol(f.gebruiker(None, None, is_superuser=True), Rol.ADMIN)
    assert not heeft_rol(f.gebruiker(Rol.COORDINATOR, None), Rol.ADMIN)


def test_it_shows_rapportering_and_beheer_only_to_the_right_roles(login, gtb):
    werk = login(f.gebruiker(Rol.CASEMANAGER_WERK, gtb)).get("/").content.decode()
    admin = login(f.gebruiker(Rol.ADMIN, None)).get("/").content.decode()
    assert "Rapportering" not in werk and "Beheer" not in werk
    assert "Rapportering" in admin and "Beheer" in admin


def test_demo_users_refuses_without_imported_data(db):
    with pytest.raises(CommandError):
        call_command("demo_users", stdout=StringIO())


def test_demo_users_is_idempotent_and_every_demo_user_can_log_in(client, gtb, zorgorg):
    Lidmaatschap.objects.create(
        organisatie=zorgorg,
        rol="samenwerkingsverband-zorg",
        regio_id="kempen",
        van=date(2020, 1, 1),
    )
    d = f.deelnemer()
    f.activeringstraject(d, werk=gtb, zorg=zorgorg)
    f.ama_se(d, f.organisatie("maatwerkbedrijf"))
    f.wvg(d, f.organisatie("caw"))
    call_command("demo_users", stdout=StringIO())
    aantal = User.objects.count()
    out = StringIO()
    call_command("demo_users", stdout=out)
    assert User.objects.count() == aantal
    assert DEMO_WACHTWOORD in out.getvalue()
    rollen = set(User.objects.values_list("rollen__rol", flat=True))
    assert rollen == {r.value for r in Rol}
    for user in User.objects.all():
        assert client.login(username=user.username, password=DEMO_WACHTWOORD)
    assert list(visible_to(User.objects.get(username="cm-werk"))) == [d]
    assert list(visible_to(User.objects.get(username="cm-zorg"))) == [d]
    assert not visible_to(User.objects.get(username="coordinator-regio")).exists()
