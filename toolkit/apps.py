from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ToolkitConfig(AppConfig):
    """The domain-free presentation toolkit (lists, numbers, charts, exports); below every app of the portal."""

    name = "toolkit"
    verbose_name = "Werkzeuge für Listen, Zahlen und Diagramme"

    def ready(self):
        from toolkit.search import register_lookups, register_sqlite_fold

        register_lookups()
        connection_created.connect(register_sqlite_fold, dispatch_uid="toolkit_fold")
