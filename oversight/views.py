"""HR's dashboard of every workplace (a manager's of theirs) and its CSV and PDF exports;
the start page and each workplace's programme page (where it stands in Bilag 1–7)."""

import zlib
from collections.abc import Iterable
from functools import cached_property

from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from guidelines.services import pending_acknowledgements
from oversight.dashboard import (
    TOO_FEW,
    Entry,
    Filters,
    Row,
    TrendPoint,
    areas_of,
    ball_trends,
    conversation_counts,
    dashboard_entries,
    dashboard_rows,
    describe,
    describe_all,
    load_figures,
)
from oversight.programme import programme_for, standing_of
from riskmapping.models import DialogueMeeting
from stressprogram.pdf import pdf_response, render_pdf
from stressprogram.spreadsheet import danish_csv
from workplaces.access import (
    help_kinds_allowed,
    is_hr,
    may_oversee,
    oversight_view,
    sees_conversation_counts,
    workplace_view,
    workplaces_overseen_by,
    workplaces_visible_to,
)
from workplaces.expectations import LOGGED_IN, OVERSEE, READ, expects
from workplaces.models import Membership, Workplace

# 100 rows a page keeps the page light at 1,000 workplaces; the exports take them all.
PER_PAGE = 100
# A row's HTML is kept at most this long (its key names the moment its figures expire).
ROW_KEPT_SECONDS = 24 * 60 * 60
# Trends: charts of this many workplaces a page (every area's chart is on each page).
TRENDS_PER_PAGE = 20

COLUMNS = [
    ("name", gettext_lazy("Arbejdsplads")),
    ("area", gettext_lazy("Område")),
    ("knowledge", gettext_lazy("Bilag 1: viden om stress")),
    ("guideline", gettext_lazy("Bilag 2: retningslinjer")),
    ("plan", gettext_lazy("Bilag 3: prioriteringsplan")),
    ("iglo", gettext_lazy("Bilag 7: IGLO-handleplaner")),
    ("riskmapping", gettext_lazy("Bilag 5/6: risikoafdækning")),
    ("overdue", gettext_lazy("Status")),
]


def _filtered(request: HttpRequest) -> tuple[Filters, QuerySet[Workplace], QuerySet]:
    workplaces = workplaces_overseen_by(request.user)
    filters = Filters.from_request(request.GET)
    return filters, workplaces, filters.apply(dashboard_rows(workplaces))


def _sort_links(request: HttpRequest, filters: Filters) -> list[dict[str, object]]:
    """Column headers: a link that sorts by the column (again: reversed) and aria-sort."""
    links = []
    for key, label in COLUMNS:
        current = filters.sort.removeprefix("-") == key
        descending = filters.sort.startswith("-")
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = f"-{key}" if current and not descending else key
        links.append(
            {
                "key": key,
                "label": label,
                "url": "?" + params.urlencode(),
                "aria_sort": ("descending" if descending else "ascending") if current else None,
            }
        )
    return links


class PageRow:
    """A row of the page: its workplace and kept HTML; the texts (`Row`'s attributes) are
    made only when asked for, as where the HTML was not kept."""

    def __init__(self, entry: Entry, html: str = "") -> None:
        self.entry, self.html = entry, html

    @cached_property
    def workplace(self) -> Workplace:
        # Built only for a row rendered afresh: a model instance costs more than its kept HTML.
        return self.entry.workplace()

    @cached_property
    def row(self) -> Row:
        return describe(self.workplace, self.entry.figures)

    def __getattr__(self, name: str) -> object:
        return getattr(self.row, name)


def rendered_rows(entries: Iterable[Entry]) -> list[PageRow]:
    """The page's rows with their HTML, kept by workplace, figures and language, and by the
    name, address, kind and area it shows (which change without its stamp)."""
    cache = caches["figures"]
    language = get_language()
    rows = [PageRow(entry) for entry in entries]
    keys = []
    for entry in entries:
        shown = f"{entry.name}\x1f{entry.slug}\x1f{entry.kind}\x1f{entry.area_name}"
        keys.append(
            f"oversight:row:1:{entry.pk}:{entry.stamp}:{entry.values.good_until}:{language}:"
            f"{zlib.crc32(shown.encode())}"
        )
    found, fresh = cache.get_many(keys), {}
    # The figures of the rows to render, in one read.
    to_render = [r.entry for r, key in zip(rows, keys, strict=True) if key not in found]
    load_figures(to_render, timezone.now())
    for row, key in zip(rows, keys, strict=True):
        html = found.get(key)
        if html is None:
            html = fresh[key] = render_to_string("oversight/_oversight_row.html", {"row": row})
        row.html = mark_safe(html)  # noqa: S308 (rendered here, escaped by the template)
    if fresh:
        cache.set_many(fresh, ROW_KEPT_SECONDS)
    return rows


