"""Dutch titles, labels and explanations of every table of the Mededeling.

One place that says how a report table is presented: its title, which code list names its rows,
its columns in the order of the published Mededeling and a short explanation of its population.
The exports (XLSX, CSV, PDF) and the web pages all read this module, so a relabelled column
changes everywhere at once. Row labels of code lists come from the reference tables
(`referentie`), so admins can relabel codes without a code change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from organisaties.models import Organisatie
from referentie.models import Eindadvies, Netwerk, OrganisatieType, Provincie, Regio

Soort = Literal["aantal", "pct"]
RijBron = Literal["provincie", "regio", "netwerk", "organisatietype", "eindadvies", "organisatie"]

TOTAAL = "totaal"
#: Top-level key of the report beside `tables`: next year's AMA SE contingent per begeleider.
CONTINGENT_KEY = "ama_se_contingent_volgend_jaar"


@dataclass(frozen=True)
class Kolom:
    key: str
    label: str | Promise
    soort: Soort = "aantal"


@dataclass(frozen=True)
class TabelSpec:
    """How one table of the report is shown.

    `rij_bron` names the code list whose labels and order the rows take; `rij_labels` gives
    fixed rows (kenmerken, uitstroom) their label and order instead. A table whose value is a
    single number (`vorm="getal"`) is shown as one row labelled `rij_labels["waarde"]`.
    `kolom_bron="netwerk"` takes the columns from the networks present in the data.
    Labels and explanations may use `{jaar}`, `{volgend_jaar}`, `{jaareinde}` and
    `{peildatum}`.
    """

    key: str
    hoofdstuk: str | Promise
    titel: str | Promise
    uitleg: str | Promise
    blad: str  # XLSX sheet name: at most 31 characters, unique
    rij_kop: str | Promise
    kolommen: tuple[Kolom, ...]
    rij_bron: RijBron | None = None
    rij_labels: dict[str, str | Promise] = field(default_factory=dict)
    kolom_bron: Literal["netwerk"] | None = None
    vorm: Literal["tabel", "getal"] = "tabel"


AANTAL = Kolom("aantal", _("Aantal"))
PCT = Kolom("pct", _("Percentage"), "pct")

KENMERKEN: dict[str, str | Promise] = {
    "armoede": _("Leeft in een situatie van armoede"),
    "arbeidsbeperking": _("Heeft een arbeidsbeperking"),
    "kortgeschoold": _("Is kortgeschoold"),
    "langer_dan_2_jaar_werkzoekend": _("Is langer dan 2 jaar werkzoekend"),
    "leeftijd_25_59": _("Is tussen 25 en 59 jaar oud"),
}


def _uitstroom_labels(
    maanden: Iterable[int], met_se: bool, wat: str | Promise
) -> dict[str, str | Promise]:
    labels: dict[str, str | Promise] = {
        "afgesloten": format_lazy(_("Aantal afgesloten {wat}"), wat=wat)
    }
    for n in maanden:
        if n:
            labels[f"afgesloten_min_{n}m"] = format_lazy(
                _("Aantal {wat} minstens {n} maanden afgesloten"), wat=wat, n=n
            )
        labels[f"uit_werkloosheid_{n}m"] = format_lazy(
            _("Met uitstroom uit de werkloosheid na {n} maanden"), n=n
        )
        labels[f"naar_werk_{n}m"] = format_lazy(_("Met uitstroom naar werk na {n} maanden"), n=n)
        if met_se:
            labels[f"naar_werk_se_{n}m"] = format_lazy(
                _("Met uitstroom naar werk in de sociale economie na {n} maanden"), n=n
            )
    return labels


H_VDAB = _("2. Adviezen VDAB")
H_ACTIVERING = _("3. Activeringstrajecten")
H_WVG = _("4.1 Arbeidsmatige activiteiten in het kader van het gezondheids- en welzijnsbeleid")
H_SE = _("4.2 Arbeidsmatige activiteiten in de sociale economie")

TABELLEN: tuple[TabelSpec, ...] = (
    TabelSpec(
        key="vdab_adviezen_per_provincie",
        hoofdstuk=H_VDAB,
        titel=_("Werkzoekenden met een VDAB-advies per provincie"),
        uitleg=_(
            "Niet-werkende werkzoekenden met een bemiddelingsadvies dat actief is op "
            "{jaareinde}, per advies en per provincie van de verblijfplaats. Wie twee actieve "
            "adviezen heeft, telt één keer, onder het laatst gegeven advies. Inwoners van "
            "Brussel zijn niet opgenomen."
        ),
        blad="01 VDAB-adviezen",
        rij_kop=_("Provincie verblijfplaats"),
        rij_bron="provincie",
        kolommen=(
            Kolom("AB", _("AB")),
            Kolom("AMA_SE", _("AMA SE")),
            Kolom("WELZIJN", _("Welzijn")),
            Kolom(TOTAAL, _("Eindtotaal")),
        ),
    ),
    TabelSpec(
        key="vdab_adviezen_kenmerken",
        hoofdstuk=H_VDAB,
        titel=_("Kenmerken van de werkzoekenden met een advies"),
        uitleg=_(
            "Werkzoekenden die in {jaar} een advies AB, AMA SE of Welzijn kregen: aandeel met "
            "elk kenmerk. Langer dan 2 jaar werkzoekend en de leeftijd gelden op {jaareinde}. "
            "Een persoon kan meerdere kenmerken combineren."
        ),
        blad="02 Kenmerken VDAB-advies",
        rij_kop=_("Kenmerk"),
        rij_labels=KENMERKEN,
        kolommen=(PCT,),
    ),
    TabelSpec(
        key="activering_status_per_regio",
        hoofdstuk=H_ACTIVERING,
        titel=_("Trajectstatus per werk- en zorgregio"),
        uitleg=_(
            "Status op {peildatum} van de activeringstrajecten van gunningsjaar {jaar} "
            "(aanvaard tussen 1/01/{jaar} en 31/12/{jaar}), per regio van het traject. "
            "Definitief toegeleid is de som van aanvaard, bezig, vervroegd stopgezet en "
            "afgesloten; het percentage zet die som af tegen het objectief van de regio."
        ),
        blad="03 Status per regio",
        rij_kop=_("Werk- en zorgregio"),
        rij_bron="regio",
        kolommen=(
            Kolom("aanvaard", _("Aanvaard")),
            Kolom("bezig", _("Bezig")),
            Kolom("vervroegd_stopgezet", _("Vervroegd stopgezet")),
            Kolom("afgesloten", _("Afgesloten")),
            Kolom("definitief_toegeleid", _("Definitief toegeleid")),
            Kolom("pct_objectief", _("Toegeleid t.o.v. het objectief (%)"), "pct"),
            Kolom("objectief", _("Objectief 1/01/{jaar}–31/12/{jaar}")),
        ),
    ),
    TabelSpec(
        key="activering_geinitieerd_op_jaareinde",
        hoofdstuk=H_ACTIVERING,
        titel=_("Trajecten met status Geïnitieerd op {jaareinde}"),
        uitleg=_(
            "Trajecten waarin de deelnemer op {jaareinde} nog geen eerste gesprek had bij het "
            "casemanagementteam. Ze tellen (nog) niet als definitief toegeleid en worden "
            "toegerekend aan het jaar waarin ze aanvaard worden."
        ),
        blad="04 Geïnitieerd op jaareinde",
        rij_kop=_("Status"),
        rij_labels={"waarde": _("Geïnitieerd")},
        kolommen=(AANTAL,),
        vorm="getal",
    ),
    TabelSpec(
        key="activering_kenmerken",
        hoofdstuk=H_ACTIVERING,
        titel=_("Kenmerken van de deelnemers aan een activeringstraject"),
        uitleg=_(
            "Trajecten van gunningsjaar {jaar}: aandeel van hun deelnemers met elk kenmerk "
            "(langer dan 2 jaar werkzoekend op de datum van aanvaarding). Een persoon kan "
            "meerdere kenmerken combineren."
        ),
        blad="05 Kenmerken activering",
        rij_kop=_("Kenmerk"),
        rij_labels=KENMERKEN,
        kolommen=(PCT,),
    ),
    TabelSpec(
        key="netwerk_samenstelling",
        hoofdstuk=H_ACTIVERING,
        titel=_("Samenstelling van de netwerken van dienstverleners per type"),
        uitleg=_(
            "Organisaties met een lidmaatschap van een netwerk dat actief is op {jaareinde}, "
            "per netwerk en per type dienstverlener. Eenzelfde organisatie kan meermaals "
            "geteld worden: onder elk van haar types en in elk netwerk."
        ),
        blad="06 Netwerken",
        rij_kop=_("Type dienstverlener"),
        rij_bron="organisatietype",
        kolom_bron="netwerk",
        kolommen=(Kolom(TOTAAL, _("Totaal")),),
    ),
    TabelSpec(
        key="activering_eindadviezen",
        hoofdstuk=H_ACTIVERING,
        titel=_("Aard van de eindadviezen van de activeringstrajecten"),
        uitleg=_(
            "Activeringstrajecten afgesloten met een eindadvies tussen 1/7/2023 (begin van de "
            "toeleidingsperiode) en {jaareinde}. Vervroegd stopgezette trajecten zijn niet "
            "opgenomen."
        ),
        blad="07 Eindadviezen activering",
        rij_kop=_("Eindadvies"),
        rij_bron="eindadvies",
        kolommen=(AANTAL, PCT),
    ),
    TabelSpec(
        key="activering_uitstroom",
        hoofdstuk=H_ACTIVERING,
        titel=_("Uitstroom na een activeringstraject"),
        uitleg=_(
            "Dezelfde afgesloten trajecten: positie op de arbeidsmarkt 0 en 6 maanden na de "
            "afsluiting. Na 6 maanden tellen enkel de trajecten die op {peildatum} minstens 6 "
            "maanden afgesloten zijn; zij vormen de noemer van die percentages."
        ),
        blad="08 Uitstroom activering",
        rij_kop=_("Uitstroom"),
        rij_labels=_uitstroom_labels((0, 6), met_se=False, wat=_("activeringstrajecten")),
        kolommen=(AANTAL, PCT),
    ),
    TabelSpec(
        key="ama_wvg_totalen",
        hoofdstuk=H_WVG,
        titel=_("AMA WVG: actieve overeenkomsten, deelnemers en begeleiders"),
        uitleg=_(
            "Begeleidingsovereenkomsten met een start tussen 1/01/2018 en {jaareinde} en "
            "zonder einddatum of met een einddatum na {jaareinde}. Deelnemers en begeleiders "
            "zijn unieke personen en organisaties."
        ),
        blad="09 AMA WVG totalen",
        rij_kop=_("Geteld"),
        rij_labels={
            "overeenkomsten": _("Actieve AMA WVG-overeenkomsten"),
            "deelnemers": _("Deelnemers AMA WVG"),
            "begeleiders": _("Erkende begeleiders AMA WVG"),
        },
        # not "Aantal | Aantal": the row header says what is counted, the column when
        kolommen=(Kolom("aantal", _("Aantal op {jaareinde}")),),
    ),
    TabelSpec(
        key="ama_wvg_per_provincie",
        hoofdstuk=H_WVG,
        titel=_("AMA WVG per provincie"),
        uitleg=_(
            "Dezelfde overeenkomsten, per provincie van de vestigingsplaats van de erkende "
            "begeleider. De totaalrij telt unieke deelnemers en begeleiders over alle "
            "overeenkomsten."
        ),
        blad="10 AMA WVG per provincie",
        rij_kop=_("Provincie"),
        rij_bron="provincie",
        kolommen=(
            Kolom("begeleiders", _("Aantal erkende begeleiders AMA WVG")),
            Kolom("overeenkomsten", _("Aantal AMA WVG-overeenkomsten")),
            Kolom("deelnemers", _("Aantal deelnemers AMA WVG")),
        ),
    ),
    TabelSpec(
        key="ama_wvg_per_organisatietype",
        hoofdstuk=H_WVG,
        titel=_("AMA WVG per organisatietype"),
        uitleg=_(
            "Dezelfde overeenkomsten, per organisatietype van de erkende begeleider. De "
            "totaalrij telt unieke deelnemers en begeleiders over alle overeenkomsten."
        ),
        blad="11 AMA WVG per type",
        rij_kop=_("Organisatietype"),
        rij_bron="organisatietype",
        kolommen=(
            Kolom("begeleiders", _("Aantal erkende begeleiders AMA WVG")),
            Kolom("overeenkomsten", _("Aantal AMA WVG-overeenkomsten")),
            Kolom("deelnemers", _("Aantal deelnemers AMA WVG")),
        ),
    ),
    TabelSpec(
        key="ama_se_per_provincie",
        hoofdstuk=H_SE,
        titel=_("AMA SE: begeleiders, contingent en invulling per provincie"),
        uitleg=_(
            "Begeleiders (maatwerkbedrijven) met een contingent voor {jaar}, per provincie van "
            "de vestigingsplaats. Invulling = bezette plaatsdagen / (plaatsen × dagen van "
            "{jaar}); de totaalrij rekent met de sommen."
        ),
        blad="12 AMA SE per provincie",
        rij_kop=_("Provincie"),
        rij_bron="provincie",
        kolommen=(
            Kolom("begeleiders", _("Aantal begeleiders AMA SE")),
            Kolom("contingent", _("Aantal plaatsen contingent AMA SE")),
            Kolom("pct_invulling", _("Gemiddelde invulling jaarbasis (%)"), "pct"),
        ),
    ),
    TabelSpec(
        key="ama_se_invulling_spreiding",
        hoofdstuk=H_SE,
        titel=_("AMA SE: spreiding van de invulling"),
        uitleg=_(
            "Aantal begeleiders AMA SE volgens hun eigen invullingsgraad in {jaar} (niet "
            "afgerond). Onder 80% wordt hun contingent voor {volgend_jaar} verminderd."
        ),
        blad="13 AMA SE spreiding",
        rij_kop=_("Invulling"),
        rij_labels={
            "min_80": _("Begeleiders met een invulling van 80% of meer"),
            "onder_60": _("Begeleiders met een invulling van minder dan 60%"),
        },
        kolommen=(AANTAL,),
    ),
    TabelSpec(
        key="ama_se_kenmerken",
        hoofdstuk=H_SE,
        titel=_("Kenmerken van de deelnemers AMA SE"),
        uitleg=_(
            "AMA SE-trajecten gematcht in {jaar}: aandeel van hun deelnemers met elk kenmerk "
            "(langer dan 2 jaar werkzoekend op de datum van de matching). Een persoon kan "
            "meerdere kenmerken combineren."
        ),
        blad="14 Kenmerken AMA SE",
        rij_kop=_("Kenmerk"),
        rij_labels=KENMERKEN,
        kolommen=(PCT,),
    ),
    TabelSpec(
        key="ama_se_eindadviezen",
        hoofdstuk=H_SE,
        titel=_("Aard van de eindadviezen van de trajecten AMA SE"),
        uitleg=_(
            "Trajecten AMA SE afgesloten met een eindadvies tussen 1/5/2023 (begin van de "
            "meetperiode) en {jaareinde}. Vervroegd stopgezette trajecten zijn niet opgenomen."
        ),
        blad="15 Eindadviezen AMA SE",
        rij_kop=_("Eindadvies"),
        rij_bron="eindadvies",
        kolommen=(AANTAL, PCT),
    ),
    TabelSpec(
        key="ama_se_uitstroom",
        hoofdstuk=H_SE,
        titel=_("Uitstroom na een traject AMA SE"),
        uitleg=_(
            "Dezelfde afgesloten trajecten: positie op de arbeidsmarkt 0, 6 en 12 maanden na de "
            "afsluiting; naar werk in de sociale economie is collectief maatwerk. Na 6 en 12 "
            "maanden tellen enkel de trajecten die op {peildatum} al zo lang afgesloten zijn."
        ),
        blad="16 Uitstroom AMA SE",
        rij_kop=_("Uitstroom"),
        rij_labels=_uitstroom_labels((0, 6, 12), met_se=True, wat=_("trajecten AMA SE")),
        kolommen=(AANTAL, PCT),
    ),
)

#: Not a table of the published Mededeling, but part of the report: shown after the tables.
CONTINGENT = TabelSpec(
    key=CONTINGENT_KEY,
    hoofdstuk=_("Bijlage"),
    titel=_("Contingent AMA SE voor {volgend_jaar} per begeleider"),
    uitleg=_(
        "Automatische actualisatie: wie in {jaar} minder dan 80% invulling kende, krijgt voor "
        "{volgend_jaar} plaatsen × (1 − (80% − invulling)), afgerond op een hele plaats; "
        "anders blijft het contingent gelijk."
    ),
    blad="17 Contingent volgend jaar",
    rij_kop=_("Begeleider AMA SE"),
    rij_bron="organisatie",
    kolommen=(
        Kolom("plaatsen", _("Plaatsen {jaar}")),
        Kolom("pct_invulling", _("Invulling {jaar} (%)"), "pct"),
        Kolom("plaatsen_volgend_jaar", _("Plaatsen {volgend_jaar}")),
    ),
)

SPECS: dict[str, TabelSpec] = {s.key: s for s in (*TABELLEN, CONTINGENT)}

TOTAAL_LABEL = _("Totaal")
OBJECTIEF_LABEL = _("Objectief")
META = _("Mededeling werk- en zorgtrajecten {jaar} · peildatum {peildatum}")


def context(jaar: int, peildatum: date) -> dict[str, str]:
    """The values that labels and explanations may refer to, formatted for nl-BE."""
    return {
        "jaar": str(jaar),
        "volgend_jaar": str(jaar + 1),
        "jaareinde": date_format(date(jaar, 12, 31), "SHORT_DATE_FORMAT"),
        "peildatum": date_format(peildatum, "SHORT_DATE_FORMAT"),
    }


def invullen(tekst: str | Promise, ctx: dict[str, str]) -> str:
    """A label with its `{jaar}`-style placeholders filled in."""
    return str(tekst).format(**ctx)


def code_labels(bron: RijBron, codes: Iterable[str]) -> dict[str, tuple[str, int]]:
    """Label and sort position of each code of a code list (one query)."""
    codes = list(codes)
    if bron == "organisatie":
        namen = dict(Organisatie.objects.filter(id__in=codes).values_list("id", "naam"))
        ordered = sorted(codes, key=lambda c: (str(namen.get(c, c)).lower(), c))
        return {c: (namen.get(c, c), i) for i, c in enumerate(ordered)}
    model = {
        "provincie": Provincie,
        "regio": Regio,
        "netwerk": Netwerk,
        "organisatietype": OrganisatieType,
        "eindadvies": Eindadvies,
    }[bron]
    return {
        code: (naam, volgorde)
        for code, naam, volgorde in model._default_manager.filter(code__in=codes).values_list(
            "code", "naam", "volgorde"
        )
    }


def tabelnummer(key: str) -> int:
    """The number the Jaarrapport gives a table (its sheet "03 Status per regio" → 3)."""
    return int(SPECS[key].blad.split(" ", 1)[0])
