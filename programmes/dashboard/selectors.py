"""The programmes' dashboard figures (issue 19 item 10), each chart in the house shape (dashboards.charts.Chart) with,
for every figure, the rows it counts: the seed's baseline figures and ratios over the years (their lists are the
baseline's teachers pages), quota progress per activity and per programme, pledges by their year-end review, 三星
awards per star and year, and the published grades.

A figure's count and its rows come from the same computation (``Board.rows``), and the rows page recomputes the
same board, so a figure links to exactly its rows. Every board costs a fixed number of queries per programme (or
per school year for the baseline), whatever the number of participants and records."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Organisation, OrganisationKind
from core.school_year import school_year_date, school_year_label, school_year_of
from dashboards.charts import Chart, Series
from programmes.baseline import selectors as baseline
from programmes.dashboard.access import Place
from programmes.models import ActivityKind

YEARS_BACK = 5  # the baseline and the awards over this many school years, the chosen one last
BASELINE_SERIES = ("teachers", "members", "backbones", "member_backbones", "advanced")


@dataclass
class Board:
    """A chart, the columns of its rows, and the rows behind each figure: (series, category) -> rows, each row
    {"cells": [...], "url": link or None}. ``rows`` is None when the figures link to another part's lists."""

    chart: Chart
    columns: list[str] = field(default_factory=list)
    rows: dict[tuple[int, int], list[dict]] | None = None
    extra: dict = field(default_factory=dict)

    def cell_rows(self, series: int, category: int) -> list[dict] | None:
        if self.rows is None or not (0 <= series < len(self.chart.series)):
            return None
        if not (0 <= category < len(self.chart.categories)):
            return None
        return self.rows.get((series, category), [])


def rows_url(place: Place, year: int, key: str, series: int, category: int) -> str:
    query = urlencode({"org": place.organisation.pk, "year": year, "chart": key, "s": series, "c": category})
    return f"{reverse('programmes-dashboard-rows')}?{query}"


def _link_cells(board: Board, place: Place, year: int) -> Board:
    """Each figure of a board with rows links to the dashboard's rows page (when it counts something)."""
    for s, series in enumerate(board.chart.series):
        series.urls = [
            rows_url(place, year, board.chart.key, s, c) if value else None for c, value in enumerate(series.values)
        ]
    return board


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def years_up_to(year: int) -> list[int]:
    return list(range(year - YEARS_BACK + 1, year + 1))


def day_in(year: int, today: datetime.date) -> datetime.date:
    """Today's month and day in the school year (28 February for 29 February), at the latest today."""
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    return min(school_year_date(year, today.month, day), today)


# The seed's figures over the years (programmes.baseline) ------------------------------------------------------


def baseline_board(place: Place, year: int, today: datetime.date) -> Board | None:
    scope = place.baseline
    if scope is None:
        return None
    years = years_up_to(year)
    days = [day_in(y, today) for y in years]
    found = [baseline.figures(scope, day=day).totals for day in days]
    teachers = reverse("programmes-baseline-teachers", args=[scope.pk])

    def url(key: str, day: datetime.date) -> str:
        return f"{teachers}?{urlencode({'figure': key, 'day': day.isoformat()})}"

    series = [
        Series(
            str(baseline.FIGURE_LABELS[key]),
            [figures.count(key) for figures in found],
            [url(key, day) for day in days],
        )
        for key in BASELINE_SERIES
    ]
    categories = [f"{school_year_label(y)}（{day:%m-%d}）" for y, day in zip(years, days, strict=True)]
    chart = Chart(
        key="baseline",
        title=_("The seed's figures over the school years: %(place)s") % {"place": scope.name},
        kind="bar",
        categories=categories,
        series=series,
        note=_(
            "Each school year counted on today's month and day (the current one today). Titles and memberships as "
            "they stood that day; party standing is today's, since no history of it is kept."
        ),
    )
    ratios = [
        {
            "label": categories[i],
            "cells": [
                ratio
                | {
                    "top_url": url(ratio["numerator_figure"], days[i]),
                    "bottom_url": url(ratio["denominator_figure"], days[i]),
                }
                for ratio in figures.ratios
            ],
        }
        for i, figures in enumerate(found)
    ]
    extra = {"ratios": ratios, "ratio_labels": [str(label) for _k, label, *_r in baseline.RATIOS], "scope": scope}
    return Board(chart, extra=extra)


