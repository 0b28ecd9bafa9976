"""Writes for people, organisations and memberships.

This module is the only place that grants or revokes django-guardian object
permissions. Grants follow memberships: a membership active today grants its
role's permissions (accounts.roles) on its organisation; when it ends or has
not started, they are withdrawn unless another active membership of the same
person on the same organisation still grants them.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from accounts.contact import normalise_email, normalise_phone
from accounts.identity import validate_id_number
from accounts.models import (
    ALLOWED_PARENT_KINDS,
    Membership,
    Organisation,
    OrganisationKind,
    PartyStanding,
    User,
)
from accounts.role_rules import authorise, membership_dates_check
from accounts.roles import Role, permissions_for_roles
from audit.services import actor_organisation, audit_record
from core.dates import business_today
from core.exceptions import ApplicationError


def _full_clean(instance, *, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        fields = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        raise ApplicationError("invalid", _("The input is not valid."), fields=fields) from None


def user_create(
    *,
    username: str,
    real_name: str,
    password: str | None = None,
    gender: str = "",
    birth_date: datetime.date | None = None,
    ethnic_group: str = "",
    id_number: str | None = None,
    phone: str = "",
    email: str = "",
    party_standing: str = PartyStanding.NON_MEMBER,
    party_standing_since: datetime.date | None = None,
    party_watch_until: datetime.date | None = None,
    is_staff: bool = False,
) -> User:
    if id_number:
        id_number = validate_id_number(id_number, birth_date=birth_date, gender=gender or None, today=business_today())
    _party_dates_check(party_standing, party_standing_since, party_watch_until)
    phone, email = normalise_phone(phone), normalise_email(email)
    if User.objects.filter(username=username).exists():
        raise ApplicationError(
            "username_taken",
            _("This login name is already taken; choose another."),
            fields={"username": [_("This login name is already taken; choose another.")]},
        )
    _id_number_free(id_number, user=None)
    user = User(
        username=username,
        real_name=real_name,
        gender=gender,
        birth_date=birth_date,
        ethnic_group=ethnic_group,
        id_number=id_number or None,
        phone=phone,
        email=email,
        party_standing=party_standing,
        party_standing_since=party_standing_since,
        party_watch_until=party_watch_until,
        is_staff=is_staff,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    _full_clean(user, exclude=["password"])
    user.save()
    return user


def _party_dates_check(standing: str, since: datetime.date | None, watch_until: datetime.date | None) -> None:
    if standing == PartyStanding.NON_MEMBER and (since or watch_until):
        raise ApplicationError("party_standing_dates", _("A person who is not a party member has no party dates."))


def _id_number_free(id_number: str | None, *, user: User | None) -> None:
    """Refuse an ID number someone else already has, without saying whose (the administrator may not reach them)."""
    others = User.objects.filter(id_number=id_number)
    if user is not None:
        others = others.exclude(pk=user.pk)
    if id_number and others.exists():
        message = _("This ID number is already registered; check it.")
        raise ApplicationError("id_number_taken", message, fields={"id_number": [message]})


def organisation_kind_check(
    *,
    kind: str,
    parent: Organisation | None,
    community_type: str = "",
    is_core_school: bool = False,
    has_approval_authority: bool = False,
) -> None:
    parent_kind = parent.kind if parent is not None else None
    if parent_kind not in ALLOWED_PARENT_KINDS[kind]:
        raise ApplicationError(
            "organisation_parent_kind",
            _("A %(kind)s cannot be placed under %(parent)s.")
            % {"kind": OrganisationKind(kind).label, "parent": parent.name if parent else _("the top level")},
        )
    if (kind == OrganisationKind.COMMUNITY) != bool(community_type):
        raise ApplicationError("community_type", _("A community needs a type, and only a community has one."))
    if is_core_school and (kind != OrganisationKind.SCHOOL or parent_kind != OrganisationKind.COMMUNITY):
        raise ApplicationError("core_school_placement", _("Only a school inside a community can be its core school."))
    if has_approval_authority and kind != OrganisationKind.PARTY_COMMITTEE:
        raise ApplicationError("approval_authority_kind", _("Only a party committee can have approval authority."))


@transaction.atomic
def organisation_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Organisation | None = None,
    community_type: str = "",
    is_core_school: bool = False,
    has_approval_authority: bool = False,
) -> Organisation:
    organisation_kind_check(
        kind=kind,
        parent=parent,
        community_type=community_type,
        is_core_school=is_core_school,
        has_approval_authority=has_approval_authority,
    )
    if Organisation.objects.filter(code=code).exists():
        raise ApplicationError("organisation_code_taken", _("Another organisation already uses this code."))
    if is_core_school:
        parent = Organisation.objects.select_for_update().get(pk=parent.pk)
        if Organisation.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1, is_core_school=True
        ).exists():
            raise ApplicationError("core_school_taken", _("This community already has a core school."))
    fields = {
        "code": code,
        "name": name,
        "kind": kind,
        "community_type": community_type,
        "is_core_school": is_core_school,
        "has_approval_authority": has_approval_authority,
    }
    _full_clean(Organisation(**fields, path="0000", depth=1), exclude=["path", "depth", "numchild"])
    if parent is None:
        return Organisation.objects.add_root(create_kwargs=fields)
    return Organisation.objects.add_child(Organisation.objects.get(pk=parent.pk), create_kwargs=fields)


def _organisation_ct() -> ContentType:
    return ContentType.objects.get_for_model(Organisation)


def _apply_permissions(user: User, organisation: Organisation, today: datetime.date) -> None:
    """Make the user's guardian grants on this organisation equal what their active memberships give."""
    active = Membership.objects.active_on(today).filter(user=user, organisation=organisation)
    wanted = permissions_for_roles(active.values_list("role", flat=True))
    held = set(
        UserObjectPermission.objects.filter(
            user=user, content_type=_organisation_ct(), object_pk=str(organisation.pk)
        ).values_list("permission__codename", flat=True)
    )
    for codename in wanted - held:
        assign_perm(f"accounts.{codename}", user, organisation)
    for codename in held - wanted:
        remove_perm(f"accounts.{codename}", user, organisation)
    Membership.objects.filter(user=user, organisation=organisation).update(permissions_applied=False)
    active.update(permissions_applied=True)


