from contextvars import ContextVar

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from accounts import role_rules, selectors, services
from accounts.identity import mask_id_number, validate_id_number
from accounts.models import Membership, Organisation, User
from audit.selectors import has_audit_history
from core.client_ip import client_ip
from core.dates import business_today
from core.exceptions import ApplicationError


def _as_validation_error(exc: ApplicationError) -> ValidationError:
    return ValidationError(str(exc.message), code=exc.code)


class UserAdminForm(UserChangeForm):
    def clean(self):
        data = super().clean()
        if data.get("id_number"):
            try:
                data["id_number"] = validate_id_number(
                    data["id_number"], birth_date=data.get("birth_date"), gender=data.get("gender") or None
                )
            except ApplicationError as exc:
                self.add_error("id_number", _as_validation_error(exc))
        return data


# The request of the admin's change-password page, for the form's save() that Django's view calls without it.
_password_request: ContextVar = ContextVar("password_request")


class PasswordSetForm(AdminPasswordChangeForm):
    """An administrator sets a person's password (or disables password sign-in) through
    accounts.services.password_change: audited as password_set, API tokens revoked, websockets closed."""

    def save(self, commit=True):
        request = _password_request.get()
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        return services.password_change(user=self.user, password=password, actor=request.user, ip=client_ip(request))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminForm
    change_password_form = PasswordSetForm
    list_display = ["username", "real_name", "gender", "party_standing", "is_active", "is_staff"]
    list_filter = ["party_standing", "gender", "is_active", "is_staff"]
    search_fields = ["username", "real_name", "phone", "email", "id_number"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal information"),
            {"fields": ("real_name", "gender", "birth_date", "ethnic_group", "masked_id_number", "phone", "email")},
        ),
        (_("Party standing"), {"fields": ("party_standing", "party_standing_since", "party_watch_until")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "real_name", "password1", "password2")}),)
    # ID numbers are masked here too: they are entered, and shown whole (an audited action), on the people pages.
    readonly_fields = ("masked_id_number",)

    @admin.display(description=_("ID number"))
    def masked_id_number(self, user) -> str:
        return mask_id_number(user.id_number) if user.id_number else "—"

    def user_change_password(self, request, id, form_url=""):
        token = _password_request.set(request)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _password_request.reset(token)

    def has_delete_permission(self, request, obj=None):
        """Someone with audit history is kept for as long as the history (deactivate them instead)."""
        if obj is not None and has_audit_history(obj):
            return False
        return super().has_delete_permission(request, obj)


_TreeForm = movenodeform_factory(Organisation)


class OrganisationAdminForm(_TreeForm):
    """Apply the same placement rules as accounts.services.organisation_kind_check."""

    def clean(self):
        data = super().clean()
        ref_id = data.get("_ref_node_id")
        ref = Organisation.objects.filter(pk=ref_id).first() if ref_id else None
        parent = (
            ref
            if data.get("_position") in ("first-child", "last-child", "sorted-child")
            else (selectors.organisation_parent(ref) if ref else None)
        )
        try:
            services.organisation_kind_check(
                kind=data.get("kind"),
                parent=parent,
                community_type=data.get("community_type", ""),
                is_core_school=data.get("is_core_school", False),
                has_approval_authority=data.get("has_approval_authority", False),
            )
        except ApplicationError as exc:
            raise _as_validation_error(exc) from None
        return data


@admin.register(Organisation)
class OrganisationAdmin(TreeAdmin):
    """A plain tree admin: rights on an organisation come only from memberships (the role table), so there is no
    guardian "Object permissions" page that could grant others (issue #15 item 1)."""

    form = OrganisationAdminForm
    list_display = ["name", "code", "kind", "community_type", "is_core_school", "has_approval_authority"]
    list_filter = ["kind", "community_type", "has_approval_authority"]
    search_fields = ["name", "code"]


class MembershipAdminForm(forms.ModelForm):
    """The same rules as the API: the role-administration rules for the signed-in administrator (``request``,
    set by MembershipAdmin.get_form), then the grant's own checks. A refusal by the role-administration rules is
    audited here: the admin's transaction commits when it shows the form again."""

    request = None

    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "valid_from", "valid_to"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        adding = self.instance.pk is None
        if not adding and "valid_to" not in self.changed_data:
            return data
        target = data if adding else {f: getattr(self.instance, f) for f in ("user", "organisation", "role")}
        try:
            role_rules.membership_authority_check(
                actor=self.request.user,
                user=target["user"],
                organisation=target["organisation"],
                role=target["role"],
                membership=None if adding else self.instance,
            )
            if adding:
                services.membership_grant_check(
                    user=data["user"],
                    organisation=data["organisation"],
                    role=data["role"],
                    valid_from=data["valid_from"],
                    valid_to=data.get("valid_to"),
                )
            elif data.get("valid_to") is not None:
                role_rules.membership_dates_check(valid_from=None, valid_to=data["valid_to"], today=business_today())
        except role_rules.MembershipRefused as refused:
            role_rules.membership_refusal_record(refused, actor=self.request.user, ip=client_ip(self.request))
            raise _as_validation_error(refused) from None
        except ApplicationError as exc:
            raise _as_validation_error(exc) from None
        return data


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Saves go through accounts.services so that object permissions stay in step with memberships.
    Only the end date of an existing membership can change; a different role is a new membership."""

    form = MembershipAdminForm
    list_display = ["user", "organisation", "role", "valid_from", "valid_to", "permissions_applied"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__real_name", "organisation__name", "organisation__code"]
    autocomplete_fields = ["user", "organisation"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "organisation", "role", "valid_from", "permissions_applied"] if obj else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.membership_grant(
                user=obj.user,
                organisation=obj.organisation,
                role=obj.role,
                valid_from=obj.valid_from,
                valid_to=obj.valid_to,
                actor=request.user,
                ip=client_ip(request),
            )
            obj.pk = created.pk
        elif "valid_to" in form.changed_data and obj.valid_to is not None:
            services.membership_end(membership=obj, valid_to=obj.valid_to, actor=request.user, ip=client_ip(request))

    def has_delete_permission(self, request, obj=None):
        return False
