"""Bilag 5, kiosk mode: the shared screen or tablet in the break room shows the two glass
displays and lets anyone drop a ball, through a secret link the manager enables, renews
and revokes. A kiosk ball goes to the mailbox like any other; nobody is identified, so
no "already dropped today" record is kept for it."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from riskmapping.models import BallRound, MailboxBall, new_token
from riskmapping.services import SELECTOR, clean_ball
from workplaces.access import opens_kiosk
from workplaces.models import User
from workplaces.services import record_changes

# Rate limits per kiosk and client address (stressprogram.ratelimit.too_many). A break
# room's tablet is one address for everyone there, so the drop limit leaves room for a
# queue at the end of a shift; the page limit leaves room for the glass displays' refresh.
DROP_LIMIT, DROP_WINDOW = 30, 10 * 60
PAGE_LIMIT, PAGE_WINDOW = 120, 60
# Wrong kiosk links, per address and per link prefix (as wrong drop links).
MISS_LIMIT, MISS_WINDOW = 20, 10 * 60
REFRESH_SECONDS = 5
MAX_BALLS_SHOWN = 300


def _can_have_kiosk(ball_round: BallRound) -> None:
    if ball_round.mode != BallRound.Mode.DIGITAL:
        raise ValidationError(_("En runde på papir har ingen kiosk: boldene ligger i glasmontren."))
    if ball_round.status != BallRound.Status.RUNNING:
        raise ValidationError(_("Kiosken kan kun slås til, mens runden er i gang."))


def enable_kiosk(ball_round: BallRound, *, by: User) -> BallRound:
    """Give the round a (new) secret kiosk link; an earlier link stops working."""
    _can_have_kiosk(ball_round)
    renewed = bool(ball_round.kiosk_token)
    with transaction.atomic():
        ball_round.kiosk_token = new_token()
        ball_round.save(update_fields=["kiosk_token"])
        record_changes(
            ball_round,
            workplace=ball_round.workplace,
            by=by,
            changes=[(_("Kiosk"), _("slået til") if renewed else "", _("nyt link"))],
        )
    return ball_round


def revoke_kiosk(ball_round: BallRound, *, by: User) -> BallRound:
    if not ball_round.kiosk_token:
        return ball_round
    with transaction.atomic():
        ball_round.kiosk_token = ""
        ball_round.save(update_fields=["kiosk_token"])
        record_changes(
            ball_round,
            workplace=ball_round.workplace,
            by=by,
            changes=[(_("Kiosk"), _("slået til"), _("slået fra"))],
        )
    return ball_round


def kiosk_round(token: str) -> BallRound | None:
    """The running digital round whose kiosk link this is, else None."""
    if not token:
        return None
    # Like the personal links: the first characters find the row (an indexed prefix
    # search), and the whole secret is then compared in constant time.
    candidates = BallRound.objects.select_related("workplace").filter(
        kiosk_token__startswith=token[:SELECTOR],
        status=BallRound.Status.RUNNING,
        mode=BallRound.Mode.DIGITAL,
    )
    return next((r for r in candidates if opens_kiosk(r, token)), None)


def rate_scope(ball_round: BallRound, what: str) -> str:
    """The rate-limit scope of one kiosk link (a renewed link starts afresh)."""
    digest = hashlib.sha256(ball_round.kiosk_token.encode()).hexdigest()[:16]
    return f"kiosk-{what}:{digest}"


def kiosk_drop(ball_round: BallRound, *, colour: str, note: str, today: date | None = None) -> None:
    """Drop an anonymous ball from the break room's screen into the mailbox."""
    today = today or timezone.localdate()
    if (
        not ball_round.kiosk_token
        or ball_round.mode != BallRound.Mode.DIGITAL
        or not ball_round.is_open_on(today)
    ):
        raise ValidationError(_("Der kan ikke smides bolde i denne runde i dag."))
    colour, note = clean_ball(colour, note)
    MailboxBall.objects.create(round=ball_round, day=today, colour=colour, note=note)
