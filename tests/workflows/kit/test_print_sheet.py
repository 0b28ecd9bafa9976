"""The 审批单 of every process with pages (scenarios.py builds each one's case): after a step is done, the case's
sheet and the step's sheet show, as a page and as a PDF, who did it, their decision and when, in words (no internal
code); outsiders get 404. The PDF's text is read back with pdftotext (poppler-utils) and its fonts are embedded."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from viewflow.workflow.models import Task

from tests.clients import page
from tests.workflows.kit.scenarios import BUILDERS, built_once
from tests.workflows.kit.test_pages import visible_text
from workflows.kit.engine import run_action
from workflows.kit.print_sheet import DECISIONS, step_label
from workflows.kit.registry import PROCESS_TYPES
from workflows.labels import step_title

pytestmark = pytest.mark.django_db
WITH_PAGES = sorted(code for code in BUILDERS if PROCESS_TYPES[code].pages is not None)


@pytest.fixture(scope="module", params=WITH_PAGES)
def built(request, django_db_setup, django_db_blocker):
    yield from built_once(request.param, django_db_blocker)


@pytest.fixture
def done(built, db):
    """The scenario with its open step done by its actor: (scenario, the step's task)."""
    s, kind = built, PROCESS_TYPES[built.process]
    run_action(process=kind, case_id=s.case.pk, code=s.action, actor=s.actor, payload={**s.payload, **s.part})
    node = kind.actions[s.action].node
    task = Task.objects.filter(process_id=s.process_id or s.case.pk, flow_task_type="HUMAN", status="DONE")
    return s, task.filter(flow_task__endswith=f".{node}").order_by("-pk").first() if node else None


def pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True).stdout
    return text.decode()


def fonts(body: bytes) -> str:
    return subprocess.run(["pdffonts", "-"], input=body, capture_output=True, check=True).stdout.decode()


def what_was_done(s) -> list[str]:
    kind = PROCESS_TYPES[s.process]
    action = kind.actions[s.action]
    return [
        s.actor.real_name,
        step_label(kind, s.action),
        *([str(DECISIONS[action.decision])] if action.decision else []),
    ]


def assert_no_codes(text: str, s) -> None:
    assert not re.search(rf"\b{re.escape(s.action)}\b", text), f"the action's code is on the sheet: {s.action}"
    assert not re.search(r"\b[A-Z]{3,}(_[A-Z]+)+\b|\b[a-z]+_[a-z_]+\b", text), "a code-like token is on the sheet"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make chromium) reads the PDF back")
def test_the_case_sheet_shows_who_decided_what_and_when_as_a_page_and_a_pdf(done):
    s, _task = done
    url = reverse("case-print", args=[s.process, s.case.pk])
    response = page(s.actor).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    for words in what_was_done(s):
        assert words in text
    assert_no_codes(re.sub(r"<(script|style)[^>]*>.*?</\1>", "", text, flags=re.S), s)
    assert "data-print" in html and "<script>" not in html  # the print button's script is a static file
    body = page(s.actor).get(reverse("case-print-pdf", args=[s.process, s.case.pk])).content
    pdf = pdf_text(body)
    for words in what_was_done(s):
        assert words in pdf
    assert_no_codes(pdf, s)
    assert "Helvetica" not in fonts(body) and " no " not in fonts(body).split("\n", 2)[2]  # every font embedded


def test_the_case_page_links_its_sheet_and_outsiders_get_404(done):
    s, _task = done
    case_page = page(s.actor).get(PROCESS_TYPES[s.process].case_url(s.case)).content.decode()
    assert reverse("case-print", args=[s.process, s.case.pk]) in case_page
    for name in ("case-print", "case-print-pdf"):
        assert page(s.outsider).get(reverse(name, args=[s.process, s.case.pk])).status_code == 404
    assert page(s.actor).get(reverse("case-print", args=["nothing", s.case.pk])).status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make chromium) reads the PDF back")
def test_a_step_has_its_own_sheet_linked_from_its_task_page(done):
    s, task = done
    if task is None:
        pytest.skip("the scenario's action is on no step")
    task_page = page(s.actor).get(reverse("task-page", args=[task.pk])).content.decode()
    assert reverse("step-print", args=[task.pk]) in task_page
    text = visible_text(page(s.actor).get(reverse("step-print", args=[task.pk])).content.decode())
    for words in what_was_done(s):
        assert words in text
    pdf = pdf_text(page(s.actor).get(reverse("step-print-pdf", args=[task.pk])).content)
    assert s.actor.real_name in pdf and step_title(task) in pdf
    assert page(s.outsider).get(reverse("step-print", args=[task.pk])).status_code == 404
