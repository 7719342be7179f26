"""The pseudonymised research extract of one year, for one registered purpose.

`schrijf_extract` writes the CSV files, a LEESMIJ.txt and a manifest.json into a directory
(`manage.py onderzoeksextract`); `extract_zip` packs the same into a ZIP (the admin page).
Both record an `ExtractLevering`.

What is in it (data minimisation, GDPR art. 5(1)(c), art. 89):
- participants only as a pseudonym: HMAC-SHA256 with a key per purpose (`privacy.pseudoniem`);
  begeleiders likewise; no name, INSZ, birth date, address, trajectory id or free text;
- the age as a band on 31 December of the year (bands split at 25 and 60, the report's
  bounds), not the birth date or year;
- dates as months (`JJJJ-MM`): every reference date of the Mededeling is a month boundary
  (1 January, 31 December, the peildatum 31 March, 2023-07-01, 2023-05-01, 2018-01-01), so the
  report's populations and statuses follow exactly from the months; where a rule needs the
  day (24 months werkzoekend before a date, the position N months after closing, occupied
  place-days, the advice that counts on 31 December) the extract carries the derived fact;
- as on the peildatum (31 March of the next year): a milestone after the peildatum is left
  empty, so an extract made later shows the year as the report saw it.
Rows are sorted by pseudonym, so their order tells nothing about ids or registration order.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import IO, TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from deelnemers.models import Advies, Arbeidsmarktpositie, Deelnemer
from ladder.models import Ladderplaatsing
from privacy.models import ExtractLevering, Kanaal, Onderzoeksdoel
from privacy.pseudoniem import Pseudonimiseerder, gebruikt_ontwikkelsleutel
from reporting.mededeling import REGELS_VERSIE, standaard_peildatum
from reporting.tables.activering import TOELEIDINGSPERIODE_START
from reporting.tables.ama_se import AMA_SE_METING_START
from reporting.tables.ama_wvg import AMA_WVG_START
from reporting.tables.common import LANGDURIG_WERKZOEKEND_MAANDEN, jaarbegin, jaareinde
from trajectories import rules
from trajectories.models import Activeringstraject, AmaSeTraject, AmaWvgOvereenkomst, Contingent
from werkzorg.domein.datums import AddMonths, add_months
from werkzorg.domein.tabelbestanden import csv_schrijver

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

EXTRACT_VERSIE = "onderzoeksextract-1"
EERSTE_JAAR = 2000
ONBEKEND = "onbekend"  # no labour-market position on the measuring date

# Age bands on 31 December; the report's bound (25-59) is a union of whole bands.
LEEFTIJDSKLASSEN: tuple[tuple[int, int | None, str], ...] = (
    (0, 24, "0-24"),
    (25, 29, "25-29"),
    (30, 34, "30-34"),
    (35, 39, "35-39"),
    (40, 44, "40-44"),
    (45, 49, "45-49"),
    (50, 54, "50-54"),
    (55, 59, "55-59"),
    (60, None, "60-plus"),
)


class ExtractFout(ValueError):
    """A refused extract, with a Dutch message for the user."""


def leeftijdsklasse(geboortejaar: int, jaar: int) -> str:
    """The band of the age on 31 December `jaar` (then exactly `jaar` - birth year)."""
    leeftijd = jaar - geboortejaar
    for van, tot, code in LEEFTIJDSKLASSEN:
        if leeftijd >= van and (tot is None or leeftijd <= tot):
            return code
    return LEEFTIJDSKLASSEN[0][2]  # a birth year after `jaar`: data error, youngest band


def doel_voor_extract(code: str) -> Onderzoeksdoel:
    """The registered, active purpose `code`; an unknown or inactive one is refused."""
    doel = Onderzoeksdoel.objects.filter(pk=code).first()
    if doel is None:
        raise ExtractFout(
            _(
                "Onbekend onderzoeksdoel ‘%(code)s’. Een extract kan enkel voor een "
                "geregistreerd doel (Beheer › Privacy › Onderzoeksdoelen)."
            )
            % {"code": code}
        )
    if not doel.actief:
        raise ExtractFout(
            _("Het onderzoeksdoel ‘%(code)s’ is niet actief: geen extract mogelijk.")
            % {"code": code}
        )
    return doel


def controleer_jaar(jaar: int, vandaag: date) -> None:
    if not EERSTE_JAAR <= jaar <= vandaag.year:
        raise ExtractFout(
            _("Ongeldig jaar %(jaar)s: kies een jaar van %(van)s tot en met %(tot)s.")
            % {"jaar": jaar, "van": EERSTE_JAAR, "tot": vandaag.year}
        )


# --- the files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bestand:
    naam: str
    inhoud: str  # which rows (for LEESMIJ.txt)
    kolommen: tuple[tuple[str, str], ...]  # (column, meaning)


PSEUDONIEM = ("pseudoniem", "pseudoniem van de deelnemer (64 hexadecimale tekens)")
BEGELEIDER = ("begeleider", "pseudoniem van de begeleidende organisatie")

DEELNEMERS = Bestand(
    "deelnemers.csv",
    "Eén rij per deelnemer die in een van de andere bestanden voorkomt.",
    (
        PSEUDONIEM,
        ("provincie", "provincie van de woonplaats (code)"),
        ("regio", "werk- en zorgregio van de woonplaats (code)"),
        ("netwerk", "netwerk van die regio (code)"),
        ("leeftijdsklasse_31_12", "leeftijdsklasse op 31 december van het jaar"),
        ("armoede", "1 = leeft in armoede"),
        ("arbeidsbeperking", "1 = erkende arbeidsbeperking"),
        ("kortgeschoold", "1 = kortgeschoold"),
        (
            "langdurig_werkzoekend_31_12",
            "1 = werkzoekend sinds meer dan 24 maanden vóór 31 december van het jaar",
        ),
    ),
)
ADVIEZEN = Bestand(
    "adviezen.csv",
    "Eén rij per VDAB-advies dat in het jaar liep (gegeven vóór of in het jaar, niet "
    "beëindigd vóór 1 januari).",
    (
        PSEUDONIEM,
        ("advies", "adviestype (code)"),
        ("van_maand", "maand waarin het advies gegeven werd"),
        ("tot_maand", "maand waarin het advies eindigde (leeg: loopt)"),
        (
            "geldend_31_12",
            "1 = het advies waaronder de deelnemer op 31 december telt (het laatst gegeven "
            "lopende advies)",
        ),
    ),
)
ACTIVERING = Bestand(
    "activeringstrajecten.csv",
    "Eén rij per activeringstraject dat vóór de peildatum geïnitieerd werd en niet vóór "
    "het begin van het jaar (of van de toeleidingsperiode, 1 juli 2023) eindigde.",
    (
        PSEUDONIEM,
        ("regio", "werk- en zorgregio van het traject (code)"),
        ("netwerk", "netwerk van die regio (code)"),
        ("geinitieerd_maand", "maand van de initiatie"),
        ("aanvaard_maand", "maand van het eerste gesprek (aanvaard; bepaalt het gunningsjaar)"),
        ("bezig_maand", "maand waarin het trajectplan startte (bezig)"),
        ("verlengd_tot_maand", "maand tot waar het traject verlengd werd"),
        ("afgesloten_maand", "maand van de afsluiting"),
        ("stopgezet_maand", "maand van de vervroegde stopzetting"),
        ("ingetrokken_maand", "maand van de intrekking"),
        ("status_peildatum", "status op de peildatum"),
        ("eindadvies", "eindadvies (code)"),
        ("stopreden", "reden van stopzetting (code)"),
        (
            "langdurig_werkzoekend_bij_aanvaarding",
            "1 = werkzoekend sinds meer dan 24 maanden vóór de aanvaarding",
        ),
        ("positie_0m", "arbeidsmarktpositie op de dag van afsluiting"),
        ("positie_6m", "arbeidsmarktpositie 6 maanden na afsluiting"),
    ),
)
AMA_SE = Bestand(
    "ama_se_trajecten.csv",
    "Eén rij per AMA SE-traject dat vóór de peildatum gematcht werd en niet vóór het begin "
    "van het jaar (of van de meting, 1 mei 2023) eindigde.",
    (
        PSEUDONIEM,
        BEGELEIDER,
        ("begeleider_provincie", "provincie van de vestiging van de begeleider (code)"),
        ("gematcht_maand", "maand van de matching"),
        ("afgesloten_maand", "maand van de afsluiting"),
        ("stopgezet_maand", "maand van de vervroegde stopzetting"),
        ("status_peildatum", "status op de peildatum"),
        ("eindadvies", "eindadvies (code)"),
        ("stopreden", "reden van stopzetting (code)"),
        (
            "langdurig_werkzoekend_bij_match",
            "1 = werkzoekend sinds meer dan 24 maanden vóór de matching",
        ),
        (
            "plaatsdagen_jaar",
            "dagen van het jaar waarop het traject een plaats van de begeleider bezette",
        ),
        ("positie_0m", "arbeidsmarktpositie op de dag van afsluiting"),
        ("positie_6m", "arbeidsmarktpositie 6 maanden na afsluiting"),
        ("positie_12m", "arbeidsmarktpositie 12 maanden na afsluiting"),
    ),
)
CONTINGENTEN = Bestand(
    "ama_se_contingenten.csv",
    "Eén rij per begeleider AMA SE met een contingent voor het jaar (geen persoonsgegevens).",
    (
        BEGELEIDER,
        ("begeleider_provincie", "provincie van de vestiging van de begeleider (code)"),
        ("plaatsen", "plaatsen in het contingent van het jaar (opgeteld)"),
    ),
)
AMA_WVG = Bestand(
    "ama_wvg_overeenkomsten.csv",
    "Eén rij per AMA WVG-overeenkomst die vanaf 2018 en vóór de peildatum startte en niet "
    "vóór het begin van het jaar eindigde.",
    (
        PSEUDONIEM,
        BEGELEIDER,
        ("begeleider_provincie", "provincie van de vestiging van de begeleider (code)"),
        ("begeleider_type", "organisatietype van de begeleider (code)"),
        ("start_maand", "maand van de start"),
        ("einde_maand", "maand van het einde (leeg: loopt)"),
    ),
)
LADDER = Bestand(
    "ladderplaatsingen.csv",
    "Eén rij per plaatsing op de participatieladder die vóór de peildatum startte en niet "
    "vóór het begin van het jaar eindigde.",
    (
        PSEUDONIEM,
        ("werkvorm", "werkvorm (code)"),
        ("trede", "trede van de participatieladder"),
        ("regio_wvl", "West-Vlaamse regio (code; leeg: niet toe te wijzen)"),
        ("provincie", "provincie (code)"),
        ("start_maand", "maand van de start"),
        ("einde_maand", "maand van het einde (leeg: loopt)"),
    ),
)
BESTANDEN: tuple[Bestand, ...] = (
    DEELNEMERS,
    ADVIEZEN,
    ACTIVERING,
    AMA_SE,
    CONTINGENTEN,
    AMA_WVG,
    LADDER,
)


@dataclass(frozen=True)
class Periode:
    jaar: int
    peildatum: date

    @property
    def begin(self) -> date:
        return jaarbegin(self.jaar)

    @property
    def einde(self) -> date:
        return jaareinde(self.jaar)

    def maand(self, d: date | None) -> str:
        """`JJJJ-MM`, or empty when there is no date or it lies after the peildatum."""
        if d is None or d > self.peildatum:
            return ""
        return f"{d.year:04d}-{d.month:02d}"


def _bool(waarde: bool) -> str:
    return "1" if waarde else "0"


def _langdurig(werkzoekend_sinds: date | None, op: date | None) -> str:
    """The report's rule: werkzoekend since more than 24 calendar months before `op`."""
    if op is None:
        return ""
    return _bool(
        werkzoekend_sinds is not None
        and werkzoekend_sinds < add_months(op, -LANGDURIG_WERKZOEKEND_MAANDEN)
    )


