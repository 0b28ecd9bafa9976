from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "forms"
    label = "stepwise_forms"
    verbose_name = _("Forms and attachments")
