from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs with progress and uploads waiting for a confirmation; below every app but the toolkit."""

    name = "jobs"
    verbose_name = "Aufträge im Hintergrund"
