"""The one font every PDF of the site is set in (the 审批单 of workflows.kit.print_pdf, the party archive bundle):
Noto Sans SC as TrueType, from the npm package @expo-google-fonts/noto-sans-sc (package.json; ``make`` installs it).

It is embedded (as a subset of the glyphs used), so a PDF shows the same on any machine and in any viewer — the
built-in CID fonts it replaces were left to the viewer, which drew "·" and other punctuation as missing glyphs — and
its text can still be extracted and searched. reportlab embeds TrueType outlines only (not the CFF of the .otf
releases), hence this package's .ttf.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "NotoSansSC"
FONT_FILE = settings.BASE_DIR / "node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"


def pdf_font() -> str:
    """The font's name for reportlab, registered on first use; fails loudly when the package is not installed."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        if not FONT_FILE.exists():
            raise ImproperlyConfigured(f"{FONT_FILE} is missing: run `npm ci` (or make) to install the PDF font.")
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    return FONT
