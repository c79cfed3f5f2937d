"""The seeded scorecard: the deck's set, the marked placeholders, and who may do what."""

from django.contrib.auth.models import Group

from scorecard.models import Bereich, Kriterium


def _optionen(name):
    return [(o.bezeichnung, o.punkte) for o in Kriterium.objects.get(name=name).optionen.order_by("reihenfolge")]


def test_the_three_areas_carry_the_decks_weights(db):
    assert [(b.name, int(b.gewicht)) for b in Bereich.objects.all()] == [
        ("Relevanz für Bürger", 50),
        ("Wichtigkeit für den Fachbereich", 20),
        ("Umsetzungskomplexität", 30),
    ]


def test_the_decks_criteria_are_seeded_with_their_points_and_not_marked(db):
    relevanz = Kriterium.objects.filter(bereich__name="Relevanz für Bürger")
    assert [k.name for k in relevanz] == [
        "Grad der Erleichterung",
        "Gesellschaftspolitische Wichtigkeit",
        "Medienkompetenz der Zielgruppe",
    ]
    for kriterium in relevanz:
        assert not kriterium.vorschlag
        assert _optionen(kriterium.name) == [("hoch", 6), ("mittel", 3), ("niedrig", 0)]
    assert _optionen("Medienbruchfreie Bearbeitung realisierbar?") == [
        ("mit vorhandenen Tools", 8),
        ("mit neuen oder zusätzlichen Tools", 4),
        ("nein", 0),
    ]
    assert not Kriterium.objects.get(name="Medienbruchfreie Bearbeitung realisierbar?").vorschlag


def test_the_placeholders_are_marked_for_review_and_easier_means_more_points(db):
    platzhalter = Kriterium.objects.filter(vorschlag=True)
    assert {k.bereich.name for k in platzhalter} == {"Wichtigkeit für den Fachbereich", "Umsetzungskomplexität"}
    assert platzhalter.filter(bereich__name="Umsetzungskomplexität").count() == 3
    for kriterium in platzhalter:
        assert "Vorschlag – bitte prüfen" in kriterium.frage
    assert _optionen("Technischer Aufwand") == [("gering", 2), ("mittel", 1), ("hoch", 0)]


def test_every_seeded_criterion_has_two_options_and_a_best_worth_points(db):
    for kriterium in Kriterium.objects.prefetch_related("optionen"):
        punkte = [o.punkte for o in kriterium.optionen.all()]
        assert len(punkte) >= 2 and max(punkte) > 0, kriterium.name


def test_editors_get_every_scorecard_permission_and_readers_only_view(db):
    def perms(name):
        return {
            p.codename for p in Group.objects.get(name=name).permissions.filter(content_type__app_label="scorecard")
        }

    assert {"change_bewertung", "change_bereich", "change_kriterium", "change_leistungbewertung"} <= perms(
        "Redaktion Amt 15"
    )
    for group in ("Amtsleitung", "Verwaltungsführung"):
        assert "view_bewertung" in perms(group)
        assert all(codename.startswith("view_") for codename in perms(group))
