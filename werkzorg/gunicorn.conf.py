"""gunicorn's configuration in production: `gunicorn -c werkzorg/gunicorn.conf.py werkzorg.wsgi`.

The access log holds no personal data: the path without its query string (a search `?q=`
or an API filter `?insz=` would carry a name or an INSZ), no referrer (the previous URL, with
its query string), no user agent. Each line ends with the request id (`X-Request-ID`, set by
`audit.middleware.RequestIdMiddleware`), the same id the read log and the change history keep.
"""

import gc
import os

from django.urls import get_resolver

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Behind one reverse proxy (nginx) on the same host; see WERKZORG_PROXY_AANTAL.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
# %(m)s method, %(U)s path WITHOUT query string, %(H)s protocol, %(s)s status, %(B)s bytes,
# %(M)s duration in ms, then the request id.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'


def post_worker_init(worker: object) -> None:
    """After the worker loaded the application: the URL patterns too, then every object alive
    now (Django, the apps, the libraries: ~150 000) moves out of the garbage collector's
    reach (`gc.freeze`). A full collection then scans only what requests created: it cost
    40 ms per run before, a pause that fell into some request's response time (decision 525).
    """
    get_resolver().url_patterns  # noqa: B018 - loads the URL configuration now
    gc.freeze()
