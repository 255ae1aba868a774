"""HR's oversight: where every workplace stands in the programme, in a constant number of
queries (one annotated query for the rows, one for key-conversation counts per area, one
for the ball rounds of the rows shown with their figures).

The dashboard page keeps each workplace's figures (`Figures`) in the cache under the
workplace's `figures_stamp`, which the annexes' services change with anything the page
shows (workplaces.figures); the figures that depend on the date are kept until midnight.
So a view lists the workplaces with their stamps, computes only the figures that changed,
and sorts and filters in Python (`dashboard_entries`); the CSV and the PDF compute all.

Figures about people go through `shown_count` alone, for the page, the CSV and the PDF,
and for the trends of the ball method (red and green share per round, per workplace and
per area), which are drawn as a server-made SVG chart beside a table.
"""

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.core.cache import caches
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, DenseRank, ExtractIsoWeekDay, Lower
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from conversations.models import KeyConversation
from guidelines.models import GuidelineVersion
from guidelines.services import PLAN_REVIEW_AFTER_DAYS
from iglo.models import CHANGED_AFTER_APPROVAL, IgloAction, IgloPlan
from riskmapping.balls.services import UNFINISHED, RoundTotals, totals_of, with_totals
from riskmapping.models import BallRound, DialogueMeeting

