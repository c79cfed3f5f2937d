"""Takes docs/foliensatz.png: slide 3 of the Foliensatz (statuses with their changes) for the README.

    .venv/bin/python docs/foliensatz_bild.py

Loads the demo into a temporary SQLite database, downloads /bericht/foliensatz.pptx?stichtag=2022-05-15 (compared
with "Erhebungsstand Dez. 2021") through Django's test client, and renders the slide with LibreOffice and poppler
(Debian: ``apt-get install libreoffice-impress poppler-utils``; only for this picture, not for the portal).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLIE = 3


def main() -> None:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        sys.exit("soffice oder pdftoppm fehlt: apt-get install libreoffice-impress poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DEBUG="1", DATABASE_URL=f"sqlite:///{tmp}/demo.sqlite3")
        python = sys.executable
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([python, "manage.py", "load_demo_data"], cwd=ROOT, env=env, check=True, capture_output=True)
        datei = Path(tmp) / "foliensatz.pptx"
        skript = (
            "from django.contrib.auth.models import User; from django.test import Client; "
            "from catalog.models import Erhebung; c = Client(); c.force_login(User.objects.get(username='leitung')); "
            "e = Erhebung.objects.get(name='Erhebungsstand Dez. 2021'); "
            "r = c.get('/bericht/foliensatz.pptx', {'stichtag': '2022-05-15', 'vergleich': e.pk}, "
            "HTTP_HOST='localhost'); "
            f"open({str(datei)!r}, 'wb').write(r.content)"
        )
        subprocess.run([python, "manage.py", "shell", "-v0", "-c", skript], cwd=ROOT, env=env, check=True)
        # German number and date formats as a German PowerPoint shows them
        soffice_env = dict(os.environ, LANG="de_DE.UTF-8", HOME=tmp)
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(datei)],
            env=soffice_env,
            check=True,
            capture_output=True,
        )
        ziel = ROOT / "docs" / "foliensatz"
        subprocess.run(
            [
                pdftoppm,
                "-r",
                "96",
                "-png",
                "-f",
                str(FOLIE),
                "-l",
                str(FOLIE),
                "-singlefile",
                f"{tmp}/foliensatz.pdf",
                str(ziel),
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
