"""Control characters (a bell, an escape, U+001F ...) in a form are never what anyone meant
to write: they are taken out of every posted field before a form or view sees it, so no
title or note is stored with invisible bytes in it. Tab, newline and carriage return stay."""

import re

from django.http import HttpRequest, HttpResponse

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class StripControlCharactersMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_TYPES:
            posted = request.POST
            if any(CONTROL.search(value) for _key, values in posted.lists() for value in values):
                cleaned = posted.copy()
                for key, values in posted.lists():
                    cleaned.setlist(key, [CONTROL.sub("", value) for value in values])
                request.POST = cleaned
        return self.get_response(request)
