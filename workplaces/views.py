from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stressprogram.outbox import enqueue
from stressprogram.ratelimit import too_many
from stressprogram.security_views import too_many_requests
from workplaces import os2mo, reminders, services, tasks
from workplaces.access import help_kinds_allowed, hr_view, workplace_view
from workplaces.expectations import (
    COMMITTEE_EDIT,
    EMPLOYEE,
    HR_ONLY,
    HR_ONLY_POST,
    ORGANISE,
    ORGANISE_POST,
    PUBLIC,
    READ,
    expects,
)
from workplaces.forms import (
    HelpRequestForm,
    HelpRequestUpdateForm,
    ImportForm,
    MemberAddForm,
    MemberRoleForm,
)
from workplaces.models import (
    Area,
    HelpRequest,
    ImportBatch,
    Membership,
    MembershipChange,
    Workplace,
)

# Headings of the import report, in the order shown.
IMPORT_LABELS = {
    "workplaces_new": gettext_lazy("Nye arbejdspladser"),
    "workplaces_changed": gettext_lazy("Ændrede arbejdspladser"),
    "areas_new": gettext_lazy("Nye områder"),
    "areas_changed": gettext_lazy("Ændrede områder"),
    "people_new": gettext_lazy("Nye personer"),
    "people_changed": gettext_lazy("Ændrede personer"),
    "people_ended": gettext_lazy("Personer der mister adgang"),
    "memberships_new": gettext_lazy("Nye medlemskaber"),
    "memberships_changed": gettext_lazy("Ændrede medlemskaber"),
    "memberships_ended": gettext_lazy("Afsluttede medlemskaber"),
    "committees_new": gettext_lazy("Nye LokalMED"),
    "committees_changed": gettext_lazy("Ændrede LokalMED"),
}


@expects(get=HR_ONLY)
@hr_view
@require_safe
def workplace_list(request: HttpRequest) -> HttpResponse:
    workplaces = (
        Workplace.objects.select_related("area")
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__in=Membership.objects.active()))
        )
        .order_by("area__name", "name")
        .prefetch_related(
            # Who is manager, AMiR and TR where: HR's map of the organisation.
            Prefetch(
                "memberships",
                queryset=Membership.objects.active()
                .filter(
                    role__in=[Membership.Role.MANAGER, Membership.Role.AMIR, Membership.Role.TR]
                )
                .select_related("user")
                .order_by("user__first_name", "user__last_name"),
                to_attr="leaders",
            )
        )
    )
    query = request.GET.get("q", "").strip()[:100]
    area_id = request.GET.get("area", "")
    kind = request.GET.get("kind", "")
    if query:
        workplaces = workplaces.filter(Q(name__icontains=query) | Q(area__name__icontains=query))
    if area_id.isdigit():
        workplaces = workplaces.filter(area_id=int(area_id))
    if kind in Workplace.Kind.values:
        workplaces = workplaces.filter(kind=kind)
    page = Paginator(workplaces, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "workplaces/workplace_list.html",
        {
            "page": page,
            "query": query,
            "areas": Area.objects.filter(workplaces__isnull=False).distinct(),
            "area_id": area_id,
            "kind": kind,
            "kinds": Workplace.Kind.choices,
            "roles": [Membership.Role.MANAGER, Membership.Role.AMIR, Membership.Role.TR],
        },
    )


@expects(get=READ)
@workplace_view("members.view")
@require_safe
def member_list(request: HttpRequest) -> HttpResponse:
    members = (
        request.workplace.memberships.active()
        .select_related("user")
        .order_by("role", "user__first_name", "user__last_name")
    )
    changes = MembershipChange.objects.filter(workplace=request.workplace).select_related(
        "person", "by"
    )[:10]
    return render(request, "workplaces/member_list.html", {"members": members, "changes": changes})


@expects(get=ORGANISE, post=ORGANISE)
@workplace_view("members.manage")
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest) -> HttpResponse:
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.add_member(
                request.workplace, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s er tilføjet som %(role)s.")
                % {"name": membership.user.display_name, "role": membership.get_role_display()},
            )
            return redirect("workplaces:member-list", slug=request.workplace.slug)
    return render(request, "workplaces/member_add.html", {"form": form})


def _member(request: HttpRequest, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, workplace=request.workplace
    )


@expects(get=ORGANISE, post=ORGANISE)
@workplace_view("members.manage")
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    form = MemberRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(membership, by=request.user, role=form.cleaned_data["role"])
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(
                request,
                _("%(name)s er nu %(role)s.")
                % {"name": membership.user.display_name, "role": membership.get_role_display()},
            )
            return redirect("workplaces:member-list", slug=request.workplace.slug)
    return render(request, "workplaces/member_edit.html", {"form": form, "member": membership})


@expects(post=ORGANISE_POST)
@workplace_view("members.manage")
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    try:
        services.remove_member(membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s er fjernet fra %(workplace)s.")
            % {"name": membership.user.display_name, "workplace": request.workplace.name},
        )
    return redirect("workplaces:member-list", slug=request.workplace.slug)


