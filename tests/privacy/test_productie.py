"""Production refuses to start without a real pseudonymisation secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check(sleutel: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "WERKZORG_PSEUDONIEM_SLEUTEL"}
    env.update(DJANGO_SETTINGS_MODULE="werkzorg.settings_production", DJANGO_SECRET_KEY="x" * 50)
    if sleutel is not None:
        env["WERKZORG_PSEUDONIEM_SLEUTEL"] = sleutel
    return subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("sleutel", [None, "", "te-kort-geheim"], ids=["ontbreekt", "leeg", "kort"])
def test_the_production_settings_refuse_a_missing_or_short_secret(sleutel):
    result = _check(sleutel)
    assert result.returncode != 0
    assert "WERKZORG_PSEUDONIEM_SLEUTEL is verplicht in productie" in result.stderr


def test_the_production_settings_accept_a_long_secret():
    result = _check("een-lang-willekeurig-geheim-van-minstens-32-tekens")
    assert result.returncode == 0, result.stdout + result.stderr
