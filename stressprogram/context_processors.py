from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"municipality_name": settings.MUNICIPALITY_NAME, "oidc_enabled": settings.OIDC_ENABLED}
