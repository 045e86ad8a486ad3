"""Spreadsheet import and export (F2): headers in either language, row errors, valid-only imports,
refused files, formula escaping, and the demo accounts' export importing back unchanged."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from kam.accounts import exports, rules, selectors, spreadsheets
from kam.accounts.models import (
    Account,
    AccountOwnership,
    Contact,
    ContractAttachment,
    Deal,
    ImportJob,
    Payment,
    Receivable,
    Reconciliation,
)
from kam.accounts.models import Contract as ContractModel
from kam.accounts.services import import_rows, imports
from kam.core.errors import ApplicationError
from tests.factories import UserFactory
from tests.factories_accounts import AccountFactory, ContactFactory, credit_code

pytestmark = pytest.mark.django_db

ZH = [
    "客户名称",
    "统一社会信用代码",
    "客户专人",
    "所属部门",
    "状态",
    "客户等级",
    "开发日期",
    "增长率(%)",
    "备注",
]
EN = [
    "Name*",
    "unified social credit code",
    "OWNER",
    "Department",
    "Status",
    "Tier",
    "Developed on",
    "Growth rate (%)",
    "Notes",
]


def workbook(
    tmp_path: Path, headers: Sequence[Any], rows: Sequence[Sequence[Any]], merge: str | None = None
) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    path = tmp_path / "upload.xlsx"
    book.save(path)
    return path


def rows_of(response: Any) -> list[list[Any]]:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


# Importing accounts -------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [ZH, EN], ids=["chinese", "english"])
def test_accounts_import_with_chinese_or_english_headers(
    org: dict[str, Any], tmp_path: Path, headers: list[str]
) -> None:
    codes = [credit_code() for _ in range(3)]
    path = workbook(
        tmp_path,
        headers,
        [
            [
                "华夏集团有限公司",
                codes[0],
                "spec1",
                "大客户一部",
                "合作中",
                "A",
                date(2025, 6, 1),
                12.5,
                "-重点客户",
            ],
            ["杭州恒达建设有限公司", codes[1].lower(), "spec2", "", "Active", "b", None, "", "'=SUM(A1)"],
            ["浙江万向物流股份有限公司", codes[2], "", "大客户一部", "prospect", "", None, None, None],
        ],
    )
    result, created = imports.import_file(actor=org["manager1"], kind="accounts", path=path)
    assert (result.total, result.valid, result.error_count, created) == (3, 3, 0, 3)
    first, second, third = (Account.objects.get(credit_code=c) for c in codes)
    assert (first.owner, first.status, first.tier_id, first.developed_at, first.notes) == (
        org["spec1"],
        "active",
        "A",
        date(2025, 6, 1),
        "-重点客户",
    )
    assert str(first.growth_rate) == "12.50"
    assert (second.owner, second.department, second.tier_id, second.notes) == (
        org["spec2"],
        org["ka1"],
        "B",
        "=SUM(A1)",
    )
    assert second.developed_at is not None  # active without a date: developed today
    assert (third.owner, third.department, third.status, third.tier_id) == (None, org["ka1"], "prospect", "C")
    assert first.search_initials.startswith("hxjt")
    assert first.history.get().history_change_reason == "imported"
    assert first.history.get().history_user == org["manager1"]
    assert AccountOwnership.objects.filter(kind="imported").count() == 2


def test_every_row_is_checked_and_nothing_is_written_while_any_fails(
    org: dict[str, Any], accounts: dict[str, Any], tmp_path: Path
) -> None:
    code = credit_code()
    path = workbook(
        tmp_path,
        ZH,
        [
            ["好客户甲", code, "spec1", "", "合作中", "A", None, None, None],
            ["坏代码客户", "91350100M000100Y44", "spec1", "", "", "", None, None, None],
            ["", credit_code(), "spec1", "", "", "", None, None, None],
            ["重复代码客户", code, "spec1", "", "", "", None, None, None],
            ["已存在代码客户", accounts["a3"].credit_code, "nobody", "", "vip", "Z", None, "abc", None],
            ["华夏集团", credit_code(), "spec3", "", "", "", None, None, None],
            ["好客户乙", credit_code(), "", "", "", "", None, None, None],
        ],
    )
    with translation.override("en"):
        result, created = imports.import_file(actor=org["manager1"], kind="accounts", path=path)
    assert created == 0
    assert Account.objects.count() == 5
    assert (result.total, result.valid, result.error_count) == (7, 2, 5)
    problems = {(e["row"], e["column"]) for e in result.errors}
    assert {(3, "统一社会信用代码"), (4, "客户名称"), (5, "统一社会信用代码")} <= problems
    assert {
        (6, "统一社会信用代码"),
        (6, "客户专人"),
        (6, "状态"),
        (6, "客户等级"),
        (6, "增长率(%)"),
    } <= problems
    assert (7, "客户专人") in problems  # a manager of ka1 cannot give an account to ka2's specialist
    messages = {e["row"]: e["message"] for e in result.errors if e["column"] == "统一社会信用代码"}
    assert messages[5] == import_rows.CODE_REPEATED.format(row=2)
    assert messages[6] == import_rows.CODE_EXISTS.format(name=accounts["a3"].name, id=accounts["a3"].pk)


def test_import_only_the_valid_rows(org: dict[str, Any], accounts: dict[str, Any], tmp_path: Path) -> None:
    good = credit_code()
    path = workbook(
        tmp_path,
        ZH,
        [
            ["好客户", good, "spec1", "", "", "", None, None, None],
            ["坏客户", "123", "spec1", "", "", "", None, None, None],
        ],
    )
    result, created = imports.import_file(actor=org["manager1"], kind="accounts", path=path, valid_only=True)
    assert (created, result.error_count) == (1, 1)
    assert Account.objects.filter(credit_code=good).exists()
    assert not Account.objects.filter(name="坏客户").exists()


def test_near_duplicate_names_are_warnings_not_errors(
    org: dict[str, Any], accounts: dict[str, Any], tmp_path: Path
) -> None:
    path = workbook(
        tmp_path, ZH, [["华夏集团股份有限公司", credit_code(), "spec1", "", "", "", None, None, None]]
    )
    with translation.override("zh-hans"):
        checked = imports.check_file(actor=org["spec1"], kind="accounts", path=path)
    assert checked.warnings[0]["message"] == f"已存在相近的名称：华夏集团有限公司（#{accounts['a1'].pk}）。"
    with translation.override("en"):
        result, created = imports.import_file(actor=org["spec1"], kind="accounts", path=path)
    assert created == 1
    assert result.warnings[0]["message"] == import_rows.NAME_SIMILAR.format(
        name="华夏集团有限公司", id=accounts["a1"].pk
    )


def test_a_specialist_imports_own_accounts_only(org: dict[str, Any], tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        ZH,
        [
            ["自己的客户", credit_code(), "", "", "", "", None, None, None],
            ["同事的客户", credit_code(), "spec2", "", "", "", None, None, None],
        ],
    )
    with translation.override("en"):
        result, created = imports.import_file(actor=org["spec1"], kind="accounts", path=path, valid_only=True)
    assert created == 1
    assert Account.objects.get().owner == org["spec1"]
    assert result.errors[0]["message"] == import_rows.NOT_YOUR_PLACEMENT


def test_posts_that_do_not_write_accounts_cannot_import(org: dict[str, Any], tmp_path: Path) -> None:
    inspector = UserFactory(posts=["inspector"])
    path = workbook(tmp_path, ZH, [["客户", "", "", "", "", "", None, None, None]])
    with pytest.raises(ApplicationError) as caught:
        imports.import_file(actor=inspector, kind="accounts", path=path)
    assert caught.value.status == 403


# Refused files ------------------------------------------------------------------------------------


def test_missing_required_columns_are_named(org: dict[str, Any], tmp_path: Path) -> None:
    path = workbook(tmp_path, ["简称", "地址"], [["华夏", "杭州"]])
    with pytest.raises(ApplicationError) as caught:
        imports.import_file(actor=org["manager1"], kind="accounts", path=path)
    assert caught.value.message == spreadsheets.MISSING_COLUMNS.format(columns="客户名称 (Name)")
    assert caught.value.field == "file"


def test_contacts_need_an_account_column(org: dict[str, Any], tmp_path: Path) -> None:
    path = workbook(tmp_path, ["姓名", "手机"], [["王总", "13900001111"]])
    with pytest.raises(ApplicationError, match="客户统一社会信用代码"):
        imports.import_file(actor=org["manager1"], kind="contacts", path=path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a spreadsheet at all", spreadsheets.NOT_XLSX),
        (b"", spreadsheets.NOT_XLSX),
        ("zip-without-workbook", spreadsheets.NOT_XLSX),
        ("truncated", spreadsheets.CORRUPT),
        ("broken-sheet", spreadsheets.CORRUPT),
    ],
)
def test_corrupt_files_are_refused(org: dict[str, Any], tmp_path: Path, content: Any, message: str) -> None:
    path = tmp_path / "upload.xlsx"
    if content == "zip-without-workbook":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
    elif content == "truncated":
        good = workbook(tmp_path, ZH, [["客户", "", "", "", "", "", None, None, None]] * 50)
        data = good.read_bytes()
        path.write_bytes(data[: len(data) - 300])
    elif content == "broken-sheet":
        good = workbook(tmp_path, ZH, [["客户", "", "", "", "", "", None, None, None]])
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(tmp_path / "b.xlsx", "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                target.writestr(
                    item,
                    b"<worksheet><sheetData><row>" if item.filename.startswith("xl/worksheets/") else data,
                )
        path = tmp_path / "b.xlsx"
    else:
        path.write_bytes(content)
    with pytest.raises(ApplicationError) as caught:
        imports.import_file(actor=org["manager1"], kind="accounts", path=path)
    assert caught.value.message == message
    assert not Account.all_objects.exists()


def test_merged_cells_are_refused(org: dict[str, Any], tmp_path: Path) -> None:
    path = workbook(tmp_path, ZH, [["客户甲", "", "spec1"], ["客户乙", "", "spec1"]], merge="C2:C3")
    with pytest.raises(ApplicationError) as caught:
        imports.import_file(actor=org["manager1"], kind="accounts", path=path)
    assert caught.value.message == spreadsheets.MERGED_CELLS.format(cells="C2:C3")


def test_more_rows_than_the_limit_are_refused(
    org: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 5)
    rows = [[f"客户{n}", "", "spec1"] for n in range(6)]
    with pytest.raises(ApplicationError) as caught:
        imports.import_file(actor=org["manager1"], kind="accounts", path=workbook(tmp_path, ZH[:3], rows))
    assert caught.value.message == spreadsheets.TOO_MANY_ROWS.format(limit=5)
    assert not Account.all_objects.exists()
    _, created = imports.import_file(
        actor=org["manager1"], kind="accounts", path=workbook(tmp_path, ZH[:3], rows[:5])
    )
    assert created == 5


def test_the_documented_limit_is_100000_rows() -> None:
    assert spreadsheets.MAX_ROWS == 100_000
    assert spreadsheets.TOO_MANY_ROWS.format(limit=spreadsheets.MAX_ROWS).startswith(
        "The sheet has more than 100,000"
    )


def test_files_over_the_size_limit_are_refused(org: dict[str, Any], tmp_path: Path, settings: Any) -> None:
    settings.KAM_IMPORT_MAX_BYTES = 1000
    path = workbook(tmp_path, ZH, [[f"客户{n}", credit_code()] for n in range(200)])
    with pytest.raises(ApplicationError, match="too large"):
        imports.import_file(actor=org["manager1"], kind="accounts", path=path)


# Contacts -----------------------------------------------------------------------------------------


def test_contacts_import_by_credit_code_or_name(
    org: dict[str, Any], accounts: dict[str, Any], tmp_path: Path
) -> None:
    headers = [
        "客户统一社会信用代码",
        "客户名称",
        "姓名",
        "职务",
        "决策角色",
        "手机",
        "生日",
        "习俗与饮食禁忌",
    ]
    path = workbook(
        tmp_path,
        headers,
        [
            [
                accounts["a1"].credit_code,
                "",
                "王总",
                "总经理",
                "决策者",
                13900001111,
                date(1975, 3, 8),
                "清真饮食",
            ],
            ["", "杭州恒达建设有限公司", "李经理", "采购经理", "buyer", "+86 138 0000 2222", None, ""],
            ["", "浙江万向物流股份有限公司", "看不见", "", "", "", None, ""],
            [accounts["a1"].credit_code, "", "坏手机", "", "", "12345", None, ""],
        ],
    )
    with translation.override("en"):
        result, created = imports.import_file(
            actor=org["manager1"], kind="contacts", path=path, valid_only=True
        )
    assert (created, result.error_count) == (2, 2)
    wang = Contact.objects.get(name="王总")
    assert (wang.account, wang.decision_role, wang.mobile, wang.birthday, wang.taboos) == (
        accounts["a1"],
        "decision_maker",
        "13900001111",
        date(1975, 3, 8),
        "清真饮食",
    )
    assert Contact.objects.get(name="李经理").mobile == "13800002222"
    by_row = {e["row"]: (e["column"], e["message"]) for e in result.errors}
    assert by_row[4][0] == "客户名称"
    assert by_row[5] == ("手机", "Not a mainland China mobile number (11 digits starting with 13–19).")


# Exports ------------------------------------------------------------------------------------------


def test_exports_escape_formula_cells(org: dict[str, Any]) -> None:
    AccountFactory(owner=org["spec1"], name="+86 华夏", notes='=HYPERLINK("http://evil")', short_name="@x")
    rows = selectors.account_list(viewer=org["spec1"])
    with translation.override("en"):
        sheet = rows_of(exports.export("accounts", rows, "xlsx"))
        csv_text = b"".join(exports.export("accounts", rows, "csv").streaming_content).decode("utf-8-sig")
    header, row = sheet[0], sheet[1]
    record = dict(zip(header, row, strict=True))
    assert (record["Name"], record["Short name"], record["Notes"]) == (
        "'+86 华夏",
        "'@x",
        '\'=HYPERLINK("http://evil")',
    )
    assert "'+86 华夏" in csv_text and "'=HYPERLINK" in csv_text
    assert ",=HYPERLINK" not in csv_text


def test_csv_export_streams_every_row(org: dict[str, Any]) -> None:
    for _ in range(5):
        AccountFactory(owner=org["spec1"])
    response = exports.export("accounts", selectors.account_list(viewer=org["spec1"]), "csv")
    assert response.streaming
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 6


def _wipe_accounts() -> None:
    for model in (
        Deal,
        Payment,
        Reconciliation,
        Receivable,
        ContractAttachment,
        ContractModel,
        Contact,
        AccountOwnership,
    ):
        model._base_manager.all().delete()
    Account.all_objects.all().delete()


def _body(rows: list[list[Any]]) -> list[list[Any]]:
    return sorted((row[1:] for row in rows[1:]), key=lambda r: (r[2] or "", r[0]))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_demo_accounts_export_imports_back_unchanged(tmp_path: Path, language: str) -> None:
    from kam.accounts.demo import seed_accounts
    from kam.core.demo import DemoContext
    from kam.org.demo import seed_organisation

    ctx = DemoContext(out=io.StringIO())
    seed_organisation(ctx)
    seed_accounts(ctx)
    admin = ctx.data["users"]["admin"]
    with translation.override(language):
        before = rows_of(exports.export("accounts", selectors.account_list(viewer=admin), "xlsx"))
        count = Account.objects.count()
        _wipe_accounts()
        path = tmp_path / "demo.xlsx"
        path.write_bytes(
            b"".join(exports.export("accounts", Account.objects.none(), "xlsx").streaming_content)
        )
        book = Workbook()
        for row in before:
            book.active.append(row)
        book.save(path)
        result, created = imports.import_file(actor=admin, kind="accounts", path=path)
        after = rows_of(exports.export("accounts", selectors.account_list(viewer=admin), "xlsx"))
    assert (result.error_count, created) == (0, count)
    assert count > 300
    assert before[0] == after[0]
    assert _body(before) == _body(after)


def test_round_trip_of_our_own_xlsx_file(org: dict[str, Any], tmp_path: Path) -> None:
    """The file exactly as exported (openpyxl write-only, inline strings) imports again."""
    AccountFactory(owner=org["spec1"], name="杭州云栖科技有限公司", notes="-重点跟进")
    response = exports.export("accounts", selectors.account_list(viewer=org["spec1"]), "xlsx")
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    _wipe_accounts()
    result, created = imports.import_file(actor=org["spec1"], kind="accounts", path=path)
    assert (created, result.error_count) == (1, 0)
    assert Account.objects.get().notes == "-重点跟进"


# The import pages' job flow -----------------------------------------------------------------------


def test_the_import_pages_check_report_and_import_valid_rows(
    client: Any, org: dict[str, Any], tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    good = credit_code()
    path = workbook(
        tmp_path,
        ZH,
        [
            ["好客户", good, "spec1", "", "", "", None, None, None],
            ["坏客户", "123", "spec1", "", "", "", None, None, None],
        ],
    )
    client.force_login(org["manager1"])
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as upload:
        response = client.post("/accounts/import/", {"kind": "accounts", "file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and str(job.pk) in response["Location"]
    assert (job.status, job.total_rows, job.valid_rows, job.error_rows) == ("checked", 2, 1, 1)
    assert not Account.objects.exists()
    page = client.get(f"/accounts/import/{job.pk}/").content.decode()
    assert "import-errors" in page and "坏客户" not in page and "统一社会信用代码为 18 位。" in page
    report = client.get(f"/accounts/import/{job.pk}/report/")
    rows = rows_of(report)
    assert rows[0][-1] == "错误说明 / Errors" and rows[1][0] == "坏客户"
    assert rows[1][-1] == "统一社会信用代码: 统一社会信用代码为 18 位。"
    assert client.post(f"/accounts/import/{job.pk}/confirm/").status_code == 302
    job.refresh_from_db()
    assert job.status == "checked"  # importing everything was refused: some rows have errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/accounts/import/{job.pk}/confirm/", {"valid_only": "1"})
    job.refresh_from_db()
    assert (job.status, job.created_rows) == ("done", 1)
    assert Account.objects.get().credit_code == good
    assert "已导入 1 行。" in client.get(f"/accounts/import/{job.pk}/").content.decode()


def test_a_refused_file_is_shown_with_its_message(
    client: Any, org: dict[str, Any], tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    path = workbook(tmp_path, ["简称"], [["华夏"]])
    client.force_login(org["manager1"])
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as upload:
        client.post("/accounts/import/", {"kind": "accounts", "file": upload})
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert job.message == "缺少必需的列：客户名称 (Name)。"
    assert job.message in client.get(f"/accounts/import/{job.pk}/").content.decode()
    assert client.get(f"/accounts/import/{job.pk}/", headers={"HX-Request": "true"}).status_code == 200


def test_uploading_a_non_xlsx_is_refused_on_the_form(client: Any, org: dict[str, Any]) -> None:
    client.force_login(org["manager1"])
    upload = io.BytesIO(b"a,b\n1,2\n")
    upload.name = "accounts.ods"
    response = client.post("/accounts/import/", {"kind": "accounts", "file": upload})
    assert response.status_code == 200
    assert "只能导入 .xlsx 工作簿和 .csv 文件。" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_queued_check_stores_the_problems_in_the_uploaders_language(
    org: dict[str, Any], tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    """A worker has no request of its own: the check runs in the language of the upload that queued it,
    not in the worker's default (F4)."""
    path = workbook(tmp_path, ZH, [["坏客户", "123", "spec1", "", "", "", None, None, None]])
    upload = SimpleUploadedFile("upload.xlsx", path.read_bytes())
    with django_capture_on_commit_callbacks() as queued, translation.override("en"):
        imports.import_start(actor=org["manager1"], kind="accounts", upload=upload)
    with translation.override("zh-hans"):
        for callback in queued:
            callback()
    job = ImportJob.objects.get()
    assert job.status == "checked"
    assert [e["message"] for e in job.errors] == [rules.CREDIT_CODE_LENGTH]


