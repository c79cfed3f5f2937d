"""Only the ten ASCII digits make a number the portal identifies things by.

``str.isdigit()``, ``\\d`` and ``int()`` also accept full-width ``９``, Arabic-Indic ``٩``, superscript ``⁹`` and
mathematical bold ``𝟗`` digits. A LeiKa key of such digits would be a second Leistung beside the ASCII one, an
OZG-ID a second Bündel. Every place that reads a key or an identifying number refuses them in German: the key
functions, the catalogue and ratings imports, the search, the addresses, the admin.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.keys import InvalidKey, normalize_key, validate_key
from catalog.models import Leistung, Leistungsbuendel
from tests.catalog.test_import_katalog import deck_file, row
from tests.catalog.test_import_katalog import run as import_katalog

ASCII = "99050042000000"
HOCHGESTELLT = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def ziffern(erste: int, text: str = ASCII) -> str:
    """``text`` with its digits 0-9 replaced by the ten digits beginning at code point ``erste``."""
    return "".join(chr(erste + int(c)) if c.isascii() and c.isdigit() else c for c in text)


VOLLBREITE = ziffern(0xFF10)
FREMDE_ZIFFERN = {
    "Vollbreite": VOLLBREITE,
    "arabisch-indisch": ziffern(0x0660),
    "Devanagari": ziffern(0x0966),
    "mathematisch fett": ziffern(0x1D7CE),
    "hochgestellt": "".join(HOCHGESTELLT[int(c)] for c in ASCII),
    "eine Ziffer Vollbreite": "99.050.042.000.00" + ziffern(0xFF10, "0"),
    "gegliedert, Vollbreite": ziffern(0xFF10, "99.050.042.000.000"),
    "wissenschaftlich, Vollbreite": ziffern(0xFF10, "9") + ".9050042E13",
    "Kommazahl, arabisch-indisch": ziffern(0x0660) + ".0",
}
SCHREIBWEISEN = pytest.mark.parametrize("schluessel", FREMDE_ZIFFERN.values(), ids=FREMDE_ZIFFERN.keys())


@SCHREIBWEISEN
def test_the_key_functions_refuse_digits_other_than_0_to_9(schluessel):
    with pytest.raises(InvalidKey) as caught:
        normalize_key(schluessel)
    assert "nur die Ziffern 0 bis 9" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        validate_key(schluessel)


def test_the_ascii_key_is_still_read_in_every_notation():
    for schreibweise in ("99.050.042.000.000", "99 050 042 000 000", "9.9050042E13", "99050042000000.0"):
        assert normalize_key(schreibweise) == ASCII


@pytest.mark.django_db
@pytest.mark.parametrize("schluessel", [VOLLBREITE, FREMDE_ZIFFERN["wissenschaftlich, Vollbreite"]])
def test_the_catalogue_import_refuses_the_row_and_creates_no_second_leistung(tmp_path, amt33, statuses, schluessel):
    path = deck_file(tmp_path / "k.xlsx", [row(ASCII, "Melde"), row(schluessel, "Melde (Doppel)")])
    code, _, err = import_katalog(path)
    assert code == 1
    assert "nur die Ziffern 0 bis 9" in err
    assert Leistung.objects.count() == 0  # all or nothing


@pytest.mark.django_db
def test_the_catalogue_import_refuses_an_ozg_id_of_other_digits(tmp_path, amt33, statuses):
    path = deck_file(tmp_path / "k.xlsx", [row(ASCII, "Melde", ozg=ziffern(0xFF10, "10559"))])
    code, _, err = import_katalog(path)
    assert code == 1
    assert "OZG-ID" in err
    assert Leistungsbuendel.objects.count() == 0


@pytest.mark.django_db
def test_the_ratings_import_refuses_the_key(tmp_path, leistung):
    from tests.scorecard.test_import import run, workbook

    path = workbook(tmp_path / "b.xlsx", [[VOLLBREITE, "Melde"]])
    code, _, err = run(path)
    assert code == 1
    assert "nur die Ziffern 0 bis 9" in err


@pytest.mark.django_db
@SCHREIBWEISEN
def test_the_addresses_answer_a_german_404(client, redaktion, leistung, schluessel):
    client.force_login(redaktion)
    response = client.get(f"/priorisierung/bewerten/{schluessel}/")
    assert response.status_code == 404
    assert f"„{schluessel}“ ist kein LeiKa-Schlüssel" in response.content.decode()
    for url in (f"/leistungen/{schluessel}/", f"/leistungen/{schluessel}/bearbeiten/"):
        response = client.get(url)
        assert response.status_code == 404, url  # not a redirect to the ASCII key
        assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.django_db
def test_the_search_does_not_take_other_digits_for_a_key(client, redaktion, leistung):
    client.force_login(redaktion)
    for schluessel in (FREMDE_ZIFFERN["wissenschaftlich, Vollbreite"], ziffern(0xFF10, "9905")):
        assert leistung.bezeichnung not in client.get("/leistungen/", {"q": schluessel}).content.decode()
        admin = client.get(reverse("admin:catalog_leistung_changelist"), {"q": schluessel}).content.decode()
        assert leistung.bezeichnung not in admin
    assert leistung.bezeichnung in client.get("/leistungen/", {"q": "9.9050042E13"}).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("schluessel", [VOLLBREITE, FREMDE_ZIFFERN["mathematisch fett"]])
def test_the_admin_refuses_the_key_and_creates_no_second_leistung(client, redaktion, leistung, schluessel):
    client.force_login(redaktion)
    response = client.post(
        reverse("admin:catalog_leistung_add"),
        {
            "leika_schluessel": schluessel,
            "bezeichnung": "Meldebescheinigung (Doppel)",
            "leika_typ": leistung.leika_typ,
            "vollzugsebene": leistung.vollzugsebene,
            "gesehene_version": 0,
            "status_aenderungen-TOTAL_FORMS": "0",
            "status_aenderungen-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "nur die Ziffern 0 bis 9" in response.content.decode()
    assert list(Leistung.objects.values_list("leika_schluessel", flat=True)) == [ASCII]


@pytest.mark.django_db
def test_the_admin_refuses_an_ozg_id_of_other_digits(client, redaktion, buendel):
    client.force_login(redaktion)
    response = client.post(
        reverse("admin:catalog_leistungsbuendel_add"),
        {
            "ozg_id": ziffern(0xFF10, "10559"),
            "name": "Meldebescheinigung (Doppel)",
            "themenfeld": buendel.themenfeld_id,
        },
    )
    assert response.status_code == 200
    assert "Die OZG-ID hat genau 5 Ziffern" in response.content.decode()
    assert Leistungsbuendel.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("nummer", ["³³", ziffern(0xFF10, "33"), ziffern(0x0660, "33")])
def test_an_amt_number_of_other_digits_is_a_german_400(client, leitung, amt33, nummer):
    client.force_login(leitung)
    response = client.get("/daten/kennzahlen.json", {"amt": nummer})
    assert response.status_code == 400
    assert "muss die Nummer eines Amts sein" in response.json()["fehler"]


@pytest.mark.django_db
def test_a_posted_version_of_other_digits_is_a_stale_version_not_a_500(client, redaktion, leistung, statuses):
    client.force_login(redaktion)
    response = client.post(
        reverse("admin:catalog_leistung_changelist"),
        {
            "action": "status_setzen",
            "_selected_action": [leistung.pk],
            f"version_{leistung.pk}": "²",
            "apply": "1",
            "status": statuses["Umsetzung"].pk,
            "status_gueltig_ab": "2022-04-01",
            "status_grund": "Sammeländerung",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Nichts geändert." in response.content.decode()
    leistung.refresh_from_db()
    assert leistung.status is None


@pytest.mark.django_db
@pytest.mark.parametrize("nummer", ["²", "１", "١", "𝟏"])
def test_the_foliensatz_takes_an_erhebung_only_by_ascii_digits(client, leitung, nummer):
    client.force_login(leitung)
    response = client.get(reverse("dashboard:foliensatz"), {"vergleich": nummer})
    assert response.status_code == 400
    assert "Der Parameter „vergleich“ muss die Nummer einer Erhebung sein" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("woche", ["١٩/٢٠٢٢", "１９/２０２２", "2022-W１９", "KW ¹⁹/2022"])
def test_the_ozg_monitor_file_takes_a_week_only_in_ascii_digits(tmp_path, woche):
    from catalog.models import OzgMonitorWert
    from catalog.monitor import monitor_datei_lesen

    pfad = tmp_path / "monitor.csv"
    pfad.write_text(f"Kalenderwoche;Ebene;online;gesamt\n{woche};Kommunen;139;314\n", encoding="utf-8")

    batch = monitor_datei_lesen(pfad)

    assert batch.werte == [] and "ist keine Kalenderwoche mit Jahr" in str(batch.fehler[0])
    assert not OzgMonitorWert.objects.exists()