# The anonymity rule (figures about people only where at least 5 took part) is shared with
# the annex apps; imported here so the dashboard's code reads as before.
from stressprogram.anonymity import MIN_PARTICIPANTS, TOO_FEW, shown_count  # noqa: F401
from workplaces.models import Area, Membership, Workplace


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) subquery, 0 when there are no rows."""
    counted = queryset.order_by().values(_one=Value(1)).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


LIVE_PLANS = [IgloPlan.Status.ACTIVE, IgloPlan.Status.FOLLOWED_UP]
OPEN_ACTIONS = [IgloAction.Status.PLANNED, IgloAction.Status.IN_PROGRESS]

# Rounds whose dropping is over: only these count in figures and trends.
COUNTED_ROUNDS = [BallRound.Status.SORTING, BallRound.Status.MEETING, BallRound.Status.DONE]
# A round still running or sorting this long after its last drop day has missed its follow-up.
ROUND_LATE_AFTER_DAYS = 14
# Days from a round's first to its last drop day (`BallRound.last_day`): 13 when weekends
# count; else by the ISO weekday of the first day, as 14 weekdays fall from it.
LAST_DAY_OFFSET_WEEKENDS = 13
LAST_DAY_OFFSET = {1: 17, 2: 17, 3: 19, 4: 19, 5: 19, 6: 19, 7: 18}

# ?sort= value -> ordering (ascending); "-value" sorts descending.
SORTS = {
    "name": (Lower("name"),),
    # Grouped by area, overdue first within each.
    "area": (Lower("area__name"), F("is_overdue").desc(), Lower("name")),
    "knowledge": (F("knowledge_on").asc(nulls_first=True), Lower("name")),
    "guideline": (F("review_due").asc(nulls_first=True), Lower("name")),
    "plan": (F("plan_reviewed_at").asc(nulls_first=True), Lower("name")),
    "iglo": (F("overdue_actions").desc(), F("active_plans").desc(), Lower("name")),
    "riskmapping": (
        F("ball_first_day").asc(nulls_first=True),
        F("dialogue_at").asc(nulls_first=True),
        Lower("name"),
    ),
    "overdue": (F("is_overdue").desc(), Lower("area__name"), Lower("name")),
}
DEFAULT_SORT = "area"


def _descending(expression: object) -> object:
    if hasattr(expression, "desc") and not hasattr(expression, "descending"):
        return expression.desc()
    # An OrderBy: flip it, keeping where NULLs go relative to the values.
    expression = expression.copy()
    expression.reverse_ordering()
    return expression


def last_day_before(cutoff: date) -> Q:
    """Ball rounds whose last drop day (`BallRound.last_day`) is before `cutoff`, in SQL;
    needs the rounds annotated with `first_weekday` (ISO weekday of `first_day`)."""
    by_weekday = Q(weekends_count=True, first_day__lt=cutoff - timedelta(LAST_DAY_OFFSET_WEEKENDS))
    for weekday, offset in LAST_DAY_OFFSET.items():
        by_weekday |= Q(
            weekends_count=False,
            first_weekday=weekday,
            first_day__lt=cutoff - timedelta(days=offset),
        )
    return by_weekday


def late_ball_rounds(today: date) -> QuerySet[BallRound]:
    """Ball rounds that missed their follow-up: the staff meeting's date has passed while
    the round is not done, or the last drop day is more than 14 days gone and the round
    is still running or sorting."""
    midnight = timezone.make_aware(datetime.combine(today, time()))
    return BallRound.objects.annotate(first_weekday=ExtractIsoWeekDay("first_day")).filter(
        Q(staff_meeting_at__lt=midnight) & Q(status__in=UNFINISHED)
        | Q(status__in=[BallRound.Status.RUNNING, BallRound.Status.SORTING])
        & last_day_before(today - timedelta(days=ROUND_LATE_AFTER_DAYS))
    )


def _newest_rounds(workplace: OuterRef) -> QuerySet[BallRound]:
    return BallRound.objects.filter(workplace=workplace).order_by("-first_day", "-pk")


def _risk_mapping_annotations(today: date) -> dict[str, object]:
    """Bilag 5 and 6 on the dashboard: the latest ball round (and the latest whose figures
    count), rounds over time, and the latest dialogue meeting."""
    rounds = _newest_rounds(OuterRef("pk"))
    meetings = DialogueMeeting.objects.filter(workplace=OuterRef("pk")).order_by("-starts_at")
    return {
        "ball_round_id": Subquery(rounds.values("pk")[:1], output_field=IntegerField()),
        "ball_first_day": Subquery(rounds.values("first_day")[:1], output_field=DateField()),
        "counted_round_id": Subquery(
            rounds.filter(status__in=COUNTED_ROUNDS).values("pk")[:1],
            output_field=IntegerField(),
        ),
        "late_rounds": _count(late_ball_rounds(today).filter(workplace=OuterRef("pk"))),
        "dialogue_at": Subquery(meetings.values("starts_at")[:1], output_field=DateTimeField()),
        "dialogue_status": Subquery(meetings.values("status")[:1]),
    }


def standing(today: date) -> dict[str, object]:
    """Where a workplace stands in Bilag 1–3 and 7, and its number of members, as
    annotations: the dashboard's first columns and the workplace home's status lines
    (`oversight.programme.standing_of`)."""
    latest = GuidelineVersion.objects.filter(guideline__workplace=OuterRef("pk")).order_by(
        "-number"
    )
    plans = IgloPlan.objects.filter(workplace=OuterRef("pk"))
    return {
        "knowledge_committee_on": F("stress_knowledge__discussed_in_committee_on"),
        "knowledge_on": F("stress_knowledge__discussed_with_employees_on"),
        "guideline_step": F("guideline__step"),
        "version_number": Subquery(latest.values("number")[:1], output_field=IntegerField()),
        "review_due": Subquery(latest.values("review_due")[:1], output_field=DateField()),
        "plan_reviewed_at": F("priority_plan__reviewed_at"),
        "member_count": _count(Membership.objects.active().filter(workplace=OuterRef("pk"))),
        "draft_plans": _count(plans.filter(status=IgloPlan.Status.DRAFT)),
        "active_plans": _count(plans.filter(status=IgloPlan.Status.ACTIVE)),
        "followed_up_plans": _count(plans.filter(status=IgloPlan.Status.FOLLOWED_UP)),
        "closed_plans": _count(plans.filter(status=IgloPlan.Status.CLOSED)),
        # Approved, then changed: the approval no longer covers what the plan says.
        "changed_plans": _count(plans.filter(CHANGED_AFTER_APPROVAL)),
        "overdue_actions": _count(
            IgloAction.objects.filter(
                plan__workplace=OuterRef("pk"),
                plan__status__in=LIVE_PLANS,
                status__in=OPEN_ACTIONS,
                deadline__lt=today,
            )
        ),
    }


def dashboard_rows(workplaces: QuerySet[Workplace], *, today: date | None = None) -> QuerySet:
    """The workplaces annotated with where each stands; one query however many there are."""
    today = today or timezone.localdate()
    plan_stale_before = timezone.now() - timedelta(days=PLAN_REVIEW_AFTER_DAYS)
    plans = IgloPlan.objects.filter(workplace=OuterRef("pk"))
    return (
        workplaces.select_related("area")
        .annotate(
            **standing(today),
            missed_follow_ups=_count(
                plans.filter(status=IgloPlan.Status.ACTIVE, follow_up_on__lt=today)
            ),
            **_risk_mapping_annotations(today),
        )
        .annotate(
            # Overdue: a follow-up date has passed (guideline review, yearly plan review,
            # a ball round's meeting or sorting, an IGLO plan's follow-up) or an IGLO
            # action is past its deadline.
            is_overdue=Case(
                When(
                    Q(review_due__lte=today)
                    | Q(plan_reviewed_at__lt=Value(plan_stale_before, DateTimeField()))
                    | Q(overdue_actions__gt=0)
                    | Q(late_rounds__gt=0)
                    | Q(missed_follow_ups__gt=0),
                    then=True,
                ),
                default=False,
                output_field=BooleanField(),
            ),
            # Needs action: overdue, or a step not done yet (Bilag 1–3).
            needs_action=Case(
                When(
                    Q(is_overdue=True)
                    | Q(knowledge_on__isnull=True)
                    | Q(version_number__isnull=True)
                    | Q(plan_reviewed_at__isnull=True),
                    then=True,
                ),
                default=False,
                output_field=BooleanField(),
            ),
        )
    )


@dataclass(frozen=True)
class Filters:
    query: str = ""
    area_id: int | None = None
    kind: str = ""
    status: str = ""  # "action" (kræver handling), "ok" (på plads) or ""
    sort: str = DEFAULT_SORT  # a key of SORTS, "-" in front for descending

    @classmethod
    def from_request(cls, data: dict) -> "Filters":
        """Parse the GET parameters; anything unknown is ignored, never an error."""
        area = str(data.get("area", ""))
        kind = str(data.get("kind", ""))
        status = str(data.get("status", ""))
        sort = str(data.get("sort", DEFAULT_SORT))
        return cls(
            query=str(data.get("q", "")).strip()[:100],
            area_id=int(area) if area.isdigit() else None,
            kind=kind if kind in Workplace.Kind.values else "",
            status=status if status in {"action", "ok"} else "",
            sort=sort if sort.removeprefix("-") in SORTS else DEFAULT_SORT,
        )

    def narrow(self, workplaces: QuerySet[Workplace]) -> QuerySet[Workplace]:
        """The search, area and kind filters (those that need no annotation)."""
        if self.query:
            workplaces = workplaces.filter(
                Q(name__icontains=self.query) | Q(area__name__icontains=self.query)
            )
        if self.area_id is not None:
            workplaces = workplaces.filter(area_id=self.area_id)
        if self.kind:
            workplaces = workplaces.filter(kind=self.kind)
        return workplaces

    def apply(self, rows: QuerySet) -> QuerySet:
        rows = self.narrow(rows)
        if self.status:
            rows = rows.filter(needs_action=self.status == "action")
        ordering = SORTS[self.sort.removeprefix("-")]
        if self.sort.startswith("-"):  # reverse the column itself, not its tie-breakers
            ordering = (_descending(ordering[0]), *ordering[1:])
        return rows.order_by(*ordering, "pk")


@dataclass(frozen=True)
class AreaConversations:
    area: str
    count: int | None  # None: below the threshold, shown as "for få deltagere"


def conversation_counts(workplaces: QuerySet[Workplace]) -> list[AreaConversations]:
    """Key conversations per area, never per workplace or person; hidden below 5 people."""
    per_area = (
        KeyConversation.objects.filter(workplace__in=workplaces.values("pk"))
        .values("workplace__area__name")
        .annotate(n=Count("pk"), people=Count("employee", distinct=True))
        .order_by("workplace__area__name")
    )
    return [
        AreaConversations(row["workplace__area__name"], shown_count(row["n"], row["people"]))
        for row in per_area
    ]


def areas_of(workplaces: QuerySet[Workplace]) -> QuerySet[Area]:
    return Area.objects.filter(pk__in=workplaces.values("area")).order_by("name")


def _date(value: object) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


@dataclass(frozen=True)
class Share:
    """Red and green balls of a round (or summed over rounds) and the people who took part;
    every figure None (shown as "for få deltagere") when fewer than MIN_PARTICIPANTS did."""

    red: int | None
    green: int | None
    participants: int | None

    @classmethod
    def of(cls, red: int, green: int, participants: int) -> "Share":
        return cls(
            shown_count(red, participants),
            shown_count(green, participants),
            shown_count(participants, participants),
        )

    @property
    def hidden(self) -> bool:
        return self.participants is None

    @property
    def red_percent(self) -> int | None:
        if self.red is None or self.green is None or not self.red + self.green:
            return None
        return round(100 * self.red / (self.red + self.green))

    @property
    def green_percent(self) -> int | None:
        red = self.red_percent
        return None if red is None else 100 - red

    def __str__(self) -> str:
        if self.hidden:
            return str(TOO_FEW)
        if self.red_percent is None:
            return gettext("ingen bolde")
        return gettext("%(red)s %% røde · %(green)s %% grønne") % {
            "red": self.red_percent,
            "green": self.green_percent,
        }


def _share(totals: RoundTotals) -> Share:
    return Share.of(totals["red"], totals["green"], totals["participants"])


@dataclass(frozen=True)
class RiskMappings:
    """The ball rounds behind dashboard rows and their figures, in one query."""

    rounds: dict[int, BallRound]
    totals: dict[int, RoundTotals]

    @classmethod
    def of(cls, rows: list[Workplace]) -> "RiskMappings":
        # The rows' `ball_round_id` and `counted_round_id` chosen again in SQL, not from a
        # list of ids: one query whenever there are rows, with or without rounds.
        if not rows:
            return cls({}, {})
        newest = _newest_rounds(OuterRef("workplace"))
        shown = BallRound.objects.filter(workplace__in=[w.pk for w in rows]).filter(
            Q(pk=Subquery(newest.values("pk")[:1]))
            | Q(pk=Subquery(newest.filter(status__in=COUNTED_ROUNDS).values("pk")[:1]))
        )
        rounds = {r.pk: r for r in with_totals(shown)}
        totals = {pk: totals_of(r) for pk, r in rounds.items() if r.status in COUNTED_ROUNDS}
        return cls(rounds, totals)

    def share(self, round_id: int | None) -> Share | None:
        """The round's figures, None when there is no counted round."""
        return _share(self.totals[round_id]) if round_id in self.totals else None


