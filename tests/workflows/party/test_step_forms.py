"""The step forms as a guide: each says what the step needs and why (the rule set's own words), shows the dates
the timing rules give for this case, puts a refusal next to its field, and keeps a private draft."""

import datetime
import re

import pytest
from django.test import Client

from audit.models import AuditEvent
from core.dates import business_today
from forms.models import Draft
from tests.workflows.party.conftest import case_before, submit
from workflows.party import timing
from workflows.party.form_help import ACTION_DATE_LABELS
from workflows.party.models import PartyCase, Rule
from workflows.party.rulesets import RuleBook

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def rule_text(case, key):
    return Rule.objects.get(rule_set=case.rule_set, key=key).description


def field_error(page: str, name: str) -> str:
    """The error shown right under the field ``name`` (empty when there is none)."""
    found = re.search(rf'<div class="error" id="id_{name}_error">(.*?)</div>\s*</div>', page, re.S)
    return found.group(1) if found else ""


def recent_case(party):
    """A case applied for ten days ago: a talk today is on time."""
    return PartyCase.objects.get(pk=submit(party, date=(business_today() - datetime.timedelta(days=10)).isoformat()))


def snapshot(case):
    case.refresh_from_db()
    return (AuditEvent.objects.filter(process="party", case_id=case.pk).count(), case.version, case.talk_date)


def test_the_talk_form_gives_the_rule_and_the_deadline_from_the_application_date(party):
    case = PartyCase.objects.get(pk=submit(party, date="2026-01-31"))
    page = browser(party.secretary).get(f"/party/{case.pk}/act/record_talk/").content.decode()
    due = timing.talk_deadline(RuleBook(case.rule_set), case.application_date).due
    assert rule_text(case, "talk_deadline_months") in page and "细则 第7条" in page
    assert f'<time datetime="{due.isoformat()}">' in page


def test_the_development_target_form_gives_the_earliest_date_of_the_cultivation_rule(party):
    case = PartyCase.objects.get(pk=case_before(party, "designate_dev_object"))
    page = browser(party.secretary).get(f"/party/{case.pk}/act/designate_dev_object/").content.decode()
    earliest = timing.cultivation_eligible(RuleBook(case.rule_set), case.activist_date, case.activist_filed_date).due
    label = str(ACTION_DATE_LABELS[("designate_dev_object", "earliest")])
    assert re.search(rf"<dt>{label}</dt><dd><time datetime=\"{earliest.isoformat()}\">", page)
    assert rule_text(case, "cultivation_months") in page


def test_the_approval_form_gives_the_three_and_six_month_window_from_the_report(party):
    case = PartyCase.objects.get(pk=case_before(party, "parent_approve"))
    page = browser(party.committeemen[0]).get(f"/party/{case.pk}/act/parent_approve/").content.decode()
    window = timing.approval_window(RuleBook(case.rule_set), case.reported_date)
    assert f'datetime="{window.due.isoformat()}"' in page and f'datetime="{window.hard.isoformat()}"' in page
    assert rule_text(case, "approval_hard_months") in page


def test_a_refused_date_is_shown_next_to_the_date_field_and_nothing_changes(party):
    case = PartyCase.objects.get(pk=submit(party, date="2026-01-31"))
    before = snapshot(case)
    response = browser(party.secretary).post(
        f"/party/{case.pk}/act/record_talk/", {"date": "2026-01-05", "talker_name": "林书记", "content": "谈话"}
    )
    page = response.content.decode()
    assert response.status_code == 422 and "date_order" in page
    assert "2026-01-31" in field_error(page, "date")
    assert snapshot(case) == before


def test_a_missing_field_is_shown_next_to_it(party):
    case = PartyCase.objects.get(pk=submit(party, date="2026-01-31"))
    before = snapshot(case)
    response = browser(party.secretary).post(
        f"/party/{case.pk}/act/record_talk/", {"date": business_today().isoformat(), "content": "谈话"}
    )
    assert response.status_code == 422
    assert field_error(response.content.decode(), "talker_name")
    assert snapshot(case) == before


