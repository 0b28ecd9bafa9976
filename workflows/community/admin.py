"""The bureau's start-of-year deadline per school year (DOMAIN §3.4), audited like every other change."""

from django.contrib import admin

from audit.services import audit_record
from core.dates import business_today
from workflows.community.models import SchoolYearSetting


@admin.register(SchoolYearSetting)
class SchoolYearSettingAdmin(admin.ModelAdmin):
    list_display = ["school_year", "application_deadline", "note"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = form.initial.get("application_deadline") if change else None
        super().save_model(request, obj, form, change)
        audit_record(
            process="admin",
            action="school_year_deadline_set",
            actor=request.user,
            business_date=business_today(),
            data={"school_year": obj.school_year, "before": before, "after": obj.application_deadline},
        )
