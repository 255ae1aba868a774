"""HR runs the organisation in the app: find a person, give them a role in a workplace,
move them, end a membership; and a workplace's kind and reminder hour (manager or HR)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from workplaces import services
from workplaces.access import hr_view, workplace_view
from workplaces.expectations import HR_ONLY, ORGANISE, expects
from workplaces.forms import PersonAddForm, PersonMoveForm, WorkplaceSettingsForm
from workplaces.models import Membership, MembershipChange, User


@expects(get=HR_ONLY)
@hr_view
@require_safe
def people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(services.people_matching(query), 50).get_page(request.GET.get("page"))
    return render(request, "workplaces/people.html", {"page": page, "query": query})


@expects(get=HR_ONLY, post=HR_ONLY)
@hr_view
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, pk: int) -> HttpResponse:
    someone = get_object_or_404(User, pk=pk, is_active=True)
    memberships = list(
        Membership.objects.active()
        .filter(user=someone)
        .select_related("workplace__area")
        .order_by("workplace__name")
    )
    action = request.POST.get("action")
    add_form = PersonAddForm(request.POST if action == "add" else None, prefix="add")
    move_form = PersonMoveForm(request.POST if action == "move" else None, prefix="move")
    if request.method == "POST":
        done = _act(request, someone, memberships, action, add_form, move_form)
        if done:
            messages.success(request, done)
            return redirect("workplaces:person", pk=someone.pk)
    changes = MembershipChange.objects.filter(person=someone).select_related("workplace", "by")
    return render(
        request,
        "workplaces/person.html",
        {
            "person": someone,
            "memberships": memberships,
            "add_form": add_form,
            "move_form": move_form,
            # Every membership's "move to" list, from one query (not one per membership).
            "workplace_choices": [c for c in move_form.fields["to"].choices if c[0]],
            "changes": changes[:20],
        },
    )


def _act(request, someone, memberships, action, add_form, move_form) -> str | None:
    """Carry out one of the person page's three forms; the message, or None if refused."""
    by = request.user
    try:
        if action == "add" and add_form.is_valid():
            membership = services.add_person(
                add_form.cleaned_data["workplace"],
                user=someone,
                role=add_form.cleaned_data["role"],
                by=by,
            )
            return _("%(name)s er tilføjet til %(workplace)s som %(role)s.") % {
                "name": someone.display_name,
                "workplace": membership.workplace.name,
                "role": membership.get_role_display(),
            }
        if action == "move" and move_form.is_valid():
            membership = _one_of(memberships, move_form.cleaned_data["membership"])
            if membership is None:
                move_form.add_error(None, _("Medlemskabet findes ikke længere."))
                return None
            moved = services.move_member(membership, to=move_form.cleaned_data["to"], by=by)
            return _("%(name)s er flyttet fra %(old)s til %(new)s.") % {
                "name": someone.display_name,
                "old": membership.workplace.name,
                "new": moved.workplace.name,
            }
        if action == "end":
            membership = _one_of(memberships, request.POST.get("membership"))
            if membership is None:
                messages.error(request, _("Medlemskabet findes ikke længere."))
                return None
            services.remove_member(membership, by=by)
            return _("%(name)s er fjernet fra %(workplace)s.") % {
                "name": someone.display_name,
                "workplace": membership.workplace.name,
            }
    except ValidationError as error:
        form = move_form if action == "move" else add_form
        if action == "end":
            messages.error(request, " ".join(error.messages))
        else:
            form.add_error(None, error)
    return None


def _one_of(memberships: list[Membership], pk: object) -> Membership | None:
    return next((m for m in memberships if str(m.pk) == str(pk)), None)


@expects(get=ORGANISE, post=ORGANISE)
@workplace_view("workplace.settings")
@require_http_methods(["GET", "POST"])
def workplace_settings(request: HttpRequest) -> HttpResponse:
    workplace = request.workplace
    form = WorkplaceSettingsForm(
        request.POST or None,
        initial={"kind": workplace.kind, "reminder_hour": workplace.reminder_hour},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_workplace_settings(workplace, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Indstillingerne er gemt."))
            return redirect("workplaces:workplace-settings", slug=workplace.slug)
    return render(request, "workplaces/workplace_settings.html", {"form": form})
