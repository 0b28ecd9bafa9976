"""Rule sets in the admin: copy a set, edit the copy's values, make it the default for new cases."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from workflows.party.models import Rule, RuleSet
from workflows.party.rule_catalogue import RULES_2014
from workflows.party.rulesets import ruleset_copy, ruleset_set_default


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

    @admin.action(description=_("Copy the selected rule sets"))
    def copy_sets(self, request, queryset):
        stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
        for rule_set in queryset:
            copy = ruleset_copy(
                source=rule_set,
                code=f"{rule_set.code}-{stamp}",
                name=f"{rule_set.name}（副本）",
                effective_from=rule_set.effective_from,
            )
            messages.success(request, _("Copied as %(name)s.") % {"name": copy.name})

    @admin.action(description=_("Use for new cases"))
    def make_default(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, _("Choose exactly one rule set."))
            return
        ruleset_set_default(queryset.get())
