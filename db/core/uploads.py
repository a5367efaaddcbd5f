"""Files users upload, treated as hostile until checked: their size, what a zip container (an
.xlsx, a .docx) would expand to, and the pixel count of an image, all checked before anything
decompresses or decodes them. Every upload the app accepts goes through here (ledger workbooks,
inspection and rectification photos; case attachments next), so the limits are one set of rules
with one set of Chinese messages, each naming the limit it applies.

    check_size(len(data), max_bytes=10 * MB)
    check_zip_members(zipfile.ZipFile(...).infolist(), ZipLimits(...))   # before reading any part
    kind = check_image(data, max_bytes=5 * MB, max_pixels=40_000_000, formats={"JPEG", "PNG"})

Why the declared sizes can be trusted: Python's zipfile stops inflating a part at the size its
directory entry declares (and then fails its checksum), so a part that lies about its size is
read no further than the lie.
"""

import fnmatch
import io
import warnings
import zipfile
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from db import texts
from db.core.errors import Refused

MB = 1024 * 1024
# Decompression bombs: an image's pixels are counted from its header before anything decodes
# it. 40 megapixels is more than a phone's or a compact camera's usual photo (12-24 MP), and
# what Streamlit's st.image decodes to scale a photo stays under ~160 MB (4 bytes a pixel).
# Inspection photos and case documents share it.
IMAGE_MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS  # and Pillow itself refuses past twice that


class FileRefused(Refused):
    """An upload refused before anything was read from it or stored; the message is for the
    user and names the limit."""


class NotAnImage(FileRefused):
    """The content is no image of the accepted formats (whatever the file is called)."""


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0")


def check_size(size: int, *, max_bytes: int) -> None:
    """An empty file, or one over max_bytes, is refused."""
    if size <= 0:
        raise FileRefused(texts.FILE_EMPTY)
    if size > max_bytes:
        raise FileRefused(texts.FILE_TOO_BIG.format(max=_mb(max_bytes)))


@dataclass(frozen=True)
class ZipLimits:
    """What a zip container may expand to. A part's limit is the first of `part_limits`
    (glob pattern on its name, case-insensitive → bytes) that matches, else max_part_bytes."""

    max_parts: int = 1000
    max_part_bytes: int = 10 * MB
    max_total_bytes: int = 160 * MB
    max_ratio: int = 100  # uncompressed / compressed, for parts of ratio_from_bytes or more
    ratio_from_bytes: int = 1 * MB
    part_limits: tuple[tuple[str, int], ...] = ()

    def part_limit(self, name: str) -> int:
        lowered = name.lower()
        for pattern, limit in self.part_limits:
            if fnmatch.fnmatchcase(lowered, pattern.lower()):
                return limit
        return self.max_part_bytes


def check_zip_members(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    """Refuse a container whose directory declares too many parts, a part too big for its kind,
    too much in all, or a part that expands far more than documents do (a zip bomb). Reads
    only the directory: nothing is inflated."""
    if len(infos) > limits.max_parts:
        raise FileRefused(texts.FILE_ZIP_TOO_MANY_PARTS.format(max=limits.max_parts))
    total = 0
    for info in infos:
        size = info.file_size
        limit = limits.part_limit(info.filename)
        if size > limit:
            raise FileRefused(texts.FILE_ZIP_PART_TOO_BIG.format(size=_mb(size), max=_mb(limit)))
        if size >= limits.ratio_from_bytes and size > limits.max_ratio * max(info.compress_size, 1):
            raise FileRefused(
                texts.FILE_ZIP_RATIO.format(
                    ratio=size // max(info.compress_size, 1), max=limits.max_ratio
                )
            )
        total += size
    if total > limits.max_total_bytes:
        raise FileRefused(
            texts.FILE_ZIP_TOO_BIG.format(size=_mb(total), max=_mb(limits.max_total_bytes))
        )


def check_image(data: bytes, *, max_bytes: int, max_pixels: int, formats: set[str]) -> str:
    """The image's format (Pillow's name: "JPEG", "PNG", "WEBP"...) when `data` is an image of
    one of `formats` by its content, at most max_bytes and max_pixels; NotAnImage or FileRefused
    otherwise.
    Only the header is read for the pixel count, before anything is decoded."""
    check_size(len(data), max_bytes=max_bytes)
    not_image = NotAnImage(texts.FILE_NOT_IMAGE.format(formats="、".join(sorted(formats))))
    too_many = FileRefused(texts.FILE_IMAGE_TOO_MANY_PIXELS.format(max=max_pixels // 10_000))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                width, height = image.size
                if width <= 0 or height <= 0:
                    raise not_image
                if width * height > max_pixels:
                    raise too_many
                image.verify()
    except Image.DecompressionBombError:
        raise too_many from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_image from None
    if kind not in formats:
        raise not_image
    return kind
