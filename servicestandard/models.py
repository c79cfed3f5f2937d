"""The OZG-Servicestandard: its versions (Fassungen), groups and principles, and each Leistung's assessment.

The standard is data, not code: a :class:`Fassung` (e.g. "OZG-Servicestandard (Foliensatz 2022)") has groups
(Nutzerzentrierung, Vorgehen …) and numbered principles with a short title and their full text; the seed comes
from the deck (migration ``0002``), Amt 15 edits it in the admin, and a later version of the standard is a new
Fassung with its own groups and principles. The current Fassung is the latest whose ``gueltig_ab`` has come.

An assessment (:class:`Pruefung`) belongs to one Leistung and one Fassung; it carries the version that guards
against lost updates. Per principle it has one :class:`Ergebnis` (erfüllt / teilweise / nicht erfüllt / nicht
anwendbar, a short note, who and when) with its change history. Written only by :mod:`servicestandard.services`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.importing.columns import normalize_header
from catalog.models import Leistung, StatusBedeutung


class Erfuellung(models.TextChoices):
    """The result of one principle for one online service. How each counts: :mod:`servicestandard.selectors`."""

    ERFUELLT = "erfuellt", _("erfüllt")
    TEILWEISE = "teilweise", _("teilweise")
    NICHT_ERFUELLT = "nicht_erfuellt", _("nicht erfüllt")
    NICHT_ANWENDBAR = "nicht_anwendbar", _("nicht anwendbar")


class Fassung(models.Model):
    """A version of the OZG-Servicestandard: its groups and principles. The current one is the latest whose
    ``gueltig_ab`` has come; assessments of an older Fassung stay as they were."""

    name = models.CharField(_("Name"), max_length=150, unique=True)
    gueltig_ab = models.DateField(
        _("gilt ab"), unique=True, help_text=_("Ab diesem Tag wird nach dieser Fassung geprüft.")
    )
    quelle = models.CharField(_("Quelle"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Fassung des Servicestandards")
        verbose_name_plural = _("Fassungen des Servicestandards")
        ordering = ["-gueltig_ab"]

    def __str__(self):
        return self.name


class Gruppe(models.Model):
    """A group of principles (e.g. "Nutzerzentrierung"), in the order of the standard."""

    fassung = models.ForeignKey(Fassung, on_delete=models.PROTECT, related_name="gruppen", verbose_name=_("Fassung"))
    name = models.CharField(_("Name"), max_length=100)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Gruppe")
        verbose_name_plural = _("Gruppen")
        ordering = ["fassung", "reihenfolge", "id"]
        constraints = [models.UniqueConstraint(fields=["fassung", "name"], name="servicestandard_gruppe_unique_name")]

    def __str__(self):
        return self.name


class Prinzip(models.Model):
    """One principle of the standard: its number, a short title (also an import column's header) and its text.

    Number and short title are unique within a Fassung; the import finds a principle's column by either, so two
    short titles must differ in more than case, spaces and punctuation, and a short title needs a letter.
    """

    gruppe = models.ForeignKey(Gruppe, on_delete=models.PROTECT, related_name="prinzipien", verbose_name=_("Gruppe"))
    nummer = models.PositiveSmallIntegerField(_("Nummer"))
    kurztitel = models.CharField(
        _("Kurztitel"), max_length=100, help_text=_("Auch die Spaltenüberschrift beim Import (mit oder ohne Nummer).")
    )
    text = models.TextField(_("Text"), help_text=_("Der vollständige Wortlaut des Prinzips."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Prinzip")
        verbose_name_plural = _("Prinzipien")
        ordering = ["gruppe__fassung", "nummer"]

    def __str__(self):
        return f"{self.nummer} {self.kurztitel}"

    def clean(self):
        super().clean()
        if not self.gruppe_id:
            return
        if not any(c.isalpha() for c in self.kurztitel or ""):
            raise ValidationError({"kurztitel": _("Der Kurztitel braucht mindestens einen Buchstaben.")})
        andere = Prinzip.objects.filter(gruppe__fassung_id=self.gruppe.fassung_id).exclude(pk=self.pk)
        for other in andere.only("nummer", "kurztitel"):
            if other.nummer == self.nummer:
                raise ValidationError(
                    {"nummer": _("Diese Fassung hat schon das Prinzip %(nummer)s.") % {"nummer": self.nummer}}
                )
            if normalize_header(other.kurztitel) == normalize_header(self.kurztitel):
                raise ValidationError(
                    {
                        "kurztitel": _(
                            "Es gibt in dieser Fassung schon das Prinzip „%(prinzip)s“; Kurztitel dürfen sich nicht "
                            "nur in Groß-/Kleinschreibung, Leerzeichen oder Satzzeichen unterscheiden (der Import "
                            "ordnet Spalten so zu)."
                        )
                        % {"prinzip": other}
                    }
                )


class Pruefung(models.Model):
    """The assessment of one Leistung's online service against one Fassung of the standard.

    ``version`` counts the changes of the assessment: every write raises it, and a change based on an older
    version is refused (:class:`servicestandard.services.PruefungKonflikt`). Before the first result the version
    is 0 (there is no row yet).
    """

    leistung = models.ForeignKey(
        Leistung, on_delete=models.CASCADE, related_name="servicestandard_pruefungen", verbose_name=_("Leistung")
    )
    fassung = models.ForeignKey(Fassung, on_delete=models.PROTECT, related_name="pruefungen", verbose_name=_("Fassung"))
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    geaendert_am = models.DateTimeField(_("zuletzt geändert am"), default=timezone.now)
    geaendert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zuletzt geändert von"),
    )

    class Meta:
        verbose_name = _("Prüfung nach dem Servicestandard")
        verbose_name_plural = _("Prüfungen nach dem Servicestandard")
        ordering = ["leistung_id"]
        constraints = [
            models.UniqueConstraint(fields=["leistung", "fassung"], name="servicestandard_pruefung_unique_fassung")
        ]
        permissions = [
            ("pruefen", _("jede Leistung nach dem OZG-Servicestandard prüfen")),
            ("pruefen_eigenes_amt", _("die Leistungen des eigenen Amts nach dem OZG-Servicestandard prüfen")),
        ]

    def __str__(self):
        return f"{self.leistung_id} · {self.fassung_id}"


class Ergebnis(models.Model):
    """The result of one principle in one assessment, with a short note, who set it and when.

    Every change is kept in ``history`` (who changed which result when); removing a result is a history row too.
    """

    pruefung = models.ForeignKey(
        Pruefung, on_delete=models.CASCADE, related_name="ergebnisse", verbose_name=_("Prüfung")
    )
    prinzip = models.ForeignKey(Prinzip, on_delete=models.PROTECT, related_name="ergebnisse", verbose_name=_("Prinzip"))
    ergebnis = models.CharField(_("Ergebnis"), max_length=20, choices=Erfuellung.choices)
    notiz = models.CharField(_("Notiz"), max_length=300, blank=True)
    geprueft_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geprüft von"),
    )
    geprueft_am = models.DateTimeField(_("geprüft am"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ergebnis")
        verbose_name_plural = _("Ergebnisse")
        ordering = ["pruefung_id", "prinzip__nummer"]
        constraints = [
            models.UniqueConstraint(fields=["pruefung", "prinzip"], name="servicestandard_ergebnis_unique_prinzip")
        ]

    def __str__(self):
        return f"{self.prinzip_id}: {self.get_ergebnis_display()}"


def mit_online_dienst() -> models.Q:
    """The Leistungen that have or are getting an online service, and so can be assessed: online (status meaning
    *erledigt*) or being implemented (*in Arbeit*), or with an online service's address or platform entered."""
    return (
        models.Q(status__bedeutung__in=[StatusBedeutung.ERLEDIGT, StatusBedeutung.IN_ARBEIT])
        | ~models.Q(online_dienst_url="")
        | ~models.Q(online_plattform="")
    )
