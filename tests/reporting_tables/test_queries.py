from datetime import date

import pytest

from reporting.mededeling import build_report
from tests import factories as f

pytestmark = pytest.mark.django_db

# Every query of build_report (the savepoint of its transaction included); the acceptance test
# checks that the full 2024 fixture takes no more.
RAPPORT_QUERIES = 35


def test_the_report_runs_a_fixed_number_of_queries_on_a_small_database(django_assert_num_queries):
    b = f.organisatie("maatwerkbedrijf")
    f.contingent(b, 2024, 3)
    f.ama_se(begeleider=b, gematcht_op=date(2024, 2, 1), afgesloten_op=date(2024, 6, 1))
    f.advies()
    with django_assert_num_queries(RAPPORT_QUERIES):
        build_report(2024)
