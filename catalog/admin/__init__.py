"""The Django admin for Amt 15: one module per concern."""

from . import erhebung, leistung, stammdaten  # noqa: F401