def _positie_na(maanden: int) -> Subquery:
    """The participant's position on afgesloten_op + `maanden` months (as the report's
    uitstroom measures it); positions of one participant never overlap."""
    meetdatum = (
        AddMonths(OuterRef("afgesloten_op"), maanden) if maanden else OuterRef("afgesloten_op")
    )
    return Subquery(
        Arbeidsmarktpositie.objects.filter(
            deelnemer_id=OuterRef("deelnemer_id"), van__lte=meetdatum
        )
        .filter(Q(tot__isnull=True) | Q(tot__gte=meetdatum))
        .order_by("van")
        .values("positie_id")[:1]
    )


def _meting(rij: dict[str, Any], maanden: int, p: Periode) -> str:
    """The position N months after closing, when that day is on or before the peildatum."""
    afgesloten = rij["afgesloten_op"]
    if afgesloten is None or add_months(afgesloten, maanden) > p.peildatum:
        return ""
    return rij[f"positie_{maanden}m"] or ONBEKEND


def _tot_peildatum(d: date | None, waarde: str | None, p: Periode) -> str:
    """A value that belongs to a milestone (eindadvies, stopreden): shown from its date on."""
    return (waarde or "") if d is not None and d <= p.peildatum else ""


# Populations: what each file holds for the period.


