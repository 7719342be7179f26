"""Reading a bundle file: decoding, CSV, and turning each cell into its value.

`lees` streams a file's rows (`Rij`: line number and converted values). With a `Verslag` (the
validation of `bundle.validatie`) every problem is reported to it as `file:line: column:
message` (`foutregel`): a line that is no UTF-8 or holds a NUL, a CSV error, a wrong header, a
row of the wrong width, a cell that does not convert. Without one (pass 2, `db_rijen`), the
file has been validated already and its rows are read as database values.

Nothing here reads or writes the database, except the code sets the `CodeBron` hands out.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, cast

from django.db import models
from django.utils.translation import gettext as _

from bundle.spec import Bestand, Kolom, Soort
from deelnemers.rules import normaliseer_insz
from organisaties.rules import normaliseer_kbo
from werkzorg.domein.tabelbestanden import GEVAARLIJKE_BEGINTEKENS

#: Control characters (line breaks included) as escapes: one error is one line.
_ZICHTBAAR = {i: f"\\x{i:02x}" for i in (*range(32), 0x7F, 0x85, 0x200B, 0x2028, 0x2029, 0xFEFF)}


def foutregel(bestand: str, lijn: int, kolom: str, bericht: str) -> str:
    """`file:line: column: message`, one line; a header cell that is no plain column name
    (empty, with a colon or a control character) is shown in the message, the column as `-`."""
    bericht = bericht.translate(_ZICHTBAAR)
    if not kolom or ":" in kolom or kolom != kolom.translate(_ZICHTBAAR) or kolom.strip() != kolom:
        bericht = f"«{kolom.translate(_ZICHTBAAR)}»: {bericht}"
        kolom = "-"
    return f"{bestand}:{lijn}: {kolom}: {bericht}"


@dataclass
class Rij:
    """One row of a bundle file: its line and its converted values."""

    lijn: int
    waarden: dict[str, Any]  # column -> converted value (None when empty)
    # A cell of this row was wrong: its rules are not checked (they would only repeat it).
    fout: bool = False


class CodeBron(Protocol):
    """The valid codes of a code table (`bundle.validatie`'s code sets)."""

    def geldig(self, model_label: str) -> set[str]: ...


class Verslag(Protocol):
    """What `lees` reports to while it reads (the validation of pass 1)."""

    @property
    def codes(self) -> CodeBron: ...  # read-only: any object with `geldig` will do

    kolommen: dict[str, list[str]]  # file -> the known columns its header holds
    kop: dict[str, list[str]]  # file -> its header as it stands
    niet_ruw: set[str]  # files PostgreSQL may not read raw (`bundle.schrijver.RuweCsv`)

    def fout(self, bestand: str, lijn: int, kolom: str, bericht: str) -> None: ...


Omzetter = Callable[[str], Any]


def _omzetter(bestand: Bestand, kolom: Kolom, codes: CodeBron | None) -> Omzetter:
    """The function turning a non-empty cell into its value; raises ValueError (Dutch)."""
    veld = bestand.veld(kolom.naam)
    doel = cast("models.ForeignKey[Any, Any]", veld).target_field if veld.is_relation else veld
    max_lengte = getattr(doel, "max_length", None)
    soort = kolom.soort

    def tekst(s: str) -> str:
        if max_lengte and len(s) > max_lengte:
            raise ValueError(_("Langer dan %(n)d tekens.") % {"n": max_lengte})
        return s

    if soort in (Soort.TEKST, Soort.REF):
        return tekst
    if soort is Soort.DATUM:
        return _datum
    if soort is Soort.BOOL:
        return _bool
    if soort is Soort.GEHEEL:
        grens = 32767 if isinstance(veld, models.PositiveSmallIntegerField) else 2147483647
        return lambda s: _geheel(s, grens)
    if soort is Soort.INSZ:
        # Pass 2 (validated already): only the compact form normaliseer_insz returns.
        return normaliseer_insz if codes is not None else _insz_compact
    if soort is Soort.KBO:
        return normaliseer_kbo
    if soort is Soort.KEUZE:
        assert veld.choices is not None  # a KEUZE column is a field with choices (bundle.spec)
        keuzes = {str(k) for k, _l in veld.choices}
        return lambda s: _uit(s, keuzes, kolom.naam)
    if soort is Soort.CODE:
        if codes is None:
            return str  # pass 2: validated already
        geldig = codes.geldig(kolom.bron)
        return lambda s: _uit(s, geldig, kolom.naam)
    raise AssertionError(soort)


def _insz_compact(s: str) -> str:
    return s if len(s) == 11 and s.isdigit() else normaliseer_insz(s)


def _datum(s: str) -> date:
    # fromisoformat alone would also accept 20240101 and week dates.
    if len(s) != 10 or s[4] != "-" or s[7] != "-":
        raise ValueError(_("Geen geldige datum (JJJJ-MM-DD): %(s)s") % {"s": s})
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise ValueError(_("Geen geldige datum (JJJJ-MM-DD): %(s)s") % {"s": s}) from None


def _bool(s: str) -> bool:
    if s == "1":
        return True
    if s == "0":
        return False
    raise ValueError(_("Geen geldige booleaanse waarde (1 of 0): %(s)s") % {"s": s})


def _geheel(s: str, grens: int) -> int:
    if not (s.isascii() and s.isdigit()) or int(s) > grens:
        raise ValueError(_("Geen geldig geheel getal (0 tot %(g)d): %(s)s") % {"s": s, "g": grens})
    return int(s)


def _uit(s: str, geldig: set[str], kolom: str) -> str:
    if s not in geldig:
        raise ValueError(_("Onbekende code voor %(k)s: %(s)s") % {"k": kolom, "s": s})
    return s


class _Onleesbaar(Exception):  # noqa: N818 - Dutch domain name
    """A physical line that is no UTF-8 text, or holds a NUL: reported on that line."""

    def __init__(self, lijn: int, bericht: str) -> None:
        self.lijn = lijn
        self.bericht = bericht
        super().__init__(bericht)


_LEGE_AANHALING = re.compile(rb'(?:^|,)""(?:,|\r?\n|$)', re.MULTILINE)


class _Regels:
    """The lines of a bundle file for `csv.reader`, decoded in blocks of whole lines: an
    encoding error or a NUL is reported on its own line (a text stream decodes ahead, so its
    errors surface on line 1). Notes what makes the file unfit for PostgreSQL's own CSV
    reading (`zuiver`)."""

    BLOK = 1 << 20

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        # PostgreSQL's COPY reads a quoted empty cell ("") as '' where the import means no
        # value: a file with one is written from Python. So is a file whose lines do not all
        # end alike (LF, or CR LF): COPY takes the first line's ending for the whole file and
        # refuses any other carriage return, where Python's csv reads each as a line's end.
        self.zuiver = True
        self._einde: str | None = None  # "lf" or "crlf", as far as read
        # A line could not be read: the rows after it are not read.
        self.afgebroken = False

    def __iter__(self) -> Iterator[str]:
        rest, lijnen_voor = b"", 0
        while True:
            blok = self.fh.read(self.BLOK)
            data = rest + blok
            if blok:
                knip = data.rfind(b"\n") + 1
                if knip == 0:
                    rest = data
                    continue
                data, rest = data[:knip], data[knip:]
            elif not data:
                return
            else:
                rest = b""
            if lijnen_voor == 0 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            slecht, fout = data.find(b"\x00"), None
            try:
                tekst = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                if slecht < 0 or exc.start < slecht:
                    slecht, fout = exc.start, exc
            if slecht >= 0:
                begin = data.rfind(b"\n", 0, slecht) + 1
                yield from io.StringIO(data[:begin].decode("utf-8"), newline="")
                lijn = lijnen_voor + data.count(b"\n", 0, begin) + 1
                regel = data[begin : data.find(b"\n", slecht) % (len(data) + 1)]
                if fout is None:
                    raise _Onleesbaar(lijn, _("De regel bevat een NUL-teken (byte 0)."))
                raise _Onleesbaar(lijn, _codering_fout(regel, slecht - begin, lijn))
            if self.zuiver and b'""' in data and _LEGE_AANHALING.search(data):
                self.zuiver = False
            if self.zuiver:
                self._regeleinden(data)
            lijnen_voor += data.count(b"\n")
            yield from io.StringIO(tekst, newline="")
            if not blok:
                return

    def _regeleinden(self, data: bytes) -> None:
        """Not `zuiver` when the lines of `data` (whole lines) end otherwise than those read
        before, or a carriage return stands anywhere but right before a line feed."""
        cr = data.count(b"\r")
        if cr == 0:
            einde = "lf"
        elif cr == data.count(b"\r\n") == data.count(b"\n"):
            einde = "crlf"
        else:
            self.zuiver = False
            return
        if data.count(b"\n") == 0:
            return  # the last line without an ending: nothing to compare
        if self._einde is not None and self._einde != einde:
            self.zuiver = False
        self._einde = einde


def _codering_fout(regel: bytes, positie: int, lijn: int) -> str:
    if lijn == 1 and regel.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _("Het bestand is UTF-16; een bundel is UTF-8.")
    return _(
        "Geen geldige UTF-8-tekst (byte 0x%(byte)02X op positie %(pos)d van de regel); "
        "sla het bestand op als UTF-8."
    ) % {"byte": regel[positie], "pos": positie + 1}


#: Python's csv errors (English) as the Dutch message shown for them, by their beginning.
_CSV_FOUTEN = (
    ("unexpected end of data", "Een aanhalingsteken wordt niet gesloten."),
    ("new-line character seen in unquoted field", "Een regeleinde (CR) buiten aanhalingstekens."),
    ("field larger than field limit", "Een cel is te groot."),
    ("',' expected after", "Na een afsluitend aanhalingsteken moet een komma volgen."),
)


def _csv_fout(exc: csv.Error) -> str:
    tekst = str(exc)
    for begin, bericht in _CSV_FOUTEN:
        if tekst.startswith(begin):
            return _("Onleesbare regel: %(e)s") % {"e": _(bericht)}
    return _("Onleesbare regel: geen geldige CSV.")


#: Cell types whose stored form may differ from their text (normalised): not read raw.
_NORMALISEREN = (Soort.INSZ, Soort.KBO)


def lees(
    bestand: Bestand, pad: Path, verslag: Verslag | None, *, verdraagzaam: bool = False
) -> Iterator[Rij]:
    """Stream a file's rows, converted; with `verslag`, report every problem to it;
    `verdraagzaam`: skip what cannot be read (reported already) instead of raising."""
    naam = bestand.naam
    with pad.open("rb") as fh:
        regels = _Regels(fh)
        reader = csv.reader(regels, strict=True)
        header = _lees_kop(reader, naam, verslag)
        if header is None:
            return
        kolommen = _kolommen(bestand, header, verslag)
        codes = verslag.codes if verslag is not None else None
        omzetters = _omzetters(bestand, header, kolommen, codes)
        # Columns left out of the header: their values are empty.
        ontbrekend = dict.fromkeys(k.naam for k in bestand.kolommen if k.naam not in kolommen)
        breedte = len(header)
        for lijn, cellen in _cellen(reader, regels, naam, verslag):
            if not cellen:
                if verslag is not None:
                    verslag.niet_ruw.add(naam)
                continue  # a blank line
            if len(cellen) != breedte and (verslag is not None or verdraagzaam):
                if verslag is not None:
                    verslag.fout(
                        naam,
                        lijn,
                        "-",
                        _("%(n)d velden, de kopregel heeft er %(m)d.")
                        % {"n": len(cellen), "m": breedte},
                    )
                continue
            yield _zet_om(naam, lijn, cellen, omzetters, dict(ontbrekend), verslag, verdraagzaam)
        if verslag is not None and not regels.zuiver and not regels.afgebroken:
            verslag.niet_ruw.add(naam)


def _lees_kop(reader: Any, naam: str, verslag: Verslag | None) -> list[str] | None:
    """The header row ([] for an empty file); None when it cannot be read (reported)."""
    try:
        header = next(reader, None)
    except _Onleesbaar as exc:
        if verslag is not None:
            verslag.fout(naam, exc.lijn, "-", exc.bericht)
        return None
    except csv.Error as exc:
        if verslag is not None:
            verslag.fout(naam, 1, "-", _csv_fout(exc))
        return None
    return header or []


def _kolommen(bestand: Bestand, header: list[str], verslag: Verslag | None) -> list[str]:
    """The known columns the header holds; with `verslag`, the header checked and noted."""
    if verslag is None:
        return [k for k in header if k in {s.naam for s in bestand.kolommen}]
    kolommen = _controleer_kop(bestand, header, verslag)
    verslag.kolommen[bestand.naam] = kolommen
    verslag.kop[bestand.naam] = header
    return kolommen


def _omzetters(
    bestand: Bestand, header: list[str], kolommen: list[str], codes: CodeBron | None
) -> list[tuple[int, str, Kolom, Omzetter]]:
    """(cell index, column, its spec, its converter) of every known column of the header."""
    spec = {k.naam: k for k in bestand.kolommen}
    return [
        (i, kolom, spec[kolom], _omzetter(bestand, spec[kolom], codes))
        for i, kolom in enumerate(header)
        if kolom in spec and kolom in kolommen
    ]


def _cellen(
    reader: Any, regels: _Regels, naam: str, verslag: Verslag | None
) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each row after the header; stops at a line that cannot be read
    (reported, and `regels.afgebroken` set)."""
    einde_vorige = reader.line_num
    while True:
        try:
            cellen = next(reader)
        except StopIteration:
            return
        except _Onleesbaar as exc:
            if verslag is not None:
                verslag.fout(naam, exc.lijn, "-", exc.bericht)
            regels.afgebroken = True
            return
        except csv.Error as exc:
            if verslag is not None:
                verslag.fout(naam, einde_vorige + 1, "-", _csv_fout(exc))
            regels.afgebroken = True
            return
        lijn = einde_vorige + 1
        einde_vorige = reader.line_num
        yield lijn, cellen


def _zet_om(
    naam: str,
    lijn: int,
    cellen: list[str],
    omzetters: list[tuple[int, str, Kolom, Omzetter]],
    waarden: dict[str, Any],
    verslag: Verslag | None,
    verdraagzaam: bool,
) -> Rij:
    """One row's cells as values (into `waarden`); a cell that does not convert is reported
    and None, and marks the row (`Rij.fout`)."""
    rij = Rij(lijn, waarden)
    for i, kolom, k, omzet in omzetters:
        s = cellen[i]
        if s == "":
            if k.verplicht and verslag is not None:
                verslag.fout(naam, lijn, kolom, _("Een waarde is verplicht."))
                rij.fout = True
            waarden[kolom] = None
            continue
        if s[0] == "'" and s.lstrip("'").startswith(GEVAARLIJKE_BEGINTEKENS):
            # Formula-safe export (decision 121): one apostrophe was added.
            s = s[1:]
            if verslag is not None:
                verslag.niet_ruw.add(naam)
        try:
            waarden[kolom] = omzet(s)
            if k.soort in _NORMALISEREN and waarden[kolom] != s and verslag is not None:
                verslag.niet_ruw.add(naam)
        except ValueError as exc:
            if verslag is None and not verdraagzaam:
                raise
            if verslag is not None:
                verslag.fout(naam, lijn, kolom, str(exc))
            waarden[kolom] = None
            rij.fout = True
    return rij


def _controleer_kop(bestand: Bestand, header: list[str], verslag: Verslag) -> list[str]:
    """Report a wrong header; return the known columns it holds."""
    naam, spec = bestand.naam, {k.naam: k for k in bestand.kolommen}
    gezien: set[str] = set()
    for kolom in header:
        if kolom not in spec:
            verslag.fout(naam, 1, kolom, _("Onbekende kolom."))
        elif kolom in gezien:
            verslag.fout(naam, 1, kolom, _("Deze kolom staat twee keer in de kopregel."))
        gezien.add(kolom)
    for k in bestand.kolommen:
        if k.verplicht and k.naam not in gezien:
            verslag.fout(naam, 1, k.naam, _("Verplichte kolom ontbreekt in de kopregel."))
    return [k.naam for k in bestand.kolommen if k.naam in gezien]


def db_rijen(bestand: Bestand, map_: Path) -> Iterator[tuple[Any, ...]]:
    """Pass 2: the file's rows as database values, in the order of the spec's columns."""
    kolommen = bestand.kolomnamen
    leeg = [None if bestand.veld(k).null else "" for k in kolommen]
    for rij in lees(bestand, map_ / bestand.naam, None):
        w = rij.waarden
        yield tuple(leeg[i] if (v := w.get(k)) is None else v for i, k in enumerate(kolommen))
