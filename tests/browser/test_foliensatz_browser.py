"""The Foliensatz from the overview, as a reader gets it: choose the Erhebung to compare with, download, open."""

import io

import pytest
from pptx import Presentation

from tests.browser.test_barrierefreiheit import anmelden

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_overview_downloads_the_foliensatz_for_its_stichtag_and_the_chosen_erhebung(kontext, browser_daten):
    page = kontext.new_page()
    anmelden(page)
    page.goto("/?stichtag=2022-05-15")

    page.select_option("#foliensatz-vergleich", label="Erhebungsstand Dez. 2021 (01.12.2021)")
    with page.expect_download() as laden:
        page.get_by_role("button", name="Foliensatz herunterladen (.pptx)").click()
    download = laden.value

    assert download.suggested_filename == "ozg-foliensatz-2022-05-15.pptx"
    with open(download.path(), "rb") as datei:
        praesentation = Presentation(io.BytesIO(datei.read()))
    folien = list(praesentation.slides)
    titel = " ".join(s.text_frame.text for s in folien[0].shapes if s.has_text_frame)
    assert "Stand 15.05.2022 (KW 19/2022)" in titel
    assert "Änderungen seit „Erhebungsstand Dez. 2021“ (01.12.2021)" in titel
    assert sum(1 for f in folien for s in f.shapes if s.has_chart) == 9
