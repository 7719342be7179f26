import json
from datetime import date
from pathlib import Path

from django.db import migrations

CATALOG = Path(__file__).resolve().parent.parent / "data" / "werkvormen.json"


def parse_date(value):
    """Catalog dates are ISO dates or a bare year (the first of January of that year)."""
    if not value:
        return None
    if len(value) == 4:
        return date(int(value), 1, 1)
    return date.fromisoformat(value)


def load_catalog(apps, schema_editor):
    data = json.loads(CATALOG.read_text(encoding="utf-8"))
    Trede = apps.get_model("ladder", "Trede")
    Groep = apps.get_model("ladder", "WerkvormGroep")
    Werkvorm = apps.get_model("ladder", "Werkvorm")
    RegioWvl = apps.get_model("ladder", "RegioWvl")
    for t in data["treden"]:
        Trede.objects.update_or_create(
            nummer=t["nummer"],
            defaults={
                "naam": t["naam"],
                "omschrijving": t.get("omschrijving") or "",
                "arbeidsovereenkomst": bool(t.get("arbeidsovereenkomst")),
            },
        )
    for i, g in enumerate(data["groepen"]):
        Groep.objects.update_or_create(
            code=g["code"],
            defaults={
                "naam": g["naam"],
                "trede_id": g.get("trede"),
                "berekening": g.get("berekening") or [],
                "volgorde": i,
                "catalogus": g,
            },
        )
    for g in data["groepen"]:
        if g.get("ouder"):
            Groep.objects.filter(code=g["code"]).update(ouder_id=g["ouder"])
    for i, w in enumerate(data["werkvormen"]):
        datums = w.get("datums") or {}
        Werkvorm.objects.update_or_create(
            code=w["code"],
            defaults={
                "naam": w["naam"],
                "trede_id": w["trede"],
                "groep_id": w.get("groep"),
                "telbasis_code": w["telbasis_code"],
                "telgewicht_trede5": w.get("telgewicht_trede5") or 1,
                "geldig_van": parse_date(datums.get("ingang")),
                "geldig_tot": parse_date(datums.get("einde")),
                "einde_instroom": parse_date(datums.get("einde_instroom")),
                "max_duur_maanden": w.get("max_duur_maanden"),
                "max_duur_dagen": w.get("max_duur_dagen"),
                "min_uren_per_week": w.get("min_uren_per_week"),
                "volgorde": i,
                "catalogus": w,
            },
        )
    for i, r in enumerate(data["regios_west_vlaanderen"]):
        RegioWvl.objects.update_or_create(
            code=r["code"], defaults={"naam": r["naam"], "volgorde": i}
        )


class Migration(migrations.Migration):
    dependencies = [("ladder", "0001_initial")]
    operations = [migrations.RunPython(load_catalog, migrations.RunPython.noop)]
