import pytest
import time_machine

from tests.web_trajectories.builders import VANDAAG, Wereld, maak_wereld


@pytest.fixture(autouse=True)
def bevroren_tijd():
    # Step forms default to today and the allowed steps depend on the date.
    with time_machine.travel(VANDAAG, tick=False):
        yield


@pytest.fixture
def wereld(db) -> Wereld:
    return maak_wereld()
