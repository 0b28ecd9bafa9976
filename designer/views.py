"""The designer's pages (流程设计): the definitions a process administrator keeps (new, import), the designer page of
one (templates/designer/edit.html, driven by the designer API), its versions with what changed between them, and
publish / close / reopen / export."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Organisation, User
from accounts.permissions import organisations_granted
from accounts.roles import DESIGN_PROCESSES, Role
from core.exceptions import ApplicationError
from designer import services
from designer.access import definition_for_user, may_design_any
from designer.diff import differences
from designer.models import Icon
from designer.naming import named_in
from designer.selectors import designable, draft_of, published

FIELD_TYPES = [
    ("text", gettext_lazy("Single-line text")),
    ("textarea", gettext_lazy("Multi-line text")),
    ("number", gettext_lazy("Number")),
    ("money", gettext_lazy("Amount (yuan)")),
    ("date", gettext_lazy("Date")),
    ("daterange", gettext_lazy("Date range")),
    ("choice", gettext_lazy("Single choice")),
    ("multichoice", gettext_lazy("Multiple choice")),
    ("person", gettext_lazy("Person")),
    ("organisation", gettext_lazy("Organisation")),
    ("attachments", gettext_lazy("Attachments")),
    ("table", gettext_lazy("Table (明细)")),
    ("explanation", gettext_lazy("Explanation")),
]
NODE_TYPES = [
    ("approval", gettext_lazy("Approver")),
    ("handling", gettext_lazy("Handler")),
    ("cc", gettext_lazy("Copy to (抄送)")),
    ("condition", gettext_lazy("Conditional branches")),
    ("parallel", gettext_lazy("Parallel branches")),
    ("notice", pgettext_lazy("node kind", "Notice")),
]


def _owners(user):
    if user.is_superuser:
        return Organisation.objects.all()
    return organisations_granted(user, DESIGN_PROCESSES)


class NewForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Process name"), max_length=60)  # "Name" reads 姓名, a person's
    code = forms.SlugField(label=gettext_lazy("Short name (letters, digits, hyphens)"), max_length=60)
    category = forms.CharField(label=gettext_lazy("Category"), max_length=30, required=False)
    icon = forms.ChoiceField(label=gettext_lazy("Icon"), choices=Icon.choices)
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none(), empty_label="—"
    )
    shared = forms.BooleanField(label=gettext_lazy("Available to the organisations below"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Exported definition (.json)"))
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none(), empty_label="—"
    )
    code = forms.SlugField(label=gettext_lazy("Short name (letters, digits, hyphens)"), max_length=60, required=False)


class SettingsForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Process name"), max_length=60)
    category = forms.CharField(label=gettext_lazy("Category"), max_length=30, required=False)
    icon = forms.ChoiceField(label=gettext_lazy("Icon"), choices=Icon.choices)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)
    shared = forms.BooleanField(label=gettext_lazy("Available to the organisations below"), required=False)
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Who may start it (none ticked: anyone)"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scope = forms.ModelChoiceField(
        label=gettext_lazy("Within"), queryset=Organisation.objects.none(), required=False, empty_label="—"
    )


def _starters_of(data) -> list[dict]:
    scope = data["scope"]
    if scope is None:
        return []
    return [{"role": role, "organisation": scope.pk} for role in data["roles"]] or [
        {"role": "", "organisation": scope.pk}
    ]


@login_required
def settings_page(request, pk: int):
    """The definition's own facts: name, category, icon, description, shared below, who may start it."""
    definition = definition_for_user(request.user, pk)
    starters = definition.starters
    initial = {
        "name": definition.name,
        "category": definition.category,
        "icon": definition.icon,
        "description": definition.description,
        "shared": definition.shared,
        "roles": sorted({rule["role"] for rule in starters if rule.get("role")}),
        "scope": starters[0]["organisation"] if starters else None,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    form.fields["scope"].queryset = Organisation.objects.filter(path__startswith=definition.owner.path)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in ("name", "category", "icon", "description", "shared")}
        try:
            services.definition_update(actor=request.user, definition=definition, starters=_starters_of(data), **fields)
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Saved."))
            return redirect("designer-list")
    context = {"definition": definition, "form": form}
    return render(request, "designer/settings.html", context, status=422 if request.method == "POST" else 200)


def _designer(request) -> None:
    if not may_design_any(request.user):
        raise PermissionDenied


