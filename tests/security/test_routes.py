"""No route leaks a dossier: every URL pattern, every role.

The test walks the whole URL configuration (`get_resolver()`, namespaces included) and reads
each view's declaration (`accounts.permissions.toegang`). Then, in a world with one dossier
inside the users' scope and one outside it (another organisation, region and network, with
trajectories, plan items, a ladder placement), for every role of `accounts.models.Rol` (and a
user without a role):

- a route naming a dossier object of the outside dossier answers 404 to every method, as a
  page, an htmx partial and through the API (405 only for a method the route never accepts);
- a route without a dossier object answers a user failing its declaration with the declared
  refusal (403, or 404 where the page stays hidden) — the enforcement matches the label;
- an anonymous user gets the login page (pages) or 401 (API);
- the same routes with the inside dossier answer the admin (who sees everything) with a page
  (200, a redirect or 405 for a POST-only route, whose POST is then not refused), and every
  role that sees the inside dossier is not refused with 404 — so the 404s are not vacuous;
- searching for the outside participant's name or INSZ finds nothing.

A new URL pattern is covered without a change here: without a declaration it fails, naming
the route; a kwarg that is neither a declared dossier object nor in `WAARDEN` fails too.
Third-party routes are in `DERDEN`, each with the reason it needs no declaration.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from accounts import permissions as p
from accounts.models import Rol, Roltoewijzing, User
from deelnemers.models import Deelnemer, Registratie
from deelnemers.selectors import visible_to
from ladder.models import Ladderplaatsing, Werkvorm
from organisaties.models import Lidmaatschap, Organisatie
from reporting.models import Exportbestand, GegenereerdRapport, IngediendRapport
from tests.mfa import herauthenticeer, zo_nodig_totp
from trajectories.models import (
    Actie,
    Activeringstraject,
    AmaSeTraject,
    AmaWvgOvereenkomst,
    Doelstelling,
    Stage,
)

# --- the routes -----------------------------------------------------------------------------

#: Routes of other packages — by URL namespace ("admin:") or by the module of their view — and
#: why they carry no declaration.
DERDEN: dict[str, str] = {
    "admin:": "Django admin: every view goes through AdminSite.admin_view (its own login "
    "page, is_staff required; staff must use MFA); admins see every dossier anyway",
    "allauth.": "django-allauth (login, logout, password, re-authentication, MFA): public by "
    "nature (login) or protected by allauth itself; no dossier data",
    "django.contrib.auth.views": "Django's login/logout/password views: public by nature or "
    "login-protected by Django itself; no dossier data",
    "django.views.static": "static files (served only with DEBUG): no personal data",
    "django.contrib.staticfiles.": "static files (served only with DEBUG): no personal data",
}

#: Test values for URL kwargs that name no dossier object: by (route name, kwarg), else kwarg.
#: A value is a list (each is requested) or a function of the world.
WAARDEN: dict[Any, Any] = {
    ("trajecten:activering_stap", "stap"): ["aanvaarden"],
    ("trajecten:ama_se_stap", "stap"): ["stopzetten"],
    ("trajecten:ama_se_moment", "soort"): ["opvolging"],
    ("trajecten:planitem_verwijder", "soort"): ["doelstelling", "actie", "stage"],
    ("reporting:voortgang", "pk"): lambda w: [w.rapport.pk],
    ("reporting:indienen", "pk"): lambda w: [w.rapport.pk],
    ("reporting:download", "pk"): lambda w: [w.rapport.pk],
    ("reporting:download_ingediend", "pk"): lambda w: [w.ingediend.pk],
    ("reporting:bestand", "pk"): lambda w: [w.bestand.pk],
    ("reporting:bestand_download", "pk"): lambda w: [w.bestand.pk],
    ("api:rapport-ingediend", "pk"): lambda w: [w.ingediend.pk],
    ("api:docs-asset", "filename"): ["swagger-ui.css"],
    "fmt": ["json"],
    # accounts/urls.py: allauth's e-mail confirmation, switched off (always 404).
    "key": ["sleutel"],
}


@dataclass(frozen=True)
class Route:
    path: str
    name: str
    callback: Callable[..., Any]
    kwargs: tuple[str, ...]
    namespace: str = ""

    def url(self, kwargs: dict[str, Any]) -> str:
        # An unnamed route is reversed by its view.
        return reverse(self.name or self.callback, kwargs=kwargs)

    @property
    def view_class(self) -> type | None:
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)

    @property
    def module(self) -> str:
        target = self.view_class or self.callback
        return getattr(target, "__module__", "") or ""

    @property
    def is_api(self) -> bool:
        return getattr(self.callback, "cls", None) is not None

    @property
    def toegang(self) -> p.Toegang | None:
        cls = self.view_class
        if cls is not None:
            # On the class itself: a subclass does not inherit its parent's declaration.
            return vars(cls).get("toegang")
        return getattr(self.callback, "toegang", None)

    @property
    def dossier(self) -> dict[str, str]:
        """The dossier objects this route's kwargs name (a viewset declares them for its
        detail routes; its list route has none)."""
        decl = self.toegang
        return {k: v for k, v in decl.dossier.items() if k in self.kwargs} if decl else {}

    @property
    def methods(self) -> list[str]:
        """The methods to try: a viewset route's own, else GET and POST."""
        actions = getattr(self.callback, "actions", None)
        if actions:
            # HEAD is answered as GET by DRF: not asked separately.
            return sorted(m.upper() for m in actions if m != "head")
        return ["GET", "POST"]

    def __str__(self) -> str:
        return f"{self.name or '(naamloos)'} [{self.path}]"


