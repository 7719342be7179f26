"""The search key of participants with activeringstrajecten, kept by triggers, PostgreSQL only
(decision 548).

A network (87 000 dossiers at 1 M participants) searching a common surname found the 20 000
people of that name in Flanders through the trigram index on the participants, sorted them all
(20 ms) and checked its scope for each in name order until a page was found. The table
`deelnemers_zoeksleutel` holds, for every participant with an activeringstraject, its search
name and the regions of its activeringstrajecten, with one GIN index over both: the search
asks for the name within the network's regions and gets its ~1 700 people from the index.

The triggers keep it right whatever writes the participants or the activeringstrajecten (the
services, the bundle import's COPY and upserts, a merge, SQL by hand): statement-level, with
transition tables, so a bulk write updates the keys in one set-based statement. Every trigger
brings the keys of the participants its statement touched up to date with one statement,
`deelnemers.zoeken.ZOEKSLEUTEL_BIJWERKEN`: one home for what a key holds (changing it
needs a migration that redefines the functions). Building the table at 1 M participants takes about
15 s (the backfill and the index); plan the migration in a maintenance window. SQLite has no
table: its search reads the participants as before.
"""

import django.contrib.postgres.fields
from django.db import migrations, models

from deelnemers.zoeken import ZOEKSLEUTEL_BIJWERKEN as BIJWERKEN
from deelnemers.zoeken import ZOEKSLEUTEL_TABEL as TABEL
from deelnemers.zoeken import ZOEKSLEUTEL_VULLEN as VULLEN

INDEX = "zoeksleutel_regios_naam"
DEELNEMER = "deelnemers_deelnemer"
TRAJECT = "trajectories_activeringstraject"

#: (trigger, table, event, transition tables, the ids whose keys the statement may change)
TRIGGERS = [
    ("wz_zoeksleutel_deelnemer_in", DEELNEMER, "INSERT", "NEW TABLE AS nieuw",
     "SELECT id FROM nieuw"),
    # A changed name (or id): a participant saved without a new name changes nothing.
    ("wz_zoeksleutel_deelnemer_upd", DEELNEMER, "UPDATE", "OLD TABLE AS oud NEW TABLE AS nieuw",
     "SELECT n.id FROM nieuw n LEFT JOIN oud o ON o.id = n.id "
     "WHERE o.id IS NULL OR (o.achternaam, o.voornaam) IS DISTINCT FROM (n.achternaam, n.voornaam) "
     "UNION SELECT o.id FROM oud o WHERE NOT EXISTS (SELECT 1 FROM nieuw n WHERE n.id = o.id)"),
    ("wz_zoeksleutel_deelnemer_del", DEELNEMER, "DELETE", "OLD TABLE AS oud",
     "SELECT id FROM oud"),
    ("wz_zoeksleutel_traject_in", TRAJECT, "INSERT", "NEW TABLE AS nieuw",
     "SELECT deelnemer_id FROM nieuw"),
    # A trajectory moved to another participant or region: both participants' keys.
    ("wz_zoeksleutel_traject_upd", TRAJECT, "UPDATE", "OLD TABLE AS oud NEW TABLE AS nieuw",
     "SELECT x.deelnemer_id FROM nieuw n FULL JOIN oud o ON o.id = n.id, "
     "LATERAL (VALUES (n.deelnemer_id), (o.deelnemer_id)) x (deelnemer_id) "
     "WHERE x.deelnemer_id IS NOT NULL AND (n.id IS NULL OR o.id IS NULL "
     "OR (n.deelnemer_id, n.regio_id) IS DISTINCT FROM (o.deelnemer_id, o.regio_id))"),
    ("wz_zoeksleutel_traject_del", TRAJECT, "DELETE", "OLD TABLE AS oud",
     "SELECT deelnemer_id FROM oud"),
]


def _maak_sql() -> list[str]:
    sql = [
        f"CREATE TABLE {TABEL} (id varchar(40) PRIMARY KEY, zoeknaam text NOT NULL, "
        "achternaam varchar(100) NOT NULL, voornaam varchar(100) NOT NULL, "
        "regios varchar(40)[] NOT NULL)",
        VULLEN,
        f"CREATE INDEX {INDEX} ON {TABEL} USING gin (regios, zoeknaam gin_trgm_ops)",
        f"ANALYZE {TABEL}",
    ]
    for naam, tabel, gebeurtenis, overgang, ids in TRIGGERS:
        sql.append(
            f"CREATE FUNCTION {naam}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{BIJWERKEN.format(ids=ids)}; RETURN NULL; END $$"
        )
        sql.append(
            f"CREATE TRIGGER {naam} AFTER {gebeurtenis} ON {tabel} REFERENCING {overgang} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {naam}()"
        )
    # TRUNCATE has no transition table: no participants or no trajectories, no keys.
    sql.append(
        f"CREATE FUNCTION wz_zoeksleutel_leeg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"TRUNCATE {TABEL}; RETURN NULL; END $$"
    )
    for tabel in (DEELNEMER, TRAJECT):
        sql.append(
            f"CREATE TRIGGER wz_zoeksleutel_leeg AFTER TRUNCATE ON {tabel} "
            "FOR EACH STATEMENT EXECUTE FUNCTION wz_zoeksleutel_leeg()"
        )
    return sql


def maak(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for opdracht in _maak_sql():
        schema_editor.execute(opdracht)


def verwijder(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for naam, tabel, *_rest in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {naam} ON {tabel}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {naam}()")
    for tabel in (DEELNEMER, TRAJECT):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS wz_zoeksleutel_leeg ON {tabel}")
    schema_editor.execute("DROP FUNCTION IF EXISTS wz_zoeksleutel_leeg()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABEL}")


class Migration(migrations.Migration):
    dependencies = [
        ("deelnemers", "0009_volgorde_indexen"),
        ("trajectories", "0007_laatste_momenten"),
    ]

    operations = [
        migrations.CreateModel(
            name="Zoeksleutel",
            fields=[
                (
                    "id",
                    models.CharField(
                        max_length=40, primary_key=True, serialize=False, verbose_name="id"
                    ),
                ),
                ("zoeknaam", models.TextField(verbose_name="zoeknaam")),
                ("achternaam", models.CharField(max_length=100, verbose_name="achternaam")),
                ("voornaam", models.CharField(max_length=100, verbose_name="voornaam")),
                (
                    "regios",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=40),
                        size=None,
                        verbose_name="regio's",
                    ),
                ),
            ],
            options={
                "verbose_name": "zoeksleutel",
                "verbose_name_plural": "zoeksleutels",
                "db_table": TABEL,
                "managed": False,
            },
        ),
        migrations.RunPython(maak, verwijder),
    ]
