"""Rules of the network's work on the trajectplan: one home each.

Stage rules (at most 6 months, start before end) are `trajectories.rules.stage_fouten`,
checked by `trajectories.services.voeg_stage_toe`; they are not repeated here.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

from werkzorg.domein.fouten import Fout

#: Default N of the steering page: an actie not started N days after it was assigned, a
#: trajectory aanvaard N days without a started actie.
STANDAARD_DAGEN = 14
#: A stageverslag is due from this many days before the stage ends.
VERSLAG_VOORAF_DAGEN = 14


def beslissing_fouten(status: str) -> list[Fout]:
    """Only a new opdracht is accepted or declined (once)."""
    if status == "nieuw":
        return []
    return [Fout("status", _("Over deze actie werd al beslist."))]


def weigering_fouten(reden: str) -> list[Fout]:
    """A declined actie needs a reason the casemanagers can act on."""
    if reden and reden.strip():
        return []
    return [Fout("reden", _("Geef een reden waarom de actie geweigerd wordt."))]


def uitvoering_fouten(opdracht_status: str) -> list[Fout]:
    """An actie is started, finished or followed up only after the organisation accepted it."""
    if opdracht_status == "aanvaard":
        return []
    return [Fout("status", _("Aanvaard de actie eerst."))]


def collega_fouten(collega: Any, organisatie_id: str | None) -> list[Fout]:
    """An actie is assigned to an active colleague of the same organisation."""
    if (
        collega is not None
        and collega.is_active
        and organisatie_id
        and collega.organisatie_id == organisatie_id
    ):
        return []
    return [Fout("uitvoerder", _("Kies een collega van uw organisatie."))]


def stage_actie_fouten(doelstelling_soort: str, actie_status: str) -> list[Fout]:
    """A stage is registered under a running or planned werkactie."""
    if doelstelling_soort != "werk":
        return [Fout("actie", _("Een stage hoort bij een actie van een werkdoelstelling."))]
    if actie_status == "afgerond":
        return [Fout("actie", _("De actie is al afgerond."))]
    return []


def verslag_vervaldag(einde: date) -> date:
    """From when a stage's verslag is on the worklist."""
    return einde - timedelta(days=VERSLAG_VOORAF_DAGEN)


def verslag_fouten(datum: date | None, start: date, vandaag: date) -> list[Fout]:
    """A stageverslag is dated within the stage's life, not in the future."""
    if datum is None:
        return [Fout("datum", _("Dit veld is verplicht."))]
    if datum > vandaag:
        return [Fout("datum", _("De datum ligt in de toekomst."))]
    if datum < start:
        return [Fout("datum", _("Het verslag ligt vóór de start van de stage."))]
    return []


def insz_gemaskeerd(insz: str | None) -> str:
    """The INSZ as a dienstverlener sees it: only the last two digits (to tell people apart)."""
    if not insz:
        return "—"
    return "••.••.••-•••." + insz[-2:]
