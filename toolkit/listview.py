"""The generic list page: filter + table + sort + pagination + export, for every list of the portal.

A list page is a declaration on top of :class:`ListView`: a queryset, a django-filter FilterSet, a django-tables2
table, and what an export writes. The same filtered and sorted rows feed the page and the export, so
``?export=xlsx`` / ``?export=csv`` on the page's own URL downloads exactly the rows the filter selects, in the
order shown, across all pages.

Hooks (all optional but ``get_queryset`` and ``export_table``): ``get_filterset_kwargs``, ``get_table_kwargs``,
``get_table_data`` (rows computed from the filtered queryset, e.g. a ranking), ``get_context_data``.

Bad input never ends in an error page: invalid filter values show German field errors above an empty table, an
unknown sort column is ignored, a page number past the end shows the last page. An unknown export format or a
``per_page`` that is no whole number from 1 to :attr:`ListView.max_per_page` answers 400 with the page and a
German message (rows per page then as usual); a larger ``per_page`` is capped.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import QuerySet
from django.shortcuts import render
from django.views import View
from django_tables2 import RequestConfig

from toolkit.export import ExportFormatError, ExportTable, export_response, requested_format

PER_PAGE = 50
MAX_PER_PAGE = 500


class ListView(View):
    """The generic list page. Subclasses set the class attributes and may override the hooks."""

    template_name = "toolkit/list.html"
    filterset_class = None
    table_class = None
    title = ""
    intro = ""
    export_filename = "export"
    sheet_title = ""  # the export's sheet name (default: the title)
    table_caption = ""  # names the table for screen readers (default: the title)
    # What an empty table says when no filter is set (the table's own empty_text speaks of the filter).
    empty_text_unfiltered = "Die Liste ist leer."
    per_page = PER_PAGE
    max_per_page = MAX_PER_PAGE

    # --- hooks -------------------------------------------------------------------------------------------------

    def get_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_filterset_kwargs(self) -> dict:
        return {}

    def get_table_kwargs(self) -> dict:
        return {}

    def get_table_data(self, queryset: QuerySet):
        """What the table shows: by default the filtered queryset itself."""
        return queryset

    def export_table(self, rows) -> ExportTable:
        """The export of ``rows``: the table's data, filtered and in the order shown (all pages)."""
        raise NotImplementedError

    def get_context_data(self, **context) -> dict:
        return context

    # --- the one flow ------------------------------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        filterset = self.filterset_class(
            request.GET or None, queryset=queryset, request=request, **self.get_filterset_kwargs()
        )
        if filterset.is_bound and not filterset.is_valid():
            filtered = queryset.none()
        else:
            filtered = filterset.qs if filterset.is_bound else queryset
        self.filterset = filterset
        table = self.table_class(self.get_table_data(filtered), **self.get_table_kwargs())
        if not getattr(table, "caption", ""):
            table.caption = self.table_caption or self.title
        active_filters = self._active_filters(request, filterset)
        if not active_filters and not request.GET.get("q", "").strip():
            table.empty_text = self.empty_text_unfiltered
        RequestConfig(request, paginate=False).configure(table)  # the sort order from ?sort=
        per_page, error = self._per_page(request)

        try:
            fmt = requested_format(request)
        except ExportFormatError as exc:
            fmt, error = None, str(exc)
        if fmt is not None and not error:
            # table.data.data: the filtered rows with the table's (request's) ordering applied.
            return export_response(
                self.export_table(table.data.data),
                filename=self.export_filename,
                fmt=fmt,
                sheet_title=self.sheet_title or self.title,
            )
        self._paginate(request, table, per_page)
        context = self.get_context_data(
            filtered=filtered,
            title=self.title,
            intro=self.intro,
            filter=filterset,
            table=table,
            error=error,
            count=table.paginator.count,
            kept_parameters=self._kept_parameters(request, filterset),
            active_filters=active_filters,
        )
        return render(request, self.template_name, context, status=400 if error else 200)

    def _per_page(self, request) -> tuple[int, str]:
        """Rows per page from ``?per_page=``: (rows, "") or (the default, a German message)."""
        text = request.GET.get("per_page")
        if text is None:
            return self.per_page, ""
        if text.isascii() and text.isdigit() and int(text) >= 1:
            return min(int(text), self.max_per_page), ""
        return self.per_page, (
            f"„per_page“ muss eine ganze Zahl von 1 bis {self.max_per_page} sein, nicht „{text}“; "
            f"gezeigt werden {self.per_page} Einträge je Seite."
        )

    @staticmethod
    def _kept_parameters(request, filterset) -> list[tuple[str, str]]:
        """The page's other parameters (sort order, Stichtag, presentation mode …), kept when the filter changes;
        a new filter starts on page 1 and shows the page, not an export."""
        return [
            (name, value)
            for name, value in request.GET.items()
            if value and name not in filterset.form.fields and name not in ("page", "export")
        ]

    @staticmethod
    def _active_filters(request, filterset) -> list[str]:
        """The labels of the filters set in the request, in the form's order (the search not among them: it is
        always in sight)."""
        return [
            str(field.label)
            for name, field in filterset.form.fields.items()
            if name != "q" and request.GET.get(name, "").strip()
        ]

    @staticmethod
    def _paginate(request, table, per_page: int) -> None:
        """The page from ``?page=``: the first for anything but a whole number, the last past the end."""
        try:
            table.paginate(page=request.GET.get("page", 1), per_page=per_page)
        except PageNotAnInteger:
            table.paginate(page=1, per_page=per_page)
        except EmptyPage:
            table.paginate(page=table.paginator.num_pages, per_page=per_page)