def ball_round_text(ball_round: "RoundSummary | None") -> str:
    """ "Boldmetoden: <status>, bolde <first>–<last>, personalemøde <date>"."""
    if ball_round is None:
        return ""
    text = gettext("Boldmetoden: %(status)s, bolde %(first)s–%(last)s") % {
        "status": ball_round.get_status_display(),
        "first": _date(ball_round.first_day),
        "last": _date(ball_round.last_day),
    }
    if ball_round.staff_meeting_at:
        text += ", " + gettext("personalemøde %(date)s") % {
            "date": _date(timezone.localdate(ball_round.staff_meeting_at))
        }
    return text


def dialogue_text(w: "Workplace | Figures") -> str:
    """The latest dialogue meeting (Bilag 6): its status and date, "" when there is none."""
    if not w.dialogue_status:
        return ""
    return gettext("Dialogmetoden: %(status)s, %(date)s") % {
        "status": DialogueMeeting.Status(w.dialogue_status).label,
        "date": _date(timezone.localdate(w.dialogue_at)),
    }


@dataclass(frozen=True)
class RoundSummary:
    """A ball round as the dashboard names it: kept with the figures, so no query."""

    status: str
    first_day: date
    last_day: date
    staff_meeting_at: datetime | None

    @classmethod
    def of(cls, ball_round: BallRound | None) -> "RoundSummary | None":
        if ball_round is None:
            return None
        return cls(
            ball_round.status,
            ball_round.first_day,
            ball_round.last_day,
            ball_round.staff_meeting_at,
        )

    def get_status_display(self) -> str:
        return str(BallRound.Status(self.status).label)


