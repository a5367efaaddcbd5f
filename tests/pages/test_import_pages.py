"""Importing the offices' own Excel ledger from the ledger page: upload, preview, import."""

from sqlmodel import Session, func, select

from db import texts
from db.core.engine import make_engine
from db.models import AuditLog, Case
from tests.data import SAMPLE_LEDGER

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cases_numbered(url: str, prefix: str) -> int:
    with Session(make_engine(url)) as session:
        return session.exec(
            select(func.count()).select_from(Case).where(Case.number.startswith(prefix))
        ).one()


def test_the_sample_ledger_previews_then_imports_as_one_audited_batch(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    uploader = at.get("file_uploader")[0]
    uploader.set_value(("ledger_qingshi_2026.xlsx", SAMPLE_LEDGER.read_bytes(), XLSX))
    at.run()
    before = cases_numbered(app_db, "QSZ-2026-00")
    at.button(key="cases-import-preview").click().run()
    assert not at.exception
    assert any("读取 40 行" in t.value for t in at.text), [t.value for t in at.text]
    assert cases_numbered(app_db, "QSZ-2026-00") == before  # a preview writes nothing
    # The demo already holds some of the sample's numbers: those rows are reported by row and
    # column, and the user may import the others, explicitly leaving those out.
    report = " ".join(t.value for t in at.text)
    taken = report.count("编号已存在于系统中")
    assert taken > 0
    submit = at.button(key="cases-import-submit")
    assert submit.label == texts.IMP_SUBMIT_SKIPPING
    submit.click().run()
    assert not at.exception
    assert any(f"已导入 {40 - taken} 件" in s.value for s in at.success), [
        s.value for s in at.success
    ]
    with Session(make_engine(app_db)) as session:
        imported = session.exec(select(AuditLog).where(AuditLog.action == "import")).all()
    assert len(imported) == 1 and imported[0].username == "coordinator"


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(app_as, app_db) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.get("file_uploader")[0].set_value(("ledger.xlsx", b"not a workbook at all", XLSX))
    at.run()
    at.button(key="cases-import-preview").click().run()
    assert [e.value for e in at.error]
    assert not [b for b in at.button if b.key == "cases-import-submit"]


def test_a_column_the_app_cannot_name_can_be_chosen_by_the_user(app_as, app_db, tmp_path) -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["编号", "发现时间", "所属村（社区）", "纠纷类型", "纠纷简要情况", "当事人", "化解情况"]
    )
    sheet.append(
        ["", "2026-03-02", "东河村", "邻里纠纷", "两户因排水发生争执。", "甲某、乙某", "调处中"]
    )
    data = io.BytesIO()
    book.save(data)
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.get("file_uploader")[0].set_value(("odd.xlsx", data.getvalue(), XLSX))
    at.run()
    at.button(key="cases-import-preview").click().run()
    assert any("排查日期" in t.value and "缺少此列" in t.value for t in at.text)
    at.selectbox(key="cases-import-map-2").select("found_on").run()  # column 2: 发现时间
    at.button(key="cases-import-preview").click().run()
    assert any("错误 0 处" in t.value for t in at.text), [t.value for t in at.text]


def test_another_sheet_of_the_file_can_be_chosen(app_as, app_db) -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本文件第二个工作表是台账"])
    sheet = book.create_sheet("2026年台账")
    sheet.append(["排查日期", "所属村（社区）", "纠纷类型", "纠纷简要情况", "当事人", "化解情况"])
    sheet.append(
        ["2026-03-02", "东河村", "邻里纠纷", "两户因排水发生争执。", "甲某、乙某", "调处中"]
    )
    data = io.BytesIO()
    book.save(data)
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.get("file_uploader")[0].set_value(("two.xlsx", data.getvalue(), XLSX))
    at.run()
    at.button(key="cases-import-preview").click().run()
    at.selectbox(key="cases-import-sheet").select("2026年台账").run()
    at.button(key="cases-import-preview").click().run()
    assert any("2026年台账" in t.value and "错误 0 处" in t.value for t in at.text), [
        t.value for t in at.text
    ]


def test_the_session_keeps_only_the_preview_as_shown_and_drops_it_with_the_file(
    app_as, app_db
) -> None:
    from db.io.imports.plan import ImportPlan
    from db.io.imports.upload import PreviewShown

    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.get("file_uploader")[0].set_value(
        ("ledger_qingshi_2026.xlsx", SAMPLE_LEDGER.read_bytes(), XLSX)
    )
    at.run()
    at.button(key="cases-import-preview").click().run()
    kept = at.session_state["cases-import-plan"]
    assert isinstance(kept, PreviewShown) and not isinstance(kept, ImportPlan)
    assert len(kept.table[texts.IMP_COL_ROW]) == 40
    at.get("file_uploader")[0].set_value(None)
    at.run()
    assert "cases-import-plan" not in at.session_state
    assert not [b for b in at.button if b.key in ("cases-import-submit",)]


def test_an_expanding_workbook_is_refused_on_the_page_with_the_limit_named(
    app_as, app_db, tmp_path
) -> None:
    from tests.db.hostile_files import expanding_workbook

    data = expanding_workbook(tmp_path / "small.xlsx", unpacked_mb=40).read_bytes()
    assert len(data) < 100_000
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.get("file_uploader")[0].set_value(("small.xlsx", data, XLSX))
    at.run()
    at.button(key="cases-import-preview").click().run()
    assert not at.exception
    assert texts.FILE_ZIP_PART_TOO_BIG.format(size="40", max="32") in [e.value for e in at.error]
    assert "cases-import-plan" not in at.session_state


