"""Takes docs/uebersicht.png: the overview with the demo data as of 15.05.2022 (README).

    .venv/bin/python docs/screenshot.py

Loads the demo into a temporary SQLite database, starts the development server on a free port and photographs
the page with Debian's Chromium through Playwright (never a browser download).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DEBUG="1", DATABASE_URL=f"sqlite:///{tmp}/demo.sqlite3")
        python = sys.executable
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([python, "manage.py", "load_demo_data"], cwd=ROOT, env=env, check=True, capture_output=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(3)
            from catalog.demo.users import DEMO_PASSWORD

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="de-DE")
                page.goto(f"http://127.0.0.1:{port}/konto/anmelden/")
                page.fill("#id_username", "leitung")
                page.fill("#id_password", DEMO_PASSWORD)
                page.click("button[type=submit]")
                page.goto(f"http://127.0.0.1:{port}/?stichtag=2022-05-15")
                page.wait_for_timeout(1500)
                page.screenshot(path=str(ROOT / "docs" / "uebersicht.png"), full_page=True)
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ozgportal.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    main()
