"""A person's full record (纪实) for an auditor: their party cases and every event of them, in order."""

import pytest
from django.test import Client

from tests.workflows.party.conftest import run, submit

pytestmark = pytest.mark.django_db


def test_an_auditor_reads_a_persons_whole_record(party, people):
    case_id = submit(party)
    run(party.secretary, case_id, "record_talk", {"date": "2023-03-20", "talker_name": "林书记", "content": "谈话"})
    client = Client()
    client.force_login(people.auditor)
    html = client.get(f"/audit/people/{party.applicant.pk}/").content.decode()
    assert f"第 {case_id} 号事项" in html and f"party #{case_id}" not in html  # the case by its name, not a code
    assert html.index("2023-03-01") < html.index("2023-03-20")  # in order
    outsider = Client()
    outsider.force_login(party.outsider)
    assert outsider.get(f"/audit/people/{party.applicant.pk}/").status_code == 403
