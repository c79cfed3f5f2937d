"""A URL configuration for the error-page test only: the portal's URLs plus one view that fails."""

from django.urls import path

from ozgportal.urls import urlpatterns as portal_urlpatterns


def kaputt(request):
    raise RuntimeError("Absichtlicher Testfehler mit geheimem Detail: sk-123")


urlpatterns = [path("kaputt/", kaputt), *portal_urlpatterns]
