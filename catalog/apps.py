from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "OZG-Katalog"

    def load_demo(self, *, rng, stdout):
        """Demo part of the catalogue app, called by ``load_demo_data`` after the catalogue and histories exist:
        the deck's first Erhebung (the second closes a survey round, app erhebungsrunde), its OZG-Monitor figures
        of KW 19/2022 and more kinds of online services (they need no randomness, so ``rng`` is left untouched)."""
        from catalog.demo.erhebungen import build_erhebungen
        from catalog.demo.monitor import build_monitor
        from catalog.demo.online_dienste import build_online_dienste

        build_erhebungen(stdout=stdout)
        build_monitor(stdout=stdout)
        build_online_dienste(stdout=stdout)
