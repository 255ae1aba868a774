"""The app's URLs and handlers, plus views that fail on purpose (tests/test_error_pages.py)."""

from django.core.exceptions import BadRequest
from django.db import connection
from django.urls import path

from stressprogram.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def bad_request(request):
    raise BadRequest("unreadable")


def server_error(request):
    with connection.cursor() as cursor:  # fails where the test takes the database down
        cursor.execute("SELECT 1")
    raise RuntimeError("a bug")


urlpatterns = [
    path("fejl/400/", bad_request),
    path("fejl/500/", server_error),
    *urlpatterns,
]
