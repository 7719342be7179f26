"""Django's `flush`, which on SQLite opens the read log's delete window for the wipe.

Wiping the whole database (tests between transactional cases, a developer's reset) is the one
deletion of the read log that is allowed; on PostgreSQL flush uses TRUNCATE, which the row
triggers do not see, so nothing extra is needed there.
"""

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with connection.cursor() as cursor:
            cursor.execute("INSERT OR IGNORE INTO audit_flushvenster (id) VALUES (1)")
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM audit_flushvenster")
