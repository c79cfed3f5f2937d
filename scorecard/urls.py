"""The scorecard's pages under /priorisierung/ (included by ozgportal/urls.py)."""

from django.urls import path, re_path

from . import views

app_name = "scorecard"

urlpatterns = [
    path("", views.rangliste_view, name="rangliste"),
    re_path(r"^bewerten/(?P<schluessel>\d{14})/$", views.bewerten_view, name="bewerten"),
]
