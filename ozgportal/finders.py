"""Static files taken from installed Python packages: only the files the portal uses, not their whole folders.

plotly ships plotly.js in its ``package_data`` together with sample datasets, templates and a widget bundle
(9.6 MB); the portal needs the one script. :class:`PaketdateienFinder` offers just that file as
``plotly/plotly.min.js`` to the dev server, the tests' live server and ``collectstatic``.
"""

from __future__ import annotations

import os
from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

PAKETDATEIEN = {
    "plotly/plotly.min.js": Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js",
}


class PaketdateienFinder(BaseFinder):
    """Finds the files of :data:`PAKETDATEIEN` under their static paths."""

    def check(self, **kwargs):
        return [
            Error(f"Die statische Datei {name} fehlt im installierten Paket ({datei}).", id="ozgportal.E001")
            for name, datei in PAKETDATEIEN.items()
            if not datei.is_file()
        ]

    def find(self, path, find_all=False):
        datei = PAKETDATEIEN.get(path.replace(os.sep, "/"))
        if datei is None:
            return []  # as Django's own finders answer "not here"
        return [str(datei)] if find_all else str(datei)

    def list(self, ignore_patterns):
        for name, datei in PAKETDATEIEN.items():
            storage = FileSystemStorage(location=datei.parent)
            storage.prefix = os.path.dirname(name)  # collectstatic puts the file under this folder
            yield datei.name, storage