@login_required
def definition_list(request):
    _designer(request)
    new, imported = NewForm(prefix="new"), ImportForm(prefix="import")
    new.fields["owner"].queryset = imported.fields["owner"].queryset = _owners(request.user)
    if request.method == "POST":
        owners = _owners(request.user)
        if "import-file" in request.FILES:
            imported = ImportForm(request.POST, request.FILES, prefix="import")
            imported.fields["owner"].queryset = owners
            if imported.is_valid():
                try:
                    payload = json.loads(imported.cleaned_data["file"].read().decode("utf-8"))
                    definition = services.definition_import(
                        actor=request.user,
                        owner=imported.cleaned_data["owner"],
                        payload=payload if isinstance(payload, dict) else {},
                        code=imported.cleaned_data["code"] or None,
                    )
                except (ValueError, UnicodeDecodeError):
                    imported.add_error("file", _("This is not an exported process definition."))
                except ApplicationError as error:
                    imported.add_error(None, str(error.message))
                else:
                    messages.success(request, _("Imported as a draft: %(name)s.") % {"name": definition.name})
                    return redirect("designer-edit", definition.pk)
        else:
            new = NewForm(request.POST, prefix="new")
            new.fields["owner"].queryset = owners
            if new.is_valid():
                data = dict(new.cleaned_data)
                try:
                    definition = services.definition_create(actor=request.user, **data)
                except ApplicationError as error:
                    new.add_error("code" if error.code == "definition_code_taken" else None, str(error.message))
                else:
                    return redirect("designer-edit", definition.pk)
    rows = [(d, published(d)) for d in designable(request.user).order_by("category", "name")]
    context = {"rows": rows, "new": new, "imported": imported}
    return render(request, "designer/list.html", context, status=422 if request.method == "POST" else 200)


@login_required
def edit(request, pk: int):
    definition = definition_for_user(request.user, pk)
    draft = draft_of(definition)
    latest = published(definition)
    document = draft.document if draft else (latest.document if latest else services.EMPTY_DOCUMENT)
    people, places = named_in(document)
    labels = {
        "names": {
            "people": {pk: name for pk, name in User.objects.filter(pk__in=people).values_list("pk", "real_name")},
            "organisations": {
                pk: name for pk, name in Organisation.objects.filter(pk__in=places).values_list("pk", "name")
            },
        },
        "roles": [[code, str(label)] for code, label in Role.choices],
        "field_types": [[code, str(label)] for code, label in FIELD_TYPES],
        "node_types": [[code, str(label)] for code, label in NODE_TYPES],
    }
    urls = {
        "draft": reverse("api-designer-draft", args=[pk]),
        "validate": reverse("api-designer-validate"),
        "simulate": reverse("api-designer-simulate"),
        "publish": reverse("api-designer-publish", args=[pk]),
        "people": reverse("api-designer-people"),
        "organisations": reverse("api-designer-organisations"),
        "versions": reverse("designer-versions", args=[pk]),
    }
    context = {
        "definition": definition,
        "document": document,
        "labels": labels,
        "urls": urls,
        "published": latest,
    }
    return render(request, "designer/edit.html", context)


@login_required
def versions(request, pk: int):
    definition = definition_for_user(request.user, pk)
    rows = list(definition.versions.filter(number__isnull=False).select_related("edited_by").order_by("-number"))
    draft = draft_of(definition)
    changes = []
    for newer, older in zip(rows, rows[1:], strict=False):
        changes.append((newer, older, differences(older.document, newer.document)))
    if rows:
        changes.append((rows[-1], None, []))
    pending = differences(rows[0].document, draft.document) if rows and draft else []
    context = {"definition": definition, "changes": changes, "pending": pending, "draft": draft}
    return render(request, "designer/versions.html", context)


@login_required
@require_POST
def publish(request, pk: int):
    definition = definition_for_user(request.user, pk)
    try:
        version = services.definition_publish(actor=request.user, definition=definition)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("designer-edit", pk)
    messages.success(request, _("Published as version %(number)d.") % {"number": version.number})
    return redirect("designer-versions", pk)


@login_required
@require_POST
def enable(request, pk: int, enabled: bool):
    definition = definition_for_user(request.user, pk)
    services.definition_enable(actor=request.user, definition=definition, enabled=enabled)
    messages.success(request, _("Open for new cases.") if enabled else _("Closed for new cases; running cases go on."))
    return redirect("designer-list")


@login_required
def export(request, pk: int):
    definition = definition_for_user(request.user, pk)
    version = published(definition) or draft_of(definition)
    body = json.dumps(services.exported(definition, version), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{definition.code}-v{version.number or 0}.json"'
    return response
