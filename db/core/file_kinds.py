"""What an uploaded document is, read from its content (never from its name): PDF, JPEG, PNG,
WebP, DOCX or XLSX, at most MAX_BYTES. Used for the documents attached to a case
(db.cases.documents); the checks are those of db.core.uploads, which every upload goes through:

- a PDF starts with "%PDF-";
- a DOCX or XLSX is a zip container: its directory is checked before anything is inflated
  (DOCUMENT_ZIP_LIMITS: parts, each part, the sum, the expansion ratio), it must hold the
  package manifest and the main part of its kind, and no macros (.docm, .xlsm);
- an image is opened by Pillow (header only) and bounded in pixels (uploads.IMAGE_MAX_PIXELS);
- anything else (an executable renamed .pdf, an old .doc or .xls, a text file) is refused.

The name a file was uploaded under is only shown: `clean_file_name` refuses one with a path in
it, control or direction characters, or an empty or over-long name; the stored file gets a
random name and the extension of its content. Refusals are FileRefused with a Chinese message.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from db import texts
from db.core import uploads
from db.core.uploads import MB, FileRefused, ZipLimits, check_size, check_zip_members
from db.core.validation import has_control

# 20 MB: a multi-page scan of a signed agreement or a phone photo fits well within it. A
# constant, not a setting: the web server's own cap (.streamlit/config.toml maxUploadSize)
# must be raised with it, so it changes with the code.
MAX_BYTES = 20 * MB
MAX_NAME = 100  # characters of the name shown
DOCUMENT_ZIP_LIMITS = ZipLimits(
    max_parts=2000,
    max_part_bytes=50 * MB,  # an embedded picture or a long document's XML
    max_total_bytes=200 * MB,
    max_ratio=100,
    ratio_from_bytes=1 * MB,
)
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
PDF = ("application/pdf", "pdf")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .doc / .xls
_BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069")


@dataclass(frozen=True)
class Sniffed:
    mime: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


def clean_file_name(name: str) -> str:
    """The uploaded name as it will be shown, or FileRefused: no folders (/ or \\), no "." or
    "..", no control or direction characters, not empty, at most MAX_NAME characters."""
    name = (name or "").strip()
    if not name or name in (".", ".."):
        raise FileRefused(texts.DOC_E_NAME_EMPTY)
    if has_control(name) or any(c in name for c in _BIDI):
        raise FileRefused(texts.DOC_E_NAME_CONTROL)
    if (
        "/" in name
        or "\\" in name
        or ".." in name
        or PurePosixPath(name).name != name
        or PureWindowsPath(name).name != name
    ):
        raise FileRefused(texts.DOC_E_NAME_PATH)
    if len(name) > MAX_NAME:
        raise FileRefused(texts.DOC_E_NAME_LONG.format(max=MAX_NAME))
    return name


def _office(data: bytes) -> tuple[str, str]:
    """A DOCX or an XLSX by its parts; FileRefused otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            check_zip_members(infos, DOCUMENT_ZIP_LIMITS)
            names = {info.filename.lower() for info in infos}
    except FileRefused:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError):
        raise FileRefused(texts.DOC_E_TYPE) from None
    if any(n.endswith("vbaproject.bin") for n in names):
        raise FileRefused(texts.DOC_E_MACROS)
    if "[content_types].xml" not in names:
        raise FileRefused(texts.DOC_E_TYPE)
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    raise FileRefused(texts.DOC_E_TYPE)


def sniff_document(data: bytes) -> Sniffed:
    """The type of an acceptable document by its content; FileRefused (Chinese) otherwise."""
    check_size(len(data), max_bytes=MAX_BYTES)
    if data.startswith(b"%PDF-"):
        return Sniffed(*PDF)
    if data.startswith(b"PK\x03\x04"):
        return Sniffed(*_office(data))
    if data.startswith(OLE_MAGIC):
        raise FileRefused(texts.DOC_E_OLD_OFFICE)
    try:
        kind = uploads.check_image(
            data,
            max_bytes=MAX_BYTES,
            max_pixels=uploads.IMAGE_MAX_PIXELS,
            formats=set(IMAGE_FORMATS),
        )
    except uploads.NotAnImage:
        raise FileRefused(texts.DOC_E_TYPE) from None
    return Sniffed(*IMAGE_FORMATS[kind])


def shown_name(name: str, sniffed: Sniffed) -> str:
    """The cleaned name with the extension of what the file really is (扫描件.pdf that is a
    PNG is shown as 扫描件.png)."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        stem = name
    elif extension.lower() in {"jpg", "jpeg"} and sniffed.extension == "jpg":
        return name
    if name.lower().endswith("." + sniffed.extension):
        return name
    return f"{stem[: MAX_NAME - len(sniffed.extension) - 1]}.{sniffed.extension}"
