"""The project's own pages, which belong to no feature: liveness and the accessibility
statement. What each persona gets from them is said in stressprogram/urls.py."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and the trivial baseline of the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Tilgængelighedserklæring (webtilgængelighedsloven): public, linked from every page."""
    return render(
        request,
        "stressprogram/accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "contact_phone": settings.ACCESSIBILITY_CONTACT_PHONE,
        },
    )
