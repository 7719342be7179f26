"""The search keys' triggers plan their statement at every firing, for the rows it touched
(decision 549).

PL/pgSQL plans a statement once per connection and keeps that plan: a trigger that first
fired for one row (a casemanager's save) kept a plan made for one row, and a later bulk write
on the same connection (an import in the worker, a merge, SQL by hand) ran it for tens of
thousands. Measured at 60 000 participants: deleting 20 000 activeringstrajecten did not end
within two minutes (a nested loop comparing every removed key with every deleted row); with
the statement planned for its own rows and its removed keys found by index
(`zoeken.ZOEKSLEUTEL_BIJWERKEN`), 0.5 s. Each function now runs the same statement with
EXECUTE, which plans it anew (about a millisecond). The tables are not touched.
"""

import importlib

from django.db import migrations

from deelnemers.zoeken import ZOEKSLEUTEL_BIJWERKEN as BIJWERKEN

TRIGGERS = importlib.import_module("deelnemers.migrations.0010_zoeksleutel").TRIGGERS


def _functie(naam: str, opdracht: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {naam}() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
        f"{opdracht}; RETURN NULL; END $f$"
    )


def per_uitvoering(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for naam, _tabel, _gebeurtenis, _overgang, ids in TRIGGERS:
        schema_editor.execute(_functie(naam, f"EXECUTE $q${BIJWERKEN.format(ids=ids)}$q$"))


def eenmalig(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for naam, _tabel, _gebeurtenis, _overgang, ids in TRIGGERS:
        schema_editor.execute(_functie(naam, BIJWERKEN.format(ids=ids)))


class Migration(migrations.Migration):
    dependencies = [("deelnemers", "0010_zoeksleutel")]

    operations = [migrations.RunPython(per_uitvoering, eenmalig)]