# Quota progress (programmes.records) ------------------------------------------------------------------------


def programmes_of(place: Place, year: int) -> list:
    return list(place.programmes.filter(school_year=year).order_by("organisation__path", "kind", "pk"))


def _progress(programmes: list, today: datetime.date) -> list[tuple]:
    from programmes.records import selectors as records

    return [
        (programme, records.progress(programme, records.people_of(programme, day=today), today=today))
        for programme in programmes
    ]


def progress_boards(place: Place, year: int, today: datetime.date, found: list[tuple] | None = None) -> list[Board]:
    found = _progress(programmes_of(place, year), today) if found is None else found
    return [_kind_board(found), _programme_board(found)]


def _person(person) -> str:
    return person.real_name or person.username


def _kind_board(found: list[tuple]) -> Board:
    order = {kind: i for i, kind in enumerate(ActivityKind.values)}
    kinds: dict[str, dict] = {}
    for programme, entries in found:
        url = reverse("programmes-records-school", args=[programme.pk])
        for entry in entries:
            for row in entry.rows:
                kind = kinds.setdefault(row.kind, {"label": row.label, "done": 0, "required": 0, "rows": ([], [])})
                kind["done"] += row.done
                kind["required"] += row.required
                line = [
                    _person(entry.person),
                    programme.name,
                    row.period_label,
                    row.done,
                    row.pending,
                    row.required,
                    row.expected,
                ]
                kind["rows"][0 if row.on_track else 1].append({"cells": line, "url": url})
    keys = sorted(kinds, key=lambda k: order.get(k, 99))
    chart = Chart(
        key="progress",
        title=_("Quota progress by activity: people on track and behind"),
        kind="stacked",
        categories=[
            _("%(activity)s (confirmed %(done)d of %(required)d)")
            % {"activity": kinds[k]["label"], "done": kinds[k]["done"], "required": kinds[k]["required"]}
            for k in keys
        ],
        series=[
            Series(_("On track"), [len(kinds[k]["rows"][0]) for k in keys]),
            Series(_("Behind"), [len(kinds[k]["rows"][1]) for k in keys]),
        ],
        note=_(
            "Each person counted once per activity, in the period of today. On track: confirmed and waiting records "
            "at least the share of the period gone by."
        ),
    )
    rows = {(s, c): kinds[k]["rows"][s] for c, k in enumerate(keys) for s in (0, 1)}
    columns = [
        _("Person"),
        _("Programme"),
        _("Period"),
        _("Confirmed"),
        _("Waiting for confirmation"),
        _("Required"),
        _("Needed by today"),
    ]
    return Board(chart, columns, rows)


def _programme_board(found: list[tuple]) -> Board:
    categories, on_track, behind, rows = [], [], [], {}
    for c, (programme, entries) in enumerate(found):
        url = reverse("programmes-records-school", args=[programme.pk])
        categories.append(f"{programme.name}（{programme.organisation.name}）")
        split = ([], [])
        for entry in entries:
            if not entry.rows:
                continue
            lagging = "、".join(row.label for row in entry.behind)
            split[0 if entry.on_track else 1].append({"cells": [_person(entry.person), lagging], "url": url})
        on_track.append(len(split[0]))
        behind.append(len(split[1]))
        rows[(0, c)], rows[(1, c)] = split
    chart = Chart(
        key="participants",
        title=_("People on track in every activity, by programme"),
        kind="stacked",
        categories=categories,
        series=[Series(_("On track"), on_track), Series(_("Behind"), behind)],
    )
    return Board(chart, [_("Person"), _("Behind in")], rows)


