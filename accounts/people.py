"""An administrator's writes on a person (issue 17 item 2): add (with a first role), edit, deactivate, reactivate.

Each runs the rules first, then writes and records its audit event in one transaction. A change to the person as a
whole (their record, their access, whether they may sign in) needs authority over every role they hold today
(person_authority_check): otherwise an administrator of one school could take over, through a printed activation
link, the account of someone who is also an auditor or an administrator elsewhere.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.contact import normalise_email, normalise_phone
from accounts.identity import mask_id_number, validate_id_number
from accounts.models import Activation, Membership, Organisation, User
from accounts.role_rules import authorise
from accounts.services import _full_clean, _id_number_free, _membership_grant, _party_dates_check, user_create
from audit.services import actor_organisation, audit_record
from core.dates import business_today
from core.exceptions import ApplicationError

# What an administrator may change on a person's record (not the login name, not the password).
EDITABLE = (
    "real_name",
    "gender",
    "birth_date",
    "ethnic_group",
    "id_number",
    "phone",
    "email",
    "party_standing",
    "party_standing_since",
    "party_watch_until",
)


class PersonRefused(ApplicationError):
    status_code = 403


def person_authority_check(*, actor: User | None, person: User, today: datetime.date | None = None) -> None:
    """May ``actor`` change ``person`` as a whole? Nobody administers themselves here (their own password has its
    own page); a superuser only by a superuser; otherwise the actor needs, for every role the person holds today,
    the right to grant that role there (manage_security_roles for the security roles, manage_members for the rest).
    ``actor`` None is the system."""
    from accounts.permissions import perms_in_chain

    if actor is None:
        return
    if actor.pk == person.pk:
        raise PersonRefused(
            "person_self", _("Nobody administers their own account here: another administrator has to.")
        )
    if actor.is_superuser:
        return
    beyond = PersonRefused(
        "person_beyond_reach",
        _("%(name)s also holds roles you do not administer: an administrator responsible for them has to do this.")
        % {"name": person.real_name},
    )
    if person.is_superuser:
        raise beyond
    held: dict[int, set[str]] = {}
    for membership in (
        Membership.objects.active_on(today or business_today()).filter(user=person).select_related("organisation")
    ):
        if membership.organisation_id not in held:
            held[membership.organisation_id] = perms_in_chain(actor, membership.organisation)
        needed = roles.MANAGE_SECURITY_ROLES if membership.role in roles.SECURITY_ROLES else roles.MANAGE_MEMBERS
        if needed not in held[membership.organisation_id]:
            raise beyond


def person_authorise(*, actor: User | None, person: User, action: str, ip: str | None = None) -> None:
    """person_authority_check, and a refusal recorded as an audit event (``person_refused``, naming the attempted
    ``action``) in a transaction of its own before it is raised: the attempt leaves a trace and changes nothing."""
    try:
        person_authority_check(actor=actor, person=person)
    except PersonRefused as refused:
        today = business_today()
        with transaction.atomic():
            audit_record(
                process="admin",
                action="person_refused",
                actor=actor,
                organisation=actor_organisation(person, on=today),
                business_date=today,
                data={"subject": person.pk, "attempted": action, "code": refused.code},
                ip=ip,
            )
        raise


def person_add(
    *,
    actor: User | None,
    organisation: Organisation,
    role: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    ip: str | None = None,
    **fields,
) -> User:
    """A new person with their first role (without one nobody would reach them). No password: they set their own
    through an activation link (accounts.activation). The role is checked like any grant (a refusal is recorded)."""
    today = business_today()
    authorise(actor=actor, ip=ip, user=None, organisation=organisation, role=role)
    with transaction.atomic():
        person = user_create(**fields)
        membership = _membership_grant(
            user=person,
            organisation=organisation,
            role=role,
            valid_from=valid_from,
            valid_to=valid_to,
            today=today,
            actor=actor,
        )
        audit_record(
            process="admin",
            action="person_create",
            actor=actor,
            organisation=organisation,
            business_date=today,
            data={
                "subject": person.pk,
                "username": person.username,
                "id_number": mask_id_number(person.id_number or ""),
                "membership": membership.pk,
            },
            ip=ip,
        )
    return person


def person_update(*, actor: User | None, person: User, ip: str | None = None, **changes) -> User:
    """Change fields of EDITABLE; ``id_number`` None (or absent) keeps the number on record. Records which fields
    changed (not their values: the trail is read by auditors, the record by those who may)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"person_update: not editable: {sorted(unknown)}")
    if changes.get("id_number") is None:
        changes.pop("id_number", None)
    person_authorise(actor=actor, person=person, action="person_update", ip=ip)
    today = business_today()
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        merged = {name: changes.get(name, getattr(person, name)) for name in EDITABLE}
        if merged["id_number"]:
            merged["id_number"] = validate_id_number(
                merged["id_number"], birth_date=merged["birth_date"], gender=merged["gender"] or None, today=today
            )
        _id_number_free(merged["id_number"], user=person)
        _party_dates_check(merged["party_standing"], merged["party_standing_since"], merged["party_watch_until"])
        merged["phone"], merged["email"] = normalise_phone(merged["phone"]), normalise_email(merged["email"])
        merged["id_number"] = merged["id_number"] or None
        changed = sorted(name for name in EDITABLE if getattr(person, name) != merged[name])
        if not changed:
            return person
        for name in changed:
            setattr(person, name, merged[name])
        _full_clean(person, exclude=["password"])
        person.save(update_fields=changed)
        audit_record(
            process="admin",
            action="person_update",
            actor=actor,
            organisation=actor_organisation(person, on=today),
            business_date=today,
            data={"subject": person.pk, "fields": changed},
            ip=ip,
        )
    return person


