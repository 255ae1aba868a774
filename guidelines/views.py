from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guidelines import content, services
from guidelines.forms import (
    CellForm,
    ClarificationFormSet,
    KnowledgeForm,
    PlanTaskFormSet,
    PlanUseForm,
    PriorityPlanForm,
    PublishForm,
    StepForm,
)
from guidelines.models import (
    Guideline,
    GuidelineCell,
    GuidelineVersion,
    Level,
    PriorityPlanRevision,
    Zone,
)
from stressprogram.concurrency import rebased, save_edit
from stressprogram.pdf import pdf_response, render_pdf
from workplaces.access import help_kinds_allowed, require, workplace_view
from workplaces.expectations import (
    COMMITTEE_EDIT,
    FACILITATE,
    MANAGE,
    MANAGE_POST,
    MEMBERS_POST,
    READ,
    expects,
)
from workplaces.models import MunicipalText
from workplaces.services import history_of
from workplaces.texts import municipal_text

# Which action edits the cells of each level (Bilag 2, trin 1-3).
EDIT_ACTION = {
    Level.COMMITTEE: "guideline.edit_committee",
    Level.MANAGER: "guideline.edit_manager",
    Level.TEAM: "guideline.edit_workshop",
    Level.EMPLOYEE: "guideline.edit_workshop",
}


def _zones() -> list[dict[str, str]]:
    return [
        {"value": zone, "name": name, "heading": heading, "description": description}
        for zone, (name, heading, description, _text) in content.ZONES.items()
    ]


def _grid(items_for, *, cells: dict | None = None, editable: dict | None = None) -> list[dict]:
    """Rows (levels, top to bottom as in the seed's model) of cells (zones)."""
    levels = [Level.EMPLOYEE, Level.TEAM, Level.COMMITTEE, Level.MANAGER]
    return [
        {
            "level": level,
            "label": level.label,
            "editable": bool(editable and editable.get(level)),
            "cells": [
                {
                    "zone": zone,
                    "items": items_for(level, zone),
                    "cell": cells.get(services.cell_key(level, zone)) if cells else None,
                }
                for zone in Zone.values
            ],
        }
        for level in levels
    ]


# Bilag 1 ---------------------------------------------------------------------------


@expects(get=READ)
@workplace_view("knowledge.view")
@require_safe
def knowledge(request: HttpRequest) -> HttpResponse:
    record = services.knowledge_for(request.workplace)
    answers = list(record.answers) + [""] * len(content.REFLECTION_QUESTIONS)
    return render(
        request,
        "guidelines/knowledge.html",
        {
            "knowledge": record,
            "questions": list(zip(content.REFLECTION_QUESTIONS, answers, strict=False)),
            "intro": content.KNOWLEDGE_INTRO,
            "course_offer": municipal_text(MunicipalText.Key.COURSE_OFFER),
            "stress_unit": municipal_text(MunicipalText.Key.STRESS_UNIT_CONTACT),
            "may_request_course": "course" in help_kinds_allowed(request.access),
            "history": history_of(record)[:10],
        },
    )


@expects(get=COMMITTEE_EDIT, post=COMMITTEE_EDIT)
@workplace_view("knowledge.edit")
@require_http_methods(["GET", "POST"])
def knowledge_edit(request: HttpRequest) -> HttpResponse:
    record = services.knowledge_for(request.workplace)
    initial = {
        "version": record.version,
        "definition": record.definition,
        "discussed_in_committee_on": record.discussed_in_committee_on,
        "discussed_with_employees_on": record.discussed_with_employees_on,
        **{f"answer_{i}": answer for i, answer in enumerate(record.answers)},
    }
    form = KnowledgeForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        edit = save_edit(
            form,
            lambda: services.save_knowledge(
                record,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                answers=form.answers(),
                definition=form.cleaned_data["definition"].strip(),
                discussed_in_committee_on=form.cleaned_data["discussed_in_committee_on"],
                discussed_with_employees_on=form.cleaned_data["discussed_with_employees_on"],
            ),
            rebind=lambda theirs: KnowledgeForm(rebased(request.POST, theirs), initial=initial),
        )
        if edit.saved:
            messages.success(request, _("Jeres viden om stress er gemt."))
            return redirect("guidelines:knowledge", slug=request.workplace.slug)
        form, conflict = edit.form, edit.conflict
    return render(
        request,
        "guidelines/knowledge_edit.html",
        {
            "form": form,
            "conflict": conflict,
            "conflict_answers": list(
                zip(content.REFLECTION_QUESTIONS, conflict.answers, strict=False)
            )
            if conflict
            else [],
        },
    )


