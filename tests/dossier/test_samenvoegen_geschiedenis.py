"""A merge is recorded in the survivor's history and shown on its timeline (issue 16.4)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from deelnemers.geschiedenis import geschiedenis_van
from dossier.samenvoegen import voeg_samen
from tests import factories as f

pytestmark = pytest.mark.django_db


def _samenvoegingen(survivor_id: str, user) -> list:
    return [w for w in geschiedenis_van(survivor_id, user=user) if w.actie == "samengevoegd"]


@pytest.mark.postgres
def test_the_merge_is_an_event_of_the_survivor_naming_the_merged_dossier_and_who(
    wereld, client_voor
):
    dubbel = f.deelnemer(
        "kempen", id="DD2", voornaam="Mehmet", achternaam="Ozturk", geboortedatum=date(1990, 7, 3)
    )
    c = client_voor(wereld.admin, herauth=True)
    r = c.post(
        reverse("dossier:samenvoegen", args=[wereld.d.pk]),
        {"met": dubbel.pk, "bevestig": "1"},
    )
    assert r.status_code == 302
    [w] = _samenvoegingen(wereld.d.pk, wereld.admin)
    assert w.object_id == wereld.d.pk
    assert [(v.naam, v.nieuw) for v in w.velden] == [("samengevoegd met", dubbel.pk)]
    assert w.door == wereld.admin.get_username() and w.kanaal == "webtoepassing"
    pagina = c.get(reverse("deelnemers:geschiedenis", args=[wereld.d.pk])).content.decode()
    assert "samengevoegd met" in pagina.lower() and dubbel.pk in pagina


@pytest.mark.postgres
def test_a_later_merge_of_the_survivor_keeps_naming_the_first_merged_dossier(wereld):
    dubbel = f.deelnemer(
        "kempen", id="DD2", voornaam="Mehmet", achternaam="Ozturk", geboortedatum=date(1990, 7, 3)
    )
    voeg_samen(door=wereld.admin, survivor_id=wereld.d.pk, dubbel_id=dubbel.pk)
    laatste = f.deelnemer(
        "kempen", id="DD3", voornaam="Mehmet", achternaam="Öztürk", geboortedatum=date(1990, 3, 7)
    )
    voeg_samen(door=wereld.admin, survivor_id=laatste.pk, dubbel_id=wereld.d.pk)
    samengevoegd = {v.nieuw for w in _samenvoegingen(laatste.pk, wereld.admin) for v in w.velden}
    assert samengevoegd == {dubbel.pk, wereld.d.pk}


def test_the_dossier_timeline_shows_the_merge(wereld, client_voor):
    dubbel = f.deelnemer(
        "kempen", id="DD2", voornaam="Mehmet", achternaam="Ozturk", geboortedatum=date(1990, 7, 3)
    )
    voeg_samen(door=wereld.admin, survivor_id=wereld.d.pk, dubbel_id=dubbel.pk)
    pagina = client_voor(wereld.cm).get(reverse("deelnemers:dossier", args=[wereld.d.pk]))
    assert pagina.status_code == 200
    tijdlijn = pagina.content.decode().split('id="tijdlijn-titel"', 1)[1].split("</section>")[0]
    assert f"Samengevoegd met {dubbel.pk}" in tijdlijn
