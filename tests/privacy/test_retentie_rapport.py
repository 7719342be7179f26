"""Retention on the 2024 fixture bundle: the yearly report of 2024 is the same before and after
the closed dossiers are pseudonymised."""

from datetime import date

import pytest
import time_machine

from deelnemers.models import Advies, Deelnemer
from privacy.models import GepseudonimiseerdDossier
from privacy.retentie import pas_bewaartermijn_toe
from reporting.mededeling import build_report

pytestmark = pytest.mark.usefixtures("db_2024", "db")


def test_the_2024_report_is_the_same_after_pseudonymising_the_closed_dossiers():
    voor = build_report(2024)
    geboren_voor = dict(Deelnemer.objects.values_list("pk", "geboortedatum"))

    with time_machine.travel(date(2040, 1, 1), tick=False):
        run = pas_bewaartermijn_toe(jaren=10)

    na = build_report(2024)
    assert na == voor
    # Not vacuous: many dossiers were pseudonymised, among them participants the age share of
    # the advices counts (given an advice in 2024) whose birth date really changed.
    assert run.aantal > 1000
    gepseudonimiseerd = set(GepseudonimiseerdDossier.objects.values_list("deelnemer_id", flat=True))
    assert len(gepseudonimiseerd) == run.aantal
    assert not Deelnemer.objects.filter(pk__in=gepseudonimiseerd, insz__isnull=False).exists()
    leeftijd_telt = set(
        Advies.objects.filter(van__year=2024, deelnemer_id__in=gepseudonimiseerd).values_list(
            "deelnemer_id", flat=True
        )
    )
    verschoven = {
        pk for pk in leeftijd_telt if geboren_voor[pk] != Deelnemer.objects.get(pk=pk).geboortedatum
    }
    assert len(verschoven) > 10
