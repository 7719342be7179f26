"""A complete dossier: a participant with one record of every kind, each free-text field
holding the participant's name (so a test can look for it afterwards)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer, ZorgNotitie
from ladder.models import Ladderplaatsing, Werkvorm
from organisaties.models import Organisatie
from tests import factories as f
from trajectories.models import (
    Actie,
    Activeringstraject,
    AmaSeMoment,
    AmaSeTraject,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
    Doelstelling,
    Stage,
    TrajectEvent,
)


@dataclass
class Dossier:
    deelnemer: Deelnemer
    activering: Activeringstraject
    ama_se: AmaSeTraject
    wvg: AmaWvgOvereenkomst
    gtb: Organisatie


def tijdstip(d: date) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, 10, 0))


def volledig_dossier(
    *,
    voornaam: str = "Hendrika",
    achternaam: str = "Testelinck",
    insz: str | None = None,
    geboortedatum: date = date(1985, 7, 31),
    jaar: int = 2024,
    open_: bool = False,
    **velden: Any,
) -> Dossier:
    """Everything of the dossier happens in `jaar` (all closed unless `open_`). Timestamps
    (`aangemaakt_op`, `op`) are set to that year too."""
    naam = f"{voornaam} {achternaam}"
    gtb = f.organisatie("gtb")
    mwb = f.organisatie("maatwerkbedrijf")
    caw = f.organisatie("caw")
    d = f.deelnemer(
        voornaam=voornaam, achternaam=achternaam, insz=insz, geboortedatum=geboortedatum, **velden
    )
    Advies.objects.create(
        id=f"A-{d.pk}",
        deelnemer=d,
        advies_id="AB",
        van=date(jaar, 1, 5),
        tot=None if open_ else date(jaar, 12, 20),
    )
    Arbeidsmarktpositie.objects.create(
        deelnemer=d, van=date(jaar - 1, 6, 1), tot=None, positie_id="werkzoekend"
    )
    at = f.activeringstraject(
        d,
        werk=gtb,
        zorg=caw,
        geinitieerd_op=date(jaar, 1, 10),
        aanvaard_op=date(jaar, 2, 1),
        bezig_op=date(jaar, 3, 1),
        **(
            {}
            if open_
            else {
                "afgesloten_op": date(jaar, 11, 15),
                "eindadvies_id": "REC",
                "eindadvies_motivering": f"Motivering voor {naam}",
            }
        ),
    )
    doel = Doelstelling.objects.create(traject=at, soort="zorg", omschrijving=f"Therapie {naam}")
    Actie.objects.create(
        doelstelling=doel,
        dienstverlener=caw,
        omschrijving=f"Gesprek met {naam}",
        gepland_op=date(jaar, 3, 5),
    )
    Stage.objects.create(
        traject=at,
        werkplek=f"Bakkerij {achternaam}",
        start=date(jaar, 4, 1),
        einde=date(jaar, 5, 1),
    )
    ZorgNotitie.objects.create(traject=at, soort="diagnose", tekst=f"Diagnose van {naam}")
    se = f.ama_se(d, begeleider=mwb, gematcht_op=date(jaar, 1, 20))
    if not open_:
        se.afgesloten_op, se.eindadvies_id = date(jaar, 10, 1), "GEEN"
        se.save()
    AmaSeMoment.objects.create(
        traject=se,
        soort="opvolging",
        datum=date(jaar, 6, 1),
        verslag=f"Verslag {naam}",
        beslissing=f"Beslissing {naam}",
    )
    wvg = f.wvg(d, begeleider=caw, start=date(jaar, 1, 15))
    wvg.werkpost = f"Werkpost bij {achternaam}"
    wvg.einde = None if open_ else date(jaar, 9, 30)
    wvg.save()
    AmaWvgEvaluatie.objects.create(
        overeenkomst=wvg, datum=date(jaar, 6, 15), verslag=f"Evaluatie {naam}"
    )
    TrajectEvent.objects.create(
        soort="activering",
        traject_id=at.pk,
        deelnemer=d,
        actie="aanvaarden",
        notitie=f"Notitie over {naam}",
    )
    Ladderplaatsing.objects.create(
        id=f"LP-{d.pk}",
        deelnemer=d,
        werkvorm=Werkvorm.objects.filter(geldig_van__isnull=True).first()
        or Werkvorm.objects.first(),
        provincie_id=d.provincie_id,
        start=date(jaar, 2, 1),
        einde=None if open_ else date(jaar, 8, 1),
    )
    # auto_now_add fields: set to the dossier's year, as if written then.
    t = tijdstip(date(jaar, 6, 1))
    Doelstelling.objects.filter(traject=at).update(aangemaakt_op=t)
    ZorgNotitie.objects.filter(traject=at).update(aangemaakt_op=t)
    TrajectEvent.objects.filter(deelnemer=d).update(op=t)
    return Dossier(d, at, se, wvg, gtb)
