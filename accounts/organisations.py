"""An administrator's writes on the organisation tree (issue 17 item 2, for the people API of an HR system): add an
organisation under one they administer, change one. The same rule as the roster import page: an organisation is
created and changed only by a holder of manage_members above it (at or above its parent; a top-level organisation only
by a superuser), so nobody widens the organisation they administer themselves (its approval authority, its kind of
community). Each runs the rules, then writes and records its audit event in one transaction; a refused attempt is
recorded in a transaction of its own and changes nothing."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import roles, selectors
from accounts.models import Organisation, User
from accounts.services import _full_clean, organisation_create, organisation_kind_check
from audit.services import actor_organisation, audit_record
from core.dates import business_today
from core.exceptions import ApplicationError

# What may change on an organisation (not its place in the tree, not its kind: those would rewrite the subtree's
# rights and cases).
EDITABLE = ("code", "name", "community_type", "is_core_school", "has_approval_authority")


class OrganisationRefused(ApplicationError):
    status_code = 403


def organisation_authority_check(
    *, actor: User | None, parent: Organisation | None, action: str, subject=None, ip=None
) -> None:
    """May ``actor`` add an organisation under ``parent`` (None: at the top), or change one whose parent it is?
    ``actor`` None is the system. A refusal is an audit event (``organisation_refused``) before it is raised."""
    from accounts.permissions import has_org_perm

    if actor is None or actor.is_superuser:
        return
    if parent is not None and has_org_perm(actor, roles.MANAGE_MEMBERS, parent):
        return
    code = "organisation_reserved"
    with transaction.atomic():
        audit_record(
            process="admin",
            action="organisation_refused",
            actor=actor,
            organisation=parent or actor_organisation(actor),
            business_date=business_today(),
            data={"attempted": action, "subject": subject, "parent": parent.pk if parent else None, "code": code},
            ip=ip,
        )
    raise OrganisationRefused(
        code, _("Only an organisation administrator above it creates or changes an organisation.")
    )


def organisation_add(
    *, actor: User | None, parent: Organisation | None, ip: str | None = None, **fields
) -> Organisation:
    """A new organisation under ``parent``, through accounts.services.organisation_create (the tree's rules)."""
    organisation_authority_check(actor=actor, parent=parent, action="organisation_create", ip=ip)
    with transaction.atomic():
        organisation = organisation_create(parent=parent, **fields)
        audit_record(
            process="admin",
            action="organisation_create",
            actor=actor,
            organisation=organisation,
            business_date=business_today(),
            data={
                "subject": organisation.pk,
                "parent": parent.pk if parent else None,
                **{name: getattr(organisation, name) for name in ("kind", *EDITABLE)},
            },
            ip=ip,
        )
    return organisation


def organisation_update(
    *, actor: User | None, organisation: Organisation, ip: str | None = None, **changes
) -> Organisation:
    """Change fields of EDITABLE; records each changed field's value before and after."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"organisation_update: not editable: {sorted(unknown)}")
    parent = selectors.organisation_parent(organisation)
    organisation_authority_check(
        actor=actor, parent=parent, action="organisation_update", subject=organisation.pk, ip=ip
    )
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        merged = {name: changes.get(name, getattr(organisation, name)) for name in EDITABLE}
        organisation_kind_check(
            kind=organisation.kind,
            parent=parent,
            community_type=merged["community_type"],
            is_core_school=merged["is_core_school"],
            has_approval_authority=merged["has_approval_authority"],
        )
        if Organisation.objects.filter(code=merged["code"]).exclude(pk=organisation.pk).exists():
            raise ApplicationError("organisation_code_taken", _("Another organisation already uses this code."))
        if merged["is_core_school"] and not organisation.is_core_school:
            Organisation.objects.select_for_update().get(pk=parent.pk)  # two schools made core at once: one wins
            siblings = selectors.organisation_children(parent).filter(is_core_school=True)
            if siblings.exclude(pk=organisation.pk).exists():
                raise ApplicationError("core_school_taken", _("This community already has a core school."))
        changed = sorted(name for name in EDITABLE if getattr(organisation, name) != merged[name])
        if not changed:
            return organisation
        before = {name: getattr(organisation, name) for name in changed}
        for name in changed:
            setattr(organisation, name, merged[name])
        _full_clean(organisation, exclude=["path", "depth", "numchild"])
        organisation.save(update_fields=changed)
        audit_record(
            process="admin",
            action="organisation_update",
            actor=actor,
            organisation=organisation,
            business_date=business_today(),
            data={"subject": organisation.pk, "before": before, "after": {name: merged[name] for name in changed}},
            ip=ip,
        )
    return organisation
