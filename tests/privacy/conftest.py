import csv
import io
from pathlib import Path

import pytest

from privacy.models import Onderzoeksdoel


def maak_doel(code: str = "evaluatie-2024", **velden) -> Onderzoeksdoel:
    return Onderzoeksdoel.objects.create(
        code=code,
        naam=velden.pop("naam", f"Onderzoek {code}"),
        ontvanger=velden.pop("ontvanger", "Departement WSE, afdeling Studiedienst"),
        omschrijving=velden.pop("omschrijving", "Evaluatie van de werk- en zorgtrajecten."),
        **velden,
    )


def lees_csv(pad: Path) -> list[dict[str, str]]:
    """A file of the extract as dicts (checks the BOM and the CRLF line endings)."""
    ruw = pad.read_bytes()
    assert ruw.startswith(b"\xef\xbb\xbf"), f"{pad.name}: no UTF-8 BOM"
    tekst = ruw[3:].decode("utf-8")
    assert "\n" not in tekst.replace("\r\n", ""), f"{pad.name}: a line end other than CRLF"
    return list(csv.DictReader(io.StringIO(tekst, newline=""), delimiter=";"))


@pytest.fixture
def doel(db) -> Onderzoeksdoel:
    return maak_doel()


@pytest.fixture(autouse=True)
def _snelle_wachtwoorden(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
