"""Rules on organisations: KBO numbers, recognitions and the samenwerkingsverband Zorg."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from stdnum.be import vat
from stdnum.exceptions import ValidationError

from trajectories.rules import Fout

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
                f"{uiterlijk:%d/%m/%Y}.",
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
                        f"Op {dag:%d/%m/%Y} heeft het samenwerkingsverband Zorg "
                        f"geen lid van de groep {naam}.",
                    )
                )
    return fouten
