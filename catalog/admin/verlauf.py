"""The admin's audit history pages (django-simple-history) as a German reader expects them: no "None", no
"Status (pk=None)" for an empty relation, "ja"/"nein" for yes/no values; and read-only.

simple_history's "restore this version" saves the old record as it was: for a Leistung that would write an old
status past the status service and move its version back. Its setting ``SIMPLE_HISTORY_REVERT_DISABLED`` only
hides the button (the view still saves a POST), so here the view of an old version shows it and refuses every
POST with a German 403. Changes go through the edit form, that is, through the services.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from catalog.versions import VersionKonflikt
from toolkit.admin import SafeChangeListMixin

LEER = "–"
NUR_LESEN = (
    "Frühere Fassungen werden hier nur gelesen. Um Werte zu ändern, bitte die Änderungsseite des Datensatzes "
    "verwenden; dort wird jede Änderung mit Version und Verlauf gespeichert."
)


class _Verlaufstexte(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return LEER
        if isinstance(value, bool):
            return "ja" if value else "nein"
        return super().prepare_delta_change_value(change, value)


class VerlaufAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page shows changes in German words and restores nothing; a save refused
    as a conflict (:class:`~catalog.versions.VersionKonflikt`, everything rolled back) comes back as a message;
    its list refuses absurd filter values with the admin's own error (:mod:`toolkit.admin`)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VersionKonflikt as exc:
            self.message_user(request, exc.meldung(), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def get_historical_record_context_helper(self, request, historical_record):
        return _Verlaufstexte(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied(NUR_LESEN)
        return super().history_form_view(request, object_id, version_id, extra_context)