def person_deactivate(*, actor: User | None, person: User, ip: str | None = None) -> User:
    """The person can no longer sign in: their sessions end (Django refuses an inactive user's session), their API
    tokens and open activation links are revoked and, once committed, their websockets close. Roles stay as they
    are (an inactive person holds no rights through them) so that reactivation restores them."""
    from accounts.tokens import tokens_revoke_all
    from notifications.consumers import sockets_close_for_user

    return _set_active(
        actor=actor,
        person=person,
        ip=ip,
        active=False,
        revoke=lambda user: {
            "tokens_revoked": tokens_revoke_all(user=user),
            "links_revoked": Activation.objects.revoke_open(user),
        },
        after=lambda user: transaction.on_commit(lambda: sockets_close_for_user(user.pk), robust=True),
    )


def person_reactivate(*, actor: User | None, person: User, ip: str | None = None) -> User:
    """The person may sign in again with their password, or set one through a new activation link."""
    return _set_active(actor=actor, person=person, ip=ip, active=True)


def _set_active(*, actor, person, ip, active: bool, revoke=None, after=None) -> User:
    person_authorise(actor=actor, person=person, action="person_reactivate" if active else "person_deactivate", ip=ip)
    today = business_today()
    with transaction.atomic():
        # A conditional update: of two administrators pressing the button at once, one changes it, one is told.
        if not User.objects.filter(pk=person.pk, is_active=not active).update(is_active=active):
            if active:
                raise ApplicationError("person_already_active", _("This person is already active."), status=409)
            raise ApplicationError("person_already_inactive", _("This person is already deactivated."), status=409)
        person.is_active = active
        facts = revoke(person) if revoke is not None else {}
        audit_record(
            process="admin",
            action="person_reactivate" if active else "person_deactivate",
            actor=actor,
            organisation=actor_organisation(person, on=today),
            business_date=today,
            data={"subject": person.pk, **facts},
            ip=ip,
        )
        if after is not None:
            after(person)
    return person


def person_identity_reveal(*, reader: User, person: User, ip: str | None = None) -> str:
    """The person's whole ID number, for a reader who holds view_identity where the person holds (or held) a role:
    a deliberate read, recorded as ``read_identity`` in the organisation it was allowed through. Anyone else is
    refused (403), and the refused attempt is recorded too."""
    from accounts.permissions import identity_organisation

    organisation = identity_organisation(reader, person)
    today = business_today()
    with transaction.atomic():
        if organisation is None:
            audit_record(
                process="admin",
                action="person_refused",
                actor=reader,
                organisation=actor_organisation(person, on=today),
                business_date=today,
                data={"subject": person.pk, "attempted": "read_identity", "code": "identity_not_allowed"},
                ip=ip,
            )
        else:
            audit_record(
                process="admin",
                action="read_identity",
                actor=reader,
                organisation=organisation,
                business_date=today,
                data={"people": [person.pk]},
                ip=ip,
            )
    if organisation is None:
        raise PersonRefused("identity_not_allowed", _("You may not see this person's whole ID number."))
    return person.id_number or ""
