"""E-mails: Danish, plain text with an HTML alternative, rendered from three templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(
    name: str,
    context: dict[str, object],
    to: list[str],
    *,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Render `emails/<name>_subject.txt`, `<name>.txt` and `<name>.html` and send them,
    with any (filename, content, mimetype) attachments (an ICS invitation)."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