def membership_grant_check(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    today: datetime.date | None = None,
) -> None:
    if role not in Role.values:
        raise ApplicationError("role_unknown", _("Unknown role."), fields={"role": [_("Unknown role.")]})
    if valid_to is not None and valid_to < valid_from:
        raise ApplicationError("date_order", _("The end date is before the start date."))
    membership_dates_check(valid_from=valid_from, valid_to=valid_to, today=today or business_today())
    overlapping = Membership.objects.filter(
        user=user, organisation=organisation, role=role, valid_from__lte=valid_to or datetime.date.max
    ).exclude(valid_to__lt=valid_from)
    if overlapping.exists():
        raise ApplicationError(
            "membership_overlap", _("This person already holds this role here for part of that period.")
        )


def membership_grant(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    today: datetime.date | None = None,
    actor: User | None = None,
    ip: str | None = None,
) -> Membership:
    """Grant ``role``; ``actor`` is who asks (None: the system). A refusal by the role-administration rules is
    recorded before the grant's transaction opens, so that it stays when the request fails."""
    today = today or business_today()
    authorise(actor=actor, ip=ip, user=user, organisation=organisation, role=role)
    return _membership_grant(
        user=user,
        organisation=organisation,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        today=today,
        actor=actor,
    )


@transaction.atomic
def _membership_grant(*, user, organisation, role, valid_from, valid_to, today, actor) -> Membership:
    membership_grant_check(
        user=user, organisation=organisation, role=role, valid_from=valid_from, valid_to=valid_to, today=today
    )
    membership = Membership(user=user, organisation=organisation, role=role, valid_from=valid_from, valid_to=valid_to)
    _full_clean(membership)
    membership.save()
    _apply_permissions(user, organisation, today)
    _audit_membership("membership_grant", membership, actor, today)
    return membership


