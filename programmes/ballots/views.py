"""The vote pages (/programmes/reviews/): the list, a new review or election, a vote's page (organisers open, close
and publish it and name an election's nominees; voters fill the ballot, then see "你已投票" and never their marks
back), the results, the auditors' verification, and a school's 三星 page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.dates import business_today
from core.exceptions import ApplicationError
from core.school_year import school_year_label, school_year_of
from programmes.ballots import selectors, services
from programmes.ballots.access import ORGANISER_RIGHTS, may_read_counts, may_verify, poll_for_user, school_for_user
from programmes.ballots.forms import BallotForm, ElectionForm, NomineesForm, PollForm
from programmes.ballots.models import PollKind, PollStatus


@login_required
def poll_list(request):
    polls = selectors.polls_for(request.user).order_by("-school_year", "-opens", "-pk")[:200]
    context = {"polls": polls, "organises": selectors.organised_branches(request.user).exists()}
    return render(request, "ballots/list.html", context)


@login_required
def poll_new(request, kind: str):
    branches = selectors.organised_branches(request.user)
    if not branches.exists():
        raise PermissionDenied
    form_class = ElectionForm if kind == PollKind.ELECTION else PollForm
    form = form_class(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if kind == PollKind.ELECTION:
                poll = services.election_create(actor=request.user, **data)
            else:
                poll = services.review_create(actor=request.user, **data)
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            return redirect("programmes-ballots-poll", poll.pk)
    context = {"form": form, "kind": PollKind(kind)}
    return render(request, "ballots/new.html", context, status=422 if request.method == "POST" else 200)


def _poll_context(request, poll, *, ballot=None, nominees=None) -> dict:
    from accounts.permissions import perms_in_chain

    held = perms_in_chain(request.user, poll.organisation)
    organises = bool(ORGANISER_RIGHTS & held)
    voted = selectors.has_voted(request.user, poll)
    context = {
        "poll": poll,
        "organises": organises,
        "voted": voted,
        "candidates": poll.candidates.select_related("person"),
        "turnout": selectors.turnout(poll) if poll.status != PollStatus.DRAFT else None,
        "counts": may_read_counts(request.user, poll, held),
        "verifies": may_verify(request.user, poll, held),
    }
    if poll.status == PollStatus.OPEN and voted is False:
        context["ballot"] = ballot or BallotForm(poll=poll)
    if organises and poll.status == PollStatus.DRAFT and poll.kind == PollKind.ELECTION:
        members = selectors.branch_members(poll.organisation, business_today())
        initial = {"nominees": list(poll.candidates.values_list("person_id", flat=True))}
        context["nominees"] = nominees or NomineesForm(initial=initial, members=members)
    return context


@login_required
def poll_page(request, pk: int):
    poll = poll_for_user(request.user, pk)
    return render(request, "ballots/poll.html", _poll_context(request, poll))


@login_required
@require_POST
def poll_cast(request, pk: int):
    poll = poll_for_user(request.user, pk)
    if selectors.has_voted(request.user, poll) is None:  # not a voter here: nothing to validate
        raise PermissionDenied
    form = BallotForm(request.POST, poll=poll)
    if form.is_valid():
        try:
            services.ballot_cast(actor=request.user, poll=poll, marks=form.marks())
        except ApplicationError as error:
            if error.status_code == 403:
                raise PermissionDenied from error
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Your ballot has been cast. Nobody can see how you voted."))
            return redirect("programmes-ballots-poll", poll.pk)
    return render(request, "ballots/poll.html", _poll_context(request, poll, ballot=form), status=422)


@login_required
@require_POST
def poll_nominees(request, pk: int):
    poll = poll_for_user(request.user, pk, organise=True)
    members = selectors.branch_members(poll.organisation, business_today())
    form = NomineesForm(request.POST, members=members)
    if form.is_valid():
        try:
            services.election_nominees_set(actor=request.user, poll=poll, nominees=list(form.cleaned_data["nominees"]))
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Nominees saved."))
            return redirect("programmes-ballots-poll", poll.pk)
    return render(request, "ballots/poll.html", _poll_context(request, poll, nominees=form), status=422)


STEPS = {
    "open": (services.poll_open, gettext_lazy("Voting is open.")),
    "close": (services.poll_close, gettext_lazy("Voting is closed and counted.")),
    "publish": (services.poll_publish, gettext_lazy("The results are published to the branch.")),
}


@login_required
@require_POST
def poll_step(request, pk: int, step: str):
    poll = poll_for_user(request.user, pk, organise=True)
    service, done = STEPS[step]
    try:
        service(actor=request.user, poll=poll)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, str(done))
    return redirect("programmes-ballots-poll", poll.pk)


@login_required
def poll_results(request, pk: int):
    poll = poll_for_user(request.user, pk, counts=True)
    return render(request, "ballots/results.html", {"poll": poll, "results": selectors.results(poll)})


@login_required
def poll_verify(request, pk: int):
    poll = poll_for_user(request.user, pk, verify=True)
    checked = selectors.verification(poll) if poll.closed_at else None
    return render(request, "ballots/verify.html", {"poll": poll, "check": checked})


@login_required
def stars_page(request, pk: int):
    school = school_for_user(request.user, pk)
    this_year = school_year_of(business_today())
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= this_year + 1 else this_year
    context = {
        "school": school,
        "year": year,
        "year_label": school_year_label(year),
        "years": [(y, school_year_label(y)) for y in range(this_year, this_year - 4, -1)],
        "holders": selectors.star_holders(school, year),
        "startable": selectors.may_start_stars(request.user, business_today()),
    }
    return render(request, "ballots/stars.html", context)
