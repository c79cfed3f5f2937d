"""What Amt 15 records for the implementation plan: capacity per quarter and Vorgaben for single services.

Nothing else is stored: the plan itself is computed on every request (:mod:`planung.plan`), so a changed
capacity, rating or status shows on the next page view. Written only through :mod:`planung.services`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models import Amt, Leistung, Status

from .plan import Art
from .quartal import Quartal

QUARTALE = [
    (1, _("Q1 (Januar bis März)")),
    (2, _("Q2 (April bis Juni)")),
    (3, _("Q3 (Juli bis September)")),
    (4, _("Q4 (Oktober bis Dezember)")),
]
JAHR = [MinValueValidator(2000), MaxValueValidator(2100)]
VERSION_HILFE = _("Zählt jede Änderung; eine Änderung auf Grundlage einer veralteten Version wird abgewiesen.")


class Kapazitaet(models.Model):
    """How many services can be taken to "online" in one quarter, all Ämter and platforms together.

    Its :class:`Teilkapazitaet` rows add limits for one Amt or one platform; every capacity is an upper bound
    (see :mod:`planung.plan`). ``version`` rises with every change of the quarter or its limits.
    """

    jahr = models.PositiveSmallIntegerField(_("Jahr"), validators=JAHR)
    quartal = models.PositiveSmallIntegerField(_("Quartal"), choices=QUARTALE)
    anzahl = models.PositiveIntegerField(
        _("Leistungen insgesamt"),
        help_text=_("Wie viele Leistungen in diesem Quartal höchstens online gehen können (alle Ämter zusammen)."),
    )
    bemerkung = models.CharField(_("Bemerkung"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False, help_text=VERSION_HILFE)
    geaendert_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geändert von"),
    )
    geaendert_am = models.DateTimeField(_("geändert am"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kapazität je Quartal")
        verbose_name_plural = _("Kapazitäten je Quartal")
        ordering = ["jahr", "quartal"]
        constraints = [
            models.UniqueConstraint(
                fields=["jahr", "quartal"],
                name="kapazitaet_ein_quartal",
                violation_error_message=_("Für dieses Quartal ist bereits eine Kapazität erfasst; bitte diese ändern."),
            )
        ]

    def __str__(self):
        return f"{self.quartal_wert}: {self.anzahl} Leistungen"

    @property
    def quartal_wert(self) -> Quartal:
        return Quartal(self.jahr, self.quartal)


class Teilkapazitaet(models.Model):
    """A limit within a quarter's capacity for the services of one Amt, or of one platform.

    A platform is a status such as "Digitalisierungsfabrik": the limit applies to the open services that have
    this status now. Exactly one of ``amt`` and ``plattform`` is set.
    """

    kapazitaet = models.ForeignKey(
        Kapazitaet, on_delete=models.CASCADE, related_name="teile", verbose_name=_("Kapazität je Quartal")
    )
    amt = models.ForeignKey(
        Amt, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Amt")
    )
    plattform = models.ForeignKey(
        Status,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Plattform (Status)"),
        help_text=_("z. B. „Digitalisierungsfabrik“: gilt für die offenen Leistungen mit diesem Status."),
    )
    anzahl = models.PositiveIntegerField(_("höchstens"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Grenze für ein Amt oder eine Plattform")
        verbose_name_plural = _("Grenzen für Ämter oder Plattformen")
        constraints = [
            models.CheckConstraint(
                condition=Q(amt__isnull=False, plattform__isnull=True) | Q(amt__isnull=True, plattform__isnull=False),
                name="teilkapazitaet_amt_oder_plattform",
                violation_error_message=_("Eine Grenze gilt entweder für ein Amt oder für eine Plattform (Status)."),
            ),
            models.UniqueConstraint(
                fields=["kapazitaet", "amt"],
                condition=Q(amt__isnull=False),
                name="teilkapazitaet_ein_amt",
                violation_error_message=_("Für dieses Amt ist in diesem Quartal schon eine Grenze erfasst."),
            ),
            models.UniqueConstraint(
                fields=["kapazitaet", "plattform"],
                condition=Q(plattform__isnull=False),
                name="teilkapazitaet_eine_plattform",
                violation_error_message=_("Für diese Plattform ist in diesem Quartal schon eine Grenze erfasst."),
            ),
        ]

    def __str__(self):
        wofuer = f"Amt {self.amt.nummer}" if self.amt_id else str(self.plattform)
        return f"{wofuer}: höchstens {self.anzahl}"


class Planvorgabe(models.Model):
    """The Redaktion's decision for one open service: pinned on a quarter, or held back; with why, who, when.

    A pinned service goes into its quarter whatever the capacity; a held-back one is not planned. A Vorgabe of a
    service that is no longer open has no effect (and is shown as such).
    """

    leistung = models.OneToOneField(
        Leistung, on_delete=models.CASCADE, related_name="planvorgabe", verbose_name=_("Leistung")
    )
    art = models.CharField(
        _("Vorgabe"),
        max_length=20,
        choices=[
            (Art.FESTGELEGT.value, _("in einem Quartal festgelegt")),
            (Art.ZURUECKGESTELLT.value, _("zurückgestellt")),
        ],
    )
    jahr = models.PositiveSmallIntegerField(_("Jahr"), null=True, blank=True, validators=JAHR)
    quartal = models.PositiveSmallIntegerField(_("Quartal"), null=True, blank=True, choices=QUARTALE)
    grund = models.CharField(_("Grund"), max_length=500)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    erfasst_am = models.DateTimeField(_("erfasst am"))
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False, help_text=VERSION_HILFE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Vorgabe für eine Leistung")
        verbose_name_plural = _("Vorgaben für Leistungen")
        ordering = ["leistung__leika_schluessel"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art=Art.FESTGELEGT.value, jahr__isnull=False, quartal__isnull=False)
                | Q(art=Art.ZURUECKGESTELLT.value, jahr__isnull=True, quartal__isnull=True),
                name="planvorgabe_quartal_nur_wenn_festgelegt",
                violation_error_message=_(
                    "Eine festgelegte Leistung braucht Jahr und Quartal, eine zurückgestellte hat keines."
                ),
            )
        ]

    def __str__(self):
        if self.art == Art.FESTGELEGT:
            return f"{self.leistung.schluessel_formatiert}: festgelegt auf {self.quartal_wert}"
        return f"{self.leistung.schluessel_formatiert}: zurückgestellt"

    @property
    def quartal_wert(self) -> Quartal | None:
        return Quartal(self.jahr, self.quartal) if self.jahr and self.quartal else None
