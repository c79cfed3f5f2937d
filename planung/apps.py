from django.apps import AppConfig


class PlanungConfig(AppConfig):
    """The implementation plan and the forecast (issue #17). Sits between dashboard and scorecard:
    ``dashboard`` → ``planung`` → ``scorecard`` → ``catalog``; it never imports ``dashboard``."""

    name = "planung"
    verbose_name = "Umsetzungsplanung"

    def load_demo(self, *, rng, stdout):
        """Demo capacities 2022 to 2027 and a few Vorgaben, called by ``load_demo_data`` after the scorecard's
        ratings (deterministic with ``rng``)."""
        from .demo import planung_anlegen

        stdout.write(planung_anlegen(rng))
