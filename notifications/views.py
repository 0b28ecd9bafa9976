"""The notification centre page: the list, mark read, open (marks read and follows the link), preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import selectors
from notifications.models import Kind, Notification
from notifications.services import notifications_mark_read, preference_set


@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.notifications_of(request.user, unread_only=unread_only), 30)
    context = {
        "page": page.get_page(request.GET.get("page")),
        "unread_only": unread_only,
        "kinds": Kind.choices,
        "preference": selectors.preference_of(request.user),
    }
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def notification_read(request):
    ids = [int(pk) for pk in request.POST.getlist("id") if pk.isdigit()]
    notifications_mark_read(user=request.user, ids=None if request.POST.get("all") else ids)
    return redirect("notification-list")


@login_required
def notification_open(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)  # someone else's: 404
    notifications_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url if url_has_allowed_host_and_scheme(notification.url, None) else ""
    return redirect(target or "notification-list")


@login_required
@require_POST
def preference_update(request):
    kinds = [k for k in request.POST.getlist("email_kinds") if k in Kind.values]
    preference_set(user=request.user, email_kinds=kinds, daily_digest=request.POST.get("daily_digest") == "on")
    messages.success(request, _("Your notification settings are saved."))
    return redirect("notification-list")
