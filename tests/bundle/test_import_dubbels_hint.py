"""After an import that wrote participants, the command points to the duplicate scan
(decision 481: the import itself looks for no duplicates row by row)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tests.bundle.builder import kleine_bundel, schrijf

pytestmark = pytest.mark.django_db

HINT = "start de duplicatenscan"


def test_an_import_that_writes_participants_points_to_the_duplicate_scan(tmp_path):
    uit = StringIO()
    call_command("import_bundle", str(schrijf(kleine_bundel(), tmp_path)), stdout=uit)
    assert HINT in uit.getvalue()
    # The same bundle again changes no participant: no hint.
    uit = StringIO()
    call_command("import_bundle", str(schrijf(kleine_bundel(), tmp_path / "2")), stdout=uit)
    assert HINT not in uit.getvalue()


def test_a_dry_run_gives_no_hint(tmp_path):
    uit = StringIO()
    call_command("import_bundle", str(schrijf(kleine_bundel(), tmp_path)), "--dry-run", stdout=uit)
    assert "proefrit" in uit.getvalue() and HINT not in uit.getvalue()
