"""Dutch names in the admin and the menu links to the DPO page and the API docs (issue 14,
point 15)."""

import pytest
from django.apps import apps
from django.contrib import admin

from accounts import permissions
from accounts.models import Rol
from tests import factories as f

pytestmark = pytest.mark.django_db

ENGELS = ["Access attempts", "Access logs", "Access failures", ">MFA<", ">Accounts<", "Axes"]


def test_every_admin_app_and_model_has_a_dutch_name():
    labels = {m._meta.app_label for m in admin.site._registry}
    namen = [str(apps.get_app_config(label).verbose_name) for label in labels]
    assert len(set(namen)) == len(namen), "two admin sections share a name"
    for model in admin.site._registry:
        assert not str(model._meta.verbose_name_plural).startswith("access"), model
    assert str(apps.get_app_config("axes").verbose_name) == "Aanmeldbeveiliging"
    assert str(apps.get_app_config("mfa").verbose_name) == "Tweestapsverificatie"
    assert str(apps.get_app_config("trajectories").verbose_name) == "Trajecten"


def test_the_admin_index_shows_no_english_section_or_model(login):
    beheerder = f.gebruiker(Rol.ADMIN, is_staff=True, is_superuser=True)
    html = login(beheerder).get("/admin/").content.decode()
    assert "Aanmeldbeveiliging" in html and "Mislukte aanmeldpogingen" in html
    for woord in ENGELS:
        assert woord not in html, woord


def test_the_menu_links_the_dpo_page_for_admins_only(gtb, login):
    beheerder = f.gebruiker(Rol.ADMIN)
    casemanager = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    assert permissions.is_admin(beheerder) and not permissions.is_admin(casemanager)
    assert 'href="/audit/"' in login(beheerder).get("/dossiers/").content.decode()
    assert 'href="/audit/"' not in login(casemanager).get("/dossiers/").content.decode()


def test_the_menu_links_the_api_docs_for_every_user_with_a_role(gtb, login):
    casemanager = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    html = login(casemanager).get("/dossiers/").content.decode()
    assert 'href="/api/v1/docs/"' in html
