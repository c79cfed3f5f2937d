from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "OZG-Katalog"

    def ready(self):
        from catalog import statusschutz  # noqa: F401 - connects the guard of the one status write path

    def load_demo(self, *, rng, stdout):
        """Demo part of the catalogue app, called by ``load_demo_data`` after the catalogue and histories exist:
        the deck's two Erhebungen (they need no randomness, so ``rng`` is left untouched)."""
        from catalog.demo.erhebungen import build_erhebungen

        build_erhebungen(stdout=stdout)