def _activeringstrajecten(p: Periode) -> QuerySet[Activeringstraject]:
    sinds = min(p.begin, TOELEIDINGSPERIODE_START)
    return Activeringstraject.objects.filter(geinitieerd_op__lte=p.peildatum).exclude(
        Q(afgesloten_op__lt=sinds) | Q(stopgezet_op__lt=sinds) | Q(ingetrokken_op__lt=sinds)
    )


def _ama_se_trajecten(p: Periode) -> QuerySet[AmaSeTraject]:
    sinds = min(p.begin, AMA_SE_METING_START)
    return AmaSeTraject.objects.filter(gematcht_op__lte=p.peildatum).exclude(
        Q(afgesloten_op__lt=sinds) | Q(stopgezet_op__lt=sinds)
    )


def _ama_wvg_overeenkomsten(p: Periode) -> QuerySet[AmaWvgOvereenkomst]:
    return AmaWvgOvereenkomst.objects.filter(
        start__gte=AMA_WVG_START, start__lte=p.peildatum
    ).exclude(einde__lt=p.begin)


def _adviezen(p: Periode) -> QuerySet[Advies]:
    return Advies.objects.filter(van__lte=p.einde).exclude(tot__lt=p.begin)


def _ladderplaatsingen(p: Periode) -> QuerySet[Ladderplaatsing]:
    return Ladderplaatsing.objects.filter(start__lte=p.peildatum).exclude(einde__lt=p.begin)


