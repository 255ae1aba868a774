"""The meeting room's screen: a secret, read-only link to one meeting's screen — the
dialogue board (Bilag 6) or the staff meeting's projector view (Bilag 5) — that the manager
opens on the room's screen and drives from their own phone or laptop. The screen holds no
one's login session, so it is never logged out mid-meeting; the link works only while that
meeting is on and stops when it ends."""

import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from riskmapping.models import SELECTOR, BallRound, DialogueMeeting, new_token
from workplaces.access import opens_presenter_screen
from workplaces.models import User
from workplaces.services import record_changes

# Per link and client address (stressprogram.ratelimit.too_many): the screen polls every
# 1.5 s (40 a minute), so 120 leaves room for a reload or two; a guess never gets this far.
PAGE_LIMIT, PAGE_WINDOW = 120, 60
GUESS_LIMIT, GUESS_WINDOW = 30, 10 * 60
# While the link works: the staff meeting of a round, a dialogue meeting until it is held.
ON = {BallRound: [BallRound.Status.MEETING], DialogueMeeting: [DialogueMeeting.Status.PLANNED,
      DialogueMeeting.Status.RUNNING]}  # fmt: skip


def is_on(meeting: BallRound | DialogueMeeting) -> bool:
    return meeting.status in ON[type(meeting)]


def enable(meeting: BallRound | DialogueMeeting, *, by: User) -> BallRound | DialogueMeeting:
    """Give the meeting a (new) presenter link; an earlier one stops working."""
    if not is_on(meeting):
        raise ValidationError(_("Skærmen kan kun vises, mens mødet holdes."))
    meeting.presenter_token = new_token()
    meeting.save(update_fields=["presenter_token"])
    record_changes(
        meeting,
        workplace=meeting.workplace,
        by=by,
        changes=[(_("Skærm i mødelokalet"), "", _("nyt link"))],
    )
    return meeting


def presented(token: str) -> BallRound | DialogueMeeting | None:
    """The meeting that is on whose presenter link this is, else None."""
    if len(token) < SELECTOR:
        return None
    for model, statuses in ON.items():
        # As the other secret links: an indexed prefix finds the row, the whole secret is
        # then compared in constant time.
        candidates = model.objects.select_related("workplace").filter(
            presenter_token__startswith=token[:SELECTOR], status__in=statuses
        )
        found = next((m for m in candidates if opens_presenter_screen(m, token)), None)
        if found is not None:
            return found
    return None


def rate_scope(meeting: BallRound | DialogueMeeting) -> str:
    """The rate-limit scope of one presenter link (a renewed link starts afresh)."""
    digest = hashlib.sha256(meeting.presenter_token.encode()).hexdigest()[:16]
    return f"presenter:{digest}"