def test_imports_through_the_api(
    org: dict[str, Any], api_client: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_client(org["spec1"])
    path = workbook(tmp_path, EN, [["API 客户", credit_code(), "", "", "", "", None, None, None]])
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as upload:
        response = client.client.post(
            "/api/v1/imports/", {"kind": "accounts", "file": upload}, headers=client.headers
        )
    assert response.status_code == 201
    job_id = response.json()["id"]
    assert client.get(f"/api/v1/imports/{job_id}").json()["valid_rows"] == 1
    assert client.get(f"/api/v1/imports/{job_id}/report").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"/api/v1/imports/{job_id}/confirm", {"valid_only": False})
    assert confirmed.status_code == 200
    assert client.get(f"/api/v1/imports/{job_id}").json()["created_rows"] == 1
    assert api_client(org["spec2"]).get(f"/api/v1/imports/{job_id}").status_code == 404


def test_the_template_download_has_the_headers(client: Any, org: dict[str, Any]) -> None:
    client.force_login(org["spec1"])
    with translation.override("en"):
        rows = rows_of(client.get("/accounts/import/template/contacts/", headers={"Accept-Language": "en"}))
    assert "姓名" in rows[0] or "Name" in rows[0]


# CSV imports --------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_accounts_import_from_csv_in_the_encodings_excel_writes(
    org: dict[str, Any], tmp_path: Path, encoding: str
) -> None:
    """A .csv file imports like a workbook: UTF-8 with or without a BOM, or GB18030 (GBK) as Excel saves
    it in China; every row is checked first and a bad row is reported by its number (F2)."""
    good, bad = credit_code(), credit_code()
    wrong = bad[:-1] + ("1" if bad[-1] == "0" else "0")  # another check character: never valid
    text = (
        "客户名称,统一社会信用代码,客户专人,状态,客户等级,开发日期\r\n"
        f"华夏集团有限公司,{good},spec1,合作中,A,2025-06-01\r\n"
        f'"杭州恒达建设有限公司, 滨江",{wrong},spec1,prospect,B,\r\n'
    )
    path = tmp_path / "upload.csv"
    path.write_bytes(text.encode(encoding))
    result, created = imports.import_file(actor=org["manager1"], kind="accounts", path=path)
    assert (result.total, result.valid, result.error_count, created) == (2, 1, 1, 0)
    assert result.errors[0]["row"] == 3 and result.errors[0]["column"] == "统一社会信用代码"
    assert not Account.objects.exists()
    result, created = imports.import_file(actor=org["manager1"], kind="accounts", path=path, valid_only=True)
    account = Account.objects.get()
    assert created == 1 and account.credit_code == good and account.developed_at == date(2025, 6, 1)


