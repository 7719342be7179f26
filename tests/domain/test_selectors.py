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
        # The same statuses as date conditions, for the filters (decision 544).
        for status in rules.Status:
            gefilterd = Activeringstraject.objects.filter(
                selectors.activering_status_voorwaarde(status.value, op)
            )
            assert set(gefilterd.values_list("id", flat=True)) == {
                i for i, s in verwacht.items() if s == status.value
            }, (op, status)
    assert not Activeringstraject.objects.filter(
        selectors.activering_status_voorwaarde("onbekend", DAGEN[-1])
    ).exists()


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
        # The overdue filter's conditions (decision 544) select the same trajectories.
        gefilterd = selectors.alleen_overdue(Activeringstraject.objects.all(), op=op)
        assert set(gefilterd.values_list("id", flat=True)) == {
            i for i, ja in overdue.items() if ja
        }, op


def _ama_se_datums_volgens_db_en_regels(op: date) -> tuple[dict, dict]:
    """Per AMA SE traject (selectors over the stored last moments, rules over the moments)."""
    in_db = {
        r["id"]: (r["volgende_opvolging"], r["volgende_beslissing"])
        for r in selectors.met_ama_se_opvolging(AmaSeTraject.objects.all(), op=op).values(
            "id", "volgende_opvolging", "volgende_beslissing"
        )
    }
    regels = {}
    for t in AmaSeTraject.objects.prefetch_related("momenten"):
        momenten = list(t.momenten.all())
        regels[t.id] = (
            rules.ama_se_volgende_opvolging(
                t.gematcht_op, [m.datum for m in momenten if m.soort == "opvolging"]
            ),
            rules.ama_se_volgende_beslissing(
                t.gematcht_op, [m.datum for m in momenten if m.soort == "beslissing"]
            ),
        )
    return in_db, regels


def test_the_ama_se_due_dates_agree_with_the_rules(vandaag):
    """The selectors read the last moments the trajectory keeps (decision 570) and count them
    only on or after the match, as the rules do: moments before, on and after the match."""
    gevallen = [
        (date(2025, 1, 31), [], []),
        (date(2024, 8, 31), [date(2024, 9, 30)], []),
        (date(2024, 5, 31), [date(2024, 6, 15), date(2024, 11, 30)], [date(2025, 5, 31)]),
        (date(2024, 3, 1), [date(2024, 2, 1)], [date(2024, 2, 1)]),  # before the match: ignored
        (date(2024, 3, 1), [date(2024, 3, 1)], [date(2024, 3, 1)]),  # on the match: counted
        (date(2024, 3, 1), [date(2024, 2, 1), date(2024, 4, 1)], [date(2024, 2, 29)]),
    ]
    trajecten = []
    for gematcht, opvolgingen, beslissingen in gevallen:
        t = f.ama_se_bezig(gematcht)
        for soort, data in (("opvolging", opvolgingen), ("beslissing", beslissingen)):
            for datum in data:
                AmaSeMoment.objects.create(traject=t, soort=soort, datum=datum)
        trajecten.append((t, opvolgingen, beslissingen))
    in_db, regels = _ama_se_datums_volgens_db_en_regels(vandaag)
    assert in_db == regels
    for t, opvolgingen, beslissingen in trajecten:
        assert in_db[t.id] == (
            rules.ama_se_volgende_opvolging(t.gematcht_op, opvolgingen),
            rules.ama_se_volgende_beslissing(t.gematcht_op, beslissingen),
        )
    assert in_db[trajecten[3][0].id] == (date(2024, 4, 1), date(2025, 3, 1))  # from the match
    assert in_db[trajecten[5][0].id] == (date(2024, 7, 1), date(2025, 3, 1))


