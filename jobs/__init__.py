"""Long work in background tasks, with progress a page can show, and uploads that wait for a confirmation.

Domain-free, below every app of the portal except the toolkit: any node of the portal (and the worker, ``manage.py
db_worker``) sees the same jobs and uploads, because both live in the database and in ``STORAGES["default"]``.
"""