@dataclass(frozen=True)
class Figures:
    """What the dashboard shows of one workplace, in plain values (no text, so one copy
    serves every language), true until `good_until`: the next midnight, or the moment its
    priority plan's yearly review falls due if that comes first."""

    knowledge_committee_on: date | None
    knowledge_on: date | None
    guideline_step: int | None
    version_number: int | None
    review_due: date | None
    plan_reviewed_at: datetime | None
    draft_plans: int
    active_plans: int
    followed_up_plans: int
    closed_plans: int
    changed_plans: int
    overdue_actions: int
    missed_follow_ups: int
    late_rounds: int
    ball_round: RoundSummary | None  # the latest round
    counted_round: RoundSummary | None  # the latest round whose figures count
    latest_share: Share | None  # the counted round's figures, after the threshold
    dialogue_status: str | None
    dialogue_at: datetime | None
    is_overdue: bool
    needs_action: bool
    good_until: datetime

    @property
    def ball_first_day(self) -> date | None:
        return self.ball_round.first_day if self.ball_round else None


def _good_until(w: Workplace, now: datetime) -> datetime:
    """When figures computed at `now` may change without any change to the workplace."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    until = timezone.make_aware(datetime.combine(tomorrow, time()))
    if w.plan_reviewed_at:
        stale_at = w.plan_reviewed_at + timedelta(days=PLAN_REVIEW_AFTER_DAYS)
        if now < stale_at < until:
            until = stale_at
    return until


def figures_of(w: Workplace, risk: RiskMappings, now: datetime) -> Figures:
    """The figures of an annotated workplace from `dashboard_rows`."""
    return Figures(
        knowledge_committee_on=w.knowledge_committee_on,
        knowledge_on=w.knowledge_on,
        guideline_step=w.guideline_step,
        version_number=w.version_number,
        review_due=w.review_due,
        plan_reviewed_at=w.plan_reviewed_at,
        draft_plans=w.draft_plans,
        active_plans=w.active_plans,
        followed_up_plans=w.followed_up_plans,
        closed_plans=w.closed_plans,
        changed_plans=w.changed_plans,
        overdue_actions=w.overdue_actions,
        missed_follow_ups=w.missed_follow_ups,
        late_rounds=w.late_rounds,
        ball_round=RoundSummary.of(risk.rounds.get(w.ball_round_id)),
        counted_round=RoundSummary.of(risk.rounds.get(w.counted_round_id)),
        latest_share=risk.share(w.counted_round_id),
        dialogue_status=w.dialogue_status,
        dialogue_at=w.dialogue_at,
        is_overdue=w.is_overdue,
        needs_action=w.needs_action,
        good_until=_good_until(w, now),
    )


@dataclass(frozen=True)
class Row:
    """One workplace's line as the page, the CSV and the PDF all show it."""

    workplace: Workplace
    knowledge: str
    guideline: str
    plan: str
    iglo: str
    overdue_actions: int
    is_overdue: bool
    needs_action: bool
    risk_mapping: list[str] = field(default_factory=list)
    ball_round: RoundSummary | None = None
    counted_round: RoundSummary | None = None
    latest_share: Share | None = None  # the latest counted round's figures
    late_rounds: int = 0
    missed_follow_ups: int = 0

    @property
    def status(self) -> str:
        # The same word as the dashboard's badge: overdue is the sharpest of the three.
        if self.is_overdue:
            return str(_("Over tid"))
        return str(_("Kræver handling") if self.needs_action else _("På plads"))

    @property
    def latest_share_text(self) -> str:
        return str(self.latest_share) if self.latest_share else gettext("Ingen tal endnu")


