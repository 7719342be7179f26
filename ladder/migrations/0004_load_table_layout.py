"""Make the table layout explicit: rows, letters and labels of Tabel 39/40, the members and
weights of every group per table, and the years in which each werkvorm has a figure."""

import json
from datetime import date, timedelta
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def parse_date(value):
    if not value:
        return None
    if len(value) == 4:
        return date(int(value), 1, 1)
    return date.fromisoformat(value)


def table_years(w):
    """First and last year of figures: the text's years with figures, else the validity."""
    datums = w.get("datums") or {}
    jaren = w.get("tabeljaren_met_cijfers") or []
    ingang, einde = parse_date(datums.get("ingang")), parse_date(datums.get("einde"))
    eerste = None
    if ingang:
        eerste = min([ingang.year, *jaren])
    laatste = None
    if w.get("status_code") == "afgeschaft" and jaren:
        # placements that started before the end run out and are still counted (TIW in 2019)
        laatste = max(jaren)
    elif einde:
        laatste = (einde - timedelta(days=1)).year
    return eerste, laatste


def load_layout(apps, schema_editor):
    catalog = json.loads((DATA / "werkvormen.json").read_text(encoding="utf-8"))
    tables = json.loads((DATA / "ladder_tables.json").read_text(encoding="utf-8"))
    Werkvorm = apps.get_model("ladder", "Werkvorm")
    Groep = apps.get_model("ladder", "WerkvormGroep")
    GroepLid = apps.get_model("ladder", "GroepLid")
    TabelRij = apps.get_model("ladder", "TabelRij")
    werkvormen = {w["code"]: w for w in catalog["werkvormen"]}
    groepen = {g["code"]: g for g in catalog["groepen"]}
    for code, w in werkvormen.items():
        eerste, laatste = table_years(w)
        Werkvorm.objects.filter(code=code).update(
            eerste_tabeljaar=eerste, laatste_tabeljaar=laatste
        )
    for code, g in groepen.items():
        for tabel in ("tabel39", "tabel40"):
            berekening = g["berekening"]
            if tabel == "tabel40" and g.get("berekening_tabel40"):
                berekening = g["berekening_tabel40"]
            for i, lid in enumerate(berekening):
                GroepLid.objects.create(
                    groep_id=code,
                    tabel=tabel,
                    lid_werkvorm_id=lid["code"] if lid["code"] in werkvormen else None,
                    lid_groep_id=lid["code"] if lid["code"] in groepen else None,
                    gewicht=str(lid["gewicht"]),
                    volgorde=i,
                )
    for tabel in ("tabel39", "tabel40"):
        t = tables[tabel]
        for i, code in enumerate(t["volgorde"]):
            rij = t["rijen"][code]
            TabelRij.objects.create(
                tabel=tabel,
                volgorde=(i + 1) * 10,
                werkvorm_id=code if code in werkvormen else None,
                groep_id=code if code in groepen else None,
                letter=rij.get("letter") or "",
                label=rij["naam"],
            )


def unload_layout(apps, schema_editor):
    apps.get_model("ladder", "TabelRij").objects.all().delete()
    apps.get_model("ladder", "GroepLid").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ladder", "0003_tabelrijen_groepleden_tabeljaren")]
    operations = [migrations.RunPython(load_layout, unload_layout)]
