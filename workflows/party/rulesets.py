"""Reading and changing rule sets. Code asks a RuleBook for values by key; nothing hard-codes them."""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError
from workflows.party.models import Rule, RuleSet
from workflows.party.rule_catalogue import RULES_2014


@dataclass(frozen=True)
class RuleEntry:
    value: object
    severity: str
    article_ref: str


class RuleBook:
    """All rules of one set, loaded with one query."""

    def __init__(self, rule_set: RuleSet):
        self.rule_set = rule_set
        self._rules = {
            rule.key: RuleEntry(rule.value, rule.severity, rule.article_ref) for rule in rule_set.rules.all()
        }

    def __getitem__(self, key: str):
        return self.entry(key).value

    def entry(self, key: str) -> RuleEntry:
        try:
            return self._rules[key]
        except KeyError:
            raise ApplicationError(
                "rule_missing", _("The rule set %(set)s has no rule %(key)s.") % {"set": self.rule_set, "key": key}
            ) from None

    def blocks(self, key: str) -> bool:
        return self.entry(key).severity == "block"


_LOCKED_BOOKS: dict[tuple, RuleBook] = {}
_LOCKED_BOOKS_KEPT = 64  # rule sets a deployment has: a handful


def rule_book(rule_set: RuleSet) -> RuleBook:
    """The rule book of a case's set. A locked set never changes (neither rule_update nor the admin edits one: a
    change goes to a copy), so its book is read once per process and kept, by database, key and creation time (a set
    made again under a key that was used before is another set); kept only once the transaction that read it has
    committed, so a set locked by a transaction that was rolled back is not taken as locked. A set not locked yet
    (a copy being edited) is read each time."""
    if not rule_set.locked:
        return RuleBook(rule_set)
    key = (connection.settings_dict["NAME"], rule_set.pk, rule_set.created_at)
    book = _LOCKED_BOOKS.get(key)
    if book is None:
        book = RuleBook(rule_set)

        def keep():
            if len(_LOCKED_BOOKS) >= _LOCKED_BOOKS_KEPT:
                _LOCKED_BOOKS.clear()
            _LOCKED_BOOKS[key] = book

        transaction.on_commit(keep)
    return book


def default_rule_set() -> RuleSet:
    """The set new cases start under. The shipped 细则2014 is installed by a migration; should the table
    have been emptied (a restore, a flushed test database), it is put back rather than failing."""
    rule_set = RuleSet.objects.filter(is_default=True).first()
    return rule_set if rule_set is not None else _install_2014()


@transaction.atomic
def _install_2014() -> RuleSet:
    rule_set, created = RuleSet.objects.get_or_create(
        code="2014",
        defaults={
            "name": "细则2014",
            "effective_from": datetime.date(2014, 6, 10),
            "locked": True,
            "source": "《中国共产党发展党员工作细则》中办发〔2014〕33号",
        },
    )
    if created:
        Rule.objects.bulk_create(
            Rule(
                rule_set=rule_set,
                key=key,
                value=value,
                unit=unit,
                severity=severity,
                article_ref=ref,
                description=description,
            )
            for key, (value, unit, severity, ref, description) in RULES_2014.items()
        )
    if not RuleSet.objects.filter(is_default=True).exists():
        RuleSet.objects.filter(pk=rule_set.pk).update(is_default=True)
        rule_set.is_default = True
    return rule_set


@transaction.atomic
def ruleset_copy(*, source: RuleSet, code: str, name: str, effective_from: datetime.date, actor=None) -> RuleSet:
    if RuleSet.objects.filter(code=code).exists():
        raise ApplicationError("rule_set_code_taken", _("Another rule set already uses this code."))
    copy = RuleSet.objects.create(code=code, name=name, effective_from=effective_from, based_on=source)
    Rule.objects.bulk_create(
        Rule(
            rule_set=copy,
            key=r.key,
            value=r.value,
            unit=r.unit,
            severity=r.severity,
            article_ref=r.article_ref,
            description=r.description,
        )
        for r in source.rules.all()
    )
    _audit_ruleset("ruleset_copy", actor, {"from": source.code, "code": code, "name": name})
    return copy


def audit_admin_rule_change(actor, rule_set: RuleSet, key: str, before: dict, after: dict) -> None:
    _audit_ruleset("rule_update", actor, {"code": rule_set.code, "key": key, "before": before, "after": after})


def _audit_ruleset(action: str, actor, data: dict) -> None:
    audit_record(
        process="admin",
        action=action,
        actor=actor,
        business_date=business_today(),
        rule_set=data.get("code", ""),
        data=data,
    )


@transaction.atomic
def rule_update(*, rule_set: RuleSet, key: str, value, severity: str | None = None, actor=None) -> Rule:
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if rule_set.locked:
        raise ApplicationError("rule_set_locked", _("This rule set is in use or shipped; copy it to change a value."))
    rule = Rule.objects.filter(rule_set=rule_set, key=key).first()
    if rule is None:
        raise ApplicationError(
            "rule_missing", _("The rule set %(set)s has no rule %(key)s.") % {"set": rule_set, "key": key}
        )
    if type(value) is not type(rule.value):
        raise ApplicationError("rule_value_type", _("The new value must have the same type as the old one."))
    before = {"value": rule.value, "severity": rule.severity}
    rule.value = value
    if severity is not None:
        if severity not in ("block", "warn"):
            raise ApplicationError("rule_severity", _("Severity is block or warn."))
        rule.severity = severity
    rule.save(update_fields=["value", "severity"])
    after = {"value": rule.value, "severity": rule.severity}
    _audit_ruleset("rule_update", actor, {"code": rule_set.code, "key": key, "before": before, "after": after})
    return rule


def ruleset_mark_used(rule_set: RuleSet) -> None:
    """A set that a case ran under is locked: later edits go to a copy, so history keeps its meaning."""
    if not rule_set.locked:
        RuleSet.objects.filter(pk=rule_set.pk).update(locked=True)
        rule_set.locked = True


@transaction.atomic
def ruleset_set_default(rule_set: RuleSet, *, actor=None) -> RuleSet:
    """New cases start under the default set; cases in flight keep the set they started with."""
    RuleSet.objects.filter(is_default=True).exclude(pk=rule_set.pk).update(is_default=False)
    RuleSet.objects.filter(pk=rule_set.pk).update(is_default=True)
    rule_set.is_default = True
    _audit_ruleset("ruleset_default", actor, {"code": rule_set.code})
    return rule_set
