"""The pages of pairs (结对), plans and pledges (个人计划, 公开承诺) and responsibility letters (责任书): each loads its
object through the access helpers, validates a form, calls one service and redirects; an invalid form or a refused
input re-renders with status 422."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from core.dates import business_today
from core.exceptions import ApplicationError
from programmes.access import may_organise, may_see
from programmes.commitments import selectors, services
from programmes.commitments.access import (
    letter_for_user,
    pair_for_user,
    pledge_for_user,
    programme_of,
    responsible_for,
)
from programmes.commitments.forms import (
    LetterForm,
    PairEditForm,
    PairEndForm,
    PairForm,
    PledgeNewForm,
    PledgeTextForm,
    ReviewForm,
)
from programmes.commitments.models import PledgeKind, PledgeStatus
from programmes.models import Programme


def _status(request, form) -> int:
    return 422 if request.method == "POST" else 200


def _refused(form, error: ApplicationError) -> None:
    field = next((name for name in error.fields if name in form.fields), None)
    form.add_error(field, str(error.message))


@login_required
def my_pairs(request):
    """我的结对: the pairs the person is in or responsible for, with what waits for them."""
    pairs = list(selectors.my_pairs(request.user))
    for pair in pairs:
        pair.waiting = selectors.waiting_for(request.user, pair)
    programmes = Programme.objects.filter(
        pk__in=[p.programme_id for p in pairs]
        + list(request.user.participations.values_list("programme_id", flat=True))
    ).select_related("organisation")
    context = {"pairs": pairs, "programmes": [p for p in programmes if may_see(request.user, p)]}
    return render(request, "commitments/mine.html", context)


@login_required
def pair_list(request, programme: int):
    programme = programme_of(request.user, programme)
    organiser = may_organise(request.user, programme)
    form = PairForm(request.POST or None, programme=programme) if organiser else None
    if request.method == "POST":
        if not organiser:
            programme_of(request.user, programme.pk, organise=True)  # 403
        if form.is_valid():
            try:
                pair = services.pair_create(actor=request.user, programme=programme, **form.cleaned_data)
            except ApplicationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("Pair made; both have been asked to acknowledge it."))
                return redirect("programmes-pairs-pair", pair.pk)
    pairs = list(selectors.pairs_of_programme(request.user, programme))
    context = {"programme": programme, "pairs": pairs, "form": form, "organiser": organiser}
    return render(request, "commitments/pairs.html", context, status=_status(request, form))


def _progress(pair):
    """The pair's activity against the programme's quotas (programmes.records), when that part is installed."""
    try:
        from programmes.records.selectors import progress
    except ImportError:
        return None
    return progress(pair.programme, [pair.mentor, pair.mentee], today=business_today())


@login_required
def pair_page(request, pk: int):
    pair = pair_for_user(request.user, pk)
    context = {
        "pair": pair,
        "programme": pair.programme,
        "waiting": selectors.waiting_for(request.user, pair),
        "organiser": may_organise(request.user, pair.programme),
        "frozen": bool(pair.mentor_acknowledged_at and pair.mentee_acknowledged_at),
        "ending": getattr(pair, "ending", None),
        "progress_rows": _progress(pair),
    }
    return render(request, "commitments/pair.html", context)


@login_required
def pair_edit(request, pk: int):
    pair = pair_for_user(request.user, pk, act="organise")
    form = PairEditForm(request.POST or None, initial={"goals": pair.goals, "duties": pair.duties})
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_update(actor=request.user, pair=pair, **form.cleaned_data)
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes-pairs-pair", pair.pk)
    return render(request, "commitments/pair_edit.html", {"pair": pair, "form": form}, status=_status(request, form))


@login_required
@require_POST
def pair_acknowledge(request, pk: int):
    pair = pair_for_user(request.user, pk, act="acknowledge")
    try:
        services.pair_acknowledge(actor=request.user, pair=pair)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Acknowledged."))
    return redirect("programmes-pairs-pair", pair.pk)


@login_required
def pair_end(request, pk: int):
    pair = pair_for_user(request.user, pk, act="organise")
    form = PairEndForm(request.POST or None, initial={"ended_on": business_today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_end(actor=request.user, pair=pair, **form.cleaned_data)
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The pair has ended."))
            return redirect("programmes-pairs-pair", pair.pk)
    return render(request, "commitments/pair_end.html", {"pair": pair, "form": form}, status=_status(request, form))


@login_required
def person_pledges(request, programme: int, person: int):
    """A person's plan and pledge in the programme: every version (drafts for the person only); the person writes,
    makes public and revises here; a reviewer finds the review link."""
    programme = programme_of(request.user, programme)
    person = get_object_or_404(User, pk=person)
    own = person.pk == request.user.pk
    versions = selectors.versions_of(programme, person, reader=request.user)
    if not own and not versions and not services.may_pledge(person, programme):
        raise Http404
    form = None
    written = {pledge.kind for pledge in versions}
    missing = [(code, label) for code, label in PledgeKind.choices if code not in written]
    if own and missing and services.may_pledge(person, programme):
        form = PledgeNewForm(request.POST or None)
        form.fields["kind"].choices = missing
    if request.method == "POST":
        if not own:
            raise PermissionDenied
        if form is None:
            messages.error(request, _("There is nothing more to write here: change what you wrote instead."))
            return redirect("programmes-pairs-pledges", programme.pk, person.pk)
        if form.is_valid():
            try:
                services.pledge_create(actor=request.user, programme=programme, **form.cleaned_data)
            except ApplicationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("Saved as a draft: make it public when it is ready."))
                return redirect("programmes-pairs-pledges", programme.pk, person.pk)
    kinds = []
    for code, label in PledgeKind.choices:
        rows = [pledge for pledge in versions if pledge.kind == code]
        for pledge in rows:
            pledge.reviewable = pledge.status == PledgeStatus.PUBLISHED and pledge is _latest_public(rows)
        if rows:
            kinds.append({"label": label, "current": rows[-1], "earlier": list(reversed(rows[:-1]))})
    reviewer = not own and (
        may_organise(request.user, programme) or request.user.pk in responsible_for(programme, person)
    )
    context = {"programme": programme, "person": person, "own": own, "kinds": kinds, "form": form, "reviewer": reviewer}
    return render(request, "commitments/pledges.html", context, status=_status(request, form))


def _latest_public(rows):
    public = [pledge for pledge in rows if pledge.status != PledgeStatus.DRAFT]
    return public[-1] if public else None


@login_required
def pledge_edit(request, pk: int):
    pledge = pledge_for_user(request.user, pk, act="write")
    form = PledgeTextForm(request.POST or None, initial={"text": pledge.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_edit(actor=request.user, pledge=pledge, text=form.cleaned_data["text"])
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes-pairs-pledges", pledge.programme_id, pledge.person_id)
    context = {"pledge": pledge, "form": form, "revise": False}
    return render(request, "commitments/pledge_form.html", context, status=_status(request, form))


@login_required
@require_POST
def pledge_publish(request, pk: int):
    pledge = pledge_for_user(request.user, pk, act="write")
    try:
        services.pledge_publish(actor=request.user, pledge=pledge)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Made public on the programme's public pledges page."))
    return redirect("programmes-pairs-pledges", pledge.programme_id, pledge.person_id)


@login_required
def pledge_revise(request, pk: int):
    pledge = pledge_for_user(request.user, pk, act="write")
    form = PledgeTextForm(request.POST or None, initial={"text": pledge.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_revise(actor=request.user, pledge=pledge, text=form.cleaned_data["text"])
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("New version saved as a draft: make it public when it is ready."))
            return redirect("programmes-pairs-pledges", pledge.programme_id, pledge.person_id)
    context = {"pledge": pledge, "form": form, "revise": True}
    return render(request, "commitments/pledge_form.html", context, status=_status(request, form))


@login_required
def pledge_review(request, pk: int):
    pledge = pledge_for_user(request.user, pk, act="review")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_review(actor=request.user, pledge=pledge, **form.cleaned_data)
        except ApplicationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Review recorded."))
            return redirect("programmes-pairs-pledges", pledge.programme_id, pledge.person_id)
    return render(request, "commitments/review.html", {"pledge": pledge, "form": form}, status=_status(request, form))


@login_required
def public_pledges(request, programme: int):
    """公开承诺: the programme's public plans and pledges, for whoever sees the programme."""
    programme = programme_of(request.user, programme)
    context = {
        "programme": programme,
        "pledges": selectors.public_pledges(programme),
        "may_pledge": services.may_pledge(request.user, programme),
        "organiser": may_organise(request.user, programme),
    }
    return render(request, "commitments/public.html", context)


