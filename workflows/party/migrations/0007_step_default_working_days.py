from django.db import migrations

VALUE = {"designate_activist": 130, "file_activist": 10, "file_dev_object": 10, "set_introducers": 10,
    "complete_political_review": 40, "complete_training": 40, "branch_committee_review": 10, "pre_review": 20,
    "fill_form": 10, "record_admission_vote": 20, "file_with_grandparent": 10, "assign_group": 10, "oath": 20,
    "archive_materials": 20}


def add_rule(apps, schema_editor):
    RuleSet = apps.get_model("party", "RuleSet")
    Rule = apps.get_model("party", "Rule")
    for rule_set in RuleSet.objects.exclude(rules__key="step_default_working_days"):
        Rule.objects.create(
            rule_set=rule_set, key="step_default_working_days", value=VALUE, unit="working days", severity="warn",
            article_ref="地方规定", description="及时办理的环节默认期限（工作日）",
        )


class Migration(migrations.Migration):
    dependencies = [("party", "0006_initiator")]
    operations = [migrations.RunPython(add_rule, migrations.RunPython.noop)]
