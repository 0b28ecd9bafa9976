"""Who uses the programmes' dashboard, and over which organisations.

- the organisations offered: bureaus, communities, schools and branches where the person reads the baseline
  (programmes.baseline.access: see_cases, manage_members, handle_party_work or organise_evaluation there or above;
  a branch's party staff read their school) or oversees programmes (programmes.records.access.may_oversee: organisers
  and whoever sees cases there or above);
- the programmes counted: those of the chosen organisation's subtree that the person oversees, of the school year;
- the baseline and the 三星 awards: of the chosen school or county, or for a branch the school above it, when the
  person reads it.

404 to whoever sees none of these organisations, and for an organisation not among them.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Organisation, OrganisationKind
from accounts.permissions import ancestor_paths, subtree_q
from accounts.roles import SEE_CASES
from programmes.baseline.access import Reach, reach_of
from programmes.models import Programme
from programmes.records.access import organised_q

KINDS = (OrganisationKind.BUREAU, OrganisationKind.COMMUNITY, OrganisationKind.SCHOOL, OrganisationKind.BRANCH)
MAX_CHOICES = 300


def oversee_q(user, path_field: str) -> Q:
    """Rows in a subtree where the user oversees programmes (records.access.may_oversee, as a filter)."""
    return organised_q(user, path_field) | subtree_q(user, SEE_CASES, path_field)


def organisations_for(user, reach: Reach | None = None) -> QuerySet[Organisation]:
    if not (user.is_authenticated and user.is_active):
        return Organisation.objects.none()
    reach = reach or reach_of(user)
    seen = reach.read_q() | reach.schools_q() | oversee_q(user, "path")
    return Organisation.objects.filter(seen, kind__in=KINDS).order_by("path")


@dataclass
class Place:
    """What the dashboard shows: the organisation chosen, the school or county whose baseline and awards it shows
    (None when the person reads neither), and the filter of the programmes it counts."""

    organisation: Organisation
    choices: list[Organisation]
    baseline: Organisation | None
    programmes: QuerySet[Programme]


def place_for_user(user, org) -> Place:
    """The chosen organisation (``org``: its id; the first offered when empty); 404 when none is offered or it is
    not among them."""
    reach = reach_of(user)
    choices = list(organisations_for(user, reach)[:MAX_CHOICES])
    if not choices:
        raise Http404
    if org in (None, ""):
        chosen = choices[0]
    else:
        chosen = next((o for o in choices if str(o.pk) == str(org)), None)
        if chosen is None:
            found = Organisation.objects.filter(pk=org).first() if str(org).isdigit() else None
            # Beyond the first MAX_CHOICES: still offered when the person reaches it.
            if (
                found is None
                or found.kind not in KINDS
                or not organisations_for(user, reach).filter(pk=found.pk).exists()
            ):
                raise Http404
            chosen = found
    return Place(chosen, choices, _baseline_of(chosen, reach), _programmes_in(user, chosen))


def _baseline_of(organisation: Organisation, reach: Reach) -> Organisation | None:
    if organisation.kind == OrganisationKind.BRANCH:
        paths = ancestor_paths(organisation.path)
        school = Organisation.objects.filter(path__in=paths, kind=OrganisationKind.SCHOOL).first()
        return school if school is not None and reach.reads(school) else None
    return organisation if reach.reads(organisation) else None


def _programmes_in(user, organisation: Organisation) -> QuerySet[Programme]:
    return Programme.objects.filter(
        oversee_q(user, "organisation__path"), organisation__path__startswith=organisation.path
    ).select_related("organisation")