def iglo_text(w: Workplace | Figures) -> str:
    """The IGLO plans of a workplace's figures by status, and those changed after approval."""
    parts = [
        ngettext("%(n)s aktiv", "%(n)s aktive", w.active_plans),
        ngettext("%(n)s fulgt op", "%(n)s fulgt op", w.followed_up_plans),
        ngettext("%(n)s kladde", "%(n)s kladder", w.draft_plans),
        ngettext("%(n)s afsluttet", "%(n)s afsluttede", w.closed_plans),
    ]
    counts = [w.active_plans, w.followed_up_plans, w.draft_plans, w.closed_plans]
    if w.changed_plans:
        parts.append(
            ngettext(
                "%(n)s ændret efter godkendelse",
                "%(n)s ændret efter godkendelse",
                w.changed_plans,
            )
        )
        counts.append(w.changed_plans)
    return " · ".join(part % {"n": n} for part, n in zip(parts, counts, strict=True))


def describe_all(rows: Iterable[Workplace]) -> list[Row]:
    """`describe` for many annotated workplaces, their ball rounds fetched together."""
    rows = list(rows)
    risk, now = RiskMappings.of(rows), timezone.now()
    return [describe(w, figures_of(w, risk, now)) for w in rows]


def describe(w: Workplace, f: Figures) -> Row:
    """Turn a workplace's figures into the texts shown for it."""
    if f.knowledge_on:
        knowledge = gettext("Med medarbejderne %(date)s") % {"date": _date(f.knowledge_on)}
    elif f.knowledge_committee_on:
        knowledge = gettext("I LokalMED %(date)s") % {"date": _date(f.knowledge_committee_on)}
    else:
        knowledge = gettext("Ikke drøftet")
    if f.version_number:
        guideline = gettext("Version %(n)s · opfølgning %(date)s") % {
            "n": f.version_number,
            "date": _date(f.review_due),
        }
    elif f.guideline_step:
        guideline = gettext("Under udarbejdelse (trin %(n)s)") % {"n": f.guideline_step}
    else:
        guideline = gettext("Ikke påbegyndt")
    if f.plan_reviewed_at:
        plan = gettext("Gennemgået %(date)s") % {
            "date": _date(timezone.localdate(f.plan_reviewed_at))
        }
    else:
        plan = gettext("Ikke lavet")
    risk_mapping = [t for t in (ball_round_text(f.ball_round), dialogue_text(f)) if t]
    return Row(
        workplace=w,
        knowledge=knowledge,
        guideline=guideline,
        plan=plan,
        iglo=iglo_text(f),
        overdue_actions=f.overdue_actions,
        is_overdue=f.is_overdue,
        needs_action=f.needs_action,
        risk_mapping=risk_mapping or [gettext("Ingen risikoafdækning endnu")],
        ball_round=f.ball_round,
        counted_round=f.counted_round,
        latest_share=f.latest_share,
        late_rounds=f.late_rounds,
        missed_follow_ups=f.missed_follow_ups,
    )


# The dashboard page from kept figures (issue 21).


class SortValues(NamedTuple):
    """What the page filters and sorts by, as plain numbers (days as ordinals, moments as
    timestamps): kept beside the pickled `Figures`, 1,000 of them read in a millisecond,
    where unpickling 1,000 `Figures` took twenty."""

    is_overdue: bool
    needs_action: bool
    knowledge_on: int | None
    review_due: int | None
    plan_reviewed_at: float | None
    overdue_actions: int
    active_plans: int
    ball_first_day: int | None
    dialogue_at: float | None
    good_until: float

    @classmethod
    def of(cls, f: Figures) -> "SortValues":
        def day(value: date | None) -> int | None:
            return None if value is None else value.toordinal()

        def moment(value: datetime | None) -> float | None:
            return None if value is None else value.timestamp()

        return cls(
            f.is_overdue,
            f.needs_action,
            day(f.knowledge_on),
            day(f.review_due),
            moment(f.plan_reviewed_at),
            f.overdue_actions,
            f.active_plans,
            day(f.ball_first_day),
            moment(f.dialogue_at),
            f.good_until.timestamp(),
        )


