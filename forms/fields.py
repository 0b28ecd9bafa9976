"""File inputs of the step forms: what they accept and how large, stated next to them, and several files at once."""

from django import forms
from django.utils.functional import lazy

from forms.file_types import ACCEPT, upload_hint, upload_hint_single

# Worded when the form is shown: in the reader's language, with the configured size limit.
HINT, HINT_SINGLE = lazy(upload_hint, str)(), lazy(upload_hint_single, str)()


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files (cleaned to a list, empty when none was chosen); each is checked when it is stored
    (forms.services.attachment_create)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("help_text", HINT)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if not files:
            return [super().clean(None, initial)] if self.required else []
        return [super(AttachmentsField, self).clean(upload, initial) for upload in files]


class AttachmentField(forms.FileField):
    """One file (an archive item, a plan)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("help_text", HINT_SINGLE)
        super().__init__(**kwargs)
