"""The dossier on paper: a summary PDF (WeasyPrint) and the subject-access PDF.

The summary reads what the dossier page reads, through the same selectors and rules: the
dossier through `get_deelnemer_for_user` (scope), the Zorg compartment through
`zorgnotities_visible_to` (text only for the casemanager Zorg of the trajectory), statuses
through `trajectories.rules`, ladder placements through `ladder.selectors.tijdlijn`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from deelnemers import selectors
from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer
from ladder import selectors as ladder_selectors
from trajectories import rules
from trajectories.models import (
    Actie,
    Activeringstraject,
    AmaSeTraject,
    AmaWvgOvereenkomst,
    Doelstelling,
)

TAAL = "nl-be"


def samenvatting(user: Any, d: Deelnemer) -> dict[str, Any]:
    """The context of the summary: identity, advices, trajectories with plan and status,
    eindadviezen, ladder placements, labour-market positions, and the Zorg notes `user` reads."""
    op = timezone.localdate()
    activering = list(
        Activeringstraject.objects.filter(deelnemer=d)
        .select_related(
            "regio", "casemanager_werk_org", "casemanager_zorg_org", "eindadvies", "stopreden"
        )
        .prefetch_related(
            Prefetch(
                "doelstellingen",
                queryset=Doelstelling.objects.prefetch_related(
                    Prefetch("acties", queryset=Actie.objects.select_related("dienstverlener"))
                ),
            ),
            "stages",
        )
        .order_by("-geinitieerd_op", "-id")
    )
    for t in activering:
        t.status_nu = rules.activering_status(t, op)
        t.einddatum = rules.activering_einddatum(t)  # type: ignore[attr-defined]  # the annotation's name (selectors.met_einddatum), not a field
    ama_se = list(
        AmaSeTraject.objects.filter(deelnemer=d)
        .select_related("begeleider", "eindadvies", "stopreden")
        .order_by("-gematcht_op")
    )
    for se in ama_se:
        se.status_nu = rules.ama_se_status(se, op)
    wvg = list(
        AmaWvgOvereenkomst.objects.filter(deelnemer=d)
        .select_related("begeleider")
        .order_by("-start")
    )
    notities = list(
        selectors.zorgnotities_visible_to(user)
        .filter(traject__deelnemer=d)
        .select_related("door", "traject")
    )
    return {
        "deelnemer": d,
        "activering": activering,
        "ama_se": ama_se,
        "wvg": wvg,
        "adviezen": list(
            Advies.objects.filter(deelnemer=d).select_related("advies").order_by("-van")
        ),
        "posities": list(
            Arbeidsmarktpositie.objects.filter(deelnemer=d)
            .select_related("positie")
            .order_by("-van")
        ),
        "plaatsingen": ladder_selectors.tijdlijn(d.pk),
        "zorgnotities": notities,
        "op": op,
        "afgedrukt_op": timezone.localtime(),
        "afgedrukt_door": user.get_full_name() or user.get_username(),
    }


def als_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    with translation.override(TAAL):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()
