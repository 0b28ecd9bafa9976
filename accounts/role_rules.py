"""Role-administration rules (等保2.0 三员分立, issue 15): who may grant or end which membership, and the dates a
membership may have. accounts.services applies them before every grant and end; the Django admin's form and the
roster import check them too, so every door refuses the same way, and every refusal is an audit event."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import Membership, Organisation, User
from accounts.roles import SECURITY_ROLES
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError

# Membership dates: nothing before the founding of the party (1921-07-01); a start at most a year ahead and an end
# at most fifty years ahead (further is a typo, e.g. 2205 for 2025, that would grant rights for centuries).
EARLIEST_MEMBERSHIP_DATE = datetime.date(1921, 7, 1)
MEMBERSHIP_START_YEARS_AHEAD = 1
MEMBERSHIP_END_YEARS_AHEAD = 50


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def membership_dates_check(
    *, valid_from: datetime.date | None, valid_to: datetime.date | None, today: datetime.date
) -> None:
    """Refuse membership dates outside [1921-07-01, a year ahead] (start) and [1921-07-01, fifty years ahead] (end)."""
    fields = {}
    message = _("The date must lie between %(earliest)s and %(latest)s.")
    for name, value, years in (
        ("valid_from", valid_from, MEMBERSHIP_START_YEARS_AHEAD),
        ("valid_to", valid_to, MEMBERSHIP_END_YEARS_AHEAD),
    ):
        latest = _years_after(today, years)
        if value is not None and not EARLIEST_MEMBERSHIP_DATE <= value <= latest:
            fields[name] = [message % {"earliest": EARLIEST_MEMBERSHIP_DATE.isoformat(), "latest": latest.isoformat()}]
    if fields:
        raise ApplicationError(
            "membership_date_out_of_range", _("A membership date is out of the accepted range."), fields=fields
        )


class MembershipRefused(ApplicationError):
    """A role-administration rule (三员分立) refused a grant or an end: 403 with a stable code. ``facts`` is what the
    refusal's audit event records (see membership_refusal_record)."""

    status_code = 403

    def __init__(self, code: str, message, *, facts: dict, organisation: Organisation):
        super().__init__(code, message)
        self.facts = {"code": code, **facts}
        self.organisation = organisation


def membership_authority_check(
    *,
    actor: User | None,
    user: User | None,
    organisation: Organisation,
    role: str,
    membership: Membership | None = None,
) -> None:
    """May ``actor`` grant ``role`` in ``organisation`` to ``user`` (or end ``membership``)? Raises MembershipRefused.

    - nobody grants or ends a membership of their own, whatever the role (a superuser neither);
    - the security roles (roles.SECURITY_ROLES: auditor, security administrator) only a holder of
      manage_security_roles at or above the organisation, or a superuser;
    - every other role only a holder of manage_members at or above it, or a superuser: the security
      administrator is not an organisation administrator.
    ``actor`` None is the system itself (demo data, ``manage.py import_org``, the periodic sync): no rule applies.
    ``user`` None is a person the same request creates (an import): never the actor.
    """
    from accounts.permissions import perms_in_chain

    if actor is None:
        return
    ending = membership is not None
    facts = {
        "action": "membership_end_refused" if ending else "membership_grant_refused",
        "user": user.pk if user is not None else None,
        "role": role,
        "membership": membership.pk if membership is not None else None,
    }
    if user is not None and user.pk == actor.pk:
        raise MembershipRefused(
            "membership_self_end" if ending else "membership_self_grant",
            _("Nobody grants or ends a role of their own: another administrator has to."),
            facts=facts,
            organisation=organisation,
        )
    if actor.is_superuser:
        return
    held = perms_in_chain(actor, organisation)
    if role in SECURITY_ROLES:
        if roles.MANAGE_SECURITY_ROLES not in held:
            raise MembershipRefused(
                "security_role_reserved",
                _("Only a security administrator appoints or ends auditors and security administrators."),
                facts=facts,
                organisation=organisation,
            )
    elif roles.MANAGE_MEMBERS not in held:
        raise MembershipRefused(
            "role_reserved_to_org_admin",
            _("Only an organisation administrator grants or ends this role."),
            facts=facts,
            organisation=organisation,
        )


def membership_refusal_record(refused: MembershipRefused, *, actor: User, ip: str | None = None) -> None:
    """The refused attempt is an audit event, in a transaction of its own: call it where nothing will roll it back
    (a request is not atomic; an import calls it after its own transaction has rolled back)."""
    facts = dict(refused.facts)
    with transaction.atomic():
        audit_record(
            process="admin",
            action=facts.pop("action"),
            actor=actor,
            organisation=refused.organisation,
            business_date=business_today(),
            data=facts,
            ip=ip,
        )


def authorise(*, actor, ip, **what) -> None:
    try:
        membership_authority_check(actor=actor, **what)
    except MembershipRefused as refused:
        membership_refusal_record(refused, actor=actor, ip=ip)
        raise