def _values_key(pk: int, stamp: int) -> str:
    return f"oversight:values:1:{pk}:{stamp}"  # 1: the form of what is kept


def _figures_key(pk: int, stamp: int) -> str:
    return f"oversight:figures:1:{pk}:{stamp}"


@dataclass(slots=True)
class Entry:
    """A workplace on the dashboard page before its texts: as listed, with its place by
    name and by area name as the database sorts them, and its kept figures."""

    pk: int
    name: str
    slug: str
    kind: str
    area_id: int
    area_name: str
    name_rank: int
    area_rank: int
    stamp: int
    values: SortValues | None = None
    kept: Figures | None = None  # read only for the rows on the page (`load_figures`)

    @property
    def figures(self) -> Figures:
        if self.kept is None:
            load_figures([self], timezone.now())
        return self.kept

    def workplace(self) -> Workplace:
        """The workplace as the row shows it, built without a query."""
        workplace = Workplace(
            pk=self.pk, name=self.name, slug=self.slug, kind=self.kind, area_id=self.area_id
        )
        workplace.area = Area(pk=self.area_id, name=self.area_name)
        return workplace


def _compute(entries: dict[int, Entry], now: datetime) -> None:
    """The entries' figures from the database, in two queries (the rows and their ball
    rounds), kept under the stamp read with them until midnight at the latest."""
    rows = list(
        dashboard_rows(
            Workplace.objects.filter(pk__in=list(entries)), today=timezone.localdate(now)
        ).order_by()
    )
    risk = RiskMappings.of(rows)
    fresh = {}
    for w in rows:
        entry = entries[w.pk]
        entry.kept = figures_of(w, risk, now)
        entry.values = SortValues.of(entry.kept)
        fresh[_values_key(w.pk, w.figures_stamp)] = tuple(entry.values)
        fresh[_figures_key(w.pk, w.figures_stamp)] = entry.kept
    # One write; figures kept past their `good_until` are never read.
    now_stamp = now.timestamp()
    until = max((e.values.good_until for e in entries.values() if e.values), default=now_stamp)
    caches["figures"].set_many(fresh, int(until - now_stamp) + 1)


def keep_figures(entries: list[Entry], now: datetime) -> None:
    """Give each entry what the page sorts and filters by: from the cache where kept under
    its stamp and still true, else computed (`_compute`). Only numbers are read for every
    workplace (about 100 bytes each); the `Figures` only for the rows shown. The numbers of
    the whole list are also kept as one, under its workplaces and stamps: one read where a
    thousand keys cost most of the page's CPU (issue 21)."""
    cache, now_stamp = caches["figures"], now.timestamp()
    pairs = array("q", [number for e in entries for number in (e.pk, e.stamp)])
    list_key = f"oversight:values:1:list:{hashlib.blake2b(pairs.tobytes()).hexdigest()}"
    whole = cache.get(list_key) or {}
    missing = {}
    for entry in entries:
        values = whole.get(entry.pk)
        if values is not None and values[-1] > now_stamp:  # good_until
            entry.values = SortValues._make(values)
        else:
            missing[entry.pk] = entry
    if not missing:
        return
    found = cache.get_many([_values_key(e.pk, e.stamp) for e in missing.values()])
    for entry in list(missing.values()):
        values = found.get(_values_key(entry.pk, entry.stamp))
        if values is not None and values[-1] > now_stamp:
            entry.values = SortValues._make(values)
            del missing[entry.pk]
    if missing:
        _compute(missing, now)
    whole = {e.pk: tuple(e.values) for e in entries if e.values is not None}
    until = max((values[-1] for values in whole.values()), default=now_stamp)
    cache.set(list_key, whole, int(until - now_stamp) + 1)


def load_figures(entries: list[Entry], now: datetime) -> None:
    """The `Figures` of entries that have only their sort values, in one read; any the
    cache lost since are computed again."""
    wanted = [e for e in entries if e.kept is None]
    if not wanted:
        return
    found = caches["figures"].get_many([_figures_key(e.pk, e.stamp) for e in wanted])
    lost = {}
    for entry in wanted:
        entry.kept = found.get(_figures_key(entry.pk, entry.stamp))
        if entry.kept is None:
            lost[entry.pk] = entry
    if lost:
        _compute(lost, now)


def _nulls_first(value: object) -> tuple:
    return (0,) if value is None else (1, value)


