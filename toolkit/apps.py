from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    """The domain-free presentation toolkit (lists, numbers, charts, exports); below every app of the portal."""

    name = "toolkit"
    verbose_name = "Werkzeuge für Listen, Zahlen und Diagramme"
