"""Bilag 5, kiosk mode: the shared screen or tablet in the break room shows the two glass
displays and lets participants drop their ball, through a secret link the manager
enables, renews and revokes. The seed's one ball per person per day holds there too: the
participant types their personal code of the day (in the reminder mail and on their own
drop page), and the drop is then theirs exactly as through their link (a drop record for
the day, the ball anonymous in the mailbox)."""

import hashlib
import hmac
import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from riskmapping.balls.services import drop_ball
from riskmapping.models import JOIN_CODE_ALPHABET, SELECTOR, BallRound, DropToken, new_token
from workplaces.access import opens_kiosk, same_secret
from workplaces.models import User
from workplaces.services import record_changes

# Rate limits per kiosk and client address (stressprogram.ratelimit.too_many). A break
# room's tablet is one address for everyone there, so the drop limit leaves room for a
# queue at the end of a shift; the page limit leaves room for the glass displays' refresh.
DROP_LIMIT, DROP_WINDOW = 30, 10 * 60
PAGE_LIMIT, PAGE_WINDOW = 120, 60
# Wrong codes per kiosk and address: typos are fine, guessing is not (6 characters of 32
# make 2^30 codes; at 30 tries in 10 minutes one of 500 codes takes some 13 years).
CODE_MISSES, CODE_WINDOW = 30, 10 * 60
CODE_LENGTH = 6
# Wrong kiosk links, per address and per link prefix (as wrong drop links).
MISS_LIMIT, MISS_WINDOW = 20, 10 * 60
REFRESH_SECONDS = 5
MAX_BALLS_SHOWN = 300

logger = logging.getLogger(__name__)


class UnknownCodeError(ValidationError):
    """The code typed at the kiosk is no participant's code today."""


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


def day_code(drop_token: DropToken, day: date) -> str:
    """The participant's code for the kiosk on `day`: derived from their drop link's
    secret, so it changes every day and with the link, and nothing more is stored."""
    digest = hmac.new(drop_token.token.encode(), day.isoformat().encode(), hashlib.sha256)
    number = int.from_bytes(digest.digest()[:8])
    return "".join(JOIN_CODE_ALPHABET[(number >> (5 * i)) & 31] for i in range(CODE_LENGTH))


def _normalised(code: str) -> str:
    """What was typed, as the code is written: capitals, without spaces or dashes."""
    return "".join(c for c in (code or "").upper() if c not in " -")


def participant_by_code(ball_round: BallRound, code: str, *, day: date) -> DropToken | None:
    """The drop link (and so the participant) whose code on `day` is `code`, else None.
    Every link of the round is tried, each compared in constant time."""
    code = _normalised(code)
    if len(code) != CODE_LENGTH:
        return None
    found = None
    for drop_token in DropToken.objects.filter(round=ball_round).select_related("participant"):
        if same_secret(day_code(drop_token, day), code):
            found = drop_token
    return found


def kiosk_drop(
    ball_round: BallRound, *, code: str, colour: str, note: str, today: date | None = None
) -> None:
    """Drop the ball of the participant whose code of the day this is, as their own link
    would: once a day, anonymous in the mailbox."""
    today = today or timezone.localdate()
    if (
        not ball_round.kiosk_token
        or ball_round.mode != BallRound.Mode.DIGITAL
        or not ball_round.is_open_on(today)
    ):
        raise ValidationError(_("Der kan ikke smides bolde i denne runde i dag."))
    drop_token = participant_by_code(ball_round, code, day=today)
    if drop_token is None:
        logger.warning("Unknown code typed at the kiosk of ball round %s", ball_round.pk)
        raise UnknownCodeError(
            _(
                "Koden passer ikke. Du finder din kode for i dag i dagens mail om "
                "boldmetoden og på din egen side med bolde."
            )
        )
    drop_ball(ball_round, participant=drop_token.participant, colour=colour, note=note, today=today)
