"""Create (or refresh) one demo user per role, linked to organisations of the imported bundle.

Idempotent: users are updated in place and their password reset to the documented demo
password, so `make demo` can run any number of times. The demo users who must use two-factor
authentication (admin, coordinators) get the demo authenticator app with its public secret
(`accounts.demo`; `manage.py demo_totp USER` prints the current code); the others get none.
Refuses to run in production.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from accounts.demo import (
    DEMO_TOTP_GEHEIM,
    activeer_demo_totp,
    demo_dienstverleners,
    maak_demo_acties,
)
from accounts.models import Rol, Roltoewijzing, User
from accounts.permissions import mfa_verplicht, vergeet_rollen
from deelnemers.models import ZorgNotitie
from organisaties.models import Lidmaatschap, Organisatie
from referentie.models import Regio
from trajectories.models import Activeringstraject

DEMO_WACHTWOORD = "Werkzorg-demo-2024"


@dataclass
class Demo:
    username: str
    naam: str
    rol: str
    organisatie: Organisatie | None
    regios: list[str] = field(default_factory=list)
    netwerk: str | None = None
    superuser: bool = False
    mfa: bool = False


def _meeste(qs: Any, relatie: str) -> Organisatie | None:
    return qs.annotate(n=Count(relatie)).filter(n__gt=0).order_by("-n", "id").first()


class Command(BaseCommand):
    help = "Maakt demogebruikers voor elke rol aan (idempotent) en toont hun wachtwoord."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.WERKZORG_PRODUCTIE:
            raise CommandError("demo_users draait niet in productie.")
        if not Activeringstraject.objects.exists():
            raise CommandError(
                "Er zijn nog geen trajecten: importeer eerst de demobundel "
                "(manage.py import_bundle data/fixtures/mededeling-2024/bundle)."
            )
        demos = self._kies()
        with transaction.atomic():
            for demo in demos:
                self._maak(demo)
            self._zorgnotitie(demos)
            self._netwerk_acties(demos)
            self._onderzoeksdoel()
        self.stdout.write(
            self.style.SUCCESS(f"Demogebruikers (wachtwoord voor allen: {DEMO_WACHTWOORD}):")
        )
        for demo in demos:
            scope = ", ".join(demo.regios) or demo.netwerk or ""
            self.stdout.write(
                f"  {demo.username:<22} {Rol(demo.rol).label:<28} "
                f"{demo.organisatie.naam if demo.organisatie else '—'}"
                + (f" [{scope}]" if scope else "")
                + (" [tweestapsverificatie]" if demo.mfa else "")
            )
        self.stdout.write(
            f"Tweestapsverificatie: demosleutel {DEMO_TOTP_GEHEIM} in een authenticator-app, "
            "of de huidige code met `manage.py demo_totp GEBRUIKERSNAAM`."
        )

    def _onderzoeksdoel(self) -> None:
        """One registered research purpose, so /privacy/ can make an extract in the demo."""
        if not apps.is_installed("privacy"):
            return
        apps.get_model("privacy", "Onderzoeksdoel").objects.get_or_create(
            code="demo-evaluatie",
            defaults={
                "naam": "Demo: evaluatie van de werk- en zorgtrajecten",
                "ontvanger": "Demo-onderzoeksteam (fictief)",
                "omschrijving": "Voorbeelddoel voor de demo: de uitstroom naar werk na een "
                "activeringstraject per regio opvolgen.",
                "rechtsgrond": "Demo — geen echte verwerking",
            },
        )

    def _kies(self) -> list[Demo]:
        gtb = Organisatie.objects.filter(type_id="gtb").order_by("id").first()
        # The GTB with the most activeringstrajecten as casemanager Werk.
        werk_id = (
            Activeringstraject.objects.exclude(casemanager_werk_org=None)
            .values("casemanager_werk_org")
            .annotate(n=Count("id"))
            .order_by("-n", "casemanager_werk_org")
            .values_list("casemanager_werk_org", flat=True)
            .first()
        )
        gtb = Organisatie.objects.get(pk=werk_id) if werk_id else gtb
        # The samenwerkingsverband-Zorg member with the most trajectories as casemanager Zorg.
        leden = Lidmaatschap.objects.filter(rol="samenwerkingsverband-zorg").values(
            "organisatie_id"
        )
        zorg_id = (
            Activeringstraject.objects.filter(casemanager_zorg_org__in=leden)
            .values("casemanager_zorg_org")
            .annotate(n=Count("id"))
            .order_by("-n", "casemanager_zorg_org")
            .values_list("casemanager_zorg_org", flat=True)
            .first()
        )
        zorg = Organisatie.objects.filter(pk=zorg_id).first()
        se = _meeste(Organisatie.objects.all(), "ama_se_trajecten")
        wvg = _meeste(Organisatie.objects.all(), "ama_wvg_overeenkomsten")
        nc = (
            Lidmaatschap.objects.filter(rol="netwerkcoordinator")
            .select_related("organisatie")
            .order_by("-van", "id")
            .first()
        )
        regio_id = (
            Activeringstraject.objects.values("regio")
            .annotate(n=Count("id"))
            .order_by("-n", "regio")
            .values_list("regio", flat=True)
            .first()
        )
        regio = Regio.objects.get(pk=regio_id)
        netwerk_id = nc.netwerk_id if nc else regio.netwerk_id
        dv_werk, dv_zorg = demo_dienstverleners(netwerk_id)  # type: ignore[arg-type]  # a netwerkcoördinator's role names its network
        return [
            Demo("cm-werk", "Casemanager Werk", Rol.CASEMANAGER_WERK, gtb),
            Demo("cm-zorg", "Casemanager Zorg", Rol.CASEMANAGER_ZORG, zorg),
            Demo("bemiddelaar-gtb", "GTB-bemiddelaar", Rol.BEMIDDELAAR_GTB, gtb),
            Demo("begeleider-se", "Begeleider AMA SE", Rol.BEGELEIDER_AMA_SE, se),
            Demo("begeleider-wvg", "Begeleider AMA WVG", Rol.BEGELEIDER_AMA_WVG, wvg),
            Demo(
                "netwerkcoordinator",
                "Netwerkcoördinator",
                Rol.NETWERKCOORDINATOR,
                nc.organisatie if nc else None,
                netwerk=nc.netwerk_id if nc else regio.netwerk_id,
            ),
            Demo(
                "coordinator-regio", "Coördinator regio", Rol.COORDINATOR, None, regios=[regio.pk]
            ),
            Demo(
                "coordinator-netwerk",
                "Coördinator netwerk",
                Rol.COORDINATOR,
                None,
                netwerk=regio.netwerk_id,
            ),
            Demo("beheerder", "Beheerder", Rol.ADMIN, None, superuser=True),
            Demo("dv-werk", "Dienstverlener Werk", Rol.DIENSTVERLENER_WERK, dv_werk),
            Demo("dv-zorg", "Dienstverlener Zorg", Rol.DIENSTVERLENER_ZORG, dv_zorg),
        ]

    def _maak(self, demo: Demo) -> None:
        voornaam, _, achternaam = demo.naam.partition(" ")
        user, _created = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "first_name": voornaam,
                "last_name": achternaam,
                "email": f"{demo.username}@demo.werkzorg.invalid",
                "organisatie": demo.organisatie,
                "is_active": True,
                "is_staff": demo.superuser,
                "is_superuser": demo.superuser,
            },
        )
        user.set_password(DEMO_WACHTWOORD)
        user.save(update_fields=["password"])
        Roltoewijzing.objects.filter(user=user).exclude(rol=demo.rol).delete()
        toewijzing, _created = Roltoewijzing.objects.update_or_create(
            user=user, rol=demo.rol, defaults={"netwerk_id": demo.netwerk}
        )
        toewijzing.regios.set(demo.regios)  # type: ignore[arg-type]  # a Regio's pk is its code; the stubs expect int pks
        vergeet_rollen(user)
        demo.mfa = mfa_verplicht(user)
        if demo.mfa:
            activeer_demo_totp(user)
        else:
            Authenticator.objects.filter(user=user).delete()

    def _netwerk_acties(self, demos: list[Demo]) -> None:
        """Acties for the demo dienstverleners in open trajectories of the demo network."""
        per_naam = {d.username: d for d in demos}
        werk, zorg = per_naam["dv-werk"].organisatie, per_naam["dv-zorg"].organisatie
        if werk is None or zorg is None:
            return
        netwerk_id = per_naam["netwerkcoordinator"].netwerk
        n = maak_demo_acties(
            door=User.objects.get(username="cm-werk"), netwerk_id=netwerk_id, werk=werk, zorg=zorg
        )
        if n:
            self.stdout.write(f"{n} demo-acties voor dv-werk en dv-zorg toegevoegd.")

    def _zorgnotitie(self, demos: list[Demo]) -> None:
        """One example note so the Zorg compartment can be seen in the demo."""
        cm_zorg = next(d for d in demos if d.rol == Rol.CASEMANAGER_ZORG)
        if cm_zorg.organisatie is None:
            return
        traject = (
            Activeringstraject.objects.filter(casemanager_zorg_org=cm_zorg.organisatie)
            .order_by("-geinitieerd_op", "id")
            .first()
        )
        if traject is None or ZorgNotitie.objects.filter(traject=traject).exists():
            return
        ZorgNotitie.objects.create(
            traject=traject,
            soort=ZorgNotitie.Soort.THERAPIE,
            tekst="Demonotitie: wekelijkse gesprekken bij het CGG lopen, afspraak om de "
            "werkuren stap voor stap op te bouwen.",
            door=User.objects.get(username=cm_zorg.username),
        )
