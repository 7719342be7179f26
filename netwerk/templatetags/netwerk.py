"""`{% netwerk_blok traject %}`: the network's part of the casemanagers' trajectory page."""

from __future__ import annotations

from typing import Any

from django import template

from deelnemers.selectors import zorgnotities_visible_to
from netwerk.models import Opdracht, Voortgang
from trajectories.models import Stage

register = template.Library()


@register.inclusion_tag("netwerk/_netwerk_blok.html", takes_context=True)
def netwerk_blok(context: Any, traject: Any) -> dict[str, Any]:
    """Stages with their guidance and verslagen, the network's progress notes and declined
    acties of one trajectory the page already fetched in scope. A confidential note's text is
    shown only to who may read the Zorg compartment (`zorgnotities_visible_to`)."""
    user = getattr(context.get("request"), "user", None)
    leesbaar = set(
        zorgnotities_visible_to(user).filter(traject_id=traject.pk).values_list("pk", flat=True)
    )
    voortgang = list(
        Voortgang.objects.filter(actie__doelstelling__traject_id=traject.pk)
        .select_related("actie", "organisatie")
        .order_by("-datum", "-pk")
    )
    notities: dict[int | None, str] = {
        n.pk: n.tekst
        for n in zorgnotities_visible_to(user).filter(
            pk__in=[v.zorgnotitie_id for v in voortgang if v.zorgnotitie_id in leesbaar]
        )
    }
    for v in voortgang:
        v.vertrouwelijk = notities.get(v.zorgnotitie_id, "")
        v.heeft_vertrouwelijk = v.zorgnotitie_id is not None
    return {
        "stages": list(
            Stage.objects.filter(traject_id=traject.pk)
            .select_related("begeleiding__organisatie")
            .prefetch_related("verslagen")
            .order_by("start", "pk")
        ),
        "voortgang": voortgang,
        "geweigerd": list(
            Opdracht.objects.filter(
                actie__doelstelling__traject_id=traject.pk, status=Opdracht.Status.GEWEIGERD
            ).select_related("actie__dienstverlener")
        ),
    }
