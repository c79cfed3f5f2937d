"""Settings for the test suite: the real settings, with a test-only key and fast password hashing."""

import os

# Tests run with the production settings (DEBUG off, secure cookies, HSTS), whatever the shell has set.
os.environ.pop("DEBUG", None)
os.environ.setdefault("SECRET_KEY", "nur-fuer-tests-" + "x" * 40)
# The test client and the live server speak plain HTTP; everything else stays as in production.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Manifest storage would 404 in live_server tests; tests serve the plain files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