def _walk(
    resolver: URLResolver, prefix: str = "", namespace: str = "", kwargs: tuple[str, ...] = ()
) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        regex_kwargs = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns, kwargs + regex_kwargs)
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Route(
                prefix + str(entry.pattern),
                name,
                entry.callback,
                kwargs + regex_kwargs,
                namespace,
            )


def alle_routes() -> list[Route]:
    return list(_walk(get_resolver()))


def _van_derden(route: Route) -> bool:
    return any(
        f"{route.namespace}:".startswith(k) if k.endswith(":") else route.module.startswith(k)
        for k in DERDEN
    )


def eigen_routes() -> list[Route]:
    return [r for r in alle_routes() if not _van_derden(r)]


def _waarde(route: Route, kwarg: str) -> Any:
    return WAARDEN.get((route.name, kwarg), WAARDEN.get(kwarg))


def test_every_route_declares_what_it_needs():
    fouten = []
    for route in eigen_routes():
        decl = route.toegang
        if decl is None:
            fouten.append(
                f"{route} ({route.module}): geen toegangsdeclaratie — zet "
                "@toegang(...) uit accounts.permissions op de view (of de klasse)"
            )
            continue
        if route.view_class is None and set(decl.dossier) - set(route.kwargs):
            fouten.append(f"{route}: de declaratie noemt dossierobjecten die de URL niet heeft")
        for kwarg in route.kwargs:
            if kwarg not in decl.dossier and _waarde(route, kwarg) is None:
                fouten.append(
                    f"{route}: URL-parameter '{kwarg}' is geen dossierobject in de declaratie "
                    "(toegang(..., dossier={...})) en heeft geen testwaarde in WAARDEN"
                )
    assert fouten == [], "\n".join(fouten)


def test_the_walk_sees_every_part_of_the_site():
    # Guards the walk itself: namespaces, the DRF router and third-party routes are all found.
    namen = {r.name for r in alle_routes()}
    for verwacht in (
        "deelnemers:dossier",
        "trajecten:planitem_verwijder",
        "ladder:plaatsing_nieuw",
        "reporting:download",
        "audit:index",
        "api:deelnemer-detail",
        "api:activeringstraject-afsluiten",
        "api:docs",
    ):
        assert verwacht in namen, verwacht
    assert any(r.path.startswith("admin/") and _van_derden(r) for r in alle_routes())


def test_a_view_without_declaration_fails_the_walk_with_its_name():
    def naamloos(request):  # pragma: no cover - never requested
        raise AssertionError

    route = Route("nieuw/<str:pk>/", "app:nieuw", naamloos, ("pk",))
    assert route.toegang is None

    @p.toegang(p.INGELOGD, dossier={"pk": p.DEELNEMER})
    def verklaard(request, pk):  # pragma: no cover - never requested
        raise AssertionError

    assert Route("x/<str:pk>/", "app:x", verklaard, ("pk",)).toegang.dossier == {"pk": p.DEELNEMER}