def _in(qs: QuerySet) -> Exists:
    return Exists(qs.filter(deelnemer_id=OuterRef("pk")))


def _deelnemers(p: Periode) -> QuerySet[Deelnemer]:
    return Deelnemer.objects.filter(
        _in(_adviezen(p))
        | _in(_activeringstrajecten(p))
        | _in(_ama_se_trajecten(p))
        | _in(_ama_wvg_overeenkomsten(p))
        | _in(_ladderplaatsingen(p))
    )


Rij = tuple[str, ...]


def _rijen_deelnemers(p: Periode, ps: Pseudonimiseerder) -> Iterator[Rij]:
    rijen = _deelnemers(p).values_list(
        "pk",
        "provincie_id",
        "regio_id",
        "regio__netwerk_id",
        "geboortedatum",
        "armoede",
        "arbeidsbeperking",
        "kortgeschoold",
        "werkzoekend_sinds",
    )
    for pk, prov, regio, netwerk, geboren, armoede, beperking, kort, ws in rijen.iterator(5000):
        yield (
            ps.deelnemer(pk),
            prov,
            regio,
            netwerk,
            leeftijdsklasse(geboren.year, p.jaar),
            _bool(armoede),
            _bool(beperking),
            _bool(kort),
            _langdurig(ws, p.einde),
        )


