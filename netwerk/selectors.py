"""What a dienstverlener may see: the one home of its need-to-know scope.

A dienstverlener (werk or zorg) sees the acties assigned to its organisation — limited to the
regions of its role assignment when it has regions — and through them only the trajectories
those acties belong to: name, contact, the plan's doelstellingen, its own acties and stages.
Never other trajectories, never the Zorg compartment, never the regular dossier pages
(`deelnemers.selectors.visible_to` does not know this role, on purpose).

The netwerkcoördinator's steering page counts acties of the regions of its networks.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from accounts.permissions import heeft_rol
from deelnemers.selectors import toewijzingen_van
from netwerk.models import Melding
from netwerk.rules import VERSLAG_VOORAF_DAGEN
from organisaties.models import Lidmaatschap
from referentie.models import Netwerk
from trajectories.models import Actie, Activeringstraject, Stage

DIENSTVERLENER_ROLLEN = (Rol.DIENSTVERLENER_WERK, Rol.DIENSTVERLENER_ZORG)


def _actie_conditie(user: Any) -> Q | None:
    """The acties of the user's organisation, per dienstverlener assignment; None: nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    org_id = getattr(user, "organisatie_id", None)
    if not org_id:
        return None
    condities = []
    for t in toewijzingen_van(user):
        if t.rol not in DIENSTVERLENER_ROLLEN:
            continue
        q = Q(dienstverlener_id=org_id)
        if t.regios:
            q &= Q(doelstelling__traject__regio_id__in=t.regios)
        condities.append(q)
    if not condities:
        return None
    samen = condities[0]
    for c in condities[1:]:
        samen |= c
    return samen


def acties_voor(user: Any) -> QuerySet[Actie]:
    """The acties a dienstverlener works on (its organisation's)."""
    q = _actie_conditie(user)
    return Actie.objects.none() if q is None else Actie.objects.filter(q)


def trajecten_voor(user: Any) -> QuerySet[Activeringstraject]:
    """The trajectories in which the user's organisation has an actie."""
    return Activeringstraject.objects.filter(
        pk__in=acties_voor(user).values("doelstelling__traject_id")
    )


def stages_voor(user: Any) -> QuerySet[Stage]:
    """The stages a dienstverlener werk sees in its trajectories: those its organisation
    guides and those no dienstverlener guides yet (registered by the casemanagers), whose
    verslag it may write. A dienstverlener zorg sees no stages."""
    org_id = getattr(user, "organisatie_id", None)
    if not org_id or not any(t.rol == Rol.DIENSTVERLENER_WERK for t in toewijzingen_van(user)):
        return Stage.objects.none()
    return Stage.objects.filter(
        Q(begeleiding__organisatie_id=org_id) | Q(begeleiding__isnull=True),
        traject__in=trajecten_voor(user).values("pk"),
    )


def get_traject_voor(user: Any, pk: str) -> Activeringstraject:
    """One trajectory of the dienstverlener's scope, else 404."""
    return get_object_or_404(
        trajecten_voor(user).select_related("deelnemer", "regio", "casemanager_werk_org"), pk=pk
    )


def get_actie_voor(user: Any, pk: Any) -> Actie:
    """One actie of the dienstverlener's organisation, else 404."""
    return get_object_or_404(
        acties_voor(user).select_related("doelstelling__traject__deelnemer", "opdracht"), pk=pk
    )


def get_stage_voor(user: Any, pk: Any) -> Stage:
    return get_object_or_404(
        stages_voor(user).select_related("traject__deelnemer", "begeleiding"), pk=pk
    )


# --- the netwerkcoördinator -----------------------------------------------------------------


def netwerken_van(user: Any) -> QuerySet[Netwerk]:
    """The networks whose figures `user` steers: the assignment's network, else the networks
    its organisation coordinates; an admin all of them."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Netwerk.objects.none()
    ids: set[str] = set()
    for t in toewijzingen_van(user):
        if t.rol == Rol.ADMIN:
            return Netwerk.objects.all()
        if t.rol != Rol.NETWERKCOORDINATOR:
            continue
        if t.netwerk:
            ids.add(t.netwerk)
        elif getattr(user, "organisatie_id", None):
            ids.update(
                Lidmaatschap.objects.filter(
                    organisatie_id=user.organisatie_id, rol="netwerkcoordinator"
                ).values_list("netwerk_id", flat=True)
            )
    return Netwerk.objects.filter(pk__in=ids)


# --- the worklist of a dienstverlener ("Mijn acties") ---------------------------------------


#: The fields of an action and its relations the worklist shows (`werklijst`).
WERKLIJST_VELDEN = (
    "omschrijving",
    "status",
    "gepland_op",
    "dienstverlener_id",
    "doelstelling__soort",
    "doelstelling__traject__deelnemer__voornaam",
    "doelstelling__traject__deelnemer__achternaam",
    "opdracht__status",
    "opdracht__verwacht_klaar_op",
    "opdracht__uitvoerder__first_name",
    "opdracht__uitvoerder__last_name",
    "opdracht__uitvoerder__username",
)


def werklijst(user: Any, *, op: Any, enkel_mijn: bool = False) -> dict[str, list[Any]]:
    """The worklist: new acties, running acties, stages to register, verslagen due."""
    acties = (
        acties_voor(user)
        .select_related("doelstelling__traject__deelnemer", "opdracht__uitvoerder")
        # What the worklist shows: not every column of six tables (a user's password hash
        # among them) for every row.
        .only(*WERKLIJST_VELDEN)
    )
    if enkel_mijn:
        acties = acties.filter(opdracht__uitvoerder=user)
    open_ = acties.exclude(status=Actie.Status.AFGEROND)
    nieuw = open_.filter(Q(opdracht__isnull=True) | Q(opdracht__status="nieuw"))
    lopend = open_.filter(opdracht__status="aanvaard")
    stages_te_registreren = Actie.objects.none()
    verslagen: Any = Stage.objects.none()
    if any(t.rol == Rol.DIENSTVERLENER_WERK for t in toewijzingen_van(user)):
        stages_te_registreren = lopend.filter(
            doelstelling__soort="werk", stagebegeleidingen__isnull=True
        )

        verslagen = (
            stages_voor(user)
            .filter(begeleiding__organisatie_id=user.organisatie_id, verslagen__isnull=True)
            .filter(einde__lte=op + timedelta(days=VERSLAG_VOORAF_DAGEN))
            .select_related("traject__deelnemer", "begeleiding")
        )
        if enkel_mijn:
            verslagen = verslagen.filter(begeleiding__actie__opdracht__uitvoerder=user)
    return {
        "nieuw": list(nieuw.order_by("pk")),
        "lopend": list(lopend.order_by("pk")),
        "stages": list(stages_te_registreren.order_by("pk")),
        "verslagen": list(verslagen.order_by("einde", "pk")),
    }


def meldingen_voor(user: Any) -> Any:
    """The notifications of the user's organisation for the roles the user holds."""
    org_id = getattr(user, "organisatie_id", None)
    voor = []
    if heeft_rol(user, *DIENSTVERLENER_ROLLEN):
        voor.append(Melding.Voor.DIENSTVERLENER)
    if heeft_rol(user, Rol.CASEMANAGER_WERK):
        voor.append(Melding.Voor.CASEMANAGER_WERK)
    if heeft_rol(user, Rol.CASEMANAGER_ZORG):
        voor.append(Melding.Voor.CASEMANAGER_ZORG)
    if not org_id or not voor:
        return Melding.objects.none()
    return Melding.objects.filter(organisatie_id=org_id, voor__in=voor)
