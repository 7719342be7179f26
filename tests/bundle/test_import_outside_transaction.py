"""An import outside any transaction (the command's case; on PostgreSQL validation and writing
then overlap in two connections) is still all or nothing."""

from __future__ import annotations

import pytest
from django.db import connection

from bundle.importer import BundleFouten, flush_domain_tables, import_bundle
from deelnemers.models import Deelnemer
from organisaties.models import Organisatie
from tests.bundle.builder import kleine_bundel, schrijf

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_commits_a_valid_bundle_and_refuses_a_bad_one_without_a_trace(tmp_path):
    assert not connection.in_atomic_block
    try:
        result = import_bundle(schrijf(kleine_bundel(), tmp_path / "goed"))
        assert result.geschreven["deelnemers.csv"] == 3
        assert Deelnemer.objects.count() == 3

        bundel = kleine_bundel()
        bundel["organisaties.csv"][0]["naam"] = "Nieuwe naam"
        bundel["deelnemers.csv"].append(dict(bundel["deelnemers.csv"][0], id="D4", insz=""))
        bundel["arbeidsmarktposities.csv"][1]["van"] = "2024-01-01"  # overlaps: checked last
        with pytest.raises(BundleFouten) as exc:
            import_bundle(schrijf(bundel, tmp_path / "slecht"))
        assert exc.value.fouten[0].startswith("arbeidsmarktposities.csv:3: van: ")
        assert Organisatie.objects.get(id="O1").naam == "CAW Kempen"
        assert Deelnemer.objects.count() == 3
    finally:
        flush_domain_tables()
