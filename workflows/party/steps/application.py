"""Stage 1: application and talk (steps 1–2), plus withdrawal and written reports at any stage."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import Membership, Organisation, OrganisationKind, PartyStanding, User
from accounts.permissions import has_org_perm
from accounts.selectors import people_reached_by
from audit.services import attachment_facts, audit_record
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.access import own_attachments_only
from workflows.announce import announce_open_tasks
from workflows.business_days import add_years
from workflows.party import timing
from workflows.party.actions import PROBATION_OPEN, action, at, identities
from workflows.party.flows import PartyFlow
from workflows.party.inputs import (
    ActionInput,
    HoldInput,
    OverrideInput,
    ReportInput,
    SubmitApplicationInput,
    TalkInput,
    TransferInput,
)
from workflows.party.models import CaseStatus, Identity, Override, PartyCase
from workflows.party.progress import refresh_next
from workflows.party.rulesets import default_rule_set, rule_book, ruleset_mark_used
from workflows.party.steps.common import not_before

BEFORE_ADMISSION = identities(Identity.APPLICANT, Identity.ACTIVIST, Identity.DEV_OBJECT)
ALL_OPEN = identities(*Identity)


def case_submit(*, actor, payload: dict, today: datetime.date | None = None, client_type="", ip=None) -> PartyCase:
    """Step 1: the person applies online, or branch staff enter a paper application."""
    today = today or business_today()
    serializer = SubmitApplicationInput(data=payload)
    if not serializer.is_valid():
        raise ApplicationError(
            "invalid",
            _("The input is not valid."),
            fields={k: [str(e) for e in v] for k, v in serializer.errors.items()},
        )
    data = serializer.validated_data
    branch = Organisation.objects.filter(pk=data["branch_id"], kind=OrganisationKind.BRANCH).first()
    # Oneself, or a person of the caller's own tree (a current or past membership at or below where the caller
    # belongs): anyone else is unknown, whatever their standing, so that the answer tells nothing about a person of
    # another bureau (issue #15 item 8).
    person_id = data.get("person_id", actor.pk)
    people = User.objects.filter(pk=actor.pk) | people_reached_by(actor, roles.VIEW)
    person = people.filter(pk=person_id, is_active=True).first()
    if branch is None or person is None or not has_org_perm(actor, roles.VIEW, branch):
        raise ApplicationError("not_found", _("Unknown branch or person."), status=404)
    # One applies to the branch one belongs to (the APPLICANT role given there); its staff enter paper
    # applications for others. Seeing a branch from above (the bureau, the school) is neither.
    staff = has_org_perm(actor, roles.HANDLE_PARTY_WORK, branch)
    if not staff and (
        person.pk != actor.pk
        or data["backfill"]
        or not Membership.objects.active_on(today).filter(user=actor, organisation=branch).exists()
    ):
        raise PermissionDenied
    own_attachments_only(actor=actor, data=data)
    received = data["date"] if staff else today
    if received is None or received > today:
        _refuse_date(received)
    book = rule_book(default_rule_set())
    if person.birth_date is None:
        raise ApplicationError("birth_date_missing", _("The applicant's birth date is not on record."))
    if add_years(person.birth_date, book["min_age_years"]) > received:
        raise ApplicationError(
            "age_under_18",
            _("An applicant must be at least %(n)d years old on the date of application.")
            % {"n": book["min_age_years"]},
        )
    if person.party_standing != PartyStanding.NON_MEMBER:
        raise ApplicationError("already_member", _("This person is already a party member."))
    if data["channel"] == "residence" and data["unit_has_party_organisation"]:
        raise ApplicationError(
            "wrong_receiving_organisation",
            _("A person whose work or study unit has a party organisation applies there, not where they live."),
        )
    with transaction.atomic():
        if (
            PartyCase.objects.select_for_update()
            .filter(
                person=person,
                case_status__in=[CaseStatus.ACTIVE, CaseStatus.PROBATION_EXTENDED, CaseStatus.ON_HOLD_LEAVING],
            )
            .exists()
        ):
            raise ApplicationError("case_already_open", _("This person already has an open case."))
        if not staff and data["date"] not in (None, today):  # last: the other refusals say more
            raise ApplicationError(
                "date_set_by_branch",
                _("The branch dates your application when it confirms receipt; you do not date it yourself."),
                fields={"date": [data["date"].isoformat()]},
            )
        case = _start(
            person=person,
            branch=branch,
            rule_set=book.rule_set,
            initiator=actor,
            application_date=received,
            receipt_confirmed=staff,
            backfilled=data["backfill"],
        )
        ruleset_mark_used(book.rule_set)
        deadline = timing.talk_deadline(book, received)
        audit_record(
            process="party",
            case_id=case.pk,
            action="submit_application",
            step=1,
            actor=actor,
            actor_role="APPLICANT" if person.pk == actor.pk else "BRANCH_STAFF",
            organisation=branch,
            on_behalf_of=""
            if person.pk == actor.pk
            else str(_("Paper application of %(name)s")) % {"name": person.real_name},
            business_date=received,
            to_state=f"{case.identity}/{case.case_status}",
            rule_set=book.rule_set.code,
            deadlines=[deadline.as_record()],
            data={**{k: v for k, v in data.items() if k != "attachment_ids"}, "date": received},
            attachments=attachment_facts(data["attachment_ids"]),
            client_type=client_type,
            ip=ip,
        )
        refresh_next(case, book)
        announce_open_tasks(case.pk, actor=actor)
    return case


def _refuse_date(day: datetime.date | None) -> None:
    """The branch's staff enter the date an application was received (a paper application, or 补录 of a case
    already in progress, marked as such); an application made online is dated the day it is handed in, and the
    branch's confirmation of receipt dates it (confirm_receipt)."""
    if day is None:
        raise ApplicationError(
            "invalid", _("The input is not valid."), fields={"date": [str(_("This field is required."))]}
        )
    raise ApplicationError("date_in_future", _("A business date cannot be in the future."))


