"""A dossier pseudonymised at the end of its retention period stays pseudonymised: an import
may not write its name, INSZ or birth date back, while the export of the database (which holds
the pseudonymised values) still imports without a change."""

from __future__ import annotations

from datetime import date

import pytest

from bundle.exporter import export_bundle
from bundle.importer import BundleFouten, import_bundle
from deelnemers.models import Deelnemer
from privacy.models import GepseudonimiseerdDossier
from privacy.retentie import pas_bewaartermijn_toe
from tests.bundle.builder import _deelnemer, kleine_bundel, schrijf

pytestmark = pytest.mark.django_db


def bundel_met_oud_dossier() -> dict:
    """The small bundle plus D9, whose dossier is one advice that ended in 2010."""
    bundel = kleine_bundel()
    bundel["deelnemers.csv"].append(_deelnemer("D9", "1970-02-02", 9))
    bundel["adviezen.csv"].append(
        {"id": "A9", "deelnemer_id": "D9", "advies": "AB", "van": "2010-01-10", "tot": "2010-06-01"}
    )
    return bundel


@pytest.fixture
def gepseudonimiseerd(tmp_path):
    """D9 pseudonymised by the retention rule (10 years after its last activity)."""
    import_bundle(schrijf(bundel_met_oud_dossier(), tmp_path / "bundel"))
    run = pas_bewaartermijn_toe(jaren=10, vandaag=date(2025, 1, 1))
    assert run.aantal == 1
    assert Deelnemer.objects.get(id="D9").voornaam == ""
    return "D9"


def test_an_import_may_not_give_a_pseudonymised_participant_his_name_back(
    gepseudonimiseerd, tmp_path
):
    with pytest.raises(BundleFouten) as exc:
        import_bundle(schrijf(bundel_met_oud_dossier(), tmp_path / "opnieuw"))
    bericht = (
        "Deelnemer D9 is gepseudonimiseerd (bewaartermijn verstreken): zijn persoonsgegevens "
        "worden niet opnieuw ingevoerd."
    )
    # D9 is row 4 of deelnemers.csv: line 5.
    assert exc.value.fouten == [
        f"deelnemers.csv:5: {veld}: {bericht}"
        for veld in ("voornaam", "achternaam", "insz", "geboortedatum")
    ]
    assert Deelnemer.objects.get(id="D9").voornaam == ""
    assert GepseudonimiseerdDossier.objects.filter(deelnemer_id=gepseudonimiseerd).exists()


def test_the_export_of_a_database_with_pseudonymised_dossiers_imports_unchanged(
    gepseudonimiseerd, tmp_path
):
    export_bundle(tmp_path / "export")
    result = import_bundle(tmp_path / "export")
    assert sum(result.geschreven.values()) == 0
