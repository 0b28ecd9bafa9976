"""The results of one community's year as an .xlsx workbook: the result table with every intermediate
value, the indicator scores behind each figure, the scheme it was computed under, and its corrections."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import CommunityType
from core.school_year import school_year_label
from core.spreadsheets import neutralised
from workflows.evaluation import scheme_text
from workflows.evaluation.aggregation import INPUTS, INTERMEDIATES, correctable_inputs
from workflows.evaluation.models import EvaluationCase, GradingResult, IndicatorSet, Reading, Track

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value):
    return Decimal(value) if value not in (None, "") else None


def _sheet(book, title, header, rows, first=False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralised(value) for value in row])  # names and comments are typed by people
    sheet.freeze_panes = "A2"
    return sheet


def result_labels() -> dict:
    return {
        "N1_K": _("Core school, routine term 1"),
        "N2_K": _("Core school, routine term 2"),
        "N1_M": _("Member school, routine term 1"),
        "N2_M": _("Member school, routine term 2"),
        "P": _("Help project (P)"),
        "F": _("Feature development (F)"),
        "core_term1": _("Core term 1 (out of 100)"),
        "core_term2": _("Core term 2 (out of 100)"),
        "member_term1": _("Member term 1 (out of 100)"),
        "member_term2": _("Member term 2 (out of 100)"),
        "pooled_term1": _("Pooled term 1"),
        "pooled_term2": _("Pooled term 2"),
        "routine_core": _("Routine part, core school"),
        "routine_member": _("Routine part, member school"),
        "e_core": _("Year-end part, core school"),
        "e_member": _("Year-end part, member school"),
        "exact_core": _("Exact total, core school"),
        "exact_member": _("Exact total, member school"),
    }


def workbook(case: EvaluationCase, result: GradingResult) -> bytes:
    labels = result_labels()
    book = Workbook()
    header = [_("Core school"), _("Member school"), *(labels[k] for k in INPUTS + INTERMEDIATES)]
    header += [_("Total, core school"), _("Total, member school")]
    _sheet(
        book,
        _("Results"),
        header,
        [
            [
                row["core_school"],
                row["member_school"],
                *(_number(row["inputs"][k]) for k in INPUTS),
                *(_number(row["intermediates"][k]) for k in INTERMEDIATES),
                _number(row["total_core"]),
                _number(row["total_member"]),
            ]
            for row in result.rows
        ],
        first=True,
    )
    scores = []
    for track in case.routine.all():
        for s in track.scores.all():
            scores.append(
                [
                    track.school.name,
                    _("Routine work"),
                    track.term,
                    s.indicator.code,
                    s.indicator.title,
                    s.indicator.max_score,
                    s.self_score,
                    s.assessed_score,
                    s.assessed_by.real_name if s.assessed_by_id else "",
                    s.comment,
                ]
            )
    for track in case.projects.all():
        for s in track.scores.all():
            scores.append(
                [
                    track.member_school.name,
                    track.get_component_display(),
                    "",
                    s.indicator.code,
                    s.indicator.title,
                    s.indicator.max_score,
                    s.self_score,
                    s.assessed_score,
                    s.assessed_by.real_name if s.assessed_by_id else "",
                    s.comment,
                ]
            )
    _sheet(
        book,
        _("Indicator scores"),
        [
            _("School"),
            _("Component"),
            _("Term"),
            _("Code"),
            _("Indicator"),
            _("Maximum"),
            _("Self-score"),
            _("Assessed score"),
            _("Assessed by"),
            _("Comment"),
        ],
        scores,
    )
    _sheet(book, _("Scheme"), [_("Item"), _("Value")], _scheme_rows(case, result))
    inputs = {key: str(facts["label"]) for key, facts in correctable_inputs(result.rows, case.scheme).items()}
    _sheet(
        book,
        _("Corrections"),
        [_("Input"), _("Before"), _("After"), _("Reason"), _("Status"), _("Requested by"), _("Decided by")],
        [
            [
                inputs.get(c.field, ""),
                c.before,
                c.after,
                c.reason,
                c.get_status_display(),
                c.requested_by.real_name,
                c.decided_by.real_name if c.decided_by_id else "",
            ]
            for r in case.results.all()
            for c in r.corrections.all()
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _set_title(label: str) -> str:
    """An indicator set named in a result's snapshot ("code vN"), by its title."""
    code, _sep, version = label.rpartition(" v")
    found = IndicatorSet.objects.filter(code=code, version=int(version) if version.isdigit() else 0).first()
    return f"{found.title}（{found.version}）" if found else ""


def _scheme_rows(case: EvaluationCase, result: GradingResult) -> list[list]:
    """What the result was computed under, in words, from its own snapshot of the scheme."""
    scheme, kind = result.scheme, result.community_type
    rows = [
        [_("Community"), case.community.name],
        [_("School year"), school_year_label(case.school_year)],
        [_("Scheme version"), case.scheme.title],
        [_("Routine work of a pair"), Reading(result.reading).label],
        [_("Community type"), CommunityType(kind).label if kind in CommunityType.values else ""],
        [_("Result version"), result.version],
        [_("Status"), result.get_status_display()],
        [_("Rounding"), scheme_text.rounding_text(scheme["places"])],
        [_("Routine-work full marks"), scheme["routine_full_marks"]],
        [_("Grades (等次)"), scheme_text.grades_text(scheme.get("grades", []))],
    ]
    for component, track in scheme_text.COMPONENTS.items():
        ratio = scheme_text.ratio_text(scheme["ratios"].get(f"{component}:{kind}"))
        rows.append([_("Ratio, %(component)s (core school : member school)") % {"component": track.label}, ratio])
    for track, label in scheme["indicator_sets"].items():
        rows.append([_("Indicators: %(track)s") % {"track": Track(track).label}, _set_title(label)])
    return [[str(item), value if isinstance(value, int) else str(value)] for item, value in rows]  # no lazy text
