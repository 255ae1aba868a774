from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from guidelines.services import pending_acknowledgements
from stressprogram.pdf import pdf_response, render_pdf
from stressprogram.programme import programme_for, standing_of
from workplaces.access import (
    help_kinds_allowed,
    is_hr,
    may_oversee,
    workplace_view,
    workplaces_visible_to,
)
from workplaces.expectations import LOGGED_IN, PUBLIC, READ, expects
from workplaces.models import Membership


@expects(get=PUBLIC)
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and the trivial baseline of the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


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
        "stressprogram/home.html",
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
    return render(request, "stressprogram/workplace_home.html", _programme_context(request))


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
