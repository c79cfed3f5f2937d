"""The one status service: history row and current status written together, back-dating, no future dates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Leistung, StatusAenderung
from catalog.models.leistung import NurUeberServices
from catalog.services import leistung_status_setzen, leistungen_status_setzen

pytestmark = pytest.mark.django_db


def test_it_writes_the_history_row_and_the_current_status(leistung, statuses, redaktion):
    change = leistung_status_setzen(
        leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 3, 1), user=redaktion, grund="Start"
    )
    leistung.refresh_from_db()
    assert leistung.status == statuses["Umsetzung"]
    row = StatusAenderung.objects.get(leistung=leistung)
    assert row == change
    assert (row.alter_status, row.neuer_status, row.gueltig_ab, row.erfasst_von, row.grund) == (
        None,
        statuses["Umsetzung"],
        dt.date(2022, 3, 1),
        redaktion,
        "Start",
    )


def test_it_records_the_previous_status(leistung, statuses):
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    change = leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 10))
    assert change.alter_status == statuses["Wartend"]


def test_a_back_dated_change_keeps_the_later_status_current(leistung, statuses):
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2022, 6, 1))
    back_dated = leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 2, 1))

    leistung.refresh_from_db()
    assert leistung.status == statuses["Abgeschlossen"]
    assert back_dated.alter_status == statuses["Wartend"]
    assert StatusAenderung.objects.filter(leistung=leistung).count() == 3


def test_a_back_dated_change_after_the_latest_becomes_current(leistung, statuses):
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 6, 1))
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 7, 1))
    leistung.refresh_from_db()
    assert leistung.status == statuses["Umsetzung"]


def test_two_changes_on_one_day_the_later_recorded_wins(leistung, statuses):
    day = dt.date(2022, 6, 1)
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=day)
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=day)
    leistung.refresh_from_db()
    assert leistung.status == statuses["Umsetzung"]


def test_it_refuses_a_future_date_and_writes_nothing(leistung, statuses, today):
    with pytest.raises(ValidationError) as caught:
        leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=today + dt.timedelta(days=1))
    assert "in der Zukunft" in str(caught.value)
    leistung.refresh_from_db()
    assert leistung.status is None
    assert not StatusAenderung.objects.exists()


def test_today_is_allowed(leistung, statuses, today):
    assert leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=today)


def test_setting_the_status_already_in_effect_writes_nothing(leistung, statuses):
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    assert leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 4)) is None
    assert StatusAenderung.objects.count() == 1


def test_history_and_status_are_written_atomically(make_leistung, statuses, today):
    """A bulk change with one bad item leaves every Leistung and the history as they were."""
    first, second = make_leistung(), make_leistung()
    leistung_status_setzen(leistung=second, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))

    broken = Leistung(pk=second.pk + 1000)  # does not exist: the service fails on it after having changed `first`
    with pytest.raises(Leistung.DoesNotExist):
        leistungen_status_setzen(aenderungen=[(x, statuses["Umsetzung"], dt.date(2022, 1, 1)) for x in (first, broken)])

    first.refresh_from_db()
    assert first.status is None
    assert StatusAenderung.objects.count() == 1


def test_the_bulk_service_counts_only_real_changes(make_leistung, statuses):
    a, b = make_leistung(), make_leistung()
    leistung_status_setzen(leistung=a, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 1))
    changed = leistungen_status_setzen(aenderungen=[(x, statuses["Umsetzung"], dt.date(2022, 2, 1)) for x in (a, b)])
    assert changed == 1


def test_saving_a_changed_status_outside_the_service_is_refused(leistung, statuses):
    leistung.status = statuses["Abgeschlossen"]
    with pytest.raises(NurUeberServices):
        leistung.save()
    leistung.refresh_from_db()
    assert leistung.status is None


def test_creating_a_leistung_with_a_status_outside_the_service_is_refused(make_leistung, statuses):
    with pytest.raises(NurUeberServices):
        make_leistung(status=statuses["Abgeschlossen"])
    assert not Leistung.objects.filter(status__isnull=False).exists()


def test_saving_a_stored_leistung_outside_the_services_is_refused(leistung, statuses):
    """Not only its status: no field of a stored Leistung changes past the services (their version and history)."""
    reloaded = Leistung.objects.get(pk=leistung.pk)
    reloaded.zusaetzliche_informationen = "Notiz"
    with pytest.raises(NurUeberServices):
        reloaded.save()
    deferred = Leistung.objects.only("pk", "bezeichnung").get(pk=leistung.pk)
    deferred.bezeichnung = "Neu"
    with pytest.raises(NurUeberServices):
        deferred.save(update_fields=["bezeichnung"])
    assert Leistung.objects.get(pk=leistung.pk).zusaetzliche_informationen == ""


def test_a_history_row_is_never_saved_outside_the_status_service(leistung, statuses):
    from catalog.models import StatusAenderung

    with pytest.raises(NurUeberServices):
        StatusAenderung(leistung=leistung, neuer_status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3)).save()
    with pytest.raises(NurUeberServices):
        StatusAenderung.objects.create(
            leistung=leistung, neuer_status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3)
        )
    assert not StatusAenderung.objects.exists()


def verlauf(leistungen, *more) -> list[tuple]:
    """Each Leistung's current status and its history rows in the order they take effect."""
    return [
        (
            Leistung.objects.get(pk=leistung.pk).status_id,
            list(
                StatusAenderung.objects.filter(leistung=leistung)
                .order_by("gueltig_ab", "erfasst_am", "id")
                .values_list("alter_status_id", "neuer_status_id", "gueltig_ab", *more)
            ),
        )
        for leistung in leistungen
    ]