def test_a_later_match_date_needs_no_recompute_of_the_last_moments(vandaag):
    """A re-import may move `gematcht_op` (`start`) past or before the moments: the stored last
    moment is the last of all, and the selectors still count only those on or after it."""
    t = f.ama_se_bezig(date(2024, 1, 10))
    for soort, datum in (
        ("opvolging", date(2024, 2, 1)),
        ("opvolging", date(2024, 5, 1)),
        ("beslissing", date(2024, 12, 1)),
    ):
        AmaSeMoment.objects.create(traject=t, soort=soort, datum=datum)
    o = f.wvg_lopend(date(2023, 3, 1))
    AmaWvgEvaluatie.objects.create(overeenkomst=o, datum=date(2024, 2, 1))
    opgeslagen = (date(2024, 5, 1), date(2024, 12, 1), date(2024, 2, 1))
    for gematcht, start in (
        (date(2024, 3, 1), date(2024, 2, 1)),  # between the moments; on the evaluation
        (date(2024, 6, 1), date(2024, 2, 2)),  # after the follow-ups; after the evaluation
        (date(2025, 1, 1), date(2023, 1, 1)),  # after every moment; before the evaluation
        (date(2023, 12, 1), date(2024, 6, 1)),  # before every moment; after the evaluation
    ):
        # As the bundle's upsert writes them: a queryset update, no model code.
        AmaSeTraject.objects.filter(pk=t.pk).update(gematcht_op=gematcht)
        AmaWvgOvereenkomst.objects.filter(pk=o.pk).update(start=start)
        t.refresh_from_db()
        o.refresh_from_db()
        assert (t.laatste_opvolging_op, t.laatste_beslissing_op, o.laatste_evaluatie_op) == (
            opgeslagen
        )
        in_db, regels = _ama_se_datums_volgens_db_en_regels(vandaag)
        assert in_db == regels, gematcht
        wvg = selectors.met_wvg_evaluatie(AmaWvgOvereenkomst.objects.filter(pk=o.pk)).get()
        assert wvg.volgende_evaluatie == rules.wvg_volgende_evaluatie(start, [date(2024, 2, 1)]), (
            start
        )


def test_the_wvg_evaluation_due_date_agrees_with_the_rule():
    gevallen = [
        (date(2024, 2, 29), []),
        (date(2023, 3, 31), [date(2024, 3, 15)]),
        (date(2023, 3, 31), [date(2024, 3, 15), date(2025, 2, 28)]),
        (date(2024, 3, 1), [date(2024, 2, 1)]),  # before the start: ignored
        (date(2024, 3, 1), [date(2024, 3, 1)]),  # on the start: counted
        (date(2024, 3, 1), [date(2024, 2, 1), date(2024, 9, 30)]),
    ]
    ids = []
    for start, evaluaties in gevallen:
        o = f.wvg_lopend(start)
        ids.append(o.id)
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
    assert [in_db[i] for i in ids[3:]] == [date(2025, 3, 1), date(2025, 3, 1), date(2025, 9, 30)]


def test_the_worklist_reads_the_last_moments_from_the_row_without_joining_the_moments():
    """The due dates and the four flags all refer to the last follow-up, decision and
    evaluation. As correlated subqueries PostgreSQL ran them at every reference (decision
    532); as aggregates over a join it still read, sorted and grouped every moment of every
    running trajectory (17 500 rows for the admin at 1 M participants, 19 of 38 ms). The
    trajectory keeps them (decision 570): one SELECT of the trajectories alone."""
    op = date(2025, 6, 15)
    for qs, momenten in (
        (selectors.ama_se_aandacht(AmaSeTraject.objects.all(), op=op), AmaSeMoment),
        (selectors.wvg_aandacht(AmaWvgOvereenkomst.objects.all(), op=op), AmaWvgEvaluatie),
    ):
        sql = str(qs.query).upper()
        assert sql.count("SELECT") == 1, sql
        assert "GROUP BY" not in sql
        assert " JOIN " not in sql
        assert momenten._meta.db_table.upper() not in sql


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
