"""The programmes' dashboard (/programmes/dashboard/): pick an organisation and a school year; the seed's figures
over the years, quota progress, pledges and their review, 三星 awards and published grades, each figure a link to
exactly its rows (the baseline's teachers pages, or this dashboard's rows page), each table exported to Excel."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.services import audit_record
from core.dates import business_today
from core.school_year import school_year_label, school_year_of
from forms.views import content_disposition
from programmes.dashboard import export, selectors
from programmes.dashboard.access import place_for_user

PROCESS = "programmes"


def _year(request, today) -> int:
    current = school_year_of(today)
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= current else current


def _cell(request) -> tuple[int, int] | None:
    series, category = request.GET.get("s", ""), request.GET.get("c", "")
    return (int(series), int(category)) if series.isdigit() and category.isdigit() else None


def _board_and_rows(request, place, year, today):
    """The board asked for (?chart=) and, with ?s=&c=, the rows of that figure; 404 for anything else."""
    board = selectors.board(place, year, today, request.GET.get("chart", ""))
    if board is None:
        raise Http404
    cell = _cell(request)
    if cell is None:
        return board, None, None
    rows = board.cell_rows(*cell)
    if rows is None:
        raise Http404
    series, category = board.chart.series[cell[0]].name, board.chart.categories[cell[1]]
    return board, rows, f"{board.chart.title} · {category} · {series}"


@login_required
@require_GET
def page(request):
    today = business_today()
    place = place_for_user(request.user, request.GET.get("org"))
    year = _year(request, today)
    boards = selectors.boards(place, year, today)
    context = {
        "place": place,
        "organisation": place.organisation,
        "choices": place.choices,
        "year": year,
        "years": [(y, school_year_label(y)) for y in selectors.years_offered(place, today)],
        "boards": boards,
        "chart_data": [b.chart.as_data() for b in boards],
        "today": today,
        "counted": selectors.programmes_of(place, year),
    }
    return render(request, "programme_dashboard/page.html", context)


@login_required
@require_GET
def rows(request):
    """The rows behind one figure (?chart=&s=&c=): exactly what it counts."""
    today = business_today()
    place = place_for_user(request.user, request.GET.get("org"))
    year = _year(request, today)
    board, found, title = _board_and_rows(request, place, year, today)
    if found is None:
        raise Http404
    context = {
        "place": place,
        "year": year,
        "year_label": school_year_label(year),
        "board": board,
        "rows": found,
        "shown": [{"cells": list(zip(board.columns, row["cells"], strict=True)), "url": row["url"]} for row in found],
        "title": title,
        "query": request.GET.urlencode(),
    }
    return render(request, "programme_dashboard/rows.html", context)


@login_required
@require_GET
def export_view(request):
    """A chart's table (?chart=), or the rows of one figure (?chart=&s=&c=), as .xlsx."""
    today = business_today()
    place = place_for_user(request.user, request.GET.get("org"))
    year = _year(request, today)
    board, found, title = _board_and_rows(request, place, year, today)
    caption = [place.organisation.name, school_year_label(year), _("As of %(date)s") % {"date": today.isoformat()}]
    if found is None:
        body, name, count = export.table_workbook(board, caption), board.chart.title, len(board.chart.categories)
    else:
        body, name, count = export.rows_workbook(board, title, found, caption), title, len(found)
    with transaction.atomic():
        audit_record(
            process=PROCESS,
            action="list_export",
            actor=request.user,
            organisation=place.organisation,
            business_date=today,
            data={"list": f"dashboard:{board.chart.key}", "rows": count, "query": dict(request.GET.items())},
        )
    response = HttpResponse(body, content_type=export.XLSX)
    response["Content-Disposition"] = content_disposition("attachment", f"{name}-{today:%Y%m%d}.xlsx")
    return response