def test_a_csv_that_is_not_text_is_refused(org: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(ApplicationError) as refused:
        imports.import_file(actor=org["manager1"], kind="accounts", path=path)
    assert refused.value.message == spreadsheets.NOT_CSV and refused.value.field == "file"
    assert not Account.objects.exists()


def test_a_csv_upload_is_checked_through_the_page(
    client: Any, org: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(org["manager1"])
    upload = io.BytesIO(f"客户名称,统一社会信用代码\n华夏集团有限公司,{credit_code()}\n".encode())
    upload.name = "accounts.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/import/", {"kind": "accounts", "file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.file.name.endswith(".csv")
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.valid_rows) == ("checked", 1, 1)


# Contact exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_contact_exports_from_the_pages_escape_formula_cells(
    client: Any, org: dict[str, Any], fmt: str
) -> None:
    """The contacts of one account, or of the list as filtered, download with formulas escaped (F2)."""
    mine = AccountFactory(owner=org["spec1"], name="华夏集团有限公司", status="active")
    other = AccountFactory(owner=org["spec1"], name="恒达建设有限公司", status="prospect")
    hidden = AccountFactory(owner=org["spec2"], name="万向物流有限公司", status="active")
    ContactFactory(account=mine, name="王总", taboos='=HYPERLINK("http://evil")', preferences="-1+1")
    ContactFactory(account=other, name="李经理", preferences="@SUM(A1)")
    ContactFactory(account=hidden, name="赵总")
    client.force_login(org["spec1"])
    client.cookies["django_language"] = "en"

    def download(query: str) -> list[dict[str, Any]]:
        response = client.get(f"/accounts/contacts/export/{fmt}/?{query}")
        assert response.status_code == 200
        data = b"".join(response.streaming_content) if response.streaming else response.content
        if fmt == "xlsx":
            sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
            table = [list(r) for r in sheet.iter_rows(values_only=True)]
        else:
            import csv

            table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        return [dict(zip(table[0], row, strict=True)) for row in table[1:]]

    everything = download("")
    assert sorted(r["Name"] for r in everything) == ["李经理", "王总"]
    boss = next(r for r in everything if r["Name"] == "王总")
    assert boss["Customs and dietary taboos"] == '\'=HYPERLINK("http://evil")'
    assert boss["Preferences"] == "'-1+1"
    assert [r["Name"] for r in download("status=prospect")] == ["李经理"]
    assert download("status=prospect")[0]["Preferences"] == "'@SUM(A1)"
    assert [r["Name"] for r in download(f"account_id={mine.pk}")] == ["王总"]
    assert download(f"account_id={hidden.pk}") == []
    assert client.get("/accounts/contacts/export/pdf/").status_code == 404


def test_the_360_page_offers_the_contacts_export(client: Any, org: dict[str, Any]) -> None:
    account = AccountFactory(owner=org["spec1"])
    client.force_login(org["spec1"])
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert f"/accounts/contacts/export/xlsx/?account_id={account.pk}" in page
    assert "/accounts/contacts/export/csv/" in client.get("/accounts/").content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_round_trip_of_our_own_csv_file(org: dict[str, Any], tmp_path: Path, language: str) -> None:
    """A .csv export imports back to the same accounts: escaped formulas, dates, labels, owners (F2)."""
    AccountFactory(
        owner=org["spec1"],
        name="杭州云栖科技有限公司",
        short_name="云栖",
        notes="=重点跟进",
        status="active",
        developed_at=date(2025, 3, 9),
        tier_id="A",
    )
    AccountFactory(owner=org["spec1"], name="浙江恒达建设有限公司", notes="@总部", status="dormant")
    admin = UserFactory(posts=["admin"])
    with translation.override(language):
        response = exports.export("accounts", selectors.account_list(viewer=admin), "csv")
        data = b"".join(response.streaming_content)
        before = exports.export("accounts", selectors.account_list(viewer=admin), "xlsx")
        before_rows = rows_of(before)
        path = tmp_path / "export.csv"
        path.write_bytes(data)
        _wipe_accounts()
        result, created = imports.import_file(actor=admin, kind="accounts", path=path)
        after_rows = rows_of(exports.export("accounts", selectors.account_list(viewer=admin), "xlsx"))
    assert (created, result.error_count) == (2, 0)
    assert _body(before_rows) == _body(after_rows)
    assert Account.objects.get(name="杭州云栖科技有限公司").notes == "=重点跟进"