def test_too_early_a_development_target_is_refused_on_the_date_field(party):
    case = PartyCase.objects.get(pk=case_before(party, "designate_dev_object"))
    events = AuditEvent.objects.filter(process="party", case_id=case.pk).count()
    response = browser(party.secretary).post(
        f"/party/{case.pk}/act/designate_dev_object/",
        {
            "date": "2024-03-01",
            "meeting__date": "2024-03-01",
            "meeting__minutes_ref": "支委会记录",
            **{f"opinions__{k}": "同意" for k in ("party_group", "trainers", "members", "public")},
        },
    )
    page = response.content.decode()
    assert response.status_code == 422 and "cultivation_under_one_year" in page
    assert field_error(page, "date")
    case.refresh_from_db()
    assert case.dev_object_date is None
    assert AuditEvent.objects.filter(process="party", case_id=case.pk).count() == events


def test_missing_opinions_are_marked_on_each_empty_opinion(party):
    case = PartyCase.objects.get(pk=case_before(party, "designate_dev_object"))
    response = browser(party.secretary).post(
        f"/party/{case.pk}/act/designate_dev_object/",
        {
            "date": "2024-09-25",
            "meeting__date": "2024-09-25",
            "meeting__minutes_ref": "支委会记录",
            "opinions__party_group": "同意",
            "opinions__trainers": "同意",
            "opinions__members": "同意",
            "opinions__public": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert field_error(page, "opinions__public") and not field_error(page, "opinions__members")


def test_a_draft_is_kept_for_its_author_without_checks_and_cleared_by_the_submission(party):
    case = recent_case(party)
    url = f"/party/{case.pk}/act/record_talk/"
    secretary = browser(party.secretary)
    assert "save_draft" in secretary.get(url).content.decode()
    before = snapshot(case)
    saved = secretary.post(url, {"intent": "save_draft", "date": "", "content": "谈了入党动机，尚未写完"})
    assert saved.status_code == 302 and saved["Location"] == url
    assert snapshot(case) == before  # no validation, no event, no change to the case

    page = secretary.get(url).content.decode()
    assert "谈了入党动机，尚未写完" in page and "discard_draft" in page
    other = browser(party.orgmember).get(url).content.decode()
    assert "谈了入党动机" not in other and "discard_draft" not in other

    done = secretary.post(
        url, {"date": business_today().isoformat(), "talker_name": "林书记", "content": "谈了入党动机"}
    )
    assert done.status_code == 302
    assert not Draft.objects.filter(user=party.secretary).exists()
    assert "谈了入党动机，尚未写完" not in secretary.get(url).content.decode()


def test_a_draft_can_be_discarded_and_a_refused_submission_keeps_it(party):
    case = recent_case(party)
    url = f"/party/{case.pk}/act/record_talk/"
    secretary = browser(party.secretary)
    secretary.post(url, {"intent": "save_draft", "talker_name": "林书记"})
    assert secretary.post(url, {"date": "2026-01-01", "talker_name": "林书记", "content": "x"}).status_code == 422
    assert Draft.objects.filter(user=party.secretary).count() == 1
    assert secretary.post(url, {"intent": "discard_draft"}).status_code == 302
    assert not Draft.objects.exists()


def test_an_unticked_box_stays_unticked_in_the_draft(party):
    case = PartyCase.objects.get(pk=case_before(party, "parent_approve"))
    url = f"/party/{case.pk}/act/parent_approve/"
    committee = browser(party.committeemen[0])
    assert 'name="approved" id="id_approved" checked' in committee.get(url).content.decode()
    committee.post(url, {"intent": "save_draft", "meeting__document_number": "党委〔2026〕9号"})
    page = committee.get(url).content.decode()
    assert "党委〔2026〕9号" in page and 'id="id_approved" checked' not in page
