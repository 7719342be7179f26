"""One nl-BE date format everywhere (`1/03/2026`: day without, month with a leading zero) and
event labels from one map (issue 14, points 11 and 12)."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template

from accounts.models import Rol
from tests import factories as f
from trajectories import rules
from trajectories.models import TrajectEvent
from werkzorg.formats import datum, datumtijd

pytestmark = pytest.mark.django_db

# A day-first date with a leading zero on the day (the forbidden `01/03/2026`), or a month
# without one (`1/3/2026`).
VERKEERD = re.compile(r"(?<![\d/])(0\d/\d{2}/\d{4}|\d{1,2}/\d/\d{4})(?![\d/])")


@pytest.fixture
def traject(gtb):
    d = f.deelnemer(geboortedatum=date(1990, 3, 5))
    return f.activeringstraject(
        d,
        werk=gtb,
        geinitieerd_op=date(2025, 2, 3),
        aanvaard_op=date(2025, 3, 1),
        bezig_op=date(2025, 4, 7),
    )


def test_the_python_helpers_write_the_day_without_and_the_month_with_a_leading_zero():
    assert datum(date(2026, 3, 1)) == "1/03/2026"
    assert datum(date(2026, 12, 2)) == "2/12/2026"
    assert datum(None) == ""
    moment = datetime(2026, 3, 1, 13, 5, tzinfo=ZoneInfo("UTC"))
    assert datumtijd(moment) == "1/03/2026 14:05"  # Brussels time
    assert datum(moment) == "1/03/2026"


def test_the_template_filters_write_the_same_format():
    html = Template("{% load werkzorg %}{{ d|datum }} {{ t|datumtijd }} {{ d }}").render(
        Context({"d": date(2024, 1, 1), "t": datetime(2024, 1, 1, 9, 0, tzinfo=ZoneInfo("UTC"))})
    )
    assert html == "1/01/2024 1/01/2024 10:00 1/01/2024"


def test_rule_messages_write_dates_in_the_one_format():
    fouten = rules.mijlpaal_datum_fouten("aanvaard_op", date(2026, 3, 1), date(2026, 2, 1))
    assert fouten and "1/03/2026" in fouten[0].bericht
    assert "01/03/2026" not in fouten[0].bericht


@time_machine.travel(datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Europe/Brussels")), tick=False)
def test_the_main_pages_show_every_date_in_the_one_format(traject, gtb, login):
    casemanager = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    c = login(casemanager)
    caseload = c.get("/dossiers/").content.decode()
    dossier = c.get(f"/dossiers/{traject.deelnemer_id}/").content.decode()
    assert "5/03/1990" in caseload
    assert "5/03/1990" in dossier
    assert "1/03/2025" in dossier and "3/02/2025" in dossier
    for html in (caseload, dossier):
        assert not VERKEERD.findall(html)


def test_the_dossier_timeline_names_plan_events_by_their_label(traject, gtb, login):
    casemanager = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb)
    for actie in ("stage-toegevoegd", "doelstelling-toegevoegd"):
        TrajectEvent.objects.create(
            soort="activering",
            traject_id=traject.pk,
            deelnemer=traject.deelnemer,
            actie=actie,
            door=casemanager,
        )
    html = login(casemanager).get(f"/dossiers/{traject.deelnemer_id}/").content.decode()
    assert "Werkervaringsstage toegevoegd" in html
    assert "Doelstelling toegevoegd" in html
    assert "Stage-toegevoegd" not in html
    assert "Doelstelling-toegevoegd" not in html


def test_every_event_the_services_record_has_a_label():
    import inspect

    from trajectories import services

    bron = inspect.getsource(services)
    codes = set(re.findall(r'actie="([a-z-]+)"', bron))
    codes |= set(re.findall(r'_plan_event\(\s*\w+,\s*"([a-z-]+)"', bron))
    codes |= {f"actie-{s}" for s in ("gestart", "afgerond")}
    assert codes, "no event codes found in trajectories/services.py"
    for code in codes:
        for soort in TrajectEvent.Soort.values:
            label = TrajectEvent(soort=soort, actie=code).get_actie_display()
            assert label != code and "-" not in label, (soort, code, label)
