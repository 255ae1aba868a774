"""Bilag 1-3: shared knowledge of stress, the local TRF guidelines and the priority plan."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from guidelines import content, tasks
from guidelines.models import (
    Acknowledgement,
    Clarifier,
    Guideline,
    GuidelineCell,
    GuidelineVersion,
    Level,
    Priority,
    PriorityPlan,
    PriorityPlanRevision,
    PriorityPlanUse,
    StressKnowledge,
    Zone,
)
from stressprogram.concurrency import update_if_unchanged
from stressprogram.dates import add_months
from stressprogram.outbox import enqueue
from workplaces import figures
from workplaces.models import Membership, User, Workplace
from workplaces.services import record_changes

REVIEW_MONTHS = range(6, 13)  # "1-2 gange om året"

# Which cells each step of the process fills (Trin 1-3 of Bilag 2).
STEP_LEVELS = {
    Guideline.Step.COMMITTEE: (Level.COMMITTEE,),
    Guideline.Step.MANAGER: (Level.MANAGER,),
    Guideline.Step.WORKSHOP: (Level.TEAM, Level.EMPLOYEE),
}


def cell_key(level: str, zone: str) -> str:
    return f"{level}:{zone}"


def clean_items(lines: Iterable[str]) -> list[str]:
    """One responsibility per non-empty line, trimmed."""
    return [line.strip() for line in lines if line.strip()]


def merge_items(theirs: list[str], mine: list[str]) -> list[str]:
    """Their saved list, followed by what I wrote that they do not have."""
    return theirs + [item for item in mine if item not in theirs]


# Bilag 1 ---------------------------------------------------------------------------


def knowledge_for(workplace: Workplace) -> StressKnowledge:
    """The workplace's Bilag 1 record, started with the seed's definition if new."""
    knowledge, _created = StressKnowledge.objects.get_or_create(
        workplace=workplace,
        defaults={
            "answers": [""] * len(content.REFLECTION_QUESTIONS),
            "definition": content.DEFAULT_DEFINITION,
        },
    )
    return knowledge


def save_knowledge(
    knowledge: StressKnowledge,
    *,
    by: User,
    expected_version: int,
    answers: list[str],
    definition: str,
    discussed_in_committee_on: date | None,
    discussed_with_employees_on: date | None,
) -> StressKnowledge:
    """Save the group's answers; EditConflict if someone saved since `expected_version`."""
    before = {
        "definition": knowledge.definition,
        "committee": knowledge.discussed_in_committee_on,
        "employees": knowledge.discussed_with_employees_on,
    }
    old_answers = list(knowledge.answers) + [""] * len(content.REFLECTION_QUESTIONS)
    with transaction.atomic():
        update_if_unchanged(
            knowledge,
            expected_version=expected_version,
            answers=answers,
            definition=definition,
            discussed_in_committee_on=discussed_in_committee_on,
            discussed_with_employees_on=discussed_with_employees_on,
            updated_at=timezone.now(),
        )
        record_changes(
            knowledge,
            workplace=knowledge.workplace,
            by=by,
            changes=[
                *(
                    (question, old_answers[i], answers[i])
                    for i, question in enumerate(content.REFLECTION_QUESTIONS)
                ),
                (_("Vores definition af stress"), before["definition"], definition),
                (
                    _("Drøftet i LokalMED"),
                    _date(before["committee"]),
                    _date(discussed_in_committee_on),
                ),
                (
                    _("Taget op med medarbejderne"),
                    _date(before["employees"]),
                    _date(discussed_with_employees_on),
                ),
            ],
        )
    return knowledge


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


# Bilag 2 ---------------------------------------------------------------------------


def guideline_for(workplace: Workplace) -> Guideline:
    """The workplace's guideline, started from the seed's example cells if new."""
    guideline = Guideline.objects.filter(workplace=workplace).first()
    if guideline is not None:
        return guideline
    try:
        with transaction.atomic():
            guideline = Guideline.objects.create(workplace=workplace)
            GuidelineCell.objects.bulk_create(
                GuidelineCell(
                    guideline=guideline,
                    level=level,
                    zone=zone,
                    items=list(content.EXAMPLE_CELLS.get((level, zone), [])),
                )
                for level in Level.values
                for zone in Zone.values
            )
            figures.changed(workplace.pk)  # the dashboard: "under udarbejdelse" now
    except IntegrityError:  # started by someone else at the same moment
        guideline = Guideline.objects.get(workplace=workplace)
    return guideline


def cells_by_key(guideline: Guideline) -> dict[str, GuidelineCell]:
    return {cell_key(c.level, c.zone): c for c in guideline.cells.select_related("updated_by")}


def save_cell(
    cell: GuidelineCell, *, by: User, expected_version: int, items: list[str]
) -> GuidelineCell:
    """Save one cell's list; EditConflict if someone saved it since `expected_version`.
    Other cells are never blocked."""
    before = list(cell.items)
    with transaction.atomic():
        update_if_unchanged(
            cell,
            expected_version=expected_version,
            items=items,
            updated_by=by,
            updated_at=timezone.now(),
        )
        record_changes(
            cell.guideline,
            workplace=cell.guideline.workplace,
            by=by,
            changes=[(str(cell), "\n".join(before), "\n".join(items))],
        )
    return cell


