"""Pass 1 of the bundle import: every check of every row and across files (`Validatie`).

`Validatie.run` reads each file with `bundle.lezen.lees` (which reports the cells that do not
convert), checks the keys and references of each row, calls the apps' rule functions on the
row (`rij_<file>`), and after the files the checks across files and against the database
(references to ids in no file, recognitions, overlapping positions, running trajectories,
AMA WVG begeleiders, INSZ numbers, pseudonymised dossiers). Errors are collected as
`file:line: column: message`; nothing is written here.

Only what the cross-file checks need is held in memory (ids, INSZ numbers, positions and WVG
agreements per participant, memberships), in compact forms (`_Plaatsen`, `_PerDeelnemer`,
`_Posities`, and on a re-import `_Ids`, `_Insz`); what the database checks itself in the parallel import is not kept at all
(`_Vergeet`, decision 120).
"""

from __future__ import annotations

import functools
import marshal
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from bundle.lezen import Rij, foutregel, lees
from bundle.spec import BESTANDEN, PER_NAAM, Bestand, Schrijfwijze, Soort
from deelnemers.models import Deelnemer
from deelnemers.rules import deelnemer_fouten, positie_fouten
from ladder.models import Werkvorm
from ladder.rules import plaatsing_datum_fouten, plaatsing_fouten, regio_wvl_fouten
from organisaties.models import Lidmaatschap, Organisatie
from organisaties.rules import (
    erkenning_fouten,
    lidmaatschap_bereik_fouten,
    samenwerkingsverband_fouten,
)
from referentie.models import Regio
from trajectories.models import Activeringstraject, AmaWvgOvereenkomst
from trajectories.rules import (
    activering_fouten,
    ama_se_fouten,
    lopend_traject_fouten,
    toegelaten_eindadviezen,
    wvg_begeleider_fouten,
)
from werkzorg.domein.fouten import Fout

T = TypeVar("T")

#: What identifies a participant; a pseudonymised dossier never gets it back (deelnemers.csv).
PERSOONSVELDEN = ("voornaam", "achternaam", "insz", "geboortedatum")
CHUNK = 900  # ids per `IN (...)` lookup: below SQLite's variable limit on every version
#: What the checks across rows read of an activeringstraject (`lopend_traject_fouten`) and of
#: an AMA WVG agreement (`wvg_begeleider_fouten`), with the row's line.
TRAJECT_VELDEN = ("id", "geinitieerd_op", "afgesloten_op", "stopgezet_op", "ingetrokken_op", "lijn")
WVG_VELDEN = ("id", "begeleider_id", "start", "einde", "lijn")


def _dubbel_in_bestand(sleutel: str) -> str:
    """The message of an id (or key) that occurs twice in one file."""
    return _("%(s)s komt meer dan eens voor in dit bestand.") % {"s": sleutel}


def _insz_ook_op(lijn: int, deelnemer_id: str) -> str:
    """The message of an INSZ number that an earlier line of the file holds too."""
    return _("Dit INSZ-nummer staat ook op regel %(lijn)d (deelnemer %(id)s).") % {
        "lijn": lijn,
        "id": deelnemer_id,
    }


