"""Guards the rule "every write of a status goes through the one status service" at run time.

A Leistung whose status differs from the one it was loaded (or created) with may only be saved inside
:func:`status_schreiben`, which only :mod:`catalog.services` enters. Any other code path that tries raises
:class:`StatusNurUeberService` before anything is written. (``QuerySet.update()`` and bulk writes on Leistung are
forbidden by a test of their own, see ``tests/ops/test_audit.py``.)
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_init, post_save, pre_save
from django.dispatch import receiver

from catalog.models import Leistung

_im_status_service: ContextVar[bool] = ContextVar("im_status_service", default=False)


class StatusNurUeberService(RuntimeError):
    """A status written outside ``catalog.services.leistung_set_status``: a programming error."""


@contextmanager
def status_schreiben():
    token = _im_status_service.set(True)
    try:
        yield
    finally:
        _im_status_service.reset(token)


def _geladen(instance) -> None:
    # __dict__, not the attribute: a deferred status must not cost a query per row
    instance._geladener_status = instance.__dict__.get("status_id")


@receiver(post_init, sender=Leistung)
def _merke_status(sender, instance, **kwargs):
    _geladen(instance)


@receiver(pre_save, sender=Leistung)
def _pruefe_status(sender, instance, **kwargs):
    if _im_status_service.get() or "status_id" not in instance.__dict__:
        return
    neu = instance.status_id
    if (instance._state.adding and neu is not None) or (
        not instance._state.adding and neu != getattr(instance, "_geladener_status", neu)
    ):
        raise StatusNurUeberService(
            "Der Status einer Leistung wird nur über catalog.services.leistung_set_status geschrieben."
        )


@receiver(post_save, sender=Leistung)
def _nach_speichern(sender, instance, **kwargs):
    _geladen(instance)
