"""The demo's Fallzahlen: nationwide figures for the deck's ten services with the most applications, and
Wiesbaden's own figures for some of the city's Leistungen, as the Ämter would enter them.

Both are invented for the demo, in a plausible order of magnitude (the own figures about what Wiesbaden's share of
the population, 278,000 of 84 million, makes of Germany's). They are kept apart as the portal keeps them apart:
a nationwide figure goes to ``antraege_bundesweit`` and is never shown as Wiesbaden's; where a Leistung has no own
figure, the pages show an estimate that says how it was derived.
"""

from __future__ import annotations

# The deck: "Für welche OZG-Leistungen können die meisten Anträge in einem Jahr digital unterstützt werden?"
# (each "> 1.000.000" nationwide). OZG-ID → the Leistungsobjekt of the Bündel that carries it, and the figure.
BUNDESWEIT = {
    "10559": ("amtliche Meldebestätigung", 2_400_000),
    "10557": ("Geburtsurkunde", 2_100_000),
    "10188": ("Apothekennotdienst", 1_900_000),
    "10175": ("Krisenvorsorgeliste", 1_700_000),
    "10110": ("Sperrmüll", 1_600_000),
    "10082": ("Arbeitslosengeld II", 1_500_000),
    "10073": ("Arbeitslosengeld", 1_400_000),
    "10060": ("Immatrikulation", 1_300_000),
    "10056": ("Ausbildungsförderung", 1_200_000),
    "10005": ("Kindergeld", 1_100_000),
}

# Wiesbaden's own applications a year (demo values), by the Leistung's name; every one is a Leistung of the city.
WIESBADEN = {
    "Wohnsitz": 31_000,
    "Kraftfahrzeug": 29_000,
    "Personalausweis": 24_000,
    "Kraftfahrzeugkennzeichen": 16_000,
    "Reisepass": 11_000,
    "Bewohnerparkausweis": 9_500,
    "Führungszeugnis": 8_200,
    "Aufenthaltserlaubnis": 7_400,
    "Führerschein": 6_300,
    "Kindertagesstätte": 5_100,
    "Gewerbe": 4_700,
    "Sondernutzung von Straßen": 3_600,
    "Wohngeld": 3_400,
    "Kinderreisepass": 3_100,
    "Fundsachen": 2_800,
    "Hundehaltung": 2_300,
    "Sterbeurkunde": 2_200,
    "Eheschließung": 1_300,
    "Einbürgerung": 1_200,
    "Baugenehmigung": 1_100,
    "Gaststättengewerbe": 340,
    "Waffenbesitzkarte": 290,
    "Fischereischein": 210,
}
