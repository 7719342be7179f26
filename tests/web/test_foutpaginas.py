"""The error pages are Dutch and in the site layout (issue 14, point 10), with DEBUG off as in
production and in `make run`."""

import pytest
from django.test import Client, override_settings
from django.urls import path

from accounts.models import Rol
from tests import factories as f
from werkzorg import foutpaginas


def _ontploft(request):
    raise RuntimeError("kapot")


def _slechte_aanvraag(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("fout")


urlpatterns = [
    path("ontploft/", _ontploft),
    path("slecht/", _slechte_aanvraag),
]
handler400 = foutpaginas.fout_400
handler500 = foutpaginas.fout_500


@pytest.fixture
def casemanager(db, gtb):
    return f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)


def _in_layout(html: str) -> None:
    assert '<html lang="nl-BE">' in html
    assert "Werkzorg — werk- en zorgtrajecten" in html  # the site footer
    assert "Naar Mijn dossiers" in html


@override_settings(DEBUG=False)
def test_it_answers_an_unknown_address_with_a_dutch_404_page(casemanager, login):
    response = login(casemanager).get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    _in_layout(html)
    assert "Pagina niet gevonden" in html
    assert "Not Found" not in html
    assert "Afmelden" in html  # the signed-in navigation stays


@override_settings(DEBUG=False)
def test_it_answers_a_refused_page_with_a_dutch_403_page(casemanager, login):
    response = login(casemanager).get("/rapportering/dashboard/")
    assert response.status_code == 403
    html = response.content.decode()
    _in_layout(html)
    assert "Geen toegang" in html
    assert "Forbidden" not in html


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_it_answers_a_crash_with_a_dutch_500_page_without_the_request_context(db):
    client = Client(raise_request_exception=False)
    response = client.get("/ontploft/")
    assert response.status_code == 500
    html = response.content.decode()
    _in_layout(html)
    assert "Er ging iets mis" in html
    assert "Server Error" not in html


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_it_answers_a_bad_request_with_a_dutch_400_page(db):
    response = Client().get("/slecht/")
    assert response.status_code == 400
    html = response.content.decode()
    _in_layout(html)
    assert "Ongeldige aanvraag" in html


@override_settings(DEBUG=False)
def test_it_explains_a_refused_form_token_in_dutch(casemanager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(casemanager)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulier verlopen" in html
    assert "CSRF" not in html


def test_the_site_urls_name_the_dutch_handlers():
    from werkzorg import urls

    assert urls.handler400 == "werkzorg.foutpaginas.fout_400"
    assert urls.handler403 == "werkzorg.foutpaginas.fout_403"
    assert urls.handler404 == "werkzorg.foutpaginas.fout_404"
    assert urls.handler500 == "werkzorg.foutpaginas.fout_500"
