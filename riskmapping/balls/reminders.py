"""The daily ball reminder of Bilag 5, registered with the one scheduler
(workplaces.reminders): on each drop day of a running round, one e-mail to every
participant who has not dropped a ball yet, with their personal link."""

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy

from riskmapping.balls import kiosk, services
from riskmapping.models import BallRound, DropRecord
from workplaces.access import takes_part_in
from workplaces.models import ReminderDelivery, User, Workplace
from workplaces.reminders import Due, absolute

# A reminder sent before noon cannot ask how the day went: it asks for the ball at its end.
NOON = 12


class BallDropDue:
    kind = "ball-drop"
    label = gettext_lazy("den daglige påmindelse om boldmetoden")

    def due(self, workplace: Workplace, today: date) -> Iterator[Due]:
        # Digital rounds only: on paper the balls go in the glass displays, with no link.
        ball_round = BallRound.objects.filter(
            workplace=workplace, status=BallRound.Status.RUNNING, mode=BallRound.Mode.DIGITAL
        ).first()
        if ball_round is None or not ball_round.is_open_on(today):
            return
        dropped = DropRecord.objects.filter(round=ball_round, day=today).values("participant")
        waiting = (
            ball_round.participants.filter(is_active=True)
            .exclude(email="")
            .exclude(pk__in=dropped)
            .order_by("pk")
        )
        for user in waiting:
            yield Due(self.kind, ball_round.pk, user, today.isoformat())

    def message(self, delivery: ReminderDelivery) -> tuple[str, dict[str, Any]] | None:
        day = date.fromisoformat(delivery.key.rsplit(":", 1)[1])
        ball_round = (
            BallRound.objects.select_related("workplace").filter(pk=delivery.object_id).first()
        )
        recipient: User = delivery.recipient
        if (
            ball_round is None
            or not ball_round.is_open_on(day)
            or ball_round.mode != BallRound.Mode.DIGITAL
            or not takes_part_in(recipient, ball_round)
            or services.has_dropped(ball_round, participant=recipient, day=day)
        ):
            return None
        link = services.token_for(ball_round, recipient)
        return "ball_reminder", {
            "round": ball_round,
            "day_number": ball_round.day_number(day),
            "before_noon": ball_round.workplace.reminder_hour < NOON,
            "last_day": ball_round.last_day,
            "url": absolute(link.get_absolute_url()),
            "day_code": kiosk.day_code(link, day),
        }
