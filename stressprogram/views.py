from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from stressprogram.pdf import pdf_response, render_pdf
from stressprogram.programme import programme_for
from workplaces.access import workplace_view
from workplaces.models import Membership


def _programme_context(request: HttpRequest) -> dict[str, object]:
    representatives = list(
        request.workplace.memberships.exclude(role=Membership.Role.EMPLOYEE)
        .select_related("user")
        .order_by("role", "user__first_name", "user__last_name")
    )
    return {
        "steps": programme_for(request.workplace, representatives),
        "representatives": representatives,
        "member_count": request.workplace.memberships.count(),
    }


@workplace_view("workplace.view")
def workplace_home(request: HttpRequest) -> HttpResponse:
    return render(request, "stressprogram/workplace_home.html", _programme_context(request))


@workplace_view("workplace.view")
def workplace_home_pdf(request: HttpRequest) -> HttpResponse:
    context = {
        **_programme_context(request),
        "workplace": request.workplace,
        "printed_at": timezone.now(),
    }
    pdf = render_pdf("pdf/programme.html", context, workplace=request.workplace)
    return pdf_response(pdf, f"stressprogram-{request.workplace.slug}.pdf")
