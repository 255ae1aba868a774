"""Mine data: a person's own data as a page, JSON and PDF; HR removes a person who left."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from privacy import services as privacy
from stressprogram.pdf import pdf_response, render_pdf
from workplaces.access import can_anonymise, hr_view
from workplaces.expectations import HR_ONLY, HR_ONLY_POST, LOGGED_IN, expects
from workplaces.models import User


def _filename(request: HttpRequest, extension: str) -> str:
    return f"mine-data-{request.user.username}-{timezone.localdate().isoformat()}.{extension}"


# Mine data: every person their own; HR removes a person who has left.
@expects(get=LOGGED_IN)
@login_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/my_data.html", {"data": privacy.personal_data(request.user)})


@expects(get=LOGGED_IN)
@login_required
@require_safe
def my_data_json(request: HttpRequest) -> HttpResponse:
    data = privacy.personal_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_filename(request, "json")
    )
    return response


@expects(get=LOGGED_IN)
@login_required
@require_safe
def my_data_pdf(request: HttpRequest) -> HttpResponse:
    pdf = render_pdf("pdf/my_data.html", {"data": privacy.personal_data(request.user)})
    return pdf_response(pdf, _filename(request, "pdf"), as_attachment=True)


@expects(get=HR_ONLY, post=HR_ONLY_POST)
@hr_view
@require_http_methods(["GET", "POST"])
def person_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """HR removes a person who has left: a confirmation page, then the removal."""
    person = get_object_or_404(User, pk=pk)
    if not can_anonymise(request.user, person):
        raise PermissionDenied
    if request.method == "POST":
        if privacy.is_anonymised(person):
            messages.info(request, _("Personen er allerede fjernet."))
        else:
            privacy.anonymise_person(person, by=request.user)
            messages.success(
                request,
                _("Personen er fjernet og vises nu som »%(name)s«.")
                % {"name": privacy.FORMER_EMPLOYEE},
            )
        return redirect("admin:workplaces_user_change", person.pk)
    return render(
        request,
        "privacy/person_anonymise.html",
        {"person": person, "already": privacy.is_anonymised(person)},
    )