# SORTS in Python, for the kept figures: (key, descending) pairs, most significant first;
# a sort with "-" reverses the first, keeping NULLs smallest, as `_descending` does in SQL.
PAGE_SORTS = {
    "name": [(lambda e: e.name_rank, False)],
    "area": [
        (lambda e: e.area_rank, False),
        (lambda e: e.values.is_overdue, True),
        (lambda e: e.name_rank, False),
    ],
    "knowledge": [(lambda e: _nulls_first(e.values.knowledge_on), False)],
    "guideline": [(lambda e: _nulls_first(e.values.review_due), False)],
    "plan": [(lambda e: _nulls_first(e.values.plan_reviewed_at), False)],
    "iglo": [
        (lambda e: e.values.overdue_actions, True),
        (lambda e: e.values.active_plans, True),
    ],
    "riskmapping": [
        (lambda e: _nulls_first(e.values.ball_first_day), False),
        (lambda e: _nulls_first(e.values.dialogue_at), False),
    ],
    "overdue": [
        (lambda e: e.values.is_overdue, True),
        (lambda e: e.area_rank, False),
    ],
}
# Every sort but these ends with the name (then the id, as every sort does).
_ENDS_WITH_NAME = {"knowledge", "guideline", "plan", "iglo", "riskmapping", "overdue"}


def dashboard_entries(workplaces: QuerySet[Workplace], filters: Filters) -> list[Entry]:
    """The dashboard page's workplaces, filtered and sorted as `Filters.apply` does in SQL,
    from kept figures: one query for the list when nothing changed."""
    now = timezone.now()
    entries = [
        Entry(*row)
        for row in filters.narrow(workplaces)
        .annotate(
            name_rank=Window(DenseRank(), order_by=Lower("name").asc()),
            area_rank=Window(DenseRank(), order_by=Lower("area__name").asc()),
        )
        .order_by()
        .values_list(
            "pk", "name", "slug", "kind", "area_id", "area__name", "name_rank", "area_rank",
            "figures_stamp",
        )
    ]  # fmt: skip
    keep_figures(entries, now)
    entries = [e for e in entries if e.values is not None]  # gone since listed
    if filters.status:
        wanted = filters.status == "action"
        entries = [e for e in entries if e.values.needs_action == wanted]
    key = filters.sort.removeprefix("-")
    ordering = list(PAGE_SORTS[key])
    if key in _ENDS_WITH_NAME:
        ordering.append((lambda e: e.name_rank, False))
    entries.sort(key=lambda e: e.pk)
    for index in range(len(ordering) - 1, -1, -1):  # least significant first; sorts are stable
        by, descending = ordering[index]
        if index == 0 and filters.sort.startswith("-"):
            descending = not descending
        entries.sort(key=by, reverse=descending)
    return entries


# Trends: red and green share per counted ball round, per workplace and per area.


def counted_rounds(workplaces: QuerySet[Workplace]) -> QuerySet[BallRound]:
    """The rounds of these workplaces whose dropping is over, oldest first."""
    return (
        BallRound.objects.filter(workplace__in=workplaces.values("pk"), status__in=COUNTED_ROUNDS)
        .select_related("workplace__area")
        .order_by("first_day", "pk")
    )


@dataclass(frozen=True)
class TrendPoint:
    label: str  # a round's first day, or an area's quarter
    share: Share
    rounds: int = 1  # rounds summed into the figure
    left_out: int = 0  # rounds of an area's quarter with too few participants, not summed
    day: date | None = None  # a workplace's round: its first day


# The chart's geometry, in SVG user units (CSS scales it down to the screen's width).
PLOT_TOP = 12
PLOT_HEIGHT = 150
PLOT_LEFT = 48
SLOT = 80
BAR = 44
MIN_WIDTH = 360
LABEL_MIN_HEIGHT = 18  # a share's label goes inside its segment only where it fits


@dataclass(frozen=True)
class Bar:
    """One point's 100 % bar: red at the bottom, green above, or an empty dashed frame."""

    point: TrendPoint
    x: int
    centre: int
    red_y: float = 0
    red_height: float = 0
    green_height: float = 0

    @property
    def red_label_y(self) -> float | None:
        if self.red_height < LABEL_MIN_HEIGHT:
            return None
        return round(self.red_y + self.red_height / 2 + 4, 1)

    @property
    def green_label_y(self) -> float | None:
        if self.green_height < LABEL_MIN_HEIGHT:
            return None
        return round(PLOT_TOP + self.green_height / 2 + 4, 1)


@dataclass(frozen=True)
class Chart:
    width: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, percent) of the gridlines
    height: int = PLOT_TOP + PLOT_HEIGHT + 56
    top: int = PLOT_TOP
    plot_height: int = PLOT_HEIGHT
    bottom: int = PLOT_TOP + PLOT_HEIGHT
    left: int = PLOT_LEFT
    bar_width: int = BAR
    tick_label_x: int = PLOT_LEFT - 6
    middle: int = PLOT_TOP + PLOT_HEIGHT // 2
    label_y: int = PLOT_TOP + PLOT_HEIGHT + 16  # the points' labels under the bars
    legend_y: int = PLOT_TOP + PLOT_HEIGHT + 30  # the legend's swatches


