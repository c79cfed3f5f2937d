"""The scorecard's pages under /priorisierung/ (included by ozgportal/urls.py)."""

from django.urls import path

from catalog import key_urls  # noqa: F401 - registers the path converter <leika:…>

from . import views

app_name = "scorecard"

urlpatterns = [
    path("", views.rangliste, name="rangliste"),
    # The key's 14 digits; any other notation (dotted, spaced) redirects there, as the Leistung page does.
    path("bewerten/<leika:schluessel>/", views.bewerten, name="bewerten"),
]
