"""One small generic list view for every list page: filter + table + sort + pagination + export.

A list page is a declaration on top of :class:`Liste`: a queryset, a django-filter FilterSet, a django-tables2
table, and which rows an export writes. The same filtered and sorted queryset feeds the page and the export, so
``?export=xlsx`` / ``?export=csv`` on the page's own URL downloads exactly the rows the filter selects, in the
order shown, across all pages.

Bad input never ends in an error page: invalid filter values show German field errors above an empty table, an
unknown sort column is ignored, a page number past the end shows the last page, and an unknown export format says
which formats exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import render
from django.views import View
from django_tables2 import RequestConfig

from catalog.exporting import ExportFormatError, export_response, requested_format

PRO_SEITE = 50


@dataclass
class ExportTabelle:
    """What an export writes: a header row, the data rows (lazy), and which columns are text (the LeiKa key)."""

    kopf: Sequence[str]
    zeilen: Iterable[Sequence]
    text_spalten: Sequence[str] = field(default_factory=tuple)


class Liste(View):
    """The generic list page. Subclasses set the class attributes and may override the hooks below."""

    template_name = "dashboard/liste.html"
    filterset_class = None
    table_class = None
    titel = ""
    einleitung = ""
    export_dateiname = "export"
    pro_seite = PRO_SEITE

    # --- hooks -------------------------------------------------------------------------------------------------

    def get_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_filterset_kwargs(self) -> dict:
        return {}

    def get_table_kwargs(self) -> dict:
        return {}

    def export_tabelle(self, queryset: QuerySet) -> ExportTabelle:
        """The rows of an export; by default the table's own columns as the page shows them."""
        raise NotImplementedError

    def get_context_data(self, **context) -> dict:
        return context

    # --- the one flow ------------------------------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        filterset = self.filterset_class(
            request.GET or None, queryset=queryset, request=request, **self.get_filterset_kwargs()
        )
        gefiltert = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        if filterset.is_bound and not filterset.is_valid():
            gefiltert = queryset.none()
        table = self.table_class(gefiltert, **self.get_table_kwargs())
        RequestConfig(request, paginate={"per_page": self.pro_seite}).configure(table)

        try:
            fmt = requested_format(request)
        except ExportFormatError as fehler:
            return self._seite(request, filterset, table, gefiltert, status=400, export_fehler=str(fehler))
        if fmt is not None:
            # table.data.data: the filtered queryset with the table's (request's) ordering applied.
            export = self.export_tabelle(table.data.data)
            return export_response(
                rows=export.zeilen,
                header=export.kopf,
                filename=self.export_dateiname,
                fmt=fmt,
                sheet_title=self.titel,
                text_columns=export.text_spalten,
            )
        return self._seite(request, filterset, table, gefiltert)

    def _seite(self, request, filterset, table, gefiltert, *, status: int = 200, export_fehler: str = ""):
        context = self.get_context_data(
            gefiltert=gefiltert,
            titel=self.titel,
            einleitung=self.einleitung,
            filter=filterset,
            table=table,
            export_fehler=export_fehler,
            treffer=table.paginator.count if getattr(table, "paginator", None) else len(table.rows),
        )
        return render(request, self.template_name, context, status=status)
