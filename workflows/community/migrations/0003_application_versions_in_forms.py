"""The applications' form versions move to the forms app's CaseFormVersion (any process's versioned form): each
ApplicationVersion row is copied, its implementation plan as the version's attachment, then the table goes."""

from django.db import migrations


def _keeping_dates(model):
    """The historical model, its ``created_at`` copied as it is (not stamped now, as auto_now_add would)."""
    model._meta.get_field("created_at").auto_now_add = False
    return model


def copy_versions(apps, schema_editor):
    ApplicationVersion = apps.get_model("community", "ApplicationVersion")
    CaseFormVersion = _keeping_dates(apps.get_model("stepwise_forms", "CaseFormVersion"))
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ApplicationVersion.objects.exists():
        return
    case_type, _created = ContentType.objects.get_or_create(app_label="community", model="application")
    CaseFormVersion.objects.bulk_create(
        CaseFormVersion(
            case_type=case_type,
            case_id=row.application_id,
            number=row.number,
            submission_id=row.submission_id,
            attachment_id=row.plan_id,
            changes=row.changes,
            created_by_id=row.created_by_id,
            created_at=row.created_at,
        )
        for row in ApplicationVersion.objects.order_by("pk").iterator()
    )


def copy_back(apps, schema_editor):
    ApplicationVersion = _keeping_dates(apps.get_model("community", "ApplicationVersion"))
    CaseFormVersion = apps.get_model("stepwise_forms", "CaseFormVersion")
    rows = CaseFormVersion.objects.filter(case_type__app_label="community", case_type__model="application")
    ApplicationVersion.objects.bulk_create(
        ApplicationVersion(
            application_id=row.case_id,
            number=row.number,
            submission_id=row.submission_id,
            plan_id=row.attachment_id,
            changes=row.changes,
            created_by_id=row.created_by_id,
            created_at=row.created_at,
        )
        for row in rows.order_by("pk").iterator()
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_application_forms"),
        ("stepwise_forms", "0004_case_form_version"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_versions, copy_back),
        migrations.RemoveConstraint(model_name="applicationversion", name="application_version_unique"),
        migrations.DeleteModel(name="ApplicationVersion"),
    ]
