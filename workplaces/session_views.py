"""The session's own page: "Forlæng", which keeps a signed-in session alive
(the idle and absolute timeouts are in workplaces/middleware.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from workplaces import middleware
from workplaces.expectations import everyone, expects, logged_in


# "Forlæng" keeps the session (a form post goes back; htmx gets 204).
@expects(get=logged_in(204), post=everyone(302))
@login_required
@require_http_methods(["GET", "POST"])
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """POST ("Forlæng") counts now as activity; GET only asks (another tab may have been
    active). Scripts get 204 with the time left in X-Session-Expires-In; a plain form post
    goes back where it came from."""
    if request.method == "POST":
        middleware.touch(request.session)
    if request.method == "GET" or request.headers.get("HX-Request"):
        return HttpResponse(status=204)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "home"
    return redirect(back)
