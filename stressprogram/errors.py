"""Error reports without personal data.

Django's error report (the e-mail to ADMINS, or what an error tracker is given) shows the
request's form fields and every local variable of the traceback. In this app those can be a
ball's note or a key conversation's agreements, so when reports are filtered (DEBUG off)
all of them are replaced by stars; the traceback itself (files, lines, code) stays.
"""

from types import FrameType
from typing import Any

from django.http import HttpRequest, QueryDict
from django.views.debug import SafeExceptionReporterFilter


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request: HttpRequest | None) -> QueryDict | dict:
        if request is None:
            return {}
        if not self.is_active(request):
            return request.POST
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed[key] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(
        self, request: HttpRequest | None, tb_frame: FrameType
    ) -> Any:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
