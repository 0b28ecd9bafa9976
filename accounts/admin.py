from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from accounts import selectors, services
from accounts.identity import validate_id_number
from accounts.models import Membership, Organisation, User
from audit.selectors import has_audit_history
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


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminForm
    list_display = ["username", "real_name", "gender", "party_standing", "is_active", "is_staff"]
    list_filter = ["party_standing", "gender", "is_active", "is_staff"]
    search_fields = ["username", "real_name", "phone", "email", "id_number"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal information"),
            {"fields": ("real_name", "gender", "birth_date", "ethnic_group", "id_number", "phone", "email")},
        ),
        (_("Party standing"), {"fields": ("party_standing", "party_standing_since", "party_watch_until")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "real_name", "password1", "password2")}),)

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
class OrganisationAdmin(TreeAdmin, GuardedModelAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "code", "kind", "community_type", "is_core_school", "has_approval_authority"]
    list_filter = ["kind", "community_type", "has_approval_authority"]
    search_fields = ["name", "code"]


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "valid_from", "valid_to"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and not self.errors:
            try:
                services.membership_grant_check(
                    user=data["user"],
                    organisation=data["organisation"],
                    role=data["role"],
                    valid_from=data["valid_from"],
                    valid_to=data.get("valid_to"),
                )
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

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.membership_grant(
                user=obj.user,
                organisation=obj.organisation,
                role=obj.role,
                valid_from=obj.valid_from,
                valid_to=obj.valid_to,
            )
            obj.pk = created.pk
        elif "valid_to" in form.changed_data and obj.valid_to is not None:
            services.membership_end(membership=obj, valid_to=obj.valid_to, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return False
