from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = "OZG-Scorecard"

    def load_demo(self, *, rng, stdout):
        """Demo ratings, called by ``load_demo_data`` after the catalogue is built (deterministic with ``rng``)."""
        from .demo import bewertungen_anlegen

        bewertet, unvollstaendig = bewertungen_anlegen(rng)
        stdout.write(f"Scorecard: {bewertet} Leistungen bewertet, davon {unvollstaendig} unvollständig.")
