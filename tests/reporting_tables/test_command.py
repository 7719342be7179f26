import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reporting.management.commands import mededeling as command
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_writes_utf8_json_to_a_file_with_the_given_peildatum(tmp_path):
    f.advies()
    uit = tmp_path / "mededeling.json"
    call_command(
        "mededeling",
        "--jaar",
        "2024",
        "--peildatum",
        "2025-02-28",
        "--output",
        str(uit),
        stderr=StringIO(),
    )
    report = json.loads(uit.read_text(encoding="utf-8"))
    assert report["jaar"] == 2024
    assert report["peildatum"] == "2025-02-28"
    assert report["tables"]["vdab_adviezen_per_provincie"]["antwerpen"]["AB"] == 1


def test_the_default_peildatum_is_31_march_of_the_next_year():
    out = StringIO()
    call_command("mededeling", "--jaar", "2023", stdout=out)
    assert json.loads(out.getvalue())["peildatum"] == "2024-03-31"


def test_it_says_so_when_the_exports_are_not_available(monkeypatch, tmp_path):
    def ontbreekt(name: str):
        raise ImportError(name)

    monkeypatch.setattr(command, "import_module", ontbreekt)
    with pytest.raises(CommandError, match="xlsx"):
        call_command(
            "mededeling", "--jaar", "2024", "--format", "xlsx", "--output", str(tmp_path / "x")
        )


def test_binary_formats_are_handed_to_the_exports(monkeypatch, tmp_path):
    class Exports:
        @staticmethod
        def render(report, fmt):
            return f"{fmt}:{report['jaar']}".encode()

    monkeypatch.setattr(command, "import_module", lambda name: Exports)
    uit = tmp_path / "mededeling.pdf"
    call_command(
        "mededeling", "--jaar", "2024", "--format", "pdf", "--output", str(uit), stderr=StringIO()
    )
    assert uit.read_bytes() == b"pdf:2024"
