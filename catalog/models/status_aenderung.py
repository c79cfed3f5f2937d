"""The status history: one append-only row per status change."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .leistung import Leistung, NurUeberServices
from .stammdaten import Status


class StatusAenderung(models.Model):
    """One change of a Leistung's status: from which status to which, effective when, recorded by whom, why.

    Append-only; written only by the status service (:func:`catalog.services.leistungen_status_setzen`, set-based;
    ``save()`` refuses). The figures "as of a date" read
    it: a Leistung's status on a date is ``neuer_status`` of its row with the latest ``gueltig_ab`` on or before
    that date (ties broken by ``erfasst_am``, then ``id``). ``alter_status`` is the status that was in effect on
    ``gueltig_ab`` when the change was recorded.
    """

    leistung = models.ForeignKey(
        Leistung, on_delete=models.PROTECT, related_name="status_aenderungen", verbose_name=_("Leistung")
    )
    alter_status = models.ForeignKey(
        Status, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("bisheriger Status")
    )
    neuer_status = models.ForeignKey(Status, on_delete=models.PROTECT, related_name="+", verbose_name=_("neuer Status"))
    gueltig_ab = models.DateField(_("gültig ab"))
    erfasst_am = models.DateTimeField(_("erfasst am"), default=timezone.now)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    grund = models.TextField(_("Grund"), blank=True)

    class Meta:
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")
        ordering = ["leistung_id", "gueltig_ab", "erfasst_am", "id"]  # by id: no join to Leistung
        indexes = [
            # "latest change per Leistung up to a date" is answered from this index.
            models.Index(fields=["leistung", "gueltig_ab", "erfasst_am", "id"], name="statusaenderung_asof_idx"),
            models.Index(fields=["gueltig_ab"], name="statusaenderung_datum_idx"),
            # "which Leistungen had a change recorded in this period" (how current the figures are, Erhebungsrunde):
            # a range of this index, not a scan of the whole history.
            models.Index(fields=["erfasst_am", "leistung"], name="statusaenderung_erfasst_idx"),
        ]

    def __str__(self):
        return (
            f"{self.leistung.schluessel_formatiert}: {self.alter_status or '–'} → {self.neuer_status} "
            f"ab {self.gueltig_ab:%d.%m.%Y}"
        )

    def save(self, *args, **kwargs):
        raise NurUeberServices("Statusänderungen schreibt nur catalog.services.leistungen_status_setzen.")
