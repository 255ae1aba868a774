"""`{% once %}` (stressprogram/once.py): a part rendered once per process and language."""

from django.template import engines
from django.test import RequestFactory
from django.utils import translation

TEMPLATE = (
    "{% load once i18n %}"
    "[{% once %}A{{ n }}{% endonce %}|{% once %}B{{ n }} {% translate 'Sprog' %}{% endonce %}"
    "|{{ n }}]"
)


def test_each_part_is_rendered_once_per_language_and_kept_apart():
    template = engines["django"].from_string(TEMPLATE)
    request = RequestFactory().get("/")
    assert template.render({"n": 1}, request) == "[A1|B1 Sprog|1]"
    # Whatever the context says later, the parts stay as first rendered; the rest follows.
    assert template.render({"n": 2}, request) == "[A1|B1 Sprog|2]"
    with translation.override("en"):
        assert template.render({"n": 3}, request) == "[A3|B3 Language|3]"
    assert template.render({"n": 4}, request) == "[A1|B1 Sprog|4]"


def test_without_a_request_nothing_is_kept(settings):
    template = engines["django"].from_string(TEMPLATE)
    assert template.render({"n": 1}) == "[A1|B1 Sprog|1]"
    assert template.render({"n": 2}) == "[A2|B2 Sprog|2]"


def test_changed_settings_render_afresh(settings):
    template = engines["django"].from_string(TEMPLATE)
    request = RequestFactory().get("/")
    assert template.render({"n": 1}, request) == "[A1|B1 Sprog|1]"
    settings.MUNICIPALITY_NAME = "Anden Kommune"
    assert template.render({"n": 2}, request) == "[A2|B2 Sprog|2]"
