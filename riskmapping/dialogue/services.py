"""Bilag 6, the dialogue method: planning the meeting, its groups and invitations, the timed
phases of the two-hour meeting, joining its board, and the notes and proposals written on it.
Headings, filing, proposals' tracks and IGLO plans go through `riskmapping.sorting`, shared
with the ball method."""

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from riskmapping.cancellation import mark_cancelled, send_cancellation
from riskmapping.models import (
    Category,
    Colour,
    DialogueMeeting,
    MeetingGroup,
    MeetingGuest,
    Proposal,
    StickyNote,
    new_join_code,
)
from riskmapping.sorting import services as sorting
from stressprogram.forms import one_line
from stressprogram.ics import CONTENT_TYPE, CalendarEvent, calendar_file
from stressprogram.mail import send_templated_mail
from workplaces import figures
from workplaces.models import Membership, User, Workplace
from workplaces.services import active_members, record_changes

MEETING_MINUTES = 120
NOTES_PER_COLOUR = 3  # each group: 3 red and 3 green post-its
GROUP_MIN, GROUP_MAX = 4, 5
PRESENTATION_SECONDS = 3 * 60  # "maks 2-3 minutter til hver gruppe"
GRACE_SECONDS = 120  # a note sent for the phase just ended is still taken this long
EXTEND_MAX_MINUTES = 60
NOTE_MAX = 500
GUEST_NAME_MAX = MeetingGuest._meta.get_field("name").max_length  # noqa: SLF001
ROOM_MAX = DialogueMeeting._meta.get_field("room").max_length  # noqa: SLF001


@dataclass(frozen=True)
class Phase:
    key: str
    minutes: int
    title: str
    description: str


# The seed's agenda (reading-notes.md, "Bilag 6 — Dialogmetoden, timings"): 120 minutes.
PHASES = (
    Phase(
        "intro",
        10,
        gettext_lazy("Introduktion"),
        gettext_lazy("Lederen introducerer metoden og tidsplanen."),
    ),
    Phase(
        "groups",
        40,
        gettext_lazy("Gruppearbejde"),
        gettext_lazy(
            "Hver gruppe skriver 3 røde post-its med det, der er udfordrende i arbejdet, og "
            "3 grønne med det, der er motiverende."
        ),
    ),
    Phase(
        "presentations",
        20,
        gettext_lazy("Grupperne fremlægger"),
        gettext_lazy("Grupperne præsenterer kort deres post-its (maks 2-3 minutter til hver)."),
    ),
    Phase(
        "clustering",
        10,
        gettext_lazy("Pause"),
        gettext_lazy(
            "Medarbejderne holder pause. Lederen og de tillidsvalgte sorterer de røde "
            "post-its ind under fælles overskrifter."
        ),
    ),
    Phase(
        "clusters",
        5,
        gettext_lazy("Overskrifterne fremlægges"),
        gettext_lazy("Lederen præsenterer kort, hvordan de røde sedler er bunket."),
    ),
    Phase(
        "proposals",
        25,
        gettext_lazy("Løsningsforslag"),
        gettext_lazy(
            "Hver skriver individuelt løsningsforslag til de røde overskrifter. De grønne "
            "sedler kan bruges som inspiration."
        ),
    ),
    Phase(
        "roundoff",
        10,
        gettext_lazy("Afrunding"),
        gettext_lazy(
            "Forslagene deles i to: 1) forslag, der kan handles på straks, og 2) forslag, "
            "lederen og de tillidsvalgte arbejder videre med."
        ),
    ),
)
PHASE_KEYS = tuple(p.key for p in PHASES)


def phase_index(key: str) -> int:
    return PHASE_KEYS.index(key)


