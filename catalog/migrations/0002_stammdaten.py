"""Seeds the master data every installation needs: the 14 Themenfelder, the statuses, the Reifegrade 0-4,
and the three user groups of the portal."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

THEMENFELDER = [
    "Arbeit & Ruhestand",
    "Bauen & Wohnen",
    "Bildung",
    "Ein- & Auswanderung",
    "Engagement & Hobby",
    "Familie & Kind",
    "Forschung & Förderung",
    "Gesundheit",
    "Mobilität & Reisen",
    "Querschnitt",
    "Recht & Ordnung",
    "Steuern & Zoll",
    "Umwelt",
    "Unternehmensführung & -entwicklung",
]

STATUSES = [
    # label, order, colour, meaning, description
    ("Abgeschlossen", 10, "#2e7d32", "erledigt", "Online-Dienst ist verfügbar."),
    ("Umsetzung", 20, "#1565c0", "in_arbeit", "Wiesbaden setzt die Leistung um."),
    (
        "Digitalisierungsfabrik",
        30,
        "#7b1fa2",
        "in_arbeit",
        "Wird zentral in der Digitalisierungsfabrik des Landes (ekom21, civento) gebaut und ausgerollt.",
    ),
    ("Wartend", 40, "#b26a00", "wartend", "Noch nicht begonnen oder blockiert."),
    ("Nicht relevant", 90, "#616161", "ausser_betracht", "Für Wiesbaden nicht umzusetzen."),
]

REIFEGRADE = [
    (0, "offline", "Keine Online-Informationen.", False),
    (1, "Information", "Informationen zur Leistung sind online verfügbar.", False),
    (2, "Formular-Assistent", "Formular online ausfüllbar, aber keine Online-Übermittlung.", False),
    (3, "Online-Leistung", "Antrag und Nachweise online, Nutzerkonto, digitaler Bescheid.", True),
    (4, "Online-Transaktion", "Vollständig digital, Once-Only.", True),
]

GROUPS = ["Redaktion Amt 15", "Amtsleitung", "Verwaltungsführung"]


def seed(apps, schema_editor):
    Themenfeld = apps.get_model("catalog", "Themenfeld")
    Status = apps.get_model("catalog", "Status")
    Reifegrad = apps.get_model("catalog", "Reifegrad")
    for order, name in enumerate(THEMENFELDER, start=1):
        Themenfeld.objects.get_or_create(name=name, defaults={"reihenfolge": order})
    for label, order, colour, meaning, description in STATUSES:
        Status.objects.get_or_create(
            bezeichnung=label,
            defaults={"reihenfolge": order, "farbe": colour, "bedeutung": meaning, "beschreibung": description},
        )
    for stufe, label, description, konform in REIFEGRADE:
        Reifegrad.objects.get_or_create(
            stufe=stufe, defaults={"bezeichnung": label, "beschreibung": description, "ozg_konform": konform}
        )

    # Permissions are normally created after all migrations; create the catalogue's now to give them out.
    app_config = apps.get_app_config("catalog")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    redaktion, _ = Group.objects.get_or_create(name="Redaktion Amt 15")
    redaktion.permissions.add(*Permission.objects.filter(content_type__app_label="catalog"))
    view = Permission.objects.filter(content_type__app_label="catalog", codename__startswith="view_")
    for name in ("Amtsleitung", "Verwaltungsführung"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*view)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
