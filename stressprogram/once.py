"""`{% once %}…{% endonce %}`: a part of a template rendered once per process and language,
then reused as it is (issue 21). For what depends on nothing but the settings and the
language: static files' addresses, fixed links, translated labels, the municipality's
name. The layout's head and footer were most of the work of rendering a small page (a
drop link's, 13 of every page's 15 static and URL tags); nothing that varies by request,
person or object may go inside. `{% load once %}` (settings.TEMPLATES' libraries)."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
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