def set_step(guideline: Guideline, *, by: User, step: int) -> Guideline:
    """Move the process to another step (going back is allowed)."""
    if step not in Guideline.Step.values:
        raise ValidationError(_("Ukendt trin."))
    before = guideline.get_step_display()
    guideline.step = step
    guideline.save(update_fields=["step"])
    record_changes(
        guideline,
        workplace=guideline.workplace,
        by=by,
        changes=[(_("Trin"), before, guideline.get_step_display())],
    )
    return guideline


def missing_cells(guideline: Guideline, cells: dict[str, GuidelineCell]) -> list[GuidelineCell]:
    """Empty cells of the levels the current step fills (all levels from step 4)."""
    levels = STEP_LEVELS.get(guideline.step, tuple(Level.values))
    return [c for c in cells.values() if c.level in levels and not c.items]


def publish(guideline: Guideline, *, by: User, review_months: int) -> GuidelineVersion:
    """Freeze the current cells as the next numbered version with its review date."""
    if review_months not in REVIEW_MONTHS:
        raise ValidationError(_("Vælg en opfølgning mellem 6 og 12 måneder efter."))
    with transaction.atomic():
        Guideline.objects.select_for_update().filter(pk=guideline.pk).first()
        cells = cells_by_key(guideline)
        empty = [str(c) for c in cells.values() if not c.items]
        if empty:
            raise ValidationError(
                _("Udfyld alle rubrikker, før I offentliggør. Tomme: %(cells)s.")
                % {"cells": ", ".join(empty)}
            )
        number = (guideline.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        today = timezone.localdate()
        version = GuidelineVersion.objects.create(
            guideline=guideline,
            number=number,
            cells={key: cell.items for key, cell in cells.items()},
            published_by=by,
            review_due=add_months(today, review_months),
        )
        if guideline.step < Guideline.Step.FOLLOW_UP:
            guideline.step = Guideline.Step.FOLLOW_UP
            guideline.save(update_fields=["step"])
        record_changes(
            guideline,
            workplace=guideline.workplace,
            by=by,
            changes=[(_("Offentliggjort"), "", _("Version %(n)s") % {"n": number})],
        )
        enqueue(tasks.send_new_version_mails, version_id=version.pk)
    return version


def latest_version(
    guideline: Guideline | None, *, reader: User | None = None
) -> GuidelineVersion | None:
    """The newest published version; with `reader`, `acknowledged` says whether they have."""
    if guideline is None:
        return None
    versions = guideline.versions.select_related("published_by")
    if reader is not None:
        signed = Acknowledgement.objects.filter(version=OuterRef("pk"), user=reader)
        versions = versions.annotate(acknowledged=Exists(signed))
    return versions.first()


@dataclass(frozen=True)
class CellDiff:
    level: str
    zone: str
    added: list[str]
    removed: list[str]

    @property
    def title(self) -> str:
        return f"{Level(self.level).label} / {Zone(self.zone).label}"


def diff_versions(old: GuidelineVersion, new: GuidelineVersion) -> list[CellDiff]:
    """What changed cell by cell between two versions (only cells that changed)."""
    diffs = []
    for level in Level.values:
        for zone in Zone.values:
            before, after = old.items(level, zone), new.items(level, zone)
            if before == after:
                continue
            added, removed = [], []
            for tag, i1, i2, j1, j2 in SequenceMatcher(a=before, b=after).get_opcodes():
                if tag in ("replace", "delete"):
                    removed += before[i1:i2]
                if tag in ("replace", "insert"):
                    added += after[j1:j2]
            diffs.append(CellDiff(level, zone, added, removed))
    return diffs


def acknowledge(version: GuidelineVersion, *, user: User) -> Acknowledgement:
    """The member has read this version and commits to it; doing it twice is harmless."""
    acknowledgement, _created = Acknowledgement.objects.get_or_create(version=version, user=user)
    return acknowledgement


def acknowledgement_status(
    version: GuidelineVersion,
) -> tuple[list[tuple[Membership, Any]], list[Membership]]:
    """(members who acknowledged with when, members who have not) for the manager."""
    done = dict(version.acknowledgements.values_list("user_id", "acknowledged_at"))
    members = (
        version.guideline.workplace.memberships.active()
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )
    signed = [(m, done[m.user_id]) for m in members if m.user_id in done]
    missing = [m for m in members if m.user_id not in done]
    return signed, missing


def pending_acknowledgements(user: User) -> list[GuidelineVersion]:
    """The newest published version of each of the user's workplaces not yet acknowledged
    (one query, whatever the number of versions)."""
    newest = GuidelineVersion.objects.filter(guideline=OuterRef("guideline")).order_by("-number")
    return list(
        GuidelineVersion.objects.filter(
            guideline__workplace__in=Membership.objects.active()
            .filter(user=user)
            .values("workplace"),
            number=Subquery(newest.values("number")[:1]),
        )
        .filter(~Exists(Acknowledgement.objects.filter(user=user, version=OuterRef("pk"))))
        .select_related("guideline__workplace")
        .order_by("guideline_id")
    )


# Bilag 3 ---------------------------------------------------------------------------

# A plan not looked through for a year is flagged on the workplace home ("løbende tilpasses").
PLAN_REVIEW_AFTER_DAYS = 365


def priority_plan_for(workplace: Workplace) -> PriorityPlan:
    """The workplace's one current priority plan, started empty if new."""
    plan, _created = PriorityPlan.objects.get_or_create(workplace=workplace)
    return plan


def plan_snapshot(plan: PriorityPlan) -> dict[str, Any]:
    """Everything a revision freezes of the plan."""
    return {
        "tasks": list(plan.tasks),
        "resources": plan.resources,
        "goals": plan.goals,
        "framework": plan.framework,
        "clarifications": list(plan.clarifications),
    }


def plan_sections(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A plan or revision as pages and PDFs show it: tasks split by priority, labels resolved."""
    tasks = snapshot.get("tasks", [])
    return {
        "keep": [t for t in tasks if t.get("priority") == Priority.KEEP],
        "deprioritise": [t for t in tasks if t.get("priority") == Priority.DEPRIORITISE],
        "resources": snapshot.get("resources", ""),
        "goals": snapshot.get("goals", ""),
        "framework": snapshot.get("framework", ""),
        "clarifications": [
            {**item, "with_whom_label": Clarifier(item["with_whom"]).label}
            for item in snapshot.get("clarifications", [])
            if item.get("with_whom") in Clarifier.values
        ],
    }


def _tasks_text(tasks: list[dict]) -> str:
    return "\n".join(
        f"{Priority(t['priority']).label}: {t['task']}" + (f" – {t['note']}" if t["note"] else "")
        for t in tasks
    )


def _clarifications_text(items: list[dict]) -> str:
    return "\n".join(f"{i['question']} ({Clarifier(i['with_whom']).label})" for i in items)


def _check_plan_lists(tasks: list[dict], clarifications: list[dict]) -> None:
    if any(t.get("priority") not in Priority.values or not t.get("task") for t in tasks):
        raise ValidationError(_("Hver opgave skal have en tekst og en prioritet."))
    if any(
        c.get("with_whom") not in Clarifier.values or not c.get("question") for c in clarifications
    ):
        raise ValidationError(_("Skriv hvad der skal afklares, og vælg med hvem."))


def save_priority_plan(
    plan: PriorityPlan,
    *,
    by: User,
    expected_version: int,
    tasks: list[dict],
    resources: str,
    goals: str,
    framework: str,
    clarifications: list[dict],
) -> PriorityPlanRevision:
    """Save a new revision (unchanged is a review); EditConflict if saved since the version."""
    _check_plan_lists(tasks, clarifications)
    before = plan_snapshot(plan)
    now = timezone.now()
    with transaction.atomic():
        update_if_unchanged(
            plan,
            expected_version=expected_version,
            tasks=tasks,
            resources=resources,
            goals=goals,
            framework=framework,
            clarifications=clarifications,
            updated_by=by,
            updated_at=now,
            reviewed_at=now,
        )
        # The UPDATE above holds the row lock, so revision numbers cannot collide.
        number = (plan.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        revision = PriorityPlanRevision.objects.create(
            plan=plan, number=number, snapshot=plan_snapshot(plan), saved_by=by
        )
        changed = record_changes(
            plan,
            workplace=plan.workplace,
            by=by,
            changes=[
                (_("Opgaver"), _tasks_text(before["tasks"]), _tasks_text(tasks)),
                (_("Ressourcer der kan tilføres"), before["resources"], resources),
                (_("Mål der kan tilrettes"), before["goals"], goals),
                (_("Ændringer i de generelle rammer"), before["framework"], framework),
                (
                    _("Afklares andre steder i organisationen"),
                    _clarifications_text(before["clarifications"]),
                    _clarifications_text(clarifications),
                ),
            ],
        )
        if not changed:
            record_changes(
                plan,
                workplace=plan.workplace,
                by=by,
                changes=[(_("Gennemgået uden ændringer"), "", _("Revision %(n)s") % {"n": number})],
            )
    return revision


def record_plan_use(
    plan: PriorityPlan, *, by: User, used_on: date, situation: str, adjustments: str
) -> PriorityPlanUse:
    """The manager notes that the plan is taken into use, and what was adjusted first."""
    if used_on > timezone.localdate():
        raise ValidationError(_("Datoen kan ikke ligge i fremtiden."))
    with transaction.atomic():
        use = PriorityPlanUse.objects.create(
            plan=plan,
            used_on=used_on,
            situation=situation,
            adjustments=adjustments,
            recorded_by=by,
        )
        record_changes(
            plan,
            workplace=plan.workplace,
            by=by,
            changes=[(_("Taget i brug"), "", f"{used_on.isoformat()}: {situation}")],
        )
    return use
