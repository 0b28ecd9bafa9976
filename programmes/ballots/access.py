"""The access helpers of votes (民主评议 and 评选表彰) and of a school's 三星 page.

- sees a vote (its page, the list): whoever belongs to its branch or an organisation above it (``view_org`` there),
  and its candidates and voters;
- organises it (create, nominees, open, close, publish): holders of ``handle_party_work`` or ``decide_branch`` on the
  branch or above (the secretary, the organisation member, the branch committee);
- votes: its voters, while it is open (the services refuse anyone else with a stable code);
- reads its counts: once published, the branch (its candidates and voters), its organisers and whoever oversees the
  branch (``see_cases`` or ``view_audit`` there or above: the party committee, the school's and bureau's overseers);
  once closed and not yet published, its organisers and the auditors (``view_audit``) only;
- verifies it (recount against the stored tallies): holders of ``view_audit`` on the branch or above.

404 to whoever does not see it, 403 to whoever sees it and lacks the right.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Membership, Organisation, OrganisationKind
from accounts.permissions import perms_in_chain
from accounts.roles import DECIDE_BRANCH, HANDLE_PARTY_WORK, SEE_CASES, VIEW, VIEW_AUDIT
from core.dates import business_today
from programmes.ballots.models import Candidate, Poll, PollStatus, Voter

ORGANISER_RIGHTS = frozenset({HANDLE_PARTY_WORK, DECIDE_BRANCH})


def may_organise_in(user, organisation: Organisation) -> bool:
    return bool(ORGANISER_RIGHTS & perms_in_chain(user, organisation))


def takes_part(user, poll: Poll) -> bool:
    return (
        Voter.objects.filter(poll=poll, person=user).exists()
        or Candidate.objects.filter(poll=poll, person=user).exists()
    )


def may_see(user, poll: Poll, held: set[str] | None = None) -> bool:
    if not user.is_authenticated:
        return False
    held = perms_in_chain(user, poll.organisation) if held is None else held
    return VIEW in held or bool(ORGANISER_RIGHTS & held) or takes_part(user, poll)


def may_read_counts(user, poll: Poll, held: set[str] | None = None) -> bool:
    held = perms_in_chain(user, poll.organisation) if held is None else held
    if poll.status == PollStatus.PUBLISHED:
        return bool((ORGANISER_RIGHTS | {SEE_CASES, VIEW_AUDIT}) & held) or takes_part(user, poll)
    if poll.status == PollStatus.CLOSED:
        return bool((ORGANISER_RIGHTS | {VIEW_AUDIT}) & held)
    return False


def may_verify(user, poll: Poll, held: set[str] | None = None) -> bool:
    held = perms_in_chain(user, poll.organisation) if held is None else held
    return VIEW_AUDIT in held


def poll_for_user(user, pk, *, organise: bool = False, counts: bool = False, verify: bool = False) -> Poll:
    """The vote, or 404 (may not see it) / 403 (sees it, lacks the right asked for)."""
    poll = Poll.objects.select_related("organisation", "created_by").filter(pk=pk).first()
    if poll is None or not user.is_authenticated:
        raise Http404
    held = perms_in_chain(user, poll.organisation)
    if not may_see(user, poll, held):
        raise Http404
    if organise and not ORGANISER_RIGHTS & held:
        raise PermissionDenied
    if counts and not may_read_counts(user, poll, held):
        raise PermissionDenied
    if verify and not may_verify(user, poll, held):
        raise PermissionDenied
    return poll


def school_for_user(user, pk) -> Organisation:
    """A school whose 三星 page the user may read: one they oversee (view_org there or above) or belong to (a role at
    it or below it: its teachers, its party committee and branches)."""
    school = Organisation.objects.filter(pk=pk, kind=OrganisationKind.SCHOOL).first()
    if school is None or not user.is_authenticated:
        raise Http404
    inside = (
        Membership.objects.active_on(business_today())
        .filter(user=user, organisation__path__startswith=school.path)
        .exists()
    )
    if not inside and VIEW not in perms_in_chain(user, school):
        raise Http404
    return school
