"""The programme PDF read back as a reader would: text, page size, font, tags, language."""

import re
import uuid
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.urls import reverse_lazy
from django.utils import timezone

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from oversight.programme import programme_for
from stressprogram.pdf import STATIC_ROOTS, PDFResourceError, render_pdf
from tests.helpers import pdf_text
from workplaces.models import Membership, Workplace

pytestmark = pytest.mark.django_db

TITLES = [
    "Viden om stress",
    "Lokale retningslinjer",
    "Prioriteringsplan",
    "Nøglesamtalen",
    "Boldmetoden",
    "Dialogmetoden",
    "IGLO-handleplan",
]
A4 = (595, 842)
BUNDLED_FONTS = sorted((settings.BASE_DIR / "static" / "vendor" / "fonts").glob("*.woff"))
PDF_URL = reverse_lazy("workplace-pdf", kwargs={"slug": "plejecenter-solhoj"})


@pytest.fixture(params=["view", "render_pdf"])
def programme_pdf(request, client_as, solhoj) -> bytes:
    """The programme PDF of Solhøj, as a member downloads it and from the helper directly."""
    if request.param == "view":
        response = client_as("medarbejder").get(PDF_URL)
        assert response.status_code == 200
        return response.content
    representatives = list(
        solhoj.memberships.exclude(role=Membership.Role.EMPLOYEE).select_related("user")
    )
    context = {"steps": programme_for(solhoj, representatives), "printed_at": timezone.now()}
    return render_pdf("pdf/programme.html", context, workplace=solhoj)


