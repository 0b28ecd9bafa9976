"""The access helper for party cases: 404 to anyone who may not see the case."""

from django.http import Http404

from workflows.party.models import PartyCase
from workflows.party.selectors import cases_visible_to


def party_case_for_user(user, pk) -> PartyCase:
    try:
        return cases_visible_to(user).select_related("person", "branch", "rule_set").get(pk=pk)
    except (PartyCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
