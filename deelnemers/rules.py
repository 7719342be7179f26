"""Rules on deelnemers: INSZ, plausible kenmerken and non-overlapping labour-market positions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from stdnum.be import bis, nn

from werkzorg.domein.datums import add_months, overlaps
from werkzorg.domein.fouten import Fout
from werkzorg.formats import datum as toon_datum


def normaliseer_insz(value: str) -> str:
    """Validate a Belgian INSZ (national or BIS number, the 2000+ rule included).

    Returns the 11 digits; raises ValueError with a Dutch message.
    """
    # Already compact (every bundle row): skip one of stdnum's two clean-ups, half its cost.
    compact = value if len(value) == 11 and value.isdigit() else nn.compact(value)
    if nn.is_valid(compact) or bis.is_valid(compact):
        return compact
    raise ValueError(f"Ongeldig INSZ-nummer: {value}")


def positie_fouten(posities: Iterable[Any]) -> list[Fout]:
    """Periods of one participant's labour-market positions must not overlap."""
    gesorteerd = sorted(posities, key=lambda p: p.van)
    fouten = []
    for vorige, p in zip(gesorteerd, gesorteerd[1:], strict=False):
        if overlaps(vorige.van, vorige.tot, p.van, p.tot):
            fouten.append(
                Fout(
                    "van",
                    f"De periode vanaf {toon_datum(p.van)} overlapt met de periode "
                    f"vanaf {toon_datum(vorige.van)}.",
                )
            )
    return fouten


# --- the kenmerken of a deelnemer (registration, Kenmerken wijzigen, API, import) ----------

# Plausibility of a birth date (decision 181): at least 15 on the day of the check (the
# youngest in the target group are deeltijds leerplichtig), at most 100 (history stays).
MIN_LEEFTIJD = 15
MAX_LEEFTIJD = 100

REGIO_NIET_IN_PROVINCIE = "Deze regio ligt niet in de gekozen provincie."


def _jaren_voor(d: date, jaren: int) -> date:
    return add_months(d, -12 * jaren)


def insz_geboorte(insz: str) -> tuple[int | None, int | None, int | None]:
    """The (year, month, day) an INSZ encodes; None for a part that is unknown.

    BIS numbers add 20 or 40 to the month; a month or day `00` (or a day counter that ran out)
    means that part was not known when the number was given (python-stdnum's reading).
    """
    try:
        return nn._get_birth_date_parts(insz)  # noqa: SLF001 - handles nn and BIS alike
    except Exception:  # noqa: BLE001 - an invalid number is refused by normaliseer_insz
        return (None, None, None)


def deelnemer_fouten(d: Any, *, regio_provincie_id: str | None, vandaag: date) -> list[Fout]:
    """Every rule on a deelnemer's kenmerken (empty list = plausible).

    `d` has the model's attribute names (`insz` compact or None, `geboortedatum`,
    `provincie_id`, `werkzoekend_sinds`); `regio_provincie_id` is the province of `d.regio`.
    Called by the form (through the service), the service, the API and the import.
    """
    fouten: list[Fout] = []
    g = d.geboortedatum
    if regio_provincie_id is not None and regio_provincie_id != d.provincie_id:
        fouten.append(Fout("regio", REGIO_NIET_IN_PROVINCIE))
    if g is None:
        return [*fouten, Fout("geboortedatum", "De geboortedatum is verplicht.")]
    if g > vandaag:
        fouten.append(Fout("geboortedatum", "De geboortedatum ligt in de toekomst."))
    elif g > _jaren_voor(vandaag, MIN_LEEFTIJD):
        fouten.append(
            Fout(
                "geboortedatum",
                f"Een deelnemer is minstens {MIN_LEEFTIJD} jaar oud: controleer de geboortedatum.",
            )
        )
    elif g < _jaren_voor(vandaag, MAX_LEEFTIJD):
        fouten.append(
            Fout(
                "geboortedatum",
                f"Een geboortedatum van meer dan {MAX_LEEFTIJD} jaar geleden is niet "
                "aannemelijk: controleer de geboortedatum.",
            )
        )
    if d.insz:
        jaar, maand, dag = insz_geboorte(d.insz)
        if (
            (jaar is not None and jaar != g.year)
            or (maand is not None and maand != g.month)
            or (dag is not None and dag != g.day)
        ):
            fouten.append(
                Fout(
                    "insz",
                    "Het INSZ-nummer past niet bij de geboortedatum: controleer beide.",
                )
            )
    ws = d.werkzoekend_sinds
    if ws is not None:
        if ws > vandaag:
            fouten.append(Fout("werkzoekend_sinds", "Werkzoekend sinds ligt in de toekomst."))
        elif ws < g:
            fouten.append(
                Fout("werkzoekend_sinds", "Werkzoekend sinds ligt vóór de geboortedatum.")
            )
    return fouten
