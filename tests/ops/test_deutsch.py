"""The admin speaks German throughout: every text of Django's admin and user management has a German
translation, Django's own or the portal's (``locale/de``, for the texts Django 6.1 added without one, such as
"Run" on the action bar and "- Select an option -" in every select)."""

import re
from pathlib import Path

import django
import pytest
from django.db.models import fields
from django.utils import translation

DJANGO = Path(django.__file__).parent
KATALOGE = ["contrib/admin/locale", "contrib/auth/locale"]
# Written the same in German.
GLEICH = {"Administration", "Filter", ", ", "%(class_name)s %(instance)s"}
ESCAPES = {'\\"': '"', "\\\\": "\\", "\\n": "\n", "\\t": "\t"}


def po_eintraege(path: Path) -> list[dict[str, str]]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural (escapes resolved), header left out."""
    eintraege, eintrag, schluessel = [], {}, None
    for zeile in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if m := re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', zeile):
            schluessel = m.group(1)
            eintrag[schluessel] = eintrag.get(schluessel, "") + m.group(2)
        elif (m := re.match(r'^"(.*)"$', zeile)) and schluessel:
            eintrag[schluessel] += m.group(1)
        elif not zeile.strip():
            if eintrag.get("msgid"):
                eintraege.append({k: re.sub(r"\\.", lambda e: ESCAPES[e.group(0)], v) for k, v in eintrag.items()})
            eintrag, schluessel = {}, None
    return eintraege


def unuebersetzt(eintrag: dict[str, str]) -> bool:
    msgid, kontext, plural = eintrag["msgid"], eintrag.get("msgctxt"), eintrag.get("msgid_plural")
    if plural:
        if kontext:
            return translation.npgettext(kontext, msgid, plural, 1) == msgid
        return translation.ngettext(msgid, plural, 1) == msgid
    return (translation.pgettext(kontext, msgid) if kontext else translation.gettext(msgid)) == msgid


@pytest.mark.parametrize("katalog", KATALOGE)
def test_every_text_of_the_admin_has_a_german_translation(katalog):
    eintraege = po_eintraege(DJANGO / katalog / "en" / "LC_MESSAGES" / "django.po")
    assert len(eintraege) > 50
    with translation.override("de"):
        fehlend = [e["msgid"] for e in eintraege if e["msgid"] not in GLEICH and unuebersetzt(e)]
    assert fehlend == []


def test_the_empty_choice_of_a_select_and_the_action_button_are_german():
    with translation.override("de"):
        assert str(fields.BLANK_CHOICE_LABEL) == "– Bitte auswählen –"
        assert translation.gettext("Run") == "Ausführen"


def test_the_compiled_catalogue_holds_every_text_of_its_source():
    """locale/de/LC_MESSAGES/django.mo is compiled from the .po beside it (compilemessages), not stale."""
    quelle = Path(__file__).resolve().parents[2] / "locale" / "de" / "LC_MESSAGES" / "django.po"
    eintraege = po_eintraege(quelle)
    assert len(eintraege) > 20
    with translation.override("de"):
        assert [e["msgid"] for e in eintraege if "msgid_plural" not in e and unuebersetzt(e)] == []


def test_the_leistung_list_and_the_bulk_status_form_of_the_admin_are_german(client, redaktion, make_leistung):
    leistung = make_leistung()
    client.force_login(redaktion)

    liste = client.get("/admin/catalog/leistung/").content.decode()
    formular = client.post(
        "/admin/catalog/leistung/", {"action": "status_setzen", "_selected_action": [leistung.pk]}
    ).content.decode()

    assert ">Ausführen</button>" in liste
    for englisch in (">Run<", "Select an option", "Filter by", "Search "):
        assert englisch not in liste
    assert "Status setzen" in formular
    assert "Select an option" not in formular and "–––" not in formular
