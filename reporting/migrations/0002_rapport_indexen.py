"""Indexes the Mededeling's queries need on tables of other apps.

Each index lets one report population be found without scanning dossiers that lie outside
every population of the year (old advices, ended agreements and trajectories): see
`reporting/tables/`. Written as SQL that SQLite and PostgreSQL both understand; the tables
belong to `deelnemers` and `trajectories`, whose models carry no state for these indexes.
"""

from django.db import migrations

INDEXEN = {
    # advices active on 31 December: `tot IS NULL OR tot >= D` (vdab_adviezen_per_provincie)
    "rapport_advies_tot": "deelnemers_advies (tot)",
    # agreements running after 31 December: `einde IS NULL OR einde > D` (ama_wvg_*)
    "rapport_wvg_einde": "trajectories_amawvgovereenkomst (einde)",
    # AMA SE matched in the year (ama_se_kenmerken)
    "rapport_se_gematcht": "trajectories_amasetraject (gematcht_op)",
    # AMA SE closed in the measurement (ama_se_eindadviezen, ama_se_uitstroom) and, with the
    # next one, trajectories still running on 1 January (ama_se_per_provincie)
    "rapport_se_afgesloten": "trajectories_amasetraject (afgesloten_op, stopgezet_op)",
    "rapport_se_stopgezet": "trajectories_amasetraject (stopgezet_op)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_gegenereerd_en_ingediend_rapport"),
        ("deelnemers", "0001_initial"),
        ("trajectories", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {naam} ON {definitie}",
            reverse_sql=f"DROP INDEX IF EXISTS {naam}",
        )
        for naam, definitie in INDEXEN.items()
    ]
