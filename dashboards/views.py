"""Dashboards: party development for branches and committees, communities and evaluation for the bureau.
Each chart filters by organisation subtree and links every figure to the list it counts."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from accounts.permissions import codenames_held, organisation_filter
from core.dates import business_today
from core.school_year import school_year_of
from dashboards import selectors


@login_required
def index(request):
    held = codenames_held(request.user)
    if selectors.may_see_bureau(held):  # bureau staff see party cases too; their work is the communities
        return redirect("dashboard-bureau")
    if selectors.may_see_party(held):
        return redirect("dashboard-party")
    raise PermissionDenied


def _context(request, kinds) -> dict:
    held = codenames_held(request.user)
    return {
        "organisation": organisation_filter(request.user, request.GET.get("org")),
        "choices": selectors.organisation_choices(request.user, kinds),
        "may_see_party": selectors.may_see_party(held),
        "may_see_bureau": selectors.may_see_bureau(held),
    }


@login_required
def party(request):
    context = _context(request, selectors.PARTY_KINDS)
    if not context["may_see_party"]:
        raise PermissionDenied
    today = business_today()
    context |= {
        "charts": selectors.party_charts(request.user, organisation=context["organisation"], today=today),
        "today": today,
        "active": "party",
    }
    context["chart_data"] = [chart.as_data() for chart in context["charts"]]
    return render(request, "dashboards/party.html", context)


@login_required
def bureau(request):
    context = _context(request, selectors.BUREAU_KINDS)
    if not context["may_see_bureau"]:
        raise PermissionDenied
    year_text = request.GET.get("year", "")
    year = (
        int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else school_year_of(business_today())
    )
    charts, beside = selectors.bureau_charts(
        request.user, organisation=context["organisation"], year=year, today=business_today()
    )
    context |= {
        **beside,  # what a process shows beside its charts (evaluation: the published totals by school)
        "charts": charts,
        "year": year,
        "years": sorted(set(selectors.years_with_data(request.user)) | {year}, reverse=True),
        "active": "bureau",
    }
    context["chart_data"] = [chart.as_data() for chart in charts]
    return render(request, "dashboards/bureau.html", context)
