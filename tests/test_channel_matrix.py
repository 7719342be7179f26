"""The channel matrix: every cross-field or cross-row rule refused the same way on every channel.

Each `Regel` in `REGELS` names its rule function and gives one bad input for each of the four
channels — the web form, the service, the API and a one-row bundle import. For every
(rule, channel) the input is refused with the rule's Dutch message and nothing is written.
A channel that does not carry the input at all is an explicit `Geen(reden)`: a registered rule
without all four rows fails `test_every_registered_rule_has_all_four_channels`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Roltoewijzing, User
from bundle.importer import BundleFouten, import_bundle
from deelnemers import services as deelnemer_services
from deelnemers.models import Deelnemer
from ladder import services as ladder_services
from ladder.models import Ladderplaatsing, Werkvorm
from organisaties.models import Lidmaatschap, Organisatie
from tests.bundle.builder import schrijf
from tests.mfa import zo_nodig_totp
from trajectories import services as traject_services
from trajectories.models import (
    Activeringstraject,
    AmaWvgEvaluatie,
    AmaWvgOvereenkomst,
    TrajectEvent,
)
from werkzorg.domein.fouten import Geweigerd

pytestmark = pytest.mark.django_db

VANDAAG = date(2025, 6, 15)
KANALEN = ("form", "service", "api", "import")


@dataclass(frozen=True)
class Geen:
    """A channel that cannot carry this input, and why (an explicit row, not a gap)."""

    reden: str


@dataclass
class Wereld:
    beheerder: User
    gtb: Organisatie
    deelnemer: Deelnemer
    traject: Activeringstraject
    wvg: AmaWvgOvereenkomst
    werkvorm: Werkvorm
    map: Path


Kanaal = Callable[[Wereld], list[str]] | Geen


@dataclass(frozen=True)
class Regel:
    naam: str
    functie: str  # the one rule function, `module.naam`
    bericht: str  # the Dutch message (or its start) every channel answers with
    kanalen: dict[str, Kanaal]


# --- how each channel is driven: each returns the messages of the refusal ----------------------


def _web(w: Wereld, url: str, data: dict[str, Any]) -> list[str]:
    c = Client()
    c.force_login(w.beheerder)
    r = c.post(url, data)
    assert r.status_code in (200, 400), r.status_code  # the form again, not a redirect
    return [unescape(r.content.decode())]


def _service(aanroep: Callable[[], Any]) -> list[str]:
    with pytest.raises(Geweigerd) as exc:
        aanroep()
    return [f.bericht for f in exc.value.fouten]


def _api(w: Wereld, url: str, data: dict[str, Any]) -> list[str]:
    c = APIClient()
    c.force_login(w.beheerder)
    r = c.post(url, data, format="json")
    assert r.status_code in (400, 409), (r.status_code, r.content)
    body = r.json()
    return [f["bericht"] for f in body["fouten"]]


def _import(w: Wereld, bestand: str, rij: dict[str, str]) -> list[str]:
    with pytest.raises(BundleFouten) as exc:
        import_bundle(schrijf({bestand: [rij]}, w.map))
    return exc.value.fouten


# --- the inputs ----------------------------------------------------------------------------------


def _deelnemer_kanalen(**slecht: Any) -> dict[str, Kanaal]:
    """The four channels of a registration with the kenmerken `slecht` (dates as dates)."""
    goed: dict[str, Any] = {
        "voornaam": "Mira",
        "achternaam": "Matrix",
        "geboortedatum": date(1990, 5, 15),
        "provincie_id": "antwerpen",
        "regio_id": "kempen",
        "werkzoekend_sinds": None,
        "insz": "",
    }
    k = {**goed, **slecht}

    def tekst(d: date | None, fmt: str) -> str:
        return "" if d is None else f"{d:{fmt}}"

    def form(w: Wereld) -> list[str]:
        return _web(
            w,
            _url("deelnemers:registreer"),
            {
                "insz": k["insz"],
                "voornaam": k["voornaam"],
                "achternaam": k["achternaam"],
                "geboortedatum": f"{k['geboortedatum'].day}/{k['geboortedatum']:%m/%Y}",
                "provincie": k["provincie_id"],
                "regio": k["regio_id"],
                "werkzoekend_sinds": tekst(k["werkzoekend_sinds"], "%d/%m/%Y"),
                "bevestig_nieuw": "on",
            },
        )

    def service(w: Wereld) -> list[str]:
        return _service(lambda: deelnemer_services.registreer_deelnemer(door=w.beheerder, **k))

    def api(w: Wereld) -> list[str]:
        return _api(
            w,
            "/api/v1/deelnemers",
            {
                "insz": k["insz"],
                "voornaam": k["voornaam"],
                "achternaam": k["achternaam"],
                "geboortedatum": k["geboortedatum"].isoformat(),
                "provincie": k["provincie_id"],
                "regio": k["regio_id"],
                "werkzoekend_sinds": tekst(k["werkzoekend_sinds"], "%Y-%m-%d") or None,
            },
        )

    def bundel(w: Wereld) -> list[str]:
        return _import(
            w,
            "deelnemers.csv",
            {
                "id": "DMATRIX",
                "insz": k["insz"],
                "voornaam": k["voornaam"],
                "achternaam": k["achternaam"],
                "geboortedatum": k["geboortedatum"].isoformat(),
                "provincie": k["provincie_id"],
                "regio": k["regio_id"],
                "armoede": "0",
                "arbeidsbeperking": "0",
                "kortgeschoold": "0",
                "werkzoekend_sinds": tekst(k["werkzoekend_sinds"], "%Y-%m-%d"),
            },
        )

    return {"form": form, "service": service, "api": api, "import": bundel}


def _url(naam: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(naam, args=args)


def _lopend_traject_kanalen() -> dict[str, Kanaal]:
    """A second activeringstraject referred while the first (from 10/01/2025) still runs."""
    op = date(2025, 3, 1)

    def form(w: Wereld) -> list[str]:
        return _web(
            w,
            _url("trajecten:activering_nieuw", w.deelnemer.pk),
            {"regio": "kempen", "geinitieerd_op": "1/03/2025", "casemanager_werk_org": w.gtb.pk},
        )

    def service(w: Wereld) -> list[str]:
        return _service(
            lambda: traject_services.nieuw_activeringstraject(
                door=w.beheerder,
                deelnemer_id=w.deelnemer.pk,
                regio_id="kempen",
                geinitieerd_op=op,
                casemanager_werk_org_id=w.gtb.pk,
            )
        )

    def api(w: Wereld) -> list[str]:
        return _api(
            w,
            "/api/v1/activeringstrajecten",
            {
                "deelnemer": w.deelnemer.pk,
                "regio": "kempen",
                "geinitieerd_op": op.isoformat(),
                "casemanager_werk_org": w.gtb.pk,
            },
        )

    def bundel(w: Wereld) -> list[str]:
        return _import(
            w,
            "activeringstrajecten.csv",
            {
                "id": "ATMATRIX",
                "deelnemer_id": w.deelnemer.pk,
                "regio": "kempen",
                "casemanager_werk_org": w.gtb.pk,
                "geinitieerd_op": op.isoformat(),
            },
        )

    return {"form": form, "service": service, "api": api, "import": bundel}


def _plaatsing_kanalen(
    *, start: date, provincie: str = "antwerpen", regio_wvl: str = "", importeerbaar: bool = True
) -> dict[str, Kanaal]:
    def form(w: Wereld) -> list[str]:
        return _web(
            w,
            _url("ladder:plaatsing_nieuw", w.deelnemer.pk),
            {
                "werkvorm": w.werkvorm.pk,
                "start": f"{start.day}/{start:%m/%Y}",
                "provincie": provincie,
                "regio_wvl": regio_wvl,
            },
        )

    def service(w: Wereld) -> list[str]:
        return _service(
            lambda: ladder_services.registreer_plaatsing(
                door=w.beheerder,
                deelnemer_id=w.deelnemer.pk,
                werkvorm_id=w.werkvorm.pk,
                start=start,
                provincie_id=provincie,
                regio_wvl_id=regio_wvl or None,
            )
        )

    def api(w: Wereld) -> list[str]:
        return _api(
            w,
            "/api/v1/ladderplaatsingen",
            {
                "deelnemer": w.deelnemer.pk,
                "werkvorm": w.werkvorm.pk,
                "start": start.isoformat(),
                "provincie": provincie,
                "regio_wvl": regio_wvl or None,
            },
        )

    def bundel(w: Wereld) -> list[str]:
        return _import(
            w,
            "ladderplaatsingen.csv",
            {
                "id": "LPMATRIX",
                "deelnemer_id": w.deelnemer.pk,
                "werkvorm": w.werkvorm.pk,
                "regio_wvl": regio_wvl,
                "provincie": provincie,
                "start": start.isoformat(),
                "einde": "",
            },
        )

    return {
        "form": form,
        "service": service,
        "api": api,
        "import": bundel
        if importeerbaar
        else Geen(
            "The ladder feed reports placements as the registers hold them, overlaps included "
            "(two jobs with the same measure): decision 185."
        ),
    }


def _evaluatie_kanalen() -> dict[str, Kanaal]:
    def form(w: Wereld) -> list[str]:
        return _web(
            w,
            _url("trajecten:wvg_evaluatie", w.wvg.pk),
            {"datum": "1/06/2025", "verslag": "  ", "verderzetten": "1"},
        )

    def service(w: Wereld) -> list[str]:
        return _service(
            lambda: traject_services.registreer_wvg_evaluatie(
                door=w.beheerder, overeenkomst_id=w.wvg.pk, datum=date(2025, 6, 1), verslag=""
            )
        )

    def api(w: Wereld) -> list[str]:
        return _api(
            w,
            f"/api/v1/ama-wvg-overeenkomsten/{w.wvg.pk}/evaluaties",
            {"datum": "2025-06-01", "verslag": "", "verderzetten": True},
        )

    return {
        "form": form,
        "service": service,
        "api": api,
        "import": Geen("The bundle has no file of AMA WVG evaluations (spec/bundle.md)."),
    }


REGELS: list[Regel] = [
    Regel(
        "regio-in-provincie",
        "deelnemers.rules.deelnemer_fouten",
        "Deze regio ligt niet in de gekozen provincie.",
        _deelnemer_kanalen(regio_id="noord-limburg"),
    ),
    Regel(
        "geboortedatum-in-de-toekomst",
        "deelnemers.rules.deelnemer_fouten",
        "De geboortedatum ligt in de toekomst.",
        _deelnemer_kanalen(geboortedatum=date(2030, 1, 1)),
    ),
    Regel(
        "geboortedatum-te-lang-geleden",
        "deelnemers.rules.deelnemer_fouten",
        "Een geboortedatum van meer dan 100 jaar geleden is niet aannemelijk",
        _deelnemer_kanalen(geboortedatum=date(1850, 1, 1)),
    ),
    Regel(
        "insz-past-bij-geboortedatum",
        "deelnemers.rules.deelnemer_fouten",
        "Het INSZ-nummer past niet bij de geboortedatum",
        _deelnemer_kanalen(insz="90051512391", geboortedatum=date(1985, 3, 3)),
    ),
    Regel(
        "werkzoekend-na-geboorte",
        "deelnemers.rules.deelnemer_fouten",
        "Werkzoekend sinds ligt vóór de geboortedatum.",
        _deelnemer_kanalen(werkzoekend_sinds=date(1980, 1, 1)),
    ),
    Regel(
        "werkzoekend-niet-in-de-toekomst",
        "deelnemers.rules.deelnemer_fouten",
        "Werkzoekend sinds ligt in de toekomst.",
        _deelnemer_kanalen(werkzoekend_sinds=date(2025, 7, 1)),
    ),
    Regel(
        "een-activeringstraject-tegelijk",
        "trajectories.rules.lopend_traject_fouten",
        "De deelnemer heeft al een lopend activeringstraject",
        _lopend_traject_kanalen(),
    ),
    Regel(
        "plaatsing-niet-in-de-toekomst",
        "ladder.rules.plaatsing_datum_fouten",
        "ligt in de toekomst.",
        _plaatsing_kanalen(start=date(2025, 7, 1)),
    ),
    Regel(
        "west-vlaamse-regio-in-west-vlaanderen",
        "ladder.rules.regio_wvl_fouten",
        "Een West-Vlaamse regio hoort bij de provincie West-Vlaanderen.",
        _plaatsing_kanalen(start=date(2025, 5, 1), regio_wvl="brugge"),
    ),
    Regel(
        "geen-twee-plaatsingen-in-een-werkvorm",
        "ladder.rules.gelijktijdige_plaatsing_fouten",
        "De deelnemer heeft al een plaatsing in deze werkvorm",
        _plaatsing_kanalen(start=date(2025, 5, 1), importeerbaar=False),
    ),
    Regel(
        "wvg-evaluatie-met-verslag",
        "trajectories.rules.wvg_evaluatie_fouten",
        "Het verslag van de evaluatie is verplicht",
        _evaluatie_kanalen(),
    ),
]


# --- the world every row starts from ---------------------------------------------------------


@pytest.fixture
def wereld(db: Any, tmp_path: Path) -> Any:
    with time_machine.travel(VANDAAG, tick=False):
        beheerder = User.objects.create_user(username="matrix-beheerder")
        Roltoewijzing.objects.create(user=beheerder, rol="admin")
        zo_nodig_totp(beheerder)
        gtb = Organisatie.objects.create(
            id="OGTB", naam="GTB", type_id="gtb", provincie_id="antwerpen"
        )
        caw = Organisatie.objects.create(
            id="OCAW", naam="CAW", type_id="caw", provincie_id="antwerpen"
        )
        Lidmaatschap.objects.create(organisatie=caw, rol="begeleider-ama-wvg", van=date(2020, 1, 1))
        d = Deelnemer.objects.create(
            id="D1",
            voornaam="Bestaande",
            achternaam="Deelnemer",
            geboortedatum=date(1990, 5, 1),
            provincie_id="antwerpen",
            regio_id="kempen",
        )
        traject = Activeringstraject.objects.create(
            id="AT1",
            deelnemer=d,
            regio_id="kempen",
            casemanager_werk_org=gtb,
            geinitieerd_op=date(2025, 1, 10),
        )
        wvg = AmaWvgOvereenkomst.objects.create(
            id="W1", deelnemer=d, begeleider=caw, werkpost="Kringloop", start=date(2025, 1, 1)
        )
        werkvorm = Werkvorm.objects.filter(
            geldig_van__isnull=True,
            geldig_tot__isnull=True,
            einde_instroom__isnull=True,
            max_duur_dagen__isnull=True,
            max_duur_maanden__isnull=True,
        ).first()
        Ladderplaatsing.objects.create(
            id="LP1",
            deelnemer=d,
            werkvorm=werkvorm,
            provincie_id="antwerpen",
            start=date(2025, 1, 1),
        )
        yield Wereld(beheerder, gtb, d, traject, wvg, werkvorm, tmp_path / "bundel")


def _stand() -> dict[str, int]:
    modellen = (Deelnemer, Activeringstraject, Ladderplaatsing, AmaWvgEvaluatie, TrajectEvent)
    return {m.__name__: m.objects.count() for m in modellen}


# --- the tests -----------------------------------------------------------------------------------


def test_every_registered_rule_has_all_four_channels():
    import importlib

    for regel in REGELS:
        assert set(regel.kanalen) == set(KANALEN), regel.naam
        for kanaal, rij in regel.kanalen.items():
            assert callable(rij) or (isinstance(rij, Geen) and rij.reden), (regel.naam, kanaal)
        module, functie = regel.functie.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), functie)), regel.functie
    assert len({r.naam for r in REGELS}) == len(REGELS)


RIJEN = [
    pytest.param(regel, kanaal, id=f"{regel.naam}-{kanaal}")
    for regel in REGELS
    for kanaal in KANALEN
    if not isinstance(regel.kanalen[kanaal], Geen)
]


@pytest.mark.parametrize(("regel", "kanaal"), RIJEN)
def test_each_channel_refuses_the_bad_input_with_the_same_message_and_writes_nothing(
    wereld, regel, kanaal
):
    with time_machine.travel(VANDAAG, tick=False):
        voor = _stand()
        antwoorden = regel.kanalen[kanaal](wereld)
        assert any(regel.bericht in a for a in antwoorden), antwoorden
        assert _stand() == voor


# --- the INSZ answer outside scope (decision 186): form and API say the same ------------------


@pytest.fixture
def buitenstaander(wereld: Wereld) -> User:
    """A casemanager Werk of another GTB: D1's dossier is outside their scope (404)."""
    org = Organisatie.objects.create(
        id="OGTB2", naam="GTB 2", type_id="gtb", provincie_id="antwerpen"
    )
    user = User.objects.create_user(username="matrix-buiten", organisatie=org)
    Roltoewijzing.objects.create(user=user, rol="casemanager-werk")
    return zo_nodig_totp(user)