# Pledges and their year-end review (programmes.commitments) -----------------------------------------------------


def pledges_board(place: Place, year: int) -> Board:
    from programmes.commitments.models import Outcome, Pledge, PledgeKind, PledgeStatus

    public = (PledgeStatus.PUBLISHED, PledgeStatus.REVIEWED)
    found = (
        Pledge.objects.filter(programme__in=place.programmes.filter(school_year=year), status__in=public)
        .select_related("person", "programme", "reviewed_by")
        .order_by("person__real_name", "person_id", "programme_id", "kind", "-version")
    )
    outcomes = [*Outcome.values, ""]
    kinds = PledgeKind.values
    rows: dict[tuple[int, int], list[dict]] = {(s, c): [] for s in range(len(kinds)) for c in range(len(outcomes))}
    seen = set()
    for pledge in found:  # the latest public version of each person's plan and pledge in each programme
        key = (pledge.programme_id, pledge.person_id, pledge.kind)
        if key in seen:
            continue
        seen.add(key)
        outcome = pledge.outcome if pledge.status == PledgeStatus.REVIEWED else ""
        line = [
            _person(pledge.person),
            pledge.programme.name,
            pledge.get_kind_display(),
            pledge.version,
            _local(pledge.published_at),
            pledge.get_outcome_display() if outcome else pgettext("pledge review", "Not reviewed yet"),
            _person(pledge.reviewed_by) if pledge.reviewed_by else "",
            pledge.review_comment,
        ]
        url = reverse("programmes-pairs-pledges", args=[pledge.programme_id, pledge.person_id])
        rows[(kinds.index(pledge.kind), outcomes.index(outcome))].append({"cells": line, "url": url})
    chart = Chart(
        key="pledges",
        title=_("Public plans and pledges by their year-end review"),
        kind="stacked",
        categories=[*(str(label) for label in Outcome.labels), pgettext("pledge review", "Not reviewed yet")],
        series=[
            Series(str(label), [len(rows[(s, c)]) for c in range(len(outcomes))])
            for s, label in enumerate(PledgeKind.labels)
        ],
        note=_("Each person's latest public version of each, in the programmes of the school year."),
    )
    columns = [
        _("Person"),
        _("Programme"),
        _("Kind"),
        _("Version"),
        _("Made public at"),
        _("Year-end review"),
        _("Reviewed by"),
        _("Review comment"),
    ]
    return Board(chart, columns, rows)


# 争三星 awards (approved cases of the designed process "three-stars", as programmes.ballots reads them) ------------


def _schools_of(scope: Organisation) -> dict[str, Organisation]:
    if scope.kind == OrganisationKind.SCHOOL:
        return {str(scope.pk): scope}
    found = Organisation.objects.filter(kind=OrganisationKind.SCHOOL, path__startswith=scope.path)
    return {str(school.pk): school for school in found}


def stars_board(place: Place, year: int) -> Board | None:
    """Awards per star and school year, as programmes.ballots.selectors.star_holders counts them (the school named
    in the form, the school year of the approval), over the schools of the place, in two queries."""
    from designer.models import DesignedCase, Stage
    from programmes.ballots.selectors import STARS, STARS_CODE

    scope = place.baseline
    if scope is None:
        return None
    schools = _schools_of(scope)
    years = years_up_to(year)
    rows: dict[tuple[int, int], list[dict]] = {(s, c): [] for s in range(len(STARS)) for c in range(len(years))}
    cases = (
        DesignedCase.objects.filter(definition__code=STARS_CODE, stage=Stage.APPROVED)
        .select_related("initiator")
        .order_by("initiator__real_name", "pk")
    )
    for case in cases:
        values = case.values or {}
        school = schools.get(str(values.get("school")))
        star = values.get("star", "")
        decided = timezone.localdate(case.finished or case.created)
        awarded = school_year_of(decided)
        if school is None or star not in STARS or awarded not in years:
            continue
        url = f"{reverse('programmes-ballots-stars', args=[school.pk])}?year={awarded}"
        line = [_person(case.initiator), star, values.get("post", ""), school.name, decided.isoformat()]
        rows[(STARS.index(star), years.index(awarded))].append({"cells": line, "url": url})
    chart = Chart(
        key="stars",
        title=_("Three stars awarded, by star and school year: %(place)s") % {"place": scope.name},
        kind="bar",
        categories=[school_year_label(y) for y in years],
        series=[Series(star, [len(rows[(s, c)]) for c in range(len(years))]) for s, star in enumerate(STARS)],
        note=_("Approved applications, by the school year of their approval."),
    )
    columns = [_("Person"), _("Star"), _("Post"), _("School"), _("Approved on")]
    return Board(chart, columns, rows)


