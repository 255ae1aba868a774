"""Demo content for Bilag 5 (called by `manage.py seed_demo`): at Plejecenter Solhøj a round
finished about two months ago (sorted under headings, proposals with their tracks, IGLO
plans from two red headings), and a running round on its 6th day with the balls of the
first five days."""

import random
from datetime import timedelta

from django.utils import timezone

from iglo import services as iglo_services
from riskmapping.balls import services
from riskmapping.dialogue import demo as dialogue_demo
from riskmapping.models import Ball, BallRound, Category
from riskmapping.sorting import services as sorting
from workplaces.models import User, Workplace

NOTES = {
    Ball.Colour.RED: [
        "Aftenvagten var underbemandet, og jeg nåede ikke min pause.",
        "Telefonen afbrød mig hele tiden under medicinrunden.",
        "Vagtplanen blev ændret med kort varsel.",
        "For mange nye opgaver uden tid til oplæring.",
    ],
    Ball.Colour.GREEN: [
        "God overlevering fra morgenvagten – jeg vidste præcis, hvad der skulle ske.",
        "Vi hjalp hinanden på gangen, og der var tid til en snak med beboerne.",
        "Rolig dag med tid til fordybelse.",
    ],
}

SKIP_SHARE = 0.25  # not everyone drops every day


# The finished round: each heading with the notes under it.
EARLIER_RED = {
    "Bemanding i aftenvagten": [
        "Vi var kun to i aftenvagten, og jeg fik ingen pause.",
        "Aftenvagten var underbemandet igen.",
        "Ingen afløser, da en kollega blev syg midt i vagten.",
    ],
    "Afbrydelser under medicinrunden": [
        "Telefonen ringede fem gange under medicinrunden.",
        "Blev afbrudt hele tiden, mens jeg dispenserede medicin.",
    ],
    "Vagtplan og ændringer": [
        "Vagtplanen blev ændret to dage før.",
        "Blev ringet op på min fridag for at tage en vagt.",
    ],
}
EARLIER_GREEN = {
    "Samarbejde og overlevering": [
        "God overlevering fra morgenvagten.",
        "Vi hjalp hinanden, da det brændte på.",
    ],
    "Tid med beboerne": [
        "Tid til en gåtur med en beboer.",
        "Rolig formiddag med tid til samtaler.",
    ],
}
PROPOSALS = {
    "Bemanding i aftenvagten": [
        ("Fast pause med en makker i hver aftenvagt.", "now"),
        ("Ekstra person på vagt kl. 17-21.", "later"),
    ],
    "Afbrydelser under medicinrunden": [
        ("Telefonen gives til en kollega under medicinrunden.", "now"),
        ("Vest med »Medicinrunde – forstyr ikke«.", "now"),
    ],
    "Vagtplan og ændringer": [("Ændringer i vagtplanen varsles mindst fire uger før.", "later")],
}
WITH_IGLO_PLAN = ("Bemanding i aftenvagten", "Afbrydelser under medicinrunden")


def seed() -> None:
    solhoj = Workplace.objects.filter(slug="plejecenter-solhoj").first()
    if solhoj is None or BallRound.objects.filter(workplace=solhoj).exists():
        return
    leder = User.objects.get(username="leder")
    _finished_round(solhoj, leder)
    _running_round(solhoj, leder)
    dialogue_demo.seed()  # Bilag 6, at Hjemmeplejen Nord


def _drop_all(ball_round: BallRound, picker: random.Random, notes: dict[str, list[str]]) -> None:
    """Drop a ball for most participants on each day, the notes picked from `notes`."""
    people = list(ball_round.participants.order_by("pk"))
    for day in notes["days"]:
        for person in people:
            if picker.random() < SKIP_SHARE:
                continue
            colour = picker.choice([Ball.Colour.RED, Ball.Colour.RED, Ball.Colour.GREEN])
            note = picker.choice(notes[colour])
            services.drop_ball(ball_round, participant=person, colour=colour, note=note, today=day)


def _finished_round(solhoj: Workplace, leder: User) -> BallRound:
    """About two months ago: 14 days, sorted, the staff meeting, two IGLO plans; done."""
    first_day = timezone.localdate() - timedelta(days=75)
    ball_round = services.plan_round(
        solhoj,
        by=leder,
        first_day=first_day,
        weekends_count=True,
        intro_at=dialogue_demo.at(-76, 9),
        sorting_meeting_at=dialogue_demo.at(-60, 13),
        staff_meeting_at=dialogue_demo.at(-58, 14),
    )
    services.start_round(ball_round, by=leder)
    heading_of = {note: title for title, notes in EARLIER_RED.items() for note in notes}
    heading_of |= {note: title for title, notes in EARLIER_GREEN.items() for note in notes}
    _drop_all(
        ball_round,
        random.Random(4),  # noqa: S311 -- demo data, not a secret
        {
            "days": ball_round.drop_days,
            Ball.Colour.RED: list(heading_of)[:7],
            Ball.Colour.GREEN: list(heading_of)[7:],
        },
    )
    services.begin_sorting(ball_round, by=leder)
    headings = {
        title: sorting.add_category(ball_round, colour=colour, title=title)
        for colour, titles in ((Ball.Colour.RED, EARLIER_RED), (Ball.Colour.GREEN, EARLIER_GREEN))
        for title in titles
    }
    for ball in ball_round.balls.all():
        sorting.file_note(ball_round, ball.pk, category=headings[heading_of[ball.note]])
    services.begin_meeting(ball_round, by=leder)
    members = list(ball_round.participants.filter(username__startswith="medarbejder"))
    red_titles = list(EARLIER_RED)
    for index, person in enumerate(members):
        sorting.join_category(headings[red_titles[index % len(red_titles)]], person)
    for title, proposals in PROPOSALS.items():
        for text, track in proposals:
            sorting.add_proposal(headings[title], text=text, track=track)
    for title in WITH_IGLO_PLAN:
        plan = sorting.create_iglo_plan(Category.objects.get(pk=headings[title].pk), by=leder)
        # Measure the first action when a new round of balls could show whether it helped.
        action = plan.actions.order_by("pk").first()
        iglo_services.save_action(
            action,
            by=leder,
            expected_version=action.version,
            level=action.level,
            text=action.text,
            responsible_member=leder,
            responsible_function="",
            deadline=timezone.localdate() + timedelta(days=14),
            measure_on=timezone.localdate() + timedelta(days=60),
            measure_how="En ny runde med boldmetoden: færre røde sedler om emnet.",
            status=action.status,
        )
    return services.finish_round(ball_round, by=leder)


def _running_round(solhoj: Workplace, leder: User) -> BallRound:
    today = timezone.localdate()
    first_day = today - timedelta(days=5)  # care homes count weekends: today is day 6
    ball_round = services.plan_round(
        solhoj,
        by=leder,
        first_day=first_day,
        weekends_count=True,
        intro_at=dialogue_demo.at(-6, 9),
        sorting_meeting_at=dialogue_demo.at(10, 13),
        staff_meeting_at=dialogue_demo.at(12, 14),
    )
    services.start_round(ball_round, by=leder)
    _drop_all(
        ball_round,
        random.Random(5),  # noqa: S311 -- demo data, not a secret
        {"days": ball_round.drop_days[:5], **NOTES},
    )
    services.empty_mailbox(before=today)
    return ball_round
