"""The one place that renders PDFs: a Django template, the shared print stylesheet and the
bundled font, A4, tagged as PDF/UA-1 so screen readers can follow it."""

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

STATIC_ROOTS = [Path(d).resolve() for d in settings.STATICFILES_DIRS]


class PDFResourceError(Exception):
    """A PDF template refers to something that is not one of the app's static files."""


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher  # noqa: PLC0415, TID251 -- import costs ~1 s

    class LocalFetcher(URLFetcher):
        # Only the app's own static files and inline data: a PDF never reaches the network.
        def fetch(self, url: str, headers: dict | None = None) -> Any:
            parts = urlsplit(url)  # lower-cases the scheme, as WeasyPrint and urllib do
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if not any(path.is_relative_to(root) for root in STATIC_ROOTS):
                    raise PDFResourceError(f"PDFs may only load static files, not {url}")
            return super().fetch(url, headers)

    # Fail rather than print a PDF without its font or with a hole where a file was refused.
    return LocalFetcher(allowed_protocols=["file", "data"], fail_on_errors=True)


def render_pdf(template_name: str, context: dict[str, Any], *, workplace: Any = None) -> bytes:
    """Render `templates/pdf/<artefact>.html` (extending pdf/base.html) to PDF bytes."""
    from weasyprint import HTML  # noqa: PLC0415, TID251 -- import costs ~1 s
    from weasyprint.urls import FatalURLFetchingError  # noqa: PLC0415, TID251

    html = render_to_string(
        template_name,
        {"workplace": workplace, "municipality_name": settings.MUNICIPALITY_NAME, **context},
    )
    document = HTML(string=html, base_url=STATIC_ROOTS[0].as_uri() + "/", url_fetcher=_fetcher())
    try:
        return document.write_pdf(pdf_variant="pdf/ua-1")
    except FatalURLFetchingError as error:
        # A BaseException, which Django's and Celery's error handling let through.
        raise PDFResourceError(f"{error}: {error.__cause__}") from error


def pdf_response(pdf: bytes, filename: str, *, as_attachment: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response
