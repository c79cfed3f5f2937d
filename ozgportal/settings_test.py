"""Settings for the test suite: the real settings, with a test-only key and fast password hashing."""

import os
import tempfile
from pathlib import Path

# Tests run with the production settings (DEBUG off, secure cookies, HSTS), whatever the shell has set.
os.environ.pop("DEBUG", None)
os.environ.setdefault("SECRET_KEY", "nur-fuer-tests-" + "x" * 40)
# The test client and the live server speak plain HTTP; everything else stays as in production.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Tasks run inside the request, as in development; tests/ops/test_mehrere_server.py starts real workers instead.
os.environ.setdefault("TASKS_BACKEND", "immediate")
# Uploads of a test run in a folder of their own (tests that look at the files give each test its own, see
# tests/catalog/conftest.py).
os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / f"ozgportal-test-media-{os.getpid()}"))
# The address the reminder mails link to (production sets it; without it the reminder refuses to run).
os.environ.setdefault("PORTAL_URL", "https://ozg.wiesbaden.example")

from .settings import *  # noqa: E402, F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: threads and the live server get connections of their own, as in production (WAL,
    # IMMEDIATE transactions, busy timeout); one file per test run, so that parallel runs do not meet.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"ozgportal-test-{os.getpid()}.sqlite3")
    }

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Manifest storage would 404 in live_server tests; tests serve the plain files.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