@expects(get=OVERSEE)
@oversight_view
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    workplaces = workplaces_overseen_by(request.user)
    filters = Filters.from_request(request.GET)
    # Kept figures, sorted and filtered in Python: one query when nothing changed.
    entries = dashboard_entries(workplaces, filters)
    totals = {
        "overdue": sum(e.values.is_overdue for e in entries),
        "needs_action": sum(e.values.needs_action for e in entries),
    }
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "oversight/oversight.html",
        {
            "page": page,
            "rows": rendered_rows(page),
            "totals": totals,
            "filters": filters,
            "areas": areas_of(workplaces),
            "kinds": Workplace.Kind.choices,
            "columns": _sort_links(request, filters),
            "grouped": filters.sort.removeprefix("-") == "area",
            "querystring": params.urlencode(),
            "conversations": conversation_counts(workplaces)
            if sees_conversation_counts(request.user)
            else None,
            "too_few": TOO_FEW,
        },
    )


@expects(get=OVERSEE)
@oversight_view
@require_safe
def trends(request: HttpRequest) -> HttpResponse:
    """Red and green share per ball round over time, per area and per workplace."""
    workplaces = workplaces_overseen_by(request.user)
    filters = Filters.from_request(request.GET)
    by_area, by_workplace = ball_trends(filters.narrow(workplaces))
    return render(
        request,
        "oversight/oversight_trends.html",
        {
            "filters": filters,
            "areas": areas_of(workplaces),
            "kinds": Workplace.Kind.choices,
            "area_trends": by_area,
            "page": Paginator(by_workplace, TRENDS_PER_PAGE).get_page(request.GET.get("page")),
            "too_few": TOO_FEW,
        },
    )


CSV_HEADERS = [
    gettext_lazy("Område"),
    gettext_lazy("Arbejdsplads"),
    gettext_lazy("Type"),
    gettext_lazy("Medlemmer"),
    gettext_lazy("Bilag 1: drøftet i LokalMED"),
    gettext_lazy("Bilag 1: taget op med medarbejderne"),
    gettext_lazy("Bilag 2: version"),
    gettext_lazy("Bilag 2: næste opfølgning"),
    gettext_lazy("Bilag 3: senest gennemgået"),
    gettext_lazy("Bilag 5: boldmetoden"),
    gettext_lazy("Bilag 5: første dag med bolde"),
    gettext_lazy("Bilag 5: sidste dag med bolde"),
    gettext_lazy("Bilag 5: personalemøde"),
    gettext_lazy("Bilag 5: boldrunder over tid"),
    gettext_lazy("Bilag 5: seneste tal, første dag"),
    gettext_lazy("Bilag 5: seneste tal, deltagere"),
    gettext_lazy("Bilag 5: seneste tal, røde bolde (%)"),
    gettext_lazy("Bilag 5: seneste tal, grønne bolde (%)"),
    gettext_lazy("Bilag 6: dialogmetoden"),
    gettext_lazy("Bilag 6: dialogmøde"),
    gettext_lazy("Bilag 7: aktive handleplaner"),
    gettext_lazy("Bilag 7: fulgt op"),
    gettext_lazy("Bilag 7: kladder"),
    gettext_lazy("Bilag 7: afsluttede"),
    gettext_lazy("Bilag 7: opfølgning overskredet"),
    gettext_lazy("Handlinger over frist"),
    gettext_lazy("Status"),
]


def _figure(value: int | None, row: Row) -> object:
    """A figure of the latest counted round: empty without one, else hidden or shown."""
    if row.latest_share is None:
        return ""
    if row.latest_share.hidden:
        return str(TOO_FEW)
    return "" if value is None else value


def _csv_row(row: Row) -> list[object]:
    w = row.workplace
    ball_round, counted, share = row.ball_round, row.counted_round, row.latest_share
    return [
        w.area.name,
        w.name,
        w.get_kind_display(),
        w.member_count,
        w.knowledge_committee_on or "",
        w.knowledge_on or "",
        w.version_number or "",
        w.review_due or "",
        timezone.localdate(w.plan_reviewed_at) if w.plan_reviewed_at else "",
        ball_round.get_status_display() if ball_round else "",
        ball_round.first_day if ball_round else "",
        ball_round.last_day if ball_round else "",
        timezone.localdate(ball_round.staff_meeting_at)
        if ball_round and ball_round.staff_meeting_at
        else "",
        row.late_rounds,
        counted.first_day if counted else "",
        _figure(share.participants if share else None, row),
        _figure(share.red_percent if share else None, row),
        _figure(share.green_percent if share else None, row),
        DialogueMeeting.Status(w.dialogue_status).label if w.dialogue_status else "",
        timezone.localdate(w.dialogue_at) if w.dialogue_at else "",
        w.active_plans,
        w.followed_up_plans,
        w.draft_plans,
        w.closed_plans,
        row.missed_follow_ups,
        w.overdue_actions,
        row.status,
    ]


