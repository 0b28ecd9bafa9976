import datetime

from django.db import migrations

# Frozen copy of the catalogue as first shipped; later catalogue changes come with their own migrations.
from workflows.party.rule_catalogue import RULES_2014


def install(apps, schema_editor):
    RuleSet = apps.get_model("party", "RuleSet")
    Rule = apps.get_model("party", "Rule")
    rule_set, created = RuleSet.objects.get_or_create(
        code="2014",
        defaults={
            "name": "细则2014",
            "effective_from": datetime.date(2014, 6, 10),
            "source": "《中国共产党发展党员工作细则》中办发〔2014〕33号",
            "is_default": True,
            "locked": True,
        },
    )
    if created:
        Rule.objects.bulk_create(
            Rule(rule_set=rule_set, key=key, value=value, unit=unit, severity=severity, article_ref=ref,
                 description=description)
            for key, (value, unit, severity, ref, description) in RULES_2014.items()
        )


class Migration(migrations.Migration):
    dependencies = [("party", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
