"""The rules of the trajectories, in one place.

Pure functions over objects with the model's attribute names (a model instance, saved or not,
or any object with those attributes). The services, the web forms, the API and the bundle import
all call these; the database constraints in `models.py` guard the same invariants once more.
Every message is Dutch, because it is shown to the user as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from referentie.models import Eindadvies
from werkzorg.domein.datums import add_months, overlaps
from werkzorg.domein.fouten import Fout, Geweigerd  # noqa: F401 - re-exported for rules.Geweigerd
from werkzorg.formats import datum as toon_datum

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_DUUR_MAANDEN = 18
MAX_VERLENGING_MAANDEN = 6
MAX_STAGE_MAANDEN = 6
WVG_EEN_BEGELEIDER_VANAF = date(2024, 1, 1)


class Status(models.TextChoices):
    GEINITIEERD = "geinitieerd", _("Geïnitieerd")
    AANVAARD = "aanvaard", _("Aanvaard")
    BEZIG = "bezig", _("Bezig")
    AFGESLOTEN = "afgesloten", _("Afgesloten")
    VERVROEGD_STOPGEZET = "vervroegd-stopgezet", _("Vervroegd stopgezet")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


EINDSTATUSSEN = {Status.AFGESLOTEN, Status.VERVROEGD_STOPGEZET, Status.INGETROKKEN}

# Milestone date field per status, in the order the status is derived (last milestone wins).
ACTIVERING_MIJLPALEN: list[tuple[str, Status]] = [
    ("afgesloten_op", Status.AFGESLOTEN),
    ("stopgezet_op", Status.VERVROEGD_STOPGEZET),
    ("ingetrokken_op", Status.INGETROKKEN),
    ("bezig_op", Status.BEZIG),
    ("aanvaard_op", Status.AANVAARD),
    ("geinitieerd_op", Status.GEINITIEERD),
]

#: The date fields of an activeringstraject, in the order of its life (the milestones and the
#: extension): what the research extract exports and what retention counts as activity.
ACTIVERING_DATUMVELDEN: tuple[str, ...] = (
    "geinitieerd_op",
    "aanvaard_op",
    "bezig_op",
    "verlengd_tot",
    "afgesloten_op",
    "stopgezet_op",
    "ingetrokken_op",
)


@dataclass(frozen=True)
class Stap:
    """A status step: from which statuses it may be taken and which fields it fills."""

    naam: str
    label: StrOrPromise
    van: frozenset[Status]
    naar: Status | None
    velden: tuple[str, ...]


# The allowed-transition table of an activeringstraject. `naar=None`: the status stays.
ACTIVERING_STAPPEN: dict[str, Stap] = {
    s.naam: s
    for s in [
        Stap(
            "aanvaarden",
            _("Eerste gesprek: aanvaard"),
            frozenset({Status.GEINITIEERD}),
            Status.AANVAARD,
            ("aanvaard_op",),
        ),
        Stap(
            "intrekken",
            _("Intrekken"),
            frozenset({Status.GEINITIEERD}),
            Status.INGETROKKEN,
            ("ingetrokken_op",),
        ),
        Stap(
            "starten",
            _("Trajectplan opgemaakt: bezig"),
            frozenset({Status.AANVAARD}),
            Status.BEZIG,
            ("bezig_op",),
        ),
        Stap(
            "verlengen",
            _("Verlenging aanvragen"),
            frozenset({Status.BEZIG}),
            None,
            ("verlengd_tot",),
        ),
        Stap(
            "afsluiten",
            _("Afsluiten met eindadvies"),
            frozenset({Status.BEZIG}),
            Status.AFGESLOTEN,
            ("afgesloten_op", "eindadvies"),
        ),
        Stap(
            "stopzetten",
            _("Vervroegd stopzetten"),
            frozenset({Status.AANVAARD, Status.BEZIG}),
            Status.VERVROEGD_STOPGEZET,
            ("stopgezet_op", "stopreden"),
        ),
    ]
}

AMA_SE_STAPPEN: dict[str, Stap] = {
    s.naam: s
    for s in [
        Stap(
            "afsluiten",
            _("Afsluiten met eindadvies"),
            frozenset({Status.BEZIG}),
            Status.AFGESLOTEN,
            ("afgesloten_op", "eindadvies"),
        ),
        Stap(
            "stopzetten",
            _("Vervroegd stopzetten"),
            frozenset({Status.BEZIG}),
            Status.VERVROEGD_STOPGEZET,
            ("stopgezet_op", "stopreden"),
        ),
    ]
}


def _code(value: Any) -> str | None:
    """A foreign key given as instance or as code."""
    if value is None or value == "":
        return None
    return getattr(value, "code", value)


# --- activeringstraject -------------------------------------------------------------------


def activering_status(t: Any, op: date | None = None) -> Status | None:
    """Status on `op` (default: the last milestone, whatever its date)."""
    for veld, status in ACTIVERING_MIJLPALEN:
        d = getattr(t, veld)
        if d is not None and (op is None or d <= op):
            return status
    return None


def activering_einddatum(t: Any) -> date | None:
    """End of the trajectory's term: the extension, else bezig_op + 18 months."""
    if t.bezig_op is None:
        return None
    return t.verlengd_tot or add_months(t.bezig_op, MAX_DUUR_MAANDEN)


