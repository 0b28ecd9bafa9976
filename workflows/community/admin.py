"""The bureau's start-of-year deadline per school year (DOMAIN §3.4), audited like every other change."""

from django.contrib import admin

from workflows.community.models import SchoolYearSetting
from workflows.kit.admin import AuditedSettingAdmin


@admin.register(SchoolYearSetting)
class SchoolYearSettingAdmin(AuditedSettingAdmin):
    list_display = ["school_year", "application_deadline", "note"]
    audit_action = "school_year_deadline_set"
    key = "school_year"
    value = "application_deadline"
