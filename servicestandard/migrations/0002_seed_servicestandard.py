"""Seeds the OZG-Servicestandard as the deck lists it ("Servicestandard für die OZG-Umsetzung", Amt 15's
Foliensatz 2022): six groups, 19 principles with their full text word for word; and gives the portal's groups
their permissions.

The deck has no short titles; those here are the portal's own (Amt 15 edits them in the admin, they also name
the import's columns). A later version of the standard is a new Fassung, added in the admin or by a migration
like this one.
"""

import datetime as dt

from django.contrib.auth.management import create_permissions
from django.db import migrations

FASSUNG = "OZG-Servicestandard 2020"
GUELTIG_AB = dt.date(2020, 6, 1)
QUELLE = (
    "Foliensatz „OZG-Umsetzungsstand“ (Amt 15, 2022), Folie „Servicestandard für die OZG-Umsetzung“; "
    "Kurztitel vom OZG-Portal ergänzt"
)

# group, [(number, short title, full text), ...]
STANDARD = [
    (
        "Nutzerzentrierung",
        [
            (
                1,
                "Nutzerbedürfnisse",
                "Nutzeranforderungen und -bedürfnisse werden erhoben, verstanden und bewertet. Sie bilden die "
                "Grundlage für die Konzeption und Gestaltung, die Realisierung und den Betrieb von digitalen "
                "Angeboten der Verwaltung. Nutzerinnen und Nutzer sollten dabei wenn möglich direkt beteiligt "
                "werden.",
            ),
            (
                2,
                "Einfach und intuitiv",
                "Digitale Angebote sind einfach und intuitiv, so dass die Nutzerinnen und Nutzer sie "
                "akzeptieren. Sie führen die Nutzerinnen und Nutzer durch eine klare Struktur und ggf. mit "
                "zusätzlichen digitalen Hilfestellungen zum Ziel.",
            ),
            (
                3,
                "Barrierefreiheit und Sprache",
                "Digitale Angebote sind barrierefrei konzipiert und gestaltet. Sie verwenden weitestgehend "
                "einfache, bürgernahe sowie genderneutrale Sprache.",
            ),
            (
                4,
                "Once-Only",
                "Bürgerinnen und Bürger sollten ihre Daten und Dokumente nur einmal mitteilen müssen. "
                "Nachweisdokumente werden schrittweise durch Registerabfragen und zwischenbehördliche "
                "Datenaustausche ersetzt.",
            ),
            (
                5,
                "Datenschutz und Datensicherheit",
                "Werden Daten und Informationen der Nutzerinnen und Nutzer in digitalen Angeboten verarbeitet, "
                "werden Sicherheitsvorkehrungen zu ihrem Schutz getroffen und transparent gemacht. "
                "Datenaustausche zwischen Behörden werden durch geschaltete Intermediäre abgesichert und im "
                "Datencockpit der Nutzerinnen und Nutzer protokolliert.",
            ),
            (
                6,
                "Digitale Nutzung fördern",
                "Bürgerinnen und Bürger sowie Unternehmen werden mit geeigneten Maßnahmen und positiven "
                "Nutzererfahrungen motiviert, den digitalen Service anstelle des papiergestützten Verfahrens zu "
                "nutzen.",
            ),
        ],
    ),
    (
        "Vorgehen",
        [
            (
                7,
                "Digitaltauglichkeit des Rechts",
                "Sofern rechtliche Vorgaben der Entwicklung einer nutzerzentrierten, einfachen und effizienten "
                "digitalen Lösung entgegenstehen, werden diese zügig angepasst und wird dadurch die "
                "Digitaltauglichkeit des Rechts fortwährend erhöht.",
            ),
            (
                8,
                "Agiles Vorgehen",
                "Die digitalen Angebote der Verwaltung werden agil, iterativ und mit nutzerzentrierten Methoden "
                "geplant, entworfen, realisiert und kontinuierlich weiterentwickelt, um langfristig innovativ "
                "und nutzerfreundlich zu bleiben.",
            ),
            (
                9,
                "Portalverbund",
                "Die digitalen Angebote werden so realisiert, dass über jedes Portal alle "
                "Leistungsbeschreibungen gefunden und Online-Dienste aufgerufen werden können (Online-Gateway "
                "Portalverbund).",
            ),
        ],
    ),
    (
        "Zusammenarbeit",
        [
            (
                10,
                "Ebenen übergreifende Zusammenarbeit",
                "Eine vertrauensvolle, Ebenen übergreifende und interdisziplinäre Zusammenarbeit, auch mit "
                "Akteuren außerhalb der Verwaltung, ist die Grundlage für nutzerorientierte und durchgängige "
                "digitale Angebote der Verwaltung unabhängig von Zuständigkeiten.",
            ),
            (
                11,
                "Entwicklungsgemeinschaften",
                "Zusammenschlüsse für Entwicklungsgemeinschaften werden proaktiv angestrebt. "
                "Unterstützungsangebote für deren Zusammenstellung und Finanzierung werden auf ihre "
                "Anwendbarkeit für die Erstellung digitaler Angebote geprüft.",
            ),
        ],
    ),
    (
        "Offenheit",
        [
            (
                12,
                "Offene Standards",
                "Offene Standards müssen bei der Realisierung und dem Betrieb der digitalen Angebote genutzt werden.",
            ),
            (
                13,
                "Open Source",
                "Der Quellcode aus der Realisierung digitaler Angebote der Verwaltung (Eigenentwicklung) wird "
                "als Open Source, d.h. in nachnutzbarer Form mit kostenfreier, eine Veränderung gestattender "
                "Lizenzierung zur Verfügung gestellt.",
            ),
            (
                14,
                "Wiederverwendung",
                "Die Wiederverwendung von vorhandenen digitalen Angeboten oder ihren Bestandteilen wird geprüft, "
                "bevor eine neue Komponente geplant und realisiert wird.",
            ),
        ],
    ),
    (
        "Technischer Betrieb",
        [
            (
                15,
                "Zuverlässigkeit und IT-Sicherheit",
                "Die Zuverlässigkeit, Ausfallsicherheit und IT-Sicherheit der digitalen Angebote sind integraler "
                "Bestandteil der Entwicklung und im kontinuierlichen Betrieb. Für mögliche Stör- und Ausfälle "
                "gibt es Supportkonzepte.",
            ),
            (
                16,
                "Interoperabilität",
                "Die Interoperabilität von Komponenten wird durch gemeinsame Standards, definierte "
                "Schnittstellen und kompatible Architekturen gewährleistet.",
            ),
            (
                17,
                "Technologische Modernität",
                "Die Evaluation der technologischen Modernität der digitalen Angebote wird zum festen "
                "Bestandteil der Betriebsprozesse. Sie ist Grundlage für die Weiterentwicklung.",
            ),
        ],
    ),
    (
        "Wirkungscontrolling",
        [
            (
                18,
                "Wirksamkeit und Transparenz",
                "Die Wirksamkeit der digitalen Angebote wird anonym anhand von Nutzungsintensität und "
                "Nutzerzufriedenheit erhoben. Um die Transparenz zu erhöhen, werden die Ergebnisse "
                "veröffentlicht. Diese werden auch in maschinenlesbarer Fassung bereitgestellt.",
            ),
            (
                19,
                "Nutzerzufriedenheit",
                "Die Evaluation der Nutzerzufriedenheit der digitalen Angebote wird zum festen Bestandteil der "
                "Betriebsprozesse, um daraus kontinuierlich und für zukünftige Weiterentwicklungen Maßnahmen zur "
                "Verbesserung abzuleiten.",
            ),
        ],
    ),
]


