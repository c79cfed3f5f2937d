"""An Erhebungsrunde: Amt 15 asks the Ämter to confirm or change the status of their Leistungen by a Frist, and
freezes the result as an :class:`~catalog.models.Erhebung` on the round's Stichtag.

- :class:`Erhebungsrunde`: name, Stichtag, Frist, who opened and closed it when, and the Erhebung closing made;
  only one round is open at a time (a partial unique index, so also under concurrency);
- :class:`RundenEintrag`: one Leistung asked in a round (the Leistungen of the asked Ämter in the base on the day
  the round opened), with its answer: confirmed unchanged or changed (the status history row the change wrote),
  the status answered, an optional comment, by whom and when; left empty, it counts as unanswered;
- :class:`Erinnerung`: each reminder e-mail (to whom, when, or why it failed).

Written only through :mod:`erhebungsrunde.services`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Amt, Erhebung, Leistung, Status, StatusAenderung


class Erhebungsrunde(models.Model):
    name = models.CharField(
        _("Name"),
        max_length=200,
        unique=True,
        help_text=_("zugleich der Name der Erhebung, die beim Abschluss entsteht"),
    )
    stichtag = models.DateField(_("Stichtag"), help_text=_("zu diesem Tag friert der Abschluss die Erhebung ein"))
    frist = models.DateField(_("Frist"), help_text=_("bis zu diesem Tag antworten die Ämter"))
    offen = models.BooleanField(_("offen"), default=True, editable=False)
    geoeffnet_am = models.DateTimeField(_("geöffnet am"), default=timezone.now, editable=False)
    geoeffnet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geöffnet von"),
    )
    abgeschlossen_am = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True, editable=False)
    abgeschlossen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abgeschlossen von"),
    )
    erhebung = models.OneToOneField(
        Erhebung,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runde",
        verbose_name=_("Erhebung"),
        help_text=_("die beim Abschluss eingefrorene Erhebung"),
    )

    class Meta:
        verbose_name = _("Erhebungsrunde")
        verbose_name_plural = _("Erhebungsrunden")
        ordering = ["-stichtag", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offen"],
                condition=Q(offen=True),
                name="erhebungsrunde_nur_eine_offen",
                violation_error_message=_("Es ist bereits eine Erhebungsrunde offen; es kann nur eine offen sein."),
            ),
            models.CheckConstraint(
                condition=Q(offen=True, abgeschlossen_am__isnull=True) | Q(offen=False, abgeschlossen_am__isnull=False),
                name="erhebungsrunde_abschluss_mit_zeitpunkt",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def frist_vorbei(self) -> bool:
        """Whether the Frist has passed (today is after it)."""
        return timezone.localdate() > self.frist


class Antwort(models.TextChoices):
    """What an Amt answered for one Leistung; an entry without an answer is unanswered."""

    BESTAETIGT = "bestaetigt", _("unverändert bestätigt")
    GEAENDERT = "geaendert", _("geändert")


class RundenEintrag(models.Model):
    runde = models.ForeignKey(
        Erhebungsrunde, on_delete=models.CASCADE, related_name="eintraege", verbose_name=_("Erhebungsrunde")
    )
    leistung = models.ForeignKey(Leistung, on_delete=models.PROTECT, related_name="+", verbose_name=_("Leistung"))
    amt = models.ForeignKey(Amt, on_delete=models.PROTECT, related_name="+", verbose_name=_("gefragtes Amt"))
    status_bei_oeffnung = models.ForeignKey(
        Status, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Status bei Öffnung")
    )
    antwort = models.CharField(_("Antwort"), max_length=12, choices=Antwort.choices, blank=True)
    status = models.ForeignKey(
        Status,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeldeter Status"),
        help_text=_("der bestätigte oder der neue Status"),
    )
    statusaenderung = models.ForeignKey(
        StatusAenderung,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Statusänderung"),
        help_text=_("die Zeile des Statusverlaufs, die eine Änderung geschrieben hat"),
    )
    kommentar = models.TextField(_("Kommentar"), blank=True)
    beantwortet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beantwortet von"),
    )
    beantwortet_am = models.DateTimeField(_("beantwortet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Eintrag einer Erhebungsrunde")
        verbose_name_plural = _("Einträge einer Erhebungsrunde")
        ordering = ["runde", "amt__nummer", "leistung__leika_schluessel"]
        constraints = [
            models.UniqueConstraint(fields=["runde", "leistung"], name="rundeneintrag_einmal_je_runde"),
            models.CheckConstraint(
                condition=Q(antwort="", beantwortet_am__isnull=True)
                | (~Q(antwort="") & Q(beantwortet_am__isnull=False)),
                name="rundeneintrag_antwort_mit_zeitpunkt",
            ),
        ]
        indexes = [
            models.Index(fields=["runde", "amt", "antwort"], name="rundeneintrag_fortschritt_idx"),
            models.Index(fields=["leistung", "beantwortet_am"], name="rundeneintrag_leistung_idx"),
        ]

    def __str__(self):
        return f"{self.runde.name}: {self.leistung_id} {self.get_antwort_display() or 'ohne Antwort'}"


class Erinnerung(models.Model):
    runde = models.ForeignKey(
        Erhebungsrunde, on_delete=models.CASCADE, related_name="erinnerungen", verbose_name=_("Erhebungsrunde")
    )
    amt = models.ForeignKey(Amt, on_delete=models.PROTECT, related_name="+", verbose_name=_("Amt"))
    empfaenger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Empfänger"),
    )
    adresse = models.CharField(_("E-Mail-Adresse"), max_length=254)
    offen = models.PositiveIntegerField(_("offene Leistungen"))
    gesendet_am = models.DateTimeField(_("versandt am"), default=timezone.now)
    fehler = models.TextField(_("Fehler"), blank=True, help_text=_("leer: versandt"))

    class Meta:
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")
        ordering = ["-gesendet_am", "-id"]

    def __str__(self):
        return f"{self.runde.name}: Amt {self.amt_id} an {self.adresse}"
