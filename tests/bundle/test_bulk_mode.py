"""Bulk mode of the PostgreSQL writer (large files): foreign keys dropped during the writes and
added again at the end, plain indexes of an empty table built afterwards. The schema after an
import is the schema before it, a broken reference still refuses everything, and the parallel
import (validation and writes in two connections) neither hangs on bulk mode's locks nor loses
its all-or-nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from bundle import schrijver as schrijver_module
from bundle.importer import BundleFouten, flush_domain_tables, import_bundle
from bundle.spec import BESTANDEN
from deelnemers.models import Advies, Deelnemer
from organisaties.models import Organisatie
from tests.bundle.builder import kleine_bundel, schrijf

pytestmark = pytest.mark.postgres

TABELLEN = [b.model._meta.db_table for b in BESTANDEN]


def schema() -> set[tuple[str, str, str]]:
    """Every constraint and index of the bundle's tables, with its definition."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) "
            "UNION ALL SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE tablename = ANY(%s) "
            "UNION ALL SELECT table_name, column_name, coalesce(column_default, '') "
            "FROM information_schema.columns WHERE table_name = ANY(%s)",
            [TABELLEN, TABELLEN, TABELLEN],
        )
        return set(cursor.fetchall())


@pytest.fixture
def bulk_altijd(monkeypatch):
    monkeypatch.setattr(schrijver_module, "BULK_DREMPEL", 1)


@pytest.mark.django_db
def test_bulk_import_writes_everything_and_leaves_the_schema_as_it_was(bulk_altijd, tmp_path):
    voor = schema()
    assert any("FOREIGN KEY" in d for _t, _n, d in voor)
    result = import_bundle(schrijf(kleine_bundel(), tmp_path))
    assert result.geschreven["deelnemers.csv"] == 3
    assert Deelnemer.objects.count() == 3
    assert Advies.objects.filter(deelnemer_id="D1").exists()
    assert schema() == voor
    # Imported again (tables no longer empty): nothing written, schema still whole.
    assert sum(import_bundle(schrijf(kleine_bundel(), tmp_path / "2")).geschreven.values()) == 0
    assert schema() == voor


@pytest.mark.django_db
def test_large_files_go_straight_into_empty_tables_with_the_model_defaults(
    bulk_altijd, monkeypatch, tmp_path
):
    from trajectories.models import Activeringstraject

    rechtstreeks: list[str] = []
    kopieer = schrijver_module.PostgresSchrijver._kopieer

    def spion(self, model, velden, rijen):  # noqa: ANN001
        rechtstreeks.append(model._meta.db_table)
        return kopieer(self, model, velden, rijen)

    monkeypatch.setattr(schrijver_module.PostgresSchrijver, "_kopieer", spion)
    import_bundle(schrijf(kleine_bundel(), tmp_path))
    assert "trajectories_activeringstraject" in rechtstreeks
    # Participants are stored in name order: a sorted INSERT, not a straight COPY (decision 536).
    assert "deelnemers_deelnemer" not in rechtstreeks
    assert "deelnemers_arbeidsmarktpositie" in rechtstreeks  # a replace-per-owner file
    assert set(Deelnemer.objects.values_list("versie", flat=True)) == {1}
    at = Activeringstraject.objects.get(id="AT1")
    assert (at.versie, at.eindadvies_motivering) == (1, "")
    # Tables that are not empty take the upsert: nothing new to copy.
    rechtstreeks.clear()
    import_bundle(schrijf(kleine_bundel(), tmp_path / "2"))
    assert rechtstreeks == []


@pytest.mark.django_db(transaction=True)
def test_bulk_mode_after_ordinary_writes_whose_checks_still_wait(monkeypatch, tmp_path):
    """Organisations written the ordinary way (their foreign-key checks wait for the commit),
    then trajectories referring to them in bulk mode: PostgreSQL refuses to drop a foreign key
    to a table with waiting checks, so bulk mode runs them first."""
    from trajectories.models import Activeringstraject

    monkeypatch.setattr(
        schrijver_module.PostgresSchrijver,
        "_groot",
        lambda self, model, aantal: model in (Deelnemer, Activeringstraject),
    )
    voor = schema()
    try:
        import_bundle(schrijf(kleine_bundel(), tmp_path))
        assert Activeringstraject.objects.filter(id="AT1").exists()
        assert schema() == voor
    finally:
        flush_domain_tables()


@pytest.mark.django_db
def test_a_reference_that_does_not_hold_fails_when_the_keys_come_back(bulk_altijd):
    schrijver = schrijver_module.schrijver_voor(connection)
    velden = [Advies._meta.get_field(n) for n in ("id", "deelnemer", "advies", "van")]
    voor = schema()
    with pytest.raises(IntegrityError), transaction.atomic():
        schrijver.upsert(
            Advies, velden, velden[:1], [("A-WEES", "D-BESTAAT-NIET", "AB", date(2024, 3, 1))]
        )
        assert Advies.objects.filter(id="A-WEES").exists()  # written without its foreign key
        schrijver.afronden()
    assert not Advies.objects.filter(id="A-WEES").exists()
    assert schema() == voor


