"""What the network does with the plan: accept or decline, start (the trajectory turns Bezig),
register a stage under the stage rules, write the stageverslag the casemanagers read, record
zorg progress with a confidential note for the casemanager Zorg only; notifications and the
steering figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from netwerk import rules, services, sturing
from netwerk.models import Melding, Opdracht
from netwerk.tasks import verstuur_netwerkmail
from referentie.models import Netwerk, Regio
from tests import factories as f
from trajectories import rules as traject_rules
from trajectories import services as traject_services
from trajectories.models import Activeringstraject, TrajectEvent
from werkzorg.domein.fouten import Geweigerd


def test_a_new_actie_is_a_new_opdracht_and_notifies_the_dienstverleners(netwerk):
    opdracht = Opdracht.objects.get(actie=netwerk.werkactie)
    assert opdracht.status == "nieuw"
    assert opdracht.toegewezen_op == date(2026, 3, 16)
    assert Melding.objects.filter(
        organisatie=netwerk.orgs["werk"], voor="dienstverlener", soort="nieuwe-actie"
    ).exists()


def test_starting_the_first_actie_makes_the_trajectory_bezig_recorded_by_the_dienstverlener(
    netwerk,
):
    dv = netwerk.users["dv-werk"]
    services.aanvaard_actie(door=dv, actie_id=netwerk.werkactie.pk)
    services.start_actie(door=dv, actie_id=netwerk.werkactie.pk, datum=date(2026, 3, 10))
    t = Activeringstraject.objects.get(pk=netwerk.at1.pk)
    assert traject_rules.activering_status(t) == traject_rules.Status.BEZIG
    assert t.bezig_op == date(2026, 3, 10)
    event = TrajectEvent.objects.get(traject_id=t.pk, actie="starten")
    assert event.door == dv
    # A second started actie leaves the milestone as it was.
    dz = netwerk.users["dv-zorg"]
    services.aanvaard_actie(door=dz, actie_id=netwerk.zorgactie.pk)
    services.start_actie(door=dz, actie_id=netwerk.zorgactie.pk, datum=date(2026, 3, 12))
    assert Activeringstraject.objects.get(pk=t.pk).bezig_op == date(2026, 3, 10)
    assert TrajectEvent.objects.filter(traject_id=t.pk, actie="starten").count() == 1


def test_an_actie_is_started_only_after_it_was_accepted(netwerk):
    with pytest.raises(Geweigerd):
        services.start_actie(door=netwerk.users["dv-werk"], actie_id=netwerk.werkactie.pk)
    assert Activeringstraject.objects.get(pk=netwerk.at1.pk).bezig_op is None


def test_declining_needs_a_reason_and_then_notifies_both_casemanagers(netwerk):
    dv = netwerk.users["dv-werk"]
    with pytest.raises(Geweigerd) as exc:
        services.weiger_actie(door=dv, actie_id=netwerk.werkactie.pk, reden="  ")
    assert exc.value.fouten == rules.weigering_fouten("")
    assert Opdracht.objects.get(actie=netwerk.werkactie).status == "nieuw"
    services.weiger_actie(door=dv, actie_id=netwerk.werkactie.pk, reden="Geen plaats tot juni")
    meldingen = Melding.objects.filter(soort="actie-geweigerd", traject=netwerk.at1)
    assert {(m.organisatie_id, m.voor) for m in meldingen} == {
        ("N-GTB", "casemanager-werk"),
        ("N-CAW", "casemanager-zorg"),
    }
    page = netwerk.client("cm-werk").get(reverse("trajecten:activering_detail", args=["NAT1"]))
    assert "Geen plaats tot juni" in page.text


def test_an_actie_goes_only_to_a_colleague_of_the_same_organisation(netwerk):
    dv = netwerk.users["dv-werk"]
    services.aanvaard_actie(door=dv, actie_id=netwerk.werkactie.pk)
    with pytest.raises(Geweigerd):
        services.wijs_toe(
            door=dv, actie_id=netwerk.werkactie.pk, uitvoerder_id=netwerk.users["dv-zorg"].pk
        )
    services.wijs_toe(
        door=dv, actie_id=netwerk.werkactie.pk, uitvoerder_id=netwerk.users["collega"].pk
    )
    assert Opdracht.objects.get(actie=netwerk.werkactie).uitvoerder == netwerk.users["collega"]
    mijn = netwerk.client("collega").get(reverse("netwerk:acties") + "?wie=ik")
    assert [a.pk for a in mijn.context["lopend"]] == [netwerk.werkactie.pk]


def test_a_stage_longer_than_the_maximum_is_refused_by_the_trajectory_stage_rule(netwerk):
    dv = netwerk.users["dv-werk"]
    services.aanvaard_actie(door=dv, actie_id=netwerk.werkactie.pk)
    start, einde = date(2026, 3, 2), date(2026, 12, 31)
    r = netwerk.client("dv-werk").post(
        reverse("netwerk:stage_nieuw", args=[netwerk.werkactie.pk]),
        {
            "werkplek": "Magazijn",
            "werkgever": "Logistiek NV",
            "start": "2/03/2026",
            "einde": "31/12/2026",
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors["einde"] == [
        f.bericht for f in traject_rules.stage_fouten(start, einde)
    ]
    assert not netwerk.at1.stages.exists()


def test_the_stage_and_its_verslag_reach_the_casemanagers_trajectory_page(netwerk):
    dv = netwerk.users["dv-werk"]
    services.aanvaard_actie(door=dv, actie_id=netwerk.werkactie.pk)
    c = netwerk.client("dv-werk")
    r = c.post(
        reverse("netwerk:stage_nieuw", args=[netwerk.werkactie.pk]),
        {
            "werkplek": "Magazijn",
            "werkgever": "Logistiek NV",
            "start": "2/03/2026",
            "einde": "30/06/2026",
        },
    )
    assert r.status_code == 302
    stage = netwerk.at1.stages.get()
    assert stage.begeleiding.organisatie == netwerk.orgs["werk"]
    r = c.post(
        reverse("netwerk:stageverslag", args=[stage.pk]),
        {
            "datum": "16/03/2026",
            "doelen": "Zelfstandig orders picken",
            "aanwezigheid": "goed",
            "competenties": "Nauwkeurig-en-stipt",
            "advies": "betaald-werk",
        },
    )
    assert r.status_code == 302
    soorten = set(Melding.objects.filter(traject=netwerk.at1).values_list("soort", flat=True))
    assert {"stage-geregistreerd", "stageverslag"} <= soorten
    for cm in ("cm-werk", "cm-zorg"):
        page = netwerk.client(cm).get(reverse("trajecten:activering_detail", args=["NAT1"]))
        assert "Logistiek NV" in page.text
        assert "Nauwkeurig-en-stipt" in page.text


def test_a_confidential_zorg_note_is_read_by_the_casemanager_zorg_only(netwerk):
    dz = netwerk.users["dv-zorg"]
    services.aanvaard_actie(door=dz, actie_id=netwerk.zorgactie.pk)
    r = netwerk.client("dv-zorg").post(
        reverse("netwerk:actie_voortgang", args=[netwerk.zorgactie.pk]),
        {"datum": "16/03/2026", "tekst": "Gesprek-gehad", "vertrouwelijk": "Vertrouwelijk-detail"},
    )
    assert r.status_code == 302
    zorg = netwerk.client("cm-zorg").get(reverse("trajecten:activering_detail", args=["NAT1"]))
    werk = netwerk.client("cm-werk").get(reverse("trajecten:activering_detail", args=["NAT1"]))
    eigen = netwerk.client("dv-zorg").get(reverse("netwerk:traject", args=["NAT1"]))
    assert "Gesprek-gehad" in zorg.text and "Gesprek-gehad" in werk.text
    assert "Vertrouwelijk-detail" in zorg.text
    assert "Vertrouwelijk-detail" not in werk.text
    assert "Vertrouwelijk-detail" not in eigen.text
    # A dienstverlener werk cannot write into the Zorg compartment.
    dv = netwerk.users["dv-werk"]
    services.aanvaard_actie(door=dv, actie_id=netwerk.werkactie.pk)
    with pytest.raises(Geweigerd):
        services.registreer_voortgang(
            door=dv,
            actie_id=netwerk.werkactie.pk,
            datum=date(2026, 3, 16),
            tekst="x",
            vertrouwelijk="y",
        )


def test_the_steering_figures_follow_the_acties(netwerk):
    netwerken = Netwerk.objects.filter(pk="antwerpen")
    op = date(2026, 3, 16)

    def rij(org):
        return next(
            r
            for r in sturing.per_dienstverlener(netwerken, op=op, dagen=0)
            if r["dienstverlener_id"] == org
        )

    assert rij("N-JOB")["toegewezen"] == 1 and rij("N-JOB")["niet_gestart"] == 1
    dv = netwerk.users["dv-werk"]
    services.aanvaard_actie(
        door=dv, actie_id=netwerk.werkactie.pk, verwacht_klaar_op=date(2026, 3, 15)
    )
    assert rij("N-JOB")["aanvaard"] == 1 and rij("N-JOB")["over_tijd"] == 1
    services.start_actie(door=dv, actie_id=netwerk.werkactie.pk)
    assert rij("N-JOB")["niet_gestart"] == 0
    services.rond_actie_af(door=dv, actie_id=netwerk.werkactie.pk)
    assert rij("N-JOB")["afgerond"] == 1 and rij("N-JOB")["over_tijd"] == 0
    regio = {r["regio"]: r for r in sturing.per_regio(netwerken, op=op, dagen=0)}["kempen"]
    # NAT1 is bezig now; NAT2 is still aanvaard without a started actie.
    assert regio["wachtend"] == 1


def test_the_steering_rows_are_per_network_region_and_dienstverlener_by_name(netwerk):
    # Counted per region and dienstverlener code, named afterwards (decision 558): a third
    # trajectory in another region of the network, with an action of the CGG.
    cm = netwerk.users["cm-werk"]
    d = f.deelnemer(id="ND3", regio="regio-antwerpen")
    at3 = f.activeringstraject(
        d,
        id="NAT3",
        werk=netwerk.orgs["gtb"],
        regio="regio-antwerpen",
        aanvaard_op=date(2026, 1, 12),
    )
    doel = traject_services.voeg_doelstelling_toe(
        door=cm, traject_id=at3.pk, soort="zorg", omschrijving="Wonen"
    )
    traject_services.voeg_actie_toe(
        door=cm, doelstelling_id=doel.pk, dienstverlener_id="N-CGG", omschrijving="Huisbezoek"
    )
    rijen = sturing.per_dienstverlener(
        Netwerk.objects.filter(pk="antwerpen"), op=date(2026, 3, 16), dagen=0
    )
    naam = {r.code: r.naam for r in Regio.objects.all()}
    assert [
        (
            r["doelstelling__traject__regio__netwerk_id"],
            r["doelstelling__traject__regio_id"],
            r["doelstelling__traject__regio__naam"],
            r["dienstverlener__naam"],
            r["toegewezen"],
        )
        for r in rijen
    ] == [
        ("antwerpen", "kempen", naam["kempen"], "Org N-CGG", 2),
        ("antwerpen", "kempen", naam["kempen"], "Org N-JOB", 1),
        ("antwerpen", "regio-antwerpen", naam["regio-antwerpen"], "Org N-CGG", 1),
    ]


def test_the_steering_export_is_an_xlsx_with_one_row_per_dienstverlener(netwerk, tmp_path):
    r = netwerk.client("nc").get(reverse("netwerk:sturing_xlsx"))
    assert r.status_code == 200
    pad = tmp_path / "s.xlsx"
    pad.write_bytes(r.content)
    ws = load_workbook(pad).worksheets[0]
    namen = [row[2] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert sorted(namen) == ["Org N-CGG", "Org N-JOB"]


def test_the_daily_mail_counts_the_new_notifications_once_a_day(netwerk):
    assert verstuur_netwerkmail(netwerk.users["dv-zorg"].pk) is True
    assert verstuur_netwerkmail(netwerk.users["dv-zorg"].pk) is False
    assert len(mail.outbox) == 1
    assert "2" in mail.outbox[0].subject  # the two acties of the CGG
    assert "Lotte" not in mail.outbox[0].body
    assert verstuur_netwerkmail(netwerk.users["buiten"].pk) is False


def test_an_action_whose_executor_was_deleted_still_shows_in_the_worklist(netwerk):
    # A user removed in the admin leaves the assignment without executor (SET_NULL): the
    # worklist and the trajectory page show the action, with no name, instead of failing on
    # the name's fallback (a template filter's argument that cannot be resolved raises).
    dv = netwerk.users["dv-werk"]
    services.aanvaard_actie(door=dv, actie_id=netwerk.werkactie.pk)
    collega = netwerk.users["dv-werk"].__class__.objects.create_user(
        username="cleo", organisatie=dv.organisatie, first_name="Cleo", last_name="Collega"
    )
    services.wijs_toe(door=dv, actie_id=netwerk.werkactie.pk, uitvoerder_id=collega.pk)
    c = netwerk.client("dv-werk")
    lijst = c.get(reverse("netwerk:acties"))
    assert "Cleo Collega" in lijst.text
    collega.delete()
    assert Opdracht.objects.get(actie=netwerk.werkactie).uitvoerder is None
    lijst = c.get(reverse("netwerk:acties"))
    assert lijst.status_code == 200
    assert netwerk.werkactie.omschrijving in lijst.text and "Cleo Collega" not in lijst.text
    traject = c.get(reverse("netwerk:traject", args=[netwerk.at1.pk]))
    assert traject.status_code == 200 and "uitgevoerd door" not in traject.text


def test_the_worklist_reads_its_rows_in_a_fixed_number_of_queries(netwerk):
    # The worklist reads only the fields it shows (`WERKLIJST_VELDEN`): a field left out but
    # shown would cost a query per row. More actions, new and accepted, same queries.
    c = netwerk.client("dv-werk")
    dv, cm = netwerk.users["dv-werk"], netwerk.users["cm-werk"]
    with CaptureQueriesContext(connection) as een:
        assert c.get(reverse("netwerk:acties")).status_code == 200
    doel = netwerk.werkactie.doelstelling
    for i in range(4):
        actie = traject_services.voeg_actie_toe(
            door=cm,
            doelstelling_id=doel.pk,
            dienstverlener_id=dv.organisatie_id,
            omschrijving=f"Actie {i}",
        )
        if i % 2:
            services.aanvaard_actie(door=dv, actie_id=actie.pk, verwacht_klaar_op=date(2026, 6, 1))
    with CaptureQueriesContext(connection) as meer:
        pagina = c.get(reverse("netwerk:acties"))
    assert len(meer.captured_queries) == len(een.captured_queries)
    tekst = pagina.text
    assert all(f"Actie {i}" in tekst for i in range(4)) and "Lotte Peeters" in tekst
    assert "1/06/2026" in tekst and dv.username in tekst
