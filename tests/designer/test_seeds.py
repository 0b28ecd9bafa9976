"""The seeded definitions (designer/seeds/*.json) and the demo cases of them (designer.demo, run by seed_demo)."""

import json

import pytest

from accounts.demo import DEMO_ACCOUNTS
from accounts.models import Organisation, User
from designer.definition.validate import problems
from designer.demo import organisation_codes, resolved, seed_designer_demo, seed_document, seed_files
from designer.flows import DesignedFlow
from designer.models import Definition, DesignedCase, Icon, Stage
from designer.selectors import published, startable_definitions
from workflows.access import OPEN
from workflows.models import ApprovalSlot

SEEDS = {path.stem: path for path in seed_files()}
CODES = {"famous-teacher-studio", "double-cultivation", "model-lesson", "three-stars", "outside-training"}


def _dicts(value):
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _dicts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _dicts(item)


def test_there_is_one_seed_per_promised_definition():
    assert set(SEEDS) == CODES


@pytest.mark.parametrize("code", sorted(CODES))
def test_a_seed_is_an_export_that_validates_and_names_nobody_by_id(code):
    payload = json.loads(SEEDS[code].read_text(encoding="utf-8"))
    assert set(payload) == {"stepwise", "code", "name", "category", "icon", "description", "document"}
    assert payload["stepwise"] == "process-definition" and payload["code"] == code
    assert payload["icon"] in Icon.values and len(payload["name"]) <= 60 and len(payload["description"]) <= 200
    whos = [d for d in _dicts(payload["document"]) if "source" in d]
    assert whos
    for who in whos:  # ids differ per database: people by role, 主管, choice or field; organisations by code
        assert who["source"] != "people" and "default" not in who and "organisation" not in who, who
        assert "organisation" not in who.get("scope", {}), who
    document = resolved(payload["document"], {c: 1 for c in organisation_codes(payload["document"], set())})
    assert [p.as_dict() for p in problems(document)] == []


@pytest.mark.django_db
def test_a_seed_naming_an_organisation_missing_here_is_refused():
    with pytest.raises(KeyError):
        seed_document(SEEDS["famous-teacher-studio"])


def _waiting(username: str) -> list[tuple[str, str]]:
    """(definition code, node) of the open steps where it is the person's turn."""
    slots = ApprovalSlot.objects.filter(
        user__username=username,
        status=ApprovalSlot.Status.ACTIVE,
        approval__task__flow_task=DesignedFlow.act,
        approval__task__status__in=OPEN,
        approval__task__process__in=designer_demo_cases().values("pk"),
    ).select_related("approval__task")
    found = []
    for slot in slots:
        task = slot.approval.task
        found.append((DesignedCase.objects.get(pk=task.process_id).definition.code, task.data["node"]))
    return sorted(found)


WAITING = {
    "corelead": [("outside-training", "principal_long")],
    "leadinggroup": [("outside-training", "principal_long")],
    "bureau": [("famous-teacher-studio", "bureau"), ("model-lesson", "bureau_review")],
    "schooldept": [("double-cultivation", "screening")],
    "groupleader": [("double-cultivation", "group_nomination"), ("three-stars", "lesson_rating")],
    "committee": [("three-stars", "lesson_rating")],
    "secretary": [("three-stars", "branch_rating")],
}
STARTED = {
    "schooldept": ["famous-teacher-studio", "outside-training"],
    "memberlead": ["outside-training"],
    "introducer": ["model-lesson"],
    "committee": ["model-lesson"],
    "orgmember": ["double-cultivation"],
    "assembly": ["double-cultivation", "three-stars"],
    "trainer": ["three-stars"],
}


def designer_demo_cases():
    """The designer demo's own cases: not those the programmes' demos start through the seeded definitions (a
    双培双促进 nomination of the programme's list, an approved 科学之星 of the 三星 list)."""
    from programmes.models import Participant

    nominations = Participant.objects.filter(nomination__isnull=False).values("nomination")
    stars = DesignedCase.objects.filter(definition__code="three-stars", stage=Stage.APPROVED)
    return DesignedCase.objects.filter(definition__code__in=CODES).exclude(pk__in=nominations).exclude(pk__in=stars)


def test_the_demo_publishes_the_seeds_and_runs_cases_for_the_personas(seeded_demo):
    """On the demo seeded once for the tests that read it (tests/conftest.py)."""
    bureau = Organisation.objects.get(code="YH-EDU")
    definitions = {d.code: d for d in Definition.objects.filter(code__in=CODES).select_related("created_by")}
    assert set(definitions) == CODES
    for code, definition in definitions.items():
        assert definition.owner == bureau and definition.shared and definition.enabled
        assert definition.created_by.username == "designer"
        version = published(definition)
        assert version is not None
        assert version.number == 1 and version.document == seed_document(SEEDS[code])["document"]

    cases = designer_demo_cases().select_related("definition", "initiator")
    assert cases.count() == 9
    approved = [case for case in cases if case.stage == Stage.APPROVED]
    assert [(case.definition.code, case.values["level"]) for case in approved] == [("model-lesson", "校级")]
    assert all(case.stage == Stage.RUNNING for case in cases if case not in approved)
    started: dict[str, list[str]] = {}
    for case in cases:
        started.setdefault(case.initiator.username, []).append(case.definition.code)
    assert {name: sorted(codes) for name, codes in started.items()} == STARTED

    for username, steps in WAITING.items():
        assert _waiting(username) == steps, username
    assert _waiting("designer") == []  # no node fell to the process administrator: every `who` found someone

    for account in DEMO_ACCOUNTS:  # everyone in the bureau's tree may start each of them
        user = User.objects.get(username=account.username)
        assert {d.code for d in startable_definitions(user, seeded_demo)} >= CODES, account.username

    assert seed_designer_demo(today=seeded_demo) == 0
    assert designer_demo_cases().count() == 9
