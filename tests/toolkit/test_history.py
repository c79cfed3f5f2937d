"""toolkit.history: who changed what when, newest first, in one query."""

import pytest

from catalog.models import Amt
from toolkit.history import latest_changes, person_name

pytestmark = pytest.mark.django_db


def test_a_person_is_named_by_full_name_else_user_name(django_user_model):
    rita = django_user_model(username="rita", first_name="Rita", last_name="Redaktion")

    assert person_name(rita) == "Rita Redaktion"
    assert person_name(django_user_model(username="import")) == "import"
    assert person_name(None) == ""


def test_the_latest_changes_are_newest_first_with_who_and_the_kind_in_the_page_s_words(
    django_user_model, django_assert_num_queries
):
    rita = django_user_model.objects.create_user("rita", first_name="Rita", last_name="Redaktion")
    amt = Amt(nummer=99, name="Testamt")
    amt._history_user = rita
    amt.save()
    amt.name = "Umbenannt"
    amt.save()
    amt.delete()

    with django_assert_num_queries(1):
        changes = latest_changes(
            Amt.history.filter(nummer=99), kinds={"+": "angelegt", "~": "geändert", "-": "gelöscht"}, limit=2
        )

    assert [(c.kind, c.row.name) for c in changes] == [("gelöscht", "Umbenannt"), ("geändert", "Umbenannt")]
    assert changes[0].when >= changes[1].when
    first = latest_changes(Amt.history.filter(nummer=99), kinds={})[-1]
    assert (first.kind, first.who) == ("+", "Rita Redaktion")  # an unnamed kind stays simple-history's sign
