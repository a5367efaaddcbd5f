"""Workbooks and pictures an attacker (or an unlucky export) would upload, written straight into a
zip or a PNG so that building them takes little memory: a small .xlsx whose shared-string table
expands to hundreds of MB, a sheet of a million rows under 10 MB, a real ledger of many rows,
and a PNG that declares 50,000 × 50,000 pixels in a few bytes. Used by tests/db/test_uploads.py
and bench/uploads.py."""

import random
import struct
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>"
)
SHEET_TAIL = "</sheetData></worksheet>"
HEADER = ["排查日期", "所属村（社区）", "纠纷类型", "纠纷简要情况", "当事人", "化解情况"]
MB = 1024 * 1024


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _inline_row(number: int, values: list[object]) -> str:
    cells = []
    for i, value in enumerate(values):
        ref = f"{_column(i)}{number}"
        if isinstance(value, int | float):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        elif value is not None:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def _write_book(
    path: Path, sheet_chunks: Iterator[str], shared_chunks: Iterator[str] | None = None
) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in sheet_chunks:
                sheet.write(chunk.encode())
        with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as shared:
            for chunk in shared_chunks or iter(
                ['<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>']
            ):
                shared.write(chunk.encode())
    return path


def expanding_workbook(path: Path, *, unpacked_mb: int = 360) -> Path:
    """A workbook of one header row whose shared-string table holds one string of `unpacked_mb`
    MB of the same letter: well under 1 MB on disk."""

    def shared() -> Iterator[str]:
        yield '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
        block = "A" * MB
        for _ in range(unpacked_mb):
            yield block
        yield "</t></si></sst>"

    def sheet() -> Iterator[str]:
        yield SHEET_HEAD
        yield _inline_row(1, HEADER)
        yield '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
        yield SHEET_TAIL

    return _write_book(path, sheet(), shared())


def million_row_workbook(path: Path, *, rows: int = 1_000_000, seed: int = 16) -> Path:
    """A sheet with the ledger's header and then `rows` rows of one date each (an Excel serial), with
    no <dimension> to warn the reader: it must count the rows as it streams them."""
    chance = random.Random(seed)

    def sheet() -> Iterator[str]:
        yield SHEET_HEAD
        yield _inline_row(1, HEADER)
        batch = []
        for number in range(2, rows + 2):
            batch.append(
                f'<row r="{number}"><c r="A{number}"><v>{46000 + chance.randrange(900)}</v></c>'
                "</row>"
            )
            if len(batch) == 10_000:
                yield "".join(batch)
                batch = []
        yield "".join(batch)
        yield SHEET_TAIL

    return _write_book(path, sheet())


def many_strings_workbook(path: Path, *, strings: int) -> Path:
    """A header row and a shared-string table of `strings` short strings (a few MB)."""

    def shared() -> Iterator[str]:
        yield '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        for start in range(0, strings, 10_000):
            yield "".join(
                f"<si><t>{i}</t></si>" for i in range(start, min(start + 10_000, strings))
            )
        yield "</sst>"

    sheet = iter([SHEET_HEAD, _inline_row(1, HEADER), SHEET_TAIL])
    return _write_book(path, sheet, shared())


def far_row_workbook(path: Path, *, row: int) -> Path:
    """A header and one row numbered `row`: a reader fills the gap with empty rows."""
    sheet = iter([SHEET_HEAD, _inline_row(1, HEADER), _inline_row(row, [46000]), SHEET_TAIL])
    return _write_book(path, sheet)


def ledger_workbook(path: Path, *, rows: int, facts: int = 0, seed: int = 16) -> Path:
    """A real ledger of `rows` good rows under 青石镇, each different (names, facts, phones),
    written with openpyxl's streaming writer; `facts` more characters of varied Chinese text
    lengthen each row's facts."""
    from openpyxl import Workbook

    chance = random.Random(seed)
    villages = ["东河村", "南湾村", "西岭村", "北坡村", "石桥社区", "柳园社区"]
    kinds = ["邻里纠纷", "婚姻家庭", "土地承包", "劳资纠纷", "宅基地", "物业管理"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["青石镇矛盾纠纷排查化解工作台账"])
    sheet.append(["排查日期", "所属村（社区）", "纠纷类型", "纠纷简要情况", "当事人", "联系电话",
                  "风险等级", "化解情况", "办结日期"])  # fmt: skip
    surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"
    for i in range(rows):
        day = datetime(2026, 1 + chance.randrange(9), 1 + chance.randrange(28))
        done = i % 2 == 0
        sheet.append(
            [
                day,
                villages[i % 6],
                kinds[i % 6],
                f"第{i}号：两户因{chance.choice(['排水沟', '宅基地界', '院墙', '树木'])}"
                f"发生争执，经{chance.randrange(1, 9)}次走访了解情况。"
                + "".join(chr(0x4E00 + chance.randrange(3000)) for _ in range(facts)),
                f"{chance.choice(surnames)}某{i}、{chance.choice(surnames)}某{i + 1}",
                f"138{chance.randrange(10**8):08d}",
                ["低", "中", "高"][i % 3],
                "已化解" if done else "调处中",
                datetime(2026, 10, 1) if done else None,
            ]
        )
    book.save(path)
    return path


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A PNG whose header declares width × height RGB pixels, tiny on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def bad_ledger_workbook(path: Path, *, rows: int) -> Path:
    """A ledger of `rows` rows where nearly every cell is wrong: the most problems a file of
    that many rows can carry."""
    from openpyxl import Workbook

    header = ["编号", "排查日期", "所属村（社区）", "纠纷类型", "纠纷简要情况", "当事人",
              "身份证号", "联系电话", "涉及人数", "涉及金额（元）", "风险等级", "化解时限",
              "化解方式", "化解情况", "办结日期"]  # fmt: skip
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(header)
    for i in range(rows):
        sheet.append(
            ["<x>", f"上周{i}", f"不存在村{i}", "外星人入侵", "", "", "13052119850615",
             "12345", "很多", "一千", "极高", "2026/4/31", "掐架", "不知道", "明天"]
        )  # fmt: skip
    book.save(path)
    return path
