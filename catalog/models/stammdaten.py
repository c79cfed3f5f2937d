"""Master data that Amt 15 edits rarely: Themenfelder, Lebenslagen, Ressorts, Ämter, statuses, Reifegrade."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from toolkit.formatting import shorten

# How long an Amt's short name may be, so that "33 Bürgeramt" fits beside a bar (charts, Foliensatz).
KURZNAME_LAENGE = 30


def amt_kurzbezeichnung(nummer: int | None, name: str, kurzname: str = "") -> str:
    """How charts and slides name an Amt: its number and short name, "33 Bürgeramt".

    Without a Kurzname (set by the Redaktion in the admin) the name stands in, without a leading "Amt für " and cut
    to :data:`KURZNAME_LAENGE` characters ("80 Wirtschaft und Liegenschaften"). Without a number (e.g. "ohne
    Amt") only the name."""
    kurz = kurzname.strip()
    if not kurz:
        kurz = name.strip()
        for vorsilbe in ("Amt für ", "Amt "):
            if kurz.startswith(vorsilbe) and len(kurz) > len(vorsilbe):
                kurz = kurz[len(vorsilbe) :]
                break
    kurz = shorten(kurz, KURZNAME_LAENGE)
    return kurz if nummer is None else f"{nummer} {kurz}"


class Themenfeld(models.Model):
    """One of the 14 topic areas of the OZG (e.g. "Familie & Kind")."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Themenfeld")
        verbose_name_plural = _("Themenfelder")
        ordering = ["reihenfolge", "name"]

    def __str__(self):
        return self.name


class Lebenslage(models.Model):
    """A life or business situation (Lebens-/Unternehmenslage) grouping OZG-Leistungen under a Themenfeld."""

    name = models.CharField(_("Name"), max_length=200)
    themenfeld = models.ForeignKey(
        Themenfeld, on_delete=models.PROTECT, related_name="lebenslagen", verbose_name=_("Themenfeld")
    )

    class Meta:
        verbose_name = _("Lebenslage")
        verbose_name_plural = _("Lebenslagen")
        ordering = ["themenfeld__reihenfolge", "name"]
        constraints = [models.UniqueConstraint(fields=["themenfeld", "name"], name="lebenslage_unique_name")]

    def __str__(self):
        return self.name


class Ressort(models.Model):
    """A Hessian ministry with subject responsibility (Ressort in Hessen, fachliche Zuständigkeit)."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    kurzname = models.CharField(_("Kurzname"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("Ressort in Hessen")
        verbose_name_plural = _("Ressorts in Hessen")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.kurzname})" if self.kurzname else self.name


class Amt(models.Model):
    """A department of the Landeshauptstadt Wiesbaden, responsible for the Leistungen assigned to it."""

    nummer = models.PositiveSmallIntegerField(_("Nummer"), unique=True, help_text=_("z. B. 15"))
    name = models.CharField(_("Name"), max_length=200)
    kurzname = models.CharField(_("Kurzname"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Amt")
        verbose_name_plural = _("Ämter")
        ordering = ["nummer"]

    def __str__(self):
        return f"Amt {self.nummer} – {self.name}"

    @property
    def kurzbezeichnung(self) -> str:
        """The Amt in charts and slides: "33 Bürgeramt" (see :func:`amt_kurzbezeichnung`)."""
        return amt_kurzbezeichnung(self.nummer, self.name, self.kurzname)


class StatusBedeutung(models.TextChoices):
    """What a status means for the figures: which statuses count as online, open, or out of scope."""

    ERLEDIGT = "erledigt", _("erledigt (online verfügbar)")
    IN_ARBEIT = "in_arbeit", _("in Arbeit")
    WARTEND = "wartend", _("wartend")
    AUSSER_BETRACHT = "ausser_betracht", _("außer Betracht (nicht relevant)")


class Status(models.Model):
    """Wiesbaden's implementation state of a Leistung (e.g. "Abgeschlossen").

    Statuses are data: Amt 15 may add more. Each carries a colour and an order for charts and badges, and a
    meaning (:class:`StatusBedeutung`) that decides how it counts in the figures.
    """

    bezeichnung = models.CharField(_("Bezeichnung"), max_length=60, unique=True)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    farbe = models.CharField(
        _("Farbe"),
        max_length=7,
        default="#777777",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Bitte eine Farbe als #rrggbb angeben."))],
    )
    bedeutung = models.CharField(_("Bedeutung für die Kennzahlen"), max_length=20, choices=StatusBedeutung.choices)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Status")
        verbose_name_plural = _("Status")
        ordering = ["reihenfolge", "bezeichnung"]

    def __str__(self):
        return self.bezeichnung


class Reifegrad(models.Model):
    """An OZG maturity level (0 offline … 4 online transaction); a scale kept as data (model 2.0 has more)."""

    stufe = models.PositiveSmallIntegerField(_("Stufe"), unique=True)
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=100)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    ozg_konform = models.BooleanField(_("OZG-konform"), default=False, help_text=_("Stufe 3 oder höher"))

    class Meta:
        verbose_name = _("Reifegrad")
        verbose_name_plural = _("Reifegrade")
        ordering = ["stufe"]

    def __str__(self):
        return f"{self.stufe} – {self.bezeichnung}"


class Benutzerprofil(models.Model):
    """Links a portal user to the Amt they lead (for the Amtsleitung role)."""

    user = models.OneToOneField(
        "auth.User", on_delete=models.CASCADE, related_name="profil", verbose_name=_("Benutzer")
    )
    amt = models.ForeignKey(
        Amt, on_delete=models.PROTECT, null=True, blank=True, related_name="profile", verbose_name=_("Amt")
    )

    class Meta:
        verbose_name = _("Benutzerprofil")
        verbose_name_plural = _("Benutzerprofile")

    def __str__(self):
        return f"{self.user} ({self.amt or 'kein Amt'})"
