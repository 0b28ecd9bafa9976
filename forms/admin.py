"""Form definitions in the admin. A published version never changes: saving an edited definition
publishes it as the next version (forms.services.definition_publish), so the bureau can change a
field without a code change while every submission keeps the version it was filled against."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError
from forms.models import FormDefinition
from forms.services import definition_publish


@admin.register(FormDefinition)
class FormDefinitionAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "version", "published_at"]
    list_filter = ["code"]
    readonly_fields = ["version", "published_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "code"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        try:
            published = definition_publish(code=obj.code, title=obj.title, fields=obj.fields)
        except ApplicationError as error:
            raise ValidationError(str(error.message)) from error
        obj.pk, obj.version = published.pk, published.version
        messages.info(request, _("Published as version %(version)d.") % {"version": published.version})