def seed(apps, schema_editor):
    Fassung = apps.get_model("servicestandard", "Fassung")
    Gruppe = apps.get_model("servicestandard", "Gruppe")
    Prinzip = apps.get_model("servicestandard", "Prinzip")
    if not Fassung.objects.exists():
        fassung = Fassung.objects.create(name=FASSUNG, gueltig_ab=GUELTIG_AB, quelle=QUELLE)
        for reihenfolge, (name, prinzipien) in enumerate(STANDARD, start=1):
            gruppe = Gruppe.objects.create(fassung=fassung, name=name, reihenfolge=reihenfolge)
            for nummer, kurztitel, text in prinzipien:
                Prinzip.objects.create(gruppe=gruppe, nummer=nummer, kurztitel=kurztitel, text=text)

    # Permissions are normally created after all migrations; create this app's now to give them out.
    app_config = apps.get_app_config("servicestandard")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    eigene = Permission.objects.filter(content_type__app_label="servicestandard")
    redaktion, _ = Group.objects.get_or_create(name="Redaktion Amt 15")
    redaktion.permissions.add(*eigene.exclude(codename="pruefen_eigenes_amt"))
    amtsleitung, _ = Group.objects.get_or_create(name="Amtsleitung")
    amtsleitung.permissions.add(
        *eigene.filter(codename__startswith="view_"), *eigene.filter(codename="pruefen_eigenes_amt")
    )
    fuehrung, _ = Group.objects.get_or_create(name="Verwaltungsführung")
    fuehrung.permissions.add(*eigene.filter(codename__startswith="view_"))


class Migration(migrations.Migration):
    dependencies = [
        ("servicestandard", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("catalog", "0002_stammdaten"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