@expects(get=HR_ONLY, post=HR_ONLY)
@hr_view
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = os2mo.start_batch(form.files_by_name(), by=request.user, source=_("Upload"))
        if batch.status == ImportBatch.Status.PLANNING:
            enqueue(tasks.plan_import, batch_id=batch.pk)
        return redirect("workplaces:import-detail", pk=batch.pk)
    return render(
        request,
        "workplaces/import_start.html",
        {"form": form, "batches": ImportBatch.objects.select_related("created_by")[:10]},
    )


@expects(get=HR_ONLY)
@hr_view
@require_safe
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    template = "workplaces/_import_status.html" if request.htmx else "workplaces/import_detail.html"
    return render(request, template, {"batch": batch, "labels": IMPORT_LABELS})


@expects(post=HR_ONLY_POST)
@hr_view
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.status != ImportBatch.Status.PLANNED:
        messages.error(request, _("Importen kan ikke anvendes: %(status)s.")
                       % {"status": batch.get_status_display()})  # fmt: skip
    else:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.APPLYING, progress=50
        )
        enqueue(tasks.apply_import, batch_id=batch.pk)
    return redirect("workplaces:import-detail", pk=batch.pk)


# Requests to HR/Arbejdsmiljø ------------------------------------------------------


# Requests to HR: the workplace's representatives and HR see them; HR works the queue. Those
# who run Bilag 1 (a course) or Bilag 5/6 (materials) send them, not the TR nor HR itself.
@expects(get={**READ, EMPLOYEE: 403}, post=COMMITTEE_EDIT)
@workplace_view("help.view")
@require_http_methods(["GET", "POST"])
def help_list(request: HttpRequest) -> HttpResponse:
    """The workplace's requests to HR, and the form to send one (for those who may)."""
    kinds = help_kinds_allowed(request.access)
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in kinds else {}
    form = HelpRequestForm(request.POST or None, kinds=kinds, initial=initial) if kinds else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.request_help(request.workplace, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Bestillingen er sendt til HR/Arbejdsmiljø."))
                return redirect("workplaces:help-list", slug=request.workplace.slug)
    help_requests = HelpRequest.objects.filter(workplace=request.workplace).select_related(
        "requested_by"
    )
    return render(
        request, "workplaces/help_list.html", {"form": form, "help_requests": help_requests}
    )


@expects(get=HR_ONLY)
@hr_view
@require_safe
def help_queue(request: HttpRequest) -> HttpResponse:
    """HR's queue of requests from every workplace, newest first, filtered by status."""
    status = request.GET.get("status", HelpRequest.Status.NEW)
    help_requests = HelpRequest.objects.select_related("workplace", "requested_by")
    if status in HelpRequest.Status.values:
        help_requests = help_requests.filter(status=status)
    else:
        status = ""
    page = Paginator(help_requests, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "workplaces/help_queue.html",
        {"page": page, "status": status, "statuses": HelpRequest.Status.choices},
    )


@expects(get=HR_ONLY, post=HR_ONLY)
@hr_view
@require_http_methods(["GET", "POST"])
def help_update(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_object_or_404(
        HelpRequest.objects.select_related("workplace", "requested_by"), pk=pk
    )
    initial = {
        "status": help_request.status,
        "planned_on": help_request.planned_on,
        "reply": help_request.reply,
    }
    form = HelpRequestUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_help_request(help_request, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Bestillingen er opdateret, og den der bestilte får en mail.")
            )
            return redirect("workplaces:help-queue")
    return render(
        request, "workplaces/help_update.html", {"form": form, "help_request": help_request}
    )


UNSUBSCRIBE_LIMIT, UNSUBSCRIBE_WINDOW = 30, 600


@expects(get=PUBLIC, post=PUBLIC)
@csrf_exempt  # RFC 8058: the mail program posts "List-Unsubscribe=One-Click" with no token
@require_http_methods(["GET", "POST"])
def reminder_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """No login: the signed link in a reminder turns that kind of reminder off (or on
    again). GET only asks, since mail scanners open links; POST does it."""
    if too_many(
        request, "reminder-unsubscribe", limit=UNSUBSCRIBE_LIMIT, per_seconds=UNSUBSCRIBE_WINDOW
    ):
        return too_many_requests(request, retry_after=UNSUBSCRIBE_WINDOW)
    found = reminders.read_unsubscribe_token(token)
    if found is None:
        return render(
            request, "workplaces/reminder_unsubscribe.html", {"invalid": True}, status=404
        )
    user, source = found
    if request.method == "POST":
        reminders.set_reminders(user, source.kind, on=request.POST.get("on") == "1")
    context = {"label": source.label, "off": reminders.opted_out(user, source.kind)}
    context["done"] = request.method == "POST"
    return render(request, "workplaces/reminder_unsubscribe.html", context)
