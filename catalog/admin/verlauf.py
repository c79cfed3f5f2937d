"""The admin's audit history pages (django-simple-history) as a German reader expects them: no "None", no
"Status (pk=None)" for an empty relation, "ja"/"nein" for yes/no values."""

from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from toolkit.admin import SafeChangeListMixin

LEER = "–"


class _Verlaufstexte(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return LEER
        if isinstance(value, bool):
            return "ja" if value else "nein"
        return super().prepare_delta_change_value(change, value)


class VerlaufAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page shows changes in German words (and whose list refuses absurd filter
    values with the admin's own error, :mod:`toolkit.admin`)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return _Verlaufstexte(self.model, historical_record)
