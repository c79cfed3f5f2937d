"""Where figures come from besides the portal's own catalogue: which catalogue is loaded, and the weekly figures of
the Hessian OZG-Monitor, which Amt 15 records by hand (the Monitor has no interface to read them from)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

KATALOG_VORGABE = "Hessischer OZG-Katalog"


class Katalog(models.Model):
    """The catalogue the portal's Leistungen come from, as the funnel's first step names it.

    One row at most; without one the portal counts the "Hessischer OZG-Katalog". The demo names the OZG catalogue
    2019 it is built from, so that nobody takes its figures for Hessen's.
    """

    bezeichnung = models.CharField(_("Bezeichnung"), max_length=200, default=KATALOG_VORGABE)
    stand = models.DateField(_("Stand"), null=True, blank=True, help_text=_("Stand des Katalogs, z. B. 01.05.2022"))
    quelle = models.CharField(_("Quelle"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("OZG-Katalog (Bezeichnung und Stand)")
        verbose_name_plural = _("OZG-Katalog (Bezeichnung und Stand)")

    def __str__(self):
        return self.bezeichnung


class MonitorEbene(models.TextChoices):
    """The two parts of the Hessian OZG-Monitor."""

    LAND = "land", _("Landesbehörden")
    KOMMUNEN = "kommunen", _("Kommunen")


def wochen_im_jahr(jahr: int) -> int:
    """How many ISO calendar weeks ``jahr`` has (52 or 53): 28 December always lies in the last one."""
    return dt.date(jahr, 12, 28).isocalendar().week


class OzgMonitorWert(models.Model):
    """One weekly figure of the Hessian OZG-Monitor: in ISO week ``kw`` of ``jahr``, ``online`` of ``gesamt``
    OZG services of the Landesbehörden or of the Kommunen were online (the deck: KW 19/2022, Landesbehörden 210 of
    426, Kommunen 139 of 314). Recorded by Amt 15 through :func:`catalog.monitor.monitorwerte_erfassen`."""

    jahr = models.PositiveSmallIntegerField(_("Jahr"), help_text=_("Jahr der Kalenderwoche nach ISO 8601"))
    kw = models.PositiveSmallIntegerField(_("Kalenderwoche"))
    ebene = models.CharField(_("Ebene"), max_length=10, choices=MonitorEbene.choices)
    online = models.PositiveIntegerField(_("online verfügbar"))
    gesamt = models.PositiveIntegerField(_("Leistungen insgesamt"))
    erfasst_am = models.DateTimeField(_("erfasst am"), default=timezone.now, editable=False)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Wochenwert des Hessischen OZG-Monitors")
        verbose_name_plural = _("Hessischer OZG-Monitor (Wochenwerte)")
        ordering = ["-jahr", "-kw", "ebene"]
        constraints = [
            models.UniqueConstraint(fields=["jahr", "kw", "ebene"], name="ozgmonitorwert_unique_woche_ebene"),
        ]

    def __str__(self):
        return f"KW {self.kw}/{self.jahr}, {self.get_ebene_display()}: {self.online} von {self.gesamt} online"

    @property
    def anteil(self) -> float:
        return self.online / self.gesamt if self.gesamt else 0.0

    @property
    def sonntag(self) -> dt.date:
        """The last day of the week: the figures are that week's."""
        return dt.date.fromisocalendar(self.jahr, self.kw, 7)

    def clean(self):
        fehler = {}
        if self.jahr is not None and not 2000 <= self.jahr <= 2100:
            fehler["jahr"] = _("Bitte ein Jahr zwischen 2000 und 2100 angeben.")
        elif self.jahr is not None and self.kw is not None and not 1 <= self.kw <= wochen_im_jahr(self.jahr):
            fehler["kw"] = _("Die Kalenderwoche %(kw)s gibt es %(jahr)s nicht (das Jahr hat %(anzahl)s Wochen).") % {
                "kw": self.kw,
                "jahr": self.jahr,
                "anzahl": wochen_im_jahr(self.jahr),
            }
        elif (
            self.jahr is not None and self.kw is not None and self.sonntag - dt.timedelta(days=6) > timezone.localdate()
        ):
            fehler["kw"] = _("Die KW %(kw)s/%(jahr)s hat noch nicht begonnen.") % {"kw": self.kw, "jahr": self.jahr}
        if self.gesamt is not None and self.gesamt == 0:
            fehler["gesamt"] = _("„Leistungen insgesamt“ muss größer als 0 sein.")
        if self.online is not None and self.gesamt is not None and self.online > self.gesamt:
            fehler["online"] = _(
                "„online verfügbar“ (%(online)s) kann nicht größer sein als „insgesamt“ (%(gesamt)s)."
            ) % {
                "online": self.online,
                "gesamt": self.gesamt,
            }
        if fehler:
            raise ValidationError(fehler)

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError:
            raise ValidationError(
                _("Für KW %(kw)s/%(jahr)s (%(ebene)s) ist schon ein Wert erfasst.")
                % {"kw": self.kw, "jahr": self.jahr, "ebene": self.get_ebene_display()}
            ) from None
