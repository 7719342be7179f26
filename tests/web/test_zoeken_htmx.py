"""The caseload search in one request (issue 11, decision 560): the filter form posted by htmx
is answered with the results part alone for a stored search token, the token URL goes into
`HX-Push-Url`, and the term stays out of every URL and header. Without htmx the POST still
redirects to `?z=<token>` (decision 104)."""

from urllib.parse import quote, quote_plus

import pytest

from accounts.models import Rol
from audit.models import DossierInzage
from deelnemers.views import PER_PAGINA, ZOEK_SESSIE
from tests import factories as f

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/dossiers/"}
TERM = "Öztürk"


def _vormen(term: str) -> list[str]:
    """The term as it could leak: as typed, URL-encoded, without its accents (not a fragment
    like "zt": a random token or CSP nonce may hold any two letters)."""
    return [term, quote(term), quote_plus(term), "ozturk"]


def _zonder_term(r, term: str = TERM) -> None:
    for naam, waarde in r.headers.items():
        for vorm in _vormen(term):
            assert vorm.lower() not in waarde.lower(), (naam, waarde)


def _ids(r) -> list[str]:
    return [rij.deelnemer.pk for rij in r.context["rijen"]]


def test_an_htmx_search_answers_with_the_results_part_and_pushes_a_token_url(wereld, login):
    c = login(wereld["user"])
    r = c.post("/dossiers/", {"q": TERM}, **HTMX)
    assert r.status_code == 200
    assert [t.name for t in r.templates][0] == "deelnemers/_caseload_resultaten.html"
    assert "base.html" not in [t.name for t in r.templates]
    assert "<html" not in r.text and "Hoofdnavigatie" not in r.text
    assert 'id="caseload-lijst"' in r.text
    assert "Location" not in r.headers
    assert _ids(r) == [wereld["ozturk"].pk]
    assert r.context["rijen"][0].deelnemer.pk in r.text
    # The address bar gets the token URL, with the term in no URL or header.
    push = r.headers["HX-Push-Url"]
    assert push.startswith("/dossiers/?z=")
    _zonder_term(r)
    # The never_cache of the view holds for the part too.
    assert "no-store" in r.headers["Cache-Control"]
    # The token is the one a refresh or Back opens: the full page, same filters and list.
    pagina = c.get(push)
    assert pagina.status_code == 200
    assert "base.html" in [t.name for t in pagina.templates]
    assert _ids(pagina) == _ids(r)
    assert f'value="{TERM}"' in pagina.text  # the form repeats it, in the page body
    token = push.split("z=", 1)[1]
    assert c.session[ZOEK_SESSIE][token] == {"q": TERM}


def test_the_count_goes_into_the_live_region_that_stays_in_the_page(wereld, login):
    c = login(wereld["user"])
    deel = c.post("/dossiers/", {"q": TERM}, **HTMX)
    # One live region, the same element on the page and in the part; the part's replaces
    # only its content (hx-swap-oob innerHTML), so the region stays and is announced.
    assert deel.text.count('aria-live="polite"') == 1
    assert '<p id="caseload-aantal" class="muted" aria-live="polite" hx-swap-oob="innerHTML">' in (
        deel.text
    )
    assert "1 dossier\n" in deel.text
    pagina = c.get("/dossiers/")
    assert '<p id="caseload-aantal" class="muted" aria-live="polite">' in pagina.text
    assert "3 dossiers" in pagina.text
    # The page's form posts through htmx into the list, and without JavaScript as before.
    assert 'hx-post="/dossiers/" hx-target="#caseload-lijst" hx-swap="outerHTML"' in pagina.text
    assert 'method="post" action="/dossiers/"' in pagina.text
    # A valid search does not send the form again: it keeps its values and the focus.
    assert 'id="caseload-filters"' not in deel.text


def test_an_htmx_search_never_shows_a_dossier_outside_the_scope(wereld, login):
    r = login(wereld["user"]).post("/dossiers/", {"q": "Öztürk"}, **HTMX)
    assert wereld["buiten"].pk not in _ids(r)
    assert wereld["buiten"].pk not in r.text and "Öztürk-Buiten" not in r.text


