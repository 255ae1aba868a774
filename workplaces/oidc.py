"""Sign-in through the municipality's identity provider (OpenID Connect, e.g. Entra ID),
beside passwords. The provider only says who someone is: the person must already exist
here (imported from the organisation or invited), matched by e-mail or employee number,
and what they may do still comes from their memberships (workplaces.access)."""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from workplaces.models import User

logger = logging.getLogger(__name__)


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation as error:
            # A token with a wrong signature, audience, issuer or nonce: no login, and the
            # user sees the same failure page as for an unknown person.
            logger.warning("OIDC login refused: %s", error)
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # The library does not check these; a token for another application is no key here.
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token audience is not this application")
        if settings.OIDC_OP_ISSUER and payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("ID token issuer is not the configured provider")
        return payload

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("email") or claims.get(settings.OIDC_EMPLOYEE_NUMBER_CLAIM))

    def filter_users_by_claims(self, claims) -> QuerySet[User]:
        """Active people with the claimed e-mail, else with the claimed employee number."""
        active = User.objects.filter(is_active=True)
        email = (claims.get("email") or "").strip()
        number = str(claims.get(settings.OIDC_EMPLOYEE_NUMBER_CLAIM) or "").strip()
        if email and active.filter(email__iexact=email).exists():
            return active.filter(email__iexact=email)
        if number:
            return active.filter(~Q(employee_number=""), employee_number=number)
        return User.objects.none()

    def describe_user_by_claims(self, claims) -> str:
        return "an unknown person"  # never log e-mail addresses or employee numbers


class _OnlyWhenEnabled:
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class LoginView(_OnlyWhenEnabled, OIDCAuthenticationRequestView):
    pass


class CallbackView(_OnlyWhenEnabled, OIDCAuthenticationCallbackView):
    pass
