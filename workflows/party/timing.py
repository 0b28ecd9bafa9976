"""Deadlines of the party process (DOMAIN §2.4), computed from the case and its rule set."""

import datetime
from dataclasses import asdict, dataclass

from workflows.business_days import add_months, add_years
from workflows.party.rulesets import RuleBook


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: datetime.date
    hard: datetime.date | None = None  # past this, a block (or a documented correction)
    provisional: bool = False

    def as_record(self, done_on: datetime.date | None = None) -> dict:
        record = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in asdict(self).items()}
        if done_on is not None:
            record["met"] = done_on <= self.due
        return record


def months(book: RuleBook, day: datetime.date, count: int) -> datetime.date:
    if book["month_arithmetic"] == "30_days":
        return day + datetime.timedelta(days=30 * count)
    return add_months(day, count)


def talk_deadline(book: RuleBook, application_date: datetime.date) -> Deadline:
    return Deadline("talk", months(book, application_date, book["talk_deadline_months"]))


def cultivation_eligible(book: RuleBook, activist_date, filed_date) -> Deadline | None:
    anchor = filed_date if book["cultivation_anchor"] == "filing" else activist_date
    if anchor is None:
        return None
    return Deadline("cultivation_eligible", months(book, anchor, book["cultivation_months"]))


def next_assessment(book: RuleBook, activist_date, last_assessment) -> Deadline | None:
    anchor = last_assessment or activist_date
    if anchor is None:
        return None
    return Deadline("half_year_assessment", add_months(anchor, book["assessment_interval_months"]))


def approval_window(book: RuleBook, reported: datetime.date, provisional: bool = False) -> Deadline:
    return Deadline(
        "approval",
        add_months(reported, book["approval_normal_months"]),
        hard=add_months(reported, book["approval_hard_months"]),
        provisional=provisional,
    )


def probation_end(book: RuleBook, start: datetime.date) -> datetime.date:
    end = add_years(start, book["probation_years"])
    return end - datetime.timedelta(days=1) if book["probation_end_convention"] == "day_before" else end
