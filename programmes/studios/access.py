"""Who may do what with a studio, and its one access helper.

- organisers of the school's studios (create studios, manage the pools, and everything the lead does): holders of
  ``handle_party_work`` at the school, above it or in a party organisation within it (the 党总支/支部 that runs the
  主题活动 in seed 004), and holders of ``manage_members`` or ``organise_evaluation`` at the school or above it;
- the studio's lead (领衔人) manages its people, plan, agreements, activities, reports and archive;
- its current members and apprentices see all of it (files too) and record the activities they took part in;
- the bureau (``organise_evaluation`` at the school or above) writes and confirms the annual evaluation;
- everyone else of the school (a role at or below it, or ``view_org`` above it) sees the public page: name, lead,
  members and plan, not the files.

404 to whoever does not see the studio, 403 to whoever sees it without the right asked for.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Membership, Organisation, OrganisationKind
from accounts.permissions import granted_roots, perms_in_chain
from accounts.roles import HANDLE_PARTY_WORK, MANAGE_MEMBERS, ORGANISE_EVALUATION, VIEW
from core.dates import business_today
from programmes.studios.models import Studio, StudioPerson, StudioRole

ABOVE_RIGHTS = frozenset({HANDLE_PARTY_WORK, MANAGE_MEMBERS, ORGANISE_EVALUATION})


def _usable(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def may_organise(user, school: Organisation, held: set[str] | None = None) -> bool:
    if not _usable(user):
        return False
    held = perms_in_chain(user, school) if held is None else held
    if ABOVE_RIGHTS & held:
        return True
    if school.kind != OrganisationKind.SCHOOL:  # the bureau's pools: only rights held there or above
        return False
    return any(root.startswith(school.path) for root in granted_roots(user, HANDLE_PARTY_WORK))


def may_evaluate(user, school: Organisation, held: set[str] | None = None) -> bool:
    held = perms_in_chain(user, school) if held is None else held
    return _usable(user) and ORGANISE_EVALUATION in held


def in_school(user, school: Organisation, held: set[str] | None = None) -> bool:
    """Belongs to the school (a current role at or below it) or sees it from above (``view_org``)."""
    if not _usable(user):
        return False
    held = perms_in_chain(user, school) if held is None else held
    if VIEW in held:
        return True
    memberships = Membership.objects.active_on(business_today())
    return memberships.filter(user=user, organisation__path__startswith=school.path).exists()


@dataclass(frozen=True)
class Rights:
    see: bool = False  # the public page
    files: bool = False  # everything, files included
    record: bool = False  # record an activity (members: one they took part in)
    manage: bool = False  # people, plan, agreements, activities, reports, archive files
    organise: bool = False  # the school's organisers (pools, new studios)
    evaluate: bool = False  # the annual evaluation
    bundle: bool = False  # take the archive bundle out
    role: str = ""  # the person's current role in the studio, if any


def rights_of(user, studio: Studio) -> Rights:
    if not _usable(user):
        return Rights()
    school = studio.organisation
    held = perms_in_chain(user, school)
    row = StudioPerson.objects.filter(studio=studio, person=user, left__isnull=True).first()
    role = row.role if row else ""
    lead = studio.lead_id == user.pk
    organise = may_organise(user, school, held)
    evaluate = may_evaluate(user, school, held)
    manage = lead or organise
    files = manage or evaluate or bool(role)
    see = files or in_school(user, school, held)
    return Rights(
        see=see,
        files=files,
        record=manage or role in (StudioRole.MEMBER, StudioRole.APPRENTICE),
        manage=manage,
        organise=organise,
        evaluate=evaluate,
        bundle=manage or evaluate,
        role=role,
    )


def studio_for_user(user, pk, *, right: str = "see") -> tuple[Studio, Rights]:
    """The studio and the user's rights on it: 404 when they do not see it, 403 without ``right``."""
    try:
        studio = Studio.objects.select_related("organisation", "lead").filter(pk=pk).first()
    except (ValueError, TypeError):
        studio = None
    if studio is None:
        raise Http404
    rights = rights_of(user, studio)
    if not rights.see:
        raise Http404
    if not getattr(rights, right):
        raise PermissionDenied
    return studio, rights


def school_for_organiser(user, pk) -> Organisation:
    """A school (or the bureau, for its pools) whose studios the user organises: 404 when they do not see it, 403
    when they see it without organising."""
    organisation = Organisation.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if organisation is None or not in_school(user, organisation):
        raise Http404
    if not may_organise(user, organisation):
        raise PermissionDenied
    return organisation
