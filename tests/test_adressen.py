"""`werkzorg.domein.adressen.adres` writes what `reverse()` writes, and refuses what it refuses;
the fast date writer of `werkzorg.formats` writes what Django's `dateformat` writes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, path, reverse, set_script_prefix
from django.utils import dateformat, translation

from werkzorg import formats
from werkzorg.domein.adressen import adres


def _leeg(request, **kwargs):  # pragma: no cover - never called, only reversed
    raise AssertionError


urlpatterns = [
    path("een/<str:pk>/", _leeg, name="str"),
    path("twee/<slug:a>/en/<str:b>/x/", _leeg, name="twee"),
    path("getal/<int:n>/", _leeg, name="getal"),
    path("pad/<path:p>", _leeg, name="pad"),
    path("gemengd/<int:n>/<str:pk>/", _leeg, name="gemengd"),
]

IDS = ["D0000001", "AT001556", "ATP1", "x", "a-b_c", "12", "007", "ÖZ", "met spatie", "a&b", "é/è"]
NAMEN = [
    ("deelnemers:dossier", 1),
    ("trajecten:activering_detail", 1),
    ("trajecten:ama_se_detail", 1),
    ("trajecten:wvg_detail", 1),
]


def _beide(naam, *args):
    try:
        verwacht = reverse(naam, args=args)
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            adres(naam, *args)
        return None
    assert adres(naam, *args) == verwacht, (naam, args)
    return verwacht


@pytest.mark.parametrize(("naam", "_n"), NAMEN)
@pytest.mark.parametrize("pk", IDS)
def test_the_application_urls_as_reverse_writes_them(naam, _n, pk):
    _beide(naam, pk)


@override_settings(ROOT_URLCONF=__name__)
def test_every_converter_and_argument_as_reverse_writes_or_refuses_them():
    for pk in [*IDS, ""]:
        _beide("str", pk)
        _beide("getal", pk)
        _beide("pad", pk)
        for b in ["y", "z/z", "", "34"]:
            _beide("twee", pk, b)
            _beide("gemengd", pk, b)
    assert adres("getal", 12) == "/getal/12/"
    assert adres("gemengd", 12, "AT1") == "/gemengd/12/AT1/"
    assert adres("twee", "a", "b") == "/twee/a/en/b/x/"
    with pytest.raises(NoReverseMatch):
        adres("twee", "a")  # one argument too few
    with pytest.raises(NoReverseMatch):
        adres("bestaat-niet", "a")


def test_a_script_prefix_is_kept_and_changes_with_the_request():
    try:
        set_script_prefix("/werkzorg/")
        assert adres("deelnemers:dossier", "D1") == "/werkzorg/dossiers/D1/"
        assert adres("deelnemers:dossier", "D1") == reverse("deelnemers:dossier", args=["D1"])
    finally:
        clear_script_prefix()
    assert adres("deelnemers:dossier", "D1") == "/dossiers/D1/"


def test_the_template_tag_writes_what_the_url_tag_writes():
    context = Context({"pk": "AT001556", "raar": "a&b c"})
    snel = Template(
        "{% load werkzorg %}{% adres 'trajecten:activering_detail' pk %}"
        "|{% adres 'deelnemers:dossier' raar %}"
    ).render(context)
    django = Template(
        "{% url 'trajecten:activering_detail' pk %}|{% url 'deelnemers:dossier' raar %}"
    ).render(context)
    assert snel == django == "/trajecten/activering/AT001556/|/dossiers/a&amp;b%20c/"


DATUMS = [date(2026, 3, 1), date(2026, 12, 2), date(1999, 1, 31), date(5, 7, 4), date(2024, 2, 29)]
FORMATEN = ["j/m/Y", "d/m/Y", "n-j-y", "Y-m-d", "d.m.y", "j F Y", r"j \d\e m", "D j/m/Y", ""]


@pytest.mark.parametrize("opmaak", FORMATEN)
def test_the_fast_date_writer_writes_what_django_writes(opmaak):
    schrijf = formats._dagopmaak(opmaak)
    for d in [*DATUMS, *(date(2025, 1, 1) + timedelta(days=i * 37) for i in range(20))]:
        verwacht = dateformat.format(d, opmaak)
        assert (schrijf(d) if schrijf else dateformat.format(d, opmaak)) == verwacht
    # Only the plain day, month and year characters take the fast path.
    assert (schrijf is not None) == (opmaak in {"j/m/Y", "d/m/Y", "n-j-y", "Y-m-d", "d.m.y", ""})


def test_datum_follows_the_active_language_format():
    d = date(2026, 3, 1)
    assert formats.datum(d) == "1/03/2026"
    with translation.override("en"):
        assert formats.datum(d) == dateformat.format(d, "m/d/Y") == "03/01/2026"
