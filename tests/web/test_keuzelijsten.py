"""The caseload's filter lists of regions and organisations come from the cache
(`organisaties.selectors`, decision 529): a saved or deleted organisation, membership or region
shows at the next page view, and so does what a bundle import wrote past the models."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rol
from bundle.importer import import_bundle
from organisaties.models import Lidmaatschap, Organisatie
from referentie.models import Regio
from tests import factories as f
from tests.bundle.builder import kleine_bundel, schrijf

pytestmark = pytest.mark.django_db


def _opties(c, veld: str) -> dict[str, str]:
    form = c.get("/dossiers/").context["filter"].form
    return {str(k): str(v) for k, v in form.fields[veld].choices if k}


def test_the_lists_are_read_once_and_follow_every_saved_or_deleted_row(gtb, login):
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    assert _opties(c, "casemanager")[gtb.pk] == "GTB Kempen"
    with CaptureQueriesContext(connection) as ctx:
        c.get("/dossiers/")
    # Neither list is read again (the user's organisation comes with the user, a join).
    gelezen = " ".join(q["sql"] for q in ctx.captured_queries)
    assert 'FROM "referentie_regio"' not in gelezen
    assert 'FROM "organisaties_organisatie"' not in gelezen

    nieuw = f.organisatie("gtb", naam="GTB Nieuw")
    assert _opties(c, "casemanager")[nieuw.pk] == "GTB Nieuw"
    nieuw.naam = "GTB Hernoemd"
    nieuw.save()
    assert _opties(c, "casemanager")[nieuw.pk] == "GTB Hernoemd"
    caw = f.organisatie("caw", naam="CAW Zorg")
    assert caw.pk not in _opties(c, "casemanager")
    lid = Lidmaatschap.objects.create(
        organisatie=caw, rol="samenwerkingsverband-zorg", regio_id=f.REGIO, van=date(2024, 1, 1)
    )
    assert caw.pk in _opties(c, "casemanager")
    lid.delete()
    assert caw.pk not in _opties(c, "casemanager")
    nieuw.delete()
    assert nieuw.pk not in _opties(c, "casemanager")

    regio = Regio.objects.order_by("pk").first()
    regio.naam = "Regio met een nieuwe naam"
    regio.save()
    assert _opties(c, "regio")[regio.pk] == "Regio met een nieuwe naam"


def test_a_bundle_import_shows_its_organisations_at_the_next_page_view(gtb, login, tmp_path):
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    assert "O5" not in _opties(c, "casemanager")
    import_bundle(schrijf(kleine_bundel(), tmp_path))
    opties = _opties(c, "casemanager")
    assert opties["O5"] == "GTB Antwerpen"  # a GTB
    assert opties["O1"] == "CAW Kempen"  # in the samenwerkingsverband Zorg
    assert "O4" not in opties  # a maatwerkbedrijf: never casemanager
    assert Organisatie.objects.filter(pk="O5").exists()


def test_the_rows_show_their_region_from_the_cache_without_a_join(gtb, login):
    """The caseload's page query does not join the regions: each row's region comes from the
    cached list (decision 538), which a renamed region leaves at once."""
    d = f.deelnemer()
    f.activeringstraject(d, werk=gtb)
    c = login(f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb))
    regio = Regio.objects.get(pk=d.regio_id)
    c.get("/dossiers/")  # fills the cache
    with CaptureQueriesContext(connection) as ctx:
        r = c.get("/dossiers/")
    rij = r.context["rijen"][0]
    assert rij.deelnemer.pk == d.pk and rij.deelnemer.regio.naam == regio.naam
    assert f"<td>{regio.naam}</td>" in r.content.decode()
    gelezen = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "referentie_regio" not in gelezen

    regio.naam = "Hernoemde regio"
    regio.save()
    assert "<td>Hernoemde regio</td>" in c.get("/dossiers/").content.decode()
