"""Importing tables into the catalogue.

Generic parts, reused by every importer of the portal (the catalogue, the scorecard's ratings, the
Servicestandard's assessments):

- :mod:`.reader` – a workbook or CSV file → header row + data rows, within safe limits (:func:`open_table`);
- :mod:`.columns` – header texts → the importer's columns, with synonyms (:class:`ColumnSpec`);
- :mod:`.cells` – cell values → Python values with German row errors (:class:`RowReader`, :class:`RowError`);
- :mod:`.command` – the management command of a key-column import, its output and exit codes
  (:class:`KeyColumnImportCommand`).

The catalogue's own parts: :mod:`.katalog` (its columns, validation into a batch) and :mod:`.apply` (writing a
validated batch through the status service, in one transaction).
"""
