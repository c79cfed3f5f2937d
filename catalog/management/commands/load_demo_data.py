"""python manage.py load_demo_data: the demo catalogue, status histories and users (idempotent)."""

import random
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.demo.katalog import build_catalogue
from catalog.demo.users import DEMO_PASSWORD, ensure_demo_users
from catalog.demo.verlauf import build_histories
from catalog.models import Leistung

SEED = 2022


class Command(BaseCommand):
    help = "Lädt die Demodaten (OZG-Katalog 2019, Ämter, Statusverläufe, Demo-Benutzer). Mehrfach ausführbar."

    def handle(self, *args, **options):
        started = time.monotonic()
        if Leistung.objects.exists():
            self.stdout.write("Demodaten sind bereits geladen; der Katalog bleibt unverändert.")
        else:
            with transaction.atomic():
                rng = random.Random(SEED)
                katalog = build_catalogue(rng)
                rows = build_histories(rng, katalog.wiesbaden, katalog.kommune_sonst)
                for app_config in apps.get_app_configs():
                    # Apps add their demo parts (Erhebungen, scorecard ratings) by defining load_demo(rng, stdout)
                    # on their AppConfig; catalog itself cannot import the apps that build on it.
                    if hasattr(app_config, "load_demo"):
                        app_config.load_demo(rng=rng, stdout=self.stdout)
            self.stdout.write(
                f"Demodaten geladen: {Leistung.objects.count()} Leistungen, {rows} Statusänderungen "
                f"({time.monotonic() - started:.1f} s)."
            )
        self.stdout.write(f"Demo-Benutzer (Passwort für alle: {DEMO_PASSWORD}):")
        for username, description in ensure_demo_users():
            self.stdout.write(f"  {username:<14} {description}")
