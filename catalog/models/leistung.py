"""OZG-Leistungsbündel and LeiKa-Leistungen: the units of the catalogue Wiesbaden implements and tracks."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.keys import OZG_ID, format_key, validate_key

from .stammdaten import Amt, Lebenslage, Reifegrad, Ressort, Status, Themenfeld


class Bundesland(models.TextChoices):
    BUND = "BUND", _("Bund")
    BW = "BW", _("Baden-Württemberg")
    BY = "BY", _("Bayern")
    BE = "BE", _("Berlin")
    BB = "BB", _("Brandenburg")
    HB = "HB", _("Bremen")
    HH = "HH", _("Hamburg")
    HE = "HE", _("Hessen")
    MV = "MV", _("Mecklenburg-Vorpommern")
    NI = "NI", _("Niedersachsen")
    NW = "NW", _("Nordrhein-Westfalen")
    RP = "RP", _("Rheinland-Pfalz")
    SL = "SL", _("Saarland")
    SN = "SN", _("Sachsen")
    ST = "ST", _("Sachsen-Anhalt")
    SH = "SH", _("Schleswig-Holstein")
    TH = "TH", _("Thüringen")


class Leistungsbuendel(models.Model):
    """An OZG-Leistung (Leistungsbündel): LeiKa-Leistungen that belong together from the citizen's view.

    Carries the EfA facts: whether an "Einer für Alle" service exists, which Land implements it, whether it is
    one of the OZG-Booster services prioritised by IT-Planungsrat decision 2022/20, from when it can be reused
    (Nachnutzung) and by when it had to be rolled out.

    ``version`` counts the changes (the admin's form, the catalogue import) and refuses one based on an older
    version (:mod:`catalog.versions`), as for a Leistung.
    """

    ozg_id = models.CharField(
        _("OZG-ID"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(OZG_ID, _("Die OZG-ID hat genau 5 Ziffern (z. B. 10021)."))],
    )
    name = models.CharField(_("Bezeichnung"), max_length=300)
    themenfeld = models.ForeignKey(
        Themenfeld,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buendel",
        verbose_name=_("Themenfeld"),
    )
    lebenslage = models.ForeignKey(
        Lebenslage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buendel",
        verbose_name=_("Lebenslage"),
    )
    efa = models.BooleanField(
        _("EfA-Leistung"), default=False, help_text=_("Einer für Alle: nachnutzbarer Onlinedienst")
    )
    umsetzendes_land = models.CharField(_("umsetzendes Land"), max_length=4, choices=Bundesland.choices, blank=True)
    ozg_booster = models.BooleanField(
        _("OZG-Booster"), default=False, help_text=_("Priorisierte EfA-Leistung nach IT-PLR-Beschluss 2022/20")
    )
    nachnutzbar_ab = models.DateField(_("nachnutzbar ab"), null=True, blank=True)
    rollout_frist = models.DateField(_("Rollout-Frist"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("Version"),
        default=1,
        editable=False,
        help_text=_("Zählt jede Änderung; eine Änderung auf Grundlage einer veralteten Version wird abgewiesen."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("OZG-Leistungsbündel")
        verbose_name_plural = _("OZG-Leistungsbündel")
        ordering = ["ozg_id"]

    def __str__(self):
        return f"{self.ozg_id} {self.name}"


class Vollzugsebene(models.TextChoices):
    """Which level executes a Leistung (Vollzugsbehörde / Zuständigkeit)."""

    BUND = "bund", _("Bund")
    LAND = "land", _("Land")
    KOMMUNE = "kommune", _("Kommune")


class OnlinePlattform(models.TextChoices):
    CIVENTO = "civento", _("civento (ekom21)")
    EFA = "efa", _("EfA-Onlinedienst")
    EIGEN = "eigen", _("eigene Lösung")
    ANDERE = "andere", _("andere Plattform")


class Anmeldung(models.TextChoices):
    SERVICEKONTO_HESSEN = "servicekonto_hessen", _("Servicekonto Hessen")
    NUTZERKONTO_BUND = "nutzerkonto_bund", _("Nutzerkonto Bund (BundID)")
    KEINE = "keine", _("keine Anmeldung")


class NurUeberServices(RuntimeError):
    """A write past the services (a programming error, never a user's)."""


class Leistung(models.Model):
    """A LeiKa-Leistung: one service of the catalogue, identified by its 14-digit LeiKa key.

    ``status`` is Wiesbaden's current implementation state. It is written only by the status service
    (:func:`catalog.services.leistungen_status_setzen`), which appends a :class:`StatusAenderung` in the same
    transaction and keeps this field equal to the latest effective history row. Every other field of a stored
    Leistung is changed only by :func:`catalog.services.leistungen_aendern`.

    ``version`` counts the changes of the record; both services raise it, and a change based on an older
    version is refused (:class:`catalog.versions.VersionKonflikt`), so that two people never silently overwrite
    each other.
    """

    leika_schluessel = models.CharField(
        _("LeiKa-Schlüssel"),
        max_length=14,
        unique=True,
        validators=[validate_key],
        help_text=_("14 Ziffern, Eingabe auch mit Punkten, z. B. 99.050.042.000.000"),
    )
    vorlaeufig = models.BooleanField(_("ggf. vorläufig"), default=False, help_text=_("Schlüssel ist vorläufig"))
    bezeichnung = models.CharField(_("Leistungsbezeichnung"), max_length=500)
    buendel = models.ForeignKey(
        Leistungsbuendel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leistungen",
        verbose_name=_("OZG-Leistungsbündel"),
    )
    leika_typ = models.CharField(_("LeiKa-Typ"), max_length=30, blank=True, help_text=_("z. B. 2/3, 4, 5, 1, 2/3"))
    ressort = models.ForeignKey(
        Ressort,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leistungen",
        verbose_name=_("Ressort in Hessen"),
    )
    vollzugsebene = models.CharField(_("Vollzugsebene"), max_length=10, choices=Vollzugsebene.choices, blank=True)
    von_wiesbaden_umzusetzen = models.BooleanField(_("von Wiesbaden umzusetzen"), default=False)
    amt = models.ForeignKey(
        Amt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leistungen",
        verbose_name=_("federführendes Amt"),
    )
    status = models.ForeignKey(
        Status,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leistungen",
        verbose_name=_("Status"),
    )
    zusaetzliche_informationen = models.TextField(_("zusätzliche Informationen"), blank=True)
    # Fallzahlen: Wiesbaden's own figure (entered by the Ämter) and, apart from it, a nationwide one. They are never
    # mixed: where only the nationwide figure exists, the pages show an estimate for Wiesbaden that says how it was
    # derived (catalog.selectors.fallzahlen: population share).
    antraege_pro_jahr = models.PositiveIntegerField(
        _("Anträge pro Jahr in Wiesbaden"),
        null=True,
        blank=True,
        help_text=_("Fallzahl Wiesbadens, von den Ämtern erfasst (keine Schätzung, keine bundesweite Zahl)"),
    )
    antraege_bundesweit = models.PositiveBigIntegerField(
        _("Anträge pro Jahr bundesweit"),
        null=True,
        blank=True,
        help_text=_("bundesweite Fallzahl, z. B. aus dem OZG-Informationsportal; nie als Zahl Wiesbadens gezeigt"),
    )
    reifegrad = models.ForeignKey(
        Reifegrad,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leistungen",
        verbose_name=_("Reifegrad"),
    )
    online_dienst_url = models.URLField(_("Online-Dienst (Adresse)"), max_length=500, blank=True)
    online_plattform = models.CharField(
        _("Plattform des Online-Dienstes"), max_length=20, choices=OnlinePlattform.choices, blank=True
    )
    anmeldung = models.CharField(_("Anmeldung (Nutzerkonto)"), max_length=30, choices=Anmeldung.choices, blank=True)
    rechtsgrundlage = models.TextField(_("Rechtsgrundlage"), blank=True)
    nicht_mehr_im_katalog_seit = models.DateField(
        _("nicht mehr im Katalog seit"),
        null=True,
        blank=True,
        help_text=_("gesetzt, wenn ein Katalog-Import die Leistung nicht mehr enthielt"),
    )
    version = models.PositiveIntegerField(
        _("Version"),
        default=1,
        editable=False,
        help_text=_("Zählt jede Änderung; eine Änderung auf Grundlage einer veralteten Version wird abgewiesen."),
    )
    angelegt_am = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    geaendert_am = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["geaendert_am"])

    class Meta:
        verbose_name = _("LeiKa-Leistung")
        verbose_name_plural = _("LeiKa-Leistungen")
        ordering = ["leika_schluessel"]
        indexes = [
            models.Index(fields=["von_wiesbaden_umzusetzen", "status"], name="leistung_basis_idx"),
            models.Index(fields=["amt", "status"], name="leistung_amt_status_idx"),
            models.Index(fields=["vollzugsebene"], name="leistung_vollzug_idx"),
        ]
        permissions = [
            (
                "bearbeiten_eigenes_amt",
                _("Status und zusätzliche Informationen der Leistungen des eigenen Amts ändern"),
            ),
            # Every page, export and figure of the portal (ozgportal.middleware.PortalZugangMiddleware).
            ("portal_lesen", _("Das OZG-Portal lesen (alle Seiten, Exporte und Kennzahlen)")),
        ]

    def __str__(self):
        return f"{self.schluessel_formatiert} {self.bezeichnung}"

    def save(self, *args, **kwargs):
        """Only a new Leistung without a status is saved this way; a stored one changes only through the services.

        This is the one guard of the rule "a status only through the status service, other fields only through
        the Leistung service" (with its history row and a version raised under a row lock): it sees every caller
        that saves a model, also code that is not ours (simple_history's "restore this version", a shell), and
        costs nothing until something saves. The services themselves write set-based (``catalog.rows``), never
        through here. ``QuerySet.update()`` and the bulk methods never reach ``save()``; that they are not used on
        audited models is checked by ``tests/ops/test_audit.py``.
        """
        if not self._state.adding or self.status_id is not None:
            raise NurUeberServices(
                "Eine gespeicherte Leistung und jeder Status werden nur über catalog.services geändert "
                "(leistungen_aendern, leistungen_status_setzen)."
            )
        super().save(*args, **kwargs)

    @property
    def schluessel_formatiert(self) -> str:
        return format_key(self.leika_schluessel)
