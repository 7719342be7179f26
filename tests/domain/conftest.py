from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from accounts.models import User
from tests import factories as f

VANDAAG = date(2025, 6, 15)


@pytest.fixture(autouse=True)
def vandaag(time_machine: Any) -> date:
    """Every domain test runs on 15/06/2025, 10:00 in Brussels."""
    time_machine.move_to(
        datetime(2025, 6, 15, 10, 0, tzinfo=ZoneInfo("Europe/Brussels")), tick=False
    )
    return VANDAAG


@pytest.fixture
def door(db: Any) -> User:
    return f.gebruiker(wachtwoord=None)


# Row locks only exist on PostgreSQL: the parallel-connection tests are collected there only
# (not skipped on SQLite: they do not apply to it).
if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
    collect_ignore = ["test_concurrency.py"]
