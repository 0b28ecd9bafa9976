"""Rule sets in the admin: copy a set, edit the copy's values, make it the default for new cases."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from workflows.party.models import Rule, RuleSet
from workflows.party.rule_catalogue import RULES_2014
from workflows.party.rulesets import audit_admin_rule_change, ruleset_copy, ruleset_set_default


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = ["key", "value", "severity", "unit", "article_ref", "description"]

    def clean(self):
        data = super().clean()
        shipped = RULES_2014.get(data.get("key"))
        if shipped is not None and type(data.get("value")) is not type(shipped[0]):
            raise forms.ValidationError(_("The new value must have the same type as the old one."))
        return data


class RuleInline(admin.TabularInline):
    model = Rule
    form = RuleForm
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.locked

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "effective_from", "is_default", "locked"]
    readonly_fields = ["based_on", "is_default", "locked"]
    inlines = [RuleInline]
    actions = ["copy_sets", "make_default"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        """Rule edits in the admin are audited like rule_update: each changed rule, before and after."""
        changes = [
            (f.instance.key, {name: f.initial.get(name) for name in f.changed_data}, dict(f.cleaned_data))
            for f in formset.forms
            if f.has_changed() and f.cleaned_data
        ]
        super().save_formset(request, form, formset, change)
        for key, before, cleaned in changes:
            after = {name: cleaned.get(name) for name in before}
            audit_admin_rule_change(request.user, form.instance, key, before, after)

    @admin.action(description=_("Copy the selected rule sets"))
    def copy_sets(self, request, queryset):
        stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
        for rule_set in queryset:
            copy = ruleset_copy(
                source=rule_set,
                code=f"{rule_set.code}-{stamp}",
                name=f"{rule_set.name}（副本）",
                effective_from=rule_set.effective_from,
                actor=request.user,
            )
            messages.success(request, _("Copied as %(name)s.") % {"name": copy.name})

    @admin.action(description=_("Use for new cases"))
    def make_default(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, _("Choose exactly one rule set."))
            return
        ruleset_set_default(queryset.get(), actor=request.user)
