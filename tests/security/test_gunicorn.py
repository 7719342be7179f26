"""gunicorn's access log (werkzorg/gunicorn.conf.py) keeps no query string, referrer or user
agent: a search or an API filter would put a name or an INSZ in the log."""

from __future__ import annotations

import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings

CONF = Path(settings.BASE_DIR) / "werkzorg" / "gunicorn.conf.py"


def _access_line(fmt: str) -> str:
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    cfg = Config()
    cfg.set("access_log_format", fmt)
    logger = Logger(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/dossiers/?q=Peeters&insz=85073003328",
        "PATH_INFO": "/dossiers/",
        "QUERY_STRING": "q=Peeters&insz=85073003328",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://werkzorg.example/dossiers/?q=Peeters",
        "HTTP_USER_AGENT": "test",
    }
    resp = SimpleNamespace(
        status="200 OK",
        response_length=12,
        sent=12,
        headers=[("X-Request-ID", "abc123")],
    )
    req = SimpleNamespace(headers=[], method="GET", path="/dossiers/", query="q=Peeters")
    atoms = logger.atoms(resp, req, environ, timedelta(milliseconds=5))
    return fmt % atoms


def test_the_access_log_keeps_the_path_and_request_id_but_no_query_string():
    conf = runpy.run_path(str(CONF))
    line = _access_line(conf["access_log_format"])
    assert '"GET /dossiers/ HTTP/1.1" 200' in line
    assert "abc123" in line
    assert "Peeters" not in line and "85073003328" not in line and "?" not in line


def test_a_worker_freezes_what_the_application_loaded():
    import gc

    hooks = runpy.run_path(str(CONF))
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        hooks["post_worker_init"](SimpleNamespace())
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
