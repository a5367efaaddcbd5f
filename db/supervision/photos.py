"""Photos for inspection items and rectifications: images only, checked by their content (Pillow
must read them as JPEG, PNG or WebP, whatever the file name says), at most MAX_BYTES and
MAX_PIXELS (db.core.uploads, the checks every upload goes through; nothing is stored on refusal),
stored on
disk under <data folder>/supervision/inspection-<id>/ — outside anything the web server serves;
pages read them back through `photo_bytes`, which checks the reader's scope.

The data folder is DISPUTE_DESK_DATA (db.core.settings.data_dir; default data/ in the project).
"""

import uuid
from pathlib import Path

from sqlmodel import Session

from db import texts
from db.core import uploads
from db.core.actor import Actor
from db.core.errors import Refused
from db.core.files import write_private
from db.core.permissions import NotAllowed, Permission, allows
from db.core.scope import OutOfScope, unit_in_scope
from db.core.settings import data_dir
from db.enums import InspectionStatus, RectificationStatus
from db.models import Inspection, Rectification, SupervisionPhoto

MAX_BYTES = 5 * 1024 * 1024
FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
# Decompression bombs: the pixel bound every uploaded image shares (db.core.uploads).
MAX_PIXELS = uploads.IMAGE_MAX_PIXELS


class PhotoRefused(Refused):
    """Not an acceptable photo; the message is for the user (Chinese)."""


def check_image(data: bytes) -> tuple[str, str]:
    """(mime type, file extension) of an acceptable image; PhotoRefused otherwise."""
    if not data:
        raise PhotoRefused(texts.SUP_E_PHOTO_EMPTY)
    if len(data) > MAX_BYTES:
        raise PhotoRefused(texts.SUP_E_PHOTO_TOO_BIG.format(mb=MAX_BYTES // (1024 * 1024)))
    try:
        kind = uploads.check_image(
            data, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS, formats=set(FORMATS)
        )
    except uploads.NotAnImage:
        raise PhotoRefused(texts.SUP_E_PHOTO_NOT_IMAGE) from None
    except uploads.FileRefused as refused:  # too many pixels: the message names the limit
        raise PhotoRefused(refused.message) from None
    return FORMATS[kind]


def _may_write(
    session: Session, actor: Actor, inspection: Inspection, rectification_id: int | None
) -> None:
    if rectification_id is None:
        if not allows(actor.role, Permission.INSPECT):
            raise NotAllowed()
        if not unit_in_scope(session, actor, inspection.unit_id):
            raise OutOfScope(texts.SUP_E_UNIT_OUT_OF_SCOPE)
        if inspection.status != InspectionStatus.DRAFT:
            raise PhotoRefused(texts.SUP_E_SUBMITTED)
        return
    rectification = session.get(Rectification, rectification_id)
    if rectification is None or rectification.inspection_id != inspection.id:
        raise PhotoRefused(texts.SUP_E_NO_RECTIFICATION)
    if not allows(actor.role, Permission.RECTIFY):
        raise NotAllowed()
    if not unit_in_scope(session, actor, rectification.unit_id):
        raise OutOfScope(texts.SUP_E_RECT_OUT_OF_SCOPE)
    if rectification.status != RectificationStatus.OPEN:
        raise PhotoRefused(texts.SUP_E_RECT_ANSWERED)


def save_photo(
    session: Session,
    *,
    actor: Actor,
    inspection_id: int,
    data: bytes,
    item_id: int | None = None,
    rectification_id: int | None = None,
) -> int:
    """Store a photo for an item of a draft inspection (inspectors) or for an open
    rectification (the unit answering it)."""
    inspection = session.get(Inspection, inspection_id)
    if inspection is None:
        raise PhotoRefused(texts.SUP_E_NO_INSPECTION)
    _may_write(session, actor, inspection, rectification_id)
    mime, extension = check_image(data)
    relative = (
        Path("supervision") / f"inspection-{inspection_id}" / f"{uuid.uuid4().hex}.{extension}"
    )
    target = data_dir() / relative
    write_private(target, data)  # folders 0700, the file 0600
    photo = SupervisionPhoto(
        inspection_id=inspection_id,
        item_id=item_id,
        rectification_id=rectification_id,
        path=str(relative),
        mime=mime,
        size=len(data),
        uploaded_by_id=actor.id,
    )
    session.add(photo)
    session.commit()
    return photo.id or 0


def readable_photo(session: Session, *, actor: Actor, photo_id: int) -> SupervisionPhoto:
    """The photo's record, for a reader whose scope holds the inspected unit."""
    photo = session.get(SupervisionPhoto, photo_id)
    inspection = session.get(Inspection, photo.inspection_id) if photo else None
    if photo is None or inspection is None:
        raise PhotoRefused(texts.SUP_E_PHOTO_MISSING)
    if not unit_in_scope(session, actor, inspection.unit_id):
        raise OutOfScope(texts.SUP_E_UNIT_OUT_OF_SCOPE)
    return photo


def photo_bytes(session: Session, *, actor: Actor, photo_id: int) -> bytes:
    """The photo's content, for a reader whose scope holds the inspected unit."""
    photo = readable_photo(session, actor=actor, photo_id=photo_id)
    try:
        return (data_dir() / photo.path).read_bytes()
    except OSError:
        raise PhotoRefused(texts.SUP_E_PHOTO_MISSING) from None
