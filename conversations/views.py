from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from conversations import content, services
from conversations.forms import ConversationForm, HandoverFormSet, StepFormSet
from conversations.models import FollowUpPlan, KeyConversation
from stressprogram.pdf import pdf_response, render_pdf
from workplaces.access import (
    can_change_conversation,
    can_open_conversation,
    can_see_private_notes,
    conversations_open_to,
    workplace_view,
)
from workplaces.expectations import (
    HOLDER,
    HOLDER_AND_SUBJECT,
    HOLDER_POST,
    MANAGE,
    READ,
    expects,
)
from workplaces.models import AuditEvent, MunicipalText
from workplaces.texts import municipal_text

Access = AuditEvent.Kind

# Views of one conversation let every member of the workplace (and HR) through the
# workplace check; the conversation's own predicates then answer 404 to all but two people.
CONVERSATION_GATE = "workplace.view"


def _guide() -> dict[str, Any]:
    return {
        "intro": content.INTRO,
        "preparations_heading": content.PREPARATIONS_HEADING,
        "preparations": content.PREPARATIONS,
        "avoid_heading": content.AVOID_HEADING,
        "avoid": content.AVOID,
        "concepts_lead": content.KEY_CONCEPTS_LEAD,
        "concepts": list(content.KEY_CONCEPTS.values()),
        "source": content.SOURCE,
        # HR's text (workplaces.texts): how stress treatment through the scheme starts.
        "crisis_scheme": municipal_text(MunicipalText.Key.CRISIS_SCHEME),
    }


def _conversation(
    request: HttpRequest, pk: int, *, opened: str, change: bool = False
) -> KeyConversation:
    # 404 for all but its two people; with `change`, 403 for the employee it concerns.
    conversation = (
        KeyConversation.objects.select_related("workplace", "employee", "manager")
        .filter(pk=pk, workplace=request.workplace)
        .first()
    )
    if conversation is None or not can_open_conversation(
        request.user, conversation, access=request.access
    ):
        services.log_refusal(request, pk, kind=Access.NOT_FOUND)
        raise Http404
    if change and not can_change_conversation(request.user, conversation, access=request.access):
        services.log_refusal(request, pk, kind=Access.FORBIDDEN)
        raise PermissionDenied
    services.log_access(conversation, by=request.user, kind=opened, request=request)
    return conversation


def _plan_kind(kind: str) -> FollowUpPlan.Kind:
    if kind not in FollowUpPlan.Kind.values:
        raise Http404
    return FollowUpPlan.Kind(kind)


@expects(get=READ)
@never_cache
@workplace_view("conversation.guide")
@require_safe
def conversation_list(request: HttpRequest) -> HttpResponse:
    in_workplace = KeyConversation.objects.filter(workplace=request.workplace)
    mine = list(
        conversations_open_to(request.user, in_workplace).select_related(
            "workplace", "employee", "manager"
        )
    )
    return render(
        request,
        "conversations/conversation_list.html",
        {
            **_guide(),
            "held": [c for c in mine if c.manager_id == request.user.pk],
            "about_me": [c for c in mine if c.employee_id == request.user.pk],
            # HR sees key conversations only as counts per area, on the oversight page.
            "oversee_counts": request.access.can("conversation.count"),
        },
    )


def _record_form(
    request: HttpRequest, data: Any, conversation: KeyConversation | None
) -> tuple[ConversationForm, Any]:
    if conversation is None:
        employees = services.members_to_talk_with(request.workplace, manager=request.user)
        form = ConversationForm(
            data, employees=employees, initial={"held_on": timezone.localdate()}
        )
        return form, HandoverFormSet(data, prefix="handovers")
    fields = [
        "held_on",
        "calm",
        "hope",
        "immediate_action",
        "calendar",
        "colleagues_message",
        "told_by",
        "next_meeting_on",
        "private_notes",
    ]
    form = ConversationForm(data, initial={f: getattr(conversation, f) for f in fields})
    # Rows start from the saved list only when unbound (see guidelines.views).
    initial = None if data else conversation.handovers
    return form, HandoverFormSet(data, initial=initial, prefix="handovers")


