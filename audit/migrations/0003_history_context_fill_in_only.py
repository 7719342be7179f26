"""The history context (`pghistory_context`: who acted, through which channel, in which
request) may only be filled in, never rewritten — whoever runs the UPDATE.

pghistory upserts a request's context (INSERT ... ON CONFLICT DO UPDATE), so the application
role needs UPDATE on it (see `audit.databaserollen`). This trigger lets an UPDATE through only
when it keeps the id and creation time and changes no value that was already set (a key may
be added, or a null — the user before a later API authentication — filled in). No session
variable turns it off (it is not a pgtrigger trigger: `pgtrigger.ignore` does not apply), and
the application role cannot disable it (it owns no table). PostgreSQL only.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_context_alleen_aanvullen() RETURNS trigger AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.created_at IS DISTINCT FROM OLD.created_at
       OR EXISTS (
           SELECT 1 FROM jsonb_each(OLD.metadata::jsonb) AS o
           WHERE o.value <> 'null'::jsonb
             AND (NEW.metadata::jsonb -> o.key) IS DISTINCT FROM o.value
       ) THEN
        RAISE EXCEPTION USING MESSAGE =
            'pghistory_context is append-only: a context may be filled in, not rewritten';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_context_alleen_aanvullen ON pghistory_context;
CREATE TRIGGER audit_context_alleen_aanvullen BEFORE UPDATE ON pghistory_context
    FOR EACH ROW EXECUTE FUNCTION audit_context_alleen_aanvullen();
"""
REVERSE = """
DROP TRIGGER IF EXISTS audit_context_alleen_aanvullen ON pghistory_context;
DROP FUNCTION IF EXISTS audit_context_alleen_aanvullen();
"""


def forward(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def reverse(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [migrations.RunPython(forward, reverse)]
