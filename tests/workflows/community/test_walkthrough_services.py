import datetime

from tests.workflows.community.factories import filed_application
from workflows.community.models import Kind, Status


def test_help_project_and_feature_plan_are_filed(yuhuan):
    help_project = filed_application(yuhuan, yuhuan.fusion_member, Kind.HELP_PROJECT)
    feature = filed_application(yuhuan, yuhuan.fusion_member, Kind.FEATURE)
    assert help_project.stage == Status.FILED and help_project.filing_number
    assert feature.stage == Status.FILED
    assert help_project.filing_date == datetime.date(2026, 9, 20)
