"""The dossier summary PDF: scoped, the Zorg compartment only for its casemanager Zorg, logged."""

from __future__ import annotations

import io

from django.urls import reverse
from pypdf import PdfReader

from audit.models import DossierInzage


def _tekst(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_casemanager_werk_prints_the_dossier_without_the_zorg_notes(wereld, client_voor):
    r = client_voor(wereld.cm).get(reverse("dossier:afdruk", args=[wereld.d.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    tekst = _tekst(r.content)
    assert "Öztürk" in tekst and "7/03/1990" in tekst and "DAT1" in tekst
    assert "Geheime zorgtekst" not in tekst and "Zorgcompartiment" not in tekst
    assert DossierInzage.objects.filter(
        deelnemer_id=wereld.d.pk, user_id=wereld.cm.pk, kanaal="export"
    ).exists()


def test_the_casemanager_zorg_prints_the_zorg_compartment(wereld, client_voor):
    r = client_voor(wereld.cmz).get(reverse("dossier:afdruk", args=[wereld.d.pk]))
    assert "Geheime zorgtekst" in _tekst(r.content)


def test_the_admin_prints_without_the_zorg_notes(wereld, client_voor):
    r = client_voor(wereld.admin).get(reverse("dossier:afdruk", args=[wereld.d.pk]))
    assert "Geheime zorgtekst" not in _tekst(r.content)


def test_a_dossier_outside_scope_is_not_printed(wereld, client_voor):
    r = client_voor(wereld.buiten).get(reverse("dossier:afdruk", args=[wereld.d.pk]))
    assert r.status_code == 404
    assert not DossierInzage.objects.filter(user_id=wereld.buiten.pk).exists()


def test_the_site_css_hides_buttons_and_menu_on_paper():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "app.css").read_text()
    blok = css[css.index("@media print") :]
    assert ".site-header" in blok and ".button" in blok and "form" in blok
