"""`manage.py import_bundle` and `export_bundle`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from deelnemers.models import Deelnemer
from tests.bundle.builder import kleine_bundel, schrijf

pytestmark = pytest.mark.django_db


def test_the_dry_run_reports_counts_per_file_and_writes_nothing(tmp_path):
    uit = StringIO()
    call_command("import_bundle", str(schrijf(kleine_bundel(), tmp_path)), "--dry-run", stdout=uit)
    assert "deelnemers.csv: 3 rijen" in uit.getvalue()
    assert not Deelnemer.objects.exists()


def test_it_prints_every_error_and_fails(tmp_path):
    bundel = kleine_bundel()
    bundel["deelnemers.csv"][1]["regio"] = "atlantis"
    fout = StringIO()
    with pytest.raises(CommandError):
        call_command("import_bundle", str(schrijf(bundel, tmp_path)), stderr=fout)
    assert fout.getvalue().startswith("deelnemers.csv:3: regio: ")


def test_export_writes_what_import_read(tmp_path):
    call_command("import_bundle", str(schrijf(kleine_bundel(), tmp_path / "in")), stdout=StringIO())
    call_command("export_bundle", str(tmp_path / "uit"), stdout=StringIO())
    regels = (tmp_path / "uit" / "ama_wvg_overeenkomsten.csv").read_bytes().decode()
    assert regels.splitlines()[1] == 'WVG1,D3,O4,"Atelier ""De Ploeg"", Geel",2024-02-01,'
    assert regels.endswith("\r\n")
