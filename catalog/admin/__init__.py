"""The Django admin for Amt 15: one module per concern."""

from . import erhebung, importieren, leistung, quellen, stammdaten  # noqa: F401
