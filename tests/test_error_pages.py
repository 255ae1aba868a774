"""Issue #18: every error shows a Danish page in the app's layout, saying what happened in
plain words with a link home; 500 without touching the database, with DEBUG off."""

from django.db import connection
from django.test import Client
from django.urls import reverse

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]


def assert_error_page(response, status: int, heading: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="da">' in html
    assert f'<h1 class="h3">{heading}</h1>' in html
    assert '<a class="btn btn-primary" href="/">Gå til forsiden</a>' in html
    assert "Tilgængelighedserklæring" in html  # the app's footer
    return html


def test_404_page(client_as):
    response = client_as("medarbejder").get("/findes-ikke/")
    html = assert_error_page(response, 404, "Siden findes ikke")
    assert "Linket kan være forkert" in html
    assert "Log ud" in html  # the signed-in person's menu


def test_403_page_for_a_role_that_may_not(client_as, solhoj):
    response = client_as("medarbejder").get(
        reverse("guidelines:priority-plan-edit", args=[solhoj.slug])
    )
    assert_error_page(response, 403, "Du har ikke adgang til siden")


def test_400_page():
    assert_error_page(Client().get("/fejl/400/"), 400, "Forespørgslen kunne ikke læses")


def test_csrf_failure_page(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "leder", "password": "demo"})
    html = assert_error_page(response, 403, "Formularen kunne ikke sendes")
    assert "Intet er gemt" in html


def test_429_page_is_one_of_the_family(rf):
    from stressprogram.security_views import too_many_requests  # noqa: PLC0415

    response = too_many_requests(rf.get("/m/"), retry_after=60)
    assert_error_page(response, 429, "For mange forsøg")
    assert response["Retry-After"] == "60"


def test_500_page_with_debug_off_needs_no_database(settings):
    settings.DEBUG = False
    queries = []

    def database_down(execute, sql, params, many, context):
        queries.append(sql)
        raise ConnectionError("the database is down")

    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(database_down):
        response = client.get("/fejl/500/")
    html = assert_error_page(response, 500, "Der skete en fejl")
    assert "Fejlen er skrevet i loggen" in html
    assert queries == ["SELECT 1"]  # only the failing view's own
