"""HR's dashboard (issue 9): what it shows, who sees what, constant queries, exports."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from guidelines import services as guidelines
from iglo import services as iglo
from iglo.models import IgloAction, IgloPlan
from oversight.dashboard import MIN_PARTICIPANTS, Share, last_day_before, shown_count
from riskmapping.models import Ball, BallRound, DialogueMeeting, DropRecord, PaperCount
from tests.factories import (
    AreaFactory,
    KeyConversationFactory,
    MembershipFactory,
    UserFactory,
    WorkplaceFactory,
)
from tests.helpers import pdf_text, queries_at_two_sizes
from tests.oversight_rounds import at, ball_round
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
    # One heading per area, above its workplaces.
    headings = re.findall(r'<th scope="rowgroup"[^>]*>([^<]+)</th>', html)
    assert headings == ["Børn og Unge", solhoj.area.name]
    body = html[html.index("<tbody>") :]
    order = ["Børn og Unge", "Børnehaven Æblehaven", solhoj.area.name, "Aktivitetscentret"]
    assert [body.index(text) for text in order] == sorted(body.index(text) for text in order)
    assert "1 handling over frist" in html
    assert "Ingen risikoafdækning endnu" in html
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
    """n workplaces; every one has ball rounds: digital and done, on paper and in the staff
    meeting, or one running late, plus a dialogue meeting now and then."""
    area = Area.objects.get_or_create(name="Vækst")[0]
    today = timezone.localdate()
    for i in range(n):
        workplace = WorkplaceFactory(area=area)
        MembershipFactory(workplace=workplace, user=UserFactory())
        if i % 2:
            guidelines.knowledge_for(workplace)
            iglo.start_plan(workplace, by=None, title=f"Plan {i}")  # type: ignore[arg-type]
        ball_round(workplace, first_day=today - timedelta(400), people=5, red=2, green=3)
        if i % 3 == 0:
            ball_round(workplace, first_day=today - timedelta(200), people=4, red=1, green=3)
        elif i % 3 == 1:
            ball_round(
                workplace,
                first_day=today - timedelta(60),
                people=6,
                red=10,
                green=20,
                mode=BallRound.Mode.PAPER,
                status=BallRound.Status.MEETING,
            )
        else:
            ball_round(
                workplace,
                first_day=today - timedelta(50),
                people=5,
                red=3,
                green=3,
                status=BallRound.Status.RUNNING,
            )
            DialogueMeeting.objects.create(workplace=workplace, starts_at=at(today), room="A")


def test_dashboard_queries_do_not_grow_with_workplaces(client_as):
    client = client_as("hr")
    small, large = queries_at_two_sizes(
        lambda: client.get(URL), _grow_workplaces, small=3, large=60
    )
    # The list with the stamps, the figures not kept yet and their ball rounds (the new
    # workplaces' at both sizes), the areas and the key conversations per area.
    assert small == large <= 10
    small, large = queries_at_two_sizes(
        lambda: client.get(reverse("oversight:dashboard-csv")), _grow_workplaces, small=3, large=60
    )
    assert small == large


def test_trends_queries_do_not_grow_with_rounds(client_as):
    client = client_as("hr")
    small, large = queries_at_two_sizes(
        lambda: client.get(reverse("oversight:trends")), _grow_workplaces, small=3, large=40
    )
    assert small == large <= 10


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
    # Each a finished round, digital with a ball from one of its members or on paper (the
    # figures' queries depend on which kinds of round the page shows, not on how many).
    first_day = timezone.localdate() - timedelta(100)
    rounds = BallRound.objects.bulk_create(
        BallRound(
            workplace=w,
            first_day=first_day,
            status=BallRound.Status.DONE,
            mode=BallRound.Mode.PAPER if i % 2 else BallRound.Mode.DIGITAL,
        )
        for i, w in enumerate(workplaces)
    )
    DropRecord.objects.bulk_create(
        DropRecord(round=r, participant=users[i * 45], day=first_day)
        for i, r in enumerate(rounds)
        if r.mode == BallRound.Mode.DIGITAL
    )
    Ball.objects.bulk_create(
        Ball(round=r, day=first_day, colour=Ball.Colour.RED, note="…")
        for r in rounds
        if r.mode == BallRound.Mode.DIGITAL
    )
    PaperCount.objects.bulk_create(
        PaperCount(round=r, day=first_day, red=3, green=4)
        for r in rounds
        if r.mode == BallRound.Mode.PAPER
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
    assert rows[0][header.index("Bilag 5: boldmetoden")] == ""  # no round yet
    assert rows[0][header.index("Bilag 5: seneste tal, røde bolde (%)")] == ""


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


# Bilag 5 and 6 on the dashboard: latest rounds, follow-ups missed, trends.

TRENDS = reverse("oversight:trends")


@pytest.mark.parametrize("weekends_count", [False, True])
@pytest.mark.parametrize("offset", range(7))
def test_last_drop_day_in_sql_matches_the_model(solhoj, weekends_count, offset):
    from django.db.models.functions import ExtractIsoWeekDay  # noqa: PLC0415

    ball_round = BallRound.objects.create(
        workplace=solhoj, first_day=date(2026, 12, 7) + timedelta(offset), weekends_count=False
    )
    ball_round.weekends_count = weekends_count
    ball_round.save()
    rounds = BallRound.objects.annotate(first_weekday=ExtractIsoWeekDay("first_day"))
    last_day = ball_round.last_day
    assert not rounds.filter(last_day_before(last_day)).exists()
    assert rounds.filter(last_day_before(last_day + timedelta(1))).exists()


def test_share_of_a_round_follows_the_threshold():
    hidden = Share.of(3, 1, 4)
    assert (hidden.red, hidden.green, hidden.participants, hidden.red_percent) == (
        None,
        None,
        None,
        None,
    )
    assert str(hidden) == "for få deltagere"
    shown = Share.of(0, 5, 5)
    assert (shown.red_percent, shown.green_percent) == (0, 100)
    assert str(shown) == "0 % røde · 100 % grønne"
    assert str(Share.of(0, 0, 5)) == "ingen bolde"


def _row(response, name: str):
    return next(r for r in response.context["rows"] if r.workplace.name == name)


def test_missed_follow_ups_come_first_and_say_why(client_as, leder):
    today = timezone.localdate()
    area = AreaFactory(name="Opfølgning")

    def workplace(name: str) -> Workplace:
        return WorkplaceFactory(name=name, area=area)

    # Not done although the staff meeting was yesterday.
    meeting_missed = workplace("A Mødet holdt ikke")
    ball_round(
        meeting_missed,
        first_day=today - timedelta(40),
        people=5,
        red=1,
        green=4,
        status=BallRound.Status.MEETING,
        staff_meeting_at=at(today - timedelta(1)),
    )
    # Still sorting 15 days after the last drop day (weekends count: 13 days after the first).
    sorting_late = workplace("B Sorteres stadig")
    ball_round(
        sorting_late,
        first_day=today - timedelta(13 + 15),
        people=5,
        red=1,
        green=4,
        status=BallRound.Status.SORTING,
    )
    BallRound.objects.filter(workplace=sorting_late).update(weekends_count=True)
    # 14 days after the last drop day is not late yet; the meeting is today.
    in_time = workplace("C I tide")
    ball_round(
        in_time,
        first_day=today - timedelta(13 + 14),
        people=5,
        red=1,
        green=4,
        status=BallRound.Status.SORTING,
        staff_meeting_at=at(today, 8),
    )
    BallRound.objects.filter(workplace=in_time).update(weekends_count=True)
    # Done: the staff meeting is behind it.
    done = workplace("D Afsluttet")
    ball_round(
        done,
        first_day=today - timedelta(60),
        people=5,
        red=1,
        green=4,
        staff_meeting_at=at(today - timedelta(20)),
    )
    # An active IGLO plan whose follow-up date has passed; a followed-up one is fine.
    plan_late = workplace("E Handleplan")
    IgloPlan.objects.create(
        workplace=plan_late,
        title="Travlhed",
        status=IgloPlan.Status.ACTIVE,
        follow_up_on=today - timedelta(1),
    )
    plan_done = workplace("F Fulgt op")
    IgloPlan.objects.create(
        workplace=plan_done,
        title="Travlhed",
        status=IgloPlan.Status.FOLLOWED_UP,
        follow_up_on=today - timedelta(30),
    )
    DialogueMeeting.objects.create(
        workplace=plan_done, starts_at=at(date(2026, 3, 2), 9), room="Kantinen"
    )

    response = client_as("hr").get(URL, {"area": str(area.pk)})

    assert [(r.workplace.name, r.is_overdue) for r in response.context["rows"]] == [
        ("A Mødet holdt ikke", True),
        ("B Sorteres stadig", True),
        ("E Handleplan", True),
        ("C I tide", False),
        ("D Afsluttet", False),
        ("F Fulgt op", False),
    ]
    assert _row(response, "A Mødet holdt ikke").late_rounds == 1
    assert _row(response, "E Handleplan").missed_follow_ups == 1
    html = response.content.decode()
    assert html.count("1 boldrunde over tid") == 2
    assert "1 opfølgning overskredet" in html
    first = (today - timedelta(40)).strftime("%d.%m.%Y")
    risk = _row(response, "A Mødet holdt ikke").risk_mapping
    assert risk[0].startswith("Boldmetoden: Personalemøde, bolde ")
    assert "personalemøde" in risk[0]
    assert f"runden fra {first}" in html
    assert _row(response, "F Fulgt op").risk_mapping == ["Dialogmetoden: Planlagt, 2. marts 2026"]
    # The risk-mapping column sorts by the latest round's first day, none first.
    by_round = client_as("hr").get(URL, {"area": str(area.pk), "sort": "riskmapping"})
    assert [r.workplace.name for r in by_round.context["rows"]][:3] == [
        "E Handleplan",
        "F Fulgt op",
        "D Afsluttet",
    ]

    rows = _csv(client_as("hr").get(reverse("oversight:dashboard-csv"), {"area": str(area.pk)}))
    header, by_name = rows[0], {r[1]: r for r in rows[1 : rows.index([])]}
    assert by_name["A Mødet holdt ikke"][header.index("Bilag 5: boldmetoden")] == "Personalemøde"
    assert by_name["A Mødet holdt ikke"][header.index("Bilag 5: personalemøde")] == str(
        today - timedelta(1)
    )
    assert by_name["B Sorteres stadig"][header.index("Bilag 5: boldrunder over tid")] == "1"
    assert by_name["E Handleplan"][header.index("Bilag 7: opfølgning overskredet")] == "1"
    assert by_name["F Fulgt op"][header.index("Bilag 6: dialogmøde")] == "2026-03-02"


@pytest.fixture
def rounds(solhoj, other_workplace):
    """Three areas' rounds: Solhøj 5 people (shown) in 2025 and 6 on paper in 2026; Nord 4
    in the same quarter as Solhøj's first (hidden, left out of the area's sum); Vejcentret
    4 (hidden); and a round still running at Solhøj, which does not count yet."""
    vej = WorkplaceFactory(name="Vejcentret", area=AreaFactory(name="Teknik og Miljø"))
    ball_round(solhoj, first_day=date(2025, 3, 3), people=5, red=2, green=3)
    ball_round(
        solhoj,
        first_day=date(2026, 9, 7),
        people=6,
        red=30,
        green=54,
        mode=BallRound.Mode.PAPER,
        status=BallRound.Status.SORTING,
    )
    ball_round(
        solhoj,
        first_day=date(2026, 11, 2),
        people=9,
        red=9,
        green=0,
        status=BallRound.Status.RUNNING,
    )
    ball_round(other_workplace, first_day=date(2025, 2, 3), people=4, red=4, green=0)
    ball_round(vej, first_day=date(2025, 3, 3), people=4, red=5, green=2)
    return vej


def _between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def test_trend_threshold_four_hidden_five_shown_on_the_pages(client_as, rounds):
    client = client_as("hr")
    dashboard = client.get(URL)
    assert str(_row(dashboard, "Plejecenter Solhøj").latest_share) == "36 % røde · 64 % grønne"
    assert _row(dashboard, "Vejcentret").latest_share.hidden
    assert _row(dashboard, "Hjemmeplejen Nord").latest_share.participants is None
    html = dashboard.content.decode()
    assert "for få deltagere" in _between(html, ">Vejcentret</a>", "</tr>")
    assert "36 % røde · 64 % grønne" in _between(html, ">Plejecenter Solhøj</a>", "</tr>")

    response = client.get(TRENDS)
    assert response.status_code == 200
    by_area = {t.name: t for t in response.context["area_trends"]}
    health = by_area["Sundhed og Omsorg"].points
    # Q1 2025: Solhøj's 5 are summed, Nord's 4 are left out, never added or subtracted.
    assert (health[0].label, health[0].rounds, health[0].left_out) == ("1. kvt. 2025", 1, 1)
    assert (health[0].share.participants, health[0].share.red, health[0].share.green) == (5, 2, 3)
    assert health[1].label == "3. kvt. 2026"
    assert health[1].share.red_percent == 36
    assert len(health) == 2  # the running round does not count
    assert by_area["Teknik og Miljø"].points[0].share.hidden
    workplaces = {t.name: t for t in response.context["page"]}
    assert [p.share.participants for p in workplaces["Plejecenter Solhøj"].points] == [5, 6]
    assert workplaces["Vejcentret"].points[0].share.red is None
    html = response.content.decode()
    vej_table = _between(html, "Tal for Vejcentret", "</table>")
    assert "for få deltagere" in vej_table
    assert "71 %" not in vej_table
    assert ">5<" not in vej_table
    assert "40 %" in _between(html, "Tal for Plejecenter Solhøj", "</table>")
    assert "71 %" not in html  # Vejcentret's hidden share appears nowhere
    assert "100 %" not in _between(html, "Tal for Sundhed og Omsorg", "</table>")


def test_trend_threshold_in_csv_and_pdf(client_as, rounds, tmp_path):
    client = client_as("hr")
    rows = _csv(client.get(reverse("oversight:dashboard-csv")))
    header, by_name = rows[0], {r[1]: r for r in rows[1 : rows.index([])]}
    red = header.index("Bilag 5: seneste tal, røde bolde (%)")
    people = header.index("Bilag 5: seneste tal, deltagere")
    assert by_name["Plejecenter Solhøj"][red] == "36"
    assert by_name["Plejecenter Solhøj"][people] == "6"
    assert by_name["Plejecenter Solhøj"][header.index("Bilag 5: boldmetoden")] == "I gang"
    assert by_name["Vejcentret"][red] == "for få deltagere"
    assert by_name["Vejcentret"][people] == "for få deltagere"
    area_header = ["Område", "Kvartal", "Boldrunder talt med", "Deltagere", "Røde bolde"]
    start = next(i for i, r in enumerate(rows) if r[:5] == area_header)
    area_rows = rows[start + 1 : rows.index([], start)]
    assert area_rows == [
        ["Sundhed og Omsorg", "1. kvt. 2025", "1", "5", "2", "3", "40"],
        ["Sundhed og Omsorg", "3. kvt. 2026", "1", "6", "30", "54", "36"],
        ["Teknik og Miljø", "1. kvt. 2025", "0", "for få deltagere", "", "", ""],
    ]
    workplace_rows = rows[rows.index([], start) + 2 :]
    assert workplace_rows == [
        ["Sundhed og Omsorg", "Hjemmeplejen Nord", "2025-02-03", "for få deltagere", "", "", ""],
        ["Sundhed og Omsorg", "Plejecenter Solhøj", "2025-03-03", "5", "2", "3", "40"],
        ["Sundhed og Omsorg", "Plejecenter Solhøj", "2026-09-07", "6", "30", "54", "36"],
        ["Teknik og Miljø", "Vejcentret", "2025-03-03", "for få deltagere", "", "", ""],
    ]

    text = pdf_text(client.get(reverse("oversight:dashboard-pdf")).content, tmp_path)
    assert "36 % røde · 64 % grønne" in text
    assert "Udvikling i boldmetoden pr. område" in text
    assert "Sundhed og Omsorg 1. kvt. 2025 1 5 2 3 40 %" in text
    assert "Teknik og Miljø 1. kvt. 2025 0 for få deltagere" in text
    assert "71 %" not in text
    vej = _between(text, "Vejcentret Teknik og Miljø", "Kræver handling")
    assert "for få deltagere" in vej


SVG = "{http://www.w3.org/2000/svg}"


def _svg(markup: str) -> ET.Element:
    # Our own page's markup; a parse error here is what the test looks for.
    return ET.fromstring(markup)  # noqa: S314


def _texts(svg: ET.Element) -> list[str]:
    return [" ".join(t.itertext()) for t in svg.iter(f"{SVG}text")]


def test_trend_chart_is_well_formed_svg_beside_a_table(client_as, rounds):
    html = client_as("hr").get(TRENDS).content.decode()
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    assert len(svgs) == 5  # two areas, three workplaces
    for markup in svgs:
        svg = _svg(markup)
        assert svg.tag == f"{SVG}svg"
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title.text.startswith("Røde og grønne bolde pr. måling: ")
        assert "Tallene står også i tabellen." in desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        # Red and green are told apart by pattern (hatched, dotted) and the legend's words.
        assert len(list(svg.iter(f"{SVG}pattern"))) == 2
        assert {"Røde bolde, skraveret", "Grønne bolde, prikket"} <= set(_texts(svg))
    solhoj = _svg(next(s for s in svgs if "Plejecenter Solhøj</title>" in s))
    assert {"40 %", "60 %", "36 %", "64 %", "03.03.2025", "07.09.2026"} <= set(_texts(solhoj))
    vej = " ".join(_texts(_svg(next(s for s in svgs if "Vejcentret</title>" in s))))
    assert "for få deltagere" in vej
    assert "71" not in vej
    # Each chart has its table beside it.
    assert html.count("<table") == 5
    for name in ("Sundhed og Omsorg", "Teknik og Miljø", "Plejecenter Solhøj", "Vejcentret"):
        assert f"Tal for {name}</caption>" in html


def test_manager_sees_trends_of_their_workplaces_only(client_as, rounds):
    response = client_as("leder").get(TRENDS)
    assert response.status_code == 200
    assert [t.name for t in response.context["page"]] == ["Plejecenter Solhøj"]
    # The area's figure is made of the manager's own workplaces only.
    assert [t.name for t in response.context["area_trends"]] == ["Sundhed og Omsorg"]
    assert response.context["area_trends"][0].points[0].left_out == 0
    assert "Vejcentret" not in response.content.decode()
    filtered = client_as("hr").get(TRENDS, {"area": str(rounds.area_id)})
    assert [t.name for t in filtered.context["page"]] == ["Vejcentret"]


def test_csv_and_dashboard_say_the_same_status_and_plurals_fit(client_as, solhoj, leder):
    plan = iglo.start_plan(solhoj, by=leder, title="Travlhed")  # one draft
    action = iglo.add_action(plan, by=leder, level="group", text="Pauser")
    IgloAction.objects.filter(pk=action.pk).update(deadline=timezone.localdate() - timedelta(1))
    IgloPlan.objects.filter(pk=plan.pk).update(status=IgloPlan.Status.ACTIVE)
    iglo.start_plan(solhoj, by=leder, title="Afbrydelser")

    html = client_as("hr").get(URL, {"q": "solhøj"}).content.decode()
    assert "Over tid" in html
    assert "1 aktiv · 0 fulgt op · 1 kladde · 0 afsluttede" in html
    header, row, *_notes = _csv(
        client_as("hr").get(reverse("oversight:dashboard-csv"), {"q": "solhøj"})
    )
    assert row[header.index("Status")] == "Over tid"
