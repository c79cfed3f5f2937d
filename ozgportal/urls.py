"""Root URLs: sign-in, the admin for Amt 15, and the portal's pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dashboard.views.konto import anmelden
from ozgportal.healthz import healthz
from ozgportal.middleware import ohne_leserecht

admin.site.site_header = "OZG-Portal – Verwaltung (Amt 15)"
admin.site.site_title = "OZG-Portal"
admin.site.index_title = "OZG-Katalog pflegen"

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # answered by ozgportal.healthz.HealthzMiddleware first
    path("konto/anmelden/", anmelden, name="login"),
    path("konto/abmelden/", ohne_leserecht(auth_views.LogoutView.as_view()), name="logout"),
    path("admin/", admin.site.urls),
    path("priorisierung/", include("scorecard.urls")),
    path("", include("servicestandard.urls")),
    path("", include("planung.urls")),
    path("", include("erhebungsrunde.urls")),
    path("", include("dashboard.urls")),
]
