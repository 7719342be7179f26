"""Rules on organisations: KBO numbers, recognitions and the samenwerkingsverband Zorg."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from stdnum.be import vat
from stdnum.exceptions import ValidationError

from werkzorg.domein.fouten import Fout
from werkzorg.formats import datum as toon_datum

# Which organisation types a recognition may have, and until when at the latest (None = open).
ERKENDE_TYPES: dict[str, dict[str, date | None]] = {
    "begeleider-ama-wvg": {
        **{
            t: None
            for t in (
                "caw",
                "dmw-ziekenfonds",
                "cgg",
                "beschut-wonen",
                "psychiatrisch-ziekenhuis",
                "opgroeien",
                "vaph",
                "revalidatiecentrum",
                "ambulante-revalidatie",
                "ocmw",
                "vereniging-ocmw",
                "maatwerkbedrijf",
            )
        },
        "onderwijsinstelling": date(2023, 12, 31),
        "psy-afdeling-az": date(2023, 12, 31),
    },
    "begeleider-ama-se": {"maatwerkbedrijf": None},
}

# A samenwerkingsverband Zorg has, on every day of its mandate, a member of each group.
ZORG_GROEPEN: list[tuple[str, frozenset[str]]] = [
    (
        "CAW, OCMW of dienst maatschappelijk werk van het ziekenfonds",
        frozenset({"caw", "ocmw", "dmw-ziekenfonds"}),
    ),
    ("VAPH-voorziening", frozenset({"vaph"})),
    (
        "CGG, psychiatrisch ziekenhuis, revalidatiecentrum of beschut wonen",
        frozenset({"cgg", "psychiatrisch-ziekenhuis", "revalidatiecentrum", "beschut-wonen"}),
    ),
]


def normaliseer_kbo(value: str) -> str:
    """`0123.456.789` or `0123456789` -> `0123.456.789`; raises ValueError in Dutch."""
    try:
        digits = vat.validate(value)
    except ValidationError as exc:
        raise ValueError(f"Ongeldig ondernemingsnummer (KBO): {value}") from exc
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def erkenning_fouten(rol: str, type_code: str, tot: date | None) -> list[Fout]:
    """A recognition as begeleider must be of an allowed type, within its end date."""
    toegelaten = ERKENDE_TYPES.get(rol)
    if toegelaten is None:
        return []
    if type_code not in toegelaten:
        return [
            Fout("rol", f"Een organisatie van type {type_code} kan niet erkend worden als {rol}.")
        ]
    uiterlijk = toegelaten[type_code]
    if uiterlijk is not None and (tot is None or tot > uiterlijk):
        return [
            Fout(
                "tot",
                f"Een erkenning als {rol} van type {type_code} eindigt ten laatste op "
                f"{toon_datum(uiterlijk)}.",
            )
        ]
    return []


def samenwerkingsverband_fouten(leden: Iterable[Any]) -> list[Fout]:
    """Check the composition of one region's samenwerkingsverband Zorg over its mandate.

    `leden`: objects with `type_code`, `van` and `tot` (the region's memberships). Checked on
    every day where the composition changes, which covers every day of the mandate.
    """
    leden = list(leden)
    if not leden:
        return []
    dagen = {m.van for m in leden} | {m.tot + timedelta(days=1) for m in leden if m.tot}
    fouten = []
    for dag in sorted(dagen):
        actief = {m.type_code for m in leden if m.van <= dag and (m.tot is None or m.tot >= dag)}
        if not actief:
            continue  # outside the mandate
        for naam, types in ZORG_GROEPEN:
            if not actief & types:
                fouten.append(
                    Fout(
                        "regio",
                        f"Op {toon_datum(dag)} heeft het samenwerkingsverband Zorg "
                        f"geen lid van de groep {naam}.",
                    )
                )
    return fouten


# Labels of the roles in messages (the model's choices are lazy; rules stay plain strings).
ROL_NAMEN: dict[str, str] = {
    "netwerk": "partner van een netwerk van dienstverleners",
    "samenwerkingsverband-zorg": "lid van het samenwerkingsverband Zorg",
    "begeleider-ama-wvg": "erkend begeleider AMA WVG",
    "begeleider-ama-se": "erkend begeleider AMA SE",
    "netwerkcoordinator": "netwerkcoördinator",
}


def heeft_lidmaatschap(
    leden: Iterable[Any],
    *,
    rol: str,
    op: date,
    netwerk_id: str | None = None,
    regio_id: str | None = None,
) -> bool:
    """Whether one of `leden` (an organisation's memberships) holds `rol` on `op`."""
    return any(
        m.rol == rol
        and m.van <= op
        and (m.tot is None or m.tot >= op)
        and (netwerk_id is None or m.netwerk_id == netwerk_id)
        and (regio_id is None or m.regio_id == regio_id)
        for m in leden
    )


def erkend_begeleider_fouten(leden: Iterable[Any], rol: str, op: date) -> list[Fout]:
    """A begeleider (AMA SE or AMA WVG) holds that recognition on the day it starts guiding."""
    if heeft_lidmaatschap(leden, rol=rol, op=op):
        return []
    return [
        Fout(
            "begeleider",
            f"De organisatie is op {toon_datum(op)} niet {ROL_NAMEN.get(rol, rol)}.",
        )
    ]


def netwerkpartner_fouten(leden: Iterable[Any], netwerk_id: str, op: date) -> list[Fout]:
    """An action of a trajectplan goes to a partner of the region's network on that day."""
    if heeft_lidmaatschap(leden, rol="netwerk", op=op, netwerk_id=netwerk_id):
        return []
    return [
        Fout(
            "dienstverlener",
            f"De dienstverlener is op {toon_datum(op)} geen partner van het netwerk van "
            "dienstverleners van de regio van het traject.",
        )
    ]


def casemanager_zorg_fouten(leden: Iterable[Any], regio_id: str, op: date) -> list[Fout]:
    """The casemanager Zorg comes from the samenwerkingsverband Zorg of the trajectory's region."""
    if heeft_lidmaatschap(leden, rol="samenwerkingsverband-zorg", op=op, regio_id=regio_id):
        return []
    return [
        Fout(
            "casemanager_zorg_org",
            f"De organisatie is op {toon_datum(op)} geen lid van het samenwerkingsverband Zorg "
            "van de regio van het traject.",
        )
    ]


def lidmaatschap_bereik_fouten(rol: str | None, netwerk_id: Any, regio_id: Any) -> list[Fout]:
    """A network role names its network, the samenwerkingsverband Zorg its region."""
    if rol in ("netwerk", "netwerkcoordinator") and not netwerk_id:
        return [Fout("netwerk", "Een netwerk is verplicht voor deze rol.")]
    if rol == "samenwerkingsverband-zorg" and not regio_id:
        return [Fout("regio", "Een regio is verplicht voor het samenwerkingsverband Zorg.")]
    return []


def lidmaatschap_fouten(m: Any) -> list[Fout]:
    """What a membership row needs besides its recognition type: its network or region, dates."""
    fouten = []
    if m.rol not in ROL_NAMEN:
        fouten.append(Fout("rol", f"Onbekende rol: {m.rol}."))
    fouten += lidmaatschap_bereik_fouten(m.rol, m.netwerk_id, m.regio_id)
    if m.van is None:
        fouten.append(Fout("van", "De begindatum is verplicht."))
    elif m.tot is not None and m.tot < m.van:
        fouten.append(Fout("tot", "De einddatum ligt vóór de begindatum."))
    return fouten


def casemanager_werk_fouten(type_code: str) -> list[Fout]:
    """The casemanager Werk comes from a Gespecialiseerd Team Bemiddeling (GTB)."""
    if type_code == "gtb":
        return []
    return [
        Fout("casemanager_werk_org", "De casemanager Werk komt van een GTB (organisatietype gtb).")
    ]
