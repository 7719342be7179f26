"""The address of a row's page in a list, without `reverse()` for every row (decision 551).

`adres("deelnemers:dossier", pk)` gives what `reverse("deelnemers:dossier", args=[pk])`
gives. `reverse()` matches the name against the URL patterns and quotes the result on every
call: about 40 µs, and a list of 50 rows with two links each spent 4 ms of its page on it.
Here the URL is reversed once per name, number of arguments and script prefix, with
placeholders, and a row's address is that template with its ids filled in.

The fast path takes only ids made of letters, digits, `-` and `_`: every path converter
(`str`, `slug`, `path`) accepts them unchanged and quoting leaves them as they are, so the
result is the one `reverse()` gives. A URL whose converters refuse letters (`int`) gets a
template from digits, and only ids of digits take its fast path. Anything else (an empty id,
a slash, a space, letters for an `int`) goes through `reverse()` itself, with its errors.
Templates write `{% adres "deelnemers:dossier" r.pk %}` (the `werkzorg` tag library).
"""

from __future__ import annotations

import re
import threading
from typing import Any
from weakref import WeakKeyDictionary

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse

_VEILIG = re.compile(r"[A-Za-z0-9_-]+")
_CIJFERS = re.compile(r"[0-9]+")
# Placeholders per argument: one that `str`/`slug`/`path` accept, one of digits for `int`.
_PLAATSEN = ("wzadres{:02d}plaats", "73019462{:02d}85")
# Per URL configuration (its resolver: a new one after `clear_url_caches`), per (name, number
# of arguments, script prefix): which placeholders `reverse()` took (the pattern the ids must
# match) and the URL's literal parts around the arguments; None when it took neither.
_SJABLONEN: WeakKeyDictionary[
    Any, dict[tuple[str, int, str], tuple[re.Pattern[str], tuple[str, ...]] | None]
] = WeakKeyDictionary()
_SLOT = threading.Lock()


def _sjabloon(naam: str, aantal: int) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    for vorm, patroon in zip(_PLAATSEN, (_VEILIG, _CIJFERS), strict=True):
        plaatsen = [vorm.format(i) for i in range(aantal)]
        try:
            url = reverse(naam, args=plaatsen)
        except NoReverseMatch:
            continue
        delen: list[str] = []
        rest = url
        for plaats in plaatsen:
            voor, gevonden, rest = rest.partition(plaats)
            if not gevonden or plaats in rest or plaats in voor:
                return None
            delen.append(voor)
        delen.append(rest)
        return patroon, tuple(delen)
    return None


def adres(naam: str, *args: Any) -> str:
    """`reverse(naam, args=args)`, with the URL's template reversed once (see the module)."""
    teksten = [str(a) for a in args]
    resolver = get_resolver(get_urlconf())
    sleutel = (naam, len(teksten), get_script_prefix())
    per_naam = _SJABLONEN.get(resolver)
    if per_naam is not None and sleutel in per_naam:
        sjabloon = per_naam[sleutel]
    else:
        sjabloon = _sjabloon(naam, len(teksten))
        with _SLOT:
            _SJABLONEN.setdefault(resolver, {})[sleutel] = sjabloon
    if sjabloon is None or not all(sjabloon[0].fullmatch(t) for t in teksten):
        return reverse(naam, args=args)
    delen = sjabloon[1]
    uit = [delen[0]]
    for tekst, deel in zip(teksten, delen[1:], strict=True):
        uit.append(tekst)
        uit.append(deel)
    return "".join(uit)
