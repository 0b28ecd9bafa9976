"""Language choice: Simplified Chinese unless the person picked English.

Pages follow the language cookie set by the switch in the header, and otherwise
LANGUAGE_CODE (zh-hans): a school PC whose browser happens to ask for English
still gets Chinese. API clients may also ask with Accept-Language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
