"""A broken rule (`Fout`) and a refused change (`Geweigerd`): the error types of every rule
module and service. Messages are Dutch, because they are shown to the user as they are."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Fout:
    """A broken rule: the field it concerns and a Dutch message for the user."""

    veld: str
    bericht: str


class Geweigerd(Exception):  # noqa: N818 - a domain verb, as users say it
    """A refused change: carries the broken rules; nothing was changed.

    Views turn it into form errors, the API into 400/409 with `code`, the import into
    `file:line: column: message` lines.
    """

    def __init__(self, fouten: list[Fout], *, code: str = "regel-geschonden") -> None:
        self.fouten = fouten
        self.code = code
        super().__init__("; ".join(f.bericht for f in fouten))


def versie_fouten(huidige: int, gezien: int | None) -> list[Fout]:
    """The optimistic lock of a form: refused when someone saved the dossier since it was read."""
    if gezien is None or gezien == huidige:
        return []
    return [
        Fout(
            "versie",
            str(
                _(
                    "Iemand anders heeft dit dossier intussen gewijzigd. Herlaad de pagina en "
                    "voer de wijziging opnieuw in."
                )
            ),
        )
    ]
