"""What a process's admin takes from the kit: a setting the bureau changes there (never deletes), each change an
audit event like every other change."""

from django.contrib import admin

from audit.services import audit_record
from core.dates import business_today


class AuditedSettingAdmin(admin.ModelAdmin):
    """Each save is the audit event ``audit_action``: the row's ``key`` and its ``value`` field before and after."""

    audit_action = ""
    key = ""
    value = ""

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = form.initial.get(self.value) if change else None
        super().save_model(request, obj, form, change)
        audit_record(
            process="admin",
            action=self.audit_action,
            actor=request.user,
            business_date=business_today(),
            data={self.key: getattr(obj, self.key), "before": before, "after": getattr(obj, self.value)},
        )
