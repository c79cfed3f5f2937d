"""Demo data: a realistic catalogue built from the real 2019 OZG catalogue in ``fixtures/ozg-katalog-2019``.

Deterministic: the same database content on every machine (status changes after today are left out).
"""