@expects(get=READ)
@workplace_view("knowledge.view")
@require_safe
def knowledge_pdf(request: HttpRequest, blank: bool = False) -> HttpResponse:
    record = services.knowledge_for(request.workplace)
    answers = [""] * 6 if blank else list(record.answers) + [""] * 6
    pdf = render_pdf(
        "pdf/knowledge.html",
        {
            "knowledge": None if blank else record,
            "questions": list(zip(content.REFLECTION_QUESTIONS, answers, strict=False)),
            "intro": content.KNOWLEDGE_INTRO,
            "course_offer": municipal_text(MunicipalText.Key.COURSE_OFFER),
            "blank": blank,
        },
        workplace=request.workplace,
    )
    name = "viden-om-stress-skabelon" if blank else "viden-om-stress"
    return pdf_response(pdf, f"{name}-{request.workplace.slug}.pdf")


# Bilag 2 ---------------------------------------------------------------------------


@expects(get=READ)
@workplace_view("guideline.view")
@require_safe
def guideline(request: HttpRequest) -> HttpResponse:
    item = services.guideline_for(request.workplace)
    cells = services.cells_by_key(item)
    editable = {level: request.access.can(action) for level, action in EDIT_ACTION.items()}
    version = services.latest_version(item, reader=request.user)
    return render(
        request,
        "guidelines/guideline.html",
        {
            "guideline": item,
            "zones": _zones(),
            "draft": _grid(
                lambda lv, zn: cells[services.cell_key(lv, zn)].items,
                cells=cells,
                editable=editable,
            ),
            "can_edit": any(editable.values()),
            "version": version,
            "published": _grid(version.items) if version else None,
            "acknowledged": version is not None and version.acknowledged,
            "missing": services.missing_cells(item, cells),
            "steps": Guideline.Step.choices,
            "step_form": StepForm(initial={"step": item.step}, choices=Guideline.Step.choices),
            "committee_questions": content.COMMITTEE_HELP_QUESTIONS,
            "manager_questions": content.MANAGER_HELP_QUESTIONS,
            "step_intros": content.STEP_INTROS,
            "follow_up": content.FOLLOW_UP,
            "zone_questions": content.ZONE_QUESTIONS,
            "history": history_of(item)[:15],
            # Links to the versions: their numbers, not every version's cells.
            "versions": item.versions.only("guideline", "number"),
            # Shown beside the manager's danger-zone cell (templates/guidelines/_grid.html).
            "crisis_scheme": municipal_text(MunicipalText.Key.CRISIS_SCHEME),
        },
    )


