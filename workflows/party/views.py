"""The party process's own page besides the kit's (workflows.kit.views): reading the political review, each
reading recorded (mounted by the kit through Pages.more, with the archive bundle's downloads)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.client_ip import request_facts
from workflows.kit.access import case_for_user
from workflows.party.services import political_review_read


@login_required
def political_review(request, pk: int):
    case = case_for_user("party", request.user, pk)
    reviews = political_review_read(user=request.user, case=case, **request_facts(request))
    return render(request, "party/political_review.html", {"case": case, "reviews": reviews})