def activering_is_overdue(t: Any, op: date) -> bool:
    """Still bezig past its end date: a warning to the casemanagers, never an error."""
    einde = activering_einddatum(t)
    return activering_status(t, op) == Status.BEZIG and einde is not None and op > einde


def activering_fouten(t: Any, *, eindadviezen: Iterable[str] | None = None) -> list[Fout]:
    """Every rule an activeringstraject's milestones break (empty list = valid).

    `eindadviezen`: the codes allowed for an activeringstraject (default: from the reference
    table).
    """
    fouten: list[Fout] = []
    g, a, b = t.geinitieerd_op, t.aanvaard_op, t.bezig_op
    af, st, ing, verl = t.afgesloten_op, t.stopgezet_op, t.ingetrokken_op, t.verlengd_tot
    if g is None:
        fouten.append(
            Fout("geinitieerd_op", "De datum van toeleiding (geïnitieerd op) is verplicht.")
        )
        return fouten
    if a is not None and a < g:
        fouten.append(Fout("aanvaard_op", "Aanvaard op ligt vóór geïnitieerd op."))
    if b is not None:
        if a is None:
            fouten.append(
                Fout("bezig_op", "Bezig kan pas na het eerste gesprek (aanvaard op ontbreekt).")
            )
        elif b < a:
            fouten.append(Fout("bezig_op", "Bezig op ligt vóór aanvaard op."))
    if af is not None and st is not None:
        fouten.append(
            Fout("stopgezet_op", "Een traject is afgesloten óf vervroegd stopgezet, niet beide.")
        )
    if af is not None:
        if b is None:
            fouten.append(
                Fout(
                    "afgesloten_op",
                    "Afsluiten kan pas als het traject bezig is (bezig op ontbreekt).",
                )
            )
        elif af < b:
            fouten.append(Fout("afgesloten_op", "Afgesloten op ligt vóór bezig op."))
        advies = _code(getattr(t, "eindadvies_id", None))
        if advies is None:
            fouten.append(Fout("eindadvies", "Een eindadvies is verplicht bij het afsluiten."))
        else:
            toegelaten = (
                set(eindadviezen)
                if eindadviezen is not None
                else toegelaten_eindadviezen("activering")
            )
            if advies not in toegelaten:
                fouten.append(
                    Fout(
                        "eindadvies",
                        f"Eindadvies {advies} is niet toegelaten voor een activeringstraject.",
                    )
                )
    elif _code(getattr(t, "eindadvies_id", None)) is not None:
        fouten.append(Fout("eindadvies", "Een eindadvies hoort enkel bij een afgesloten traject."))
    if st is not None:
        if a is None:
            fouten.append(
                Fout(
                    "stopgezet_op",
                    "Vóór het eerste gesprek wordt een traject ingetrokken, niet stopgezet.",
                )
            )
        elif st < a:
            fouten.append(Fout("stopgezet_op", "Stopgezet op ligt vóór aanvaard op."))
        if _code(getattr(t, "stopreden_id", None)) is None:
            fouten.append(
                Fout("stopreden", "Een stopreden is verplicht bij een vervroegde stopzetting.")
            )
    elif _code(getattr(t, "stopreden_id", None)) is not None:
        fouten.append(Fout("stopreden", "Een stopreden hoort enkel bij een stopgezet traject."))
    if ing is not None:
        if ing < g:
            fouten.append(Fout("ingetrokken_op", "Ingetrokken op ligt vóór geïnitieerd op."))
        if any(x is not None for x in (a, b, af, st)):
            fouten.append(
                Fout(
                    "ingetrokken_op",
                    "Een ingetrokken traject heeft geen eerste gesprek of latere mijlpaal.",
                )
            )
    if verl is not None:
        if b is None:
            fouten.append(Fout("verlengd_tot", "Verlengen kan pas als het traject bezig is."))
        else:
            grens = add_months(b, MAX_DUUR_MAANDEN)
            if not (grens < verl <= add_months(grens, MAX_VERLENGING_MAANDEN)):
                fouten.append(
                    Fout(
                        "verlengd_tot",
                        f"De verlenging moet na {toon_datum(grens)} (18 maanden) en ten laatste op "
                        f"{toon_datum(add_months(grens, MAX_VERLENGING_MAANDEN))} (6 maanden extra) eindigen.",
                    )
                )
    return fouten


