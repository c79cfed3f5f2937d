from django.apps import AppConfig


class ServicestandardConfig(AppConfig):
    """The OZG-Servicestandard. Sits between the pages and the catalogue: ``dashboard`` → ``servicestandard`` →
    ``catalog``; it never imports ``dashboard`` or ``scorecard``."""

    name = "servicestandard"
    verbose_name = "OZG-Servicestandard"

    def load_demo(self, *, rng, stdout):
        """Demo assessments, called by ``load_demo_data`` after the catalogue is built (deterministic with ``rng``).

        Draws from a copy of ``rng``, so that the demo parts of the apps after this one stay as they were."""
        import random

        from .demo import pruefungen_anlegen

        eigener = random.Random()
        eigener.setstate(rng.getstate())
        geprueft, unvollstaendig = pruefungen_anlegen(eigener)
        stdout.write(f"Servicestandard: {geprueft} Online-Dienste geprüft, davon {unvollstaendig} unvollständig.")
