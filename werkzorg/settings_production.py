"""Production settings: the base settings plus the transport and cookie hardening that
`manage.py check --deploy` asks for. Behind a TLS-terminating proxy that sets
X-Forwarded-Proto."""

import os

from werkzorg.settings import *  # noqa: F403

DEBUG = False
WERKZORG_PRODUCTIE = True
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # no default: refuse to start without one

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Two-factor authentication for admins and coordinators cannot be switched off in production,
# whatever the environment says (accounts.middleware.MfaVerplichtMiddleware).
WERKZORG_MFA_VERPLICHT = True

# The research extract's pseudonymisation secret (privacy/): required, at least 32 characters,
# never the development default. Changing it changes every pseudonym of every purpose.
WERKZORG_PSEUDONIEM_SLEUTEL = os.environ.get("WERKZORG_PSEUDONIEM_SLEUTEL", "")
if len(WERKZORG_PSEUDONIEM_SLEUTEL) < 32:
    raise RuntimeError(
        "WERKZORG_PSEUDONIEM_SLEUTEL is verplicht in productie (minstens 32 tekens), "
        "bv. python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
    )