def when(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _bump(meeting: DialogueMeeting) -> None:
    """Every screen polls `version`: a change here makes them fetch what changed."""
    DialogueMeeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
    _forget(meeting)


# The phones' polls read the meeting's phase fields from the cache (Redis in production),
# not the database; every change of the meeting drops the cached copy (also on commit, so
# a poll between the write and the commit cannot put the old one back for long).
POLLED_FIELDS = (
    "id",
    "workplace_id",
    "status",
    "phase",
    "phase_started_at",
    "phase_extra_seconds",
    "previous_phase",
    "presenting_group",
    "presenting_started_at",
    "version",
    "join_code",
)
POLLED_SECONDS = 30


def _polled_key(code: str) -> str:
    return f"dialogue:polled:{code}"


def _forget(meeting: DialogueMeeting) -> None:
    key = _polled_key(meeting.join_code)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def polled_meeting(code: str) -> DialogueMeeting | None:
    """The meeting with the fields `state` needs (no workplace), cached between changes."""
    code = "".join((code or "").split()).upper()
    found = cache.get(_polled_key(code))
    if found is None:
        found = (
            DialogueMeeting.objects.filter(join_code=code).values(*POLLED_FIELDS).first()
            if code
            else None
        )
        if found is None:
            return None
        cache.set(_polled_key(code), found, POLLED_SECONDS)
    return DialogueMeeting(**found)


def meetings_of(workplace: Workplace) -> list[DialogueMeeting]:
    return list(DialogueMeeting.objects.filter(workplace=workplace).order_by("-starts_at", "-pk"))


def latest_meeting(workplace: Workplace) -> DialogueMeeting | None:
    """The next planned or running meeting, else the latest one held (one query: a
    workplace holds a handful of meetings)."""
    meetings = list(
        DialogueMeeting.objects.filter(workplace=workplace)
        .exclude(status=DialogueMeeting.Status.CANCELLED)
        .order_by("starts_at")
    )
    unfinished = [m for m in meetings if m.status != DialogueMeeting.Status.DONE]
    if unfinished:
        return unfinished[0]
    return meetings[-1] if meetings else None


# Planning ---------------------------------------------------------------------------------


def _check_plan(
    workplace: Workplace, *, room: str, invited: list[User], roles: dict[str, User | None]
) -> str:
    room = one_line(
        room,
        most=ROOM_MAX,
        empty=_("Skriv, hvilket lokale mødet holdes i."),
        too_long=_("Lokalet må højst have %(n)s tegn."),
    )
    members = set(active_members(workplace).values_list("pk", flat=True))
    if not invited:
        raise ValidationError(_("Indkald mindst én medarbejder."))
    if any(u.pk not in members for u in invited):
        raise ValidationError(_("Kun arbejdspladsens medarbejdere kan indkaldes."))
    if any(u is not None and u.pk not in members for u in roles.values()):
        raise ValidationError(_("Rollerne på mødet gives til arbejdspladsens medarbejdere."))
    return room


def plan_meeting(
    workplace: Workplace,
    *,
    by: User,
    starts_at: datetime,
    room: str,
    invited: Iterable[User] | None = None,
    time_keeper: User | None = None,
    introducer: User | None = None,
    summariser: User | None = None,
    writer: User | None = None,
) -> DialogueMeeting:
    """Plan a dialogue meeting; everyone working there is invited unless told otherwise, and
    groups of 4–5 are made from the invited (the manager can move people afterwards)."""
    invited = list(active_members(workplace) if invited is None else invited)
    roles = {
        "time_keeper": time_keeper,
        "introducer": introducer,
        "summariser": summariser,
        "writer": writer,
    }
    room = _check_plan(workplace, room=room, invited=invited, roles=roles)
    with transaction.atomic():
        meeting = DialogueMeeting(
            workplace=workplace, starts_at=starts_at, room=room, created_by=by, **roles
        )
        for _attempt in range(10):  # a clash of random codes is rare; try again
            meeting.join_code = new_join_code()
            if not DialogueMeeting.objects.filter(join_code=meeting.join_code).exists():
                break
        meeting.save()
        meeting.invited.set(invited)
        make_groups(meeting)
        record_changes(
            meeting,
            workplace=workplace,
            by=by,
            changes=[(_("Dialogmøde planlagt"), "", when(starts_at))],
        )
    return meeting


def update_meeting(
    meeting: DialogueMeeting,
    *,
    by: User,
    starts_at: datetime,
    room: str,
    invited: Iterable[User],
    time_keeper: User | None = None,
    introducer: User | None = None,
    summariser: User | None = None,
    writer: User | None = None,
) -> DialogueMeeting:
    """Change the plan of a meeting not yet begun; people no longer invited leave their group."""
    if meeting.status != DialogueMeeting.Status.PLANNED:
        raise ValidationError(_("Kun et planlagt møde kan ændres."))
    invited = list(invited)
    roles = {
        "time_keeper": time_keeper,
        "introducer": introducer,
        "summariser": summariser,
        "writer": writer,
    }
    room = _check_plan(meeting.workplace, room=room, invited=invited, roles=roles)
    before = (when(meeting.starts_at), meeting.room)
    moved = (meeting.starts_at, meeting.room) != (starts_at, room)
    with transaction.atomic():
        meeting.starts_at, meeting.room = starts_at, room
        for name, user in roles.items():
            setattr(meeting, name, user)
        if moved:
            meeting.touch_calendar()
        meeting.save()
        previous = set(meeting.invited.values_list("pk", flat=True))
        meeting.invited.set(invited)
        now_invited = {u.pk for u in invited}
        gone = previous - now_invited
        for group in meeting.groups.all():
            group.members.remove(*gone)
        added = [u for u in invited if u.pk not in previous]
        for user in groupable(meeting, added):
            _smallest_group(meeting).members.add(user)
        record_changes(
            meeting,
            workplace=meeting.workplace,
            by=by,
            changes=[
                (_("Tidspunkt"), before[0], when(starts_at)),
                (_("Lokale"), before[1], room),
            ],
        )
        _bump(meeting)
    if moved and meeting.invitations_sent_at:
        _mail_invited(meeting, updated=True)
    return meeting


def _managers(meeting: DialogueMeeting) -> set[int]:
    return set(
        Membership.objects.active()
        .filter(workplace_id=meeting.workplace_id, role=Membership.Role.MANAGER)
        .values_list("user_id", flat=True)
    )


def groupable(meeting: DialogueMeeting, people: Iterable[User]) -> list[User]:
    """The manager leads the meeting and sorts with the tillidsvalgte; the others sit in
    groups (AMiR and TR too: they work there)."""
    managers = _managers(meeting)
    return [p for p in people if p.pk not in managers]


@dataclass(frozen=True)
class Split:
    """One way to split the people into groups: the group sizes, largest first."""

    sizes: tuple[int, ...]

    @property
    def keeps_seed(self) -> bool:
        return all(GROUP_MIN <= size <= GROUP_MAX for size in self.sizes)

    @property
    def distance(self) -> int:
        """How many seats are outside the seed's 4–5, summed over the groups."""
        return sum(max(0, GROUP_MIN - s) + max(0, s - GROUP_MAX) for s in self.sizes)

    @property
    def key(self) -> str:
        return "-".join(map(str, self.sizes))

    def __str__(self) -> str:
        counts = {size: self.sizes.count(size) for size in self.sizes}
        return _(" og ").join(
            ngettext("%(n)s gruppe på %(size)s", "%(n)s grupper på %(size)s", n)
            % {"n": n, "size": size}
            for size, n in counts.items()
        )


def _balanced(n: int, count: int) -> tuple[int, ...]:
    base, extra = divmod(n, count)
    return (base + 1,) * extra + (base,) * (count - extra)


def split_options(n: int) -> list[Split]:
    """The ways to split `n` people into balanced groups, the best first. Every split with
    4–5 in each group (the seed's rule) when there is one; where there is none (1–3, 6, 7
    and 11 people) the nearest with bigger groups and the nearest with smaller ones, the
    one with fewer seats outside 4–5 first (on a tie, the one with more groups)."""
    if n <= 0:
        return []
    fewest, most = math.ceil(n / GROUP_MAX), n // GROUP_MIN
    if fewest <= most:
        return [Split(_balanced(n, count)) for count in range(fewest, most + 1)]
    options = {Split(_balanced(n, count)) for count in (fewest, most) if count >= 1}
    return sorted(options, key=lambda s: (s.distance, -len(s.sizes)))


def split_warning(options: list[Split]) -> str:
    """A plain Danish sentence when no split keeps the seed's 4–5 in a group, else ""."""
    if not options or options[0].keeps_seed:
        return ""
    n = sum(options[0].sizes)
    choices = _(" eller ").join(str(option) for option in options)
    if len(options) == 1:
        return _(
            "Bilag 6 beder om grupper på 4–5. Med %(n)s i grupperne kan det ikke lade sig "
            "gøre: det bliver %(choices)s."
        ) % {"n": n, "choices": choices}
    return _(
        "Bilag 6 beder om grupper på 4–5. Med %(n)s i grupperne kan det ikke lade sig "
        "gøre: vælg %(choices)s."
    ) % {"n": n, "choices": choices}


def _check_not_over(meeting: DialogueMeeting) -> None:
    if meeting.status == DialogueMeeting.Status.DONE:
        raise ValidationError(_("Mødet er afholdt."))
    if meeting.status == DialogueMeeting.Status.CANCELLED:
        raise ValidationError(_("Mødet er aflyst."))


def make_groups(meeting: DialogueMeeting, *, split: str = "") -> list[MeetingGroup]:
    """(Re)make the groups from the invited, dealt round-robin by name so they are balanced;
    `split` is the key of one of `split_options` (the manager's choice), else the best."""
    _check_not_over(meeting)
    if meeting.sticky_notes.exists():
        raise ValidationError(_("Grupperne har skrevet post-its; flyt enkelte personer i stedet."))
    people = groupable(
        meeting, meeting.invited.order_by("first_name", "last_name", "username", "pk")
    )
    options = split_options(len(people))
    chosen = [o for o in options if o.key == split] if split else options[:1]
    if options and not chosen:
        raise ValidationError(_("Vælg en af de foreslåede inddelinger i grupper."))
    sizes = chosen[0].sizes if chosen else ()
    with transaction.atomic():
        meeting.groups.all().delete()
        groups = [
            MeetingGroup.objects.create(meeting=meeting, number=i + 1) for i in range(len(sizes))
        ]
        for index, person in enumerate(people):
            groups[index % len(groups)].members.add(person)
        _bump(meeting)
    return groups


def _smallest_group(meeting: DialogueMeeting) -> MeetingGroup:
    group = (
        meeting.groups.annotate(
            size=Count("members", distinct=True)
            + Count("guests", filter=Q(guests__status="accepted"), distinct=True)
        )
        .order_by("size", "number")
        .first()
    )
    if group is None:
        group = MeetingGroup.objects.create(meeting=meeting, number=1)
    return group


def move_person(meeting: DialogueMeeting, *, user: User | None, number: int) -> MeetingGroup:
    """Move one person to group `number` (a number one past the last makes a new group)."""
    _check_not_over(meeting)
    if user is None or not meeting.invited.filter(pk=user.pk).exists():
        raise ValidationError(_("Personen er ikke indkaldt til mødet."))
    last = meeting.groups.count()
    if not 1 <= number <= last + 1:
        raise ValidationError(_("Vælg en af grupperne."))
    with transaction.atomic():
        group, _created = MeetingGroup.objects.get_or_create(meeting=meeting, number=number)
        for other in meeting.groups.filter(members=user).exclude(pk=group.pk):
            other.members.remove(user)
        group.members.add(user)
        _bump(meeting)
    return group


def groups_of(meeting: DialogueMeeting) -> list[MeetingGroup]:
    """The groups with their members and accepted guests, in a fixed number of queries."""
    return list(
        meeting.groups.prefetch_related(
            Prefetch("members", queryset=User.objects.order_by("first_name", "last_name")),
            Prefetch("guests", queryset=MeetingGuest.objects.filter(status="accepted")),
        )
    )


# Invitations and the agenda -----------------------------------------------------------------


def meeting_ics(meeting: DialogueMeeting) -> bytes:
    """The meeting as an ICS calendar file with one event (2 hours, in the booked room)."""
    cancelled = meeting.status == DialogueMeeting.Status.CANCELLED
    summary = _("Dialogmøde: afdækning af risikofaktorer på arbejdspladsen")
    description = _(
        "Dialogmetode til afdækning af risikofaktorer på arbejdspladsen (%(workplace)s)."
    ) % {"workplace": meeting.workplace.name}
    if cancelled:
        summary = _("Aflyst: %(summary)s") % {"summary": summary}
        description = _("Aflyst: %(reason)s") % {"reason": meeting.cancel_reason}
    event = CalendarEvent(
        uid=f"dialogue-meeting-{meeting.pk}",
        summary=summary,
        start=meeting.starts_at,
        end=meeting.starts_at + timedelta(minutes=MEETING_MINUTES),
        sequence=meeting.calendar_sequence,
        modified=meeting.calendar_modified_at,
        description=description,
        location=meeting.room,
        url=settings.SITE_URL + meeting.get_absolute_url(),
        cancelled=cancelled,
    )
    return calendar_file(product="Dialogmetoden", name=_("Dialogmøde"), events=[event])


def _invited_people(meeting: DialogueMeeting) -> list[User]:
    return [u for u in meeting.invited.order_by("pk") if u.email and u.is_active]


def _mail_invited(meeting: DialogueMeeting, *, updated: bool = False) -> int:
    """The invitation (or, after a move, the update) with the meeting's calendar file."""
    people = _invited_people(meeting)
    ics = meeting_ics(meeting)
    context = {
        "meeting": meeting,
        "workplace": meeting.workplace,
        "when": when(meeting.starts_at),
        "phases": PHASES,
        "updated": updated,
    }
    for person in people:
        send_templated_mail(
            "dialogue_invitation",
            {**context, "person": person},
            [person.email],
            attachments=[("dialogmoede.ics", ics, CONTENT_TYPE)],
        )
    return len(people)


def send_invitations(meeting: DialogueMeeting, *, by: User) -> int:
    """E-mail everyone invited (who has an address) with the meeting as an ICS file."""
    if meeting.status not in (DialogueMeeting.Status.PLANNED, DialogueMeeting.Status.RUNNING):
        raise ValidationError(_("Mødet er afholdt eller aflyst."))
    sent = _mail_invited(meeting)
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    record_changes(
        meeting,
        workplace=meeting.workplace,
        by=by,
        changes=[(_("Indkaldelse sendt"), "", str(sent))],
    )
    return sent


def cancel_meeting(meeting: DialogueMeeting, *, by: User, reason: str) -> int:
    """Cancel a meeting not yet begun and tell everyone invited, with a calendar file that
    takes it out of their calendars; returns how many were told."""
    with transaction.atomic():
        mark_cancelled(
            meeting,
            by=by,
            reason=reason,
            refusal=_("Kun et planlagt møde kan aflyses."),
        )
        _bump(meeting)
    people = _invited_people(meeting)
    send_cancellation(
        people,
        what=_("Dialogmødet"),
        when=when(meeting.starts_at),
        subject=meeting,
        by=by,
        ics=("dialogmoede.ics", meeting_ics(meeting)),
    )
    return len(people)


def agenda(meeting: DialogueMeeting) -> list[dict[str, Any]]:
    """The phases with their planned start and end times (for the agenda PDF)."""
    rows, moment = [], timezone.localtime(meeting.starts_at)
    for phase in PHASES:
        end = moment + timedelta(minutes=phase.minutes)
        rows.append({"phase": phase, "start": moment, "end": end})
        moment = end
    return rows


# The phase machine ---------------------------------------------------------------------------

START, EXTEND, SKIP, BACK, NEXT_GROUP = "start", "extend", "skip", "back", "next_group"


@dataclass(frozen=True)
class Timer:
    """What the screens show about time, computed from the server's clock."""

    status: str
    index: int | None  # the current phase, None when planned or done
    phase: Phase | None
    ends_at: datetime | None
    remaining: int  # seconds, 0 when over time
    overtime: int  # seconds past the end
    presenting_group: int | None
    group_remaining: int | None

    @property
    def remaining_clock(self) -> str:
        return clock(self.remaining)

    @property
    def overtime_clock(self) -> str:
        return clock(self.overtime)

    @property
    def group_clock(self) -> str:
        return clock(self.group_remaining or 0)


def clock(seconds: int) -> str:
    """Seconds as minutes and seconds, the way the timers show them: 9:05."""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    return f"{minutes}:{rest:02d}"


def timer(meeting: DialogueMeeting, now: datetime | None = None) -> Timer:
    now = now or timezone.now()
    if meeting.status != DialogueMeeting.Status.RUNNING or meeting.phase_started_at is None:
        return Timer(meeting.status, None, None, None, 0, 0, None, None)
    phase = PHASES[meeting.phase]
    ends_at = meeting.phase_started_at + timedelta(
        minutes=phase.minutes, seconds=meeting.phase_extra_seconds
    )
    left = (ends_at - now).total_seconds()
    group_remaining = None
    if phase.key == "presentations" and meeting.presenting_started_at is not None:
        elapsed = (now - meeting.presenting_started_at).total_seconds()
        group_remaining = max(0, math.ceil(PRESENTATION_SECONDS - elapsed))
    return Timer(
        meeting.status,
        meeting.phase,
        phase,
        ends_at,
        max(0, math.ceil(left)),
        max(0, math.floor(-left)),
        meeting.presenting_group if phase.key == "presentations" else None,
        group_remaining,
    )


def allowed_moves(meeting: DialogueMeeting) -> set[str]:
    """The transitions the facilitator may make from where the meeting is."""
    if meeting.status == DialogueMeeting.Status.CANCELLED:
        return set()
    if meeting.status == DialogueMeeting.Status.PLANNED:
        return {START}
    if meeting.status == DialogueMeeting.Status.DONE:
        return {BACK}  # a finished meeting can be taken back to its round-off
    moves = {EXTEND, SKIP}
    if meeting.phase > 0:
        moves.add(BACK)
    if PHASES[meeting.phase].key == "presentations":
        moves.add(NEXT_GROUP)
    return moves


def move(
    meeting: DialogueMeeting,
    action: str,
    *,
    by: User,
    minutes: int = 0,
    expected_phase: int | None = None,
    now: datetime | None = None,
) -> DialogueMeeting:
    """Start the meeting, extend the current phase by `minutes`, skip to the next phase (the
    last one ends the meeting), go back one, or give the floor to the next group. With
    `expected_phase`, a click made on a screen that had not caught up is refused, so two
    facilitators clicking "next" at once move one phase, not two."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = DialogueMeeting.objects.select_for_update().get(pk=meeting.pk)
        if action not in allowed_moves(locked):
            raise ValidationError(_("Det kan mødet ikke i den fase, det er i."))
        current = locked.phase if locked.status == DialogueMeeting.Status.RUNNING else None
        if expected_phase is not None and action != START and expected_phase != current:
            raise ValidationError(_("Fasen er allerede skiftet. Se skærmen igen."))
        before, status = _phase_label(locked), locked.status
        _apply(locked, action, minutes=minutes, now=now)
        locked.version += 1
        locked.save()
        _forget(locked)
        if locked.status != status:  # HR's dashboard shows the meeting's status
            figures.changed(locked.workplace_id)
        after = _phase_label(locked)
        if before != after:
            record_changes(
                locked, workplace=locked.workplace, by=by, changes=[(_("Fase"), before, after)]
            )
    return locked


def _apply(meeting: DialogueMeeting, action: str, *, minutes: int, now: datetime) -> None:
    """One step of the phase machine on the meeting meeting (see `move`)."""
    if action == START:
        meeting.status = DialogueMeeting.Status.RUNNING
        _enter(meeting, 0, now)
    elif action == EXTEND:
        if not 1 <= minutes <= EXTEND_MAX_MINUTES:
            raise ValidationError(
                _("Forlæng med 1 til %(n)s minutter.") % {"n": EXTEND_MAX_MINUTES}
            )
        meeting.phase_extra_seconds += minutes * 60
    elif action == SKIP:
        if meeting.phase + 1 < len(PHASES):
            _enter(meeting, meeting.phase + 1, now)
        else:
            meeting.status = DialogueMeeting.Status.DONE
            meeting.previous_phase = meeting.phase
            meeting.phase_started_at = now
    elif action == BACK:
        if meeting.status == DialogueMeeting.Status.DONE:
            meeting.status = DialogueMeeting.Status.RUNNING
            _enter(meeting, len(PHASES) - 1, now)
        else:
            _enter(meeting, meeting.phase - 1, now)
    elif action == NEXT_GROUP:
        count = meeting.groups.count()
        number = (meeting.presenting_group or 0) + 1
        if number > count:
            raise ValidationError(_("Alle grupper har fremlagt."))
        meeting.presenting_group = number
        meeting.presenting_started_at = now


def _enter(meeting: DialogueMeeting, index: int, now: datetime) -> None:
    meeting.previous_phase = meeting.phase if meeting.phase_started_at else None
    meeting.phase = index
    meeting.phase_started_at = now
    meeting.phase_extra_seconds = 0
    if PHASES[index].key == "presentations":
        meeting.presenting_group, meeting.presenting_started_at = 1, now
    else:
        meeting.presenting_group = meeting.presenting_started_at = None


def _phase_label(meeting: DialogueMeeting) -> str:
    if meeting.status == DialogueMeeting.Status.RUNNING:
        return str(PHASES[meeting.phase].title)
    return str(meeting.get_status_display())


def phase_open(
    meeting: DialogueMeeting, key: str, *, sent_for: str | None, now: datetime | None = None
) -> bool:
    """Is the phase `key` open for writing? It is while it runs, and for a short grace period
    after it ended for a phone that sent its note for that phase (it was being typed when the
    facilitator moved on, or the phone was offline a moment)."""
    if meeting.status == DialogueMeeting.Status.PLANNED:
        return False
    index = phase_index(key)
    if meeting.status == DialogueMeeting.Status.RUNNING and meeting.phase == index:
        return True
    now = now or timezone.now()
    return (
        sent_for == key
        and meeting.previous_phase == index
        and meeting.phase_started_at is not None
        and (now - meeting.phase_started_at).total_seconds() <= GRACE_SECONDS
    )


# Joining -------------------------------------------------------------------------------------


def meeting_for_code(code: str) -> DialogueMeeting | None:
    code = "".join((code or "").split()).upper()
    if not code:
        return None
    meetings = DialogueMeeting.objects.exclude(status=DialogueMeeting.Status.CANCELLED)
    return meetings.select_related("workplace").filter(join_code=code).first()


def request_seat(meeting: DialogueMeeting, *, name: str) -> MeetingGuest:
    """Someone without a login asks to take part under a name; the manager accepts them."""
    _check_not_over(meeting)
    name = one_line(
        name,
        most=GUEST_NAME_MAX,
        empty=_("Skriv dit navn."),
        too_long=_("Navnet må højst have %(n)s tegn."),
    )
    guest = MeetingGuest.objects.create(meeting=meeting, name=name)
    _bump(meeting)
    return guest


def decide_guest(
    meeting: DialogueMeeting, guest_id: int, *, by: User, accept: bool
) -> MeetingGuest:
    """Let a waiting guest in (into the smallest group) or turn them away."""
    guest = meeting.guests.filter(pk=guest_id).first()
    if guest is None:
        raise ValidationError(_("Gæsten findes ikke."))
    with transaction.atomic():
        if accept:
            guest.status = MeetingGuest.Status.ACCEPTED
            guest.group = guest.group or _smallest_group(meeting)
        else:
            guest.status = MeetingGuest.Status.REFUSED
            guest.group = None
        guest.save(update_fields=["status", "group"])
        record_changes(
            meeting,
            workplace=meeting.workplace,
            by=by,
            changes=[(_("Gæst"), guest.name, guest.get_status_display())],
        )
        _bump(meeting)
    return guest


def mark_attending(meeting: DialogueMeeting, user: User) -> None:
    if meeting.status == DialogueMeeting.Status.RUNNING:
        meeting.attendees.add(user)


def participant_count(meeting: DialogueMeeting) -> int:
    """People at the meeting: members who opened the board, the accepted guests, and when
    the board was not used by everyone, at least the people in the groups."""
    accepted = Q(guests__status=MeetingGuest.Status.ACCEPTED)
    return DialogueMeeting.objects.filter(pk=meeting.pk).aggregate(
        n=Count("attendees", distinct=True) + Count("guests", filter=accepted, distinct=True)
    )["n"]


def group_of(
    meeting: DialogueMeeting, *, user: User | None = None, guest: MeetingGuest | None = None
):
    if guest is not None:
        return guest.group
    if user is None:
        return None
    return meeting.groups.filter(members=user).first()


# Writing on the board ------------------------------------------------------------------------


def _client_id(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise ValidationError(_("Sedlen kunne ikke gemmes. Indlæs siden igen.")) from None


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Skriv noget på sedlen."))
    if len(note) > NOTE_MAX:
        raise ValidationError(_("En post-it må højst have %(n)s tegn.") % {"n": NOTE_MAX})
    if "\x00" in note:
        raise ValidationError(_("Sedlen indeholder tegn, der ikke kan gemmes."))
    return note


def add_note(
    meeting: DialogueMeeting,
    *,
    group: MeetingGroup | None,
    colour: str,
    note: str,
    client_id: Any,
    sent_for: str | None = None,
    now: datetime | None = None,
) -> tuple[StickyNote, bool]:
    """A group's red or green post-it, at most 3 of each colour per group. The same
    `client_id` sent again (a phone back online) is stored once: (note, created)."""
    client_id = _client_id(client_id)
    existing = StickyNote.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.meeting_id != meeting.pk:
            raise ValidationError(_("Sedlen kunne ikke gemmes. Indlæs siden igen."))
        return existing, False
    if not phase_open(meeting, "groups", sent_for=sent_for, now=now):
        raise ValidationError(_("Post-its skrives under gruppearbejdet, og det er slut."))
    if group is None or group.meeting_id != meeting.pk:
        raise ValidationError(_("Du er ikke i en gruppe. Spørg lederen."))
    if colour not in Colour.values:
        raise ValidationError(_("Vælg en rød eller en grøn post-it."))
    note = _clean_note(note)
    try:
        with transaction.atomic():
            # Lock the group: two members cannot both write its last red note.
            MeetingGroup.objects.select_for_update().get(pk=group.pk)
            written = StickyNote.objects.filter(group=group, colour=colour).count()
            if written >= NOTES_PER_COLOUR:
                raise ValidationError(
                    _("Jeres gruppe har allerede skrevet %(n)s %(colour)s post-its.")
                    % {
                        "n": NOTES_PER_COLOUR,
                        "colour": _("røde") if colour == Colour.RED else _("grønne"),
                    }
                )
            created = StickyNote.objects.create(
                meeting=meeting, group=group, colour=colour, note=note, client_id=client_id
            )
            _bump(meeting)
    except IntegrityError:  # the resend raced its first send
        return StickyNote.objects.get(client_id=client_id, meeting=meeting), False
    return created, True


def add_proposal(
    meeting: DialogueMeeting,
    *,
    category_id: Any,
    text: str,
    client_id: Any,
    sent_for: str | None = None,
    now: datetime | None = None,
) -> Proposal:
    """A participant's own proposal under a red heading, during the proposals phase (or its
    grace period), through `sorting.add_proposal` (stored once per `client_id`)."""
    client_id = _client_id(client_id)
    existing = Proposal.objects.filter(client_id=client_id).first()
    if existing is not None and existing.category.meeting_id == meeting.pk:
        return existing
    if not phase_open(meeting, "proposals", sent_for=sent_for, now=now):
        raise ValidationError(_("Forslag skrives i fasen med løsningsforslag, og den er slut."))
    try:
        category = meeting.categories.get(pk=int(category_id), colour=Colour.RED)
    except (Category.DoesNotExist, TypeError, ValueError):
        raise ValidationError(_("Vælg den røde overskrift, forslaget hører til.")) from None
    proposal = sorting.add_proposal(category, text=text, client_id=client_id)
    _bump(meeting)
    return proposal


def set_track(meeting: DialogueMeeting, proposal_id: Any, track: str) -> Proposal:
    """Round-off: the proposal is one to act on at once (`now`) or for the manager and the
    tillidsvalgte to work on (`later`)."""
    proposal = Proposal.objects.filter(pk=proposal_id, category__meeting=meeting).first()
    if proposal is None:
        raise ValidationError(_("Forslaget findes ikke."))
    sorting.set_track(proposal, track)
    _bump(meeting)
    return proposal


def changed(meeting: DialogueMeeting) -> None:
    """Tell the screens that something of the meeting changed (headings after sorting)."""
    _bump(meeting)


# What the screens show -----------------------------------------------------------------------


def state(meeting: DialogueMeeting, now: datetime | None = None) -> dict[str, Any]:
    """The small JSON every screen polls: which phase, how long is left, and a version that
    changes whenever anything shown changes."""
    t = timer(meeting, now)
    return {
        "status": meeting.status,
        "phase": t.phase.key if t.phase else meeting.status,
        "title": str(t.phase.title) if t.phase else str(meeting.get_status_display()),
        "remaining": t.remaining,
        "overtime": t.overtime,
        "group": t.presenting_group,
        "group_remaining": t.group_remaining,
        # The phase stamp changes only with the phase: a phone swaps its form on that.
        "stamp": f"{meeting.status}:{meeting.phase}:{meeting.presenting_group or 0}",
        "version": meeting.version,
    }


def group_counts(meeting: DialogueMeeting) -> dict[int, dict[str, int]]:
    """Red and green notes written so far, per group number."""
    counts: dict[int, dict[str, int]] = {
        g.number: {"red": 0, "green": 0} for g in meeting.groups.all()
    }
    rows = (
        meeting.sticky_notes.filter(group__isnull=False)
        .values("group__number", "colour")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["group__number"], {"red": 0, "green": 0})[row["colour"]] = row["n"]
    return counts


def results(meeting: DialogueMeeting) -> dict[str, Any]:
    """After the meeting: red notes by heading, the green notes, proposals by track."""
    board = sorting.board(meeting)
    green = list(
        meeting.sticky_notes.filter(colour=Colour.GREEN, hidden_reason="")
        .select_related("group")
        .order_by("group__number", "pk")
    )
    proposals = []
    for category in board["red_categories"]:
        for proposal in category.proposals.all():
            proposal.heading = category  # no query per proposal for its heading
            proposals.append(proposal)
    by_track = {
        "now": [p for p in proposals if p.track == "now"],
        "later": [p for p in proposals if p.track == "later"],
        "none": [p for p in proposals if not p.track],
    }
    return {**board, "green_notes": green, "by_track": by_track, "proposal_count": len(proposals)}