def _audit_membership(action: str, membership: Membership, actor: User | None, today: datetime.date) -> None:
    audit_record(
        process="admin",
        action=action,
        actor=actor,
        organisation=membership.organisation,
        business_date=today,
        data={
            "membership": membership.pk,
            "user": membership.user_id,
            "role": membership.role,
            "valid_from": membership.valid_from,
            "valid_to": membership.valid_to,
        },
    )


def membership_end(
    *,
    membership: Membership,
    valid_to: datetime.date,
    today: datetime.date | None = None,
    actor: User | None = None,
    ip: str | None = None,
) -> Membership:
    """End a membership on ``valid_to`` (inclusive); grants go at once if that day is already past. The same
    role-administration rules as for a grant (a refusal is recorded, see membership_grant)."""
    today = today or business_today()
    authorise(
        actor=actor,
        ip=ip,
        user=membership.user,
        organisation=membership.organisation,
        role=membership.role,
        membership=membership,
    )
    return _membership_end(membership=membership, valid_to=valid_to, today=today, actor=actor)


@transaction.atomic
def _membership_end(*, membership: Membership, valid_to: datetime.date, today: datetime.date, actor) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if valid_to < membership.valid_from:
        raise ApplicationError("date_order", _("The end date is before the start date."))
    membership_dates_check(valid_from=None, valid_to=valid_to, today=today)
    if membership.valid_to is not None and membership.valid_to < today:
        raise ApplicationError("membership_already_ended", _("This membership has already ended."), status=409)
    membership.valid_to = valid_to
    membership.save(update_fields=["valid_to"])
    _apply_permissions(membership.user, membership.organisation, today)
    _audit_membership("membership_end", membership, actor, today)
    return membership


def memberships_sync(*, today: datetime.date | None = None) -> int:
    """Apply grants for memberships that started and revoke those that ended. Idempotent; returns pairs fixed."""
    today = today or business_today()
    active_ids = Membership.objects.active_on(today).values("pk")
    stale = Membership.objects.filter(permissions_applied=True).exclude(pk__in=active_ids)
    fresh = Membership.objects.filter(permissions_applied=False, pk__in=active_ids)
    pairs = set(stale.values_list("user_id", "organisation_id")) | set(fresh.values_list("user_id", "organisation_id"))
    for user_id, organisation_id in sorted(pairs):
        with transaction.atomic():
            _apply_permissions(User(pk=user_id), Organisation(pk=organisation_id), today)
            audit_record(
                process="admin",
                action="permissions_sync",
                actor=None,
                business_date=today,
                data={"user": user_id, "organisation": organisation_id},
            )
    return len(pairs)


@transaction.atomic
def identity_read_record(*, reader: User, organisation: Organisation, people: list[int], ip=None) -> None:
    """Unmasked ID numbers were shown: a sensitive read, recorded like an action (issue 7, DOMAIN §7)."""
    if people:
        audit_record(
            process="admin",
            action="read_identity",
            actor=reader,
            organisation=organisation,
            business_date=business_today(),
            data={"people": sorted(set(people))},
            ip=ip,
        )


def password_change(*, user: User, password: str | None, actor: User | None, ip: str | None = None) -> User:
    """Every change of a password goes through here: the person's own (``password_change``) or one set by an
    administrator (``password_set``; ``password=None`` disables password sign-in). The person's API tokens are
    revoked with it and, once committed, all their websockets close (issue #15 items 11, 12, 16). Their other
    sessions end by themselves: the session's auth hash no longer matches."""
    from accounts.tokens import tokens_revoke_all
    from notifications.consumers import sockets_close_for_user

    with transaction.atomic():
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save(update_fields=["password"])
        revoked = tokens_revoke_all(user=user)
        audit_record(
            process="admin",
            action="password_change" if actor is not None and actor.pk == user.pk else "password_set",
            actor=actor,
            organisation=actor_organisation(user),  # the person's: their auditors see who set their password
            business_date=business_today(),
            data={"subject": user.pk, "usable": password is not None, "tokens_revoked": revoked},
            ip=ip,
        )
        transaction.on_commit(lambda: sockets_close_for_user(user.pk), robust=True)
    return user
