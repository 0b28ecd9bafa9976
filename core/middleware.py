"""Language choice: Simplified Chinese unless the person picked English; and no caching of private answers.

Pages follow the language cookie set by the switch in the header, and otherwise
LANGUAGE_CODE (zh-hans): a school PC whose browser happens to ask for English
still gets Chinese. API clients may also ask with Accept-Language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            supported = {code for code, _name in settings.LANGUAGES}
            language = cookie if cookie in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every answer to a signed-in person and on every API answer (issue #15 item
    20): a shared or browser cache must not keep case pages, personal data, bundles or tokens. Static files are
    exempt (WhiteNoise serves them before this middleware in production; runserver's are skipped here)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response
