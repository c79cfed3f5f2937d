"""WSGI entry point (gunicorn ozgportal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ozgportal.settings")
application = get_wsgi_application()
