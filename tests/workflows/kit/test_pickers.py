"""The person and organisation pickers (accounts.pickers) and how the kit's step forms use them
(workflows.kit.web_forms): each option says who (name · organisation · role) or where (the path in the tree), is
searchable by name, pinyin initials and the tail of a phone or ID number (never the whole number), and two people
of the same name are told apart; the choices stay the process's (only the eligible)."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from rest_framework import serializers

from accounts.pickers import name_keys, organisation_options, person_options, tail
from accounts.roles import Role
from tests.factories import UserFactory, grant
from workflows.kit.actions import Action
from workflows.kit.registry import Pages
from workflows.kit.web_forms import step_form

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)


def test_a_name_is_found_by_its_pinyin_initials_and_full_pinyin_and_a_surname_by_each_reading():
    assert {"梁静", "lj", "liangjing"} <= set(name_keys("梁静"))
    assert {"zxm", "cxm"} <= set(name_keys("曾小明"))  # 曾 as a surname reads zēng


def test_only_the_last_four_characters_of_a_number_are_ever_kept():
    assert tail("138 0013 8000") == "8000"
    assert tail("33010219800101002x") == "002X"
    assert tail("1234") == ""  # a number this short would be given away whole


def test_a_person_is_labelled_with_organisation_and_role_and_searchable_without_the_whole_number(tree):
    person = UserFactory(real_name="梁静", phone="13800138000")
    grant(person, tree.branch_a, Role.BRANCH_SECRETARY)
    [option] = person_options([person])
    assert option.label == f"梁静 · 第一支部 · {Role.BRANCH_SECRETARY.label}"
    assert {"lj", "liangjing", "8000"} <= set(option.search.split())
    assert "13800138000" not in option.search and person.id_number.lower() not in option.search


def test_two_people_of_the_same_name_and_place_are_told_apart_by_the_tail_of_their_phone(tree):
    first, second = UserFactory(real_name="王芳", phone="13900000001"), UserFactory(real_name="王芳", phone="")
    for person in (first, second):
        grant(person, tree.branch_a, Role.MEMBER)
    labels = [option.label for option in person_options([(first.pk, "王芳"), (second.pk, "王芳")])]
    assert labels[0].endswith("0001") and labels[1].endswith(second.id_number[-4:].upper())
    assert labels[0] != labels[1]


def test_the_same_name_in_different_places_needs_no_number(tree):
    first, second = UserFactory(real_name="王芳", phone="13900000001"), UserFactory(real_name="王芳")
    grant(first, tree.branch_a, Role.MEMBER)
    grant(second, tree.branch_b, Role.MEMBER)
    labels = [option.label for option in person_options([first, second])]
    assert "0001" not in labels[0] and labels[0] != labels[1]


def test_the_role_shown_is_the_one_near_the_case(tree):
    person = UserFactory(real_name="周强")
    grant(person, tree.branch_a, Role.MEMBER)
    grant(person, tree.other_branch, Role.ORG_ADMIN)
    [near_a] = person_options([person], near=tree.committee)
    [near_other] = person_options([person], near=tree.other_branch)
    assert "第一支部" in near_a.label and "其他支部" in near_other.label


def test_what_the_process_says_of_a_person_stays_on_the_label(tree):
    person = UserFactory(real_name="郑明")
    grant(person, tree.branch_a, Role.MEMBER)
    [option] = person_options([(person.pk, "郑明 · 无表决权")])
    assert option.label == f"郑明 · 第一支部 · {Role.MEMBER.label} · 无表决权"


def test_organisations_are_labelled_by_their_path_below_what_they_share_in_tree_order(tree):
    options = organisation_options([(tree.branch_b.pk, "第二支部"), (tree.school.pk, "城关一小 · 核心校")])
    assert [option.label for option in options] == ["城关一小 · 核心校", "城关一小党委 › 第二支部"]
    apart = organisation_options([tree.branch_a, tree.branch_b, tree.community])
    assert [option.label for option in apart] == [
        "城关共同体",
        "城关一小 › 城关一小党委 › 第一支部",
        "城关一小 › 城关一小党委 › 第二支部",
    ]
    assert [option.depth for option in options] == [0, 2]
    assert "dezb" in options[1].search.split()  # 第二支部: pinyin initials


class Appoint(serializers.Serializer):
    person_ids = serializers.ListField(child=serializers.IntegerField())
    branch_id = serializers.IntegerField()


def _form(eligible, tree):
    def widgets(plan):
        plan.fields["branch_id"].widget = forms.Select(choices=[(tree.branch_a.pk, "第一支部")])

    class Kind:
        pages = Pages(
            prefix="t", case_name="t", step_name="t-step", people=lambda action, case, day: eligible, widgets=widgets
        )

    return step_form(
        Kind, Action(code="appoint", label="任命", input=Appoint, handler=lambda ctx: None), None, None, DAY
    )


def test_a_step_form_offers_only_the_eligible_people_as_labelled_searchable_checkboxes(tree):
    people = [UserFactory(real_name=f"成员{n}") for n in range(8)]
    for person in people:
        grant(person, tree.branch_a, Role.MEMBER)
    stranger = UserFactory(real_name="外人")
    html = str(_form([(p.pk, p.real_name) for p in people], tree)["person_ids"])
    assert html.count('type="checkbox"') == 8 and "外人" not in html and str(stranger.pk) not in html.split('"')
    assert 'data-picker="people"' in html and "data-search=" in html and "第一支部" in html


def test_a_short_list_of_people_needs_no_search_box(tree):
    person = UserFactory(real_name="孙丽")
    html = str(_form([(person.pk, person.real_name)], tree)["person_ids"])
    assert "data-search=" in html and 'data-picker="people"' not in html


def test_an_organisation_chosen_on_a_step_form_becomes_an_organisation_picker(tree):
    html = str(_form([], tree)["branch_id"])
    assert 'data-picker="organisation"' in html and "第一支部" in html and "data-search=" in html


def test_a_hand_written_picker_gets_its_options_from_the_template_tag(tree):
    person = UserFactory(real_name="梁静")
    grant(person, tree.branch_a, Role.MEMBER)
    html = Template(
        "{% load pickers %}{% person_options people as options %}"
        "{% for o in options %}{{ o.value }}|{{ o.label }}|{{ o.search }}{% endfor %}"
    ).render(Context({"people": [person]}))
    assert html.startswith(f"{person.pk}|梁静 · 第一支部") and "lj" in html
