"""Files a mediator attaches to a case, built in memory: a photo in each accepted format, a Word
document and a workbook, and the hostile ones (an executable renamed .pdf, an old .doc, a
document with macros, a zip that is no document, text). The image bomb is in hostile_files."""

import io
import zipfile

from openpyxl import Workbook
from PIL import Image

from db.core.file_kinds import DOCX, XLSX
from tests.db.factories import PDF_SCAN

DOCX_MIME, XLSX_MIME = DOCX[0], XLSX[0]


def image(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format=kind)
    return buffer.getvalue()


WORD_CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
WORD_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def docx(text: str = "调解协议书：双方同意以原界桩为界。") -> bytes:
    """The smallest Word document Word opens: the manifest, the relation and one paragraph."""
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip(
        {
            "[Content_Types].xml": WORD_CONTENT_TYPES,
            "_rels/.rels": WORD_RELS,
            "word/document.xml": body.encode(),
        }
    )


def xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["证据清单", "页数"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docm() -> bytes:
    """A Word document with macros (vbaProject.bin), as a .docm is."""
    with zipfile.ZipFile(io.BytesIO(docx())) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    return _zip({**parts, "word/vbaProject.bin": b"\x00" * 64})


def plain_zip() -> bytes:
    return _zip({"readme.txt": b"not a document"})


def zip_bomb_docx() -> bytes:
    """A Word document one of whose parts expands 1000-fold (30 MB of one letter)."""
    return _zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"A" * (30 * 1024 * 1024)}
    )


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
OLD_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
TEXT = "这不是文件，是一段文字".encode()
PDF = PDF_SCAN
