"""A process administrator designs for their own subtree only: a definition may not send its cases to people or
organisations outside it. A document naming someone of another county (as approver, as a person copied, or
through a role in an organisation there) would hand that county the cases (who is asked or copied sees the case:
designer.spec.visible_q), so publishing it is refused and nothing is published; a sample initiator of another
county is refused too, without naming them.
"""

import pytest
from django.urls import reverse

from designer.models import DefinitionVersion
from tests.clients import api
from tests.designer.world import approval, document, make_school, people, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return make_school()


def _nodes(w) -> dict[str, list[dict]]:
    """Each way of naming the other bureau's person (``w.outsider``, a member school lead there)."""
    cc = {"id": "copy", "type": "cc", "name": "抄送", "who": people(w.outsider)}
    chosen = {"source": "chosen", "multiple": False, "scope": {"organisation": w.other.pk}}
    return {
        "approver": [approval("p", people(w.outsider))],
        "copied": [cc, approval("p", people(w.principal))],
        "role_in": [approval("p", {"source": "role_in", "role": "MEMBER_SCHOOL", "organisation": w.other.pk})],
        "chosen_scope": [approval("p", chosen)],
    }


@pytest.mark.parametrize("way", ["approver", "copied", "role_in", "chosen_scope"])
def test_a_definition_naming_another_county_is_not_published(w, way):
    definition = published(w, document(approval("p", people(w.principal))))
    client = api(w.designer)
    draft = document(*_nodes(w)[way])
    saved = client.put(reverse("api-designer-draft", args=[definition.pk]), {"document": draft}, format="json")
    assert saved.status_code == 200  # a draft keeps its problems for the designer page to show
    refused = client.post(reverse("api-designer-publish", args=[definition.pk]))
    assert refused.status_code == 400, refused.content
    assert refused.json()["code"] == "definition_invalid"
    assert w.outsider.real_name not in refused.content.decode()
    numbers = DefinitionVersion.objects.filter(definition=definition, number__isnull=False).values_list("number")
    assert list(numbers) == [(1,)]


def test_a_definition_within_the_subtree_is_published(w):
    """The counterpart: the same ways of naming people, inside the bureau's subtree, publish."""
    definition = published(w, document(approval("p", people(w.principal))))
    client = api(w.designer)
    cc = {"id": "copy", "type": "cc", "name": "抄送", "who": people(w.vice)}
    inside = {"source": "role_in", "role": "MEMBER_SCHOOL", "organisation": w.school.pk}
    draft = document(cc, approval("p", inside))
    client.put(reverse("api-designer-draft", args=[definition.pk]), {"document": draft}, format="json")
    assert client.post(reverse("api-designer-publish", args=[definition.pk])).json() == {"number": 2}


def test_a_sample_initiator_of_another_county_is_refused(w):
    client = api(w.designer)
    draft = document(approval("p", people(w.principal)))
    for url, body in [
        (reverse("api-designer-validate"), {"document": draft, "sample_initiator": w.outsider.pk}),
        (reverse("api-designer-simulate"), {"document": draft, "initiator": w.outsider.pk}),
    ]:
        response = client.post(url, body, format="json")
        assert response.status_code == 400 and response.json()["code"] == "person_not_eligible", url
        assert w.outsider.real_name not in response.content.decode()
