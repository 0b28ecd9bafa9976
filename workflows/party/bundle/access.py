"""Who may take a case's archive bundle out: the branch's officers, the committee above and auditors."""

from django.core.exceptions import PermissionDenied

from accounts import roles
from accounts.permissions import perms_in_chain
from workflows.kit.access import case_for_user
from workflows.party.models import PartyCase

# Held on the branch or an ancestor: officers handle the file, the committee receives it (DOMAIN §2.7), and
# auditors check it against the trail.
BUNDLE_PERMS = frozenset({roles.HANDLE_PARTY_WORK, roles.APPROVE_PARTY, roles.VIEW_AUDIT})


def may_export_bundle(user, case: PartyCase) -> bool:
    return bool(BUNDLE_PERMS & perms_in_chain(user, case.branch))


def bundle_case_for_user(user, pk) -> PartyCase:
    """404 to whoever may not see the case, 403 to whoever sees it without the right to export it."""
    case = case_for_user("party", user, pk)
    if not may_export_bundle(user, case):
        raise PermissionDenied
    return case