def _start(**fields) -> PartyCase:
    """Start the flow; two applications racing for one person hit the one-open-case constraint."""
    try:
        with transaction.atomic():
            return PartyFlow.start.run(**fields)
    except IntegrityError:
        raise ApplicationError("case_already_open", _("This person already has an open case.")) from None


@action(
    code="record_talk",
    label=_("Record the talk"),
    step=2,
    perm="handle_party_work",
    node="record_talk",
    when=at(identities(Identity.APPLICANT)),
    input=TalkInput,
)
def record_talk(ctx):
    case = ctx.case
    not_before(ctx, case.application_date, _("the application"))
    case.receipt_confirmed = True  # the branch that talks has it: received as handed in, unless confirmed before
    deadline = timing.talk_deadline(ctx.book, case.application_date)
    ctx.deadlines.append(deadline.as_record(done_on=ctx.date))
    if ctx.date > deadline.due:
        ctx.warn("talk_overdue")
    case.talk_date = ctx.date


@action(
    code="confirm_receipt",
    label=_("Confirm receipt of the application"),
    step=1,
    perm="handle_party_work",
    when=lambda case: at(identities(Identity.APPLICANT))(case) and not case.receipt_confirmed,
    input=ActionInput,
)
def confirm_receipt(ctx):
    """An application made online is received when the branch says so: the received date (the application date
    the rules count from) is the day the branch confirms, not earlier than the day it was handed in."""
    not_before(ctx, ctx.case.application_date, _("the day the application was handed in"))
    ctx.record = {"handed_in": ctx.case.application_date.isoformat()}
    ctx.case.application_date = ctx.date
    ctx.case.receipt_confirmed = True


@action(
    code="withdraw",
    label=_("Withdraw the application"),
    perm="handle_party_work",
    when=at(BEFORE_ADMISSION),
    input=ReportInput,
    subject_may=True,
)
def withdraw(ctx):
    ctx.case.case_status = CaseStatus.WITHDRAWN
    ctx.saved()
    PartyFlow.instance.cancel(ctx.case)


@action(
    code="submit_report",
    label=_("Submit a written report"),
    step=6,
    perm="handle_party_work",
    when=at(ALL_OPEN, PROBATION_OPEN),
    input=ReportInput,
    subject_may=True,
)
def submit_report(ctx):
    if not ctx.data["content"].strip() and not ctx.data["attachment_ids"]:
        raise ApplicationError("report_empty", _("A written report needs text or an attached file."))
    if ctx.actor.pk == ctx.case.person_id and ctx.data["date"] != ctx.today:  # only staff enter one afterwards
        raise ApplicationError(
            "date_set_by_branch",
            _("A report you hand in yourself is dated the day you hand it in; the branch enters older ones."),
            fields={"date": [ctx.data["date"].isoformat()]},
        )
    ctx.attachments = ctx.data["attachment_ids"]


@action(
    code="grant_override",
    label=_("Allow an exception (higher committee)"),
    perm="approve_party",
    when=at(ALL_OPEN, PROBATION_OPEN),
    input=OverrideInput,
    where="committee",
)
def grant_override(ctx):
    override = Override.objects.create(
        case=ctx.case, code=ctx.data["code"], reason=ctx.data["reason"], approved_by=ctx.actor, approved_on=ctx.date
    )
    ctx.record = {"override_id": override.pk, "code": override.code}


@action(
    code="put_on_hold",
    label=_("Put on hold (leaving within three months)"),
    perm="handle_party_work",
    when=at(identities(Identity.DEV_OBJECT)),
    input=HoldInput,
)
def put_on_hold(ctx):
    """DOMAIN §2.2 暂缓: a development target leaving the unit within three months is normally not admitted;
    the case waits instead of being refused, and its open steps are suspended until it resumes."""
    if ctx.data["expected_departure_date"] < ctx.date:
        raise ApplicationError("date_order", _("The departure date is before the date of the decision."))
    ctx.case.expected_departure_date = ctx.data["expected_departure_date"]
    ctx.case.case_status = CaseStatus.ON_HOLD_LEAVING


@action(
    code="resume",
    label=_("Resume the case"),
    perm="handle_party_work",
    when=at(identities(Identity.DEV_OBJECT), frozenset({CaseStatus.ON_HOLD_LEAVING})),
    input=ReportInput,
)
def resume(ctx):
    ctx.case.case_status = CaseStatus.ACTIVE


@action(
    code="transfer_out",
    label=_("Transfer to another party organisation"),
    perm="handle_party_work",
    when=at(BEFORE_ADMISSION | identities(Identity.PROBATIONARY), PROBATION_OPEN | {CaseStatus.ON_HOLD_LEAVING}),
    input=TransferInput,
)
def transfer_out(ctx):
    """The materials go with the person; the receiving branch continues the case (补录 with the same dates),
    and cultivation time counts continuously."""
    ctx.case.case_status = CaseStatus.TRANSFERRED_OUT
    ctx.saved()
    PartyFlow.instance.cancel(ctx.case)
