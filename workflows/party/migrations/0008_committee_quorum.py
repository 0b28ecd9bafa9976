from django.db import migrations

DESCRIPTION = (
    "支部委员会会议须有半数以上委员到会方可进行（到会委员须超过委员总数的该百分比）；支委会不能召开时由支部大会讨论决定"
)


def add_rule(apps, schema_editor):
    RuleSet = apps.get_model("party", "RuleSet")
    Rule = apps.get_model("party", "Rule")
    for rule_set in RuleSet.objects.exclude(rules__key="committee_quorum_percent"):
        Rule.objects.create(
            rule_set=rule_set, key="committee_quorum_percent", value=50, unit="percent", severity="block",
            article_ref="支部工作条例 第12条", description=DESCRIPTION,
        )


class Migration(migrations.Migration):
    dependencies = [("party", "0007_step_default_working_days")]
    operations = [migrations.RunPython(add_rule, migrations.RunPython.noop)]
