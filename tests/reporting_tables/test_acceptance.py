"""The 2024 report of the fixture bundle reproduces the published Mededeling 2024."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from reporting.mededeling import build_report
from tests.conftest import FIXTURES
from tests.reporting_tables.test_queries import RAPPORT_QUERIES
from tests.support.compare import assert_reproduceert, laad

PUBLISHED = FIXTURES / "mededeling-2024" / "published.json"

pytestmark = pytest.mark.usefixtures("db_2024", "db")


def test_the_2024_report_reproduces_every_published_table():
    assert_reproduceert(build_report(2024), laad(PUBLISHED))


def test_the_mededeling_command_prints_the_same_report_as_json():
    out = StringIO()
    call_command("mededeling", "--jaar", "2024", "--format", "json", stdout=out)
    report = json.loads(out.getvalue(), parse_float=Decimal)
    assert report["peildatum"] == "2025-03-31"
    assert_reproduceert(report, laad(PUBLISHED))


def test_the_report_holds_next_years_contingent_of_every_begeleider_with_places():
    report = build_report(2024)
    contingenten = report["tables"]["ama_se_contingent_volgend_jaar"]
    per_provincie = report["tables"]["ama_se_per_provincie"]["totaal"]
    assert len(contingenten) == per_provincie["begeleiders"]
    assert sum(r["plaatsen"] for r in contingenten.values()) == per_provincie["contingent"]
    for rij in contingenten.values():
        if rij["pct_invulling"] is not None and rij["pct_invulling"] >= 80.05:
            assert rij["plaatsen_volgend_jaar"] == rij["plaatsen"]
        assert rij["plaatsen_volgend_jaar"] <= rij["plaatsen"]


def test_the_report_runs_a_fixed_number_of_queries_on_the_full_fixture(
    django_assert_num_queries,
):
    # The same number as on a nearly empty database (test_queries.py): no query per dossier.
    with django_assert_num_queries(RAPPORT_QUERIES):
        build_report(2024)