def _trend_figures(point: TrendPoint) -> list[object]:
    share = point.share
    if share.hidden:
        return [str(TOO_FEW), "", "", ""]
    percent = "" if share.red_percent is None else share.red_percent
    return [share.participants, share.red, share.green, percent]


@expects(get=OVERSEE)
@oversight_view
@require_safe
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The dashboard for Danish Excel: UTF-8 with BOM, `;`, CRLF, ISO dates."""
    filters, workplaces, rows = _filtered(request)
    lines: list[list[object]] = [_csv_row(row) for row in describe_all(rows)]
    if sees_conversation_counts(request.user):
        lines += [[], [_("Område"), _("Nøglesamtaler")]]
        for item in conversation_counts(workplaces):
            lines.append([item.area, item.count if item.count is not None else str(TOO_FEW)])
    by_area, by_workplace = ball_trends(filters.narrow(workplaces))
    if by_area:
        figures = [_("Deltagere"), _("Røde bolde"), _("Grønne bolde"), _("Røde bolde (%)")]
        lines += [[], [_("Område"), _("Kvartal"), _("Boldrunder talt med"), *figures]]
        for trend in by_area:
            lines += [[trend.name, p.label, p.rounds, *_trend_figures(p)] for p in trend.points]
        lines += [[], [_("Område"), _("Arbejdsplads"), _("Første dag med bolde"), *figures]]
        for trend in by_workplace:
            lines += [[trend.area, trend.name, p.day, *_trend_figures(p)] for p in trend.points]
    body = danish_csv([str(h) for h in CSV_HEADERS], lines)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"stressprogram-status-{timezone.localdate().isoformat()}.csv"
    )
    return response


@expects(get=OVERSEE)
@oversight_view
@require_safe
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    """A status report for the municipality's MED committee (A4 landscape, tagged)."""
    filters, workplaces, rows = _filtered(request)
    described = describe_all(rows)
    by_area, _by_workplace = ball_trends(filters.narrow(workplaces))
    pdf = render_pdf(
        "pdf/oversight.html",
        {
            "rows": described,
            "overdue": sum(r.is_overdue for r in described),
            "needs_action": sum(r.needs_action for r in described),
            "grouped": filters.sort.removeprefix("-") == "area",
            "conversations": conversation_counts(workplaces)
            if sees_conversation_counts(request.user)
            else None,
            "area_trends": by_area,
            "too_few": TOO_FEW,
            "printed_at": timezone.now(),
        },
    )
    return pdf_response(pdf, f"stressprogram-status-{timezone.localdate().isoformat()}.pdf")


@expects(get=LOGGED_IN)
@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """My workplaces, and what is waiting for me there (e.g. guidelines to acknowledge)."""
    memberships = {m.workplace_id: m for m in Membership.objects.active().filter(user=request.user)}
    workplaces = workplaces_visible_to(request.user).select_related("area").order_by("name")
    if is_hr(request.user):
        workplaces = workplaces.filter(pk__in=memberships)
    return render(
        request,
        "oversight/home.html",
        {
            "workplaces": [(w, memberships.get(w.pk)) for w in workplaces],
            "pending": pending_acknowledgements(request.user),
            "is_hr": is_hr(request.user),
            "oversees": may_oversee(request.user),
        },
    )


def _programme_context(request: HttpRequest) -> dict[str, object]:
    representatives = list(
        request.workplace.memberships.active()
        .exclude(role=Membership.Role.EMPLOYEE)
        .select_related("user")
        .order_by("role", "user__first_name", "user__last_name")
    )
    standing = standing_of(request.workplace)
    return {
        "steps": programme_for(standing, representatives),
        "representatives": representatives,
        "member_count": standing.member_count,
        # Bilag 5/6 materials and help are "rekvireres hos HR/Arbejdsmiljø".
        "help_kinds": help_kinds_allowed(request.access),
        "pending": [
            v
            for v in pending_acknowledgements(request.user)
            if v.guideline.workplace_id == request.workplace.pk
        ]
        if request.membership
        else [],
    }


@expects(get=READ)
@workplace_view("workplace.view")
@require_safe
def workplace_home(request: HttpRequest) -> HttpResponse:
    return render(request, "oversight/workplace_home.html", _programme_context(request))


@expects(get=READ)
@workplace_view("workplace.view")
@require_safe
def workplace_home_pdf(request: HttpRequest) -> HttpResponse:
    context = {
        **_programme_context(request),
        "workplace": request.workplace,
        "printed_at": timezone.now(),
    }
    pdf = render_pdf("pdf/programme.html", context, workplace=request.workplace)
    return pdf_response(pdf, f"stressprogram-{request.workplace.slug}.pdf")