def _save_record(request: HttpRequest, conversation: KeyConversation | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form, handovers = _record_form(request, data, conversation)
    if data is not None and all([form.is_valid(), handovers.is_valid()]):
        values = form.values(handovers.values())
        try:
            if conversation is None:
                conversation = services.start_conversation(
                    request.workplace,
                    by=request.user,
                    employee=form.cleaned_data["employee"],
                    **values,
                )
            else:
                services.update_conversation(conversation, by=request.user, **values)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Nøglesamtalen er gemt."))
            return redirect(conversation)
    return render(
        request,
        "conversations/conversation_form.html",
        {
            **_guide(),
            "conversation": conversation,
            "form": form,
            "handovers": handovers,
            "has_errors": data is not None,
            "concept_fields": [form[name] for name in content.KEY_CONCEPTS],
        },
    )


@expects(get=MANAGE, post=MANAGE)
@sensitive_post_parameters()
@never_cache
@workplace_view("conversation.hold")
@require_http_methods(["GET", "POST"])
def conversation_add(request: HttpRequest) -> HttpResponse:
    return _save_record(request, None)


@expects(get=HOLDER, post=HOLDER)
@sensitive_post_parameters()
@never_cache
@workplace_view(CONVERSATION_GATE)
@require_http_methods(["GET", "POST"])
def conversation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _conversation(request, pk, opened=Access.CONVERSATION_EDITED, change=True)
    return _save_record(request, conversation)


@expects(get=HOLDER_AND_SUBJECT)
@never_cache
@workplace_view(CONVERSATION_GATE)
@require_safe
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    item = _conversation(request, pk, opened=Access.CONVERSATION_VIEWED)
    holder = can_change_conversation(request.user, item, access=request.access)
    plans = {plan.kind: plan for plan in item.follow_up_plans.all()}
    return render(
        request,
        "conversations/conversation.html",
        {
            "conversation": item,
            "can_change": holder,
            "can_see_notes": can_see_private_notes(request.user, item, access=request.access),
            "concepts": [
                (concept, getattr(item, field))
                for field, (concept, _meaning) in content.KEY_CONCEPTS.items()
            ],
            "plans": [
                (kind, content.FOLLOW_UPS[kind], plans.get(kind)) for kind in FollowUpPlan.Kind
            ],
            "accesses": services.access_log(item)[:30],
            "deletion_due": services.deletion_due(item),
        },
    )


# A page that asks, then the POST that deletes.
@expects(get=HOLDER, post=HOLDER_POST)
@never_cache
@workplace_view(CONVERSATION_GATE)
@require_http_methods(["GET", "POST"])
def conversation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _conversation(request, pk, opened=Access.CONVERSATION_DELETE_ASKED, change=True)
    if request.method == "POST":
        services.delete_conversation(item, by=request.user)
        messages.success(
            request, _("Nøglesamtalen er slettet med opfølgningsplaner og adgangslog.")
        )
        return redirect("conversations:conversation-list", slug=request.workplace.slug)
    return render(request, "conversations/conversation_delete.html", {"conversation": item})


@expects(get=HOLDER_AND_SUBJECT)
@never_cache
@workplace_view(CONVERSATION_GATE)
@require_safe
def conversation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    item = _conversation(request, pk, opened=Access.CONVERSATION_PRINTED)
    pdf = render_pdf(
        "pdf/conversation_agreements.html",
        {
            "conversation": item,
            "plans": [p for p in item.follow_up_plans.all() if p.steps],
            "printed_at": timezone.now(),
        },
        workplace=request.workplace,
    )
    return pdf_response(pdf, f"aftaler-fra-noeglesamtalen-{item.held_on.isoformat()}.pdf")


@expects(get=HOLDER_AND_SUBJECT)
@never_cache
@workplace_view(CONVERSATION_GATE)
@require_safe
def follow_up_plan(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    kind = _plan_kind(kind)
    item = _conversation(request, pk, opened=Access.CONVERSATION_PLAN_VIEWED)
    return render(
        request,
        "conversations/follow_up_plan.html",
        {
            "conversation": item,
            "kind": kind,
            "description": content.FOLLOW_UPS[kind],
            "plan": item.follow_up_plans.filter(kind=kind).first(),
            "can_change": can_change_conversation(request.user, item, access=request.access),
        },
    )


@expects(get=HOLDER, post=HOLDER)
@sensitive_post_parameters()
@never_cache
@workplace_view(CONVERSATION_GATE)
@require_http_methods(["GET", "POST"])
def follow_up_plan_edit(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    kind = _plan_kind(kind)
    item = _conversation(request, pk, opened=Access.CONVERSATION_PLAN_EDITED, change=True)
    plan = item.follow_up_plans.filter(kind=kind).first()
    data = request.POST if request.method == "POST" else None
    saved = plan.dated_steps() if plan and data is None else []
    steps = StepFormSet(data, initial=[{"on": on, "step": s} for on, s in saved], prefix="steps")
    if data is not None and steps.is_valid():
        services.save_follow_up_plan(item, by=request.user, kind=kind, steps=steps.values())
        messages.success(request, _("%(plan)s er gemt.") % {"plan": kind.label})
        return redirect(
            "conversations:follow-up-plan", slug=request.workplace.slug, pk=item.pk, kind=kind
        )
    return render(
        request,
        "conversations/follow_up_plan_edit.html",
        {
            "conversation": item,
            "kind": kind,
            "description": content.FOLLOW_UPS[kind],
            "steps": steps,
            "has_errors": data is not None,
        },
    )


@expects(get=READ)
@workplace_view("conversation.guide")
@require_safe
def guide_pdf(request: HttpRequest) -> HttpResponse:
    pdf = render_pdf("pdf/conversation_guide.html", _guide(), workplace=request.workplace)
    return pdf_response(pdf, "noeglesamtalen-lommeguide.pdf")
