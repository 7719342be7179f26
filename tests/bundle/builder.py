"""A tiny valid bundle to break one cell at a time.

`kleine_bundel()` gives every file of the bundle as a list of rows (dicts by column); change a
cell, then `schrijf(bundel, map)` writes it with the spec's headers. Row `i` of a file is on
line `i + 2` (line 1 is the header).
"""

from __future__ import annotations

import csv
from pathlib import Path

from bundle.spec import BESTANDEN

Bundel = dict[str, list[dict[str, str]]]


def insz(geboren: str, volgnummer: int) -> str:
    """A valid INSZ for a birth date `YYYY-MM-DD` (the 2000+ rule included)."""
    basis = geboren[2:4] + geboren[5:7] + geboren[8:10] + f"{volgnummer:03d}"
    getal = int(("2" if geboren[:4] >= "2000" else "") + basis)
    return basis + f"{97 - getal % 97:02d}"


def kbo(nummer: int) -> str:
    """A valid KBO number `0xxx.xxx.xxx` from an 8-digit base."""
    basis = f"0{nummer:07d}"
    cijfers = basis + f"{97 - int(basis) % 97:02d}"
    return f"{cijfers[:4]}.{cijfers[4:7]}.{cijfers[7:]}"


def _org(id_: str, naam: str, type_: str, nummer: int) -> dict[str, str]:
    return {
        "id": id_,
        "naam": naam,
        "type": type_,
        "provincie": "antwerpen",
        "ondernemingsnummer": kbo(nummer),
    }


def _lid(org: str, rol: str, *, netwerk: str = "", regio: str = "", van: str = "2020-01-01"):
    return {
        "organisatie_id": org,
        "rol": rol,
        "netwerk": netwerk,
        "regio": regio,
        "als_type": "",
        "van": van,
        "tot": "",
    }


def _deelnemer(id_: str, geboren: str, volgnummer: int) -> dict[str, str]:
    return {
        "id": id_,
        "insz": insz(geboren, volgnummer),
        "voornaam": "An",
        "achternaam": f"Peeters {id_}",
        "geboortedatum": geboren,
        "provincie": "antwerpen",
        "regio": "kempen",
        "armoede": "0",
        "arbeidsbeperking": "1",
        "kortgeschoold": "0",
        "werkzoekend_sinds": "2022-05-01",
    }


def kleine_bundel() -> Bundel:
    """Three care organisations forming the samenwerkingsverband of Kempen, a GTB, a
    maatwerkbedrijf recognised for AMA SE and AMA WVG; three deelnemers with one trajectory
    of each kind, an advice, two positions and a ladder placement."""
    return {
        "organisaties.csv": [
            _org("O1", "CAW Kempen", "caw", 1000001),
            _org("O2", "VAPH Kempen", "vaph", 1000002),
            _org("O3", "CGG Kempen", "cgg", 1000003),
            _org("O4", "Maatwerk Geel", "maatwerkbedrijf", 1000004),
            _org("O5", "GTB Antwerpen", "gtb", 1000005),
        ],
        "lidmaatschappen.csv": [
            _lid("O1", "samenwerkingsverband-zorg", regio="kempen"),
            _lid("O1", "begeleider-ama-wvg"),
            _lid("O2", "samenwerkingsverband-zorg", regio="kempen"),
            _lid("O3", "samenwerkingsverband-zorg", regio="kempen"),
            _lid("O4", "begeleider-ama-se"),
            _lid("O4", "begeleider-ama-wvg"),
            _lid("O5", "netwerk", netwerk="antwerpen"),
        ],
        "contingenten.csv": [{"organisatie_id": "O4", "jaar": "2024", "plaatsen": "10"}],
        "objectieven.csv": [{"regio": "kempen", "jaar": "2024", "objectief": "5"}],
        "deelnemers.csv": [
            _deelnemer("D1", "1990-01-01", 1),
            _deelnemer("D2", "1985-06-15", 2),
            _deelnemer("D3", "2001-03-03", 3),
        ],
        "adviezen.csv": [
            {"id": "A1", "deelnemer_id": "D1", "advies": "AB", "van": "2024-01-10", "tot": ""}
        ],
        "activeringstrajecten.csv": [
            {
                "id": "AT1",
                "deelnemer_id": "D1",
                "regio": "kempen",
                "casemanager_werk_org": "O5",
                "casemanager_zorg_org": "O1",
                "geinitieerd_op": "2024-01-15",
                "aanvaard_op": "2024-02-01",
                "bezig_op": "2024-03-01",
                "verlengd_tot": "",
                "afgesloten_op": "",
                "eindadvies": "",
                "stopgezet_op": "",
                "stopreden": "",
                "ingetrokken_op": "",
            }
        ],
        "ama_se_trajecten.csv": [
            {
                "id": "SE1",
                "deelnemer_id": "D2",
                "begeleider_id": "O4",
                "gematcht_op": "2024-03-01",
                "afgesloten_op": "",
                "eindadvies": "",
                "stopgezet_op": "",
                "stopreden": "",
            }
        ],
        "ama_wvg_overeenkomsten.csv": [
            {
                "id": "WVG1",
                "deelnemer_id": "D3",
                "begeleider_id": "O4",
                "werkpost": 'Atelier "De Ploeg", Geel',
                "start": "2024-02-01",
                "einde": "",
            }
        ],
        "arbeidsmarktposities.csv": [
            {
                "deelnemer_id": "D1",
                "van": "2023-01-01",
                "tot": "2024-06-30",
                "positie": "werkzoekend",
            },
            {"deelnemer_id": "D1", "van": "2024-07-01", "tot": "", "positie": "werk-regulier"},
        ],
        "ladderplaatsingen.csv": [
            {
                "id": "LP1",
                "deelnemer_id": "D2",
                "werkvorm": "vop",
                "regio_wvl": "",
                "provincie": "antwerpen",
                "start": "2024-01-01",
                "einde": "",
            }
        ],
    }


def leeg() -> Bundel:
    """Every file with its header only."""
    return {b.naam: [] for b in BESTANDEN}


def schrijf(bundel: Bundel, map_: Path, *, kopregels: dict[str, list[str]] | None = None) -> Path:
    """Write the bundle's files (headers from the spec unless given in `kopregels`)."""
    map_.mkdir(parents=True, exist_ok=True)
    for bestand in BESTANDEN:
        kop = (kopregels or {}).get(bestand.naam, list(bestand.kolomnamen))
        with (map_ / bestand.naam).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(kop)
            for rij in bundel.get(bestand.naam, []):
                writer.writerow([rij.get(k, "") for k in kop])
    return map_
