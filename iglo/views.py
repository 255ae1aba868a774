import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from iglo import content, exports, queries, services
from iglo.calendar import calendar_for
from iglo.forms import ActionForm, PlanEditForm, PlanForm
from iglo.models import CalendarFeed, IgloAction, IgloPlan, Level
from stressprogram.concurrency import rebased, save_edit, unless_conflict
from stressprogram.pdf import pdf_response, render_pdf
from stressprogram.ratelimit import too_many
from stressprogram.security_views import too_many_requests
from workplaces.access import opens_calendar_feed, workplace_view
from workplaces.expectations import (
    FACILITATE,
    FACILITATE_POST,
    LOGGED_IN,
    MANAGE,
    MANAGE_POST,
    MANAGER,
    PUBLIC,
    READ,
    expects,
    logged_in,
)
from workplaces.models import Membership, User
from workplaces.services import active_members, history_of

HISTORY_SHOWN = 100
POLL_SECONDS = 3


def _plan(request: HttpRequest, pk: int) -> IgloPlan:
    return get_object_or_404(queries.plans_of(request.workplace.pk), pk=pk)


def _action(plan: IgloPlan, action_pk: int) -> IgloAction:
    action = get_object_or_404(
        IgloAction.objects.select_related("updated_by", "responsible_member"),
        plan=plan,
        pk=action_pk,
    )
    action.plan = plan
    return action


def _managers(request: HttpRequest) -> Any:
    managers = Membership.objects.active().filter(
        workplace=request.workplace, role=Membership.Role.MANAGER
    )
    return User.objects.filter(pk__in=managers.values("user")).order_by("first_name")


def _stamp(plan: IgloPlan, others: list[User]) -> str:
    """Changes whenever anything shown in the live region changes."""
    raw = f"{plan.version}|{plan.updated_at.isoformat()}|{[u.pk for u in others]}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _live_context(plan: IgloPlan, others: list[User]) -> dict[str, Any]:
    actions = queries.actions_of(plan)
    levels, unplaced = queries.by_level(actions)
    return {
        "plan": plan,
        "levels": levels,
        "unplaced": unplaced,
        "missing": services.missing_for_activation(plan, actions)
        if plan.status == IgloPlan.Status.DRAFT
        else [],
        "changes_since_approval": services.changes_since_approval(plan, actions),
        "others": others,
        "history": list(history_of(plan)[:HISTORY_SHOWN]),
        "stamp": _stamp(plan, others),
        "today": timezone.localdate(),
        "poll_seconds": POLL_SECONDS,
    }


@expects(get=READ)
@workplace_view("iglo.view")
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "iglo/overview.html", queries.overview(request.workplace.pk))