def activering_einde(t: Any) -> date | None:
    """The day a trajectory stopped running: closed, stopped early or withdrawn (None: open)."""
    return t.afgesloten_op or t.stopgezet_op or t.ingetrokken_op


def lopend_traject_fouten(nieuw: Any, andere: Iterable[Any]) -> list[Fout]:
    """A participant has one activeringstraject at a time (decision 183).

    `nieuw` conflicts with another trajectory of the same participant whose run (from
    `geinitieerd_op` up to, not including, the day it ended) overlaps its own: a trajectory
    may start on the day the previous one ended, never while it still runs.
    """
    fouten = []
    g, e = nieuw.geinitieerd_op, activering_einde(nieuw)
    if g is None:
        return []
    for o in andere:
        if o.id == nieuw.id or o.geinitieerd_op is None:
            continue
        oe = activering_einde(o)
        if (oe is None or g < oe) and (e is None or o.geinitieerd_op < e):
            fouten.append(
                Fout(
                    "geinitieerd_op",
                    f"De deelnemer heeft al een lopend activeringstraject ({o.id}, toegeleid op "
                    f"{o.geinitieerd_op:%d/%m/%Y}): een nieuw traject kan pas starten als dat "
                    "afgesloten, stopgezet of ingetrokken is.",
                )
            )
    return fouten


def toegelaten_eindadviezen(soort: str) -> set[str]:
    """Codes of the eindadviezen allowed for 'activering' or 'ama-se' (reference data)."""
    veld = {"activering": "voor_activering", "ama-se": "voor_ama_se"}[soort]
    return set(Eindadvies.objects.filter(**{veld: True}).values_list("code", flat=True))


def plan_fouten_bij_afsluiten(aantal_stages: int) -> list[Fout]:
    """A plan needs at least one werkervaringsstage before closing with an eindadvies."""
    if aantal_stages < 1:
        return [
            Fout(
                "eindadvies",
                "Het trajectplan bevat nog geen werkervaringsstage: afsluiten met een eindadvies kan pas daarna.",
            )
        ]
    return []


