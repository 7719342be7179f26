"""Shared test fixtures.

Loading a project bundle into the test database once per test module:

    def test_something(db_2024, db): ...          # the 2024 Mededeling fixture
    def test_ladder(db_ladder_2019, db): ...      # the ladder-2019 fixture

or, for another bundle, in a module of your own:

    @pytest.fixture(scope="module")
    def mijn_data(load_bundle):
        load_bundle(FIXTURES / "mededeling-2024" / "bundle")

The bundle is imported (committed) before the module's first test and flushed after its last
one; each test still runs in its own rolled-back transaction (`db`), so tests may change data
freely. Reference data (codes, werkvormen) stays. Don't combine with `transactional_db`: its
flush after each test would empty the loaded tables. Works per xdist worker (each has its own
database; use `--dist loadfile` so a module stays on one worker).
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "data" / "fixtures"
BUNDLE_2024 = FIXTURES / "mededeling-2024" / "bundle"
BUNDLE_LADDER_2019 = FIXTURES / "ladder-2019" / "bundle"


@pytest.fixture(autouse=True)
def _lege_cache() -> None:
    """Every test starts with an empty cache: no test sees the scope sizes or rate limits
    another test left in this process's memory."""
    from django.core.cache import cache  # Django is configured once pytest-django started

    cache.clear()


@pytest.fixture
def bundle_2024() -> Path:
    return BUNDLE_2024


@pytest.fixture(scope="module")
def load_bundle(django_db_setup, django_db_blocker) -> Iterator[Callable[[Path], None]]:  # noqa: ANN001
    """A function importing a bundle directory into the test database for this module."""
    from bundle.importer import flush_domain_tables, import_bundle

    geladen: list[Path] = []

    def _load(path: Path) -> None:
        with django_db_blocker.unblock():
            import_bundle(path)
        geladen.append(path)

    yield _load
    if geladen:
        with django_db_blocker.unblock():
            flush_domain_tables()


@pytest.fixture(scope="module")
def db_2024(load_bundle: Callable[[Path], None]) -> None:
    """The 2024 Mededeling fixture bundle, loaded once for the module."""
    load_bundle(BUNDLE_2024)


@pytest.fixture(scope="module")
def db_ladder_2019(load_bundle: Callable[[Path], None]) -> None:
    """The ladder-2019 fixture bundle, loaded once for the module."""
    load_bundle(BUNDLE_LADDER_2019)


def laad_referentiedata() -> None:
    """Reload what the data migrations put in the database (codes, the ladder catalog).

    A transactional test (live server, real parallel connections) ends with a flush that wipes
    every table, the data migrations' rows included; the next test on that worker needs them.
    """
    import importlib

    from django.apps import apps

    importlib.import_module("referentie.migrations.0002_load_codes").load_codes(apps, None)
    importlib.import_module("ladder.migrations.0002_load_catalog").load_catalog(apps, None)
    layout = importlib.import_module("ladder.migrations.0004_load_table_layout")
    layout.unload_layout(apps, None)
    layout.load_layout(apps, None)


def _is_transactioneel(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or (marker is not None and bool(marker.kwargs.get("transaction")))
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield  # every fixture is torn down now, the transactional flush included
    # After the last test the session (and its test database) is gone: nothing to reload for.
    if nextitem is not None and _is_transactioneel(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            laad_referentiedata()


# --- PostgreSQL-only tests ------------------------------------------------------------------
# The change history is written by PostgreSQL triggers (django-pghistory) and the import's bulk
# mode is PostgreSQL's; SQLite has neither. CI runs on PostgreSQL, where these tests run.


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres: needs PostgreSQL (database triggers, bulk import); skipped on SQLite"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    overslaan = pytest.mark.skip(
        reason="PostgreSQL nodig: databasetriggers (geschiedenis) of de bulkmodus van de import "
        "(zet DATABASE_URL; CI draait op PostgreSQL)"
    )
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(overslaan)
