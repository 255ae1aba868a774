"""Danish error pages in the app's layout, one family in templates/errors/. The 400, 403
and 404 handlers only name our templates; the 500 page renders without the request or
the database, and the CSRF failure page is Django's own view otherwise."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Without the request, so without context processors, the session or the user: the
    database may be what failed."""
    html = loader.render_to_string(
        "errors/500.html", {"municipality_name": settings.MUNICIPALITY_NAME}
    )
    return HttpResponseServerError(html)
