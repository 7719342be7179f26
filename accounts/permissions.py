"""Role checks shared by every view, template and export.

`heeft_rol` is the one question "does this user hold one of these roles?". A superuser counts as
admin. Scoping of personal data (which dossiers a user may see) lives in
`deelnemers.selectors.visible_to`, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework.views import APIView

from accounts.models import Rol, Roltoewijzing
from audit.log import log_declaratie_inzage, toont_pagina

if TYPE_CHECKING:
    from trajectories.models import Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst

CASEMANAGER_WERK = Rol.CASEMANAGER_WERK
CASEMANAGER_ZORG = Rol.CASEMANAGER_ZORG
BEMIDDELAAR_GTB = Rol.BEMIDDELAAR_GTB
BEGELEIDER_AMA_SE = Rol.BEGELEIDER_AMA_SE
BEGELEIDER_AMA_WVG = Rol.BEGELEIDER_AMA_WVG
NETWERKCOORDINATOR = Rol.NETWERKCOORDINATOR
COORDINATOR = Rol.COORDINATOR
ADMIN = Rol.ADMIN

#: Roles that work with personal data of participants (dossiers).
DOSSIER_ROLLEN: tuple[str, ...] = (
    CASEMANAGER_WERK,
    CASEMANAGER_ZORG,
    BEMIDDELAAR_GTB,
    BEGELEIDER_AMA_SE,
    BEGELEIDER_AMA_WVG,
    NETWERKCOORDINATOR,
    ADMIN,
)
#: Roles that may open the reporting pages (figures, no personal data).
RAPPORTERING_ROLLEN: tuple[str, ...] = (COORDINATOR, NETWERKCOORDINATOR, ADMIN)
#: Roles that may register participants and edit their kenmerken.
REGISTRATIE_ROLLEN: tuple[str, ...] = (CASEMANAGER_WERK, CASEMANAGER_ZORG, BEMIDDELAAR_GTB, ADMIN)

_CACHE_ATTR = "_werkzorg_rollen"
_TOEWIJZINGEN_ATTR = "_werkzorg_toewijzingen"


@dataclass(frozen=True)
class Toewijzing:
    """One role assignment of a user: the role, its regions (empty: all) and network."""

    rol: str
    regios: tuple[str, ...]
    netwerk: str | None


def toewijzingen_van(user: Any) -> list[Toewijzing]:
    """The user's role assignments with their regions, in the order they were made; a
    superuser holds the admin role. One query (a row per assignment and region), cached on
    the user object for the request: the menu's roles and the dossier scope both read it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _TOEWIJZINGEN_ATTR, None)
    if cached is None:
        per_toewijzing: dict[int, tuple[str, str | None, list[str]]] = {}
        rijen = (
            Roltoewijzing.objects.filter(user=user)
            .order_by("pk")
            .values_list("pk", "rol", "netwerk_id", "regios__code")
        )
        for pk, rol, netwerk, regio in rijen:
            _rol, _netwerk, regios = per_toewijzing.setdefault(pk, (rol, netwerk, []))
            if regio is not None:
                regios.append(regio)
        cached = [
            Toewijzing(rol=rol, regios=tuple(sorted(regios)), netwerk=netwerk)
            for rol, netwerk, regios in per_toewijzing.values()
        ]
        if user.is_superuser and not any(t.rol == ADMIN for t in cached):
            cached.append(Toewijzing(rol=ADMIN, regios=(), netwerk=None))
        setattr(user, _TOEWIJZINGEN_ATTR, cached)
    return cached


