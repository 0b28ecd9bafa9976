import pytest
from django.test import Client

from accounts.models import User
from workflows.party.models import RuleSet
from workflows.party.rulesets import default_rule_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(User.objects.create_superuser(username="root", real_name="管理员", password="x-long-pass"))
    return client


def test_an_administrator_copies_the_shipped_set_and_makes_the_copy_the_default(admin_client):
    shipped = default_rule_set()
    admin_client.post("/admin/party/ruleset/", {"action": "copy_sets", "_selected_action": [shipped.pk]})
    copy = RuleSet.objects.exclude(pk=shipped.pk).get()
    assert copy.based_on == shipped and not copy.locked and copy.rules.count() == shipped.rules.count()
    admin_client.post("/admin/party/ruleset/", {"action": "make_default", "_selected_action": [copy.pk]})
    assert default_rule_set() == copy


def test_the_shipped_set_cannot_be_edited_in_the_admin(admin_client):
    page = admin_client.get(f"/admin/party/ruleset/{default_rule_set().pk}/change/").content.decode()
    assert 'name="rules-0-value"' not in page
