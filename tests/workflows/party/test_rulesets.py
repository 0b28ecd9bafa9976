import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.exceptions import ApplicationError
from workflows.party.rule_catalogue import RULES_2014
from workflows.party.rulesets import RuleBook, default_rule_set, rule_book, rule_update, ruleset_copy, ruleset_mark_used

pytestmark = pytest.mark.django_db


def test_the_2014_set_ships_complete_as_the_locked_default():
    rule_set = default_rule_set()
    assert rule_set.name == "细则2014" and rule_set.locked
    book = RuleBook(rule_set)
    assert {key: book[key] for key in RULES_2014} == {key: spec[0] for key, spec in RULES_2014.items()}
    assert book["cultivation_months"] == 12 and book.blocks("cultivation_months")
    assert not book.blocks("talk_deadline_months")


def test_the_shipped_set_cannot_be_edited():
    with pytest.raises(ApplicationError) as caught:
        rule_update(rule_set=default_rule_set(), key="publicity_working_days", value=5)
    assert caught.value.code == "rule_set_locked"


def test_a_copy_can_be_edited_and_the_original_keeps_its_values():
    copy = ruleset_copy(
        source=default_rule_set(), code="zj2026", name="浙江2026", effective_from=datetime.date(2026, 6, 1)
    )
    rule_update(rule_set=copy, key="publicity_working_days", value=5)
    assert RuleBook(copy)["publicity_working_days"] == 5
    assert RuleBook(default_rule_set())["publicity_working_days"] == 0


def test_a_value_of_another_type_or_an_unknown_key_is_refused():
    copy = ruleset_copy(source=default_rule_set(), code="x", name="x", effective_from=datetime.date(2026, 1, 1))
    for key, value, code in [("publicity_working_days", "five", "rule_value_type"), ("nope", 1, "rule_missing")]:
        with pytest.raises(ApplicationError) as caught:
            rule_update(rule_set=copy, key=key, value=value)
        assert caught.value.code == code


def test_an_emptied_rule_set_table_gets_the_shipped_set_back():
    from workflows.party.models import Rule, RuleSet

    Rule.objects.all().delete()
    RuleSet.objects.all().delete()
    restored = default_rule_set()
    assert restored.code == "2014" and restored.is_default and restored.rules.count() == len(RULES_2014)


def statements_to_read(rule_set) -> tuple[RuleBook, int]:
    with CaptureQueriesContext(connection) as queries:
        book = rule_book(rule_set)
    return book, len(queries)


def test_a_locked_sets_book_is_read_once_its_reading_committed(django_capture_on_commit_callbacks):
    copy = ruleset_copy(source=default_rule_set(), code="zj", name="浙江", effective_from=datetime.date(2026, 6, 1))
    rule_update(rule_set=copy, key="publicity_working_days", value=5)
    ruleset_mark_used(copy)
    with transaction.atomic():  # read, then rolled back: a set locked by such a transaction may not be locked
        statements_to_read(copy)
        transaction.set_rollback(True)
    assert statements_to_read(copy)[1] == 1
    with django_capture_on_commit_callbacks(execute=True):  # as the reading transaction's commit does
        first, read = statements_to_read(copy)
    kept, again = statements_to_read(copy)
    assert read == 1 and again == 0 and kept is first and kept["publicity_working_days"] == 5


def test_an_unlocked_sets_book_is_read_every_time(django_capture_on_commit_callbacks):
    copy = ruleset_copy(source=default_rule_set(), code="zj", name="浙江", effective_from=datetime.date(2026, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert statements_to_read(copy)[1] == 1
    rule_update(rule_set=copy, key="publicity_working_days", value=5)
    book, read = statements_to_read(copy)
    assert read == 1 and book["publicity_working_days"] == 5
