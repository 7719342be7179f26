import json
from pathlib import Path

from django.db import migrations

CODES = Path(__file__).resolve().parent.parent / "data" / "codes.json"

TABLES = [
    ("provincies", "Provincie"),
    ("netwerken", "Netwerk"),
    ("regios", "Regio"),
    ("organisatietypes", "OrganisatieType"),
    ("eindadviezen", "Eindadvies"),
    ("stopredenen", "Stopreden"),
    ("posities", "Positie"),
    ("adviestypes", "AdviesType"),
]


def load_codes(apps, schema_editor):
    data = json.loads(CODES.read_text(encoding="utf-8"))
    for key, model_name in TABLES:
        model = apps.get_model("referentie", model_name)
        for row in data[key]:
            row = dict(row)
            if model_name == "Regio":
                row["provincie_id"] = row.pop("provincie")
                row["netwerk_id"] = row.pop("netwerk")
            code = row.pop("code")
            model.objects.update_or_create(code=code, defaults=row)


class Migration(migrations.Migration):
    dependencies = [("referentie", "0001_initial")]
    operations = [migrations.RunPython(load_codes, migrations.RunPython.noop)]
