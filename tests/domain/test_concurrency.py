"""Real parallel connections on PostgreSQL: the row lock leaves one winner and one event.

Collected on PostgreSQL only (see conftest.py): SQLite has no row locks to test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection

from tests import factories as f
from trajectories import services
from trajectories.models import (
    Activeringstraject,
    AmaSeMoment,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
    TrajectEvent,
)
from werkzorg.domein.fouten import Geweigerd

# The flush after a transactional test wipes the reference codes: tests/conftest.py reloads them.
pytestmark = pytest.mark.django_db(transaction=True)

N = 6


def tegelijk(taken: list[Callable[[], object]]) -> list[str]:
    """Run the tasks in parallel threads (one connection each), released at the same moment.

    Returns "ok" or the refusal code per task.
    """
    start = threading.Barrier(len(taken))

    def run(taak: Callable[[], object]) -> str:
        try:
            start.wait()
            taak()
            return "ok"
        except Geweigerd as exc:
            return exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(len(taken)) as pool:
        return list(pool.map(run, taken))


def test_simultaneous_conflicting_steps_with_the_same_versie_have_one_winner(door):
    t = f.traject_geinitieerd(date(2025, 5, 1))
    stappen = ["aanvaarden", "intrekken"] * (N // 2)
    uitkomsten = tegelijk(
        [
            lambda s=s: services.activering_stap(
                door=door, traject_id=t.pk, stap=s, datum=date(2025, 5, 10), versie=1
            )
            for s in stappen
        ]
    )
    assert uitkomsten.count("ok") == 1
    assert sorted(set(uitkomsten) - {"ok"}) == ["versie-verouderd"]
    events = list(TrajectEvent.objects.filter(traject_id=t.pk))
    assert len(events) == 1
    t.refresh_from_db()
    assert t.versie == 2
    gezet = {"aanvaarden": t.aanvaard_op, "intrekken": t.ingetrokken_op}
    assert gezet[events[0].actie] == date(2025, 5, 10)
    assert [v for v in gezet.values() if v is not None] == [date(2025, 5, 10)]


def test_simultaneous_steps_without_versie_are_checked_against_the_new_status(door):
    t = f.traject_bezig(date(2024, 3, 1))
    f.stage(t)
    uitkomsten = tegelijk(
        [
            lambda: services.activering_stap(
                door=door,
                traject_id=t.pk,
                stap="afsluiten",
                datum=date(2025, 6, 1),
                eindadvies_id="REC",
            ),
            *[
                lambda: services.activering_stap(
                    door=door,
                    traject_id=t.pk,
                    stap="stopzetten",
                    datum=date(2025, 6, 1),
                    stopreden_id="andere",
                )
            ]
            * (N - 1),
        ]
    )
    assert uitkomsten.count("ok") == 1
    assert sorted(set(uitkomsten) - {"ok"}) == ["stap-niet-toegelaten"]
    assert TrajectEvent.objects.filter(traject_id=t.pk).count() == 1
    t = Activeringstraject.objects.get(pk=t.pk)
    assert (t.afgesloten_op is None) != (t.stopgezet_op is None)


def test_simultaneous_agreements_with_different_begeleiders_leave_one(door):
    d = f.deelnemer()
    begeleiders = [f.begeleider_ama_wvg() for _ in range(N)]
    uitkomsten = tegelijk(
        [
            lambda b=b: services.nieuwe_wvg_overeenkomst(
                door=door,
                deelnemer_id=d.pk,
                begeleider_id=b.pk,
                werkpost="Park",
                start=date(2025, 3, 1),
            )
            for b in begeleiders
        ]
    )
    assert uitkomsten.count("ok") == 1
    assert sorted(set(uitkomsten) - {"ok"}) == ["regel-geschonden"]
    assert AmaWvgOvereenkomst.objects.filter(deelnemer=d).count() == 1
    assert TrajectEvent.objects.filter(deelnemer=d).count() == 1


def test_simultaneous_moments_of_one_trajectory_leave_the_last_one_kept():
    """Each moment's write recomputes the trajectory's last moments (decision 570) after
    locking its row: a later writer waits and then reads the earlier ones' moments too, so
    the stored date is the last of all, whichever commits last."""
    t = f.ama_se_bezig(date(2024, 1, 10))
    o = f.wvg_lopend(date(2023, 1, 10))
    datums = [date(2024, 2, d) for d in range(1, N + 1)]
    uitkomsten = tegelijk(
        [
            lambda d=d: AmaSeMoment.objects.create(traject=t, soort="opvolging", datum=d)
            for d in datums
        ]
        + [lambda d=d: AmaWvgEvaluatie.objects.create(overeenkomst=o, datum=d) for d in datums]
    )
    assert uitkomsten == ["ok"] * (2 * N)
    t.refresh_from_db()
    o.refresh_from_db()
    assert t.laatste_opvolging_op == o.laatste_evaluatie_op == max(datums)
