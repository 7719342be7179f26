"""Aandacht nodig and its daily email."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from accounts.models import Dagoverzicht, Rol
from deelnemers.models import Arbeidsmarktpositie
from deelnemers.tasks import verstuur_dagoverzicht, verstuur_dagoverzichten
from deelnemers.worklist import aandacht_voor
from tests import factories as f
from trajectories.models import AmaSeMoment

pytestmark = pytest.mark.django_db
OP = date(2026, 3, 2)


def _categorieen(user) -> dict[str, list[str]]:
    return {k: [s.traject_id for s in v] for k, v in aandacht_voor(user, op=OP).items()}


def test_it_lists_trajectories_near_their_end_and_without_first_interview(gtb):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    d = f.deelnemer()
    bijna = f.activeringstraject(
        d,
        werk=gtb,
        geinitieerd_op=date(2024, 8, 1),
        aanvaard_op=date(2024, 8, 5),
        bezig_op=date(2024, 10, 1),
    )  # ends 1/04/2026: within 2 months
    ver = f.activeringstraject(
        d,
        werk=gtb,
        geinitieerd_op=date(2025, 8, 1),
        aanvaard_op=date(2025, 8, 5),
        bezig_op=date(2025, 10, 1),
    )
    wacht = f.activeringstraject(d, werk=gtb, geinitieerd_op=date(2026, 1, 5))
    recent = f.activeringstraject(d, werk=gtb, geinitieerd_op=date(2026, 2, 20))
    lijst = _categorieen(user)
    assert bijna.pk in lijst["einde"] and ver.pk not in lijst["einde"]
    assert wacht.pk in lijst["eerste-gesprek"] and recent.pk not in lijst["eerste-gesprek"]


def test_it_lists_late_ama_follow_ups_and_evaluations():
    org = f.organisatie("maatwerkbedrijf")
    user = f.gebruiker(Rol.BEGELEIDER_AMA_SE, organisatie=org)
    laat = f.ama_se(f.deelnemer(), begeleider=org, gematcht_op=date(2025, 6, 1))
    AmaSeMoment.objects.create(traject=laat, soort="opvolging", datum=date(2025, 7, 1))
    op_tijd = f.ama_se(f.deelnemer(), begeleider=org, gematcht_op=date(2026, 1, 20))
    AmaSeMoment.objects.create(traject=op_tijd, soort="opvolging", datum=date(2026, 2, 16))
    assert laat.pk in _categorieen(user)["ama-se"]
    assert op_tijd.pk not in _categorieen(user)["ama-se"]
    wvg_org = f.organisatie("caw")
    wvg_user = f.gebruiker(Rol.BEGELEIDER_AMA_WVG, organisatie=wvg_org)
    oud = f.wvg(f.deelnemer(), begeleider=wvg_org, start=date(2024, 12, 1))
    nieuw = f.wvg(f.deelnemer(), begeleider=wvg_org, start=date(2025, 12, 1))
    assert _categorieen(wvg_user)["ama-wvg"] == [oud.pk]
    assert nieuw.pk not in _categorieen(wvg_user)["ama-wvg"]


def test_it_lists_closed_trajectories_missing_a_labour_market_measurement(gtb):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    zonder = f.activeringstraject(
        f.deelnemer(),
        werk=gtb,
        geinitieerd_op=date(2024, 6, 1),
        aanvaard_op=date(2024, 6, 2),
        bezig_op=date(2024, 6, 3),
        afgesloten_op=date(2025, 8, 1),
        eindadvies_id="REC",
    )
    met = f.activeringstraject(
        f.deelnemer(),
        werk=gtb,
        geinitieerd_op=date(2024, 6, 1),
        aanvaard_op=date(2024, 6, 2),
        bezig_op=date(2024, 6, 3),
        afgesloten_op=date(2025, 8, 1),
        eindadvies_id="REC",
    )
    Arbeidsmarktpositie.objects.create(
        deelnemer=met.deelnemer, van=date(2025, 1, 1), positie_id="werkzoekend"
    )
    meting = [s for s in aandacht_voor(user, op=OP)["meting"] if s.traject_id == zonder.pk]
    # 0 and 6 months have passed on 2/03/2026, 12 months not yet.
    assert sorted(s.datum for s in meting) == [date(2025, 8, 1), date(2026, 2, 1)]
    assert met.pk not in _categorieen(user)["meting"]


@pytest.fixture
def met_werk(gtb):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, email="cm@example.invalid")
    d = f.deelnemer(voornaam="Geheimenaam", achternaam="Privé")
    f.activeringstraject(d, werk=gtb, geinitieerd_op=date(2026, 1, 5))
    return user, d


@time_machine.travel(date(2026, 3, 2))
def test_it_emails_counts_and_a_link_without_personal_data(met_werk, settings):
    user, d = met_werk
    assert verstuur_dagoverzicht(user.pk) is True
    (bericht,) = mail.outbox
    assert bericht.to == ["cm@example.invalid"]
    assert "/aandacht/" in bericht.body and ": 1" in bericht.body
    for persoonlijk in (d.voornaam, d.achternaam, d.pk, str(d.insz)):
        assert persoonlijk not in bericht.body and persoonlijk not in bericht.subject


@time_machine.travel(date(2026, 3, 2))
def test_it_never_emails_a_user_twice_on_the_same_day(met_werk):
    user, _d = met_werk
    assert verstuur_dagoverzichten() == 1
    assert verstuur_dagoverzichten() == 1  # queued again, but sent only once
    assert len(mail.outbox) == 1
    assert Dagoverzicht.objects.filter(user=user, datum=date(2026, 3, 2)).count() == 1
    with time_machine.travel(date(2026, 3, 3)):
        assert verstuur_dagoverzicht(user.pk) is True
    assert len(mail.outbox) == 2


@time_machine.travel(date(2026, 3, 2))
def test_it_sends_nothing_when_nothing_needs_attention(gtb):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, email="leeg@example.invalid")
    assert verstuur_dagoverzicht(user.pk) is False
    assert mail.outbox == [] and not Dagoverzicht.objects.exists()


def _wacht(gtb, n: int) -> None:
    for _i in range(n):
        f.activeringstraject(f.deelnemer(), werk=gtb, geinitieerd_op=date(2026, 1, 5))


@pytest.mark.parametrize("aantal", [1, 6])
def test_the_worklist_reads_a_fixed_number_of_queries(gtb, aantal, django_assert_num_queries):
    user = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    _wacht(gtb, aantal)
    # 1 for the role assignments, 3 for the deadlines, 1 for the measurements, 1 for the names.
    with django_assert_num_queries(6):
        assert len(aandacht_voor(user, op=OP)["eerste-gesprek"]) == aantal


def test_it_leaves_closed_ama_se_trajectories_off_the_worklist():
    org = f.organisatie("maatwerkbedrijf")
    user = f.gebruiker(Rol.BEGELEIDER_AMA_SE, organisatie=org)
    lopend = f.ama_se(f.deelnemer(), begeleider=org, gematcht_op=date(2025, 6, 1))
    afgesloten = f.ama_se(f.deelnemer(), begeleider=org, gematcht_op=date(2025, 6, 1))
    afgesloten.afgesloten_op, afgesloten.eindadvies_id = date(2026, 2, 1), "REC"
    afgesloten.save(update_fields=["afgesloten_op", "eindadvies"])
    assert _categorieen(user)["ama-se"] == [lopend.pk]