NEUTRAAL = "Deze persoon kan niet geregistreerd worden; neem contact op met de beheerder."


def test_registering_an_insz_outside_scope_answers_the_same_neutral_message_on_form_and_api(
    wereld, buitenstaander
):
    with time_machine.travel(VANDAAG, tick=False):
        basis = int("900501001")
        nummer = f"{basis:09d}{97 - basis % 97:02d}"
        Deelnemer.objects.filter(pk="D1").update(insz=nummer)
        voor = _stand()
        c = Client()
        c.force_login(buitenstaander)
        assert c.get(_url("deelnemers:dossier", "D1")).status_code == 404
        r = c.post(
            _url("deelnemers:registreer"),
            {
                "insz": nummer,
                "voornaam": "X",
                "achternaam": "Y",
                "geboortedatum": "1/05/1990",
                "provincie": "antwerpen",
                "regio": "kempen",
                "bevestig_nieuw": "on",
            },
        )
        pagina = unescape(r.content.decode())
        assert NEUTRAAL in pagina
        assert "Er is al een deelnemer" not in pagina and "/D1/" not in pagina
        api = APIClient()
        api.force_login(buitenstaander)
        r = api.post(
            "/api/v1/deelnemers",
            {
                "insz": nummer,
                "geboortedatum": "1990-05-01",
                "provincie": "antwerpen",
                "regio": "kempen",
            },
            format="json",
        )
        assert r.status_code == 409
        assert r.json()["code"] == "registratie-niet-mogelijk"
        assert [f["bericht"] for f in r.json()["fouten"]] == [NEUTRAAL]
        assert _stand() == voor


