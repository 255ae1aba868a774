"""HR's dashboard (issue 9): what it shows, who sees what, constant queries, exports."""

import csv
import io
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from guidelines import services as guidelines
from iglo import services as iglo
from iglo.models import IgloAction
from stressprogram.oversight import MIN_PARTICIPANTS, shown_count
from tests.factories import (
    AreaFactory,
    KeyConversationFactory,
    MembershipFactory,
    UserFactory,
    WorkplaceFactory,
)
from tests.helpers import pdf_text, queries_at_two_sizes
from workplaces.models import Area, Membership, User, Workplace

pytestmark = pytest.mark.django_db

URL = reverse("oversight:dashboard")


def _names(response) -> list[str]:
    return [row.workplace.name for row in response.context["rows"]]


def _csv(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Danish Excel reads UTF-8
    assert b"\r\n" in raw
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_threshold_hides_below_five():
    assert MIN_PARTICIPANTS == 5
    assert shown_count(7, 4) is None
    assert shown_count(7, 5) == 7


def test_hr_sees_every_workplace_grouped_by_area_overdue_first(client_as, solhoj, leder):
    other_area = AreaFactory(name="Børn og Unge")
    WorkplaceFactory(name="Børnehaven Æblehaven", area=other_area)
    late = WorkplaceFactory(name="Aktivitetscentret", area=solhoj.area)
    plan = iglo.start_plan(late, by=leder, title="Travlhed")
    action = iglo.add_action(plan, by=leder, level="group", text="Pauser")
    IgloAction.objects.filter(pk=action.pk).update(deadline=timezone.localdate() - timedelta(1))
    plan.status = plan.Status.ACTIVE
    plan.save()

    response = client_as("hr").get(URL)

    assert response.status_code == 200
    # Areas by name; within "Sundhed og Omsorg" the overdue workplace comes first.
    assert _names(response) == [
        "Børnehaven Æblehaven",
        "Aktivitetscentret",
        "Hjemmeplejen Nord",
        "Plejecenter Solhøj",
    ]
    html = response.content.decode()
    assert "1 handling over frist" in html
    assert "ikke i brug endnu" in html
    assert 'aria-sort="ascending"' in html


def test_filters_search_and_sort(client_as, solhoj, other_workplace, leder):
    guidelines.publish(guidelines.guideline_for(solhoj), by=leder, review_months=12)
    client = client_as("hr")
    assert _names(client.get(URL, {"q": "solhøj"})) == ["Plejecenter Solhøj"]
    assert _names(client.get(URL, {"kind": "mobile"})) == ["Hjemmeplejen Nord"]
    assert _names(client.get(URL, {"area": str(solhoj.area_id), "sort": "-name"})) == [
        "Plejecenter Solhøj",
        "Hjemmeplejen Nord",
    ]
    # Nothing of Bilag 1 and 3 is done anywhere, so all need action; none is "på plads".
    assert len(_names(client.get(URL, {"status": "action"}))) == 2
    assert _names(client.get(URL, {"status": "ok"})) == []
    by_guideline = client.get(URL, {"sort": "-guideline"})
    assert 'aria-sort="descending"' in by_guideline.content.decode()
    # Unknown values are ignored, never an error.
    assert (
        client.get(URL, {"area": "x", "kind": "y", "status": "z", "sort": "q"}).status_code == 200
    )


def test_manager_of_several_sees_only_theirs(client, solhoj, other_workplace):
    boss = UserFactory(username="chef")
    MembershipFactory(user=boss, workplace=solhoj, manager=True)
    third = WorkplaceFactory(name="Plejecenter Havbo")
    MembershipFactory(user=boss, workplace=third, manager=True)
    # An ended manager membership no longer counts.
    MembershipFactory(
        user=boss,
        workplace=other_workplace,
        manager=True,
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(boss)
    response = client.get(URL)
    assert sorted(_names(response)) == ["Plejecenter Havbo", "Plejecenter Solhøj"]
    assert response.context["conversations"] is None  # counts of people are HR's alone
    rows = _csv(client.get(reverse("oversight:dashboard-csv")))
    assert sorted(r[1] for r in rows[1:]) == ["Plejecenter Havbo", "Plejecenter Solhøj"]


def _grow_workplaces(n: int) -> None:
    area = Area.objects.get_or_create(name="Vækst")[0]
    for i in range(n):
        workplace = WorkplaceFactory(area=area)
        MembershipFactory(workplace=workplace, user=UserFactory())
        if i % 2:
            guidelines.knowledge_for(workplace)
            iglo.start_plan(workplace, by=None, title=f"Plan {i}")  # type: ignore[arg-type]


def test_dashboard_queries_do_not_grow_with_workplaces(client_as):
    client = client_as("hr")
    small, large = queries_at_two_sizes(
        lambda: client.get(URL), _grow_workplaces, small=3, large=60
    )
    assert small == large <= 10
    small, large = queries_at_two_sizes(
        lambda: client.get(reverse("oversight:dashboard-csv")), _grow_workplaces, small=3, large=60
    )
    assert small == large


def test_dashboard_at_1000_workplaces_uses_the_same_queries(client_as):
    client = client_as("hr")
    csv_url = reverse("oversight:dashboard-csv")
    _grow_workplaces(3)
    with CaptureQueriesContext(connection) as page_small:
        client.get(URL)
    with CaptureQueriesContext(connection) as csv_small:
        client.get(csv_url)
    # Up to 1,000 workplaces with 45 members each, cheaply (bulk_create, no factories).
    area = Area.objects.create(name="Kommunen")
    workplaces = Workplace.objects.bulk_create(
        Workplace(name=f"Enhed {i:04}", slug=f"enhed-{i}", area=area)
        for i in range(1000 - Workplace.objects.count())
    )
    users = User.objects.bulk_create(User(username=f"bulk{i}") for i in range(45 * len(workplaces)))
    Membership.objects.bulk_create(
        Membership(user=user, workplace=workplaces[i // 45]) for i, user in enumerate(users)
    )
    assert Workplace.objects.count() == 1000
    with CaptureQueriesContext(connection) as page_large:
        response = client.get(URL)
    with CaptureQueriesContext(connection) as csv_large:
        csv_response = client.get(csv_url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1000
    assert len(page_large) == len(page_small)
    assert len(csv_large) == len(csv_small)
    rows = _csv(csv_response)
    assert len(rows[: rows.index([])]) == 1001  # header + one row per workplace


def _conversations(workplace: Workplace, people: int) -> None:
    manager = UserFactory()
    MembershipFactory(user=manager, workplace=workplace, manager=True)
    for _ in range(people):
        employee = UserFactory()
        MembershipFactory(user=employee, workplace=workplace)
        KeyConversationFactory(workplace=workplace, manager=manager, employee=employee)


def test_conversation_counts_per_area_follow_the_threshold(client_as, solhoj, tmp_path):
    hidden_area = AreaFactory(name="Teknik og Miljø")
    _conversations(WorkplaceFactory(name="Vejcentret", area=hidden_area), 4)
    _conversations(solhoj, 5)
    client = client_as("hr")

    html = client.get(URL).content.decode()
    assert "for få deltagere" in html
    counts = {c.area: c.count for c in client.get(URL).context["conversations"]}
    assert counts == {"Sundhed og Omsorg": 5, "Teknik og Miljø": None}
    assert "Plejecenter Solhøj" not in html.split("conversations-heading")[1]

    rows = _csv(client.get(reverse("oversight:dashboard-csv")))
    tail = rows[rows.index([]) + 1 :]
    assert tail == [
        ["Område", "Nøglesamtaler"],
        ["Sundhed og Omsorg", "5"],
        ["Teknik og Miljø", "for få deltagere"],
    ]

    pdf = client.get(reverse("oversight:dashboard-pdf"))
    text = pdf_text(pdf.content, tmp_path)
    assert "Sundhed og Omsorg 5" in text
    assert "Teknik og Miljø for få deltagere" in text


def test_csv_has_danish_columns_and_characters(client_as, solhoj, leder):
    guidelines.publish(guidelines.guideline_for(solhoj), by=leder, review_months=12)
    response = client_as("hr").get(reverse("oversight:dashboard-csv"), {"q": "solhøj"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert header[:4] == ["Område", "Arbejdsplads", "Type", "Medlemmer"]
    assert "Bilag 2: næste opfølgning" in header
    assert "Bilag 5: boldmetoden" in header
    assert rows[0][:4] == ["Sundhed og Omsorg", "Plejecenter Solhøj", "Fast arbejdssted", "4"]
    assert rows[0][header.index("Bilag 2: version")] == "1"
    assert rows[0][header.index("Bilag 5: boldmetoden")] == "ikke i brug endnu"


def test_pdf_status_report_reads_back(client_as, solhoj, tmp_path):
    response = client_as("hr").get(reverse("oversight:dashboard-pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Statusrapport" in text
    assert "Plejecenter Solhøj" in text
    assert "Hjemmeplejen Nord" in text
    assert "Kræver handling" in text


def test_old_hr_list_still_works(client_as):
    assert client_as("hr").get(reverse("workplaces:workplace-list")).status_code == 200
