"""The slide layout of the Foliensatz: 16:9, a title, the content area, a caption that says base, Stichtag and
source (like the pages' chart captions), and a footer with the Amt and the slide number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from toolkit.charts import COLORS, TEXT_COLOR

from .diagramme import SCHRIFT, farbe

BREITE, HOEHE = Inches(13.333), Inches(7.5)
RAND = Inches(0.5)
LINIE_OBEN = Inches(1.38)
INHALT_OBEN = Inches(1.5)
BESCHRIFTUNG_OBEN = Inches(6.2)
FUSS_OBEN = Inches(7.08)
INHALT_HOEHE = BESCHRIFTUNG_OBEN - INHALT_OBEN - Inches(0.1)
INHALT_BREITE = BREITE - 2 * RAND
GRAU = "#4b5563"
AMT = "Landeshauptstadt Wiesbaden · Amt für Innovation, Organisation und Digitalisierung (15)"


@dataclass(frozen=True)
class Absatz:
    text: str
    groesse: int = 16
    fett: bool = False
    farbe: str = TEXT_COLOR


def neue_praesentation() -> Presentation:
    praesentation = Presentation()
    praesentation.slide_width, praesentation.slide_height = BREITE, HOEHE
    praesentation.core_properties.language = "de-DE"
    return praesentation


def textfeld(folie, position: tuple[Emu, Emu, Emu, Emu], absaetze: Sequence[Absatz], *, name: str = "", unten=False):
    feld = folie.shapes.add_textbox(*position)
    if name:
        feld.name = name
    rahmen = feld.text_frame
    rahmen.word_wrap = True
    rahmen.vertical_anchor = MSO_ANCHOR.BOTTOM if unten else MSO_ANCHOR.TOP
    for index, absatz in enumerate(absaetze):
        paragraph = rahmen.paragraphs[0] if index == 0 else rahmen.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        lauf = paragraph.add_run()
        lauf.text = absatz.text
        lauf.font.name = SCHRIFT
        lauf.font.size = Pt(absatz.groesse)
        lauf.font.bold = absatz.fett
        lauf.font.color.rgb = farbe(absatz.farbe)
    return feld


def folie(praesentation, titel: str, *, untertitel: str = "", nummer: int) -> object:
    """A new slide with its title (and a subtitle line under it) and the footer."""
    neu = praesentation.slides.add_slide(praesentation.slide_layouts[6])  # blank
    absaetze = [Absatz(titel, 26, fett=True)]
    if untertitel:
        absaetze.append(Absatz(untertitel, 14, farbe=GRAU))
    textfeld(neu, (RAND, Inches(0.2), INHALT_BREITE, LINIE_OBEN - Inches(0.25)), absaetze, name="Titel", unten=True)
    linie = neu.shapes.add_shape(1, RAND, LINIE_OBEN, INHALT_BREITE, Emu(19050))  # a thin rule in the portal blue
    linie.fill.solid()
    linie.fill.fore_color.rgb = farbe(COLORS[0])
    linie.line.fill.background()
    textfeld(
        neu,
        (RAND, FUSS_OBEN, INHALT_BREITE - Inches(1), Inches(0.3)),
        [Absatz(AMT, 9, farbe=GRAU)],
        name="Fußzeile",
    )
    textfeld(
        neu,
        (BREITE - RAND - Inches(1), FUSS_OBEN, Inches(1), Inches(0.3)),
        [Absatz(f"Folie {nummer}", 9, farbe=GRAU)],
        name="Foliennummer",
    )
    return neu


def farblegende(folie_, position: tuple[Emu, Emu, Emu, Emu], eintraege: Sequence[tuple[str, str]]) -> None:
    """A one-line legend of coloured squares, for charts whose colours carry a meaning (the status)."""
    feld = folie_.shapes.add_textbox(*position)
    feld.name = "Legende"
    paragraph = feld.text_frame.paragraphs[0]
    for text, hex_farbe in eintraege:
        for zeichen, farbe_ in (("\u25a0 ", hex_farbe), (f"{text}   ", TEXT_COLOR)):
            lauf = paragraph.add_run()
            lauf.text = zeichen
            lauf.font.name = SCHRIFT
            lauf.font.size = Pt(13)
            lauf.font.color.rgb = farbe(farbe_)


def beschriftung(folie_, zeilen: Sequence[str]) -> None:
    """The caption under the content: what is counted (base), as of when (Stichtag), and where from (source)."""
    textfeld(
        folie_,
        (RAND, BESCHRIFTUNG_OBEN, INHALT_BREITE, FUSS_OBEN - BESCHRIFTUNG_OBEN - Inches(0.05)),
        [Absatz(zeile, 10, farbe=GRAU) for zeile in zeilen],
        name="Beschriftung",
    )
