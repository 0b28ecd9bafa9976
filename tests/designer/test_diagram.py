"""The case page's process diagram (designer.diagram): where the case stands, who acts in words, no internal codes.
Pure: no database."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from designer.diagram import diagram_rows

DOCUMENT = {
    "format": 1,
    "form": {
        "fields": [
            {"key": "level", "type": "choice", "label": "级别", "options": ["校级", "区级"]},
            {"key": "reviewer", "type": "person", "label": "评审人"},
            {"key": "host_school", "type": "organisation", "label": "承办学校"},
        ]
    },
    "nodes": [
        {"id": "dept", "type": "approval", "name": "教导处审核", "who": {"source": "role", "role": "SCHOOL_DEPT"}},
        {
            "id": "by_level",
            "type": "condition",
            "name": "按级别",
            "branches": [
                {"id": "other", "name": "其他情况", "default": True, "nodes": []},
                {
                    "id": "district",
                    "name": "区级",
                    "priority": 1,
                    "when": {"all": [{"field": "level", "op": "in", "value": ["区级"]}]},
                    "nodes": [
                        {
                            "id": "bureau",
                            "type": "approval",
                            "name": "教育局审批",
                            "mode": "ratio",
                            "ratio": {"percent": "60"},
                            "who": {"source": "role_in", "role": "BUREAU_BASIC_EDU", "organisation": 3},
                        }
                    ],
                },
            ],
        },
        {
            "id": "lead",
            "type": "approval",
            "name": "校长会签",
            "mode": "all",
            "who": {"source": "people", "people": [12, 15]},
        },
        {
            "id": "both",
            "type": "parallel",
            "name": "同时办理",
            "branches": [
                {
                    "id": "left",
                    "name": "甲",
                    "nodes": [
                        {
                            "id": "file",
                            "type": "handling",
                            "name": "归档",
                            "who": {"source": "field", "field": "reviewer"},
                        }
                    ],
                },
                {
                    "id": "right",
                    "name": "乙",
                    "nodes": [
                        {
                            "id": "host",
                            "type": "handling",
                            "name": "承办",
                            "mode": "all",
                            "who": {"source": "field", "field": "host_school", "role": "MEMBER_SCHOOL"},
                        }
                    ],
                },
            ],
        },
        {"id": "boss", "type": "approval", "name": "主管", "who": {"source": "superior", "levels": 2}},
        {"id": "office", "type": "cc", "name": "抄送办公室", "who": {"source": "initiator"}},
    ],
}
NAMES = {12: "王校长", 15: "李副校长", 40: "赵老师"}
ORGANISATIONS = {3: "玉环市教育局"}


def _rows(**state):
    state = {"done": set(), "current": set(), "waiting": {}, "taken": set(), **state}
    with translation.override("en"):
        return diagram_rows(DOCUMENT, names=NAMES, organisations=ORGANISATIONS, **state)


def _nodes(rows):
    return {row["name"]: row for row in rows if row["row"] == "node"}


def test_the_current_node_names_who_is_still_waiting_and_the_branch_not_taken_is_skipped():
    rows = _rows(done={"dept", "by_level"}, current={"lead"}, waiting={"lead": ["李副校长"]}, taken={"other"})
    nodes = _nodes(rows)
    assert nodes["教导处审核"]["status"] == "done"
    assert nodes["教育局审批"]["status"] == "skipped"  # 区级 was not taken
    assert nodes["校长会签"]["status"] == "current"
    assert nodes["校长会签"]["waiting"] == ["李副校长"]
    assert nodes["归档"]["status"] == "future" and nodes["归档"]["waiting"] == []
    assert rows[0]["row"] == "start" and rows[-1] == {"row": "end", "depth": 0, "name": "End", "status": "future"}
    branches = [row for row in rows if row["row"] == "branch_open"]
    # condition branches in the order they are tried: by priority, the default last
    assert [(b["name"], b["status"], b["priority"], b["default"]) for b in branches[:2]] == [
        ("区级", "skipped", 1, False),
        ("其他情况", "taken", None, True),
    ]
    assert [b["status"] for b in branches[2:]] == ["future", "future"]  # the parallel node is not reached yet


def test_inside_a_parallel_branch_the_branching_node_is_in_progress_and_its_columns_nest():
    rows = _rows(
        done={"dept", "by_level", "bureau", "lead", "file"},
        current={"host"},
        waiting={"host": ["赵老师"]},
        taken={"district"},
    )
    nodes = _nodes(rows)
    assert nodes["教育局审批"]["status"] == "done"
    assert nodes["同时办理"]["status"] == "waiting"
    assert (nodes["归档"]["status"], nodes["承办"]["status"]) == ("done", "current")
    assert (nodes["归档"]["depth"], nodes["承办"]["depth"], nodes["主管"]["depth"]) == (1, 1, 0)
    opened = [row["row"] for row in rows if row["row"].startswith("branch")]
    assert opened == ["branches_open"] + ["branch_open", "branch_close"] * 2 + ["branches_close"] + [
        "branches_open"
    ] + ["branch_open", "branch_close"] * 2 + ["branches_close"]


def test_a_finished_case_reaches_the_end_and_branching_nodes_count_as_passed():
    done = {"dept", "lead", "file", "host", "boss", "office"}  # the walker need not record branching nodes
    rows = _rows(done=done, taken={"other"})
    nodes = _nodes(rows)
    assert nodes["按级别"]["status"] == "done" and nodes["同时办理"]["status"] == "done"
    assert rows[-1]["status"] == "done"


def test_who_acts_is_said_in_words_for_each_source_and_mode():
    nodes = _nodes(_rows())
    assert nodes["教导处审核"]["summary"] == "In turn · School department of the initiator's organisation"
    assert nodes["教育局审批"]["summary"] == "Approved by 60% · Bureau basic education section of 玉环市教育局"
    assert nodes["校长会签"]["summary"] == "All must approve · 王校长、李副校长"
    assert nodes["归档"]["summary"] == "Any one of them handles it · The person in “评审人”"
    assert nodes["承办"]["summary"] == "Each of them handles it · Member school lead of the organisation in “承办学校”"
    assert nodes["主管"]["summary"] == "In turn · Superior (2 levels up)"
    assert nodes["抄送办公室"]["summary"] == "The initiator"


@pytest.mark.parametrize(
    ("who", "words"),
    [
        ({"source": "people", "people": [99]}, "a person no longer on record"),
        ({"source": "role", "role": "NO_SUCH_ROLE"}, "a role that no longer exists of the initiator's organisation"),
        ({"source": "field", "field": "gone"}, "The person in “a field no longer on the form”"),
        ({"source": "superiors", "levels": 1}, "Each superior up to 1 level"),
        ({"source": "chosen", "multiple": True, "scope": {}}, "Chosen by the initiator (several)"),
        ({"source": "previous"}, "Chosen by the previous approver"),
        ({}, "Not set yet"),
    ],
)
def test_what_the_document_names_but_nobody_can_read_is_said_plainly(who, words):
    document = {"form": {"fields": []}, "nodes": [{"id": "n", "type": "cc", "name": "抄送", "who": who}]}
    with translation.override("en"):
        rows = diagram_rows(document, done=set(), current=set(), waiting={}, taken=set(), names={})
    assert _nodes(rows)["抄送"]["summary"] == words


def test_the_page_shows_the_current_node_and_who_is_waiting_without_any_internal_code():
    rows = _rows(done={"dept", "by_level"}, current={"lead"}, waiting={"lead": ["李副校长"]}, taken={"other"})
    with translation.override("en"):
        html = render_to_string("designer/_diagram.html", {"diagram_rows": rows})
    current = re.search(r'<div class="flow-card kind-approval is-current" aria-current="step">(.*?)</div>', html, re.S)
    assert current and "校长会签" in current.group(1) and "Waiting for: 李副校长" in current.group(1)
    assert html.count('aria-current="step"') == 1
    assert "Not on this case&#x27;s path" in html or "Not on this case's path" in html
    assert html.count("<ol") == html.count("</ol>") and len(re.findall(r"<li[ >]", html)) == html.count("</li>")
    visible = re.sub(r"<[^>]+>", " ", html)
    for code in ("SCHOOL_DEPT", "BUREAU_BASIC_EDU", "by_level", "host_school", "reviewer", "district"):
        assert code not in visible
