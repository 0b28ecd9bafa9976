"""The kit's pages, proven for every process that has them (scenarios.py builds each one's case): the case page
offers the open step to who may take it and refuses as the API does; the step page's form is the action's input
with a label on every field, refuses 404/403 like the API, shows a refusal next to its field (422, nothing
written, no code on the page) and on success goes back to the case with one audit event."""

import re

import pytest
from django.utils import translation
from django.utils.http import urlencode

from audit.models import AuditEvent
from core.dates import business_today
from tests.clients import page
from tests.workflows.kit.scenarios import BUILDERS, built_once
from tests.workflows.kit.test_conformance import written
from workflows.kit.registry import PROCESS_TYPES
from workflows.kit.web_forms import step_form

pytestmark = pytest.mark.django_db
WITH_PAGES = sorted(code for code in BUILDERS if PROCESS_TYPES[code].pages is not None)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module", params=WITH_PAGES)
def built(request, django_db_setup, django_db_blocker):
    yield from built_once(request.param, django_db_blocker)


@pytest.fixture
def scenario(built, db):
    """The process's scenario, as built: each test runs in a savepoint rolled back after it."""
    return built


def step_url(s, action=None) -> str:
    url = PROCESS_TYPES[s.process].action_url(s.case, action or s.action)
    return f"{url}?{urlencode(s.part)}" if s.part else url


def case_url(s) -> str:
    return PROCESS_TYPES[s.process].case_url(s.case)


def form_data(payload: dict) -> dict:
    """What a person types for an API payload: ticked boxes as "on", unticked ones left out."""
    return {key: "on" if value is True else value for key, value in payload.items() if value is not False}


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_case_page_offers_the_open_step_to_who_may_take_it(scenario):
    s = scenario
    mine = page(s.actor).get(case_url(s))
    assert mine.status_code == 200 and f'href="{step_url(s)}"' in mine.content.decode()
    assert page(s.outsider).get(case_url(s)).status_code == 404
    theirs = page(s.insider).get(case_url(s))
    assert theirs.status_code == 200 and f'href="{step_url(s)}"' not in theirs.content.decode()


def test_the_step_page_refuses_as_the_api_does(scenario):
    s = scenario
    assert page(s.actor).get(step_url(s)).status_code == 200
    before = written(s)
    assert page(s.insider).get(step_url(s)).status_code == 403
    assert page(s.insider).post(step_url(s), form_data(s.payload)).status_code == 403
    assert page(s.insider).post(step_url(s), {"intent": "save_draft"}).status_code == 403  # nor a draft
    assert written(s) == before
    assert page(s.outsider).get(step_url(s)).status_code == 404
    unknown = step_url(s).replace(f"/{s.action}/", "/no_such_action/")
    assert page(s.actor).get(unknown).status_code == 404


def test_every_field_of_every_step_form_has_a_label_in_chinese(scenario):
    s = scenario
    kind = PROCESS_TYPES[s.process]
    unlabelled = []
    with translation.override("zh-hans"):
        for action in kind.actions.values():
            form = step_form(kind, action, s.case, s.actor, business_today())
            unlabelled += [
                f"{action.code}.{name}" for name, field in form.fields.items() if not CJK.search(str(field.label))
            ]
    assert not unlabelled, f"{s.process}: fields shown without a Chinese label: {unlabelled}"


def test_a_refused_step_is_shown_on_its_form_and_writes_nothing(scenario):
    s = scenario
    before = written(s)
    response = page(s.actor).post(step_url(s), form_data(s.bad_form or s.bad_payload))
    html = response.content.decode()
    assert response.status_code == 422
    assert f'data-code="{s.bad_code}"' in html and s.bad_code not in visible_text(html)
    assert 'class="error"' in html  # next to the field it concerns
    assert written(s) == before


def test_a_step_done_on_its_page_goes_back_to_the_case_with_one_event(scenario):
    s = scenario
    events = AuditEvent.objects.filter(case_id=s.case.pk, action=s.action).count()
    response = page(s.actor).post(step_url(s), form_data(s.form or s.payload))
    assert response.status_code == 302 and response["Location"] == case_url(s)
    assert AuditEvent.objects.filter(case_id=s.case.pk, action=s.action).count() == events + 1
