"""Locality items are rules (§2.10): a copied rule set changes behaviour without code."""

import datetime

import pytest

from tests.workflows.party.conftest import ARCHIVE_ITEMS, case_before, pdf, run, standard_path
from workflows.party.rulesets import default_rule_set, rule_update, ruleset_copy, ruleset_set_default

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhejiang():
    copy = ruleset_copy(
        source=default_rule_set(), code="zj", name="浙江实施细则", effective_from=datetime.date(2020, 1, 1)
    )
    rule_update(rule_set=copy, key="publicity_working_days", value=5)
    rule_update(rule_set=copy, key="archive_mandatory_items", value=[*ARCHIVE_ITEMS, "autobiography"])
    return ruleset_set_default(copy)


def vote_payload(p, date):
    return {
        **next(pl for _a, c, pl, *_ in standard_path(p) if c == "record_admission_vote"),
        "date": date,
        "reported_date": date,
    }


def test_a_public_notice_of_five_working_days_must_end_before_the_admission_meeting(party, zhejiang):
    case_id = case_before(party, "record_admission_vote")
    refused = run(party.secretary, case_id, "record_admission_vote", vote_payload(party, "2024-12-20"))
    assert refused.json()["code"] == "publicity_incomplete"
    # Monday 2024-12-09 + 5 working days inclusive ends Friday 2024-12-13.
    notice = run(party.orgmember, case_id, "record_publicity", {"date": "2024-12-09", "notice_ref": "公示第3号"})
    assert notice.status_code == 200, notice.content
    assert notice.json()["case"]["publicity_end"] == "2024-12-13"
    too_soon = run(party.secretary, case_id, "record_admission_vote", vote_payload(party, "2024-12-13"))
    assert too_soon.json()["code"] == "publicity_incomplete"
    assert run(party.secretary, case_id, "record_admission_vote", vote_payload(party, "2024-12-16")).status_code == 200


def test_the_notice_skips_the_national_day_holiday(party, zhejiang):
    from workflows.party.models import PartyCase

    case_id = case_before(party, "record_admission_vote")
    response = run(party.orgmember, case_id, "record_publicity", {"date": "2025-01-24", "notice_ref": "公示"})
    assert response.status_code == 200, response.content
    case = PartyCase.objects.get(pk=case_id)
    # Fri 01-24 and the make-up Sunday 01-26 count; Jan 28 – Feb 4 is the Spring Festival holiday.
    assert case.publicity_end == datetime.date(2025, 2, 6) and not case.publicity_provisional


def test_the_2014_set_has_no_public_notice(party):
    case_id = case_before(party, "record_admission_vote")
    response = run(party.orgmember, case_id, "record_publicity", {"date": "2024-12-09", "notice_ref": "x"})
    assert response.json()["code"] == "publicity_not_required"


def test_a_local_archive_item_is_required_by_the_local_set(party, zhejiang):
    case_id = case_before(party, "record_admission_vote")
    run(party.orgmember, case_id, "record_publicity", {"date": "2024-12-09", "notice_ref": "公示"})
    remaining = standard_path(party)
    start = next(i for i, step in enumerate(remaining) if step[1] == "record_admission_vote")
    for actor, code, payload, *_ in remaining[start:-1]:
        assert run(actor, case_id, code, payload).status_code == 200, code
    materials = {item: pdf(party.secretary, f"{item}.pdf") for item in ARCHIVE_ITEMS}
    response = run(party.secretary, case_id, "archive_materials", {"date": "2026-02-01", "materials": materials})
    assert response.json()["code"] == "archive_incomplete"
    assert response.json()["fields"]["materials"] == ["autobiography"]
    materials["autobiography"] = pdf(party.secretary, "自传.pdf")
    response = run(party.secretary, case_id, "archive_materials", {"date": "2026-02-01", "materials": materials})
    assert response.status_code == 200


def test_cases_in_flight_keep_their_rule_set(party):
    case_id = case_before(party, "designate_activist")
    copy = ruleset_copy(source=default_rule_set(), code="x", name="x", effective_from=datetime.date(2026, 1, 1))
    ruleset_set_default(copy)
    from workflows.party.models import PartyCase

    assert PartyCase.objects.get(pk=case_id).rule_set.code == "2014"


def test_a_prompt_step_gets_a_working_day_due_date_from_the_previous_step(party):
    case_id = case_before(party, "file_activist")  # designated 2023-09-15, a Friday before National Day
    from workflows.party.models import PartyCase

    task = PartyCase.objects.get(pk=case_id).task_set.get(status="NEW", flow_task_type="HUMAN")
    # Ten working days: Sep 18–28 give nine, Sep 29 – Oct 6 are holidays, Saturday Oct 7 is a make-up day.
    assert task.data["due"] == "2023-10-07" and not task.data.get("provisional")
