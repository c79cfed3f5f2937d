"""The status changes per ISO week, counted: what the figures at a past date and the weekly series read instead of
the whole history."""

from django.db import models
from django.utils.translation import gettext_lazy as _

OHNE = 0  # "no Amt" / "no status" in the key columns (a unique key cannot hold NULL on SQLite)


class StatuswechselWoche(models.Model):
    """How many Leistungen went from status ``vorher`` to ``nachher`` in one ISO week, per Amt and base.

    Derived from :class:`~catalog.models.StatusAenderung` and kept by the services in the same transaction as every
    change (``catalog.services.statuswochen``): per Leistung and day the status at the end of the day against the
    status at the end of the day before, as the figures "as of a date" count (the last change of a day wins; a
    back-dated change moves the following day's transition too), added up per week (``woche``: its Sunday) and per
    the Leistung's *current* Amt, "von Wiesbaden umzusetzen" and "Vollzug bei den Kommunen", the parts of a base
    that do not depend on the date (the history has no Amt of its own, README "Amt zum Stichtag"). A Leistung that
    changes Amt or base takes its whole history along. Same-day changes that cancel out are not counted.

    The count of a base on a Sunday is then today's count (``Leistung.status``) minus the changes of the weeks
    after it: a few hundred rows whatever the number of Leistungen or the length of the history.
    """

    woche = models.DateField(_("Woche (Sonntag)"))
    amt = models.PositiveIntegerField(_("Amt (ID, 0 = ohne)"))
    von_wiesbaden_umzusetzen = models.BooleanField(_("von Wiesbaden umzusetzen"))
    kommune = models.BooleanField(_("Vollzug bei den Kommunen"))
    vorher = models.PositiveIntegerField(_("Status vorher (ID, 0 = ohne)"))
    nachher = models.PositiveIntegerField(_("Status nachher (ID)"))
    anzahl = models.IntegerField(_("Anzahl Leistungen"))

    KEY = ("woche", "amt", "von_wiesbaden_umzusetzen", "kommune", "vorher", "nachher")

    class Meta:
        verbose_name = _("Statuswechsel einer Woche")
        verbose_name_plural = _("Statuswechsel je Woche")
        constraints = [
            models.UniqueConstraint(
                fields=["woche", "amt", "von_wiesbaden_umzusetzen", "kommune", "vorher", "nachher"],
                name="statuswechselwoche_unique",
            )
        ]
        # the sums over many weeks of the default base (and per Amt), read in the order they are grouped in,
        # without a visit of the table (all columns they read are in it)
        indexes = [
            models.Index(
                fields=["von_wiesbaden_umzusetzen", "vorher", "nachher", "amt", "woche", "anzahl"],
                name="statuswechselwoche_summe_idx",
            )
        ]

    def __str__(self):
        return f"{self.woche:%d.%m.%Y} Amt {self.amt or '–'}: {self.vorher or '–'} → {self.nachher} ×{self.anzahl}"
