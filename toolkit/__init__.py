"""The portal's presentation toolkit: domain-free helpers that every page and app shares.

Below all apps: it imports nothing from ``catalog``, ``scorecard`` or ``dashboard`` (a test checks this), so each
of them may use it. Where things are:

- :mod:`toolkit.formatting`: numbers, shares, differences, dates and calendar weeks the German way; the one
  half-up rounding (``round_half_up``). Templates use the same functions as filters (``{% load toolkit %}``).
- :mod:`toolkit.dates`: reading a date typed as TT.MM.JJJJ or JJJJ-MM-TT (``parse_date``), and the ``?stichtag=``
  of figures and downloads (``parse_stichtag_parameter``).
- :mod:`toolkit.listview`: the generic list page (filter + table + sort + pages + export), ``ListView``.
- :mod:`toolkit.tables` and :mod:`toolkit.filters`: the KERN UX look of django-tables2 tables and django-filter
  forms, number columns, colour badges.
- :mod:`toolkit.charts`: plotly charts with caption, text alternative and their numbers as a table; every text
  that reaches a chart is shown as text (``chart_text``).
- :mod:`toolkit.export`: header + rows → CSV or XLSX, safe to open in a spreadsheet.
- :mod:`toolkit.history`: who changed what when (the newest rows of a history table), a person's name.
- :mod:`toolkit.admin`: a Django admin list that answers absurd filter values with its German error, not a 500.

Templates live in ``toolkit/templates/toolkit/``, the CSS and the chart script in ``toolkit/static/toolkit/``.
"""