@pytest.mark.django_db
def test_the_declaration_is_enforced_on_a_class_based_view_too(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse
    from django.views import View

    @p.toegang((Rol.COORDINATOR,))
    class Cijfers(View):
        def get(self, request):
            return HttpResponse("cijfers")

    view = Cijfers.as_view()
    assert vars(Cijfers)["toegang"].wie == (Rol.COORDINATOR,)
    anoniem = rf.get("/cijfers/")
    anoniem.user = AnonymousUser()
    assert view(anoniem)["Location"].startswith(reverse(settings.LOGIN_URL))
    zonder_rol = rf.get("/cijfers/")
    zonder_rol.user = _gebruiker("r-cbv-zonder", None, None)
    with pytest.raises(PermissionDenied):
        view(zonder_rol)
    met_rol = rf.get("/cijfers/")
    met_rol.user = _gebruiker("r-cbv-coord", None, Rol.COORDINATOR)
    assert view(met_rol).content == b"cijfers"


# --- the world: one dossier inside every role's scope, one outside --------------------------

BINNEN_REGIO, BUITEN_REGIO = "kempen", "regio-gent"  # networks antwerpen / oost-vlaanderen
BUITEN_NAAM = "Zzyzxbuitenscoop"
BUITEN_INSZ = "85073003328"


@dataclass
class Dossier:
    deelnemer: Deelnemer
    activering: Activeringstraject
    ama_se: AmaSeTraject
    wvg: AmaWvgOvereenkomst
    doelstelling: Doelstelling
    actie: Actie
    stage: Stage
    plaatsing: Ladderplaatsing

    def id_van(self, soort: str, kwargs: dict[str, Any]) -> Any:
        if soort == p.PLANITEM:
            soort = kwargs["soort"]
        return {
            p.DEELNEMER: self.deelnemer.pk,
            p.ACTIVERINGSTRAJECT: self.activering.pk,
            p.AMA_SE_TRAJECT: self.ama_se.pk,
            p.AMA_WVG_OVEREENKOMST: self.wvg.pk,
            p.DOELSTELLING: self.doelstelling.pk,
            p.ACTIE: self.actie.pk,
            p.STAGE: self.stage.pk,
            p.LADDERPLAATSING: self.plaatsing.pk,
        }[soort]


@dataclass
class Wereld:
    binnen: Dossier
    buiten: Dossier
    gebruikers: dict[str, User]
    rapport: GegenereerdRapport
    ingediend: IngediendRapport
    bestand: Exportbestand


def _org(id_: str, type_: str, *lidmaatschappen: dict[str, Any]) -> Organisatie:
    org = Organisatie.objects.create(id=id_, naam=id_, type_id=type_, provincie_id="antwerpen")
    for lid in lidmaatschappen:
        Lidmaatschap.objects.create(organisatie=org, van=date(2020, 1, 1), **lid)
    return org


def _dossier(
    tag: str, regio: str, gtb: Organisatie, zorg: Organisatie, se: Organisatie, wvg: Organisatie
) -> Dossier:
    from referentie.models import Regio

    r = Regio.objects.get(pk=regio)
    naam = BUITEN_NAAM if tag == "B" else "Binnenscoop"
    d = Deelnemer.objects.create(
        id=f"RT-{tag}",
        voornaam="Route",
        achternaam=naam,
        insz=BUITEN_INSZ if tag == "B" else None,
        geboortedatum=date(1990, 5, 1),
        provincie_id=r.provincie_id,
        regio=r,
    )
    Registratie.objects.create(deelnemer=d, organisatie=gtb)
    at = Activeringstraject.objects.create(
        id=f"RT-AT-{tag}",
        deelnemer=d,
        regio=r,
        casemanager_werk_org=gtb,
        casemanager_zorg_org=zorg,
        geinitieerd_op=date(2025, 1, 10),
    )
    doel = Doelstelling.objects.create(traject=at, soort="werk", omschrijving="Werk zoeken")
    actie = Actie.objects.create(doelstelling=doel, dienstverlener=gtb, omschrijving="Training")
    stage = Stage.objects.create(
        traject=at, werkplek="Bakkerij", start=date(2025, 3, 1), einde=date(2025, 5, 31)
    )
    se_traject = AmaSeTraject.objects.create(
        id=f"RT-SE-{tag}", deelnemer=d, begeleider=se, gematcht_op=date(2025, 3, 1)
    )
    wvg_ov = AmaWvgOvereenkomst.objects.create(
        id=f"RT-W-{tag}", deelnemer=d, begeleider=wvg, werkpost="Kringloop", start=date(2025, 1, 1)
    )
    werkvorm = Werkvorm.objects.filter(
        geldig_van__isnull=True, geldig_tot__isnull=True, einde_instroom__isnull=True
    ).first()
    plaatsing = Ladderplaatsing.objects.create(
        id=f"RT-LP-{tag}",
        deelnemer=d,
        werkvorm=werkvorm,
        provincie_id=r.provincie_id,
        start=date(2025, 1, 1),
    )
    return Dossier(d, at, se_traject, wvg_ov, doel, actie, stage, plaatsing)


WACHTWOORD = "Route-wachtwoord-2025"


def _gebruiker(username: str, org: Organisatie | None, rol: str | None, **toewijzing: Any) -> User:
    user = User.objects.create_user(username=username, organisatie=org, password=WACHTWOORD)
    if rol:
        Roltoewijzing.objects.create(user=user, rol=rol, **toewijzing)
    # Admins and coordinators must use MFA: with an authenticator the routes answer them.
    return zo_nodig_totp(user)


#: The persona per role: its organisation inside, and what scopes it (None: no organisation).
def _personas(orgs: dict[str, Organisatie]) -> dict[str, User]:
    return {
        Rol.CASEMANAGER_WERK: _gebruiker("r-cm-werk", orgs["gtb"], Rol.CASEMANAGER_WERK),
        Rol.CASEMANAGER_ZORG: _gebruiker("r-cm-zorg", orgs["zorg"], Rol.CASEMANAGER_ZORG),
        Rol.BEMIDDELAAR_GTB: _gebruiker("r-bemiddelaar", orgs["gtb"], Rol.BEMIDDELAAR_GTB),
        Rol.BEGELEIDER_AMA_SE: _gebruiker("r-se", orgs["se"], Rol.BEGELEIDER_AMA_SE),
        Rol.BEGELEIDER_AMA_WVG: _gebruiker("r-wvg", orgs["wvg"], Rol.BEGELEIDER_AMA_WVG),
        Rol.NETWERKCOORDINATOR: _gebruiker(
            "r-netwerkco", orgs["partner"], Rol.NETWERKCOORDINATOR, netwerk_id="antwerpen"
        ),
        Rol.COORDINATOR: _gebruiker("r-coordinator", None, Rol.COORDINATOR),
        # Dienstverleners (netwerk app): the inside actie is their organisation's; the regular
        # dossier pages stay closed to them (`visible_to` does not know the role).
        Rol.DIENSTVERLENER_WERK: _gebruiker("r-dv-werk", orgs["gtb"], Rol.DIENSTVERLENER_WERK),
        Rol.DIENSTVERLENER_ZORG: _gebruiker("r-dv-zorg", orgs["gtb"], Rol.DIENSTVERLENER_ZORG),
        Rol.ADMIN: _gebruiker("r-admin", None, Rol.ADMIN),
        "geen-rol": _gebruiker("r-geen-rol", orgs["gtb"], None),
    }


@pytest.fixture
def wereld(db: Any) -> Wereld:
    binnen = {
        "gtb": _org("RT-GTB", "gtb"),
        "zorg": _org("RT-CAW", "caw", {"rol": "samenwerkingsverband-zorg", "regio_id": "kempen"}),
        "se": _org("RT-MWB", "maatwerkbedrijf", {"rol": "begeleider-ama-se"}),
        "wvg": _org("RT-WVG", "caw", {"rol": "begeleider-ama-wvg"}),
        "partner": _org("RT-NET", "caw", {"rol": "netwerk", "netwerk_id": "antwerpen"}),
    }
    buiten = {
        "gtb": _org("RT-GTB-B", "gtb"),
        "zorg": _org("RT-CAW-B", "caw"),
        "se": _org("RT-MWB-B", "maatwerkbedrijf", {"rol": "begeleider-ama-se"}),
        "wvg": _org("RT-WVG-B", "caw", {"rol": "begeleider-ama-wvg"}),
    }
    gebruikers = _personas(binnen)
    rapport, ingediend = _rapporten(gebruikers[Rol.ADMIN])
    return Wereld(
        binnen=_dossier("I", BINNEN_REGIO, **{k: binnen[k] for k in ("gtb", "zorg", "se", "wvg")}),
        buiten=_dossier("B", BUITEN_REGIO, **buiten),
        gebruikers=gebruikers,
        rapport=rapport,
        ingediend=ingediend,
        bestand=Exportbestand.objects.create(
            # the ladder report's PDF: every reporting role may fetch it
            bron=Exportbestand.Bron.LADDER,
            bron_id=2024,
            formaat="pdf",
            status=GegenereerdRapport.Status.KLAAR,
            bestandsnaam="ladder-2024.pdf",
            inhoud=b"%PDF-1.4",
            aangemaakt_door=gebruikers[Rol.ADMIN],
        ),
    )


def _rapporten(admin: User) -> tuple[GegenereerdRapport, IngediendRapport]:
    """A finished and a submitted yearly report (figures only: they name no dossier)."""
    from reporting.mededeling import build_report, standaard_peildatum
    from reporting.services import dien_in

    resultaat = build_report(2024, standaard_peildatum(2024))
    rapport = GegenereerdRapport.objects.create(
        jaar=2024,
        peildatum=standaard_peildatum(2024),
        status=GegenereerdRapport.Status.KLAAR,
        voortgang=100,
        resultaat=resultaat,
        aangemaakt_door=admin,
    )
    tweede = GegenereerdRapport.objects.create(
        jaar=2024,
        peildatum=date(2025, 4, 1),
        status=GegenereerdRapport.Status.KLAAR,
        voortgang=100,
        resultaat=resultaat,
        aangemaakt_door=admin,
    )
    return rapport, dien_in(rapport=tweede, door=admin, bevestig_peildatum=True)


def test_the_world_has_one_dossier_inside_and_one_outside_each_roles_scope(wereld):
    for rol, user in wereld.gebruikers.items():
        zichtbaar = set(visible_to(user).values_list("pk", flat=True))
        if rol == Rol.ADMIN:
            assert zichtbaar == {wereld.binnen.deelnemer.pk, wereld.buiten.deelnemer.pk}
        elif rol in (Rol.COORDINATOR, "geen-rol", Rol.DIENSTVERLENER_WERK, Rol.DIENSTVERLENER_ZORG):
            assert zichtbaar == set(), rol
        else:
            assert zichtbaar == {wereld.binnen.deelnemer.pk}, rol


# --- requesting the routes ------------------------------------------------------------------


def _kwarg_sets(route: Route, wereld: Wereld, dossier: Dossier) -> list[dict[str, Any]]:
    """Every combination of kwarg values for `route`; dossier objects from `dossier`."""
    decl = route.toegang
    assert decl is not None, route
    vast = [k for k in route.kwargs if k not in route.dossier]
    keuzes = []
    for k in vast:
        waarde = _waarde(route, k)
        keuzes.append(waarde(wereld) if callable(waarde) else waarde)
    sets = []
    for combinatie in itertools.product(*keuzes):
        kwargs = dict(zip(vast, combinatie, strict=True))
        for k, soort in route.dossier.items():
            kwargs[k] = dossier.id_van(soort, kwargs)
        sets.append(kwargs)
    return sets


class Clients:
    """One signed-in client per user and kind (page / API), re-authenticated for the views
    that ask it (`accounts.decorators.herauthenticatie_vereist`)."""

    def __init__(self) -> None:
        self._clients: dict[tuple[Any, ...], Client] = {}

    def __call__(self, route: Route, user: User | None) -> Client:
        herauth = bool(getattr(route.callback, "herauthenticatie", False)) and user is not None
        key = (getattr(user, "pk", None), route.is_api, herauth)
        if key not in self._clients:
            c = APIClient() if route.is_api else Client()
            if user is not None:
                c.force_login(user)
            if herauth:
                herauthenticeer(c, WACHTWOORD)
            self._clients[key] = c
        return self._clients[key]


def _request(c: Client, method: str, url: str, *, htmx: bool = False) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    return getattr(c, method.lower())(url, headers=headers)


def _dossier_routes() -> list[Route]:
    return [r for r in eigen_routes() if r.toegang is not None and r.dossier]


def _overige_routes() -> list[Route]:
    return [r for r in eigen_routes() if r.toegang is not None and not r.dossier]


ROLLEN_BUITEN_ADMIN = [r for r in Rol.values if r != Rol.ADMIN] + ["geen-rol"]


@pytest.mark.parametrize("rol", ROLLEN_BUITEN_ADMIN)
def test_no_route_shows_a_dossier_outside_the_users_scope(wereld, rol):
    """404 for every method on every route naming an object of the outside dossier.

    (An admin sees every dossier: there is no outside for that role.)
    """
    user = wereld.gebruikers[rol]
    routes = _dossier_routes()
    assert len(routes) > 25
    clients = Clients()
    lekken = []
    for route in routes:
        c = clients(route, user)
        for kwargs in _kwarg_sets(route, wereld, wereld.buiten):
            url = route.url(kwargs)
            antwoorden = {m: _request(c, m, url).status_code for m in route.methods}
            if not route.is_api:  # htmx partials are pages; the API ignores the header
                antwoorden["GET htmx"] = _request(c, "GET", url, htmx=True).status_code
            if set(antwoorden.values()) - {404, 405} or 404 not in antwoorden.values():
                lekken.append(f"{route} {url}: {antwoorden}")
    assert lekken == [], "\n".join(lekken)


def test_anonymous_users_get_the_login_page_or_401(wereld):
    login = reverse(settings.LOGIN_URL)
    clients = Clients()
    fouten = []
    for route in eigen_routes():
        decl = route.toegang
        if decl is None:
            continue
        c = clients(route, None)
        for kwargs in _kwarg_sets(route, wereld, wereld.buiten):
            url = route.url(kwargs)
            for method in route.methods:
                r = _request(c, method, url)
                if decl.publiek:
                    ok = r.status_code < 500 and not _naar_login(r)
                elif route.is_api:
                    ok = r.status_code == 401
                else:
                    ok = r.status_code == 302 and r["Location"].startswith(login)
                if not ok:
                    fouten.append(f"{route} {method} {url}: {r.status_code}")
    assert fouten == [], "\n".join(fouten)


def _naar_login(r: Any) -> bool:
    return r.status_code == 302 and r["Location"].startswith(reverse(settings.LOGIN_URL))


def _geweigerd(r: Any) -> bool:
    return r.status_code in (401, 403, 404) or _naar_login(r)


@pytest.mark.parametrize("rol", [*Rol.values, "geen-rol"])
def test_a_route_without_a_dossier_refuses_exactly_as_declared(wereld, rol):
    """Routes naming no dossier: a user failing the declaration gets its refusal (403, or 404
    where the page stays hidden) for every method; a user passing it is not refused."""
    user = wereld.gebruikers[rol]
    clients = Clients()
    fouten = []
    for route in _overige_routes():
        decl = route.toegang
        if decl.publiek:
            continue  # what anonymous users get: test_anonymous_users_...
        c = clients(route, user)
        for kwargs in _kwarg_sets(route, wereld, wereld.binnen):
            url = route.url(kwargs)
            if decl.laat_toe(user):
                r = _request(c, "GET", url)
                if _geweigerd(r) or r.status_code >= 500:
                    fouten.append(f"{route} GET {url}: {r.status_code}, verwacht toegang")
                continue
            for method in route.methods:
                r = _request(c, method, url)
                if r.status_code != decl.weigering:
                    fouten.append(
                        f"{route} {method} {url}: {r.status_code}, verwacht {decl.weigering}"
                    )
    assert fouten == [], "\n".join(fouten)


def test_every_route_of_a_dossier_answers_a_user_who_may_use_it(wereld):
    """The control: with the inside dossier, the admin (who sees everything; else the first
    role the route admits) gets each route's page — a 200, a redirect that is not the login,
    or for a POST-only route a POST (empty form) that is not refused. So the 404s above come
    from the scope, not from a broken URL."""
    rollen = [Rol.ADMIN, *(r for r in Rol.values if r != Rol.ADMIN)]
    clients = Clients()
    fouten = []
    for route in _dossier_routes():
        decl = route.toegang
        user = next(wereld.gebruikers[r] for r in rollen if decl.laat_toe(wereld.gebruikers[r]))
        c = clients(route, user)
        for kwargs in _kwarg_sets(route, wereld, wereld.binnen):
            url = route.url(kwargs)
            methode = "GET" if "GET" in route.methods else route.methods[0]
            r = _request(c, methode, url)
            if r.status_code == 405 and methode == "GET":
                methode, r = "POST", _request(c, "POST", url)
            if _geweigerd(r) or r.status_code >= 500:
                fouten.append(f"{route} {methode} {url} als {user.username}: {r.status_code}")
    assert fouten == [], "\n".join(fouten)


#: Roles without the inside dossier in the regular scope (`visible_to`): coordinators see figures
#: only; dienstverleners only their own acties through the netwerk app's pages (tested there
#: and by `test_every_route_of_a_dossier_answers_a_user_who_may_use_it`).
ZONDER_DOSSIERSCOPE = (
    Rol.ADMIN,
    Rol.COORDINATOR,
    Rol.DIENSTVERLENER_WERK,
    Rol.DIENSTVERLENER_ZORG,
)


@pytest.mark.parametrize("rol", [r for r in Rol.values if r not in ZONDER_DOSSIERSCOPE])
def test_every_role_with_the_dossier_in_scope_is_not_told_it_does_not_exist(wereld, rol):
    """Inside the scope a route may refuse an action (403), never pretend the dossier is
    missing — unless the role itself fails the route's declaration."""
    user = wereld.gebruikers[rol]
    clients = Clients()
    fouten = []
    for route in _dossier_routes():
        if "GET" not in route.methods:
            continue
        decl = route.toegang
        c = clients(route, user)
        for kwargs in _kwarg_sets(route, wereld, wereld.binnen):
            url = route.url(kwargs)
            r = _request(c, "GET", url)
            verwacht_404 = not decl.laat_toe(user)
            if (r.status_code == 404) != verwacht_404 or r.status_code >= 500:
                fouten.append(f"{route} GET {url}: {r.status_code}")
    assert fouten == [], "\n".join(fouten)


# --- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", ROLLEN_BUITEN_ADMIN)
def test_searching_for_the_outside_participant_finds_nothing(wereld, rol):
    user = wereld.gebruikers[rol]
    web = Client()
    web.force_login(user)
    api = APIClient()
    api.force_login(user)
    buiten_url = reverse("deelnemers:dossier", args=[wereld.buiten.deelnemer.pk])
    for zoek in (BUITEN_NAAM, BUITEN_INSZ):
        page = web.post(reverse("deelnemers:caseload"), {"q": zoek}, follow=True)
        assert page.status_code == 200
        # The search box repeats the query; the rows must not hold the participant.
        assert [r.deelnemer for r in page.context["rijen"]] == []
        assert buiten_url not in page.text
    aandacht = web.get(reverse("deelnemers:aandacht"))
    assert BUITEN_NAAM not in aandacht.text
    assert buiten_url not in aandacht.text
    lijst = api.get("/api/v1/deelnemers", {"insz": BUITEN_INSZ})
    assert lijst.status_code == 200
    assert lijst.json()["results"] == []
    for pad in ("activeringstrajecten", "ama-se-trajecten", "ama-wvg-overeenkomsten"):
        r = api.get(f"/api/v1/{pad}", {"deelnemer": wereld.buiten.deelnemer.pk})
        assert r.status_code == 200
        assert r.json()["results"] == [], pad


def test_the_admin_does_find_the_outside_participant(wereld):
    # The control of the search test: the same queries do find the participant.
    admin = wereld.gebruikers[Rol.ADMIN]
    web = Client()
    web.force_login(admin)
    for zoek in (BUITEN_NAAM, BUITEN_INSZ):
        page = web.post(reverse("deelnemers:caseload"), {"q": zoek}, follow=True)
        assert [r.deelnemer for r in page.context["rijen"]] == [wereld.buiten.deelnemer]
    api = APIClient()
    api.force_login(admin)
    ids = [d["id"] for d in api.get("/api/v1/deelnemers", {"insz": BUITEN_INSZ}).json()["results"]]
    assert ids == [wereld.buiten.deelnemer.pk]


# --- third-party routes ---------------------------------------------------------------------


def test_the_admin_site_sends_other_users_to_its_own_login(wereld):
    c = Client()
    c.force_login(wereld.gebruikers[Rol.CASEMANAGER_WERK])
    r = c.get(f"/admin/deelnemers/deelnemer/{wereld.buiten.deelnemer.pk}/change/")
    assert r.status_code == 302
    assert r["Location"].startswith("/admin/login/")


# --- the read log and Cache-Control, route by route -----------------------------------------


def _inhoud(r: Any) -> str:
    body = b"".join(r.streaming_content) if getattr(r, "streaming", False) else r.content
    return body.decode("utf-8", errors="replace")


def _toont(route: Route, r: Any, body: str, d: Dossier) -> bool:
    """Does this answer show participant `d`: a page of a route naming its dossier objects,
    or a body holding its name or id?"""
    from audit.log import toont_pagina

    if route.dossier and toont_pagina(r) and d.deelnemer.achternaam != BUITEN_NAAM:
        return True
    return toont_pagina(r) and (
        d.deelnemer.achternaam in body
        or f"/{d.deelnemer.pk}/" in body
        or f'"{d.deelnemer.pk}"' in body
    )


def test_every_kind_of_dossier_object_names_its_participant_for_the_read_log():
    assert set(p.DEELNEMER_VAN) == p.DOSSIER_OBJECTEN - {p.PLANITEM}


def test_every_answer_that_shows_a_participant_logs_the_read_and_is_not_cached(wereld):
    """Every route of the site (pages, htmx partials, API operations), requested with the
    inside dossier by a user it admits (the admin first): an answer showing a participant —
    a page of a route naming a dossier object, or a body holding a participant's name or id
    — has a read-log row for that participant with the request's id, one per participant.
    So a new view that shows a dossier is logged by its declaration or fails here, naming
    the route. And every answer carries `Cache-Control: no-store`."""
    from audit.models import DossierInzage

    rollen = [Rol.ADMIN, *(r for r in Rol.values if r != Rol.ADMIN)]
    clients = Clients()
    fouten: list[str] = []
    getoond: set[str] = set()
    for route in eigen_routes():
        decl = route.toegang
        if decl is None:
            continue
        user = None
        if not decl.publiek:
            user = next(
                (wereld.gebruikers[r] for r in rollen if decl.laat_toe(wereld.gebruikers[r])),
                None,
            )
            if user is None:
                continue
        c = clients(route, user)
        for kwargs in _kwarg_sets(route, wereld, wereld.binnen):
            url = route.url(kwargs)
            methode = "GET" if "GET" in route.methods else route.methods[0]
            varianten = [(methode, False)]
            if not route.is_api and methode == "GET":
                varianten.append(("GET", True))
            for methode, htmx in varianten:
                r = _request(c, methode, url, htmx=htmx)
                if r.status_code == 405 and methode == "GET":
                    methode, r = "POST", _request(c, "POST", url)
                body = _inhoud(r)
                wat = f"{route} {methode}{' htmx' if htmx else ''} {url} ({r.status_code})"
                if "no-store" not in r.get("Cache-Control", ""):
                    fouten.append(f"{wat}: Cache-Control zonder no-store")
                rijen = list(
                    DossierInzage.objects.filter(request_id=r["X-Request-ID"]).values_list(
                        "deelnemer_id", flat=True
                    )
                )
                if len(rijen) != len(set(rijen)):
                    fouten.append(f"{wat}: dubbele rijen in het inzagelog {rijen}")
                for d in (wereld.binnen, wereld.buiten):
                    if _toont(route, r, body, d):
                        getoond.add(str(route))
                        if d.deelnemer.pk not in rijen:
                            fouten.append(f"{wat}: toont {d.deelnemer.pk}, geen inzage gelogd")
    # Not vacuous: the dossier pages, the trajectory pages, the lists and the API were seen.
    assert len(getoond) > 30, sorted(getoond)
    assert fouten == [], f"{len(fouten)} fouten:\n" + "\n".join(fouten)
