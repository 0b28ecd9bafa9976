"""The activation pages a person opens from their slip or email, before they can sign in: type the code (or follow
the link), set their own password, and they are signed in. Submissions count against the sign-in rate of their
address (core.throttling), like the login page."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import activation
from accounts.person_forms import ActivationCodeForm
from core.client_ip import client_ip
from core.exceptions import ApplicationError
from core.throttling import throttle_sign_in

# The activation page signs the person in itself: the password was just set, not checked against a backend.
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _posted(request):
    """The submitted data on a POST (even an empty one, so that its errors show), else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


def _invalid(request):
    return render(request, "accounts/activate_invalid.html", status=410)


@never_cache
@throttle_sign_in
def activate_start(request):
    form = ActivationCodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if activation.activation_for_code(code) is not None:
            return redirect("activate", activation.format_code(activation.normalise_code(code)))
        form.add_error("code", _("This code is not valid: check it, or ask your administrator for a new one."))
    status = 422 if form.errors else 200
    return render(request, "accounts/activate_start.html", {"form": form}, status=status)


@never_cache
@throttle_sign_in
def activate(request, code: str):
    found = activation.activation_for_code(code)
    if found is None:
        return _invalid(request)
    form = SetPasswordForm(found.user, _posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                person = activation.activation_use(
                    code=code, password=form.cleaned_data["new_password1"], ip=client_ip(request)
                )
            except ApplicationError as error:
                if error.code == "activation_invalid":
                    return _invalid(request)
                form.add_error("new_password1", str(error.message))
                status = 422
            else:
                login(request, person, backend=BACKEND)
                messages.success(request, _("Your password is set and you are signed in."))
                return redirect("home")
        else:
            status = 422
    return render(request, "accounts/activate.html", {"form": form, "person": found.user}, status=status)
