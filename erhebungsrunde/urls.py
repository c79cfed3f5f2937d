"""The round's pages; included at the root (``/rueckmeldung/`` and ``/erhebungen/runden/<id>/`` beside the
dashboard's ``/erhebungen/``)."""

from django.urls import path

from . import views

app_name = "erhebungsrunde"

urlpatterns = [
    path("rueckmeldung/", views.rueckmeldung, name="rueckmeldung"),
    path("erhebungen/runden/<int:runde_id>/", views.fortschritt, name="fortschritt"),
]
