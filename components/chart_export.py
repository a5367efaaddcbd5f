"""Charts to PNG (vl-convert, with a CJK font registered so Chinese does not turn into boxes)
and figures to .xlsx. No Streamlit here."""

import io
import re
from functools import cache
from pathlib import Path

import altair as alt
import pandas as pd

from db.io.exports.common import formulas_as_text

# Debian's fonts-noto-cjk when installed; else the font shipped on PyPI (requirements.txt).
SYSTEM_FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"))


@cache
def _fonts_registered() -> bool:
    import vl_convert

    for directory in SYSTEM_FONT_DIRS:
        if any(directory.glob("NotoSansCJK*")):
            vl_convert.register_font_directory(str(directory))
    import cvttf_NotoSansCJK_Regular

    vl_convert.register_font_directory(str(Path(cvttf_NotoSansCJK_Regular.__file__).parent))
    return True


def chart_png(chart: alt.TopLevelMixin, *, scale: float = 2.0) -> bytes:
    import vl_convert

    _fonts_registered()
    return vl_convert.vegalite_to_png(chart.to_dict(), scale=scale)


def titled(chart: alt.TopLevelMixin, title: str, lines: list[str]) -> alt.TopLevelMixin:
    """The chart as a picture handed on: its title above, then the period and unit (the filters
    in force) and the definition, so the picture says what it counts on its own."""
    return chart.properties(title=alt.TitleParams(text=title, subtitle=lines, anchor="start"))


def sheet_name(name: str) -> str:
    """Excel refuses []:*?/\\ in sheet names and more than 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "·", name)[:31]


def frames_xlsx(sheets: dict[str, pd.DataFrame], *, title: str, lines: list[str]) -> bytes:
    """One workbook: a title sheet (title and the filters in force), then one sheet per figure."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({title: lines}).to_excel(writer, sheet_name="说明", index=False)
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=sheet_name(name), index=False)
        for sheet in writer.book.worksheets:
            formulas_as_text(sheet)
    return buffer.getvalue()
