from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workplaces import services
from workplaces.access import hr_view, workplace_view
from workplaces.forms import MemberAddForm, MemberRoleForm
from workplaces.models import Area, Membership, MembershipChange, Workplace


@hr_view
def workplace_list(request: HttpRequest) -> HttpResponse:
    workplaces = (
        Workplace.objects.select_related("area")
        .annotate(member_count=Count("memberships"))
        .order_by("area__name", "name")
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
        },
    )


@workplace_view("members.view")
def member_list(request: HttpRequest) -> HttpResponse:
    members = request.workplace.memberships.select_related("user").order_by(
        "role", "user__first_name", "user__last_name"
    )
    changes = MembershipChange.objects.filter(workplace=request.workplace).select_related(
        "person", "by"
    )[:10]
    return render(request, "workplaces/member_list.html", {"members": members, "changes": changes})


@workplace_view("members.manage")
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


@workplace_view("members.manage")
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