def test_the_preview_lists_every_column_not_imported(app_as, app_db, tmp_path) -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["排查日期", "村（社区）", "纠纷类型", "纠纷简要情况", "当事人", "紧急联络"])
    sheet.append(
        ["2026-03-02", "东河村", "邻里纠纷", "两户因排水发生争执。", "甲某", "13812345678"]
    )
    data = io.BytesIO()
    book.save(data)
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.get("file_uploader")[0].set_value(("extra.xlsx", data.getvalue(), XLSX))
    at.run()
    at.button(key="cases-import-preview").click().run()
    shown = [t.value for t in at.text]
    expected = texts.IMP_NOT_IMPORTED.format(letter="F", name="紧急联络", example="138****5678")
    assert expected in shown, shown
    assert not any("13812345678" in line for line in shown)


def test_another_office_s_headers_are_recognised_and_one_mapping_corrected(app_as, app_db) -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["登记日期", "所在村组", "纠纷类别", "纠纷概况", "当事人姓名", "争议金额", "领导批示"]
    )
    sheet.append(["2026-03-02", "东河村", "邻里纠纷", "两户因排水争执。", "甲某", "3200", "速办"])
    data = io.BytesIO()
    book.save(data)
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.get("file_uploader")[0].set_value(("town_b.xlsx", data.getvalue(), XLSX))
    at.run()
    at.button(key="cases-import-preview").click().run()
    shown = [t.value for t in at.text]
    assert "[对应] B 列「所在村组」→ 所属村（社区）（按列名中的“村”识别）" in shown, shown
    assert "[对应] G 列「领导批示」→ 包案领导（按列名中的“领导”识别）" in shown
    assert at.selectbox(key="cases-import-map-7").value == "lead_leader"
    at.selectbox(key="cases-import-map-7").select("notes").run()
    assert not [b for b in at.button if b.key == "cases-import-submit"]  # preview again first
    assert texts.IMP_PREVIEW_AGAIN in [i.value for i in at.info]
    at.button(key="cases-import-preview").click().run()
    assert "[对应] G 列「领导批示」→ 备注（手动指定）" in [t.value for t in at.text]
    at.button(key="cases-import-submit").click().run()
    assert any("已导入 1 件" in s.value for s in at.success), [s.value for s in at.success]
    with Session(make_engine(app_db)) as session:
        case = session.exec(select(Case).order_by(Case.id.desc())).first()
    assert case.amount_fen == 320_000 and case.lead_leader is None
    assert case.recorded_notes == "速办"


def test_taken_numbers_renumbered_keeping_their_own_and_a_second_run_is_no_success(
    app_as, app_db
) -> None:
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.get("file_uploader")[0].set_value(("ledger.xlsx", SAMPLE_LEDGER.read_bytes(), XLSX))
    at.run()
    at.checkbox(key="cases-import-renumber").check().run()
    at.button(key="cases-import-preview").click().run()
    assert any("错误 0 处" in t.value for t in at.text), [t.value for t in at.text]
    at.button(key="cases-import-submit").click().run()
    assert any("已导入 40 件" in s.value for s in at.success), [s.value for s in at.success]
    with Session(make_engine(app_db)) as session:
        kept = session.exec(select(func.count()).where(Case.original_number.is_not(None))).one()
    assert kept > 0  # the demo's numbers were taken: new ones given, the ledger's kept
    with Session(make_engine(app_db)) as session:
        case_id = session.exec(select(Case.id).where(Case.original_number == "QSZ-2026-0001")).one()
    page = app_as("coordinator")
    page.switch_page("pages/case.py")
    page.query_params["id"] = str(case_id)
    page.run()
    assert not page.exception
    rows = [row for frame in page.dataframe for row in frame.value.values.tolist()]
    assert ["原编号", "QSZ-2026-0001"] in rows  # shown on the case
    at.button(key="cases-import-preview").click().run()
    assert not [b for b in at.button if b.key == "cases-import-submit"]
    assert [w.value for w in at.warning] == [
        texts.IMP_NOTHING.format(reason=texts.IMP_NOTHING_ALL_IN.format(count=40))
    ]
    assert not at.success


def test_a_recorded_responsible_person_is_shown_on_the_case_page(app_as, app_db) -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "排查日期", "村（社区）", "纠纷类型", "纠纷简要情况", "当事人", "责任人"])
    sheet.append(
        ["JL-0001", "2026-03-02", "东河村", "邻里纠纷", "排水争执。", "甲某", "老周（已退休）"]
    )
    data = io.BytesIO()
    book.save(data)
    at = app_as("coordinator")
    at.switch_page("pages/cases.py").run()
    at.get("file_uploader")[0].set_value(("old.xlsx", data.getvalue(), XLSX))
    at.run()
    at.button(key="cases-import-preview").click().run()
    at.button(key="cases-import-submit").click().run()
    assert any("已导入 1 件" in s.value for s in at.success), [s.value for s in at.success]
    with Session(make_engine(app_db)) as session:
        case_id = session.exec(select(Case.id).where(Case.number == "JL-0001")).one()
    page = app_as("coordinator")
    page.switch_page("pages/case.py")
    page.query_params["id"] = str(case_id)
    page.run()
    rows = [row for frame in page.dataframe for row in frame.value.values.tolist()]
    assert [texts.FIELDS["responsible"], "老周（已退休）"] in rows, rows