def test_in_scope_the_form_says_the_insz_exists_and_links_to_the_dossier(wereld):
    with time_machine.travel(VANDAAG, tick=False):
        basis = int("900501001")
        nummer = f"{basis:09d}{97 - basis % 97:02d}"
        Deelnemer.objects.filter(pk="D1").update(insz=nummer)
        r = _web(
            wereld,
            _url("deelnemers:registreer"),
            {
                "insz": nummer,
                "voornaam": "X",
                "achternaam": "Y",
                "geboortedatum": "1/05/1990",
                "provincie": "antwerpen",
                "regio": "kempen",
                "bevestig_nieuw": "on",
            },
        )[0]
        assert "Er is al een deelnemer met dit INSZ-nummer." in r
        assert _url("deelnemers:dossier", "D1") in r


def test_the_duplicate_warning_does_not_reveal_a_namesake_outside_scope(wereld, buitenstaander):
    with time_machine.travel(VANDAAG, tick=False):
        c = Client()
        c.force_login(buitenstaander)
        data = {
            "voornaam": "Bestaande",
            "achternaam": "Deelnemer",
            "geboortedatum": "1/05/1990",
            "provincie": "antwerpen",
            "regio": "kempen",
        }
        r = c.post(_url("deelnemers:registreer"), data)
        assert r.status_code == 302  # registered: nothing said about the other person


