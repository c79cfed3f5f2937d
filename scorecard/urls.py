"""The scorecard's pages under /priorisierung/ (included by ozgportal/urls.py)."""

from django.urls import path

from . import views

app_name = "scorecard"

urlpatterns = [
    path("", views.rangliste_view, name="rangliste"),
    # The key's 14 digits; any other notation (dotted, spaced) redirects there, as the Leistung page does.
    path("bewerten/<str:schluessel>/", views.bewerten_view, name="bewerten"),
]