# Published year-end grades (programmes.assessment) --------------------------------------------------------------


def grades_board(place: Place, year: int) -> Board:
    from programmes.assessment.models import Sheet, SheetStatus

    sheets = (
        Sheet.objects.filter(
            status=SheetStatus.PUBLISHED,
            assessment__programme__in=place.programmes.filter(school_year=year),
        )
        .select_related("participant__person", "assessment__programme", "scheme")
        .order_by("participant__person__real_name", "pk")
    )
    order: dict[str, int] = {}  # grades in their schemes' order (highest first), then any other
    by_grade: dict[str, list[dict]] = {}
    for sheet in sheets:
        for place_in_scheme, grade in enumerate(sheet.scheme.grades or []):
            order.setdefault(str(grade.get("label", "")), place_in_scheme)
        line = [
            _person(sheet.participant.person),
            sheet.assessment.programme.name,
            f"{sheet.total}",
            sheet.grade or "—",
            _local(sheet.published_at),
        ]
        by_grade.setdefault(sheet.grade, []).append({"cells": line, "url": None})
    grades = sorted(by_grade, key=lambda g: (order.get(g, 99), g))
    chart = Chart(
        key="grades",
        title=_("Published year-end grades"),
        kind="bar",
        categories=[grade or pgettext("grade", "No grade") for grade in grades],
        series=[Series(pgettext("dashboard series", "People"), [len(by_grade[g]) for g in grades])],
    )
    rows = {(0, c): by_grade[g] for c, g in enumerate(grades)}
    return Board(chart, [_("Person"), _("Programme"), _("Total"), _("Grade"), _("Published at")], rows)


# The page ---------------------------------------------------------------------------------------------------------

KEYS = ("baseline", "progress", "participants", "pledges", "stars", "grades")


def boards(place: Place, year: int, today: datetime.date, only: str | None = None) -> list[Board]:
    """The dashboard's boards in order (``only``: just the one of this key, for its rows page or export)."""
    found: list[Board | None] = []
    if only in (None, "baseline"):
        found.append(baseline_board(place, year, today))
    if only in (None, "progress", "participants"):
        found += progress_boards(place, year, today)
    if only in (None, "pledges"):
        found.append(pledges_board(place, year))
    if only in (None, "stars"):
        found.append(stars_board(place, year))
    if only in (None, "grades"):
        found.append(grades_board(place, year))
    return [_link_cells(b, place, year) if b.rows is not None else b for b in found if b is not None]


def board(place: Place, year: int, today: datetime.date, key: str) -> Board | None:
    if key not in KEYS:
        return None
    return next((b for b in boards(place, year, today, only=key) if b.chart.key == key), None)


def years_offered(place: Place, today: datetime.date) -> list[int]:
    """The current school year and the earlier ones (YEARS_BACK) and any year of a programme counted, newest first."""
    current = school_year_of(today)
    years = set(range(current - YEARS_BACK + 1, current + 1))
    years |= set(place.programmes.filter(school_year__lte=current).values_list("school_year", flat=True))
    return sorted(years, reverse=True)
