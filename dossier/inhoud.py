"""What a dossier holds: every table with a row of the participant, the change history and the
read log — for the subject-access and portability export (GDPR art. 15 and 20) and the merge.

`TABELLEN` is the one list of the tables that hold a participant's data and the path from each
to the participant. `tests/dossier/test_inzage.py` introspects `apps.get_models()` and fails when
a model with a foreign-key chain to `Deelnemer` is missing here (the change-history event tables
are covered by `geschiedenis_van`).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from audit.models import DossierInzage, Kanaal
from deelnemers.geschiedenis import geschiedenis_van
from dossier.models import SamengevoegdDossier
from werkzorg.domein.tabelbestanden import csv_schrijver

if TYPE_CHECKING:
    from accounts.models import User

#: label -> the lookup from that model to the participant's id.
TABELLEN: dict[str, str] = {
    "deelnemers.Deelnemer": "pk",
    "deelnemers.Advies": "deelnemer_id",
    "deelnemers.Arbeidsmarktpositie": "deelnemer_id",
    "deelnemers.Registratie": "deelnemer_id",
    "deelnemers.ZorgNotitie": "traject__deelnemer_id",
    "trajectories.Activeringstraject": "deelnemer_id",
    "trajectories.Doelstelling": "traject__deelnemer_id",
    "trajectories.Actie": "doelstelling__traject__deelnemer_id",
    "trajectories.Stage": "traject__deelnemer_id",
    "trajectories.AmaSeTraject": "deelnemer_id",
    "trajectories.AmaSeMoment": "traject__deelnemer_id",
    "trajectories.AmaWvgOvereenkomst": "deelnemer_id",
    "trajectories.AmaWvgEvaluatie": "overeenkomst__deelnemer_id",
    "trajectories.TrajectEvent": "deelnemer_id",
    "ladder.Ladderplaatsing": "deelnemer_id",
    "dossier.Behandelaar": "deelnemer_id",
    "netwerk.Opdracht": "actie__doelstelling__traject__deelnemer_id",
    "netwerk.StageBegeleiding": "stage__traject__deelnemer_id",
    "netwerk.Stageverslag": "stage__traject__deelnemer_id",
    "netwerk.Voortgang": "actie__doelstelling__traject__deelnemer_id",
    "netwerk.Melding": "traject__deelnemer_id",
}

#: Tables naming a participant by id without a foreign key (the read log, merge records).
ID_TABELLEN: dict[str, str] = {
    "audit.DossierInzage": "deelnemer_id",
    "dossier.SamengevoegdDossier": "nieuw_id",
    "privacy.GepseudonimiseerdDossier": "deelnemer_id",
}


def is_geschiedenis(model: type[models.Model]) -> bool:
    """A change-history event table (django-pghistory): exported through `geschiedenis_van`."""
    return any(f.name == "pgh_obj" for f in model._meta.get_fields())


def modellen_met_pad() -> set[str]:
    """Every model (history tables excepted) with a foreign-key chain to `Deelnemer`."""
    deelnemer = apps.get_model("deelnemers", "Deelnemer")
    bereikt = {deelnemer}
    veranderd = True
    while veranderd:
        veranderd = False
        for m in apps.get_models():
            if m in bereikt or is_geschiedenis(m):
                continue
            for f in m._meta.concrete_fields:
                if f.is_relation and f.related_model in bereikt:
                    bereikt.add(m)
                    veranderd = True
                    break
    return {m._meta.label for m in bereikt}


def samengevoegde_ids(deelnemer_id: str) -> list[str]:
    """The id itself and every id merged into it (transitively)."""
    ids = [deelnemer_id]
    te_doen = [deelnemer_id]
    while te_doen:
        nieuw = list(
            SamengevoegdDossier.objects.filter(nieuw_id__in=te_doen).values_list(
                "oud_id", flat=True
            )
        )
        te_doen = [i for i in nieuw if i not in ids]
        ids.extend(te_doen)
    return ids


def _waarde(v: Any) -> Any:
    if isinstance(v, datetime):
        return timezone.localtime(v).isoformat() if timezone.is_aware(v) else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    return v


@dataclass
class Tabel:
    label: str
    naam: str
    kolommen: list[str]
    rijen: list[dict[str, Any]]


def tabellen(deelnemer_id: str) -> list[Tabel]:
    """Every row of the participant in every table of `TABELLEN` and `ID_TABELLEN`."""
    ids = samengevoegde_ids(deelnemer_id)
    uit = []
    for label, pad in [*TABELLEN.items(), *ID_TABELLEN.items()]:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        kolommen = [f.attname for f in model._meta.concrete_fields]
        qs = model._default_manager.filter(**{f"{pad}__in": ids})
        rijen = [{k: _waarde(v) for k, v in r.items()} for r in qs.order_by("pk").values(*kolommen)]
        uit.append(Tabel(label, str(model._meta.verbose_name_plural), kolommen, rijen))
    return uit


def geschiedenis(deelnemer_id: str, user: Any) -> list[dict[str, Any]]:
    """The change history (audit.geschiedenis.geschiedenis_van) as plain rows."""
    uit = []
    for w in geschiedenis_van(deelnemer_id, user=user):
        uit.append(
            {
                "tijdstip": _waarde(w.tijdstip),
                "actie": w.actie_label,
                "onderwerp": w.onderwerp,
                "object_id": w.object_id,
                "door": w.door,
                "kanaal": w.kanaal,
                "velden": "; ".join(f"{v.naam}: {v.oud or ''} → {v.nieuw or ''}" for v in w.velden),
            }
        )
    return uit


def inzages(deelnemer_id: str) -> list[dict[str, Any]]:
    """Who viewed the dossier, when and through which channel (merged ids included)."""
    kanalen = dict(Kanaal.choices)
    gebruikers: dict[int | None, User] = {}

    u: User | None
    rijen = list(
        DossierInzage.objects.filter(deelnemer_id__in=samengevoegde_ids(deelnemer_id)).order_by(
            "tijdstip", "id"
        )
    )
    for u in (
        get_user_model()
        .objects.filter(pk__in={r.user_id for r in rijen if r.user_id})
        .select_related("organisatie")
    ):
        gebruikers[u.pk] = u
    uit = []
    for r in rijen:
        u = gebruikers.get(r.user_id)
        uit.append(
            {
                "tijdstip": _waarde(r.tijdstip),
                "gebruiker": (u.get_full_name() or u.get_username()) if u else r.username,
                "organisatie": str(u.organisatie) if u and u.organisatie_id else r.organisatie_id,
                "kanaal": str(kanalen.get(r.kanaal, r.kanaal)),
                "waarom": str(WAAROM.get(r.kanaal, "")),
                "dossier_id": r.deelnemer_id,
            }
        )
    return uit


#: Why a channel reads a dossier, in words for the participant.
WAAROM = {
    "ui": "opvolging van uw traject in de webtoepassing",
    "api": "gegevensuitwisseling met een gekoppelde toepassing (API)",
    "export": "afdruk of export van uw dossier",
}


LEESMIJ = """Inzage en overdraagbaarheid van persoonsgegevens (AVG art. 15 en 20)