# As for the committee's cells; the manager's are the manager's, the groups' the workshop's.
@expects(get=COMMITTEE_EDIT, post=COMMITTEE_EDIT)
@workplace_view("guideline.view")
@require_http_methods(["GET", "POST"])
def cell_edit(request: HttpRequest, level: str, zone: str) -> HttpResponse:
    if level not in Level.values or zone not in Zone.values:
        raise Http404
    require(request.access, EDIT_ACTION[level], request)
    item = services.guideline_for(request.workplace)
    cell = get_object_or_404(
        GuidelineCell.objects.select_related("updated_by"), guideline=item, level=level, zone=zone
    )
    form = CellForm(
        request.POST or None, initial={"version": cell.version, "items": "\n".join(cell.items)}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        mine = form.cleaned_data["items"]
        edit = save_edit(
            form,
            lambda: services.save_cell(
                cell, by=request.user, expected_version=form.cleaned_data["version"], items=mine
            ),
            # A list merges: theirs and mine together, for one more look before saving.
            rebind=lambda theirs: CellForm(
                initial={
                    "version": theirs.version,
                    "items": "\n".join(services.merge_items(theirs.items, mine)),
                }
            ),
        )
        if edit.saved:
            messages.success(request, _("Rubrikken %(cell)s er gemt.") % {"cell": cell})
            back = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                back = item.get_absolute_url()
            return redirect(f"{back}#cell-{level}-{zone}")
        form, conflict = edit.form, edit.conflict
    help_questions = {
        Level.COMMITTEE: content.COMMITTEE_HELP_QUESTIONS,
        Level.MANAGER: content.MANAGER_HELP_QUESTIONS,
    }.get(level, ())
    name, heading, description, _text = content.ZONES[zone]
    return render(
        request,
        "guidelines/cell_edit.html",
        {
            "guideline": item,
            "cell": cell,
            "form": form,
            "conflict": conflict,
            "help_questions": help_questions,
            "zone": {"name": name, "heading": heading, "description": description},
            "examples": content.EXAMPLE_CELLS.get((level, zone), []),
        },
    )


@expects(post=MANAGE_POST)
@workplace_view("guideline.manage")
@require_POST
def step_set(request: HttpRequest) -> HttpResponse:
    item = services.guideline_for(request.workplace)
    form = StepForm(request.POST, choices=Guideline.Step.choices)
    if form.is_valid():
        services.set_step(item, by=request.user, step=form.cleaned_data["step"])
        messages.success(request, _("I er nu på %(step)s.") % {"step": item.get_step_display()})
    else:
        messages.error(request, _("Vælg et af de fire trin."))
    return redirect(item.get_absolute_url())


@expects(get=MANAGE, post=MANAGE)
@workplace_view("guideline.manage")
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest) -> HttpResponse:
    item = services.guideline_for(request.workplace)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish(
                item, by=request.user, review_months=form.cleaned_data["review_months"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(n)s er offentliggjort. Medarbejderne kan nu læse og bekræfte den.")
                % {"n": version.number},
            )
            return redirect(item.get_absolute_url())
    return render(
        request,
        "guidelines/publish.html",
        {
            "guideline": item,
            "form": form,
            "missing": services.missing_cells(item, services.cells_by_key(item)),
        },
    )


def _version(request: HttpRequest, number: int) -> GuidelineVersion:
    return get_object_or_404(
        GuidelineVersion.objects.select_related("published_by", "guideline"),
        guideline__workplace=request.workplace,
        number=number,
    )


@expects(get=READ)
@workplace_view("guideline.view")
@require_safe
def version_detail(request: HttpRequest, number: int) -> HttpResponse:
    version = _version(request, number)
    previous = (
        GuidelineVersion.objects.filter(guideline=version.guideline, number__lt=number)
        .order_by("-number")
        .first()
    )
    return render(
        request,
        "guidelines/version.html",
        {
            "version": version,
            "zones": _zones(),
            "grid": _grid(version.items),
            "previous": previous,
            "diff": services.diff_versions(previous, version) if previous else None,
        },
    )


@expects(post=MEMBERS_POST)
@workplace_view("guideline.acknowledge")
@require_POST
def acknowledge(request: HttpRequest, number: int) -> HttpResponse:
    version = _version(request, number)
    latest = services.latest_version(version.guideline)
    if latest is None or latest.pk != version.pk:
        messages.error(request, _("Der er kommet en nyere version. Læs den, før du bekræfter."))
    else:
        services.acknowledge(version, user=request.user)
        messages.success(
            request,
            _("Tak. Du har bekræftet jeres lokale retningslinjer, version %(n)s.")
            % {"n": version.number},
        )
    return redirect("guidelines:guideline", slug=request.workplace.slug)


@expects(get=MANAGE)
@workplace_view("guideline.manage")
@require_safe
def acknowledgements(request: HttpRequest) -> HttpResponse:
    version = services.latest_version(services.guideline_for(request.workplace))
    if version is None:
        raise Http404
    signed, missing = services.acknowledgement_status(version)
    return render(
        request,
        "guidelines/acknowledgements.html",
        {
            "version": version,
            "signed": signed,
            "missing": missing,
            "total": len(signed) + len(missing),
        },
    )


@expects(get=FACILITATE)
@workplace_view("guideline.edit_workshop")
@require_safe
def workshop(request: HttpRequest) -> HttpResponse:
    item = services.guideline_for(request.workplace)
    cells = services.cells_by_key(item)
    editable = {level: request.access.can(action) for level, action in EDIT_ACTION.items()}
    grid = _grid(
        lambda lv, zn: cells[services.cell_key(lv, zn)].items, cells=cells, editable=editable
    )
    return render(
        request,
        "guidelines/workshop.html",
        {
            "guideline": item,
            "zones": _zones(),
            "agenda": content.WORKSHOP_AGENDA,
            "prepared": [row for row in grid if row["level"] in (Level.COMMITTEE, Level.MANAGER)],
            "groups": [row for row in grid if row["level"] in (Level.TEAM, Level.EMPLOYEE)],
            "zone_questions": content.ZONE_QUESTIONS,
        },
    )


@expects(get=READ)
@workplace_view("guideline.view")
@require_safe
def guideline_pdf(request: HttpRequest) -> HttpResponse:
    item = services.guideline_for(request.workplace)
    number = request.GET.get("version", "")
    version = _version(request, int(number)) if number.isdigit() else services.latest_version(item)
    if version is None:
        if not any(request.access.can(a) for a in EDIT_ACTION.values()):
            raise PermissionDenied
        cells = services.cells_by_key(item)
        items_for = lambda lv, zn: cells[services.cell_key(lv, zn)].items  # noqa: E731
        label = _("Kladde")
    else:
        items_for, label = version.items, _("Version %(n)s") % {"n": version.number}
    pdf = render_pdf(
        "pdf/guideline.html",
        {
            "zones": _zones(),
            "grid": _grid(items_for),
            "version": version,
            "label": label,
            "printed_at": timezone.now(),
        },
        workplace=request.workplace,
    )
    return pdf_response(pdf, f"lokale-retningslinjer-{request.workplace.slug}.pdf")


@expects(get=READ)
@workplace_view("guideline.view")
@require_safe
def template_pdf(request: HttpRequest) -> HttpResponse:
    pdf = render_pdf(
        "pdf/guideline.html",
        {
            "zones": _zones(),
            "grid": _grid(lambda lv, zn: content.EXAMPLE_CELLS.get((lv, zn), [])),
            "template": True,
            "label": _("Skabelon med eksempler"),
            "zone_questions": content.ZONE_QUESTIONS,
            "printed_at": timezone.now(),
        },
        workplace=request.workplace,
    )
    return pdf_response(pdf, f"skabelon-lokale-retningslinjer-{request.workplace.slug}.pdf")


# Bilag 3 ---------------------------------------------------------------------------


def _plan_texts() -> dict[str, object]:
    return {
        "intro": content.PRIORITY_PLAN_INTRO,
        "lead": content.PRIORITY_PLAN_LEAD,
        "questions": content.PRIORITY_QUESTIONS,
        "use_text": content.PRIORITY_PLAN_USE,
    }


@expects(get=READ)
@workplace_view("priority_plan.view")
@require_safe
def priority_plan(request: HttpRequest) -> HttpResponse:
    plan = services.priority_plan_for(request.workplace)
    can_edit = request.access.can("priority_plan.edit")
    return render(
        request,
        "guidelines/priority_plan.html",
        {
            **_plan_texts(),
            "plan": plan,
            "sections": services.plan_sections(services.plan_snapshot(plan)),
            "revisions": plan.revisions.select_related("saved_by")[:20],
            "uses": plan.uses.select_related("recorded_by")[:20],
            "history": history_of(plan)[:15] if can_edit else [],
            "can_edit": can_edit,
        },
    )


@expects(get=FACILITATE, post=FACILITATE)
@workplace_view("priority_plan.edit")
@require_http_methods(["GET", "POST"])
def priority_plan_edit(request: HttpRequest) -> HttpResponse:
    plan = services.priority_plan_for(request.workplace)
    initial = {
        "version": plan.version,
        "resources": plan.resources,
        "goals": plan.goals,
        "framework": plan.framework,
    }
    data = request.POST if request.method == "POST" else None
    form = PriorityPlanForm(data, initial=initial)
    # Rows start from the saved lists only when unbound: bound rows equal to a saved row
    # would otherwise count as unchanged and be dropped.
    tasks = PlanTaskFormSet(data, initial=None if data else plan.tasks, prefix="tasks")
    clarifications = ClarificationFormSet(
        data, initial=None if data else plan.clarifications, prefix="clarifications"
    )
    conflict = None
    if data is not None:
        # Validate all three, so every error shows at once.
        valid = [form.is_valid(), tasks.is_valid(), clarifications.is_valid()]
        if all(valid):
            edit = save_edit(
                form,
                lambda: services.save_priority_plan(
                    plan,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    tasks=tasks.values(),
                    resources=form.cleaned_data["resources"],
                    goals=form.cleaned_data["goals"],
                    framework=form.cleaned_data["framework"],
                    clarifications=clarifications.values(),
                ),
                rebind=lambda theirs: PriorityPlanForm(rebased(data, theirs), initial=initial),
            )
            if edit.saved:
                messages.success(request, _("Prioriteringsplanen er gemt som en ny revision."))
                return redirect("guidelines:priority-plan", slug=request.workplace.slug)
            form, conflict = edit.form, edit.conflict
    return render(
        request,
        "guidelines/priority_plan_edit.html",
        {
            **_plan_texts(),
            "plan": plan,
            "form": form,
            "tasks": tasks,
            "clarifications": clarifications,
            "has_errors": data is not None and conflict is None,
            "conflict": conflict,
            "conflict_sections": services.plan_sections(services.plan_snapshot(conflict))
            if conflict
            else None,
        },
    )


@expects(get=READ)
@workplace_view("priority_plan.view")
@require_safe
def priority_plan_revision(request: HttpRequest, number: int) -> HttpResponse:
    revision = get_object_or_404(
        PriorityPlanRevision.objects.select_related("saved_by", "plan"),
        plan__workplace=request.workplace,
        number=number,
    )
    latest = revision.plan.revisions.values_list("number", flat=True).first()
    return render(
        request,
        "guidelines/priority_plan_revision.html",
        {
            **_plan_texts(),
            "revision": revision,
            "sections": services.plan_sections(revision.snapshot),
            "is_current": number == latest,
        },
    )


@expects(get=MANAGE, post=MANAGE)
@workplace_view("priority_plan.manage")
@require_http_methods(["GET", "POST"])
def priority_plan_use(request: HttpRequest) -> HttpResponse:
    plan = services.priority_plan_for(request.workplace)
    form = PlanUseForm(request.POST or None, initial={"used_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_plan_use(plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Det er noteret, at planen er taget i brug."))
            return redirect("guidelines:priority-plan", slug=request.workplace.slug)
    return render(
        request,
        "guidelines/priority_plan_use.html",
        {**_plan_texts(), "plan": plan, "form": form},
    )


@expects(get=READ)
@workplace_view("priority_plan.view")
@require_safe
def priority_plan_pdf(request: HttpRequest) -> HttpResponse:
    plan = services.priority_plan_for(request.workplace)
    revision = plan.revisions.select_related("saved_by").first()
    pdf = render_pdf(
        "pdf/priority_plan.html",
        {
            **_plan_texts(),
            "plan": plan,
            "revision": revision,
            "sections": services.plan_sections(services.plan_snapshot(plan)),
            "printed_at": timezone.now(),
        },
        workplace=request.workplace,
    )
    return pdf_response(pdf, f"prioriteringsplan-{request.workplace.slug}.pdf")