def _rijen_adviezen(p: Periode, ps: Pseudonimiseerder) -> Iterator[Rij]:
    # The advice a participant counts under on 31 December: active then, and no later one
    # (latest `van`, then highest id) also active; as `vdab_adviezen_per_provincie` counts.
    actief = Advies.objects.filter(van__lte=p.einde).filter(
        Q(tot__isnull=True) | Q(tot__gte=p.einde)
    )
    later = actief.filter(deelnemer_id=OuterRef("deelnemer_id")).filter(
        Q(van__gt=OuterRef("van")) | Q(van=OuterRef("van"), id__gt=OuterRef("id"))
    )
    rijen = (
        _adviezen(p)
        .annotate(later=Exists(later))
        .values_list("deelnemer_id", "advies_id", "van", "tot", "later")
    )
    for deelnemer_id, advies, van, tot, later_actief in rijen.iterator(5000):
        geldend = (tot is None or tot >= p.einde) and not later_actief
        yield (ps.deelnemer(deelnemer_id), advies, p.maand(van), p.maand(tot), _bool(geldend))


def _rijen_activering(p: Periode, ps: Pseudonimiseerder) -> Iterator[Rij]:
    rijen = (
        _activeringstrajecten(p)
        .annotate(
            netwerk=F("regio__netwerk_id"),
            werkzoekend_sinds=F("deelnemer__werkzoekend_sinds"),
            positie_0m=_positie_na(0),
            positie_6m=_positie_na(6),
        )
        .values(
            "deelnemer_id",
            "regio_id",
            "netwerk",
            *rules.ACTIVERING_DATUMVELDEN,
            "eindadvies_id",
            "stopreden_id",
            "werkzoekend_sinds",
            "positie_0m",
            "positie_6m",
        )
    )
    for r in rijen.iterator(5000):
        status = rules.activering_status(SimpleNamespace(**r), p.peildatum)
        aanvaard = r["aanvaard_op"] if p.maand(r["aanvaard_op"]) else None
        yield (
            ps.deelnemer(r["deelnemer_id"]),
            r["regio_id"],
            r["netwerk"],
            p.maand(r["geinitieerd_op"]),
            p.maand(r["aanvaard_op"]),
            p.maand(r["bezig_op"]),
            # A planned end, not a milestone: shown once the extension exists (bezig).
            f"{r['verlengd_tot']:%Y-%m}" if r["verlengd_tot"] and p.maand(r["bezig_op"]) else "",
            p.maand(r["afgesloten_op"]),
            p.maand(r["stopgezet_op"]),
            p.maand(r["ingetrokken_op"]),
            status.value if status else "",
            _tot_peildatum(r["afgesloten_op"], r["eindadvies_id"], p),
            _tot_peildatum(r["stopgezet_op"], r["stopreden_id"], p),
            _langdurig(r["werkzoekend_sinds"], aanvaard),
            _meting(r, 0, p),
            _meting(r, 6, p),
        )


def _plaatsdagen(gematcht: date, einde: date | None, p: Periode) -> int:
    """Days of the year the trajectory held a place: gematcht_op to its end (open: 31
    December), both included, clamped to the year (counting rules section 6)."""
    van = max(gematcht, p.begin)
    tot = min(einde or p.einde, p.einde)
    return max((tot - van).days + 1, 0)


