"""The forecast, computed by hand: least-squares pace, the band from the spread of the weekly changes, the week of
100 % (pure function, no database)."""

import datetime as dt
import math
from fractions import Fraction

import pytest

from planung.prognose import Wochenwert, Z, halbe_bandbreite, prognose_berechnen, steigung

SONNTAG = dt.date(2026, 11, 29)  # KW 48/2026


def reihe(werte, basis, *, flows=None):
    """Weekly values ending on SONNTAG, one per Sunday; ``flows`` = [(gone online, came back)] per week."""
    flows = flows or [(0, 0)] * len(werte)
    start = SONNTAG - dt.timedelta(weeks=len(werte) - 1)
    return [
        Wochenwert(start + dt.timedelta(weeks=i), online, basis, gegangen, zurueck)
        for i, (online, (gegangen, zurueck)) in enumerate(zip(werte, flows, strict=True))
    ]


def test_the_band_uses_the_80_percent_quantile_of_the_normal_distribution():
    assert pytest.approx(1.2815516, abs=1e-7) == Z


def test_a_steady_pace_of_two_a_week_reaches_the_base_after_six_weeks_without_spread():
    p = prognose_berechnen(reihe([10, 12, 14, 16, 18], basis=30), fenster=4, horizont=8)
    assert (p.tempo, p.streuung, p.wochen) == (2, 0, 4)
    assert (p.online, p.basis, p.offen) == (18, 30, 12)
    # 12 still open at 2 a week: 6 weeks after 29.11.2026 = 10.01.2027 (KW 1/2027); no spread, so no earlier/later
    assert p.ziel == p.ziel_frueh == p.ziel_spaet == dt.date(2027, 1, 10)
    assert [(q.online, q.unten, q.oben) for q in p.fortsetzung] == [(v, v, v) for v in (20, 22, 24, 26, 28, 30, 30, 30)]
    assert p.fortsetzung[0].kalenderwoche == "KW 49/2026"
    assert p.grund == ""


def test_a_noisy_window_by_hand():
    """online 0, 2, 2, 5, 5 over t = 0..4: Σt = 10, Σt² = 30, Σy = 14, Σty = 41, so the pace is
    (5·41 − 10·14) / (5·30 − 10²) = 65/50 = 1,3 a week. Weekly changes 2, 0, 3, 0: mean 1,25, squared deviations
    0,5625 + 1,5625 + 3,0625 + 1,5625 = 6,75, s = √(6,75/3) = 1,5. Base 10, so 5 to go: ⌈5/1,3⌉ = 4 weeks."""
    p = prognose_berechnen(reihe([0, 2, 2, 5, 5], basis=10), fenster=4, horizont=4)
    assert p.tempo == Fraction(13, 10)
    assert p.streuung == pytest.approx(1.5)
    # band after h weeks: 1,2816 · 1,5 · √(h · (1 + h/4)); h = 1: 1,9223 · √1,25 = 2,1492
    erste = p.fortsetzung[0]
    assert (erste.online, erste.unten, erste.oben) == pytest.approx((6.3, 6.3 - 2.1492, 6.3 + 2.1492), abs=1e-4)
    assert halbe_bandbreite(1.5, 4, 4) == pytest.approx(Z * 1.5 * math.sqrt(8))
    assert p.ziel == SONNTAG + dt.timedelta(weeks=4)
    # earliest: upper edge 5 + 1,3h + 1,9223·√(h(1 + h/4)) ≥ 10 first at h = 2 (10,93; h = 1: 8,45)
    assert p.ziel_frueh == SONNTAG + dt.timedelta(weeks=2)
    # latest: lower edge 5 + 1,3h − 1,9223·√(h(1 + h/4)) ≥ 10 first at h = 21 (10,28; h = 20: 9,94)
    assert p.ziel_spaet == SONNTAG + dt.timedelta(weeks=21)


def test_a_window_without_changes_has_no_pace_and_says_not_at_this_pace():
    p = prognose_berechnen(reihe([7] * 27, basis=20), fenster=26, horizont=3)
    assert (p.tempo, p.streuung, p.wochen) == (0, 0, 26)
    assert p.ziel is None and p.ziel_frueh is None and p.ziel_spaet is None
    assert p.grund.startswith("nicht in diesem Tempo")
    assert [(q.online, q.unten, q.oben) for q in p.fortsetzung] == [(7, 7, 7)] * 3


def test_a_falling_pace_says_not_at_this_pace():
    p = prognose_berechnen(reihe([10, 9, 8, 8, 7], basis=20), fenster=4)
    assert p.tempo == Fraction(-7, 10)  # (5·(0+9+16+24+28) − 10·42) / 50 = (385 − 420) / 50
    assert p.ziel is None and p.grund.startswith("nicht in diesem Tempo")


def test_a_pace_that_needs_more_than_fifty_years_says_so():
    p = prognose_berechnen(reihe([0, 0, 0, 0, 1], basis=1000), fenster=4)
    assert p.tempo == Fraction(1, 5)  # 999 / 0,2 = 4.995 weeks
    assert p.ziel is None and p.grund == "nicht in diesem Tempo: erst in mehr als 50 Jahren"


def test_all_online_already_is_reached_in_the_last_week():
    p = prognose_berechnen(reihe([8, 9, 10], basis=10), fenster=4)
    assert p.ziel == p.ziel_frueh == p.ziel_spaet == SONNTAG and p.grund == "bereits erreicht"


def test_an_empty_base_needs_nothing():
    p = prognose_berechnen(reihe([0, 0, 0], basis=0), fenster=4)
    assert p.ziel is None and "Basis ist leer" in p.grund


def test_the_window_takes_the_last_weeks_and_their_flows_only():
    flows = [(9, 9)] * 36 + [(1, 0), (2, 1), (0, 0), (3, 0)]
    werte = list(range(40))
    p = prognose_berechnen(reihe(werte, basis=100, flows=flows), fenster=4)
    assert (p.wochen, p.von, p.bis) == (4, SONNTAG - dt.timedelta(weeks=4), SONNTAG)
    assert (p.online_gegangen, p.zurueckgefallen) == (6, 1)  # the four weeks after the window's first Sunday
    assert p.tempo == 1


def test_a_series_shorter_than_the_window_uses_what_there_is_and_needs_two_changes():
    kurz = prognose_berechnen(reihe([1, 2], basis=5), fenster=26)
    assert kurz.wochen == 1 and kurz.tempo is None and "mindestens zwei Wochen" in kurz.grund
    drei = prognose_berechnen(reihe([1, 2, 3], basis=5), fenster=26)
    assert drei.wochen == 2 and drei.tempo == 1 and drei.ziel == SONNTAG + dt.timedelta(weeks=2)


def test_the_slope_of_a_straight_line_is_its_gradient():
    assert steigung([5, 8, 11, 14]) == 3
    assert steigung([4, 4]) == 0
    with pytest.raises(ValueError):
        steigung([1])


def test_the_method_names_the_window():
    p = prognose_berechnen(reihe([0, 1, 2, 3, 4, 5, 6], basis=10), fenster=6)
    assert "an den letzten 7 Sonntagen (6 Wochen)" in p.methode
    assert "√(h · (1 + h/6))" in p.methode and "Band (80 %)" in p.methode