class Validatie:
    """Pass 1: every check, and what pass 2 needs (the header of each file)."""

    def __init__(self, map_: Path) -> None:
        self.map = map_
        self.fouten: list[tuple[int, int, str]] = []  # (file order, line, text)
        self.aantallen: dict[str, int] = {}
        self.kolommen: dict[str, list[str]] = {}
        self.kop: dict[str, list[str]] = {}
        # Files with a cell whose stored form differs from its text (a KBO number to
        # normalise, …) or with blank lines: written from Python, not read raw by the database.
        self.niet_ruw: set[str] = set()
        self.ids: dict[str, set[str] | _Ids] = defaultdict(set)
        # Missing references: target file -> id -> [(file, line, column)]
        self.open_refs: dict[str, dict[str, list[tuple[str, int, str]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.codes = _Codes()
        self.org_type: dict[str, str] = {}
        self.leden: dict[str, list[Rij]] = defaultdict(list)  # organisatie -> memberships
        self.rol_nodig: dict[tuple[str, str], _Plaatsen] = defaultdict(_Plaatsen)
        self.insz: dict[str, tuple[str, int]] | _Insz | _Vergeet = {}
        self.wvg = _PerDeelnemer(WVG_VELDEN, datums=("start", "einde"))
        self.activering = _PerDeelnemer(TRAJECT_VELDEN, datums=TRAJECT_VELDEN[1:5])
        self.posities = _Posities(self.controleer_posities_van)
        # Parallel import (PostgreSQL): what the database checks itself as it writes (foreign
        # keys, primary keys, the INSZ index) is not kept in memory (decision 120); when it
        # refuses, `bundle.importer._databank_fouten` validates again in full for the lines.
        self.databank_controleert = False
        self.sleutels: set[Any] | _Ids | _Vergeet = set()
        self.plan_per_id = False
        self.plan_refs: list[tuple[str, set[str] | _Ids, str]] = []
        self.plan_controle: Callable[[str, Rij], None] | None = None
        # Participants pseudonymised by the retention command, and their rows in this bundle.
        self.gepseudonimiseerd: set[str] = set()
        self.deelnemers_leeg = False
        self.wvg_leeg = False
        # Rows written per file by the parallel writer's speculative path.
        self.speculatief_geschreven: dict[str, int] = {}
        self.pseudo_rijen: dict[str, tuple[int, dict[str, Any]]] = {}

    # errors

    def fout(self, bestand: str, lijn: int, kolom: str, bericht: str) -> None:
        volgorde = next(i for i, b in enumerate(BESTANDEN) if b.naam == bestand)
        self.fouten.append((volgorde, lijn, foutregel(bestand, lijn, kolom, bericht)))

    def gesorteerde_fouten(self) -> list[str]:
        return list(dict.fromkeys(t for _v, _l, t in sorted(self.fouten, key=lambda f: f[:2])))

    # pass 1

    def run(
        self,
        na_bestand: Callable[[Bestand], None] | None = None,
        *,
        na_controles: bool = True,
        vooraf: Callable[[Bestand], bool] | None = None,
        oordeel: Callable[[Bestand, str], None] | None = None,
    ) -> None:
        """Read every file; `na_bestand` is called with each file read without error. Pass 1
        reads the database only at its start (codes) and for the INSZ numbers before
        deelnemers.csv is handed on, never a table the files before it write; `na_controles`
        adds the other checks against the database after it.

        `vooraf(bestand)` may take a file before it is read (True: written speculatively);
        `oordeel(bestand, uitkomst)` then says how its reading went: "ok", "herschrijf" (valid,
        but not to be stored as it stands) or "fout"."""
        self.codes.laad_alles()
        self.gepseudonimiseerd = _gepseudonimiseerd()
        # An initial load: nothing in the database to check participants or agreements against.
        self.deelnemers_leeg = not Deelnemer.objects.exists()
        self.wvg_leeg = not AmaWvgOvereenkomst.objects.exists()
        for bestand in BESTANDEN:
            # What every row of this file needs, looked up once.
            self.plan_per_id = bestand.sleutel == ("id",)
            # For files with an id the set of ids doubles as the duplicate check.
            self.sleutels = self.ids[bestand.naam] if self.plan_per_id else set()
            self.plan_refs = [
                (k.naam, self.ids[k.bron], k.bron) for k in bestand.kolommen if k.soort is Soort.REF
            ]
            if self.databank_controleert:
                self.plan_refs = []
                if self.plan_per_id and not self._ids_nodig(bestand.naam):
                    self.sleutels = _VERGEET
                elif self.plan_per_id:
                    # Needed after the file: compact, duplicates found at its end (541).
                    self.sleutels = ids = self.ids[bestand.naam] = _Ids()
                    if bestand.naam == "deelnemers.csv":
                        self.insz = _Insz(ids)
                if bestand.naam == "deelnemers.csv" and self.deelnemers_leeg:
                    self.insz = _VERGEET
            self.plan_controle = getattr(self, "rij_" + bestand.naam.removesuffix(".csv"), None)
            pad = self.map / bestand.naam
            if not pad.is_file():
                self.fout(bestand.naam, 0, "-", _("Het bestand ontbreekt."))
                self.kolommen[bestand.naam] = []
                continue
            speculatief = vooraf is not None and not self.fouten and vooraf(bestand)
            n, fouten_voor = 0, len(self.fouten)
            for rij in lees(bestand, pad, self):
                n += 1
                self.controleer_rij(bestand, rij)
            self.aantallen[bestand.naam] = n
            self.compact_klaar(bestand.naam)
            if bestand.naam == "deelnemers.csv" and not self.deelnemers_leeg:
                # Before the file is written: the unique index would refuse a taken number
                # with a database error instead of this line's message.
                self.controleer_insz()
                self.controleer_pseudoniemen()
                if isinstance(self.insz, _Insz):
                    self.insz = {}
            if speculatief and oordeel is not None:
                if self.fouten:
                    oordeel(bestand, "fout")
                else:
                    oordeel(bestand, "herschrijf" if bestand.naam in self.niet_ruw else "ok")
            elif na_bestand is not None and not self.fouten and len(self.fouten) == fouten_voor:
                na_bestand(bestand)
        self.controleer_posities()
        if na_controles:
            self.na_controles()

    def na_controles(self) -> None:
        """The cross-file checks against the database. They read only rows that the import
        leaves alone (ids in no file, other participants' INSZ, …), so they give the same
        answer before the writes and inside the writing transaction."""
        self.controleer_referenties()
        self.controleer_organisaties()
        self.controleer_wvg()
        self.controleer_lopende_trajecten()

    def compact_klaar(self, naam: str) -> None:
        """The end of a file whose ids (and INSZ numbers) are kept compact (`_Ids`, `_Insz`:
        the parallel import into a database that holds rows, decision 541): the duplicates
        within the file, with the messages the set and dict give row by row."""
        ids = self.ids.get(naam)
        if isinstance(ids, _Ids):
            for lijn, id_ in ids.klaar():
                self.fout(naam, lijn, "id", _dubbel_in_bestand(id_))
        if naam == "deelnemers.csv" and isinstance(self.insz, _Insz):
            for lijn, eerste, id_ in self.insz.klaar():
                self.fout(naam, lijn, "insz", _insz_ook_op(eerste, id_))

    def controleer_rij(self, bestand: Bestand, rij: Rij) -> None:
        naam, w = bestand.naam, rij.waarden
        for kolom, doel_ids, bron in self.plan_refs:
            doel = w[kolom]
            if doel is not None and doel not in doel_ids:
                self.open_refs[bron][doel].append((naam, rij.lijn, kolom))
        if bestand.schrijfwijze is Schrijfwijze.UPSERT:
            sleutel: Any = w["id"] if self.plan_per_id else tuple(w[k] for k in bestand.sleutel)
            if sleutel is not None and (self.plan_per_id or None not in sleutel):
                if isinstance(self.sleutels, _Ids):
                    self.sleutels.add(sleutel, rij.lijn)  # duplicates: `compact_klaar`
                else:
                    if sleutel in self.sleutels:
                        self.fout(
                            naam,
                            rij.lijn,
                            bestand.sleutel[0],
                            _dubbel_in_bestand(
                                sleutel if self.plan_per_id else ", ".join(map(str, sleutel))
                            ),
                        )
                    self.sleutels.add(sleutel)
        if not rij.fout:
            for van, tot in bestand.perioden:
                if w[van] and w[tot] and w[tot] < w[van]:
                    self.fout(
                        naam,
                        rij.lijn,
                        tot,
                        _("%(tot)s ligt vóór %(van)s.") % {"tot": tot, "van": van},
                    )
        if self.plan_controle is not None:
            self.plan_controle(naam, rij)

    def regel_fouten(
        self, naam: str, lijn: int, fouten: Iterable[Fout], kolommen: dict[str, str] | None = None
    ) -> None:
        for f in fouten:
            self.fout(naam, lijn, (kolommen or {}).get(f.veld, f.veld), f.bericht)

    def rij_organisaties(self, naam: str, rij: Rij) -> None:
        if rij.waarden.get("id") is not None:
            self.org_type[rij.waarden["id"]] = rij.waarden.get("type") or ""

    def rij_lidmaatschappen(self, naam: str, rij: Rij) -> None:
        w = rij.waarden
        self.regel_fouten(
            naam,
            rij.lijn,
            lidmaatschap_bereik_fouten(w.get("rol"), w.get("netwerk"), w.get("regio")),
        )
        if w.get("organisatie_id") is not None:
            self.leden[w["organisatie_id"]].append(rij)

    def rij_contingenten(self, naam: str, rij: Rij) -> None:
        if rij.waarden.get("organisatie_id") is not None:
            self.rol_nodig[(rij.waarden["organisatie_id"], "begeleider-ama-se")].append(
                (naam, rij.lijn, "organisatie_id")
            )

    def rij_deelnemers(self, naam: str, rij: Rij) -> None:
        if rij.waarden.get("id") in self.gepseudonimiseerd:
            self.pseudo_rijen[rij.waarden["id"]] = (
                rij.lijn,
                {k: rij.waarden.get(k) for k in PERSOONSVELDEN},
            )
        if not rij.fout:
            d = _object(rij.waarden, provincie_id="provincie", regio_id="regio")
            self.regel_fouten(
                naam,
                rij.lijn,
                deelnemer_fouten(
                    d,
                    regio_provincie_id=self.codes.regio_provincie.get(rij.waarden.get("regio")),
                    vandaag=timezone.localdate(),
                ),
            )
        insz, id_ = rij.waarden.get("insz"), rij.waarden.get("id")
        if insz is None or id_ is None:
            return
        eerder = self.insz.get(insz)
        if eerder is not None:
            self.fout(naam, rij.lijn, "insz", _insz_ook_op(eerder[1], eerder[0]))
        else:
            self.insz[insz] = (id_, rij.lijn)

    def rij_activeringstrajecten(self, naam: str, rij: Rij) -> None:
        if rij.fout:
            return
        t = _object(rij.waarden, eindadvies_id="eindadvies", stopreden_id="stopreden")
        self.regel_fouten(naam, rij.lijn, activering_fouten(t, eindadviezen=self.codes.eind_at))
        if t.id is not None and t.deelnemer_id is not None and t.geinitieerd_op is not None:
            t.lijn = rij.lijn
            self.activering.append(t.deelnemer_id, tuple(getattr(t, v) for v in TRAJECT_VELDEN))

    def rij_ama_se_trajecten(self, naam: str, rij: Rij) -> None:
        if not rij.fout:
            t = _object(rij.waarden, eindadvies_id="eindadvies", stopreden_id="stopreden")
            self.regel_fouten(naam, rij.lijn, ama_se_fouten(t, eindadviezen=self.codes.eind_se))
        if rij.waarden.get("begeleider_id") is not None:
            self.rol_nodig[(rij.waarden["begeleider_id"], "begeleider-ama-se")].append(
                (naam, rij.lijn, "begeleider_id")
            )

    def rij_ama_wvg_overeenkomsten(self, naam: str, rij: Rij) -> None:
        w = rij.waarden
        if w.get("begeleider_id") is not None:
            self.rol_nodig[(w["begeleider_id"], "begeleider-ama-wvg")].append(
                (naam, rij.lijn, "begeleider_id")
            )
        if None not in (w.get("id"), w.get("deelnemer_id"), w.get("begeleider_id"), w.get("start")):
            self.wvg.append(
                w["deelnemer_id"],
                (w["id"], w["begeleider_id"], w["start"], w.get("einde"), rij.lijn),
            )

    def rij_arbeidsmarktposities(self, naam: str, rij: Rij) -> None:
        w = rij.waarden
        if w.get("deelnemer_id") is not None and w.get("van") is not None:
            self.posities[w["deelnemer_id"]].append((w["van"], w.get("tot"), rij.lijn))

    def rij_ladderplaatsingen(self, naam: str, rij: Rij) -> None:
        werkvorm = self.codes.werkvormen.get(rij.waarden.get("werkvorm"))
        if werkvorm is not None and not rij.fout:
            self.regel_fouten(
                naam,
                rij.lijn,
                plaatsing_fouten(werkvorm, rij.waarden.get("start"), rij.waarden.get("einde")),
            )
        if not rij.fout:
            w = rij.waarden
            self.regel_fouten(
                naam,
                rij.lijn,
                plaatsing_datum_fouten(w.get("start"), timezone.localdate())
                + regio_wvl_fouten(w.get("provincie"), w.get("regio_wvl")),
            )

    # cross-file checks, after pass 1

    def controleer_referenties(self) -> None:
        """References to ids in no file: fine when the database already holds them."""
        for doel, open_ in self.open_refs.items():
            model = next(b for b in BESTANDEN if b.naam == doel).model
            bestaand = _bestaande_ids(model, list(open_))
            for id_, plaatsen in open_.items():
                if id_ in bestaand:
                    continue
                for naam, lijn, kolom in plaatsen:
                    self.fout(
                        naam,
                        lijn,
                        kolom,
                        _("%(id)s staat niet in %(doel)s en niet in de databank.")
                        % {"id": id_, "doel": doel},
                    )

    def controleer_organisaties(self) -> None:
        # The type of every organisation involved: the bundle's, else the database's.
        nodig = set(self.leden) | {org for org, _rol in self.rol_nodig}
        types = {org: self.org_type[org] for org in nodig if org in self.org_type}
        for chunk in _chunks([o for o in nodig if o not in types]):
            types.update(Organisatie.objects.filter(id__in=chunk).values_list("id", "type_id"))

        naam = "lidmaatschappen.csv"
        svz: dict[str, list[SimpleNamespace]] = defaultdict(list)
        eerste_lijn: dict[str, int] = {}
        for org, rijen in self.leden.items():
            for rij in rijen:
                w = rij.waarden
                type_code = w.get("als_type") or types.get(org)
                if type_code is None or w.get("rol") is None or rij.fout:
                    continue  # an unknown organisation or a bad cell: reported already
                self.regel_fouten(
                    naam, rij.lijn, erkenning_fouten(w["rol"], type_code, w.get("tot"))
                )
                if w["rol"] == "samenwerkingsverband-zorg" and w.get("regio") and w.get("van"):
                    svz[w["regio"]].append(
                        SimpleNamespace(type_code=type_code, van=w["van"], tot=w.get("tot"))
                    )
                    eerste_lijn.setdefault(w["regio"], rij.lijn)
        # A region's samenwerkingsverband also holds the database's members that this bundle
        # leaves alone (organisations without rows in lidmaatschappen.csv).
        if svz:
            bestaand = (
                Lidmaatschap.objects.filter(rol="samenwerkingsverband-zorg", regio_id__in=list(svz))
                .exclude(organisatie_id__in=list(self.leden))
                .values_list("regio_id", "als_type_id", "organisatie__type_id", "van", "tot")
            )
            for regio, als_type, org_type, van, tot in bestaand:
                svz[regio].append(SimpleNamespace(type_code=als_type or org_type, van=van, tot=tot))
        for regio, leden in svz.items():
            for f in samenwerkingsverband_fouten(leden):
                self.fout(naam, eerste_lijn[regio], "regio", f"{regio}: {f.bericht}")

        # Roles a row requires (a contingent's or a trajectory's begeleider).
        heeft: set[tuple[str, str]] = {
            (org, rij.waarden["rol"]) for org, rijen in self.leden.items() for rij in rijen
        }
        elders = sorted({org for org, _rol in self.rol_nodig if org not in self.leden})
        for chunk in _chunks(elders):
            heeft.update(
                Lidmaatschap.objects.filter(organisatie_id__in=chunk)
                .values_list("organisatie_id", "rol")
                .distinct()
            )
        for (org, rol), plaatsen in self.rol_nodig.items():
            if org not in types or (org, rol) in heeft:
                continue  # unknown organisations are reported as such
            for bestand, lijn, kolom in plaatsen:
                self.fout(
                    bestand,
                    lijn,
                    kolom,
                    _("Organisatie %(org)s is geen erkende %(rol)s.") % {"org": org, "rol": rol},
                )

    def controleer_pseudoniemen(self) -> None:
        """A dossier pseudonymised at the end of its retention period (privacy/) stays so: a
        bundle may not write a name, INSZ or birth date back. The same (empty) values, as an
        export of this database holds them, are fine."""
        if not self.pseudo_rijen:
            return
        opgeslagen = {
            d["id"]: d
            for chunk in _chunks(list(self.pseudo_rijen))
            for d in Deelnemer.objects.filter(id__in=chunk).values("id", *PERSOONSVELDEN)
        }
        for id_, (lijn, waarden) in sorted(self.pseudo_rijen.items(), key=lambda i: i[1][0]):
            oud = opgeslagen.get(id_)
            if oud is None:
                continue
            for veld in PERSOONSVELDEN:
                if (waarden[veld] or None) != (oud[veld] or None):
                    self.fout(
                        "deelnemers.csv",
                        lijn,
                        veld,
                        _(
                            "Deelnemer %(id)s is gepseudonimiseerd (bewaartermijn verstreken): "
                            "zijn persoonsgegevens worden niet opnieuw ingevoerd."
                        )
                        % {"id": id_},
                    )

    def controleer_insz(self) -> None:
        """INSZ unique against the database: another participant there keeps this number."""
        naam = "deelnemers.csv"
        if self.insz:
            bundel_ids = self.ids[naam]
            for id_, insz in (
                Deelnemer.objects.filter(insz__isnull=False)
                .values_list("id", "insz")
                .iterator(chunk_size=10_000)
            ):
                eigen = self.insz.get(insz)  # type: ignore[arg-type]  # the filter: insz is not NULL
                if eigen is not None and eigen[0] != id_ and id_ not in bundel_ids:
                    self.fout(
                        naam,
                        eigen[1],
                        "insz",
                        _("Dit INSZ-nummer hoort in de databank al bij deelnemer %(id)s.")
                        % {"id": id_},
                    )

    def _ids_nodig(self, naam: str) -> bool:
        """The ids of a file are needed after it (not only to find duplicates): the INSZ and
        AMA WVG checks against a database that holds rows already."""
        if naam == "deelnemers.csv":
            return not self.deelnemers_leeg
        return naam == "ama_wvg_overeenkomsten.csv" and not self.wvg_leeg

    def controleer_posities(self) -> None:
        """Positions of one participant must not overlap (the bundle replaces them all, so the
        database's do not count): no database, part of pass 1. Checked per participant as the
        file is read (`_Posities`); a file not ordered by participant is read again here."""
        self.posities.einde()
        if not self.posities.ongeordend:
            return
        naam = "arbeidsmarktposities.csv"
        per_deelnemer: dict[str, list[tuple[date, date | None, int]]] = defaultdict(list)
        pad = self.map / naam
        for rij in lees(PER_NAAM[naam], pad, None, verdraagzaam=True):
            w = rij.waarden
            if w.get("deelnemer_id") is not None and w.get("van") is not None:
                per_deelnemer[w["deelnemer_id"]].append((w["van"], w.get("tot"), rij.lijn))
        for rijen in per_deelnemer.values():
            self.controleer_posities_van(rijen)

    def controleer_posities_van(self, rijen: list[tuple[date, date | None, int]]) -> None:
        """The positions of one participant."""
        naam = "arbeidsmarktposities.csv"
        if len(rijen) >= 2:
            posities = [SimpleNamespace(van=v, tot=t, lijn=lijn) for v, t, lijn in rijen]
            if not positie_fouten(posities):
                return
            # Which row each error belongs to: the one whose arrival adds it.
            posities.sort(key=lambda p: p.van)
            vorige = 0
            for i in range(2, len(posities) + 1):
                fouten = positie_fouten(posities[:i])
                self.regel_fouten(naam, posities[i - 1].lijn, fouten[vorige:])
                vorige = len(fouten)

    def controleer_lopende_trajecten(self) -> None:
        """One activeringstraject at a time per participant, with the database's others."""
        naam = "activeringstrajecten.csv"
        bundel_ids = self.ids[naam]
        # An initial load: only participants with two trajectories or more in the bundle.
        met_databank = not self.deelnemers_leeg
        for groep in _chunks(self.activering.groepen(alle=met_databank)):
            andere: dict[str, list[SimpleNamespace]] = defaultdict(list)
            for rij in (
                Activeringstraject.objects.filter(deelnemer_id__in=[d for d, _t in groep]).values(
                    *TRAJECT_VELDEN[:-1], "deelnemer_id"
                )
                if met_databank
                else ()
            ):
                if rij["id"] not in bundel_ids:
                    andere[rij.pop("deelnemer_id")].append(SimpleNamespace(**rij))
            for dln, eigen in groep:
                if len(eigen) + len(andere.get(dln, [])) < 2:
                    continue
                alle = eigen + andere.get(dln, [])
                for i, t in enumerate(eigen):
                    # Each pair once: on the line of the later row of the bundle.
                    eerder = [o for o in alle if o not in eigen[i:]]
                    self.regel_fouten(naam, t.lijn, lopend_traject_fouten(t, eerder))

    def controleer_wvg(self) -> None:
        """One AMA WVG begeleider at a time, with the database's other agreements."""
        naam = "ama_wvg_overeenkomsten.csv"
        bundel_ids = self.ids[naam]
        # No agreements in the database: only participants with two or more in the bundle.
        met_databank = not self.wvg_leeg
        for groep in _chunks(self.wvg.groepen(alle=met_databank)):
            andere: dict[str, list[SimpleNamespace]] = defaultdict(list)
            for id_, dln, beg, start, einde in (
                AmaWvgOvereenkomst.objects.filter(
                    deelnemer_id__in=[d for d, _o in groep]
                ).values_list("id", "deelnemer_id", "begeleider_id", "start", "einde")
                if met_databank
                else ()
            ):
                if id_ not in bundel_ids:
                    andere[dln].append(
                        SimpleNamespace(id=id_, begeleider_id=beg, start=start, einde=einde)
                    )
            for dln, overeenkomsten in groep:
                alle = overeenkomsten + andere.get(dln, [])
                if len(alle) < 2:
                    continue
                for o in overeenkomsten:
                    self.regel_fouten(
                        naam,
                        o.lijn,
                        wvg_begeleider_fouten(o, alle),
                        {"begeleider": "begeleider_id"},
                    )


class _Vergeet:
    """A set or dict that keeps nothing: what the database checks itself (decision 120)."""

    def __contains__(self, _sleutel: object) -> bool:
        return False

    def add(self, _sleutel: object) -> None:
        pass

    def get(self, _sleutel: object, standaard: Any = None) -> Any:
        return standaard

    def __setitem__(self, _sleutel: object, _waarde: object) -> None:
        pass

    def __bool__(self) -> bool:
        return False


_VERGEET = _Vergeet()


class _Ids:
    """The ids of one file, compact for the parallel import into a database that holds rows
    already (decision 541): each id's text in one bytearray with its end in an array, its line
    in another, ~30 bytes a row where a set of strings took ~100. Duplicates are not seen row
    by row (`in` is False until `klaar`) but found by `klaar` at the end of the file, which
    sorts the hashes (with the row number in their low bits) for `in` by bisection. Ids
    sharing a hash are told apart by their text, so a collision costs a comparison, never a
    wrong answer (a test gives every id the same hash)."""

    hash: Callable[[str], int] = staticmethod(hash)

    def __init__(self) -> None:
        self._tekst = bytearray()
        self._einde = array("Q")
        self._lijnen = array("I")
        self._hashes = array("q")
        self._sleutels: array[int] | None = None
        self._bits = 0

    def add(self, id_: str, lijn: int = 0) -> None:
        self._tekst += id_.encode()
        self._einde.append(len(self._tekst))
        self._lijnen.append(lijn)
        self._hashes.append(self.hash(id_))

    def __len__(self) -> int:
        return len(self._einde)

    def tekst(self, i: int) -> str:
        """The id of row `i`."""
        return self._tekst[self._einde[i - 1] if i else 0 : self._einde[i]].decode()

    def lijn(self, i: int) -> int:
        """The line of row `i`."""
        return self._lijnen[i]

    def rij_op_lijn(self, lijn: int) -> int:
        """The row on line `lijn` (lines only increase)."""
        return bisect_left(self._lijnen, lijn)

    def op_lijn(self, lijn: int) -> str:
        """The id on line `lijn`."""
        return self.tekst(self.rij_op_lijn(lijn))

    def klaar(self) -> list[tuple[int, str]]:
        """Sort for `in`; (line, id) of each row whose id an earlier row has already."""
        self._bits = bits = max(len(self), 1).bit_length()
        sleutels = array("q", sorted(((h >> bits) << bits) | i for i, h in enumerate(self._hashes)))
        self._hashes = array("q")
        self._sleutels = sleutels
        dubbel: list[tuple[int, str]] = []
        begin = 0
        for einde in range(1, len(sleutels) + 1):
            if einde < len(sleutels) and sleutels[einde] >> bits == sleutels[begin] >> bits:
                continue
            if einde - begin > 1:
                gezien: set[str] = set()
                masker = (1 << bits) - 1
                for i in sorted(s & masker for s in sleutels[begin:einde]):
                    if (t := self.tekst(i)) in gezien:
                        dubbel.append((self._lijnen[i], t))
                    gezien.add(t)
            begin = einde
        dubbel.sort()
        return dubbel

    def __contains__(self, id_: object) -> bool:
        sleutels, bits = self._sleutels, self._bits
        if sleutels is None or not isinstance(id_, str):
            return False
        hoog = self.hash(id_) >> bits
        masker = (1 << bits) - 1
        for j in range(bisect_left(sleutels, hoog << bits), len(sleutels)):
            if sleutels[j] >> bits != hoog:
                break
            if self.tekst(sleutels[j] & masker) == id_:
                return True
        return False


class _Insz:
    """The INSZ numbers of deelnemers.csv with their first participant, compact for the
    parallel import into a database that holds participants (decision 541): the number as an
    integer and its row in the file's `_Ids` (its id and line) in two arrays, 12 bytes a row
    where a dict of tuples took ~200. Numbers seen twice are not
    seen row by row (`get` is None until `klaar`) but found by `klaar`, which sorts the
    numbers (with the row number in their low bits: same number, file order) for `get`."""

    def __init__(self, ids: _Ids) -> None:
        self.ids = ids
        self._nummers = array("q")
        self._rijen = array("I")  # in `ids`
        self._sleutels: array[int] | None = None
        self._bits = 0
        # A number that is not 11 digits (none after the INSZ check): as the dict would.
        self._overig: dict[str, tuple[str, int]] = {}

    @staticmethod
    def _getal(insz: str) -> int | None:
        return int(insz) if len(insz) == 11 and insz.isascii() and insz.isdigit() else None

    def __setitem__(self, insz: str, waarde: tuple[str, int]) -> None:
        if (getal := self._getal(insz)) is None:
            self._overig.setdefault(insz, waarde)
            return
        self._nummers.append(getal)
        # The row's id was added to `ids` just before (`Validatie.controleer_rij`).
        rij = len(self.ids) - 1
        if rij < 0 or self.ids.lijn(rij) != waarde[1]:
            rij = self.ids.rij_op_lijn(waarde[1])
        self._rijen.append(rij)

    def __bool__(self) -> bool:
        return bool(self._nummers or self._sleutels or self._overig)

    def klaar(self) -> list[tuple[int, int, str]]:
        """Sort for `get`; (line, first line, its id) of each row whose number an earlier row
        has already."""
        # 10**11 < 2**37: with the row number the key fits 64 bits up to 2**27 rows.
        self._bits = bits = max(len(self._nummers), 1).bit_length()
        sleutels = array("Q", sorted((n << bits) | i for i, n in enumerate(self._nummers)))
        self._nummers = array("q")
        self._sleutels = sleutels
        masker = (1 << bits) - 1
        dubbel = []
        eerste = 0  # the row of the first with the current number
        for j in range(len(sleutels)):
            rij = self._rijen[sleutels[j] & masker]
            if j and sleutels[j] >> bits == sleutels[j - 1] >> bits:
                dubbel.append((self.ids.lijn(rij), self.ids.lijn(eerste), self.ids.tekst(eerste)))
            else:
                eerste = rij
        dubbel.sort()
        return dubbel

    def get(self, insz: str, standaard: Any = None) -> Any:
        """(id, line) of the first row with this number, as the dict's."""
        if insz in self._overig:
            return self._overig[insz]
        sleutels, getal = self._sleutels, self._getal(insz)
        if sleutels is None or getal is None:
            return standaard
        j = bisect_left(sleutels, getal << self._bits)
        if j == len(sleutels) or sleutels[j] >> self._bits != getal:
            return standaard
        rij = self._rijen[sleutels[j] & ((1 << self._bits) - 1)]
        return self.ids.tekst(rij), self.ids.lijn(rij)


class _Plaatsen:
    """Where rows need a role of an organisation: (file, column) -> line numbers, 4 bytes a
    row instead of a tuple; iterates as (file, line, column)."""

    def __init__(self) -> None:
        self._lijnen: dict[tuple[str, str], array[int]] = {}

    def append(self, plaats: tuple[str, int, str]) -> None:
        naam, lijn, kolom = plaats
        if (lijnen := self._lijnen.get((naam, kolom))) is None:
            lijnen = self._lijnen[(naam, kolom)] = array("I")
        lijnen.append(lijn)

    def __iter__(self) -> Iterator[tuple[str, int, str]]:
        for (naam, kolom), lijnen in self._lijnen.items():
            for lijn in lijnen:
                yield naam, lijn, kolom


class _PerDeelnemer:
    """Rows of one file that a check reads per participant, compact: each row (its values in
    the order of `velden`, dates as day numbers) marshalled into one bytearray, ~60 bytes a
    row where a namespace in a dict of lists per participant took ~450, and the hash of its
    participant in an array (decision 540). `groepen` groups the rows only at the end."""

    #: The participant's hash; two participants with the same hash are told apart by their
    #: ids when their rows are read back (a test gives every participant the same hash).
    hash: Callable[[str], int] = staticmethod(hash)

    def __init__(self, velden: tuple[str, ...], *, datums: tuple[str, ...] = ()) -> None:
        self.velden = velden
        self._datum = tuple(v in datums for v in velden)
        self._hashes = array("q")
        self._begin = array("Q")
        self._data = bytearray()

    def append(self, deelnemer: str, waarden: tuple[Any, ...]) -> None:
        self._hashes.append(self.hash(deelnemer))
        self._begin.append(len(self._data))
        self._data += marshal.dumps(
            (
                deelnemer,
                *(
                    w.toordinal() if datum and w is not None else w
                    for datum, w in zip(self._datum, waarden, strict=True)
                ),
            )
        )

    def __len__(self) -> int:
        return len(self._hashes)

    def _rij(self, i: int) -> tuple[str, SimpleNamespace]:
        """Row `i` as (participant, namespace of `velden`)."""
        einde = self._begin[i + 1] if i + 1 < len(self._begin) else len(self._data)
        deelnemer, *waarden = marshal.loads(self._data[self._begin[i] : einde])  # noqa: S302 - its own bytes
        return deelnemer, SimpleNamespace(
            **{
                veld: date.fromordinal(w) if datum and w is not None else w
                for veld, datum, w in zip(self.velden, self._datum, waarden, strict=True)
            }
        )

    def groepen(self, *, alle: bool) -> Iterator[tuple[str, list[SimpleNamespace]]]:
        """(participant, its rows in file order) for each participant with two rows or more;
        with `alle`, for every participant."""
        hashes = self._hashes
        volgorde = sorted(range(len(hashes)), key=hashes.__getitem__)  # stable: file order
        begin = 0
        for einde in range(1, len(volgorde) + 1):
            if einde < len(volgorde) and hashes[volgorde[einde]] == hashes[volgorde[begin]]:
                continue
            if alle or einde - begin > 1:
                per: dict[str, list[SimpleNamespace]] = defaultdict(list)
                for i in volgorde[begin:einde]:
                    deelnemer, rij = self._rij(i)
                    per[deelnemer].append(rij)
                for deelnemer, rijen in per.items():
                    if alle or len(rijen) > 1:
                        yield deelnemer, rijen
            begin = einde


class _Posities:
    """The positions of arbeidsmarktposities.csv per participant, in constant memory when the
    file lists each participant's positions together in order of participant (as exports,
    the VDAB feed and the generator write it): a participant is checked as soon as the next
    one begins. Else `ongeordend`, and the file is read again at its end."""

    def __init__(self, controleer: Callable[[list[Any]], None]) -> None:
        self.controleer = controleer
        self.huidig: str | None = None
        self.rijen: list[tuple[date, date | None, int]] = []
        self.ongeordend = False

    def __getitem__(self, deelnemer: str) -> list[tuple[date, date | None, int]]:
        if deelnemer != self.huidig:
            if self.huidig is not None and deelnemer < self.huidig:
                self.ongeordend = True
            if not self.ongeordend:
                self.controleer(self.rijen)
            self.huidig, self.rijen = deelnemer, []
        return self.rijen

    def einde(self) -> None:
        if not self.ongeordend:
            self.controleer(self.rijen)
        self.huidig, self.rijen = None, []


class _Codes:
    """Every code table once, as sets; the catalog entries of the werkvormen."""

    def __init__(self) -> None:
        self._sets: dict[str, set[str]] = {}
        self.eind_at = toegelaten_eindadviezen("activering")
        self.eind_se = toegelaten_eindadviezen("ama-se")
        self.werkvormen: dict[Any, Any] = {
            w.code: w
            for w in Werkvorm.objects.only(
                "code",
                "naam",
                "geldig_van",
                "geldig_tot",
                "einde_instroom",
                "max_duur_maanden",
                "max_duur_dagen",
            )
        }

    def laad_alles(self) -> None:
        """Read every code table a bundle column refers to now, before any write: in the
        parallel import the writer's bulk mode may lock those tables until the commit."""
        self.regio_provincie  # noqa: B018 - loaded now, like the code sets
        for bestand in BESTANDEN:
            for kolom in bestand.kolommen:
                if kolom.soort is Soort.CODE:
                    self.geldig(kolom.bron)

    @functools.cached_property
    def regio_provincie(self) -> dict[Any, str]:
        """The province of each region (`deelnemers.rules.deelnemer_fouten`)."""
        return dict(Regio.objects.values_list("code", "provincie_id"))

    def geldig(self, model_label: str) -> set[str]:
        if model_label not in self._sets:
            model = apps.get_model(model_label)
            self._sets[model_label] = {str(c) for c in model.objects.values_list("pk", flat=True)}
        return self._sets[model_label]


def _object(waarden: dict[str, Any], **aliassen: str) -> SimpleNamespace:
    """A row as the object the rule functions expect (model attribute names)."""
    attrs = dict(waarden)
    for attr, kolom in aliassen.items():
        attrs[attr] = waarden.get(kolom)
    return SimpleNamespace(**attrs)


def _gepseudonimiseerd() -> set[str]:
    if not apps.is_installed("privacy"):
        return set()
    model = apps.get_model("privacy", "GepseudonimiseerdDossier")
    return {str(i) for i in model.objects.values_list("deelnemer_id", flat=True)}


def _chunks(items: Iterable[T]) -> Iterator[list[T]]:
    rest = iter(items)
    while chunk := list(islice(rest, CHUNK)):
        yield chunk


def _bestaande_ids(model: type[models.Model], ids: list[str]) -> set[str]:
    bestaand: set[str] = set()
    for chunk in _chunks(ids):
        bestaand.update(model._default_manager.filter(pk__in=chunk).values_list("pk", flat=True))
    return bestaand
