"""The OZG-Scorecard: weighted areas, criteria with answer options, and each Leistung's ratings.

Amt 15 rates every OZG-relevant Leistung on a small set of criteria. Each criterion belongs to an area
(*Bereich*) with a weight in percent; each answer option is worth points. Areas, weights, criteria and options
are data that Amt 15 edits; the arithmetic that turns ratings into scores lives in :mod:`scorecard.scoring`.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.importing.columns import normalize_header
from catalog.models import Leistung

_SPACES = re.compile(r"\s+")


def comparison_key(text: str) -> str:
    """The form in which option labels are compared: lower case, without any spaces.

    The ratings import matches a cell to an option this way, so two options of one criterion must not be equal
    in this form.
    """
    return _SPACES.sub("", str(text or "")).casefold()


def punkte_text(punkte: int) -> str:
    """ "1 Punkt", "6 Punkte"."""
    return f"{punkte} Punkt" if punkte == 1 else f"{punkte} Punkte"


class Bereich(models.Model):
    """An area of the scorecard (e.g. "Relevanz für Bürger") with its weight in percent.

    The weights of all areas add up to 100 %; the admin refuses anything else. The first area in the order
    breaks ties between equal totals (in the seeded set: Relevanz für Bürger).
    """

    name = models.CharField(_("Name"), max_length=100, unique=True)
    gewicht = models.DecimalField(
        _("Gewicht (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Anteil am Gesamtwert in Prozent; die Gewichte aller Bereiche ergeben zusammen 100 %."),
    )
    reihenfolge = models.PositiveSmallIntegerField(
        _("Reihenfolge"),
        default=0,
        help_text=_("Der erste Bereich entscheidet bei gleichem Gesamtwert über die Rangfolge."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Bereich")
        verbose_name_plural = _("Bereiche")
        ordering = ["reihenfolge", "id"]

    def __str__(self):
        return f"{self.name} ({self.gewicht.normalize():f} %)" if self.gewicht is not None else self.name


class Kriterium(models.Model):
    """One question of the scorecard, answered for each Leistung by choosing one of its options.

    A criterion needs at least two options, and its best option must be worth more than 0 points. ``vorschlag``
    marks criteria that do not come from Amt 15's scorecard deck but were seeded as placeholders to review.
    """

    bereich = models.ForeignKey(Bereich, on_delete=models.PROTECT, related_name="kriterien", verbose_name=_("Bereich"))
    name = models.CharField(
        _("Name"), max_length=150, unique=True, help_text=_("Auch die Spaltenüberschrift beim Import von Bewertungen.")
    )
    frage = models.CharField(
        _("Frage"), max_length=500, blank=True, help_text=_("Die Frage, die das Kriterium stellt.")
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    vorschlag = models.BooleanField(
        _("Vorschlag – bitte prüfen"),
        default=False,
        help_text=_("Platzhalter, der nicht aus der Scorecard-Präsentation stammt; nach der Prüfung abwählen."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kriterium")
        verbose_name_plural = _("Kriterien")
        ordering = ["bereich__reihenfolge", "bereich_id", "reihenfolge", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # The ratings import finds a criterion's column by its name as the catalogue importer compares headers
        # (case, spaces, punctuation and text in brackets do not count); two names must not look alike there.
        key = normalize_header(self.name)
        if not key:
            if self.name:
                raise ValidationError({"name": _("Der Name braucht mindestens einen Buchstaben oder eine Ziffer.")})
            return
        for other in Kriterium.objects.exclude(pk=self.pk).only("name"):
            if normalize_header(other.name) == key:
                raise ValidationError(
                    {
                        "name": _(
                            "Es gibt bereits das Kriterium „%(name)s“; Namen dürfen sich nicht nur in Groß-/"
                            "Kleinschreibung, Leerzeichen, Satzzeichen oder Klammerzusätzen unterscheiden (der "
                            "Import ordnet Spalten so zu)."
                        )
                        % {"name": other.name}
                    }
                )


class Option(models.Model):
    """An answer option of a criterion (e.g. "hoch") and the points it is worth.

    More points mean higher priority; for the complexity criteria, easier to implement gives more points.
    """

    kriterium = models.ForeignKey(
        Kriterium, on_delete=models.CASCADE, related_name="optionen", verbose_name=_("Kriterium")
    )
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=100)
    punkte = models.PositiveSmallIntegerField(_("Punkte"))
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Antwortoption")
        verbose_name_plural = _("Antwortoptionen")
        ordering = ["kriterium_id", "reihenfolge", "-punkte", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kriterium", "bezeichnung"], name="scorecard_option_unique_bezeichnung")
        ]

    def __str__(self):
        return f"{self.bezeichnung} ({punkte_text(self.punkte)})"


class Bewertung(models.Model):
    """One Leistung's answer to one criterion: the chosen option, who chose it when, and why.

    One rating per Leistung and criterion. Written only by :func:`scorecard.services.leistung_bewerten`; every
    change is kept in the rating history (``history``: who changed which rating when).
    """

    leistung = models.ForeignKey(
        Leistung, on_delete=models.CASCADE, related_name="bewertungen", verbose_name=_("Leistung")
    )
    kriterium = models.ForeignKey(
        Kriterium, on_delete=models.CASCADE, related_name="bewertungen", verbose_name=_("Kriterium")
    )
    # RESTRICT, not PROTECT: deleting a whole criterion deletes its options and ratings together; deleting an
    # option that is still chosen somewhere is refused.
    option = models.ForeignKey(Option, on_delete=models.RESTRICT, related_name="bewertungen", verbose_name=_("Antwort"))
    bewertet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bewertet von"),
    )
    bewertet_am = models.DateTimeField(_("bewertet am"), default=timezone.now)
    begruendung = models.CharField(_("Begründung"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        ordering = ["leistung_id", "kriterium_id"]
        constraints = [
            models.UniqueConstraint(fields=["leistung", "kriterium"], name="scorecard_bewertung_unique_kriterium")
        ]

    def __str__(self):
        return f"{self.leistung.schluessel_formatiert} · {self.kriterium.name}: {self.option.bezeichnung}"

    def clean(self):
        super().clean()
        if self.option_id and self.kriterium_id and self.option.kriterium_id != self.kriterium_id:
            raise ValidationError(
                {"option": _("Die Antwort „%(option)s“ gehört nicht zum Kriterium.") % {"option": self.option}}
            )


class Bewertungsstand(models.Model):
    """The version of one Leistung's ratings, raised by every change of them (the portal's one lost-update
    mechanism, :mod:`catalog.versions`): a rating form remembers it, the rating service compares it under a lock.

    The ratings have a version of their own, not the Leistung's: rating a Leistung and changing its status are
    different people's work and must not refuse each other. A Leistung that was never rated has no row (version 0).
    """

    leistung = models.OneToOneField(
        Leistung, on_delete=models.CASCADE, primary_key=True, related_name="bewertungsstand", verbose_name=_("Leistung")
    )
    version = models.PositiveIntegerField(_("Version"), default=0)

    class Meta:
        verbose_name = _("Stand der Bewertung")
        verbose_name_plural = _("Stände der Bewertungen")

    def __str__(self):
        return f"{self.leistung_id}: Version {self.version}"


class LeistungBewertung(Leistung):
    """A Leistung seen from the scorecard: its ratings and how its score comes about (for the admin).

    A proxy of :class:`catalog.models.Leistung`, so that the catalogue does not need to know the scorecard.
    """

    class Meta:
        proxy = True
        verbose_name = _("Bewertung einer Leistung")
        verbose_name_plural = _("Bewertungen der Leistungen")
