from django.apps import AppConfig


class ErhebungsrundeConfig(AppConfig):
    """The survey as a process (issue #16): Amt 15 opens a round, each Amt confirms or changes the status of its
    Leistungen, late ones are reminded by e-mail, closing freezes the Erhebung. Sits between dashboard and catalog:
    ``dashboard`` → ``erhebungsrunde`` → ``catalog`` → ``toolkit``; it never imports ``dashboard``, ``scorecard``,
    ``servicestandard`` or ``planung``, and ``catalog`` never imports it."""

    name = "erhebungsrunde"
    verbose_name = "Erhebungsrunden"

    def load_demo(self, *, rng, stdout):
        """The closed round behind "Erhebungsstand Mai 2022" and an open round for today, called by
        ``load_demo_data`` after catalog's part (the histories and "Erhebungsstand Dez. 2021" exist then)."""
        from .demo import runden_anlegen

        runden_anlegen(rng=rng, stdout=stdout)
