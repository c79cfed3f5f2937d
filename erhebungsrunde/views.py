"""The round's pages. Views stay thin: the selectors give the data, the form checks the input, the services write.

- ``/rueckmeldung/``: the Amtsleitung answers for its Amt in the open round (its own Leistungen only; a crafted
  POST for another Amt's entry is refused with 403 and nothing saved). "Alle übrigen unverändert bestätigen" first
  shows the list it would confirm and asks again.
- ``/erhebungen/runden/<id>/``: the progress of a round for everyone who reads the portal: per Amt confirmed,
  changed, open, who answered when, who is late; a chart; every entry as a list with filters and export.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from catalog.key_urls import not_found
from catalog.models import Status
from toolkit.listview import ListView

from .berechtigungen import darf_runde_verwalten, rueckmelde_amt
from .charts import fortschritt_chart
from .export import eintraege_export
from .filters import EintragFilter
from .forms import RueckmeldungForm
from .models import Erhebungsrunde, RundenEintrag
from .selectors import amt_fortschritt, erhebungsrunde_fortschritt, erhebungsrunde_offen, rueckmeldung_zeilen
from .services import RueckmeldungKonflikt, rueckmeldungen_abgeben
from .tables import EintragTable

SPEICHERN, UEBRIGE_PRUEFEN, UEBRIGE_BESTAETIGEN = "speichern", "uebrige_pruefen", "uebrige_bestaetigen"
_EINTRAG_FELD = re.compile(r"^(?:antwort|status|gueltig_ab|grund|kommentar|version)_(\d+)$")


def _gepostete_eintraege(post) -> set[int]:
    """The entry ids a POST names in its field names."""
    return {int(m.group(1)) for name in post if (m := _EINTRAG_FELD.match(name))}


def rueckmeldung(request):
    runde = erhebungsrunde_offen()
    amt = rueckmelde_amt(request.user)
    context = {"runde": runde, "amt": amt, "darf_verwalten": darf_runde_verwalten(request.user)}
    if request.method == "POST" and (runde is None or amt is None):
        raise PermissionDenied("Sie können zurzeit für kein Amt eine Rückmeldung geben; es wurde nichts gespeichert.")
    if runde is None or amt is None:
        return render(request, "erhebungsrunde/rueckmeldung.html", context)

    zeilen = rueckmeldung_zeilen(runde, amt)
    statuses = list(Status.objects.order_by("reihenfolge", "bezeichnung"))
    context |= {"zeilen": zeilen, "beantwortet": [z for z in zeilen if not z.offen], "stichtag": runde.stichtag}
    if request.method != "POST":
        form = RueckmeldungForm(zeilen=zeilen, statuses=statuses)
        return render(request, "erhebungsrunde/rueckmeldung.html", context | {"form": form})

    eigene = {z.eintrag_id for z in zeilen}
    fremde = _gepostete_eintraege(request.POST) - eigene
    if fremde:
        context["form"] = RueckmeldungForm(zeilen=zeilen, statuses=statuses)
        context["verweigert"] = (
            f"Die Rückmeldung nennt Leistungen, die nicht zu Amt {amt.nummer} gehören oder in dieser Runde nicht "
            "gefragt sind; es wurde nichts gespeichert."
        )
        return render(request, "erhebungsrunde/rueckmeldung.html", context, status=403)

    aktion = request.POST.get("aktion", SPEICHERN)
    form = RueckmeldungForm(request.POST, zeilen=zeilen, statuses=statuses)
    inzwischen = [z for z in zeilen if not z.offen and request.POST.get(f"antwort_{z.eintrag_id}") and z.beantwortet_am]
    if inzwischen:  # answered by someone else since this page was loaded: nothing is saved
        form.is_valid()
        namen = ", ".join(f"„{z.bezeichnung}“ ({z.beantwortet_von or 'jemand anderem'})" for z in inzwischen)
        form.add_error(
            None,
            f"Inzwischen beantwortet: {namen}. Ihre Rückmeldung wurde nicht gespeichert; bitte "
            "prüfen Sie die Liste und speichern Sie erneut.",
        )
        return render(request, "erhebungsrunde/rueckmeldung.html", context | {"form": form})
    if not form.is_valid() or aktion == "zurueck":
        return render(request, "erhebungsrunde/rueckmeldung.html", context | {"form": form})
    if aktion == UEBRIGE_PRUEFEN:
        return render(request, "erhebungsrunde/rueckmeldung_bestaetigen.html", context | {"form": form})

    try:
        ergebnis = rueckmeldungen_abgeben(
            runde=runde,
            rueckmeldungen=form.rueckmeldungen(mit_uebrigen=aktion == UEBRIGE_BESTAETIGEN),
            user=request.user,
        )
    except RueckmeldungKonflikt as exc:
        zeilen = rueckmeldung_zeilen(runde, amt)
        form = RueckmeldungForm.nach_konflikt(request.POST, zeilen=zeilen, statuses=statuses, konflikte=exc.eintrag_ids)
        form.is_valid()
        form.add_error(None, exc.messages[0])
        context |= {"zeilen": zeilen, "beantwortet": [z for z in zeilen if not z.offen], "konflikt": True}
        return render(request, "erhebungsrunde/rueckmeldung.html", context | {"form": form})
    except ValidationError as exc:
        form.add_error(None, exc)
        return render(request, "erhebungsrunde/rueckmeldung.html", context | {"form": form})
    stand = amt_fortschritt(runde, amt)
    noch = f" Noch offen: {stand.offen}." if stand and stand.offen else " Damit ist alles beantwortet – vielen Dank."
    messages.success(request, f"Gespeichert: {ergebnis}.{noch}")
    return redirect("erhebungsrunde:rueckmeldung")


class FortschrittView(ListView):
    """One round's progress: figures per Amt and chart above, every entry below (filter, sort, pages, export)."""

    filterset_class = EintragFilter
    table_class = EintragTable
    template_name = "erhebungsrunde/fortschritt.html"
    sheet_title = "Rückmeldungen"

    def dispatch(self, request, *args, **kwargs):
        self.runde = (
            Erhebungsrunde.objects.select_related("geoeffnet_von", "abgeschlossen_von", "erhebung")
            .filter(pk=kwargs["runde_id"])
            .first()
        )
        if self.runde is None:
            return not_found(request, f"Eine Erhebungsrunde mit der Nummer {kwargs['runde_id']} gibt es nicht.")
        self.title = f"Erhebungsrunde „{self.runde.name}“"
        self.table_caption = f"Rückmeldungen der Ämter in der Erhebungsrunde „{self.runde.name}“"
        self.export_filename = f"erhebungsrunde-{self.runde.pk}"
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            RundenEintrag.objects.filter(runde=self.runde)
            .select_related("leistung", "amt", "status_bei_oeffnung", "status", "beantwortet_von")
            .order_by("amt__nummer", "leistung__leika_schluessel")
        )

    def get_table_kwargs(self):
        return {"frist": self.runde.frist}

    def export_table(self, rows):
        return eintraege_export(rows, runde=self.runde)

    def get_context_data(self, **context):
        fortschritt = erhebungsrunde_fortschritt(self.runde)
        eigenes_amt = rueckmelde_amt(self.request.user)
        if eigenes_amt is not None and all(a.amt_id != eigenes_amt.pk for a in fortschritt.aemter):
            eigenes_amt = None  # the round did not ask the user's Amt
        return context | {
            "runde": self.runde,
            "fortschritt": fortschritt,
            "charts": [fortschritt_chart(fortschritt)] if fortschritt.aemter else [],
            "stand": timezone.localdate(),
            "darf_verwalten": darf_runde_verwalten(self.request.user),
            "eigenes_amt": eigenes_amt,
        }


fortschritt = FortschrittView.as_view()
