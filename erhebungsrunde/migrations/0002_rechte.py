"""The Redaktion opens, reminds and closes rounds in the admin; the other groups may look at them there (as for
the Umsetzungsplanung). Answering needs no permission of this app: an Amtsleitung answers for its own Amt with the
catalogue's right to change its Leistungen."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def rechte(apps, schema_editor):
    # Permissions are normally created after all migrations; create this app's now to give them out.
    app_config = apps.get_app_config("erhebungsrunde")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    redaktion, _ = Group.objects.get_or_create(name="Redaktion Amt 15")
    redaktion.permissions.add(*Permission.objects.filter(content_type__app_label="erhebungsrunde"))
    view = Permission.objects.filter(content_type__app_label="erhebungsrunde", codename__startswith="view_")
    for name in ("Amtsleitung", "Verwaltungsführung"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*view)


class Migration(migrations.Migration):
    dependencies = [
        ("erhebungsrunde", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(rechte, migrations.RunPython.noop)]
