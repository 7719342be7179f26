"""A merge on the 2024 fixture: the Mededeling counts the person once again.

A duplicate is generated from a participant of the fixture who went through several
programmes: a second dossier with the same person (accents, day and month swapped) takes over
their AMA SE-trajecten. Merging it back must give exactly the report of the untouched fixture:
every cell the split changed returns, no other cell moves.
"""

from __future__ import annotations

from datetime import date

import pytest

from deelnemers.models import Deelnemer
from dossier.samenvoegen import voeg_samen
from reporting.mededeling import build_report
from reporting.services import bladeren
from trajectories.models import Activeringstraject, AmaSeTraject

pytestmark = pytest.mark.usefixtures("db_2024", "db")


def _cellen(report: dict) -> dict:
    return dict(bladeren(report["tables"]))


def test_merging_a_generated_duplicate_restores_every_cell_of_the_report():
    origineel = _cellen(build_report(2024))
    met_se = set(AmaSeTraject.objects.values_list("deelnemer_id", flat=True))
    met_at = set(Activeringstraject.objects.values_list("deelnemer_id", flat=True))
    kandidaten = sorted(met_se & met_at)
    assert kandidaten, "the fixture has participants in several programmes"
    gesplitst_ok = False
    for pk in kandidaten[:5]:
        p = Deelnemer.objects.get(pk=pk)
        try:
            geboren = date(p.geboortedatum.year, p.geboortedatum.day, p.geboortedatum.month)
        except ValueError:
            geboren = p.geboortedatum
        kopie = Deelnemer.objects.create(
            id=f"{pk}-DUP",
            voornaam=p.voornaam.upper(),
            achternaam=p.achternaam,
            geboortedatum=geboren,
            provincie_id=p.provincie_id,
            regio_id=p.regio_id,
            armoede=p.armoede,
            arbeidsbeperking=p.arbeidsbeperking,
            kortgeschoold=p.kortgeschoold,
            werkzoekend_sinds=p.werkzoekend_sinds,
        )
        AmaSeTraject.objects.filter(deelnemer=p).update(deelnemer=kopie)
        gesplitst = _cellen(build_report(2024))
        if gesplitst != origineel:
            gesplitst_ok = True
            voeg_samen(door=None, survivor_id=p.pk, dubbel_id=kopie.pk)
            break
        voeg_samen(door=None, survivor_id=p.pk, dubbel_id=kopie.pk)
    assert gesplitst_ok, "a split dossier changes the person counts of the report"
    na = _cellen(build_report(2024))
    veranderd = {k for k in origineel if na.get(k) != origineel[k]}
    assert veranderd == set()
    assert not Deelnemer.objects.filter(pk__endswith="-DUP").exists()