def test_an_htmx_search_logs_the_read_of_each_dossier_it_shows(wereld, login):
    c = login(wereld["user"])
    r = c.post("/dossiers/", {"q": "Aydin"}, **HTMX)
    assert _ids(r) == [wereld["aydin"].pk]
    rijen = list(DossierInzage.objects.values_list("deelnemer_id", "kanaal", "user_id"))
    assert rijen == [(wereld["aydin"].pk, "ui", wereld["user"].pk)]
    # The plain caseload through htmx (an empty form): each of its rows.
    c.post("/dossiers/", {}, **HTMX)
    gelezen = DossierInzage.objects.values_list("deelnemer_id", flat=True)
    assert sorted(gelezen) == sorted([wereld[k].pk for k in ("ozturk", "aydin", "smet", "aydin")])


def test_an_empty_form_through_htmx_is_the_plain_caseload(wereld, login):
    c = login(wereld["user"])
    r = c.post("/dossiers/", {"q": "  ", "status": ""}, **HTMX)
    assert r.status_code == 200
    assert r.headers["HX-Push-Url"] == "/dossiers/"
    assert sorted(_ids(r)) == sorted(wereld[k].pk for k in ("ozturk", "aydin", "smet"))
    assert ZOEK_SESSIE not in c.session  # nothing stored
    assert sorted(_ids(c.get("/dossiers/"))) == sorted(_ids(r))


def test_without_htmx_the_form_still_redirects_to_the_token(wereld, login):
    c = login(wereld["user"])
    r = c.post("/dossiers/", {"q": TERM})
    assert r.status_code == 302 and r["Location"].startswith("/dossiers/?z=")
    assert "HX-Push-Url" not in r.headers
    _zonder_term(r)
    assert _ids(c.get(r["Location"])) == [wereld["ozturk"].pk]
    leeg = c.post("/dossiers/", {"q": ""})
    assert leeg.status_code == 302 and leeg["Location"] == "/dossiers/"


@pytest.mark.parametrize(
    "ongeldig", [{"status": "bestaat-niet"}, {"regio": "nergens"}, {"casemanager": "ZZZ"}]
)
def test_an_invalid_filter_value_gives_what_the_page_gives(wereld, login, ongeldig):
    """django-filter leaves a refused value out (the other filters still apply) and marks the
    field invalid; the part shows that same list and sends the form again with the mark."""
    c = login(wereld["user"])
    deel = c.post("/dossiers/", {"q": "Aydin", **ongeldig}, **HTMX)
    assert deel.status_code == 200
    _zonder_term(deel, "Aydin")
    pagina = c.get(deel.headers["HX-Push-Url"])
    assert _ids(deel) == _ids(pagina) == [wereld["aydin"].pk]
    assert deel.context["filter"].errors.keys() == pagina.context["filter"].errors.keys()
    assert list(deel.context["filter"].errors) == list(ongeldig)
    # The form again, out of band, as the page renders it (the field marked invalid).
    veld = next(iter(ongeldig))
    assert '<form id="caseload-filters"' in deel.text and 'hx-swap-oob="true"' in deel.text
    for r in (deel, pagina):
        assert f'name="{veld}" aria-invalid="true"' in r.text or (
            f'aria-invalid="true" name="{veld}"' in r.text
        )
    # And the same without htmx: the redirect, then that page.
    gewoon = c.post("/dossiers/", {"q": "Aydin", **ongeldig})
    assert _ids(c.get(gewoon["Location"])) == [wereld["aydin"].pk]


def test_the_pages_of_an_htmx_search_link_to_its_token(gtb, login):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    for i in range(PER_PAGINA + 2):
        f.activeringstraject(f.deelnemer(voornaam=f"V{i:02d}", achternaam="Janssens"), werk=gtb)
    c = login(user)
    r = c.post("/dossiers/", {"q": "Janssens"}, **HTMX)
    token = r.headers["HX-Push-Url"].split("z=", 1)[1]
    assert len(_ids(r)) == PER_PAGINA
    assert f'href="?z={token}&amp;pagina=2"' in r.text
    tweede = c.get("/dossiers/", {"z": token, "pagina": 2})
    assert len(_ids(tweede)) == 2
    assert not set(_ids(tweede)) & set(_ids(r))
