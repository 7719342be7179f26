import json
from pathlib import Path
from typing import Any

import pytest

PUBLISHED = (
    Path(__file__).resolve().parents[2] / "data" / "fixtures" / "mededeling-2024" / "published.json"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "celery_worker: runs a real Celery worker against Redis (CI has Redis)"
    )


@pytest.fixture
def published_report() -> dict[str, Any]:
    """The published 2024 tables in the report shape (errata and notes left out)."""
    data = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    return {"jaar": data["jaar"], "peildatum": data["peildatum"], "tables": data["tables"]}
