"""Aandacht nodig: the worklist of one user, over the dossiers they may see.

The reasons, their dates and thresholds come from `trajectories.selectors` (`aandachtspunten`,
`meting_aandachtspunten`), computed in the database over the user's scoped querysets; this
module only groups them into the page's categories and labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from deelnemers import selectors
from deelnemers.models import Deelnemer
from trajectories import selectors as traject_selectors
from trajectories.selectors import METINGEN_MAANDEN, Aandachtspunt

CATEGORIEEN: dict[str, Any] = {
    "einde": _("Einddatum overschreden of binnen 2 maanden"),
    "eerste-gesprek": _("Geïnitieerd sinds meer dan 30 dagen zonder eerste gesprek"),
    "ama-se": _("AMA SE: opvolging of beslissing nodig"),
    "ama-wvg": _("AMA WVG: jaarlijkse evaluatie nodig"),
    "meting": _("Afgesloten: arbeidsmarktpositie ontbreekt voor de meting"),
}

# Per reason of `traject_selectors.REDENEN`: the page's category, what is due, and whether the
# date has passed.
SIGNALEN: dict[str, tuple[str, Any, bool]] = {
    "einde-binnenkort": ("einde", _("Einddatum"), False),
    "overdue": ("einde", _("Einddatum"), True),
    "wacht-op-aanvaarding": ("eerste-gesprek", _("Geïnitieerd op"), True),
    "opvolging-binnenkort": ("ama-se", _("Opvolgingsmoment"), False),
    "opvolging-te-laat": ("ama-se", _("Opvolgingsmoment"), True),
    "beslissing-binnenkort": ("ama-se", _("Beslissingsmoment"), False),
    "beslissing-te-laat": ("ama-se", _("Beslissingsmoment"), True),
    "evaluatie-binnenkort": ("ama-wvg", _("Evaluatie"), False),
    "evaluatie-te-laat": ("ama-wvg", _("Evaluatie"), True),
}
MAANDEN_PER_METING = {f"meting-{m}": m for m in METINGEN_MAANDEN}


@dataclass(frozen=True)
class Signaal:
    categorie: str
    deelnemer_id: str
    deelnemer: Any
    traject_id: str
    omschrijving: str
    datum: date
    te_laat: bool


def _signaal(p: Aandachtspunt, deelnemer: Any) -> Signaal:
    if p.reden in MAANDEN_PER_METING:
        omschrijving = _("Meting na %(m)s maanden") % {"m": MAANDEN_PER_METING[p.reden]}
        return Signaal(
            "meting", p.deelnemer_id, deelnemer, p.traject_id, omschrijving, p.datum, True
        )
    categorie, omschrijving, te_laat = SIGNALEN[p.reden]
    return Signaal(
        categorie, p.deelnemer_id, deelnemer, p.traject_id, omschrijving, p.datum, te_laat
    )


def aandacht_voor(user: Any, *, op: date) -> dict[str, list[Signaal]]:
    """The worklist of `user` on `op`, per category (keys of `CATEGORIEEN`), oldest first.

    Five queries for the reasons (over the trajectories of the dossiers `user` may see) and one
    for the names of the deelnemers listed, whatever the number of trajectories.
    """
    activering = selectors.activeringstrajecten_visible_to(user)
    punten = traject_selectors.aandachtspunten(
        op=op,
        activering=activering,
        ama_se=selectors.ama_se_trajecten_visible_to(user),
        wvg=selectors.ama_wvg_overeenkomsten_visible_to(user),
    ) + traject_selectors.meting_aandachtspunten(op=op, activering=activering)
    deelnemers = Deelnemer.objects.only("id", "voornaam", "achternaam").in_bulk(
        {p.deelnemer_id for p in punten}
    )
    lijst: dict[str, list[Signaal]] = {k: [] for k in CATEGORIEEN}
    for p in punten:
        s = _signaal(p, deelnemers.get(p.deelnemer_id))
        lijst[s.categorie].append(s)
    for signalen in lijst.values():
        signalen.sort(key=lambda s: s.datum)
    return lijst


def tellingen(lijst: dict[str, list[Signaal]]) -> dict[str, int]:
    return {k: len(v) for k, v in lijst.items()}
