"""Login pages, roles, formats and the demo users."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import formats

from accounts.demo import DEMO_TOTP_GEHEIM
from accounts.management.commands.demo_users import DEMO_WACHTWOORD
from accounts.models import Rol, User
from accounts.permissions import heeft_rol, mfa_verplicht
from deelnemers.selectors import visible_to
from organisaties.models import Lidmaatschap
from tests import factories as f
from tests.mfa import activeer_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lege_cache():
    # allauth's rate limits and spent TOTP codes live in the cache.
    cache.clear()


def test_it_shows_a_dutch_login_page(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'lang="nl-BE"' in html and "Aanmelden" in html and "Wachtwoord vergeten?" in html


def test_it_logs_in_and_out(client, gtb):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    r = client.post("/accounts/login/", {"login": user.username, "password": f.WACHTWOORD})
    assert r.status_code == 302
    pagina = client.get("/", follow=True).content.decode()
    assert "Mijn dossiers" in pagina and "U bent aangemeld." in pagina
    r = client.post("/accounts/logout/")
    assert r.status_code == 302 and r["Location"] == "/accounts/login/"
    assert "U bent afgemeld." in client.get(r["Location"]).content.decode()
    assert client.get("/").status_code == 302


def test_it_renders_the_password_reset_in_dutch(client):
    assert "Wachtwoord vergeten" in client.get("/accounts/password/reset/").content.decode()


def test_a_password_reset_mails_a_dutch_link_that_sets_a_new_password(client, gtb):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, email="ilse@gtb.example")
    r = client.post("/accounts/password/reset/", {"email": "ilse@gtb.example"})
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["ilse@gtb.example"]
    assert bericht.subject == "[Werkzorg] Een nieuw wachtwoord kiezen"
    link = next(w for w in bericht.body.split() if "/accounts/password/reset/key/" in w)
    pagina = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in pagina.content.decode()
    nieuw = "Een-ander-wachtwoord-456"
    r = client.post(pagina.redirect_chain[-1][0], {"password1": nieuw, "password2": nieuw})
    assert r.status_code == 302
    user.refresh_from_db()
    assert user.check_password(nieuw)
    # The reset does not sign in: the login (and its second step) still comes first.
    assert client.get("/dossiers/").status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    r = client.post("/accounts/password/reset/", {"email": "niemand@example.org"})
    assert r.status_code == 302 and r["Location"] == "/accounts/password/reset/done/"
    assert mail.outbox == []


def test_it_formats_numbers_and_dates_as_in_flanders(settings):
    assert formats.date_format(date(2026, 3, 1), "SHORT_DATE_FORMAT") == "1/03/2026"
    assert formats.number_format(1307, force_grouping=True) == "1.307"
    assert formats.number_format(100.5, decimal_pos=1) == "100,5"


def test_a_superuser_counts_as_admin(db):
    assert heeft_rol(f.gebruiker(is_superuser=True), Rol.ADMIN)
    assert not heeft_rol(f.gebruiker(Rol.COORDINATOR), Rol.ADMIN)


def test_it_shows_rapportering_and_beheer_only_to_the_right_roles(login, gtb):
    werk = (
        login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
        .get("/", follow=True)
        .content.decode()
    )
    admin = login(f.gebruiker(Rol.ADMIN)).get("/", follow=True).content.decode()
    assert "Rapportering" not in werk and "Beheer" not in werk
    assert "Rapportering" in admin and "Beheer" in admin


def test_demo_users_refuses_without_imported_data(db):
    with pytest.raises(CommandError):
        call_command("demo_users", stdout=StringIO())


def _demo_totp(username: str) -> str:
    out = StringIO()
    call_command("demo_totp", username, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_demo_totp_never_reveals_the_code_of_a_real_authenticator(db, settings):
    echt = f.gebruiker(Rol.ADMIN, username="echte-beheerder")
    activeer_totp(echt, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    zonder = f.gebruiker(Rol.COORDINATOR, username="zonder-app")
    for user in (echt, zonder):
        with pytest.raises(CommandError, match="Geen demogebruiker"):
            _demo_totp(user.username)
    with pytest.raises(CommandError, match="Geen demogebruiker"):
        _demo_totp("bestaat-niet")
    activeer_totp(zonder, DEMO_TOTP_GEHEIM)
    assert len(_demo_totp("zonder-app")) == 6
    settings.WERKZORG_PRODUCTIE = True  # as settings_production has it
    with pytest.raises(CommandError, match="niet in productie"):
        _demo_totp("zonder-app")
    with pytest.raises(CommandError, match="niet in productie"):
        call_command("demo_users")


def test_demo_users_is_idempotent_and_every_demo_user_can_log_in(client, gtb, zorgorg):
    Lidmaatschap.objects.create(
        organisatie=zorgorg,
        rol="samenwerkingsverband-zorg",
        regio_id="kempen",
        van=date(2020, 1, 1),
    )
    d = f.deelnemer()
    f.activeringstraject(d, werk=gtb, zorg=zorgorg)
    f.ama_se(d, begeleider=f.organisatie("maatwerkbedrijf"))
    f.wvg(d, begeleider=f.organisatie("caw"))
    call_command("demo_users", stdout=StringIO())
    aantal = User.objects.count()
    out = StringIO()
    call_command("demo_users", stdout=out)
    assert User.objects.count() == aantal
    assert DEMO_WACHTWOORD in out.getvalue()
    rollen = set(User.objects.values_list("rollen__rol", flat=True))
    assert rollen == {r.value for r in Rol}
    assert "WERKZORGDEMOTOTP" in out.getvalue()
    from privacy.models import Onderzoeksdoel

    assert list(Onderzoeksdoel.objects.values_list("code", flat=True)) == ["demo-evaluatie"]
    # Through the real login form; the admin and coordinators with the code from demo_totp.
    for user in User.objects.all():
        c = Client()
        r = c.post("/accounts/login/", {"login": user.username, "password": DEMO_WACHTWOORD})
        if mfa_verplicht(user):
            assert r["Location"] == "/accounts/2fa/authenticate/", user.username
            r = c.post(r["Location"], {"code": _demo_totp(user.username)})
        assert r.status_code == 302 and r["Location"] == "/", user.username
        assert c.get("/").status_code in (200, 302)
        assert c.get("/accounts/2fa/").status_code == 200, user.username
    beheerder = User.objects.get(username="beheerder")
    assert sorted(beheerder.authenticator_set.values_list("type", flat=True)) == [
        "recovery_codes",
        "totp",
    ]
    assert not User.objects.get(username="cm-werk").authenticator_set.exists()
    assert list(visible_to(User.objects.get(username="cm-werk"))) == [d]
    assert list(visible_to(User.objects.get(username="cm-zorg"))) == [d]
    assert not visible_to(User.objects.get(username="coordinator-regio")).exists()
