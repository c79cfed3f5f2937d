"""Erhebungen: dated surveys whose figures are frozen when they are made."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .leistung import Leistung
from .stammdaten import Amt, Status


class Erhebung(models.Model):
    """A dated survey of all statuses ("Erhebungsstand Mai 2022").

    Making one freezes, for every Leistung in the base, its status and responsible Amt as of the Stichtag into
    :class:`ErhebungsEintrag` rows; its figures never change afterwards, even when a status change is later
    back-dated before the Stichtag.
    """

    name = models.CharField(_("Name"), max_length=200, unique=True)
    stichtag = models.DateField(_("Stichtag"))
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erstellt von"),
    )
    erstellt_am = models.DateTimeField(_("erstellt am"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("Erhebung")
        verbose_name_plural = _("Erhebungen")
        ordering = ["stichtag", "id"]

    def __str__(self):
        return f"{self.name} ({self.stichtag:%d.%m.%Y})"


class ErhebungsEintrag(models.Model):
    """One Leistung's frozen status (none, if it had none on the Stichtag) and Amt in an Erhebung."""

    erhebung = models.ForeignKey(
        Erhebung, on_delete=models.CASCADE, related_name="eintraege", verbose_name=_("Erhebung")
    )
    leistung = models.ForeignKey(
        Leistung, on_delete=models.PROTECT, related_name="erhebungseintraege", verbose_name=_("Leistung")
    )
    status = models.ForeignKey(
        Status,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Status"),
        help_text=_("leer: die Leistung hatte am Stichtag noch keinen Status"),
    )
    amt = models.ForeignKey(
        Amt, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Amt")
    )

    class Meta:
        verbose_name = _("Erhebungseintrag")
        verbose_name_plural = _("Erhebungseinträge")
        constraints = [models.UniqueConstraint(fields=["erhebung", "leistung"], name="erhebungseintrag_unique")]

    def __str__(self):
        return f"{self.erhebung.name}: {self.leistung_id} {self.status or 'ohne Status'}"
