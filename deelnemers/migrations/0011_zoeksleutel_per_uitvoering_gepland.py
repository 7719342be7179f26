"""The search keys' triggers plan their statement at every firing, for the rows it touched
(decision 549).

PL/pgSQL plans a statement once per connection and keeps that plan, made for the size of the
transition table at that first firing: after a bulk import a connection's saves would reuse a
plan made for 300 000 rows (hash joins over whole tables), and a bulk write after a save one
made for a single row. Each function now runs the same statement with EXECUTE, which plans it
anew (about a millisecond). The statement itself (`zoeken.ZOEKSLEUTEL_BIJWERKEN`) now finds the
keys to remove by index: on a connection with PostgreSQL's own costs (psql, a tool) deleting
20 000 of 60 000 activeringstrajecten took more than two minutes, now 0.41 s. The tables are
not touched.
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