def _pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text as pdftotext reads it (it separates pages with form feeds)."""
    return pdf_text(pdf, tmp_path, layout=True).split("\f")[:-1]


def _embedded_fonts(reader: PdfReader) -> dict[str, bytes]:
    """Base font name → embedded font program, for every font the pages use."""
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                files = [descriptor[k] for k in ("/FontFile2", "/FontFile3") if k in descriptor]
                assert files, f"{font['/BaseFont']} is not embedded"
                fonts[str(font["/BaseFont"])] = files[0].get_object().get_data()
    return fonts


def _postscript_name(font: bytes | Path) -> str:
    return TTFont(BytesIO(font) if isinstance(font, bytes) else font)["name"].getDebugName(6)


def _assert_footers(pdf: bytes, tmp_path: Path) -> None:
    """Every page ends with the workplace and municipality, then "Side n af N"."""
    reader = PdfReader(BytesIO(pdf))
    count = len(reader.pages)
    footer = f"Plejecenter Solhøj · {settings.MUNICIPALITY_NAME}"
    pages = _pages_text(pdf, tmp_path)
    assert len(pages) == count
    for number, text in enumerate(pages, start=1):
        last_line = text.strip().splitlines()[-1]
        assert re.fullmatch(rf"{footer}\s+Side {number} af {count}", last_line)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert footer in text
        assert f"Side {number} af {count}" in text


def test_programme_pdf_is_served_inline_with_a_filename(client_as):
    response = client_as("medarbejder").get(PDF_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="stressprogram-plejecenter-solhoj.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_programme_pdf_has_the_seven_steps_and_danish_letters(programme_pdf, cast, tmp_path):
    poppler = pdf_text(programme_pdf, tmp_path)
    pypdf = "\n".join(page.extract_text() for page in PdfReader(BytesIO(programme_pdf)).pages)

    for text in (poppler, pypdf):
        for title in TITLES:
            assert title in text
        assert "Stresspolitikkens trin – Plejecenter Solhøj" in text
        assert cast["leder"].display_name in text
        assert "Personaleleder" in text


def test_programme_pdf_footer_names_workplace_and_page(programme_pdf, tmp_path):
    _assert_footers(programme_pdf, tmp_path)


def test_footer_repeats_on_every_page(solhoj, tmp_path):
    # Six rounds of the steps run over several pages.
    steps = programme_for(solhoj, list(solhoj.memberships.all())) * 6
    pdf = render_pdf("pdf/programme.html", {"steps": steps}, workplace=solhoj)

    assert len(PdfReader(BytesIO(pdf)).pages) > 1
    _assert_footers(pdf, tmp_path)


def test_programme_pdf_pages_are_a4(programme_pdf):
    for page in PdfReader(BytesIO(programme_pdf)).pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1)


def test_programme_pdf_embeds_only_the_bundled_noto_sans(programme_pdf):
    fonts = _embedded_fonts(PdfReader(BytesIO(programme_pdf)))

    assert fonts
    for base_font in fonts:
        assert "NotoSans" in base_font.replace("-", "")
    # The embedded programs are the files under static/vendor/fonts, not a system font.
    embedded = {_postscript_name(program) for program in fonts.values()}
    assert embedded <= {_postscript_name(path) for path in BUNDLED_FONTS}
    assert {"NotoSans-Regular", "NotoSans-Bold"} <= embedded


def test_programme_pdf_is_tagged_pdf_ua_in_danish(programme_pdf):
    catalog = PdfReader(BytesIO(programme_pdf)).trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data().decode()

    assert 'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"' in xmp
    assert 'pdfuaid:part="1"' in xmp
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "da"
    assert "Plejecenter Solhøj" in xmp  # the title


def test_english_programme_pdf_declares_english(client_as, tmp_path):
    client = client_as("medarbejder")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pdf = client.get(PDF_URL).content

    assert "Steps of the stress policy – Plejecenter Solhøj" in pdf_text(pdf, tmp_path)
    assert PdfReader(BytesIO(pdf)).trailer["/Root"]["/Lang"] == "en"


# A template that pulls in something outside static/ must fail loudly rather than embed it
# or print a PDF with a hole: WeasyPrint's fail_on_errors raises a BaseException, which
# render_pdf turns into PDFResourceError so Django and Celery handle it like any error.
SECRET = f"HEMMELIGT-{uuid.uuid4().hex}"
# From the static folder (the base URL) up to the file system root, plain and %-encoded.
UP = "../" * (len(STATIC_ROOTS[0].parts) - 1)
ENCODED_UP = "%2e%2e/" * (len(STATIC_ROOTS[0].parts) - 1)


@pytest.fixture
def secret_css(tmp_path) -> Path:
    path = tmp_path / "secret.css"
    path.write_text(f'body::after {{ content: "{SECRET}"; }}')
    return path


@pytest.fixture
def leaky_template(settings):
    """`pdf/leak.html`: pdf/base.html with the context's `head` put verbatim into <head>."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "pdf/leak.html": '{% extends "pdf/base.html" %}'
                            "{% block head %}{{ head|safe }}{% endblock %}"
                            "{% block content %}<p>Indhold</p>{% endblock %}"
                        },
                    ),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
    return "pdf/leak.html"


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="stylesheet" href="file://{secret}">',
        # The scheme is case-insensitive: this one used to get through.
        '<link rel="stylesheet" href="FILE://{secret}">',
        '<link rel="stylesheet" href="{up}{relative}">',
        '<link rel="stylesheet" href="{encoded_up}{relative}">',
        '<link rel="stylesheet" href="{secret}">',
        '<style>@import url("file://{secret}");</style>',
        '<link rel="attachment" href="file:///etc/passwd">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
    ],
    ids=[
        "file",
        "upper-case-scheme",
        "relative",
        "encoded-dots",
        "root-relative",
        "import",
        "attachment",
        "passwd-as-css",
    ],
)
def test_pdf_refuses_files_outside_static(leaky_template, secret_css, head):
    relative = str(secret_css).lstrip("/")
    head = head.format(secret=secret_css, up=UP, encoded_up=ENCODED_UP, relative=relative)

    with pytest.raises(PDFResourceError, match="PDFs may only load static files") as error:
        render_pdf(leaky_template, {"head": head})

    assert SECRET not in str(error.value)


def test_pdf_refuses_images_outside_static(leaky_template):
    with pytest.raises(PDFResourceError, match="not file:///etc/passwd"):
        render_pdf(leaky_template, {"head": '<img src="file:///etc/passwd" alt="">'})


def test_pdf_never_reaches_the_network(leaky_template):
    head = '<link rel="stylesheet" href="http://127.0.0.1:9/print.css">'

    with pytest.raises(PDFResourceError, match="disallowed protocol"):
        render_pdf(leaky_template, {"head": head})


def test_pdf_still_loads_static_files_and_inline_data(leaky_template, tmp_path):
    # The control for the refusals above: the same template renders without outside files.
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
        "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
    )
    head = f'<style>body {{ background: url("{pixel}"); }}</style>'
    pdf = render_pdf(leaky_template, {"head": head}, workplace=Workplace(name="Solhøj"))

    assert "Indhold" in pdf_text(pdf, tmp_path)