def test_the_import_refuses_two_running_trajectories_of_one_participant_within_the_bundle(
    wereld,
):
    rij = {
        "id": "ATB1",
        "deelnemer_id": "D1",
        "regio": "kempen",
        "casemanager_werk_org": "OGTB",
        "geinitieerd_op": "2024-01-10",
        "aanvaard_op": "2024-01-20",
        "stopgezet_op": "2024-06-01",
        "stopreden": "andere",
    }
    with time_machine.travel(VANDAAG, tick=False):
        Activeringstraject.objects.filter(pk="AT1").update(ingetrokken_op=date(2025, 1, 10))
        tweede = dict(rij, id="ATB2", geinitieerd_op="2024-05-01", aanvaard_op="")
        tweede.update(stopgezet_op="", stopreden="", ingetrokken_op="2024-07-01")
        voor = _stand()
        with pytest.raises(BundleFouten) as exc:
            import_bundle(schrijf({"activeringstrajecten.csv": [rij, tweede]}, wereld.map))
        assert [f for f in exc.value.fouten if "lopend activeringstraject" in f] == [
            f"activeringstrajecten.csv:3: geinitieerd_op: {f.split(': ', 2)[2]}"
            for f in exc.value.fouten
            if "lopend activeringstraject" in f
        ]
        assert len([f for f in exc.value.fouten if "lopend activeringstraject" in f]) == 1
        assert _stand() == voor
        # Consecutive: the second starts on the day the first stopped.
        tweede["geinitieerd_op"] = "2024-06-01"
        import_bundle(schrijf({"activeringstrajecten.csv": [rij, tweede]}, wereld.map))
        assert Activeringstraject.objects.filter(deelnemer_id="D1").count() == 3