def stage_fouten(start: date | None, einde: date | None) -> list[Fout]:
    """A werkervaringsstage lasts at most 6 months."""
    if start is None or einde is None:
        return [
            Fout(
                "start" if start is None else "einde", "Start en einde van de stage zijn verplicht."
            )
        ]
    if einde < start:
        return [Fout("einde", "Het einde van de stage ligt vóór de start.")]
    if einde > add_months(start, MAX_STAGE_MAANDEN):
        return [Fout("einde", "Een werkervaringsstage duurt ten hoogste 6 maanden.")]
    return []


def verlenging_fouten(t: Any) -> list[Fout]:
    """A trajectory gets one extension: refused once `verlengd_tot` is set.

    The window itself (after 18 months, at most 6 more) is checked by `activering_fouten`.
    """
    if t.verlengd_tot is not None:
        return [
            Fout(
                "verlengd_tot",
                f"Het traject werd al verlengd tot {toon_datum(t.verlengd_tot)}: "
                "er is maar één verlenging mogelijk.",
            )
        ]
    return []


def stap_voorwaarden_fouten(stap: str, t: Any, *, aantal_stages: int) -> list[Fout]:
    """What an activeringstraject needs before `stap`, whatever the user enters with it.

    Beside the allowed-transition table: one extension only, and a werkervaringsstage in the
    plan before closing with an eindadvies.
    """
    if stap == "verlengen":
        return verlenging_fouten(t)
    if stap == "afsluiten":
        return plan_fouten_bij_afsluiten(aantal_stages)
    return []


def stap_status_fouten(stap: Stap, status: Status | None) -> list[Fout]:
    """The allowed-transition table: `stap` may be taken from a status in `stap.van`."""
    if status in stap.van:
        return []
    label = Status(status).label if status else "onbekend"
    return [
        Fout(
            "stap",
            f"De stap “{stap.label}” is niet toegelaten voor een traject met status {label}.",
        )
    ]


def stap_beschikbaar_fouten(
    stap: Stap, t: Any, *, op: date, aantal_stages: int = 0, status: Any = None
) -> list[Fout]:
    """Why `stap` cannot be taken on `op` (empty: it can): the buttons and the step page.

    The status on `op` and that of the last milestone must both allow the step, and the
    trajectory must meet the step's conditions (`stap_voorwaarden_fouten`). `status` is the
    kind's status function (default: `activering_status`).
    """
    status = status or activering_status
    fouten = stap_status_fouten(stap, status(t)) or stap_status_fouten(stap, status(t, op))
    if fouten:
        return fouten
    if status is activering_status:
        return stap_voorwaarden_fouten(stap.naam, t, aantal_stages=aantal_stages)
    return []


def mijlpaal_datum_fouten(veld: str, datum: date, vandaag: date) -> list[Fout]:
    """A milestone records what happened: its date is not in the future."""
    if datum > vandaag:
        return [Fout(veld, f"De datum {toon_datum(datum)} ligt in de toekomst.")]
    return []


# --- trajectplan --------------------------------------------------------------------------

# The plan is drawn up after the first interview and kept while the trajectory runs.
PLAN_WIJZIGBAAR: frozenset[Status] = frozenset({Status.AANVAARD, Status.BEZIG})

# Allowed status steps of an action of the plan, and the date field each status fills.
ACTIE_OVERGANGEN: dict[str, frozenset[str]] = {
    "gepland": frozenset({"gestart"}),
    "gestart": frozenset({"afgerond"}),
    "afgerond": frozenset(),
}
ACTIE_DATUMVELD: dict[str, str] = {
    "gepland": "gepland_op",
    "gestart": "gestart_op",
    "afgerond": "afgerond_op",
}


