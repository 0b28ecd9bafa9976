"""Publish version 1 of the two application forms (seed 001: 附件3 帮扶项目申报表 and 学校特色发展申报表).
The bureau changes a field by publishing the next version (admin); applications keep the version they
were filled against. Labels are data in the bureau's language, not interface strings."""

from django.db import migrations

_COMMON_TAIL = [
    {"name": "schedule", "label": "进度安排", "type": "textarea", "required": True, "help_text": "按学期列出时间节点。"},
    {"name": "responsible", "label": "责任人", "type": "text", "required": True, "help_text": "姓名及职务，多人用顿号分隔。"},
    {"name": "expected_outcomes", "label": "预期成效", "type": "textarea", "required": False, "help_text": ""},
]

FORMS = {
    "community_help_project": (
        "玉环市城乡义务教育共同体帮扶项目申报表（附件3）",
        [
            {"name": "project_name", "label": "项目名称", "type": "text", "required": True, "help_text": ""},
            {"name": "goals", "label": "项目目标", "type": "textarea", "required": True, "help_text": "结合成员校实际，写明学年内要达成的目标。"},
            {"name": "content", "label": "项目内容", "type": "textarea", "required": True, "help_text": ""},
            {"name": "measures", "label": "主要措施", "type": "textarea", "required": True, "help_text": ""},
            *_COMMON_TAIL,
        ],
    ),
    "community_feature": (
        "玉环市城乡义务教育共同体学校特色发展申报表",
        [
            {"name": "direction", "label": "特色发展方向", "type": "text", "required": True, "help_text": "在充分征求核心校意见后确定。"},
            {"name": "basis", "label": "现有基础", "type": "textarea", "required": True, "help_text": ""},
            {"name": "goals", "label": "发展目标", "type": "textarea", "required": True, "help_text": ""},
            {"name": "measures", "label": "主要措施", "type": "textarea", "required": True, "help_text": ""},
            *_COMMON_TAIL,
        ],
    ),
}


def publish(apps, schema_editor):
    FormDefinition = apps.get_model("stepwise_forms", "FormDefinition")
    for code, (title, fields) in FORMS.items():
        if not FormDefinition.objects.filter(code=code).exists():
            FormDefinition.objects.create(code=code, version=1, title=title, fields=fields)


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial"), ("stepwise_forms", "0001_initial")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
