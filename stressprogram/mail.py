"""E-mails: Danish, plain text with an HTML alternative, rendered from three templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string
from django.utils import translation

# A safety net: the parts that can be long (an action's text) are shortened where they go in.
SUBJECT_MAX = 150


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut at a word (with "…") when longer than `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"


def send_templated_mail(
    name: str,
    context: dict[str, object],
    to: list[str],
    *,
    attachments: list[tuple[str, bytes, str]] | None = None,
    unsubscribe_url: str = "",
) -> None:
    """Render `emails/<name>_subject.txt`, `<name>.txt` and `<name>.html` and send them,
    with any (filename, content, mimetype) attachments (an ICS invitation). A reminder
    passes the address that stops its kind (RFC 8058 one-click)."""
    context = {"site_url": settings.SITE_URL, "unsubscribe_url": unsubscribe_url, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = shorten(render_to_string(f"emails/{name}_subject.txt", context), SUBJECT_MAX)
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    headers = {
        "Message-ID": make_msgid(domain=settings.SITE_DOMAIN),
        # No person writes these mails: out-of-office replies and the like stay away.
        "Auto-Submitted": "auto-generated",
    }
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, to, headers=headers
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