Dit archief bevat alle gegevens die Werkzorg over deze deelnemer bewaart:

- gegevens.json: alles in één bestand (tabellen, wijzigingsgeschiedenis, inzages);
- tabellen/<tabel>.csv: per tabel de rijen van deze deelnemer (kolommen = velden);
- geschiedenis.csv: wie wat wijzigde, wanneer en via welk kanaal;
- inzages.csv: wie het dossier bekeek, wanneer en waarom.

CSV: puntkomma als scheidingsteken, UTF-8 met BOM, datums JJJJ-MM-DD.
Zie docs/operations.md (Inzage en overdraagbaarheid) voor de beschrijving van de velden.
"""


def _csv(kolommen: list[str], rijen: list[dict[str, Any]]) -> bytes:
    fh = io.StringIO()
    w = csv_schrijver(fh, delimiter=";", lineterminator="\r\n")
    w.writerow(kolommen)
    for r in rijen:
        w.writerow(["" if r.get(k) is None else r.get(k) for k in kolommen])
    return ("\ufeff" + fh.getvalue()).encode("utf-8")


def export_zip(deelnemer_id: str, user: Any) -> tuple[bytes, dict[str, int]]:
    """The machine-readable export (JSON + CSV) and the row count per file."""
    tabs = tabellen(deelnemer_id)
    hist = geschiedenis(deelnemer_id, user)
    inz = inzages(deelnemer_id)
    telling: dict[str, int] = {}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("LEESMIJ.txt", LEESMIJ)
        gegevens = {
            "deelnemer_id": deelnemer_id,
            "samengevoegde_ids": samengevoegde_ids(deelnemer_id)[1:],
            "aangemaakt_op": timezone.now().isoformat(),
            "tabellen": {t.label: t.rijen for t in tabs},
            "geschiedenis": hist,
            "inzages": inz,
        }
        z.writestr("gegevens.json", json.dumps(gegevens, ensure_ascii=False, indent=2, default=str))
        for t in tabs:
            naam = f"tabellen/{t.label.replace('.', '_').lower()}.csv"
            z.writestr(naam, _csv(t.kolommen, t.rijen))
            telling[naam] = len(t.rijen)
        hk = ["tijdstip", "actie", "onderwerp", "object_id", "door", "kanaal", "velden"]
        z.writestr("geschiedenis.csv", _csv(hk, hist))
        telling["geschiedenis.csv"] = len(hist)
        ik = ["tijdstip", "gebruiker", "organisatie", "kanaal", "waarom", "dossier_id"]
        z.writestr("inzages.csv", _csv(ik, inz))
        telling["inzages.csv"] = len(inz)
    return buf.getvalue(), telling


def lees_csv(data: bytes) -> list[dict[str, str]]:
    """Read back one CSV of the export (tests, tooling)."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
