"""Seeds the scorecard with the set from Amt 15's deck ("OZG-Scorecard zur Umsetzungsplanung") and gives the
portal's groups their scorecard permissions.

From the deck: the three areas and their weights (50/20/30), the three criteria of "Relevanz für Bürger" and
"Medienbruchfreie Bearbeitung realisierbar?" with their options and points. The deck is cut off after that;
everything else is a placeholder marked "Vorschlag – bitte prüfen" (``vorschlag=True``) for Amt 15 to review.
Points are oriented so that more points mean higher priority (for complexity: easier to implement = more).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

HOCH_MITTEL_NIEDRIG = [("hoch", 6), ("mittel", 3), ("niedrig", 0)]

# area, weight, [(criterion, question, placeholder?, [(option, points), ...]), ...]
SCORECARD = [
    (
        "Relevanz für Bürger",
        50,
        [
            (
                "Grad der Erleichterung",
                "Wie sehr erleichtert das Online-Angebot Bürgerinnen und Bürgern den Weg zur Leistung?",
                False,
                HOCH_MITTEL_NIEDRIG,
            ),
            (
                "Gesellschaftspolitische Wichtigkeit",
                "Wie wichtig ist die Leistung gesellschaftspolitisch?",
                False,
                HOCH_MITTEL_NIEDRIG,
            ),
            (
                "Medienkompetenz der Zielgruppe",
                "Wie sicher nutzt die Zielgruppe der Leistung digitale Angebote?",
                False,
                HOCH_MITTEL_NIEDRIG,
            ),
        ],
    ),
    (
        "Wichtigkeit für den Fachbereich",
        20,
        [
            (
                "Medienbruchfreie Bearbeitung realisierbar?",
                "Kann der Fachbereich einen Online-Antrag ohne Medienbruch (Ausdrucken, Abtippen) bearbeiten?",
                False,
                [("mit vorhandenen Tools", 8), ("mit neuen oder zusätzlichen Tools", 4), ("nein", 0)],
            ),
            (
                "Grad der Entlastung des Fachbereichs",
                "Vorschlag – bitte prüfen (in der Präsentation nach „Gr…“ abgeschnitten): Wie stark entlastet die "
                "Online-Leistung den Fachbereich (weniger Rückfragen, Nacherfassung, Papier)?",
                True,
                HOCH_MITTEL_NIEDRIG,
            ),
        ],
    ),
    (
        "Umsetzungskomplexität",
        30,
        [
            (
                "Technischer Aufwand",
                "Vorschlag – bitte prüfen: Wie aufwendig ist die technische Umsetzung (Fachverfahren, "
                "Schnittstellen, Bezahlfunktion)?",
                True,
                [("gering", 2), ("mittel", 1), ("hoch", 0)],
            ),
            (
                "Nachnutzbare Lösung verfügbar",
                "Vorschlag – bitte prüfen: Gibt es eine EfA- oder civento-Lösung, die Wiesbaden anbinden kann?",
                True,
                [("ja, einsatzbereit", 2), ("in Entwicklung", 1), ("nein", 0)],
            ),
            (
                "Rechtliche und organisatorische Hürden",
                "Vorschlag – bitte prüfen: Stehen Schriftform, Nachweise im Original oder nötige "
                "Prozessänderungen der Online-Umsetzung im Weg?",
                True,
                [("keine", 2), ("einige", 1), ("erhebliche", 0)],
            ),
        ],
    ),
]


def seed(apps, schema_editor):
    Bereich = apps.get_model("scorecard", "Bereich")
    Kriterium = apps.get_model("scorecard", "Kriterium")
    Option = apps.get_model("scorecard", "Option")
    if not Bereich.objects.exists():
        for area_order, (area_name, weight, criteria) in enumerate(SCORECARD, start=1):
            bereich = Bereich.objects.create(name=area_name, gewicht=weight, reihenfolge=area_order)
            for order, (name, question, placeholder, options) in enumerate(criteria, start=1):
                kriterium = Kriterium.objects.create(
                    bereich=bereich, name=name, frage=question, reihenfolge=order, vorschlag=placeholder
                )
                Option.objects.bulk_create(
                    Option(kriterium=kriterium, bezeichnung=label, punkte=points, reihenfolge=option_order)
                    for option_order, (label, points) in enumerate(options, start=1)
                )

    # Permissions are normally created after all migrations; create the scorecard's now to give them out.
    app_config = apps.get_app_config("scorecard")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    redaktion, _ = Group.objects.get_or_create(name="Redaktion Amt 15")
    redaktion.permissions.add(*Permission.objects.filter(content_type__app_label="scorecard"))
    view = Permission.objects.filter(content_type__app_label="scorecard", codename__startswith="view_")
    for name in ("Amtsleitung", "Verwaltungsführung"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*view)


class Migration(migrations.Migration):
    dependencies = [
        ("scorecard", "0001_initial"),
        ("catalog", "0002_stammdaten"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
