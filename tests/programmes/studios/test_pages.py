"""A studio term from plan to archive bundle through the pages (a test client per person), and who sees what."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from core.dates import business_today
from programmes.studios import selectors
from programmes.studios.models import Activity, Agreement, PlanItem, Studio, StudioPerson, TermPlan
from tests.programmes.studios.conftest import png

pytestmark = pytest.mark.django_db


def as_(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_studio_term_from_plan_to_archive_bundle_through_the_pages(studio_people):
    p = studio_people
    today = business_today()
    year, term = selectors.term_of(today)
    starts, ends = selectors.term_dates(year, term)
    secretary, lead, apprentice = as_(p.secretary), as_(p.lead), as_(p.apprentice)

    response = secretary.post(
        reverse("programmes-studios-new"),
        {"school": p.school.pk, "name": "吴晓燕语文名师工作室", "lead": p.lead.pk, "founded_on": starts.isoformat()},
    )
    studio = Studio.objects.get()
    assert response.status_code == 302
    people = reverse("programmes-studios-people", args=[studio.pk])
    lead.post(people, {"person": p.member.pk, "role": "MEMBER", "duty": "教研"})
    lead.post(people, {"person": p.apprentice.pk, "role": "APPRENTICE"})
    assert StudioPerson.objects.filter(studio=studio, left__isnull=True).count() == 3

    lead.post(
        reverse("programmes-studios-agreement-new", args=[studio.pk]),
        {
            "mentor": p.member.pk,
            "apprentice": p.apprentice.pk,
            "school_year": year,
            "term": term,
            "mentor_duties": "每月听课两节",
            "apprentice_goals": "上一节汇报课",
        },
    )
    agreement = Agreement.objects.get()
    for person in (p.member, p.apprentice):
        as_(person).post(reverse("programmes-studios-agreement-acknowledge", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.frozen

    lead.post(
        reverse("programmes-studios-plan-new", args=[studio.pk]),
        {"school_year": year, "term": term, "starts": starts.isoformat(), "ends": max(ends, today).isoformat()},
    )
    plan = TermPlan.objects.get()
    lead.post(
        reverse("programmes-studios-plan", args=[plan.pk]),
        {"kind": "REPORT_LESSON", "planned_count": 1, "responsible": p.apprentice.pk, "topic": "徒弟汇报课"},
    )
    lead.post(reverse("programmes-studios-plan-publish", args=[plan.pk]))
    item = PlanItem.objects.get()

    form = apprentice.get(reverse("programmes-studios-activity-new", args=[studio.pk]))
    assert form.status_code == 200 and 'capture="environment"' in form.content.decode()
    response = apprentice.post(
        reverse("programmes-studios-activity-new", args=[studio.pk]),
        {
            "held_on": today.isoformat(),
            "kind": "REPORT_LESSON",
            "level": "SCHOOL",
            "plan_item": item.pk,
            "participants": [p.apprentice.pk, p.member.pk],
            "record": "汇报课，导师点评",
            "photos": [png("课堂.png")],
        },
    )
    assert response.status_code == 302, response.content.decode()
    activity = Activity.objects.get()
    assert activity.photos.count() == 1

    page = lead.get(reverse("programmes-studios-studio", args=[studio.pk])).content.decode()
    assert "1 / 1" in page and "REPORT_LESSON" not in page and "汇报课" in page

    lead.post(
        reverse("programmes-studios-report-new", args=[studio.pk]),
        {"school_year": year, "term": term, "title": "学期汇报", "text": "本学期……"},
    )
    as_(p.evaluator).post(
        reverse("programmes-studios-evaluation-new", args=[studio.pk]), {"school_year": year, "grade": "EXCELLENT"}
    )
    evaluation = studio.evaluations.get()
    as_(p.checker).post(reverse("programmes-studios-evaluation-confirm", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.confirmed_by == p.checker

    response = lead.post(reverse("programmes-studios-bundle", args=[studio.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "manifest.json" in names and any(name.endswith("课堂.png") for name in names)
    photo = activity.photos.get()
    assert apprentice.get(reverse("programmes-studios-file", args=[studio.pk, photo.pk])).status_code == 200


def test_the_school_sees_the_public_page_and_not_the_files_and_others_nothing(studio_people, studio):
    p = studio_people
    url = reverse("programmes-studios-studio", args=[studio.pk])
    page = as_(p.teacher).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "周海涛" in body and 'id="archive"' not in body and 'id="record-activity"' not in body
    assert as_(p.outsider).get(url).status_code == 404
    assert as_(p.teacher).post(reverse("programmes-studios-people", args=[studio.pk]), {}).status_code == 403
    assert as_(p.teacher).post(reverse("programmes-studios-bundle", args=[studio.pk])).status_code == 403


def test_a_refused_input_shows_the_form_again_with_422(studio_people, studio):
    p = studio_people
    year, term = selectors.term_of(business_today())
    response = as_(p.lead).post(
        reverse("programmes-studios-agreement-new", args=[studio.pk]),
        {
            "mentor": p.member.pk,
            "apprentice": p.member.pk,
            "school_year": year,
            "term": term,
            "mentor_duties": "x",
            "apprentice_goals": "y",
        },
    )
    assert response.status_code == 422 and not Agreement.objects.exists()


def test_the_api_refuses_a_pair_with_self_with_its_code(studio_people, studio):
    p = studio_people
    year, term = selectors.term_of(business_today())
    response = as_(p.lead).post(
        reverse("api-programmes-studios-agreements", args=[studio.pk]),
        {
            "mentor": p.member.pk,
            "apprentice": p.member.pk,
            "school_year": year,
            "term": term,
            "mentor_duties": "x",
            "apprentice_goals": "y",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "pair_with_self"


def test_a_studio_term_through_the_api(studio_people, studio):
    p = studio_people
    today = business_today()
    year, term = selectors.term_of(today)
    starts, ends = selectors.term_dates(year, term)
    api = as_(p.lead)

    def post(name, pk, data=None):
        return api.post(
            reverse(f"api-programmes-studios-{name}", args=[pk]), data or {}, content_type="application/json"
        )

    plan = post(
        "plans", studio.pk, {"school_year": year, "term": term, "starts": str(starts), "ends": str(max(ends, today))}
    )
    assert plan.status_code == 201
    plan_id = plan.json()["id"]
    item = post("plan-items", plan_id, {"kind": "SHOWCASE", "responsible": p.lead.pk, "planned_count": 2})
    assert post("plan-publish", plan_id).status_code == 200
    assert (
        post("plan-items", plan_id, {"kind": "SHOWCASE", "responsible": p.lead.pk}).json()["code"] == "plan_published"
    )
    held = post(
        "activities",
        studio.pk,
        {
            "kind": "SHOWCASE",
            "held_on": str(today),
            "level": "AREA",
            "record": "展示课",
            "participants": [p.lead.pk],
            "plan_item": item.json()["id"],
        },
    )
    assert held.status_code == 201
    detail = api.get(reverse("api-programmes-studios-studio", args=[studio.pk])).json()
    assert detail["plans"][0]["items"][0]["held"] == 1
    response = post("bundle", studio.pk)
    assert response.status_code == 200 and zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None
    public = as_(p.teacher).get(reverse("api-programmes-studios-studio", args=[studio.pk])).json()
    assert public["activities"] == [] and len(public["people"]) == 3


def test_the_hub_offers_ones_studio_and_the_list_to_the_school_only(studio_people, studio):
    from programmes.studios import hub

    p = studio_people
    urls = [entry["url"] for entry in hub.entries(p.member)]
    assert reverse("programmes-studios-studio", args=[studio.pk]) in urls
    assert reverse("programmes-studios-list") in [entry["url"] for entry in hub.entries(p.teacher)]
    assert hub.entries(p.outsider) == []
