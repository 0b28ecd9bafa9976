"""The kinds of file schools hand in (PDF, pictures, Office and WPS documents, OFD, zip) and how each is recognised.

A file's type is decided by its content: the declared type (or, when the browser declares none — as for .ofd, .wps
or .heic on many computers — the name's extension) says what the file claims to be, and the leading bytes must
agree. The type that passed is what the file is stored, served and exported as; the client's name never decides it.
"""

import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound document of .doc, .xls, .ppt and WPS's .wps, .et, .dps
ZIP = b"PK\x03\x04"
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}


@dataclass(frozen=True)
class FileType:
    content_type: str  # stored, and the Content-Type it is served with
    extensions: tuple[str, ...]  # the first is the one it is stored and exported under
    signatures: tuple[bytes, ...] = ()  # the content starts with one of these...
    zip_part: str = ""  # ...and, for a zip container, lists this part ("" with ZIP: any readable zip)
    heif: bool = False  # an ISO media file whose brand is a HEIF one (iPhone photos)
    inline: bool = False  # shown in the browser (预览); never HTML or SVG, which could run script

    @property
    def extension(self) -> str:
        return self.extensions[0]


def _office_open_xml(content_type: str, *extensions: str) -> FileType:
    return FileType(content_type, extensions, (ZIP,), zip_part="[Content_Types].xml")


FILE_TYPES = (
    FileType("application/pdf", (".pdf",), (b"%PDF-",), inline=True),
    FileType("image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",), inline=True),
    FileType("image/png", (".png",), (b"\x89PNG\r\n\x1a\n",), inline=True),
    FileType("image/heic", (".heic", ".heif"), heif=True),  # no browser shows it: downloaded only
    FileType("application/msword", (".doc",), (OLE,)),
    _office_open_xml("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    FileType("application/vnd.ms-excel", (".xls",), (OLE,)),
    _office_open_xml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    FileType("application/vnd.ms-powerpoint", (".ppt",), (OLE,)),
    _office_open_xml("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
    FileType("application/kswps", (".wps",), (OLE,)),  # WPS 文字
    FileType("application/kset", (".et",), (OLE,)),  # WPS 表格
    FileType("application/ksdps", (".dps",), (OLE,)),  # WPS 演示
    FileType("application/ofd", (".ofd",), (ZIP,), zip_part="OFD.xml"),  # 版式文档 (GB/T 33190)
    FileType("application/zip", (".zip",), (ZIP,)),
)
BY_CONTENT_TYPE = {t.content_type: t for t in FILE_TYPES}
BY_EXTENSION = {extension: t for t in FILE_TYPES for extension in t.extensions}
# What browsers and systems also call these types (WPS on Windows and on Linux, older browsers).
ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/x-png": "image/png",
    "image/heif": "image/heic",
    "image/heic-sequence": "image/heic",
    "image/heif-sequence": "image/heic",
    "application/vnd.ms-works": "application/kswps",
    "application/wps-office.wps": "application/kswps",
    "application/wps-office.et": "application/kset",
    "application/wps-office.dps": "application/ksdps",
    "application/wps-office.doc": "application/msword",
    "application/wps-office.docx": BY_EXTENSION[".docx"].content_type,
    "application/wps-office.xls": "application/vnd.ms-excel",
    "application/wps-office.xlsx": BY_EXTENSION[".xlsx"].content_type,
    "application/wps-office.ppt": "application/vnd.ms-powerpoint",
    "application/wps-office.pptx": BY_EXTENSION[".pptx"].content_type,
    "application/x-ofd": "application/ofd",
    "application/x-zip-compressed": "application/zip",
    "application/x-zip": "application/zip",
    "multipart/x-zip": "application/zip",
}
# Declared by a browser that does not know the type: the name's extension says what the file claims to be.
UNKNOWN_DECLARED = {"", "application/octet-stream", "binary/octet-stream", "application/x-download"}
# The input's accept attribute: what the file picker offers first (the server still checks every file).
ACCEPT = ",".join(BY_EXTENSION)


def claimed_type(declared: str, name: str) -> FileType | None:
    """What the upload claims to be, from its declared type (or its extension when the browser declared none);
    None for a type not accepted (HTML, SVG, programs…) or not allowed by ATTACHMENT_ALLOWED_TYPES."""
    declared = (declared or "").split(";")[0].strip().lower()
    by_name = BY_EXTENSION.get(os.path.splitext(name or "")[1].lower())
    if declared in UNKNOWN_DECLARED:
        claimed = by_name
    else:
        claimed = BY_CONTENT_TYPE.get(ALIASES.get(declared, declared))
        if claimed is not None and claimed.content_type == "application/zip" and by_name and ZIP in by_name.signatures:
            claimed = by_name  # a .docx or .ofd some systems call "a zip": checked as what its name says
    if claimed is None or claimed.content_type not in settings.ATTACHMENT_ALLOWED_TYPES:
        return None
    return claimed


def content_matches(file_type: FileType, head: bytes, upload) -> bool:
    """The leading bytes (at least 16) agree with the type; a zip container also opens and lists its part."""
    if file_type.heif:
        return head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS
    if not any(head.startswith(signature) for signature in file_type.signatures):
        return False
    if ZIP not in file_type.signatures:
        return True
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return not file_type.zip_part or file_type.zip_part in archive.namelist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        return False
    finally:
        upload.seek(0)


def extension_of(content_type: str, default: str = ".bin") -> str:
    file_type = BY_CONTENT_TYPE.get(content_type)
    return file_type.extension if file_type else default


def download_name(original_name: str, content_type: str) -> str:
    """The name a file is handed out under: the uploader's, unless its extension is not one of the checked type's
    ("x.html" that is a PDF is "x.pdf"): a download must never become something a double-click runs."""
    file_type = BY_CONTENT_TYPE.get(content_type)
    stem, extension = os.path.splitext(original_name)
    if file_type is not None and extension.lower() in file_type.extensions:
        return original_name
    return (stem.rstrip(". ") or "file") + extension_of(content_type)


def may_show_inline(content_type: str) -> bool:
    file_type = BY_CONTENT_TYPE.get(content_type)
    return file_type is not None and file_type.inline


def upload_hint() -> str:
    """What the field takes, in people's words, shown next to every file input."""
    return _(
        "You can upload PDF, Word, Excel, PowerPoint, WPS, OFD, pictures (JPG, PNG, HEIC) or ZIP files, several at "
        "once; each at most %(limit)d MB."
    ) % {"limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}


def upload_hint_single() -> str:
    """The same for an input that takes one file (the implementation plan, one archive item)."""
    return _(
        "You can upload a PDF, Word, Excel, PowerPoint, WPS, OFD, picture (JPG, PNG, HEIC) or ZIP file of at most "
        "%(limit)d MB."
    ) % {"limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
