"""axe-core on every main page, for every role (issue 14, point 13): 0 violations of any
impact. axe-core is vendored in tests/browser/axe/ (offline, test-only)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import Rol
from referentie.models import Regio
from tests import factories as f
from trajectories.models import TrajectEvent

pytestmark = pytest.mark.django_db(transaction=True)

AXE = (Path(__file__).resolve().parent / "axe" / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture
def wereld(_snelle_wachtwoorden, referentiecodes) -> dict[str, Any]:
    from tests.browser.conftest import WACHTWOORD

    regio = Regio.objects.get(pk="kempen")
    gtb = f.organisatie("gtb", naam="GTB Kempen")
    zorg = f.organisatie("cgg", naam="CGG De Pont")
    se = f.organisatie("gtb", naam="GTB Begeleiding")
    wvg_org = f.organisatie("maatwerkbedrijf", naam="Maatwerkbedrijf Kempen")
    d = f.deelnemer(geboortedatum=date(1988, 3, 1), werkzoekend_sinds=date(2023, 5, 2))
    t = f.activeringstraject(
        d, werk=gtb, zorg=zorg, aanvaard_op=date(2025, 1, 20), bezig_op=date(2025, 2, 3)
    )
    s = f.ama_se(d, begeleider=se)
    o = f.wvg(d, begeleider=wvg_org)
    TrajectEvent.objects.create(
        soort="activering", traject_id=t.pk, deelnemer=d, actie="stage-toegevoegd"
    )
    rollen = {
        Rol.CASEMANAGER_WERK: f.gebruiker(Rol.CASEMANAGER_WERK, organisatie=gtb),
        Rol.CASEMANAGER_ZORG: f.gebruiker(Rol.CASEMANAGER_ZORG, organisatie=zorg),
        Rol.BEMIDDELAAR_GTB: f.gebruiker(Rol.BEMIDDELAAR_GTB, organisatie=gtb),
        Rol.BEGELEIDER_AMA_SE: f.gebruiker(Rol.BEGELEIDER_AMA_SE, organisatie=se),
        Rol.BEGELEIDER_AMA_WVG: f.gebruiker(Rol.BEGELEIDER_AMA_WVG, organisatie=wvg_org),
        Rol.NETWERKCOORDINATOR: f.gebruiker(
            Rol.NETWERKCOORDINATOR, organisatie=zorg, netwerk=regio.netwerk_id
        ),
        Rol.COORDINATOR: f.gebruiker(Rol.COORDINATOR, regios=[regio.pk]),
        Rol.ADMIN: f.gebruiker(Rol.ADMIN),
    }
    for user in rollen.values():
        user.set_password(WACHTWOORD)  # the browser logs in through the form
        user.save(update_fields=["password"])
    pagina_s = [
        "/",
        "/aandacht/",
        f"/dossiers/{d.pk}/",
        f"/dossiers/{d.pk}/kenmerken/",
        f"/dossiers/{d.pk}/geschiedenis/",
        "/dossiers/nieuw/",
        reverse("trajecten:activering_detail", args=[t.pk]),
        reverse("trajecten:ama_se_detail", args=[s.pk]),
        reverse("trajecten:wvg_detail", args=[o.pk]),
        reverse("trajecten:activering_nieuw", args=[d.pk]),
        reverse("trajecten:activering_stap", args=[t.pk, "verlengen"]),
        reverse("trajecten:ama_se_nieuw", args=[d.pk]),
        reverse("trajecten:wvg_nieuw", args=[d.pk]),
        reverse("trajecten:wvg_evaluatie", args=[o.pk]),
        f"/ladder/deelnemer/{d.pk}/plaatsing/nieuw/",
        "/rapportering/dashboard/",
        "/rapportering/jaarrapport/",
        "/rapportering/contingenten/",
        "/ladder/",
        "/ladder/rapport/",
        f"/ladder/deelnemer/{d.pk}/",
        "/audit/",
        "/privacy/",
        "/accounts/2fa/",
        "/bestaat-niet/",
    ]
    return {"rollen": rollen, "paginas": pagina_s}


def _axe(page: Any) -> list[dict[str, Any]]:
    resultaat = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    return json.loads(resultaat)["violations"]


def test_every_main_page_has_no_axe_violations_for_any_role(
    wereld, inloggen, live_server, page
) -> None:
    # An init script is injected by the browser itself: the page's CSP (no inline scripts) stays.
    page.context.add_init_script(script=AXE)
    gezien: dict[str, int] = {}
    fouten: list[str] = []
    for rol, user in wereld["rollen"].items():
        page.context.clear_cookies()
        inloggen(page, user)
        for pad in wereld["paginas"]:
            antwoord = page.goto(f"{live_server.url}{pad}")
            if antwoord.status >= 400 and pad != "/bestaat-niet/":
                continue  # a page this role does not see (checked for the roles that do)
            page.wait_for_load_state("networkidle")
            gezien[pad] = gezien.get(pad, 0) + 1
            for v in _axe(page):
                doelen = [n["target"] for n in v["nodes"]][:3]
                fouten.append(f"{rol} {pad}: {v['id']} ({v['impact']}) {doelen}")
    assert not fouten, "\n".join(fouten)
    # Every page was checked by at least one role.
    assert set(gezien) == set(wereld["paginas"]), set(wereld["paginas"]) - set(gezien)
