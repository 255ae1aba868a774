"""Every PDF the app serves is PDF/UA-1, read back with pikepdf: a structure tree, marked
content, the document's language and title (shown as the window title), the pdfuaid
claim, and alternative text on every figure, so a screen reader can follow each handout."""

import re

from django.urls import reverse

import pikepdf
import pytest

from tests.test_permissions import get_pages

pytestmark = pytest.mark.django_db

# Who opens each PDF in the check: the first of these for whom it is 200, else anyone.
READERS = ["leder", "hr", "medarbejder"]


def _pdf_urls() -> list[tuple[str, object, str]]:
    """(URL name, kwargs factory, persona) of every PDF the views declare."""
    readers: dict[str, list] = {}
    for name, kwargs, persona in get_pages():
        if re.search(r"pdf|slips|poster", name):
            readers.setdefault(name, []).append((kwargs, persona))
    return [
        (name, *min(found, key=lambda k_p: [*READERS, k_p[1]].index(k_p[1])))
        for name, found in sorted(readers.items())
    ]


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


@pytest.mark.parametrize(
    ("name", "kwargs", "reader"), _pdf_urls(), ids=[name for name, _k, _r in _pdf_urls()]
)
def test_pdf_is_pdf_ua_with_title_language_and_alt_text(client_as, name, kwargs, reader, tmp_path):
    response = client_as(reader).get(reverse(name, kwargs=kwargs()))
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