@pytest.mark.django_db(transaction=True)
def test_parallel_bulk_import_commits_and_refuses_all_or_nothing(bulk_altijd, tmp_path):
    assert not connection.in_atomic_block
    voor = schema()
    try:
        import_bundle(schrijf(kleine_bundel(), tmp_path / "goed"))
        assert Deelnemer.objects.count() == 3
        assert schema() == voor

        # A new participant with the INSZ of one in the database (not in this bundle): found
        # by the check against the database, which runs inside the writing transaction.
        bestaande = Deelnemer.objects.exclude(insz=None).first()
        bundel = kleine_bundel()
        bundel["deelnemers.csv"] = [
            dict(bundel["deelnemers.csv"][0], id="D9", insz=bestaande.insz),
        ]
        for naam in ("adviezen.csv", "activeringstrajecten.csv", "ama_se_trajecten.csv"):
            bundel[naam] = []
        bundel["ama_wvg_overeenkomsten.csv"] = []
        bundel["arbeidsmarktposities.csv"] = []
        bundel["organisaties.csv"][0]["naam"] = "Gewijzigd"
        with pytest.raises(BundleFouten) as exc:
            import_bundle(schrijf(bundel, tmp_path / "slecht"))
        assert exc.value.fouten == [
            f"deelnemers.csv:2: insz: Dit INSZ-nummer hoort in de databank al bij deelnemer "
            f"{bestaande.id}."
        ]
        assert not Deelnemer.objects.filter(id="D9").exists()
        assert Organisatie.objects.get(id="O1").naam != "Gewijzigd"
        assert schema() == voor
    finally:
        flush_domain_tables()


@pytest.mark.django_db(transaction=True)
def test_an_initial_load_writes_the_participants_while_they_are_validated(
    bulk_altijd, monkeypatch, tmp_path
):
    """Into an empty database the parallel import writes deelnemers.csv before pass 1 has read
    it (in a savepoint): kept when valid, written again from converted rows when a cell needs
    normalising, dropped with every error reported when a row is wrong."""
    from bundle import importer

    uitkomsten: list[str] = []
    echt = importer._schrijf_speculatief

    def spion(schrijver, bestand, validatie, wachtrij):  # noqa: ANN001
        echt(schrijver, bestand, validatie, _Bewaard(wachtrij, uitkomsten))

    monkeypatch.setattr(importer, "_schrijf_speculatief", spion)
    schema_leeg = schema()
    try:
        # A wrong cell: refused with its line, nothing written.
        bundel = kleine_bundel()
        bundel["deelnemers.csv"][1]["geboortedatum"] = "1985-13-40"
        with pytest.raises(BundleFouten) as exc:
            import_bundle(schrijf(bundel, tmp_path / "fout"))
        assert exc.value.fouten == [
            "deelnemers.csv:3: geboortedatum: Geen geldige datum (JJJJ-MM-DD): 1985-13-40"
        ]
        assert uitkomsten == ["fout"] and not Deelnemer.objects.exists()

        # An INSZ written with dots and a dash: valid, stored in its compact form.
        bundel = kleine_bundel()
        compact = bundel["deelnemers.csv"][0]["insz"]
        bundel["deelnemers.csv"][0]["insz"] = (
            f"{compact[:2]}.{compact[2:4]}.{compact[4:6]}-{compact[6:9]}.{compact[9:]}"
        )
        result = import_bundle(schrijf(bundel, tmp_path / "herschrijf"))
        assert uitkomsten == ["fout", "herschrijf"]
        assert result.geschreven["deelnemers.csv"] == 3
        assert Deelnemer.objects.get(id="D1").insz == compact
        flush_domain_tables()

        # Valid as it stands: kept.
        result = import_bundle(schrijf(kleine_bundel(), tmp_path / "goed"))
        assert uitkomsten == ["fout", "herschrijf", "ok"]
        assert result.geschreven["deelnemers.csv"] == 3 == Deelnemer.objects.count()
        assert schema() == schema_leeg

        # Not empty any more: validated first, as usual.
        import_bundle(schrijf(kleine_bundel(), tmp_path / "opnieuw"))
        assert uitkomsten == ["fout", "herschrijf", "ok"]
    finally:
        flush_domain_tables()


class _Bewaard:
    """A queue that also keeps what was taken from it."""

    def __init__(self, wachtrij, bewaard: list[str]) -> None:  # noqa: ANN001
        self.wachtrij, self.bewaard = wachtrij, bewaard

    def get(self) -> str:
        uitkomst = self.wachtrij.get()
        self.bewaard.append(uitkomst)
        return uitkomst
