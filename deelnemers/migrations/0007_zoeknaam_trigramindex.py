"""A trigram index on the normalised name (`deelnemers.zoeken.Zoeknaam`), PostgreSQL only.

An expression index, not a column: the bundle import COPYs rows straight into the table, and
the index stays right whatever writes them. SQLite has no pg_trgm and searches without it.
"""

from django.db import migrations

from deelnemers.zoeken import PG_ZOEKNAAM

INDEX = "deelnemer_zoeknaam_trgm"


def maak(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    expressie = PG_ZOEKNAAM % {"achternaam": '"achternaam"', "voornaam": '"voornaam"'}
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON deelnemers_deelnemer "
        f"USING gin (({expressie}) gin_trgm_ops)"
    )


def verwijder(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("deelnemers", "0006_deelnemer_werkzoekend_na_geboorte")]

    operations = [migrations.RunPython(maak, verwijder)]
