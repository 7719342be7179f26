"""A canary participant: its name and INSZ must never show up in logs, emails or task
arguments, whatever path the dossier takes through the application."""

import logging
from datetime import UTC, date, datetime
from unittest import mock

import pytest
import time_machine
from celery.app.task import Task
from django.core import mail
from django.test import Client

from accounts.models import Rol
from deelnemers.tasks import verstuur_dagoverzichten
from tests import factories as f
from trajectories.models import Activeringstraject

pytestmark = pytest.mark.django_db

VOORNAAM = "Zwanhildeke"
ACHTERNAAM = "Kanariepietersz"
INSZ = "85073100161"
VANDAAG = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


def _sporen(caplog, taak_argumenten) -> list[str]:
    sporen = []
    for r in caplog.records:
        sporen.append(r.getMessage())
        sporen.append(repr(r.args))
        sporen.append(repr({k: v for k, v in vars(r).items() if k not in {"args", "msg"}}))
    for m in mail.outbox:
        sporen.extend([m.subject, m.body, repr(m.to), *(a[0] for a in m.alternatives)])
    sporen.extend(repr(a) for a in taak_argumenten)
    return sporen


def test_the_canary_name_and_insz_appear_in_no_log_email_or_task_argument(gtb, caplog, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    taak_argumenten: list[tuple] = []
    origineel = Task.apply_async

    def opnemen(self, args=None, kwargs=None, *rest, **opties):
        taak_argumenten.append((self.name, args, kwargs))
        return origineel(self, args, kwargs, *rest, **opties)

    caplog.set_level(logging.DEBUG)
    with (
        time_machine.travel(VANDAAG, tick=False),
        mock.patch.object(Task, "apply_async", opnemen),
    ):
        cm = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb, email="cm@example.org")
        coordinator = f.gebruiker(Rol.COORDINATOR, organisatie=gtb)
        buitenstaander = f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=f.organisatie("gtb"))
        d = f.deelnemer(voornaam=VOORNAAM, achternaam=ACHTERNAAM, insz=INSZ)
        # Initiated long ago without a first interview: it is on the daily worklist.
        t = f.activeringstraject(d, werk=gtb, geinitieerd_op=date(2025, 3, 3))
        c = Client()
        c.force_login(cm)

        pagina = c.get(f"/dossiers/{d.pk}/")
        assert ACHTERNAAM in pagina.content.decode()  # the canary is really on the page
        assert c.get(f"/api/v1/deelnemers/{d.pk}").status_code == 200
        assert verstuur_dagoverzichten() >= 1
        assert len(mail.outbox) == 1
        stap = c.post(
            f"/trajecten/activering/{t.pk}/stap/aanvaarden/",
            {"versie": t.versie, "datum": "2/06/2025"},
        )
        assert stap.status_code == 302
        assert Activeringstraject.objects.get(pk=t.pk).aanvaard_op == date(2025, 6, 2)
        rapporteur = Client()
        rapporteur.force_login(coordinator)
        export = rapporteur.get("/ladder/rapport/", {"jaar": 2025, "format": "json"})
        assert export.status_code == 200
        buiten = Client()
        buiten.force_login(buitenstaander)
        assert buiten.get(f"/dossiers/{d.pk}/").status_code == 404

    assert taak_argumenten, "the daily email queued no task"
    assert caplog.records, "nothing was logged at all"
    gevonden = [
        s
        for s in _sporen(caplog, taak_argumenten)
        if any(x in s for x in (VOORNAAM, ACHTERNAAM, INSZ))
    ]
    assert gevonden == []
    assert not any(x in export.content.decode() for x in (VOORNAAM, ACHTERNAAM, INSZ))
