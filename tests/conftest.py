from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "data" / "fixtures"


@pytest.fixture
def bundle_2024() -> Path:
    return FIXTURES / "mededeling-2024" / "bundle"
