"""The database expressions of the selectors agree with the Python rules (one home)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from deelnemers.models import Arbeidsmarktpositie
from tests import factories as f
from trajectories import rules, selectors
from trajectories.models import (
    Activeringstraject,
    AmaSeMoment,
    AmaSeTraject,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
)
from werkzorg.domein.datums import active_on, add_months

pytestmark = pytest.mark.django_db

DAGEN = [date(2024, 1, 10), date(2024, 2, 10), date(2024, 3, 10), date(2024, 4, 10)]
OF_NIET = [None, *DAGEN]


def geldige_trajecten() -> list[Activeringstraject]:
    """Every valid combination of milestones over four dates (the rules decide what is valid)."""
    d = f.deelnemer()
    trajecten = []
    for g, a, b, ing, (einde, op) in itertools.product(
        DAGEN,
        OF_NIET,
        OF_NIET,
        OF_NIET,
        [(None, None)]
        + [("afgesloten_op", x) for x in DAGEN]
        + [("stopgezet_op", x) for x in DAGEN],
    ):
        t = Activeringstraject(
            id=f"C{len(trajecten):05d}",
            deelnemer=d,
            regio_id=f.REGIO,
            geinitieerd_op=g,
            aanvaard_op=a,
            bezig_op=b,
            ingetrokken_op=ing,
        )
        if einde == "afgesloten_op":
            t.afgesloten_op, t.eindadvies_id = op, "REC"
        elif einde == "stopgezet_op":
            t.stopgezet_op, t.stopreden_id = op, "andere"
        if not rules.activering_fouten(t, eindadviezen={"REC"}):
            trajecten.append(t)
    return Activeringstraject.objects.bulk_create(trajecten)


def test_met_status_agrees_with_the_rule_on_every_combination_of_milestones():
    trajecten = geldige_trajecten()
    statussen = {rules.activering_status(t) for t in trajecten}
    assert statussen == set(rules.Status)  # every status occurs among the combinations
    peildata = sorted({x + timedelta(days=dx) for x in DAGEN for dx in (-1, 0, 1)})
    for op in peildata:
        in_db = dict(
            selectors.met_status(Activeringstraject.objects.all(), op=op).values_list(
                "id", "status"
            )
        )
        verwacht = {
            t.id: (s.value if (s := rules.activering_status(t, op)) else None) for t in trajecten
        }
        assert in_db == verwacht, op


EINDEN = [
    date(2024, 1, 31),
    date(2023, 8, 31),
    date(2024, 2, 29),
    date(2023, 2, 28),
    date(2024, 3, 31),
    date(2024, 5, 31),
    date(2024, 12, 15),
    date(2022, 6, 30),
]


def test_met_einddatum_and_met_overdue_agree_with_the_rules_at_month_ends():
    trajecten = [f.traject_bezig(b) for b in EINDEN]
    trajecten.append(f.traject_bezig(date(2023, 8, 31), verlengd_tot=date(2025, 8, 31)))
    trajecten.append(
        f.traject_afgesloten(bezig_op=date(2022, 1, 31), afgesloten_op=date(2023, 1, 1))
    )
    trajecten.append(f.traject_aanvaard())
    in_db = dict(
        selectors.met_einddatum(Activeringstraject.objects.all()).values_list("id", "einddatum")
    )
    assert in_db == {t.id: rules.activering_einddatum(t) for t in trajecten}
    assert in_db[trajecten[0].id] == date(2025, 7, 31)  # 31/01/2024 + 18 months
    assert in_db[trajecten[1].id] == date(2025, 2, 28)  # clamped to February's last day
    for op in sorted({e + timedelta(days=dx) for e in in_db.values() if e for dx in (-1, 0, 1)}):
        overdue = dict(
            selectors.met_overdue(Activeringstraject.objects.all(), op=op).values_list(
                "id", "is_overdue"
            )
        )
        assert overdue == {t.id: rules.activering_is_overdue(t, op) for t in trajecten}, op


def test_the_ama_se_due_dates_agree_with_the_rules(vandaag):
    gevallen = [
        (date(2025, 1, 31), [], []),
        (date(2024, 8, 31), [date(2024, 9, 30)], []),
        (date(2024, 5, 31), [date(2024, 6, 15), date(2024, 11, 30)], [date(2025, 5, 31)]),
        (date(2024, 3, 1), [date(2024, 2, 1)], [date(2024, 2, 1)]),  # before the match: ignored
    ]
    trajecten = []
    for gematcht, opvolgingen, beslissingen in gevallen:
        t = f.ama_se_bezig(gematcht)
        for soort, data in (("opvolging", opvolgingen), ("beslissing", beslissingen)):
            for datum in data:
                AmaSeMoment.objects.create(traject=t, soort=soort, datum=datum)
        trajecten.append((t, opvolgingen, beslissingen))
    in_db = {
        r["id"]: r
        for r in selectors.met_ama_se_opvolging(AmaSeTraject.objects.all(), op=vandaag).values(
            "id", "volgende_opvolging", "volgende_beslissing"
        )
    }
    for t, opvolgingen, beslissingen in trajecten:
        assert in_db[t.id]["volgende_opvolging"] == rules.ama_se_volgende_opvolging(
            t.gematcht_op, opvolgingen
        )
        assert in_db[t.id]["volgende_beslissing"] == rules.ama_se_volgende_beslissing(
            t.gematcht_op, beslissingen
        )


def test_the_wvg_evaluation_due_date_agrees_with_the_rule():
    gevallen = [
        (date(2024, 2, 29), []),
        (date(2023, 3, 31), [date(2024, 3, 15)]),
        (date(2023, 3, 31), [date(2024, 3, 15), date(2025, 2, 28)]),
    ]
    for start, evaluaties in gevallen:
        o = f.wvg_lopend(start)
        for datum in evaluaties:
            AmaWvgEvaluatie.objects.create(overeenkomst=o, datum=datum)
    in_db = dict(
        selectors.met_wvg_evaluatie(AmaWvgOvereenkomst.objects.all()).values_list(
            "id", "volgende_evaluatie"
        )
    )
    verwacht = {
        o.id: rules.wvg_volgende_evaluatie(o.start, [e.datum for e in o.evaluaties.all()])
        for o in AmaWvgOvereenkomst.objects.all()
    }
    assert in_db == verwacht


def test_the_worklist_reads_the_last_moment_once_per_trajectory_not_per_reference():
    """The due dates and the four flags all refer to the last follow-up, decision and
    evaluation; as correlated subqueries PostgreSQL ran them at every reference (ten per AMA SE
    row, 200 ms for the admin's worklist at 1 M participants). As aggregates over a join they
    are one SELECT, computed once per trajectory (decision 532)."""
    op = date(2025, 6, 15)
    for qs in (
        selectors.ama_se_aandacht(AmaSeTraject.objects.all(), op=op),
        selectors.wvg_aandacht(AmaWvgOvereenkomst.objects.all(), op=op),
    ):
        sql = str(qs.query).upper()
        assert sql.count("SELECT") == 1, sql
        assert "GROUP BY" in sql


# --- the worklist -------------------------------------------------------------------------------------


@pytest.fixture
def werklijst_dossiers() -> dict[str, str]:
    """One dossier per reason (and some without), on 15/06/2025."""
    ids = {
        "einde": f.traject_bezig(date(2024, 1, 1)).id,  # ends 1/07/2025
        "overdue": f.traject_bezig(date(2023, 10, 1)).id,  # ended 1/04/2025
        "verlengd": f.traject_bezig(date(2023, 10, 1), verlengd_tot=date(2025, 8, 1)).id,
        "loopt": f.traject_bezig(date(2024, 3, 1)).id,  # ends 1/09/2025
        "wacht": f.traject_geinitieerd(date(2025, 5, 1)).id,
        "net-30-dagen": f.traject_geinitieerd(date(2025, 5, 16)).id,
        "afgesloten": f.traject_afgesloten(
            bezig_op=date(2023, 1, 1), afgesloten_op=date(2024, 6, 1)
        ).id,
        "se-nieuw": f.ama_se_bezig(date(2025, 5, 20)).id,  # first follow-up due 20/06/2025
        "se-laat": f.ama_se_bezig(date(2025, 1, 10)).id,
        "se-beslissing": f.ama_se_bezig(date(2024, 6, 20)).id,
        "se-afgesloten": f.ama_se_afgesloten(
            gematcht_op=date(2024, 1, 1), afgesloten_op=date(2024, 3, 1)
        ).id,
        "wvg-binnenkort": f.wvg_lopend(date(2024, 6, 20)).id,
        "wvg-laat": f.wvg_lopend(date(2024, 3, 1)).id,
        "wvg-ok": f.wvg_lopend(date(2024, 3, 1)).id,
        "wvg-beeindigd": f.wvg_beeindigd(start=date(2023, 1, 1), einde=date(2024, 12, 31)).id,
    }
    AmaSeMoment.objects.create(traject_id=ids["se-laat"], soort="opvolging", datum=date(2025, 2, 1))
    AmaSeMoment.objects.create(
        traject_id=ids["se-beslissing"], soort="opvolging", datum=date(2025, 5, 1)
    )
    AmaWvgEvaluatie.objects.create(overeenkomst_id=ids["wvg-ok"], datum=date(2025, 3, 1))
    return ids


def test_the_worklist_gives_each_reason_with_its_date(
    werklijst_dossiers, vandaag, django_assert_num_queries
):
    ids = werklijst_dossiers
    with django_assert_num_queries(3):
        punten = selectors.aandachtspunten(op=vandaag)
    assert {(p.traject_id, p.reden, p.datum) for p in punten} == {
        (ids["einde"], "einde-binnenkort", date(2025, 7, 1)),
        (ids["verlengd"], "einde-binnenkort", date(2025, 8, 1)),
        (ids["overdue"], "overdue", date(2025, 4, 1)),
        (ids["wacht"], "wacht-op-aanvaarding", date(2025, 5, 1)),
        (ids["se-nieuw"], "opvolging-binnenkort", date(2025, 6, 20)),
        (ids["se-laat"], "opvolging-te-laat", date(2025, 5, 1)),
        (ids["se-beslissing"], "beslissing-binnenkort", date(2025, 6, 20)),
        (ids["wvg-binnenkort"], "evaluatie-binnenkort", date(2025, 6, 20)),
        (ids["wvg-laat"], "evaluatie-te-laat", date(2025, 3, 1)),
    }
    assert [p.datum for p in punten] == sorted(p.datum for p in punten)
    assert punten[0].label == "Jaarlijkse evaluatie AMA WVG te laat"


def test_the_worklist_reads_only_the_querysets_it_is_given(werklijst_dossiers, vandaag):
    ids = werklijst_dossiers
    punten = selectors.aandachtspunten(
        op=vandaag,
        activering=Activeringstraject.objects.filter(id=ids["wacht"]),
        ama_se=AmaSeTraject.objects.none(),
        wvg=AmaWvgOvereenkomst.objects.none(),
    )
    assert [(p.traject_id, p.reden) for p in punten] == [(ids["wacht"], "wacht-op-aanvaarding")]


def test_the_missing_measurements_agree_with_the_positions_on_each_date(vandaag):
    """`meting_aandacht` in SQL against `active_on` in Python, around the interval ends and a
    month end (31/08 + 6 months = 28/02)."""
    posities = [
        [],
        [(date(2024, 8, 31), None)],
        [(date(2024, 9, 1), None)],
        [(date(2024, 1, 1), date(2024, 8, 31))],
        [(date(2024, 1, 1), date(2024, 8, 30)), (date(2025, 2, 28), date(2025, 2, 28))],
        [(date(2024, 1, 1), date(2025, 2, 27))],
    ]
    for afgesloten_op in (date(2024, 8, 31), date(2024, 5, 1), date(2025, 6, 15)):
        for periodes in posities:
            t = f.traject_afgesloten(bezig_op=date(2023, 1, 1), afgesloten_op=afgesloten_op)
            for van, tot in periodes:
                Arbeidsmarktpositie.objects.create(
                    deelnemer=t.deelnemer, van=van, tot=tot, positie_id="werkzoekend"
                )
    f.traject_afgesloten(bezig_op=date(2022, 1, 1), afgesloten_op=date(2023, 6, 1))  # too old
    verwacht = set()
    for t in Activeringstraject.objects.filter(afgesloten_op__isnull=False):
        if t.afgesloten_op < add_months(vandaag, -(max(selectors.METINGEN_MAANDEN) + 1)):
            continue
        for m in selectors.METINGEN_MAANDEN:
            meetdatum = add_months(t.afgesloten_op, m)
            if meetdatum <= vandaag and not any(
                active_on(p.van, p.tot, meetdatum) for p in t.deelnemer.arbeidsmarktposities.all()
            ):
                verwacht.add((t.id, f"meting-{m}", meetdatum))
    punten = selectors.meting_aandachtspunten(op=vandaag)
    assert {(p.traject_id, p.reden, p.datum) for p in punten} == verwacht
    assert 0 < len(verwacht) < 3 * 3 * len(posities)  # some measurements missing, not all
    assert punten[0].label.startswith("Arbeidsmarktpositie ontbreekt")


def test_met_status_filters_in_the_database(vandaag):
    bezig = f.traject_bezig()
    f.traject_afgesloten()
    qs = selectors.met_status(Activeringstraject.objects.all(), op=vandaag).filter(status="bezig")
    assert list(qs.values_list("id", flat=True)) == [bezig.id]
