"""Bilag 5: ball notes are kept for a while after their round is done, then blanked.
Bilag 6 likewise: the post-its and guests' names of a dialogue meeting held that long ago.

The balls stay (the counts of a round never change); only what was written on them goes.
A round's end has no column of its own, so it is taken as the latest of its last drop day,
its staff meeting and the last entry in its history (closing the round writes one), which
is never earlier than the day it was closed.
"""

import logging
from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from riskmapping.models import (
    Ball,
    BallRound,
    DialogueMeeting,
    MailboxBall,
    MeetingGuest,
    StickyNote,
)
from stressprogram.dates import months_ago
from workplaces.models import Change

logger = logging.getLogger(__name__)


def done_since(ball_round: BallRound, *, last_change: datetime | None = None) -> date:
    """The day a finished round is counted as done from (see the module's docstring)."""
    candidates = [ball_round.last_day]
    if ball_round.staff_meeting_at is not None:
        candidates.append(timezone.localdate(ball_round.staff_meeting_at))
    if last_change is not None:
        candidates.append(timezone.localdate(last_change))
    return max(candidates)


def blank_expired_ball_notes(*, now: datetime | None = None) -> int:
    """Blank the notes (and reasons for hiding them) of the balls of every round done more
    than BALL_NOTE_RETENTION_MONTHS ago; returns how many balls were blanked."""
    cutoff = months_ago(settings.BALL_NOTE_RETENTION_MONTHS, now=now).date()
    with_text = Q(note__gt="") | Q(hidden_reason__gt="")
    rounds = BallRound.objects.filter(status=BallRound.Status.DONE, first_day__lt=cutoff).filter(
        Q(pk__in=Ball.objects.filter(with_text).values("round"))
        | Q(pk__in=MailboxBall.objects.filter(note__gt="").values("round"))
    )
    last_changes = dict(
        Change.objects.filter(
            content_type=ContentType.objects.get_for_model(BallRound),
            object_id__in=rounds.values("pk"),
        )
        .values("object_id")
        .annotate(last=Max("at"))
        .values_list("object_id", "last")
    )
    blanked = 0
    for ball_round in rounds:
        if done_since(ball_round, last_change=last_changes.get(ball_round.pk)) >= cutoff:
            continue
        with transaction.atomic():
            blanked += Ball.objects.filter(with_text, round=ball_round).update(
                note="", hidden_reason=""
            )
            # A ball still in the mailbox keeps counting; its note goes like the others.
            blanked += MailboxBall.objects.filter(round=ball_round).exclude(note="").update(note="")
    if blanked:
        logger.info("Blanked the notes of %s balls past the retention period", blanked)
    return blanked


def blank_expired_meeting_notes(*, now: datetime | None = None) -> int:
    """Blank the post-its (and reasons for hiding them) and the guests' names of every
    dialogue meeting held more than BALL_NOTE_RETENTION_MONTHS ago; returns how many rows
    were blanked. The notes and guests stay as rows, so the meeting's figures (notes per
    colour, people present) never change."""
    cutoff = months_ago(settings.BALL_NOTE_RETENTION_MONTHS, now=now)
    held = DialogueMeeting.objects.filter(status=DialogueMeeting.Status.DONE, starts_at__lt=cutoff)
    with transaction.atomic():
        blanked = (
            StickyNote.objects.filter(meeting__in=held)
            .filter(Q(note__gt="") | Q(hidden_reason__gt=""))
            .update(note="", hidden_reason="")
        )
        blanked += MeetingGuest.objects.filter(meeting__in=held).exclude(name="").update(name="")
    if blanked:
        logger.info("Blanked %s post-its and guest names past the retention period", blanked)
    return blanked
