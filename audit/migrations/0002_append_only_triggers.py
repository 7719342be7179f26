"""Make the read log append-only in the database itself: UPDATE and DELETE raise.

PostgreSQL: a row trigger. SQLite (development and tests): the same with RAISE(ABORT); its
DELETE trigger lets rows through only while `audit_flushvenster` holds a row, which the
`flush` command (audit/management/commands/flush.py) opens around wiping the whole database
— SQLite has no TRUNCATE, and PostgreSQL's TRUNCATE does not fire row triggers.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_dossierinzage_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'audit_dossierinzage is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_dossierinzage_no_update BEFORE UPDATE ON audit_dossierinzage
    FOR EACH ROW EXECUTE FUNCTION audit_dossierinzage_append_only();
CREATE TRIGGER audit_dossierinzage_no_delete BEFORE DELETE ON audit_dossierinzage
    FOR EACH ROW EXECUTE FUNCTION audit_dossierinzage_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS audit_dossierinzage_no_update ON audit_dossierinzage;
DROP TRIGGER IF EXISTS audit_dossierinzage_no_delete ON audit_dossierinzage;
DROP FUNCTION IF EXISTS audit_dossierinzage_append_only();
"""
SQLITE_FORWARD = [
    "CREATE TABLE IF NOT EXISTS audit_flushvenster (id integer PRIMARY KEY)",
    """CREATE TRIGGER audit_dossierinzage_no_update BEFORE UPDATE ON audit_dossierinzage
    BEGIN SELECT RAISE(ABORT, 'audit_dossierinzage is append-only (UPDATE refused)'); END""",
    """CREATE TRIGGER audit_dossierinzage_no_delete BEFORE DELETE ON audit_dossierinzage
    WHEN NOT EXISTS (SELECT 1 FROM audit_flushvenster)
    BEGIN SELECT RAISE(ABORT, 'audit_dossierinzage is append-only (DELETE refused)'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_dossierinzage_no_update",
    "DROP TRIGGER IF EXISTS audit_dossierinzage_no_delete",
    "DROP TABLE IF EXISTS audit_flushvenster",
]


def _run(schema_editor, statements: list[str]) -> None:  # noqa: ANN001
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forward(apps, schema_editor) -> None:  # noqa: ANN001
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [PG_FORWARD])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)


def reverse(apps, schema_editor) -> None:  # noqa: ANN001
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [PG_REVERSE])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_dossierinzage")]

    operations = [migrations.RunPython(forward, reverse)]