@expects(get=FACILITATE, post=FACILITATE)
@workplace_view("iglo.edit")
@require_http_methods(["GET", "POST"])
def plan_add(request: HttpRequest) -> HttpResponse:
    managers = _managers(request)
    mine = managers.filter(pk=request.user.pk).first()
    form = PlanForm(request.POST or None, managers=managers, initial={"responsible_manager": mine})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.start_plan(request.workplace, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Handleplanen er oprettet. Start med I og G."))
            return redirect(plan.get_absolute_url())
    return render(request, "iglo/plan_add.html", {"form": form})


@expects(get=READ)
@workplace_view("iglo.view")
@require_safe
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    item = _plan(request, pk)
    services.mark_present(item, user=request.user)
    others = services.others_present(item, user=request.user)
    return render(
        request,
        "iglo/plan.html",
        {
            **_live_context(item, others),
            "why": content.WHY,
            "how": content.HOW,
            "purpose": content.PURPOSE,
            "all_levels": content.ALL_LEVELS,
            "follow_up": content.FOLLOW_UP,
            "transitions": [
                (s, IgloPlan.Status(s).label)
                for s in sorted(services.TRANSITIONS.get(item.status, ()))
            ],
        },
    )


@expects(get=READ)
@workplace_view("iglo.view")
@require_safe
def plan_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The read-only live region, polled by the open page; 204 when nothing changed."""
    item = _plan(request, pk)
    services.mark_present(item, user=request.user)
    others = services.others_present(item, user=request.user)
    if request.GET.get("stamp") == _stamp(item, others):
        return HttpResponse(status=204)
    return render(request, "iglo/_live.html", _live_context(item, others))


@expects(get=FACILITATE, post=FACILITATE)
@workplace_view("iglo.edit")
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _plan(request, pk)
    initial = {
        "version": item.version,
        "title": item.title,
        "description": item.description,
        "responsible_manager": item.responsible_manager,
        "follow_up_on": item.follow_up_on,
    }
    managers = _managers(request)
    form = PlanEditForm(request.POST or None, managers=managers, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        edit = save_edit(
            form,
            lambda: services.save_plan(
                item, by=request.user, expected_version=form.cleaned_data["version"], **data
            ),
            current=lambda: queries.plans_of(request.workplace.pk).get(pk=item.pk),
            rebind=lambda theirs: PlanEditForm(
                rebased(request.POST, theirs), managers=managers, initial=initial
            ),
        )
        if edit.saved:
            messages.success(request, _("Handleplanen er gemt."))
            return redirect(item.get_absolute_url())
        form, conflict = edit.form, edit.conflict
    return render(
        request,
        "iglo/plan_edit.html",
        {
            "plan": item,
            "form": form,
            "conflict": conflict,
            "conflict_rows": _conflict_rows(form, conflict, services.PLAN_FIELDS, IgloPlan),
        },
    )


def _conflict_rows(form: Any, current: Any, names: tuple, model: type) -> list[dict]:
    """The fields where the other person's save differs from what this person typed."""
    if current is None or not hasattr(form, "cleaned_data"):
        return []
    rows = []
    for name in names:
        theirs, mine = getattr(current, name), form.cleaned_data.get(name)
        if (theirs or None) != (mine or None):
            rows.append(
                {
                    "label": str(form.fields[name].label),
                    "theirs": services.display_value(model, name, theirs),
                    "mine": services.display_value(model, name, mine),
                }
            )
    return rows


@expects(post=MANAGE_POST)
@workplace_view("iglo.manage")
@require_POST
def plan_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = _plan(request, pk)
    status = request.POST.get("status", "")
    try:
        item = services.set_status(item, by=request.user, status=status)
    except ValidationError as error:
        if item.status == IgloPlan.Status.DRAFT and status == IgloPlan.Status.ACTIVE:
            messages.error(request, _("Planen kan ikke aktiveres endnu – se hvad der mangler."))
        else:
            for message in error.messages:
                messages.error(request, message)
    else:
        messages.success(
            request, _("Planen har nu status »%(status)s«.") % {"status": item.get_status_display()}
        )
    return redirect(item.get_absolute_url())


# Approval is the AMG's (the COMMITTEE pseudo-role); nobody in the cast sits on Solhøj's AMG.
@expects(post={**MANAGE, MANAGER: 403})
@workplace_view("iglo.approve")
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    item = _plan(request, pk)
    try:
        services.approve_plan(item, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Handleplanen er godkendt af arbejdsmiljøgruppen."))
    return redirect(item.get_absolute_url())


def _action_page(request: HttpRequest, item: IgloPlan, context: dict[str, Any]) -> HttpResponse:
    return render(
        request,
        "iglo/action_edit.html",
        {"plan": item, "functions": content.FUNCTIONS, "poll_seconds": POLL_SECONDS, **context},
    )


@expects(get=FACILITATE, post=FACILITATE)
@workplace_view("iglo.edit")
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _plan(request, pk)
    members = active_members(request.workplace)
    level = request.GET.get("level", "")
    form = ActionForm(
        request.POST or None,
        members=members,
        initial={"level": level if level in Level.values else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = services.add_action(item, by=request.user, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Handlingen er tilføjet."))
            return redirect(f"{item.get_absolute_url()}#action-{action.pk}")
    return _action_page(request, item, {"form": form, "action": None})


def _deleted_meanwhile(request: HttpRequest, item: IgloPlan, members: Any) -> HttpResponse:
    # Deleted by someone else while this person wrote: offer what they typed as a new one.
    form = ActionForm(request.POST, members=members)
    form.is_valid()
    messages.warning(
        request,
        _(
            "Handlingen er slettet af en anden, mens du skrev. Din tekst står herunder – gem "
            "den som en ny handling, hvis den stadig skal med."
        ),
    )
    return _action_page(request, item, {"form": form, "action": None, "deleted": True})


@expects(get=FACILITATE, post=FACILITATE)
@workplace_view("iglo.edit")
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    item = _plan(request, pk)
    members = active_members(request.workplace)
    if not IgloAction.objects.filter(plan=item, pk=action_pk).exists():
        if request.method != "POST":
            raise Http404
        return _deleted_meanwhile(request, item, members)
    action = _action(item, action_pk)
    initial = {name: getattr(action, name) for name in services.ACTION_FIELDS}
    form = ActionForm(
        request.POST or None, members=members, initial={**initial, "version": action.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            edit = save_edit(
                form,
                lambda: services.save_action(
                    action,
                    by=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    **form.values(),
                ),
                current=lambda: _action(item, action_pk),
                rebind=lambda theirs: ActionForm(
                    rebased(request.POST, theirs), members=members, initial=initial
                ),
            )
        except IgloAction.DoesNotExist:
            return _deleted_meanwhile(request, item, members)
        if edit.saved:
            messages.success(request, _("Handlingen er gemt."))
            return redirect(f"{item.get_absolute_url()}#action-{action.pk}")
        form, conflict = edit.form, edit.conflict
    return _action_page(
        request,
        item,
        {
            "form": form,
            "action": conflict or action,
            "conflict": conflict,
            "conflict_rows": _conflict_rows(form, conflict, services.ACTION_FIELDS, IgloAction),
            "watch_version": form["version"].value(),
        },
    )


@expects(get=FACILITATE)
@workplace_view("iglo.edit")
@require_safe
def action_watch(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Polled by the edit page: tells the writer when someone else saved this action."""
    item = _plan(request, pk)
    action = IgloAction.objects.select_related("updated_by").filter(plan=item, pk=action_pk).first()
    if action is not None and str(action.version) == request.GET.get("version"):
        return HttpResponse(status=204)
    return render(request, "iglo/_action_watch.html", {"action": action})


@expects(post=FACILITATE_POST)
@workplace_view("iglo.edit")
@require_POST
def action_delete(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    item = _plan(request, pk)
    action = _action(item, action_pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    changed = unless_conflict(
        lambda: services.delete_action(action, by=request.user, expected_version=version)
    )
    if changed is not None:
        messages.error(
            request,
            _(
                "Handlingen er ændret af en anden, siden du åbnede den. Se ændringen, før du "
                "sletter."
            ),
        )
        return redirect("iglo:action-edit", slug=request.workplace.slug, pk=pk, action_pk=action_pk)
    messages.success(request, _("Handlingen er slettet."))
    return redirect(item.get_absolute_url())


@expects(get=READ)
@workplace_view("iglo.view")
@require_safe
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    item = _plan(request, pk)
    levels, unplaced = queries.by_level(queries.actions_of(item))
    pdf = render_pdf(
        "pdf/iglo_plan.html",
        {
            "plan": item,
            "levels": levels,
            "unplaced": unplaced,
            "purpose": content.PURPOSE,
            "printed_at": timezone.localtime(),
        },
        workplace=request.workplace,
    )
    return pdf_response(pdf, f"iglo-handleplan-{item.pk}-{request.workplace.slug}.pdf")


def _export(request: HttpRequest, plans: list[IgloPlan], name: str, kind: str) -> HttpResponse:
    if kind == "csv":
        response = HttpResponse(exports.to_csv(plans), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.to_json(plans), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@expects(get=READ)
@workplace_view("iglo.view")
@require_safe
def plan_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    plans = [p for p in queries.workplace_plans_with_actions(request.workplace.pk) if p.pk == pk]
    if not plans:
        raise Http404
    return _export(request, plans, f"iglo-handleplan-{pk}", kind)


@expects(get=READ)
@workplace_view("iglo.view")
@require_safe
def workplace_export(request: HttpRequest, kind: str) -> HttpResponse:
    plans = queries.workplace_plans_with_actions(request.workplace.pk)
    return _export(request, plans, f"iglo-handleplaner-{request.workplace.slug}", kind)


# The personal calendar feed -----------------------------------------------------------


@expects(get=LOGGED_IN)
@login_required
@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = request.build_absolute_uri(feed.get_absolute_url()) if feed else None
    return render(request, "iglo/calendar.html", {"feed": feed, "feed_url": url})


@expects(post=logged_in(302))
@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    had_feed = CalendarFeed.objects.filter(user=request.user).exists()
    services.renew_calendar_feed(request.user)
    messages.success(
        request,
        _("Du har fået en ny kalenderadresse. Den gamle virker ikke længere.")
        if had_feed
        else _("Din kalenderadresse er klar."),
    )
    return redirect("iglo:calendar")


@expects(post=logged_in(302))
@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    services.revoke_calendar_feed(request.user)
    messages.success(request, _("Kalenderadressen er slået fra."))
    return redirect("iglo:calendar")


# Calendar programs poll the feed; a mail or calendar server may fetch everyone's from one
# address, so the limit only stops floods and guessing (the secret is 256 bits).
FEED_LIMIT, FEED_WINDOW = 600, 10 * 60


# The feed needs no login: its secret address is the key (a wrong one is 404).
@expects(get=PUBLIC)
@require_safe
def calendar_feed(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """No login: calendar programs read it with the secret address alone."""
    if too_many(request, "calendar-feed", limit=FEED_LIMIT, per_seconds=FEED_WINDOW):
        return too_many_requests(request, retry_after=FEED_WINDOW)
    feed = CalendarFeed.objects.select_related("user").filter(pk=pk).first()
    if feed is None or not feed.user.is_active or not opens_calendar_feed(feed, token):
        raise Http404
    response = HttpResponse(calendar_for(feed.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="iglo.ics"'
    return response
