"""Merging two dossiers: everything moves, conflicts first, the old id redirects."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer, ZorgNotitie
from dossier.models import SamengevoegdDossier
from dossier.samenvoegen import conflicten, verwijzingen, voeg_samen
from tests import factories as f
from trajectories.models import Activeringstraject
from werkzorg.domein.fouten import Geweigerd


@pytest.fixture
def dubbel(wereld):
    d2 = f.deelnemer(
        id="DD2",
        voornaam="Mehmet",
        achternaam="Ozturk",
        geboortedatum=date(1990, 7, 3),
        insz="90030712345"[:11],
    )
    f.activeringstraject(
        d2,
        id="DAT2",
        werk=wereld.gtb,
        zorg=wereld.zorg,
        geinitieerd_op=date(2024, 1, 6),
        aanvaard_op=date(2024, 2, 1),
        bezig_op=date(2024, 2, 2),
        stopgezet_op=date(2024, 6, 1),
        stopreden_id=_stopreden(),
    )
    Advies.objects.create(id="DADV2", deelnemer=d2, advies_id="AMA_SE", van=date(2023, 1, 1))
    Arbeidsmarktpositie.objects.create(deelnemer=d2, van=date(2024, 1, 1), positie_id="werkzoekend")
    return d2


def _stopreden():
    from referentie.models import Stopreden

    return Stopreden.objects.first().pk


def test_the_merge_covers_every_foreign_key_to_the_participant():
    labels = {m._meta.label for m, _f in verwijzingen()}
    assert {
        "deelnemers.Advies",
        "trajectories.Activeringstraject",
        "ladder.Ladderplaatsing",
        "trajectories.TrajectEvent",
        "dossier.Behandelaar",
        "deelnemers.Registratie",
    } <= labels


def test_everything_of_the_duplicate_moves_to_the_survivor(wereld, dubbel):
    verslag = voeg_samen(
        door=wereld.admin, survivor_id=wereld.d.pk, dubbel_id=dubbel.pk, keuzes={"insz": "dubbel"}
    )
    assert not Deelnemer.objects.filter(pk=dubbel.pk).exists()
    assert set(
        Activeringstraject.objects.filter(deelnemer=wereld.d).values_list("pk", flat=True)
    ) == {"DAT1", "DAT2"}
    assert set(Advies.objects.filter(deelnemer=wereld.d).values_list("pk", flat=True)) == {
        "DADV1",
        "DADV2",
    }
    # The identical labour-market position is kept once.
    assert Arbeidsmarktpositie.objects.filter(deelnemer=wereld.d).count() == 1
    assert ZorgNotitie.objects.filter(traject__deelnemer=wereld.d).count() == 1
    wereld.d.refresh_from_db()
    assert wereld.d.insz == "90030712345" and wereld.d.achternaam == "Öztürk"
    assert verslag["verplaatst"]["trajectories.Activeringstraject"] == 1
    assert SamengevoegdDossier.objects.get(oud_id=dubbel.pk).nieuw_id == wereld.d.pk


def test_two_running_activeringstrajecten_are_a_conflict_and_nothing_changes(wereld):
    d2 = f.deelnemer(
        id="DD3", voornaam="Mehmet", achternaam="Ozturk", geboortedatum=date(1990, 3, 7)
    )
    f.activeringstraject(d2, id="DAT3", werk=wereld.gtb)
    assert [c.code for c in conflicten(wereld.d, d2)] == ["twee-lopende-activeringstrajecten"]
    with pytest.raises(Geweigerd):
        voeg_samen(door=wereld.admin, survivor_id=wereld.d.pk, dubbel_id=d2.pk)
    assert Deelnemer.objects.filter(pk=d2.pk).exists()
    assert Activeringstraject.objects.get(pk="DAT3").deelnemer_id == d2.pk


def test_the_old_url_redirects_to_the_survivor(wereld, dubbel, client_voor):
    c = client_voor(wereld.admin, herauth=True)
    url = reverse("dossier:samenvoegen", args=[wereld.d.pk])
    r = c.get(url, {"met": dubbel.pk})
    assert r.status_code == 200 and "Ozturk" in r.content.decode()
    r = c.post(url, {"met": dubbel.pk, "bevestig": "1", "keuze_insz": "survivor"})
    assert r.status_code == 302
    r = c.get(reverse("deelnemers:dossier", args=[dubbel.pk]))
    assert r.status_code == 302 and r["Location"] == reverse(
        "deelnemers:dossier", args=[wereld.d.pk]
    )
    # The casemanager of the survivor is redirected too; an outsider still gets 404.
    cm = client_voor(wereld.cm)
    assert cm.get(reverse("deelnemers:dossier", args=[dubbel.pk])).status_code == 302
    buiten = client_voor(wereld.buiten)
    assert buiten.get(reverse("deelnemers:dossier", args=[dubbel.pk])).status_code == 404


@pytest.mark.parametrize("wie", ["cm", "cmz", "buiten"])
def test_no_one_but_the_admin_may_merge(wereld, dubbel, client_voor, wie):
    c = client_voor(getattr(wereld, wie), herauth=True)
    url = reverse("dossier:samenvoegen", args=[wereld.d.pk])
    assert c.get(url, {"met": dubbel.pk}).status_code == 404
    assert c.post(url, {"met": dubbel.pk, "bevestig": "1"}).status_code == 404
    assert Deelnemer.objects.filter(pk=dubbel.pk).exists()
