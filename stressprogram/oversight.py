"""HR's oversight: where every workplace stands in the programme, in a constant number of
queries (one annotated query for the rows, one for key-conversation counts per area).

Figures about people go through `shown_count` alone, for the page, the CSV and the PDF.
The ball method (Bilag 5) and the dialogue method (Bilag 6) are not built yet; their
columns read "ikke i brug endnu" until those apps land and add their annotations here.
"""

from dataclasses import dataclass
from datetime import date, timedelta

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
)
from django.db.models.functions import Coalesce, Lower
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conversations.models import KeyConversation
from guidelines.models import GuidelineVersion
from guidelines.services import PLAN_REVIEW_AFTER_DAYS
from iglo.models import IgloAction, IgloPlan
from workplaces.models import Area, Membership, Workplace

# The anonymity rule: figures about people only where at least this many took part.
MIN_PARTICIPANTS = 5
TOO_FEW = _("for få deltagere")
NOT_YET = _("ikke i brug endnu")


def shown_count(n: int, participants: int) -> int | None:
    """`n` when at least MIN_PARTICIPANTS people are behind it, else None (hidden)."""
    return n if participants >= MIN_PARTICIPANTS else None


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) subquery, 0 when there are no rows."""
    counted = queryset.order_by().values(_one=Value(1)).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


LIVE_PLANS = [IgloPlan.Status.ACTIVE, IgloPlan.Status.FOLLOWED_UP]
OPEN_ACTIONS = [IgloAction.Status.PLANNED, IgloAction.Status.IN_PROGRESS]

# ?sort= value -> ordering (ascending); "-value" sorts descending.
SORTS = {
    "name": (Lower("name"),),
    # Grouped by area, overdue first within each.
    "area": (Lower("area__name"), F("is_overdue").desc(), Lower("name")),
    "knowledge": (F("knowledge_on").asc(nulls_first=True), Lower("name")),
    "guideline": (F("review_due").asc(nulls_first=True), Lower("name")),
    "plan": (F("plan_reviewed_at").asc(nulls_first=True), Lower("name")),
    "iglo": (F("overdue_actions").desc(), F("active_plans").desc(), Lower("name")),
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


def dashboard_rows(workplaces: QuerySet[Workplace], *, today: date | None = None) -> QuerySet:
    """The workplaces annotated with where each stands; one query however many there are."""
    today = today or timezone.localdate()
    plan_stale_before = timezone.now() - timedelta(days=PLAN_REVIEW_AFTER_DAYS)
    latest = GuidelineVersion.objects.filter(guideline__workplace=OuterRef("pk")).order_by(
        "-number"
    )
    plans = IgloPlan.objects.filter(workplace=OuterRef("pk"))
    return (
        workplaces.select_related("area")
        .annotate(
            knowledge_committee_on=F("stress_knowledge__discussed_in_committee_on"),
            knowledge_on=F("stress_knowledge__discussed_with_employees_on"),
            guideline_step=F("guideline__step"),
            version_number=Subquery(latest.values("number")[:1], output_field=IntegerField()),
            review_due=Subquery(latest.values("review_due")[:1], output_field=DateField()),
            plan_reviewed_at=F("priority_plan__reviewed_at"),
            member_count=_count(Membership.objects.active().filter(workplace=OuterRef("pk"))),
            draft_plans=_count(plans.filter(status=IgloPlan.Status.DRAFT)),
            active_plans=_count(plans.filter(status=IgloPlan.Status.ACTIVE)),
            followed_up_plans=_count(plans.filter(status=IgloPlan.Status.FOLLOWED_UP)),
            closed_plans=_count(plans.filter(status=IgloPlan.Status.CLOSED)),
            overdue_actions=_count(
                IgloAction.objects.filter(
                    plan__workplace=OuterRef("pk"),
                    plan__status__in=LIVE_PLANS,
                    status__in=OPEN_ACTIONS,
                    deadline__lt=today,
                )
            ),
        )
        .annotate(
            # Overdue: a follow-up date has passed (guideline review, yearly plan review)
            # or an IGLO action is past its deadline.
            is_overdue=Case(
                When(
                    Q(review_due__lte=today)
                    | Q(plan_reviewed_at__lt=Value(plan_stale_before, DateTimeField()))
                    | Q(overdue_actions__gt=0),
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

    def apply(self, rows: QuerySet) -> QuerySet:
        if self.query:
            rows = rows.filter(Q(name__icontains=self.query) | Q(area__name__icontains=self.query))
        if self.area_id is not None:
            rows = rows.filter(area_id=self.area_id)
        if self.kind:
            rows = rows.filter(kind=self.kind)
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

    @property
    def status(self) -> str:
        return str(_("Kræver handling") if self.needs_action else _("På plads"))


def describe(w: Workplace) -> Row:
    """Turn an annotated workplace from `dashboard_rows` into the texts shown for it."""
    if w.knowledge_on:
        knowledge = gettext("Med medarbejderne %(date)s") % {"date": _date(w.knowledge_on)}
    elif w.knowledge_committee_on:
        knowledge = gettext("I LokalMED %(date)s") % {"date": _date(w.knowledge_committee_on)}
    else:
        knowledge = gettext("Ikke drøftet")
    if w.version_number:
        guideline = gettext("Version %(n)s · opfølgning %(date)s") % {
            "n": w.version_number,
            "date": _date(w.review_due),
        }
    elif w.guideline_step:
        guideline = gettext("Under udarbejdelse (trin %(n)s)") % {"n": w.guideline_step}
    else:
        guideline = gettext("Ikke påbegyndt")
    if w.plan_reviewed_at:
        plan = gettext("Gennemgået %(date)s") % {
            "date": _date(timezone.localdate(w.plan_reviewed_at))
        }
    else:
        plan = gettext("Ikke lavet")
    iglo = gettext(
        "%(active)s aktive · %(followed)s fulgt op · %(draft)s kladder · %(closed)s afsluttede"
    ) % {
        "active": w.active_plans,
        "followed": w.followed_up_plans,
        "draft": w.draft_plans,
        "closed": w.closed_plans,
    }
    return Row(
        workplace=w,
        knowledge=knowledge,
        guideline=guideline,
        plan=plan,
        iglo=iglo,
        overdue_actions=w.overdue_actions,
        is_overdue=w.is_overdue,
        needs_action=w.needs_action,
    )