def _rijen_ama_se(p: Periode, ps: Pseudonimiseerder) -> Iterator[Rij]:
    rijen = (
        _ama_se_trajecten(p)
        .annotate(
            begeleider_provincie=F("begeleider__provincie_id"),
            werkzoekend_sinds=F("deelnemer__werkzoekend_sinds"),
            positie_0m=_positie_na(0),
            positie_6m=_positie_na(6),
            positie_12m=_positie_na(12),
        )
        .values(
            "deelnemer_id",
            "begeleider_id",
            "begeleider_provincie",
            "gematcht_op",
            "afgesloten_op",
            "stopgezet_op",
            "eindadvies_id",
            "stopreden_id",
            "werkzoekend_sinds",
            "positie_0m",
            "positie_6m",
            "positie_12m",
        )
    )
    for r in rijen.iterator(5000):
        status = rules.ama_se_status(SimpleNamespace(**r), p.peildatum)
        yield (
            ps.deelnemer(r["deelnemer_id"]),
            ps.organisatie(r["begeleider_id"]),
            r["begeleider_provincie"],
            p.maand(r["gematcht_op"]),
            p.maand(r["afgesloten_op"]),
            p.maand(r["stopgezet_op"]),
            status.value if status else "",
            _tot_peildatum(r["afgesloten_op"], r["eindadvies_id"], p),
            _tot_peildatum(r["stopgezet_op"], r["stopreden_id"], p),
            _langdurig(r["werkzoekend_sinds"], r["gematcht_op"]),
            str(_plaatsdagen(r["gematcht_op"], r["afgesloten_op"] or r["stopgezet_op"], p)),
            _meting(r, 0, p),
            _meting(r, 6, p),
            _meting(r, 12, p),
        )


def _rijen_contingenten(p: Periode, ps: Pseudonimiseerder) -> Iterator[Rij]:
    rijen = (
        Contingent.objects.filter(jaar=p.jaar)
        .values("organisatie_id", "organisatie__provincie_id")
        .annotate(plaatsen=Sum("plaatsen"))
        .order_by()
    )
    for r in rijen:
        yield (
            ps.organisatie(r["organisatie_id"]),
            r["organisatie__provincie_id"],
            str(r["plaatsen"]),
        )


def _rijen_ama_wvg(p: Periode, ps: Pseudonimiseerder) -> Iterator[Rij]:
    rijen = _ama_wvg_overeenkomsten(p).values_list(
        "deelnemer_id",
        "begeleider_id",
        "begeleider__provincie_id",
        "begeleider__type_id",
        "start",
        "einde",
    )
    for deelnemer_id, begeleider_id, provincie, type_, start, einde in rijen.iterator(5000):
        yield (
            ps.deelnemer(deelnemer_id),
            ps.organisatie(begeleider_id),
            provincie,
            type_,
            p.maand(start),
            p.maand(einde),
        )


def _rijen_ladder(p: Periode, ps: Pseudonimiseerder) -> Iterator[Rij]:
    rijen = _ladderplaatsingen(p).values_list(
        "deelnemer_id",
        "werkvorm_id",
        "werkvorm__trede_id",
        "regio_wvl_id",
        "provincie_id",
        "start",
        "einde",
    )
    for deelnemer_id, werkvorm, trede, regio_wvl, provincie, start, einde in rijen.iterator(5000):
        yield (
            ps.deelnemer(deelnemer_id),
            werkvorm,
            str(trede),
            regio_wvl or "",
            provincie,
            p.maand(start),
            p.maand(einde),
        )


RIJEN: dict[str, Callable[[Periode, Pseudonimiseerder], Iterator[Rij]]] = {
    DEELNEMERS.naam: _rijen_deelnemers,
    ADVIEZEN.naam: _rijen_adviezen,
    ACTIVERING.naam: _rijen_activering,
    AMA_SE.naam: _rijen_ama_se,
    CONTINGENTEN.naam: _rijen_contingenten,
    AMA_WVG.naam: _rijen_ama_wvg,
    LADDER.naam: _rijen_ladder,
}


# --- writing -----------------------------------------------------------------------------


def _cel(waarde: str | None) -> str:
    tekst = "" if waarde is None else str(waarde)
    if "\n" in tekst or "\r" in tekst:  # codes never hold one; a row is one line (sorting)
        raise ValueError("regeleinde in een cel van het onderzoeksextract")
    return tekst


def _csv_regel(waarden: Iterable[str | None]) -> str:
    tekst = io.StringIO()
    csv_schrijver(tekst, delimiter=";", lineterminator="\r\n").writerow([_cel(w) for w in waarden])
    return tekst.getvalue()


