"""Caseload transfer: the dossiers a casemanager holds move to a colleague of the same
organisation in one step.

Scope stays per organisation (`deelnemers.selectors.visible_to`): a transfer never changes who
may see a dossier, only who answers for it. A user's caseload is:

- the dossiers of which they are the `Behandelaar` for their organisation, and
- the dossiers they registered for their organisation (`Registratie.door`) that have no
  `Behandelaar` of that organisation yet (the registering casemanager answers for a new dossier).

A transfer writes one `Behandelaar` per dossier (the change history records who did it), logs
the dossiers as read by the admin (read log) and mails the new casemanager (a count and a link,
never a name). Deactivating a user is refused while their caseload is not empty.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from deelnemers.models import Deelnemer, Registratie
from dossier.models import Behandelaar
from werkzorg.domein.fouten import Fout, Geweigerd

logger = logging.getLogger(__name__)


def caseload_van(user: User) -> QuerySet[Deelnemer]:
    """The dossiers `user` answers for (see the module docstring)."""
    org_id = user.organisatie_id
    if not org_id:
        return Deelnemer.objects.none()
    behandelaar_van_org = Behandelaar.objects.filter(
        deelnemer_id=OuterRef("pk"), organisatie_id=org_id
    )
    eigen = Behandelaar.objects.filter(user=user, organisatie_id=org_id).values("deelnemer_id")
    geregistreerd = Registratie.objects.filter(door=user, organisatie_id=org_id).values(
        "deelnemer_id"
    )
    return Deelnemer.objects.filter(
        Q(pk__in=eigen) | (Q(pk__in=geregistreerd) & ~Exists(behandelaar_van_org))
    )


def collega_fouten(van: User, naar: User) -> list[Fout]:
    if van.pk == naar.pk:
        return [Fout("naar", _("Kies een andere casemanager dan de vertrekkende."))]
    if not van.organisatie_id or van.organisatie_id != naar.organisatie_id:
        return [Fout("naar", _("De nieuwe casemanager moet van dezelfde organisatie zijn."))]
    if not naar.is_active:
        return [Fout("naar", _("De nieuwe casemanager is niet actief."))]
    return []


@transaction.atomic
def draag_over(*, door: User, van: User, naar: User, deelnemer_ids: list[str] | None = None) -> int:
    """Move all (`deelnemer_ids` None) or the selected dossiers of `van`'s caseload to `naar`.

    Refused (nothing changed) for a colleague of another organisation, or when a selected
    dossier is not in `van`'s caseload. Returns the number of dossiers moved.
    """
    fouten = collega_fouten(van, naar)
    if fouten:
        raise Geweigerd(fouten)
    caseload = set(caseload_van(van).values_list("pk", flat=True))
    gekozen = caseload if deelnemer_ids is None else set(deelnemer_ids)
    if not gekozen:
        raise Geweigerd([Fout("dossiers", _("Kies minstens één dossier."))])
    if gekozen - caseload:
        raise Geweigerd([Fout("dossiers", _("Een gekozen dossier hoort niet bij deze caseload."))])
    org_id = van.organisatie_id
    assert org_id is not None  # collega_fouten refused a casemanager without organisation
    bestaand = Behandelaar.objects.filter(deelnemer_id__in=gekozen, organisatie_id=org_id)
    bestaand.update(user=naar)
    nieuw = gekozen - set(bestaand.values_list("deelnemer_id", flat=True))
    Behandelaar.objects.bulk_create(
        [Behandelaar(deelnemer_id=i, organisatie_id=org_id, user=naar) for i in sorted(nieuw)]
    )
    aantal = len(gekozen)
    transaction.on_commit(lambda: _verwittig(naar, aantal))
    logger.info(
        "caseload overgedragen",
        extra={"van": van.pk, "naar": naar.pk, "aantal": aantal, "door": getattr(door, "pk", None)},
    )
    return aantal


def _verwittig(naar: User, aantal: int) -> None:
    if not naar.email:
        return
    send_mail(
        _("Werkzorg: dossiers aan u overgedragen"),
        _(
            "Er zijn %(aantal)d dossiers aan uw caseload toegevoegd. U vindt ze in Werkzorg "
            "onder Mijn dossiers."
        )
        % {"aantal": aantal},
        getattr(settings, "DEFAULT_FROM_EMAIL", None),
        [naar.email],
    )


def weigering_bij_deactivering(user: User) -> str | None:
    """The reason not to deactivate `user`: dossiers would be left without a casemanager."""
    n = caseload_van(user).count()
    if not n:
        return None
    return _(
        "Deze gebruiker heeft nog %(aantal)d dossiers in de caseload. Draag ze eerst over aan "
        "een collega (Dossierbeheer → Caseload overdragen)."
    ) % {"aantal": n}