def test_the_set_based_service_gives_the_same_history_as_one_by_one(make_leistung, statuses, redaktion):
    """Mixed cases: no history yet, a status already in effect, a later change that stays current."""

    def scenario():
        fresh, same, later = make_leistung(), make_leistung(), make_leistung()
        leistung_status_setzen(leistung=same, status=statuses["Umsetzung"], gueltig_ab=dt.date(2021, 1, 4))
        leistung_status_setzen(leistung=later, status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2023, 1, 2))
        return [(fresh, statuses["Umsetzung"]), (same, statuses["Umsetzung"]), (later, statuses["Wartend"])]

    def outcome(pairs):
        return verlauf([leistung for leistung, _ in pairs], "grund", "erfasst_von_id")

    one_by_one = scenario()
    for leistung, status in one_by_one:
        leistung_status_setzen(
            leistung=leistung, status=status, gueltig_ab=dt.date(2022, 5, 2), user=redaktion, grund="X"
        )
    at_once = scenario()
    written = leistungen_status_setzen(
        aenderungen=[(leistung, status, dt.date(2022, 5, 2)) for leistung, status in at_once], user=redaktion, grund="X"
    )

    assert written == 2
    assert outcome(at_once) == outcome(one_by_one)
    for leistung, _ in at_once:  # the audit trail names who changed the record, as the single service does
        record = leistung.history.order_by("-history_id").first()
        current = Leistung.objects.get(pk=leistung.pk)
        assert (record.status_id, record.version) == (current.status_id, current.version)
    changed_record = at_once[0][0].history.order_by("-history_id").first()
    assert changed_record.history_user == redaktion
    assert [Leistung.objects.get(pk=leistung.pk).status for leistung, _ in at_once] == [
        statuses["Umsetzung"],
        statuses["Umsetzung"],
        statuses["Abgeschlossen"],
    ]


@pytest.mark.parametrize("seed", range(4))
def test_many_changes_of_one_leistung_in_one_call_are_applied_as_one_after_the_other(make_leistung, statuses, seed):
    """Random histories and random new changes (several per Leistung, any dates, back-dated and same-day ones):
    one call of the set-based service gives exactly the history and status of calling it change by change."""
    import random

    rng = random.Random(seed)
    choices = list(statuses.values())
    days = [dt.date(2021, 1, 4) + dt.timedelta(days=rng.randrange(0, 500)) for _ in range(8)]

    def scenario():
        leistungen = [make_leistung() for _ in range(4)]
        for leistung in leistungen:
            for _ in range(rng.randrange(0, 4)):
                leistung_status_setzen(leistung=leistung, status=rng.choice(choices), gueltig_ab=rng.choice(days))
        return leistungen

    def outcome(leistungen):
        return verlauf(leistungen)

    state = rng.getstate()
    one_by_one = scenario()
    plan = [(rng.randrange(4), rng.choice(choices), rng.choice(days)) for _ in range(14)]
    rng.setstate(state)
    at_once = scenario()
    assert outcome(at_once) == outcome(one_by_one)

    for index, status, day in plan:
        leistung_status_setzen(leistung=one_by_one[index], status=status, gueltig_ab=day)
    leistungen_status_setzen(aenderungen=[(at_once[index], status, day) for index, status, day in plan])
    assert outcome(at_once) == outcome(one_by_one)


def test_history_recorded_before_the_portal_keeps_its_time_and_its_order(leistung, statuses):
    """The demo records its history since 2021 on the day of each change ("zuletzt bestätigt" reads the time); a
    time in the future or before a change already recorded is refused, so rows still take effect as recorded."""
    morgens = dt.datetime(2021, 1, 4, 9, 0, tzinfo=dt.UTC)
    leistungen_status_setzen(aenderungen=[(leistung, statuses["Wartend"], dt.date(2021, 1, 4))], erfasst_am=morgens)
    leistungen_status_setzen(
        aenderungen=[(leistung, statuses["Umsetzung"], dt.date(2021, 1, 4))], erfasst_am=morgens
    )  # the same moment: the later written row still wins, as without a time
    assert list(StatusAenderung.objects.values_list("erfasst_am", flat=True)) == [morgens, morgens]
    leistung.refresh_from_db()
    assert leistung.status == statuses["Umsetzung"]

    with pytest.raises(ValidationError, match="später erfasste Statusänderung"):
        leistungen_status_setzen(
            aenderungen=[(leistung, statuses["Abgeschlossen"], dt.date(2021, 2, 1))],
            erfasst_am=morgens - dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="nicht in der Zukunft erfasst"):
        leistungen_status_setzen(
            aenderungen=[(leistung, statuses["Abgeschlossen"], dt.date(2021, 2, 1))],
            erfasst_am=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
        )
    assert StatusAenderung.objects.count() == 2