def plan_wijzigbaar_fouten(status: Status | None) -> list[Fout]:
    """The trajectplan changes only while the trajectory is aanvaard or bezig."""
    if status in PLAN_WIJZIGBAAR:
        return []
    label = Status(status).label if status else "onbekend"
    return [
        Fout(
            "traject",
            f"Het trajectplan kan enkel gewijzigd worden als het traject aanvaard of bezig is "
            f"(status: {label}).",
        )
    ]


def actie_overgang_fouten(van: str, naar: str) -> list[Fout]:
    """An action goes gepland -> gestart -> afgerond, one step at a time."""
    if naar in ACTIE_OVERGANGEN.get(van, frozenset()):
        return []
    return [Fout("status", f"Een actie met status {van} kan niet naar status {naar}.")]


def actie_fouten(a: Any) -> list[Fout]:
    """An action is finished on or after the day it started."""
    if a.gestart_op is not None and a.afgerond_op is not None and a.afgerond_op < a.gestart_op:
        return [Fout("datum", "Afgerond op ligt vóór gestart op.")]
    return []


# --- AMA SE -------------------------------------------------------------------------------


# Milestones of an AMA SE traject, in the order its status is derived (last milestone wins).
AMA_SE_MIJLPALEN: list[tuple[str, Status]] = [
    ("afgesloten_op", Status.AFGESLOTEN),
    ("stopgezet_op", Status.VERVROEGD_STOPGEZET),
    ("gematcht_op", Status.BEZIG),
]


def ama_se_status(t: Any, op: date | None = None) -> Status | None:
    """AMA SE: bezig from the match, then afgesloten or vervroegd-stopgezet."""
    for veld, status in AMA_SE_MIJLPALEN:
        d = getattr(t, veld)
        if d is not None and (op is None or d <= op):
            return status
    return None


def ama_se_fouten(t: Any, *, eindadviezen: Iterable[str] | None = None) -> list[Fout]:
    fouten: list[Fout] = []
    m, af, st = t.gematcht_op, t.afgesloten_op, t.stopgezet_op
    if m is None:
        return [Fout("gematcht_op", "De datum van de matching is verplicht.")]
    if af is not None and st is not None:
        fouten.append(
            Fout("stopgezet_op", "Een traject is afgesloten óf vervroegd stopgezet, niet beide.")
        )
    if af is not None:
        if af < m:
            fouten.append(Fout("afgesloten_op", "Afgesloten op ligt vóór de matching."))
        advies = _code(getattr(t, "eindadvies_id", None))
        if advies is None:
            fouten.append(Fout("eindadvies", "Een eindadvies is verplicht bij het afsluiten."))
        else:
            toegelaten = (
                set(eindadviezen) if eindadviezen is not None else toegelaten_eindadviezen("ama-se")
            )
            if advies not in toegelaten:
                fouten.append(
                    Fout(
                        "eindadvies",
                        f"Eindadvies {advies} is niet toegelaten voor een AMA SE-traject.",
                    )
                )
    elif _code(getattr(t, "eindadvies_id", None)) is not None:
        fouten.append(Fout("eindadvies", "Een eindadvies hoort enkel bij een afgesloten traject."))
    if st is not None:
        if st < m:
            fouten.append(Fout("stopgezet_op", "Stopgezet op ligt vóór de matching."))
        if _code(getattr(t, "stopreden_id", None)) is None:
            fouten.append(
                Fout("stopreden", "Een stopreden is verplicht bij een vervroegde stopzetting.")
            )
    elif _code(getattr(t, "stopreden_id", None)) is not None:
        fouten.append(Fout("stopreden", "Een stopreden hoort enkel bij een stopgezet traject."))
    return fouten


def ama_se_volgende_opvolging(gematcht_op: date, momenten: Iterable[date]) -> date:
    """When the next follow-up is due: within a month of matching, then every 3 months."""
    laatste = max((d for d in momenten if d >= gematcht_op), default=None)
    if laatste is None:
        return add_months(gematcht_op, 1)
    return add_months(laatste, 3)