def schrijf_csv(pad: Path, bestand: Bestand, rijen: Iterable[Rij]) -> int:
    """One `;`-separated UTF-8 (BOM) file with CRLF, as the project's other CSV exports; the
    rows sorted by their first column (a pseudonym) in bounded memory: spread over 16
    buckets by the first hex digit, each sorted on its own. Returns the number of rows."""
    aantal = 0
    with tempfile.TemporaryDirectory(prefix="extract-") as tmp:
        emmers: dict[str, IO[str]] = {}
        try:
            for rij in rijen:
                regel = _csv_regel(rij)
                sleutel = regel[:1]
                if sleutel not in emmers:
                    emmers[sleutel] = open(  # noqa: SIM115 - closed in the finally below
                        Path(tmp) / f"{ord(sleutel):x}", "w", encoding="utf-8", newline=""
                    )
                emmers[sleutel].write(regel)
                aantal += 1
        finally:
            for f in emmers.values():
                f.close()
        with pad.open("w", encoding="utf-8", newline="") as uit:
            uit.write("\ufeff")
            uit.write(_csv_regel(k for k, _uitleg in bestand.kolommen))
            for sleutel in sorted(emmers):
                with open(Path(tmp) / f"{ord(sleutel):x}", encoding="utf-8", newline="") as f:
                    tekst = f.read()
                regels = tekst.split("\r\n")[:-1]
                regels.sort()
                uit.writelines(r + "\r\n" for r in regels)
    return aantal