def chart(points: list[TrendPoint]) -> Chart:
    """A 100 % bar per point: red (hatched) at the bottom, green (dotted) above it; a point
    with too few participants or no balls gets an empty frame and says so."""
    bars = []
    bottom = PLOT_TOP + PLOT_HEIGHT
    for i, point in enumerate(points):
        x = PLOT_LEFT + i * SLOT + (SLOT - BAR) // 2
        red = point.share.red_percent
        if red is None:
            bars.append(Bar(point=point, x=x, centre=x + BAR // 2))
            continue
        red_height = round(PLOT_HEIGHT * red / 100, 1)
        bars.append(
            Bar(
                point=point,
                x=x,
                centre=x + BAR // 2,
                red_y=round(bottom - red_height, 1),
                red_height=red_height,
                green_height=round(PLOT_HEIGHT - red_height, 1),
            )
        )
    width = max(MIN_WIDTH, PLOT_LEFT + len(points) * SLOT + 8)
    ticks = [(bottom - PLOT_HEIGHT * p / 100, p) for p in (0, 25, 50, 75, 100)]
    return Chart(width=width, bars=bars, ticks=ticks)


@dataclass
class Trend:
    """One workplace's or area's red/green shares over time."""

    key: str  # unique on the page: the ids of the chart's title, description and patterns
    name: str
    points: list[TrendPoint]
    workplace: Workplace | None = None
    area: str = ""

    @property
    def chart(self) -> Chart:
        return chart(self.points)

    @property
    def left_out(self) -> int:
        return sum(p.left_out for p in self.points)

    @property
    def summary(self) -> str:
        """The chart's description, for the SVG's <desc>."""
        latest = self.points[-1]
        return gettext(
            "%(n)s målinger fra %(first)s til %(last)s. Seneste: %(share)s. "
            "Tallene står også i tabellen."
        ) % {
            "n": len(self.points),
            "first": self.points[0].label,
            "last": latest.label,
            "share": latest.share,
        }


def _short_date(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def quarter_label(day: date) -> str:
    return gettext("%(quarter)s. kvt. %(year)s") % {
        "quarter": (day.month - 1) // 3 + 1,
        "year": day.year,
    }


def workplace_trends(rounds: list[BallRound], totals: dict[int, RoundTotals]) -> list[Trend]:
    """One trend per workplace with counted rounds, a point per round; by area, then name."""
    by_workplace: dict[int, list[BallRound]] = defaultdict(list)
    for r in rounds:
        by_workplace[r.workplace_id].append(r)
    trends = [
        Trend(
            key=f"wp-{its[0].workplace_id}",
            name=its[0].workplace.name,
            workplace=its[0].workplace,
            area=its[0].workplace.area.name,
            points=[
                TrendPoint(_short_date(r.first_day), _share(totals[r.pk]), day=r.first_day)
                for r in its
            ],
        )
        for its in by_workplace.values()
    ]
    return sorted(trends, key=lambda t: (t.area.lower(), t.name.lower(), t.key))


def ball_trends(workplaces: QuerySet[Workplace]) -> tuple[list[Trend], list[Trend]]:
    """The areas' and the workplaces' trends, in the same few queries however many rounds."""
    rounds = list(with_totals(counted_rounds(workplaces)))
    totals = {r.pk: totals_of(r) for r in rounds}
    return area_trends(rounds, totals), workplace_trends(rounds, totals)


def area_trends(rounds: list[BallRound], totals: dict[int, RoundTotals]) -> list[Trend]:
    """One trend per area, a point per quarter: the sums of the rounds that may be shown
    (a round with too few participants is left out, so no subtraction reveals it)."""
    by_area: dict[int, dict[tuple[int, int], list[BallRound]]] = defaultdict(
        lambda: defaultdict(list)
    )
    areas: dict[int, Area] = {}
    for r in rounds:
        area = r.workplace.area
        areas[area.pk] = area
        by_area[area.pk][(r.first_day.year, (r.first_day.month - 1) // 3)].append(r)
    trends = []
    for area_id, quarters in by_area.items():
        points = []
        for its in quarters.values():
            shares = [_share(totals[r.pk]) for r in its]
            shown = [s for s in shares if not s.hidden]
            points.append(
                TrendPoint(
                    quarter_label(its[0].first_day),
                    Share.of(
                        sum(s.red for s in shown),
                        sum(s.green for s in shown),
                        sum(s.participants for s in shown),
                    ),
                    rounds=len(shown),
                    left_out=len(shares) - len(shown),
                )
            )
        trends.append(Trend(key=f"area-{area_id}", name=areas[area_id].name, points=points))
    return sorted(trends, key=lambda t: (t.name.lower(), t.key))