def rollen_van(user: Any) -> frozenset[str]:
    """The role codes a user holds (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(t.rol for t in toewijzingen_van(user))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def heeft_rol(user: Any, *rollen: str) -> bool:
    """True when the user holds at least one of `rollen`; a superuser counts as admin.

    Without `rollen`, true when the user holds any role at all.
    """
    codes = rollen_van(user)
    if not rollen:
        return bool(codes)
    return any(str(r) in codes for r in rollen)


def is_admin(user: Any) -> bool:
    """Admins manage users and reference data and see every dossier (not the Zorg notes)."""
    return heeft_rol(user, ADMIN)


#: Roles that must sign in with a second factor (an authenticator app): they see figures of a
#: whole region or Flanders, or manage users. A superuser counts as admin.
MFA_ROLLEN: tuple[str, ...] = (ADMIN, COORDINATOR, NETWERKCOORDINATOR)


def mfa_verplicht(user: Any) -> bool:
    """Must `user` use two-factor authentication? An MFA role, or staff status (the admin
    site). Enforced by `accounts.middleware.MfaVerplichtMiddleware`; everyone else may."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff) or heeft_rol(user, *MFA_ROLLEN)


def vergeet_rollen(user: Any) -> None:
    """Drop the cached roles and assignments (after changing a user's Roltoewijzingen in the
    same request)."""
    for attr in (_CACHE_ATTR, _TOEWIJZINGEN_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


# --- the main menu: which entries a user sees ----------------------------------------------
# One home for the menu (templates/base.html asks `{% mag user "ziet_..." as x %}`) and the
# landing page (`deelnemers.views.home`); the pages themselves still check their own `toegang`.

DIENSTVERLENER_WERK = Rol.DIENSTVERLENER_WERK
DIENSTVERLENER_ZORG = Rol.DIENSTVERLENER_ZORG
#: Roles that work on the acties of their organisation (the network), not on dossiers.
DIENSTVERLENER_ROLLEN: tuple[str, ...] = (DIENSTVERLENER_WERK, DIENSTVERLENER_ZORG)
#: Roles that open the steering page of the network.
STURING_ROLLEN: tuple[str, ...] = (NETWERKCOORDINATOR, ADMIN)
#: Roles that receive the network's notifications (`netwerk.selectors.meldingen_voor`).
MELDING_ROLLEN: tuple[str, ...] = (*DIENSTVERLENER_ROLLEN, CASEMANAGER_WERK, CASEMANAGER_ZORG)


def ziet_dossiers(user: Any) -> bool:
    """ "Mijn dossiers" and "Aandacht nodig": the roles working with dossiers (not the
    coordinator, who sees figures only, nor a dienstverlener, who sees its acties)."""
    return heeft_rol(user, *DOSSIER_ROLLEN)


def ziet_acties(user: Any) -> bool:
    """ "Mijn acties": the dienstverleners' worklist."""
    return heeft_rol(user, *DIENSTVERLENER_ROLLEN)


def ziet_meldingen(user: Any) -> bool:
    return heeft_rol(user, *MELDING_ROLLEN)


def ziet_rapportering(user: Any) -> bool:
    """ "Rapportering" (the dashboard): figures, no personal data."""
    return heeft_rol(user, *RAPPORTERING_ROLLEN)


def ziet_sturing(user: Any) -> bool:
    """ "Netwerksturing": the netwerkcoördinator's steering page."""
    return heeft_rol(user, *STURING_ROLLEN)


def ziet_ladder(user: Any) -> bool:
    """The participatieladder's treden and werkvormen (reference): any role."""
    return heeft_rol(user)


def ziet_api(user: Any) -> bool:
    return heeft_rol(user)


def ziet_beheer(user: Any) -> bool:
    """ "Privacy", "Inzagelog" and "Beheer" (the admin site)."""
    return is_admin(user)


# --- who may act on a participant or a trajectory -------------------------------------------
# One home for the web views and the API: both call these.

#: Roles that may start a trajectory of each kind (or place a participant on the ladder).
START_ROLLEN: dict[str, tuple[str, ...]] = {
    "activering": (CASEMANAGER_WERK, CASEMANAGER_ZORG, ADMIN),
    "ama-se": (BEMIDDELAAR_GTB, BEGELEIDER_AMA_SE, ADMIN),
    "ama-wvg": (BEGELEIDER_AMA_WVG, ADMIN),
    "ladder": (*REGISTRATIE_ROLLEN, *DOSSIER_ROLLEN),
}


def mag_registreren(user: Any) -> bool:
    """Register a deelnemer: a registering role, and an organisation to own the dossier
    (admins register without one)."""
    return heeft_rol(user, *REGISTRATIE_ROLLEN) and bool(
        getattr(user, "organisatie_id", None) or heeft_rol(user, ADMIN)
    )


def mag_traject_starten(user: Any, soort: str) -> bool:
    """Start a trajectory of `soort` (a key of `START_ROLLEN`) for a dossier the user sees."""
    return heeft_rol(user, *START_ROLLEN[soort])


def mag_activering_bewerken(user: Any, traject: Activeringstraject) -> bool:
    """The casemanagers Werk and Zorg of the trajectory's organisations (and admins)."""
    if heeft_rol(user, ADMIN):
        return True
    org = getattr(user, "organisatie_id", None)
    if org is None:
        return False
    return (heeft_rol(user, CASEMANAGER_WERK) and traject.casemanager_werk_org_id == org) or (
        heeft_rol(user, CASEMANAGER_ZORG) and traject.casemanager_zorg_org_id == org
    )


def mag_ama_se_bewerken(user: Any, traject: AmaSeTraject) -> bool:
    """The begeleider AMA SE of the trajectory, the GTB-bemiddelaar (matching) and admins."""
    if heeft_rol(user, ADMIN, BEMIDDELAAR_GTB):
        return True
    org = getattr(user, "organisatie_id", None)
    return heeft_rol(user, BEGELEIDER_AMA_SE) and org is not None and traject.begeleider_id == org


def mag_wvg_bewerken(user: Any, overeenkomst: AmaWvgOvereenkomst) -> bool:
    """The begeleider AMA WVG of the agreement (and admins)."""
    if heeft_rol(user, ADMIN):
        return True
    org = getattr(user, "organisatie_id", None)
    return (
        heeft_rol(user, BEGELEIDER_AMA_WVG)
        and org is not None
        and overeenkomst.begeleider_id == org
    )


def mag_traject_bewerken(user: Any, obj: Any) -> bool:
    """Change this activeringstraject (or its plan), AMA SE-traject or WVG-overeenkomst."""
    # Imported here: accounts stays free of a module-level dependency on the trajectories app.
    from trajectories.models import Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst

    if isinstance(obj, Activeringstraject):
        return mag_activering_bewerken(user, obj)
    if isinstance(obj, AmaSeTraject):
        return mag_ama_se_bewerken(user, obj)
    if isinstance(obj, AmaWvgOvereenkomst):
        return mag_wvg_bewerken(user, obj)
    raise TypeError(obj)


# --- what a route needs: the declaration on every view --------------------------------------
# `tests/security/test_routes.py` walks every URL pattern and fails on a view without one.

#: Anyone, signed in or not (the login page and the like).
PUBLIEK = "publiek"
#: Any signed-in user; what they see is then scoped by the view.
INGELOGD = "ingelogd"

# The dossier objects a URL kwarg can name. The view fetches each through the one scoping rule
# (`deelnemers.selectors.visible_to` and the trajectory selectors built on it), so an object
# outside the user's scope is a 404; the declaration only names them (for the route test).
DEELNEMER = "deelnemer"
ACTIVERINGSTRAJECT = "activeringstraject"
AMA_SE_TRAJECT = "ama-se-traject"
AMA_WVG_OVEREENKOMST = "ama-wvg-overeenkomst"
DOELSTELLING = "doelstelling"
ACTIE = "actie"
STAGE = "stage"
#: A doelstelling, actie or stage, as the route's `soort` kwarg says.
PLANITEM = "planitem"
LADDERPLAATSING = "ladderplaatsing"
DOSSIER_OBJECTEN: frozenset[str] = frozenset(
    {
        DEELNEMER,
        ACTIVERINGSTRAJECT,
        AMA_SE_TRAJECT,
        AMA_WVG_OVEREENKOMST,
        DOELSTELLING,
        ACTIE,
        STAGE,
        PLANITEM,
        LADDERPLAATSING,
    }
)

#: Where each dossier object names its participant: (app_label.Model, lookup of the deelnemer
#: id). The read log (`audit.log`) uses it: a route that names a dossier object logs the read of
#: that participant's dossier, through its declaration alone. A new kind of dossier object adds
#: a line here (the route test fails on a kind without one).
DEELNEMER_VAN: dict[str, tuple[str, str]] = {
    DEELNEMER: ("deelnemers.Deelnemer", "pk"),
    ACTIVERINGSTRAJECT: ("trajectories.Activeringstraject", "deelnemer_id"),
    AMA_SE_TRAJECT: ("trajectories.AmaSeTraject", "deelnemer_id"),
    AMA_WVG_OVEREENKOMST: ("trajectories.AmaWvgOvereenkomst", "deelnemer_id"),
    DOELSTELLING: ("trajectories.Doelstelling", "traject__deelnemer_id"),
    ACTIE: ("trajectories.Actie", "doelstelling__traject__deelnemer_id"),
    STAGE: ("trajectories.Stage", "traject__deelnemer_id"),
    LADDERPLAATSING: ("ladder.Ladderplaatsing", "deelnemer_id"),
}

Wie = str | tuple[str, ...] | list[str] | Callable[[Any], bool]


@dataclass(frozen=True)
class Toegang:
    """What a route needs: who (`wie`), which URL kwargs name dossier objects, how a refusal
    is answered (403, or 404 where even the existence of the object or page stays hidden)."""

    wie: Wie
    dossier: Mapping[str, str] = field(default_factory=dict)
    weigering: int = 403

    @property
    def publiek(self) -> bool:
        return self.wie == PUBLIEK

    def laat_toe(self, user: Any) -> bool:
        """May `user` use the route at all (before any object of it is fetched)?"""
        if self.wie == PUBLIEK:
            return True
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        if self.wie == INGELOGD:
            return True
        if callable(self.wie):
            return bool(self.wie(user))
        return heeft_rol(user, *self.wie)


def toegang(
    wie: Wie, *, dossier: Mapping[str, str] | None = None, weigering: int | None = None
) -> Callable[[Any], Any]:
    """Declare, and enforce, what a view needs. Every view of the project carries one.

    `wie` is `PUBLIEK`, `INGELOGD`, a tuple of role codes (`heeft_rol`) or a predicate
    `f(user) -> bool` (e.g. `reporting.permissions.mag_dashboard`). `dossier` maps the URL
    kwargs that name a dossier object to its kind (`DEELNEMER`, `ACTIVERINGSTRAJECT`, ...; see
    `DOSSIER_OBJECTEN`); the view must fetch those through the scoping selectors (404 outside
    scope) — the route test proves it for every role. `weigering` is how a user who fails `wie`
    is answered: 403 by default, 404 on routes naming a dossier object (a refused user cannot
    tell whether the id exists) or where the page itself stays hidden (`weigering=404`).

    Function views::

        @toegang(INGELOGD)
        def caseload(request): ...

        @toegang(DOSSIER_ROLLEN, dossier={"pk": DEELNEMER})
        def dossier(request, pk): ...   # fetches with get_deelnemer_for_user -> 404

        @toegang(is_admin, weigering=404)
        def index(request): ...

    Enforced before the view runs: an anonymous user is sent to the login page, a user failing
    `wie` gets `weigering`. `login_required` is then redundant.

    The read log follows from the declaration: when the view answers a route naming dossier
    objects with a page (2xx, or 400: a form shown again), the participants those objects
    belong to are logged as read (`audit.log.log_declaratie_inzage`; channel "api" for DRF
    views, "ui" otherwise), once per request — a view that logs explicitly too (a list page
    logging the rows it shows) writes no second row. The decorator may sit anywhere
    in a stack of decorators that use `functools.wraps` (they copy the `toegang` attribute).

    Classes (Django CBVs, DRF views and viewsets): decorate the class the same way::

        @toegang(INGELOGD, dossier={"pk": DEELNEMER})
        class DeelnemerViewSet(...): ...

    A DRF view gets a permission class enforcing it after authentication (anonymous: 401); a
    Django CBV gets its `dispatch` wrapped. The declaration is `cls.toegang` and must be on the
    class itself (not inherited) for the route test to accept it.
    """
    if weigering is None:
        weigering = 404 if dossier else 403
    if weigering not in (403, 404):
        raise ValueError("weigering: 403 of 404")
    onbekend = set((dossier or {}).values()) - DOSSIER_OBJECTEN
    if onbekend:
        raise ValueError(f"Onbekend dossierobject: {sorted(onbekend)}")
    if isinstance(wie, list):
        wie = tuple(wie)
    decl = Toegang(wie=wie, dossier=dict(dossier or {}), weigering=weigering)

    def decorator(view: Any) -> Any:
        if isinstance(view, type):
            return _toegang_op_klasse(view, decl)

        @wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            naar_login = _controleer(request, decl)
            if naar_login is not None:
                return naar_login
            response = view(request, *args, **kwargs)
            _log_inzage(request, decl, kwargs, response, kanaal="ui")
            return response

        wrapper.toegang = decl  # type: ignore[attr-defined]
        return wrapper

    return decorator


def _controleer(request: Any, decl: Toegang) -> Any:
    """None when `request` may go on; the login redirect for an anonymous user; raise the
    refusal (403/404) for a user failing `wie`."""
    if decl.publiek:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not decl.laat_toe(user):
        if decl.weigering == 404:
            raise Http404
        raise PermissionDenied
    return None


def _log_inzage(
    request: Any, decl: Toegang, kwargs: Mapping[str, Any], response: Any, kanaal: str
) -> None:
    if not decl.dossier or not toont_pagina(response):
        return
    objecten = []
    for kwarg, soort in decl.dossier.items():
        if kwarg not in kwargs:
            continue  # a viewset's list route: the list logs the rows it shows
        if soort == PLANITEM:
            soort = kwargs.get("soort", "")
        objecten.append((*DEELNEMER_VAN[soort], kwargs[kwarg]))
    log_declaratie_inzage(request, objecten, response, kanaal)


def _toegang_op_klasse(cls: type, decl: Toegang) -> type:
    cls.toegang = decl  # type: ignore[attr-defined]
    dispatch = cls.dispatch  # type: ignore[attr-defined]
    if issubclass(cls, APIView):
        if ToegangPermission not in cls.permission_classes:
            cls.permission_classes = [*cls.permission_classes, ToegangPermission]  # type: ignore[list-item]  # a DRF permission by its two methods

        @wraps(dispatch)
        def gelogd(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
            # DRF authenticates inside dispatch and sets `user` on this request too.
            response = dispatch(self, request, *args, **kwargs)
            _log_inzage(request, decl, kwargs, response, kanaal="api")
            return response

        cls.dispatch = gelogd  # type: ignore[method-assign]  # the class's dispatch, wrapped
        return cls

    @wraps(dispatch)
    def gecontroleerd(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        naar_login = _controleer(request, decl)
        if naar_login is not None:
            return naar_login
        response = dispatch(self, request, *args, **kwargs)
        _log_inzage(request, decl, kwargs, response, kanaal="ui")
        return response

    cls.dispatch = gecontroleerd  # type: ignore[attr-defined]
    return cls


class ToegangPermission:
    """DRF permission enforcing the view's `toegang` declaration after authentication:
    anonymous -> 401 (NotAuthenticated), refused -> 403, or 404 when declared so."""

    message = None

    def has_permission(self, request: Any, view: Any) -> bool:
        decl: Toegang | None = getattr(view, "toegang", None)
        if decl is None or decl.publiek:
            return True
        user = request.user
        if user is None or not user.is_authenticated:
            raise drf_exceptions.NotAuthenticated
        if not decl.laat_toe(user):
            if decl.weigering == 404:
                raise drf_exceptions.NotFound
            raise drf_exceptions.PermissionDenied
        return True

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return True
