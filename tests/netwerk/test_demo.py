"""The demo users of the network get acties in the 2024 demo data."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from accounts.models import User
from netwerk.selectors import acties_voor, trajecten_voor


def test_the_demo_dienstverleners_have_acties_of_the_demo_network(db_2024, db):
    call_command("demo_users", stdout=StringIO())
    werk = User.objects.get(username="dv-werk")
    zorg = User.objects.get(username="dv-zorg")
    nc = User.objects.get(username="netwerkcoordinator")
    netwerk = nc.rollen.get().netwerk_id
    for dv in (werk, zorg):
        assert acties_voor(dv).exists(), dv.username
        assert set(trajecten_voor(dv).values_list("regio__netwerk_id", flat=True)) == {netwerk}
    assert werk.organisatie_id != zorg.organisatie_id
    # Run again: nothing is added twice.
    aantal = acties_voor(werk).count()
    call_command("demo_users", stdout=StringIO())
    assert acties_voor(werk).count() == aantal
