"""The bundle format (`shared/spec/bundle.md`, version 1) as data.

One `Bestand` per CSV file, its columns in the order of bundle.md (the export writes them in
this order), what each column holds and how the file is written: upsert by `id`, upsert by a
natural key, or replace all rows of each owner that appears in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from django.apps import apps
from django.db import models


class Soort(Enum):
    TEKST = "tekst"
    DATUM = "datum"
    BOOL = "bool"
    GEHEEL = "geheel"
    CODE = "code"  # a reference-table code; `bron` names the model
    KEUZE = "keuze"  # one of the model field's choices
    REF = "ref"  # an id of another file; `bron` names that file
    INSZ = "insz"
    KBO = "kbo"


class Schrijfwijze(Enum):
    UPSERT = "upsert"  # by `sleutel` (the id, or a natural key)
    VERVANG = "vervang"  # all rows of each owner (`sleutel`) in the file replace its rows


@dataclass(frozen=True)
class Kolom:
    naam: str
    verplicht: bool
    soort: Soort = Soort.TEKST
    bron: str = ""


@dataclass(frozen=True)
class Bestand:
    naam: str
    model_label: str
    kolommen: tuple[Kolom, ...]
    schrijfwijze: Schrijfwijze
    sleutel: tuple[str, ...]
    # (van, tot) column pairs the database constrains as tot >= van without a rule function.
    perioden: tuple[tuple[str, str], ...] = field(default=())

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def kolomnamen(self) -> tuple[str, ...]:
        return tuple(k.naam for k in self.kolommen)

    def veld(self, kolom: str) -> models.Field:
        """The model field a column is stored in (`organisatie_id` -> the FK field)."""
        veld = self.model._meta.get_field(kolom)
        assert isinstance(veld, models.Field)  # a column, never a reverse relation
        return veld


def _k(naam: str, verplicht: bool, soort: Soort = Soort.TEKST, bron: str = "") -> Kolom:
    return Kolom(naam, verplicht, soort, bron)


D, B, G, C, R = Soort.DATUM, Soort.BOOL, Soort.GEHEEL, Soort.CODE, Soort.REF
ORG, DLN = "organisaties.csv", "deelnemers.csv"

# In dependency order: a file only refers to files before it.
BESTANDEN: tuple[Bestand, ...] = (
    Bestand(
        "organisaties.csv",
        "organisaties.Organisatie",
        (
            _k("id", True),
            _k("naam", True),
            _k("type", True, C, "referentie.OrganisatieType"),
            _k("provincie", True, C, "referentie.Provincie"),
            _k("ondernemingsnummer", False, Soort.KBO),
        ),
        Schrijfwijze.UPSERT,
        ("id",),
    ),
    Bestand(
        "lidmaatschappen.csv",
        "organisaties.Lidmaatschap",
        (
            _k("organisatie_id", True, R, ORG),
            _k("rol", True, Soort.KEUZE),
            _k("netwerk", False, C, "referentie.Netwerk"),
            _k("regio", False, C, "referentie.Regio"),
            _k("als_type", False, C, "referentie.OrganisatieType"),
            _k("van", True, D),
            _k("tot", False, D),
        ),
        Schrijfwijze.VERVANG,
        ("organisatie_id",),
        (("van", "tot"),),
    ),
    Bestand(
        "contingenten.csv",
        "trajectories.Contingent",
        (
            _k("organisatie_id", True, R, ORG),
            _k("jaar", True, G),
            _k("plaatsen", True, G),
        ),
        Schrijfwijze.VERVANG,
        ("organisatie_id", "jaar"),
    ),
    Bestand(
        "objectieven.csv",
        "trajectories.Objectief",
        (
            _k("regio", True, C, "referentie.Regio"),
            _k("jaar", True, G),
            _k("objectief", True, G),
        ),
        Schrijfwijze.UPSERT,
        ("regio", "jaar"),
    ),
    Bestand(
        "deelnemers.csv",
        "deelnemers.Deelnemer",
        (
            _k("id", True),
            _k("insz", False, Soort.INSZ),
            _k("voornaam", False),
            _k("achternaam", False),
            _k("geboortedatum", True, D),
            _k("provincie", True, C, "referentie.Provincie"),
            _k("regio", True, C, "referentie.Regio"),
            _k("armoede", True, B),
            _k("arbeidsbeperking", True, B),
            _k("kortgeschoold", True, B),
            _k("werkzoekend_sinds", False, D),
        ),
        Schrijfwijze.UPSERT,
        ("id",),
    ),
    Bestand(
        "adviezen.csv",
        "deelnemers.Advies",
        (
            _k("id", True),
            _k("deelnemer_id", True, R, DLN),
            _k("advies", True, C, "referentie.AdviesType"),
            _k("van", True, D),
            _k("tot", False, D),
        ),
        Schrijfwijze.UPSERT,
        ("id",),
        (("van", "tot"),),
    ),
    Bestand(
        "activeringstrajecten.csv",
        "trajectories.Activeringstraject",
        (
            _k("id", True),
            _k("deelnemer_id", True, R, DLN),
            _k("regio", True, C, "referentie.Regio"),
            _k("casemanager_werk_org", False, R, ORG),
            _k("casemanager_zorg_org", False, R, ORG),
            _k("geinitieerd_op", True, D),
            _k("aanvaard_op", False, D),
            _k("bezig_op", False, D),
            _k("verlengd_tot", False, D),
            _k("afgesloten_op", False, D),
            _k("eindadvies", False, C, "referentie.Eindadvies"),
            _k("stopgezet_op", False, D),
            _k("stopreden", False, C, "referentie.Stopreden"),
            _k("ingetrokken_op", False, D),
        ),
        Schrijfwijze.UPSERT,
        ("id",),
    ),
    Bestand(
        "ama_se_trajecten.csv",
        "trajectories.AmaSeTraject",
        (
            _k("id", True),
            _k("deelnemer_id", True, R, DLN),
            _k("begeleider_id", True, R, ORG),
            _k("gematcht_op", True, D),
            _k("afgesloten_op", False, D),
            _k("eindadvies", False, C, "referentie.Eindadvies"),
            _k("stopgezet_op", False, D),
            _k("stopreden", False, C, "referentie.Stopreden"),
        ),
        Schrijfwijze.UPSERT,
        ("id",),
    ),
    Bestand(
        "ama_wvg_overeenkomsten.csv",
        "trajectories.AmaWvgOvereenkomst",
        (
            _k("id", True),
            _k("deelnemer_id", True, R, DLN),
            _k("begeleider_id", True, R, ORG),
            _k("werkpost", True),
            _k("start", True, D),
            _k("einde", False, D),
        ),
        Schrijfwijze.UPSERT,
        ("id",),
        (("start", "einde"),),
    ),
    Bestand(
        "arbeidsmarktposities.csv",
        "deelnemers.Arbeidsmarktpositie",
        (
            _k("deelnemer_id", True, R, DLN),
            _k("van", True, D),
            _k("tot", False, D),
            _k("positie", True, C, "referentie.Positie"),
        ),
        Schrijfwijze.VERVANG,
        ("deelnemer_id",),
        (("van", "tot"),),
    ),
    Bestand(
        "ladderplaatsingen.csv",
        "ladder.Ladderplaatsing",
        (
            _k("id", True),
            _k("deelnemer_id", True, R, DLN),
            _k("werkvorm", True, C, "ladder.Werkvorm"),
            _k("regio_wvl", False, C, "ladder.RegioWvl"),
            _k("provincie", True, C, "referentie.Provincie"),
            _k("start", True, D),
            _k("einde", False, D),
        ),
        Schrijfwijze.UPSERT,
        ("id",),
    ),
)

PER_NAAM: dict[str, Bestand] = {b.naam: b for b in BESTANDEN}
