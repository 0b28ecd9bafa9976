import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="ops", is_staff=True))
    return client


def test_healthz_reports_the_database(staff_client, settings):
    settings.REDIS_URL = ""
    response = staff_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_healthz_checks_redis_when_configured(staff_client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert staff_client.get("/healthz").json()["checks"]["redis"] == "ok"


def test_healthz_is_503_when_redis_is_unreachable(staff_client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = staff_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"].startswith("error")


def test_anyone_else_learns_only_up_or_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    down = client.get("/healthz")
    assert down.status_code == 503 and down.json() == {"status": "error"}
    settings.REDIS_URL = ""
    assert client.get("/healthz").json() == {"status": "ok"}
    client.force_login(UserFactory(username="plain"))  # signed in but not staff
    assert client.get("/healthz").json() == {"status": "ok"}
