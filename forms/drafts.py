"""Drafts on the step pages (保存草稿): the buttons that ask for one, what of a POST goes into it, and how a
stored draft fills the form again. A draft belongs to one user, one case and one step."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from forms.models import Draft
from forms.selectors import draft_get
from forms.services import draft_discard, draft_save

SAVE, DISCARD = "save_draft", "discard_draft"


@dataclass(frozen=True)
class DraftKey:
    process: str
    case_id: int  # 0 for a case not started yet
    step: str

    def of(self, user) -> Draft | None:
        return draft_get(user=user, **self.__dict__)

    def discard(self, user) -> None:
        draft_discard(user=user, **self.__dict__)


def draft_intent(request) -> str | None:
    """SAVE or DISCARD when the page's draft buttons sent the POST, else None (a real submission)."""
    intent = request.POST.get("intent") if request.method == "POST" else None
    return intent if intent in (SAVE, DISCARD) else None


def draft_respond(request, key: DraftKey, names, back_to: str):
    """Store (or drop) the viewer's draft of the form with these field names, then go back to the form.
    Nothing is validated and nothing else changes; uploaded files are not kept."""
    if draft_intent(request) == DISCARD:
        key.discard(request.user)
        messages.info(request, _("The draft has been discarded."))
        return redirect(back_to)
    data = {name: request.POST.getlist(name) for name in names if name in request.POST}
    try:
        draft_save(user=request.user, data=data, **key.__dict__)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Draft saved. Only you can see it; attached files are not kept in a draft."))
    return redirect(back_to)


def initial_from(fields: dict, data: dict[str, list[str]]) -> dict:
    """Initial values of a form from a draft: values as typed, lists for multiple choices, and a box left
    unticked in the draft stays unticked. Files are never in a draft."""
    initial = {}
    for name, field in fields.items():
        values = data.get(name, [])
        if isinstance(field, forms.FileField):
            continue
        if isinstance(field, forms.MultipleChoiceField):
            initial[name] = values
        elif isinstance(field, forms.BooleanField):
            initial[name] = bool(values) and values[-1] not in ("", "off", "false")
        elif values:
            initial[name] = values[-1]
    return initial
