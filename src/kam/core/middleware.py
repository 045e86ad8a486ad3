"""Request guards that must run before any view."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_ratelimit.core import is_ratelimited

from kam.core import memo, security

BODY_TOO_LARGE = "The request body is too large (limit {limit} bytes)."
TOO_MANY_SIGN_INS = "Too many sign-in attempts from this address; wait a minute and try again."


class BodySizeLimitMiddleware:
    """Refuse request bodies over KAM_MAX_BODY_BYTES with 413 before anything reads them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.KAM_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return JsonResponse({"detail": BODY_TOO_LARGE.format(limit=limit)}, status=413)
        return self.get_response(request)


class RequestMemoMiddleware:
    """Give each request its own memory for values it reads many times (:mod:`kam.core.memo`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with memo.request_scope():
            return self.get_response(request)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Use the language the user chose (the language cookie), else Chinese (F4).

    The browser's Accept-Language is ignored on purpose: the department works in Chinese whatever
    language a phone or laptop happens to be set to; English is one click away at the foot of each page.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Send a content security policy: scripts and styles come from this server (no CDN, no inline JS)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


def _address(group: str, request: HttpRequest) -> str:
    """The caller's address; a WSGI caller that sets none (a test client) shares one bucket."""
    return security.client_ip(request) or "unknown"


class SignInRateLimitMiddleware:
    """Limit sign-in attempts per address on the sign-in page and the token endpoint (429).

    The lockout (django-axes) protects one account from guessing; this limit protects all of them
    from one address trying many names. The rate is KAM_SIGNIN_RATE (default 20 per minute); the
    count lives in the cache, shared between workers when KAM_CACHE_URL points at Redis.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path in (reverse("login"), "/api/v1/auth/token"):
            limited = is_ratelimited(
                request, group="kam.sign-in", key=_address, rate=settings.KAM_SIGNIN_RATE, increment=True
            )
            if limited:
                security.record(request, "rate_limited", detail=settings.KAM_SIGNIN_RATE)
                return JsonResponse({"detail": gettext(TOO_MANY_SIGN_INS)}, status=429)
        return self.get_response(request)


class PermissionTrailMiddleware:
    """Write every page's permission failure to the security trail, then let Django answer 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            security.record(request, "permission_denied", detail=str(exception))