@login_required
def letters(request, programme: int):
    programme = programme_of(request.user, programme)
    organiser = may_organise(request.user, programme)
    form = LetterForm(request.POST or None, programme=programme) if organiser else None
    if request.method == "POST":
        if not organiser:
            programme_of(request.user, programme.pk, organise=True)  # 403
        if form.is_valid():
            try:
                services.letter_issue(actor=request.user, programme=programme, **form.cleaned_data)
            except ApplicationError as error:
                _refused(form, error)
            else:
                messages.success(
                    request, _("Letter issued; the party group's leader has been asked to acknowledge it.")
                )
                return redirect("programmes-pairs-letters", programme.pk)
    rows = list(selectors.letters_of(programme))
    for letter in rows:
        letter.mine = letter.acknowledged_on is None and request.user.pk in {
            leader.pk for leader in services.group_leaders(letter.group)
        }
    context = {"programme": programme, "letters": rows, "form": form}
    return render(request, "commitments/letters.html", context, status=_status(request, form))


@login_required
@require_POST
def letter_acknowledge(request, pk: int):
    letter = letter_for_user(request.user, pk)
    try:
        services.letter_acknowledge(actor=request.user, letter=letter)
    except ApplicationError as error:
        if error.status_code == 403:
            raise PermissionDenied from error
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Acknowledged."))
    return redirect("programmes-pairs-letters", letter.programme_id)