def ama_se_volgende_beslissing(gematcht_op: date, beslissingen: Iterable[date]) -> date:
    """The yearly decision moment: a year after the match or the last decision."""
    laatste = max((d for d in beslissingen if d >= gematcht_op), default=gematcht_op)
    return add_months(laatste, 12)


def ama_se_moment_fouten(t: Any, datum: date) -> list[Fout]:
    """A follow-up or decision moment falls while the trajectory runs (match .. end)."""
    if datum < t.gematcht_op:
        return [Fout("datum", "Het moment ligt vóór de matching.")]
    einde = t.afgesloten_op or t.stopgezet_op
    if einde is not None and datum > einde:
        return [Fout("datum", f"Het traject liep af op {toon_datum(einde)}: het moment ligt erna.")]
    return []


# --- AMA WVG ------------------------------------------------------------------------------


def wvg_volgende_evaluatie(start: date, evaluaties: Iterable[date]) -> date:
    """The yearly evaluation: a year after the start or the last evaluation."""
    laatste = max((d for d in evaluaties if d >= start), default=start)
    return add_months(laatste, 12)


def wvg_begeleider_fouten(nieuw: Any, andere: Iterable[Any]) -> list[Fout]:
    """Since 2024-01-01 a participant has one recognised begeleider at a time.

    `nieuw` conflicts with an agreement in `andere` of the same participant with another
    begeleider when the periods overlap and the later of the two starts on or after 2024-01-01.
    Several agreements (one per werkpost) with the same begeleider are allowed.
    """
    fouten = []
    for o in andere:
        if o.id == nieuw.id or o.begeleider_id == nieuw.begeleider_id:
            continue
        if max(o.start, nieuw.start) < WVG_EEN_BEGELEIDER_VANAF:
            continue
        if overlaps(o.start, o.einde, nieuw.start, nieuw.einde):
            fouten.append(
                Fout(
                    "begeleider",
                    f"De deelnemer heeft al een lopende overeenkomst ({o.id}) bij een andere begeleider: "
                    "sinds 1/01/2024 begeleidt één erkende begeleider een deelnemer tegelijk.",
                )
            )
    return fouten


WVG_LOPEND = "lopend"
WVG_BEEINDIGD = "beeindigd"


def wvg_status(o: Any, op: date | None = None) -> str | None:
    """`lopend` from the start, `beeindigd` after the end day (default: the last milestone)."""
    if o.einde is not None and (op is None or o.einde < op):
        return WVG_BEEINDIGD
    if o.start is not None and (op is None or o.start <= op):
        return WVG_LOPEND
    return None


def wvg_fouten(o: Any) -> list[Fout]:
    """An agreement ends on or after its start."""
    if o.start is None:
        return [Fout("start", "De start van de overeenkomst is verplicht.")]
    if o.einde is not None and o.einde < o.start:
        return [Fout("einde", "Het einde van de overeenkomst ligt vóór de start.")]
    return []


def wvg_evaluatie_fouten(o: Any, datum: date, verslag: str | None = None) -> list[Fout]:
    """An evaluation falls within the agreement (start .. einde) and says what was evaluated.

    `verslag` None: not checked (a caller that only checks the date).
    """
    fouten = []
    if datum < o.start:
        fouten.append(Fout("datum", "De evaluatie ligt vóór de start van de overeenkomst."))
    elif o.einde is not None and datum > o.einde:
        fouten.append(
            Fout(
                "datum",
                f"De overeenkomst eindigde op {toon_datum(o.einde)}: de evaluatie ligt erna.",
            )
        )
    if verslag is not None and not verslag.strip():
        fouten.append(
            Fout(
                "verslag",
                "Het verslag van de evaluatie is verplicht: beschrijf wat geëvalueerd werd.",
            )
        )
    return fouten
