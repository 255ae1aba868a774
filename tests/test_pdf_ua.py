"""Every PDF the app serves is PDF/UA-1, read back with pikepdf: a structure tree, marked
content, the document's language and title (shown as the window title), the pdfuaid
claim, and alternative text on every figure, so a screen reader can follow each handout."""

import re

from django.urls import reverse

import pikepdf
import pytest

from tests.conftest import PERSONAS
from tests.test_permissions import MATRIX

pytestmark = pytest.mark.django_db

# Who opens each PDF in the check: the first persona of these for whom it is 200.
READERS = ["leder", "hr", "medarbejder"]


def _pdf_urls() -> list[tuple[str, object, str]]:
    """(URL name, kwargs, persona) of every PDF in the permission matrix."""
    found = []
    for name, (method, kwargs, expected) in sorted(MATRIX.items()):
        if method == "get" and re.search(r"pdf|slips|poster", name):
            reader = next(p for p in READERS + PERSONAS if expected.get(p) == 200)
            found.append((name, kwargs, reader))
    return found


def _figures(node: pikepdf.Object, seen: set | None = None):
    """Every /Figure element below `node` in the structure tree."""
    seen = set() if seen is None else seen
    if isinstance(node, pikepdf.Array):
        for item in node:
            yield from _figures(item, seen)
        return
    if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen:
        return
    if node.objgen != (0, 0):
        seen.add(node.objgen)
    if node.get("/S") == "/Figure":
        yield node
    if "/K" in node:
        yield from _figures(node["/K"], seen)


def test_every_pdf_url_is_checked():
    names = {name for name, _kwargs, _reader in _pdf_urls()}
    assert len(names) >= 15, sorted(names)
    assert {"riskmapping:report-pdf", "riskmapping:poster", "iglo:plan-pdf"} <= names


@pytest.mark.parametrize(("name", "kwargs", "reader"), _pdf_urls(), ids=lambda v: str(v)[:40])
def test_pdf_is_pdf_ua_with_title_language_and_alt_text(client_as, name, kwargs, reader, tmp_path):
    if callable(kwargs):
        kwargs = kwargs()
    response = client_as(reader).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "handout.pdf"
    path.write_bytes(response.content)

    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root, name
        assert bool(root.MarkInfo.Marked), name
        assert str(root.Lang) in {"da", "da-DK"}, name
        assert bool(root.ViewerPreferences.DisplayDocTitle), name
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1", name
            title = xmp.get("dc:title")
        assert (title or "").strip(), name
        assert str(pdf.docinfo.get("/Title", "")).strip() == title.strip(), name
        figures = list(_figures(root.StructTreeRoot))
        if name == "riskmapping:poster":  # its QR code: proves the walk finds figures
            assert len(figures) == 1
        missing = [f for f in figures if not str(f.get("/Alt", "")).strip()]
        assert not missing, f"{name}: {len(missing)} of {len(figures)} figures lack /Alt"
