"""The baseline of bench/bench_import.py: django-import-export 4.4.3, tuned as its documentation says.

Options: ``skip_html_diff``, ``CachedInstanceLoader``, foreign keys from a cache (a ``ForeignKeyWidget`` that
loads each table once), ``skip_unchanged``, and bulk mode (``use_bulk``) whose writes go through simple_history's
``bulk_create_with_history`` / ``bulk_update_with_history``, so that it writes the same rows and the same history
as the portal's importer; statuses through the portal's status service. Runs inside the bench's worker process,
after Django is set up with ``import_export`` installed (never in the portal's own settings).
"""

from __future__ import annotations

import time


def import_file(path: str, *, header: list[str], skip_lines: int, bulk: bool = True) -> dict:
    """django-import-export with the options its documentation gives for speed, doing the same work.

    ``bulk=False``: row by row (``instance.save()``, history through simple_history's signals), the mode in which
    issue 15 measured it; only for new Leistungen, because the portal refuses ``save()`` of a stored one.
    """
    import tablib
    from django.utils import timezone
    from import_export import fields, instance_loaders, resources, widgets
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from catalog.keys import normalize_key
    from catalog.models import Amt, Leistung, Leistungsbuendel, Ressort, Status
    from catalog.services import leistungen_status_setzen

    statuses = {s.bezeichnung: s for s in Status.objects.all()}
    heute = timezone.localdate()

    class KeyWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return normalize_key(value)

    class JaNeinWidget(widgets.BooleanWidget):
        def clean(self, value, row=None, **kwargs):
            return str(value or "").strip().lower() in {"x", "ja", "1", "wahr"}

    class VollzugWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return {"Kommune": "kommune", "Land": "land", "Bund": "bund"}.get(str(value or "").strip(), "")

    class CachedForeignKeyWidget(widgets.ForeignKeyWidget):
        """A foreign key looked up in a dict built once per import (by each of ``names``), not a query per row."""

        def __init__(self, model, *names):
            super().__init__(model, names[0])
            self.names, self.cache = names, None

        def clean(self, value, row=None, **kwargs):
            if value is None or str(value).strip() == "":
                return None
            if self.cache is None:
                self.cache = {str(getattr(o, n)): o for o in self.model.objects.all() for n in self.names}
            return self.cache[str(value).strip()]

    class LeistungResource(resources.ModelResource):
        leika_schluessel = fields.Field("leika_schluessel", header[0], widget=KeyWidget())
        bezeichnung = fields.Field("bezeichnung", header[1])
        buendel = fields.Field("buendel", header[2], widget=CachedForeignKeyWidget(Leistungsbuendel, "ozg_id"))
        leika_typ = fields.Field("leika_typ", header[6], widget=widgets.CharWidget(allow_blank=True))
        ressort = fields.Field("ressort", header[7], widget=CachedForeignKeyWidget(Ressort, "name", "kurzname"))
        vollzugsebene = fields.Field("vollzugsebene", header[8], widget=VollzugWidget())
        von_wiesbaden_umzusetzen = fields.Field("von_wiesbaden_umzusetzen", header[9], widget=JaNeinWidget())
        amt = fields.Field("amt", header[10], widget=CachedForeignKeyWidget(Amt, "nummer"))
        zusaetzliche_informationen = fields.Field(
            "zusaetzliche_informationen", header[12], widget=widgets.CharWidget(allow_blank=True)
        )
        antraege_pro_jahr = fields.Field("antraege_pro_jahr", header[13], widget=widgets.IntegerWidget())

        class Meta:
            model = Leistung
            import_id_fields = ["leika_schluessel"]
            fields = [
                "leika_schluessel", "bezeichnung", "buendel", "leika_typ", "ressort", "vollzugsebene",
                "von_wiesbaden_umzusetzen", "amt", "zusaetzliche_informationen", "antraege_pro_jahr",
            ]  # fmt: skip
            skip_unchanged = True  # an unchanged row writes nothing (no history row), as this importer
            skip_html_diff = True
            instance_loader_class = instance_loaders.CachedInstanceLoader
            use_bulk = bulk
            batch_size = 2000

        # The same history as the portal: simple_history's bulk helpers instead of plain bulk writes.
        def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
            if self.create_instances:
                bulk_create_with_history(self.create_instances, Leistung, batch_size=batch_size)
                self.create_instances.clear()

        def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
            if self.update_instances:
                fields = [f for f in self._meta.fields if f != "leika_schluessel"]
                bulk_update_with_history(self.update_instances, Leistung, fields, batch_size=batch_size)
                self.update_instances.clear()

        def after_import(self, dataset, result, **kwargs):
            # The portal writes a status only through its status service (Leistung.save refuses anything else),
            # so the baseline sets the file's statuses the same way as this importer: same work, same history.
            pks = dict(Leistung.objects.values_list("leika_schluessel", "pk"))
            aenderungen = [
                (pks[normalize_key(row[header[0]])], statuses[row[header[11]]], heute)
                for row in dataset.dict
                if row.get(header[11])
            ]
            leistungen_status_setzen(aenderungen=aenderungen, grund="Import")

    started = time.perf_counter()
    with open(path, "rb") as handle:
        dataset = tablib.Dataset().load(handle.read(), format="xlsx", skip_lines=skip_lines)
    result = LeistungResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    seconds = time.perf_counter() - started
    assert not result.has_errors() and not result.has_validation_errors()
    return {"seconds": seconds, "rows": len(dataset)}
