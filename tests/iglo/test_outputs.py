"""What leaves the app: the PDF for the wall, CSV/JSON for SafetyNet and the ICS feed."""

import csv
import io
import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from icalendar import Calendar

from iglo import services
from iglo.exports import ACTION_COLUMNS, PLAN_COLUMNS
from iglo.models import CalendarFeed
from tests.factories import WorkEnvironmentGroupFactory
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_pdf_prints_the_four_levels_actions_dates_and_approval(
    client_as, active_plan, cast, solhoj, tmp_path
):
    group = WorkEnvironmentGroupFactory()
    group.workplaces.add(solhoj)
    group.members.add(cast["amir"])
    services.approve_plan(active_plan, by=cast["amir"])
    url = reverse("iglo:plan-pdf", kwargs={"slug": solhoj.slug, "pk": active_plan.pk})
    response = client_as("medarbejder").get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "IGLO-handleplan: Travlhed i aftenvagten" in text
    assert "gangen ved Åen" in text
    for heading in ["I – Individ", "G – Gruppe", "L – Ledelse", "O – Organisation"]:
        assert heading in text
    assert "Handling på individsniveau – æøå" in text
    assert "Ansvarlig: MED-udvalget" in text
    deadline = timezone.localdate() + timedelta(days=20)
    assert f"Frist: {deadline.day}." in text
    assert f"Godkendt af arbejdsmiljøgruppen ved {cast['amir'].display_name}" in text
    layout = pdf_text(response.content, tmp_path, layout=True)
    assert "Side 1 af 1" in layout


def test_pdf_is_a4_landscape(client_as, active_plan, solhoj):
    from pypdf import PdfReader  # noqa: PLC0415

    url = reverse("iglo:plan-pdf", kwargs={"slug": solhoj.slug, "pk": active_plan.pk})
    page = PdfReader(io.BytesIO(client_as("leder").get(url).content)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)


def test_csv_opens_in_danish_excel_with_the_documented_columns(client_as, active_plan, solhoj):
    response = client_as("amir").get(reverse("iglo:export-csv", kwargs={"slug": solhoj.slug}))
    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [h for _k, h, _f in PLAN_COLUMNS + ACTION_COLUMNS]
    assert len(rows) == 5  # header + one row per action
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Arbejdsplads"] == "Plejecenter Solhøj"
    assert record["Niveau"] == "Individ"
    assert record["Handling"] == "Handling på individsniveau – æøå"
    assert record["Planens status"] == "Aktiv"
    assert "attachment" in response["Content-Disposition"]


def test_json_export_of_one_plan_nests_actions(client_as, active_plan, solhoj):
    url = reverse("iglo:plan-json", kwargs={"slug": solhoj.slug, "pk": active_plan.pk})
    data = json.loads(client_as("hr").get(url).content)
    [plan] = data["plans"]
    assert set(plan) == {k for k, _h, _f in PLAN_COLUMNS} | {"actions"}
    assert [a["level"] for a in plan["actions"]] == ["Individ", "Gruppe", "Ledelse", "Organisation"]
    assert plan["actions"][3]["responsible"] == "MED-udvalget"


def test_calendar_feed_lists_my_deadlines_and_plan_dates(client, active_plan, cast):
    feed = services.calendar_feed_for(cast["leder"])
    response = client.get(feed.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert "Opfølgning på IGLO-handleplan: Travlhed i aftenvagten" in summaries
    assert "Frist: Handling på individsniveau – æøå" in summaries
    # The organisation action belongs to MED-udvalget, not to the manager.
    assert "Frist: Handling på organisationsniveau – æøå" not in summaries


def test_calendar_feed_with_a_wrong_or_renewed_token_is_404(client, client_as, cast):
    feed = services.calendar_feed_for(cast["tr"])
    old = feed.get_absolute_url()
    bad = reverse("iglo:calendar-feed", kwargs={"pk": feed.pk, "token": "x" * 43})
    assert client.get(bad).status_code == 404
    client_as("tr").post(reverse("iglo:calendar-renew"))
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(CalendarFeed.objects.get(pk=feed.pk).get_absolute_url()).status_code == 200
    client_as("tr").post(reverse("iglo:calendar-revoke"))
    assert not CalendarFeed.objects.exists()