def _sha256(pad: Path) -> str:
    h = hashlib.sha256()
    with pad.open("rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def _leesmij(doel: Onderzoeksdoel, p: Periode, rijen: dict[str, int]) -> str:
    regels = [
        _("Onderzoeksextract Werkzorg — gepseudonimiseerde gegevens"),
        "",
        _("Doel: %(code)s — %(naam)s") % {"code": doel.code, "naam": doel.naam},
        _("Ontvanger: %(o)s") % {"o": doel.ontvanger},
        _("Waarom: %(w)s") % {"w": " ".join(doel.omschrijving.split())},
        _("Jaar: %(j)s; peildatum %(p)s") % {"j": p.jaar, "p": p.peildatum.isoformat()},
        _("Telregels: %(v)s; extract: %(e)s") % {"v": REGELS_VERSIE, "e": EXTRACT_VERSIE},
        "",
        _(
            "Dit zijn gepseudonimiseerde persoonsgegevens (AVG overweging 26): enkel voor het "
            "doel hierboven gebruiken, niet proberen personen te herkennen, niet koppelen met "
            "andere bronnen, niet doorgeven."
        ),
        _(
            "Pseudoniem: HMAC-SHA256 met een sleutel per doel. Dezelfde deelnemer heeft voor dit "
            "doel elk jaar hetzelfde pseudoniem, voor een ander doel een ander. De sleutel zit "
            "niet in het extract."
        ),
        _(
            "Niet in het extract: naam, INSZ, geboortedatum, adres en contactgegevens, "
            "dossier- en traject-id's, vrije tekst (notities, verslagen, motiveringen, "
            "werkposten) en de Zorg-notities."
        ),
        _(
            "Data staan als maand (JJJJ-MM); een mijlpaal na de peildatum is leeg. De "
            "leeftijd staat als klasse op 31 december. Alle referentiedata van de Mededeling "
            "zijn maandgrenzen, zodat haar populaties en statussen exact uit de maanden volgen; "
            "wat een dag nodig heeft, staat als afgeleid gegeven in het extract."
        ),
        _(
            "CSV: scheidingsteken ‘;’, UTF-8 met BOM, regels gesorteerd op pseudoniem; 1 = ja, 0 = nee."
        ),
        "",
    ]
    for bestand in BESTANDEN:
        regels.append(f"{bestand.naam} ({rijen[bestand.naam]} " + _("rijen") + ")")
        regels.append("  " + bestand.inhoud)
        regels.extend(f"  - {kolom}: {uitleg}" for kolom, uitleg in bestand.kolommen)
        regels.append("")
    return "\r\n".join(regels)


@dataclass(frozen=True)
class ExtractResultaat:
    levering: ExtractLevering
    peildatum: date
    rijen: dict[str, int]
    bestanden: tuple[Path, ...]


def schrijf_extract(
    *,
    doel_code: str,
    jaar: int,
    map: Path,
    door: User | None = None,
    kanaal: str = Kanaal.COMMANDO,
    vandaag: date | None = None,
) -> ExtractResultaat:
    """Write the research extract of `jaar` for the purpose `doel_code` into `map`.

    Refuses (`ExtractFout`, Dutch) an unknown or inactive purpose and a year outside
    2000..this year, before anything is written. Records an `ExtractLevering` (who, purpose,
    year, rows per file) and logs one line without personal data.
    """
    vandaag = vandaag or timezone.localdate()
    doel = doel_voor_extract(doel_code)
    controleer_jaar(jaar, vandaag)
    p = Periode(jaar, standaard_peildatum(jaar))
    ps = Pseudonimiseerder(doel.code)
    map.mkdir(parents=True, exist_ok=True)
    rijen: dict[str, int] = {}
    paden: list[Path] = []
    for bestand in BESTANDEN:
        pad = map / bestand.naam
        rijen[bestand.naam] = schrijf_csv(pad, bestand, RIJEN[bestand.naam](p, ps))
        paden.append(pad)
    leesmij = map / "LEESMIJ.txt"
    leesmij.write_text("\ufeff" + _leesmij(doel, p, rijen), encoding="utf-8", newline="")
    manifest = {
        "extract_versie": EXTRACT_VERSIE,
        "doel": doel.code,
        "doel_naam": doel.naam,
        "ontvanger": doel.ontvanger,
        "jaar": jaar,
        "peildatum": p.peildatum.isoformat(),
        "regels_versie": REGELS_VERSIE,
        "aangemaakt_op": vandaag.isoformat(),
        "pseudoniem": "HMAC-SHA256, sleutel per doel (niet meegeleverd)",
        "ontwikkelsleutel": gebruikt_ontwikkelsleutel(),
        "bestanden": {
            pad.name: {"rijen": rijen[pad.name], "sha256": _sha256(pad)} for pad in paden
        },
    }
    manifest_pad = map / "manifest.json"
    manifest_pad.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    levering = ExtractLevering.objects.create(
        doel=doel,
        jaar=jaar,
        door=door if getattr(door, "pk", None) else None,
        door_naam=getattr(door, "username", "") or "",
        kanaal=kanaal,
        rijen=rijen,
        regels_versie=REGELS_VERSIE,
    )
    logger.info(
        "onderzoeksextract gemaakt: levering=%s doel=%s jaar=%s rijen=%s gebruiker=%s",
        levering.pk,
        doel.code,
        jaar,
        sum(rijen.values()),
        getattr(door, "pk", None),
    )
    return ExtractResultaat(levering, p.peildatum, rijen, (*paden, leesmij, manifest_pad))


def zip_naam(doel_code: str, jaar: int) -> str:
    return f"onderzoeksextract-{doel_code}-{jaar}.zip"


def extract_zip(
    *, doel_code: str, jaar: int, door: User | None = None, kanaal: str = Kanaal.WEB
) -> tuple[ExtractResultaat, IO[bytes]]:
    """The extract as a ZIP in a temporary file (rewound; deleted when closed)."""
    with tempfile.TemporaryDirectory(prefix="extract-") as tmp:
        map = Path(tmp) / "extract"
        resultaat = schrijf_extract(
            doel_code=doel_code, jaar=jaar, map=map, door=door, kanaal=kanaal
        )
        uit = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller (FileResponse)
        try:
            with zipfile.ZipFile(uit, "w", compression=zipfile.ZIP_DEFLATED) as archief:
                for pad in resultaat.bestanden:
                    archief.write(pad, pad.name)
        except BaseException:
            uit.close()
            raise
        uit.seek(0)
    return resultaat, uit
