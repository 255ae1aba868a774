"""`{% once %}…{% endonce %}`: a part of a template rendered once per process and language,
then reused as it is (issue 21). For what depends on nothing but the settings and the
language: static files' addresses, fixed links, translated labels, the municipality's
name. The layout's head and footer were most of the work of rendering a small page (a
drop link's, 13 of every page's 15 static and URL tags); nothing that varies by request,
person or object may go inside. `{% load once %}` (settings.TEMPLATES' libraries).

`render_once` does the same for a whole page whose every part depends on a few values, but
for a few holes filled in on each request: the drop link's page (issue 21)."""

import re
import secrets
import threading
from collections.abc import Callable

from django import template
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()
# Moved on when settings change (in tests), so every part renders afresh.
_generation = 0


class OnceNode(Node):
    # Not searched for blocks: every {% extends %} walks its parent's nodes on each
    # render, and no block may sit inside a part rendered once.
    child_nodelists = ()

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        # Kept on the node, which lives as long as its compiled template.
        self.rendered: dict[str | None, SafeString] = {}
        self.generation = _generation

    def render(self, context: Context) -> SafeString:
        if getattr(context, "request", None) is None:
            # Without a request (the 500 page) the context processors did not run.
            return self.nodelist.render(context)
        if self.generation != _generation:
            self.rendered, self.generation = {}, _generation
        language = get_language()
        if (html := self.rendered.get(language)) is None:
            html = self.rendered[language] = self.nodelist.render(context)
        return html


@register.tag
def once(parser: Parser, token: Token) -> OnceNode:
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist)


@receiver(setting_changed, dispatch_uid="once-forget")
def _forget(**kwargs: object) -> None:
    """A test's changed settings (static files, the municipality) render afresh."""
    global _generation  # noqa: PLW0603
    _generation += 1
    with _pages_lock:
        _pages.clear()


# Whole pages ---------------------------------------------------------------------------

# Kept per process, the least recently served forgotten first. A drop page is some 7 kB and
# is kept per day of the round, state and language: a few dozen pages, far below this.
KEPT_PAGES = 500
_pages: dict[tuple, str] = {}
_pages_lock = threading.Lock()  # for gunicorn's threads, if it is given some
# A hole in a kept page: a mark no text of anyone's holds, new in each process.
_MARK = secrets.token_hex(8)
_HOLE = re.compile(f"{_MARK}([a-z_]+){_MARK}")


def render_once(
    request: HttpRequest,
    template_name: str,
    context: Callable[[], dict],
    *,
    key: tuple,
    holes: dict,
) -> HttpResponse:
    """`template_name` rendered once per process, language and `key` with `context()` (only
    called then), then served with this request's `holes` (a context name and its value,
    escaped here), CSRF token and address (the language form's `here`) filled in. Every
    value the page shows but the holes must be in `key`: two requests with the same key get
    the same page. A request with messages to show has its page rendered afresh, with them."""
    holes = {**holes, "csrf_token": get_token(request), "here": request.get_full_path()}
    if get_messages(request):
        return HttpResponse(render_to_string(template_name, {**context(), **holes}, request))
    whole = (template_name, get_language(), *key)
    with _pages_lock:
        html = _pages.pop(whole, None)
    if html is None:
        marked = {name: SafeString(f"{_MARK}{name}{_MARK}") for name in holes}
        html = render_to_string(template_name, {**context(), **marked}, request)
    with _pages_lock:
        while len(_pages) >= KEPT_PAGES:
            del _pages[next(iter(_pages))]
        _pages[whole] = html  # the most recently served last
    filled = {name: str(conditional_escape(value)) for name, value in holes.items()}
    return HttpResponse(_HOLE.sub(lambda found: filled[found[1]], html))
