"""Danish error pages in the app's layout (templates/errors/): Django's handlers render
bare English pages, or templates without the request."""

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
