"""Shared fixtures: the people of the portal and small catalogues.

People: ``redaktion`` (Amt 15 editor, staff), ``amtsleitung33`` / ``amtsleitung51`` (heads of Amt 33 and 51),
``leitung`` (management, read only), and the anonymous visitor (the plain ``client``).
"""

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User

from catalog.models import Amt, Benutzerprofil, Leistung, Leistungsbuendel, Status, Themenfeld, Vollzugsebene
from jobs.models import UPLOAD_ORDNER

PASSWORD = "Test-Passwort-123"


def pytest_configure(config):
    """With pytest-xdist (``make test TEST_WORKERS=2``: ``-n 2 --dist load``) each worker must run its tests in
    pytest-django's order: the transactional tests empty the database (the seeded statuses, groups, Themenfelder
    too), so on every worker they must come after the tests that roll back. ``load`` keeps that order; the modes
    that group or steal tests (loadscope, loadfile, worksteal …) do not."""
    verteilung = getattr(config.option, "dist", "no")
    if verteilung not in ("no", "load"):
        raise pytest.UsageError(
            f"--dist {verteilung} bringt die Reihenfolge der Tests durcheinander; bitte --dist load (wie make test)."
        )


def _user(username, group, *, staff=False, amt=None):
    user = User.objects.create_user(username=username, password=PASSWORD, is_staff=staff)
    user.groups.add(Group.objects.get(name=group))
    Benutzerprofil.objects.create(user=user, amt=amt)
    return user


@pytest.fixture
def amt15(db):
    return Amt.objects.create(nummer=15, name="Amt für Innovation, Organisation und Digitalisierung")


@pytest.fixture
def amt33(db):
    return Amt.objects.create(nummer=33, name="Bürgeramt")


@pytest.fixture
def amt51(db):
    return Amt.objects.create(nummer=51, name="Amt für Jugend und Familie")


@pytest.fixture
def redaktion(amt15):
    return _user("redaktion", "Redaktion Amt 15", staff=True, amt=amt15)


@pytest.fixture
def amtsleitung33(amt33):
    return _user("amtsleitung33", "Amtsleitung", amt=amt33)


@pytest.fixture
def amtsleitung51(amt51):
    return _user("amtsleitung51", "Amtsleitung", amt=amt51)


@pytest.fixture
def leitung(db):
    return _user("leitung", "Verwaltungsführung")


@pytest.fixture
def statuses(db):
    """The seeded statuses by label: Abgeschlossen, Umsetzung, Digitalisierungsfabrik, Wartend, Nicht relevant."""
    return {s.bezeichnung: s for s in Status.objects.all()}


@pytest.fixture
def buendel(db):
    return Leistungsbuendel.objects.create(
        ozg_id="10559",
        name="Meldebescheinigung und -registerauskunft",
        themenfeld=Themenfeld.objects.get(name="Ein- & Auswanderung"),
    )


@pytest.fixture
def make_leistung(buendel, amt33):
    """Factory for Wiesbaden Leistungen with consecutive keys: make_leistung(name=..., amt=...)."""
    counter = iter(range(1, 100_000))

    def make(**fields):
        number = next(counter)
        defaults = {
            "leika_schluessel": f"99{number:012d}",
            "bezeichnung": f"Leistung {number}",
            "buendel": buendel,
            "vollzugsebene": Vollzugsebene.KOMMUNE,
            "von_wiesbaden_umzusetzen": True,
            "amt": amt33,
        }
        defaults.update(fields)
        return Leistung.objects.create(**defaults)

    return make


@pytest.fixture
def leistung(make_leistung):
    return make_leistung(leika_schluessel="99050042000000", bezeichnung="Meldebescheinigung Ausstellung")


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def a_date():
    return dt.date(2022, 5, 15)


@pytest.fixture
def upload_dir(tmp_path, settings):
    """The folder of pending uploads in STORAGES["default"] (the shared storage), one per test."""
    options = {**settings.STORAGES["default"]["OPTIONS"], "location": tmp_path / "media"}
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": options}}
    return tmp_path / "media" / UPLOAD_ORDNER


@pytest.fixture(autouse=True, scope="session")
def _media_des_testlaufs_entfernen():
    """The test run's own MEDIA_ROOT (ozgportal/settings_test.py) is removed at its end."""
    yield
    ordner = Path(django_settings.MEDIA_ROOT)
    if ordner.parent == Path(tempfile.gettempdir()) and ordner.name.startswith("ozgportal-test-media-"):
        shutil.rmtree(ordner, ignore_errors=True)
