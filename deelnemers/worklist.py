"""Aandacht nodig: the worklist of one user, over the dossiers they may see.

The reasons, their dates and thresholds come from `trajectories.selectors` (`aandachtspunten`,
`meting_aandachtspunten`), computed in the database over the user's scoped querysets; this
module only groups them into the page's categories and labels.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.urls import reverse
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


# The detail page of each kind of trajectory (`Aandachtspunt.soort`).
DETAIL_URL = {
    "activering": "trajecten:activering_detail",
    "ama-se": "trajecten:ama_se_detail",
    "ama-wvg": "trajecten:wvg_detail",
}


@dataclass(frozen=True)
class Signaal:
    categorie: str
    deelnemer_id: str
    deelnemer: Any
    traject_id: str
    omschrijving: str
    datum: date
    te_laat: bool
    soort: str = "activering"

    @property
    def traject_url(self) -> str:
        return reverse(DETAIL_URL[self.soort], args=[self.traject_id])


def _signaal(p: Aandachtspunt, deelnemer: Any) -> Signaal:
    if p.reden in MAANDEN_PER_METING:
        omschrijving = _("Meting na %(m)s maanden") % {"m": MAANDEN_PER_METING[p.reden]}
        return Signaal(
            "meting", p.deelnemer_id, deelnemer, p.traject_id, omschrijving, p.datum, True, p.soort
        )
    categorie, omschrijving, te_laat = SIGNALEN[p.reden]
    return Signaal(
        categorie, p.deelnemer_id, deelnemer, p.traject_id, omschrijving, p.datum, te_laat, p.soort
    )


def _punten(user: Any, *, op: date, regio: str | None = None) -> list[Aandachtspunt]:
    """Every reason on the worklist of `user` on `op` (optionally of participants living in
    `regio`): five queries over the trajectories of the dossiers `user` may see."""
    activering = selectors.activeringstrajecten_visible_to(user)
    ama_se = selectors.ama_se_trajecten_visible_to(user)
    wvg = selectors.ama_wvg_overeenkomsten_visible_to(user)
    if regio:
        activering = activering.filter(deelnemer__regio_id=regio)
        ama_se = ama_se.filter(deelnemer__regio_id=regio)
        wvg = wvg.filter(deelnemer__regio_id=regio)
    return traject_selectors.aandachtspunten(
        op=op, activering=activering, ama_se=ama_se, wvg=wvg
    ) + traject_selectors.meting_aandachtspunten(op=op, activering=activering)


def _urgentie(s: Signaal) -> tuple[Any, ...]:
    """Most urgent first: the longest overdue, then what falls due soonest."""
    return (s.datum, not s.te_laat, s.categorie, s.traject_id)


def aandacht_voor(
    user: Any, *, op: date, regio: str | None = None, namen: bool = True
) -> dict[str, list[Signaal]]:
    """The worklist of `user` on `op`, per category (keys of `CATEGORIEEN`), most urgent first.

    Five queries for the reasons (over the trajectories of the dossiers `user` may see) and,
    with `namen`, one for the names of the deelnemers listed, whatever the number of
    trajectories. `regio`: only participants living in that region.
    """
    punten = _punten(user, op=op, regio=regio)
    deelnemers = (
        Deelnemer.objects.only("id", "voornaam", "achternaam").in_bulk(
            {p.deelnemer_id for p in punten}
        )
        if namen
        else {}
    )
    lijst: dict[str, list[Signaal]] = {k: [] for k in CATEGORIEEN}
    for p in punten:
        s = _signaal(p, deelnemers.get(p.deelnemer_id))
        lijst[s.categorie].append(s)
    for signalen in lijst.values():
        signalen.sort(key=_urgentie)
    return lijst


def tellingen(lijst: dict[str, list[Signaal]]) -> dict[str, int]:
    return {k: len(v) for k, v in lijst.items()}


def met_namen(signalen: list[Signaal]) -> list[Signaal]:
    """`signalen` (one page) with their deelnemer loaded: one query."""
    deelnemers = Deelnemer.objects.only("id", "voornaam", "achternaam").in_bulk(
        {s.deelnemer_id for s in signalen}
    )
    return [replace(s, deelnemer=deelnemers.get(s.deelnemer_id)) for s in signalen]
