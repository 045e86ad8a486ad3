"""Spreadsheet columns of the account and contact lists: headers in Chinese and English, value labels.

The headers are fixed data, not translations: a file exported in either language imports again in
either language (F2). Enumerated values are written as Chinese labels in Chinese files and as codes in
English ones; on import the code, the Chinese label and the English label are all accepted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    field: str
    zh: str
    en: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    export_only: bool = False

    def header(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en


@dataclass(frozen=True)
class Table:
    """A list's columns; ``one_of`` names groups of which at least one column must be present."""

    name: str
    columns: tuple[Column, ...]
    one_of: tuple[tuple[str, ...], ...] = field(default=())

    def by_field(self) -> dict[str, Column]:
        return {c.field: c for c in self.columns}


STATUS_LABELS = {
    "prospect": ("潜在客户", "Prospect"),
    "developing": ("开发中", "Developing"),
    "active": ("合作中", "Active"),
    "dormant": ("休眠", "Dormant"),
    "terminated": ("已终止", "Terminated"),
}
STANDING_LABELS = {
    "leader": ("龙头", "Industry leader"),
    "major": ("骨干", "Major player"),
    "average": ("一般", "Average"),
    "emerging": ("新兴", "Emerging"),
}
DECISION_ROLE_LABELS = {
    "decision_maker": ("决策者", "Decision maker"),
    "influencer": ("影响者", "Influencer"),
    "buyer": ("采购者", "Buyer"),
    "user": ("使用者", "User"),
    "gatekeeper": ("把关者", "Gatekeeper"),
}
LABELS: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "status": STATUS_LABELS,
    "industry_standing": STANDING_LABELS,
    "decision_role": DECISION_ROLE_LABELS,
}

ACCOUNTS = Table(
    "accounts",
    (
        Column("id", "编号", "ID", export_only=True),
        Column(
            "name", "客户名称", "Name", True, ("名称", "公司名称", "企业名称", "account name", "company name")
        ),
        Column("short_name", "简称", "Short name", aliases=("客户简称",)),
        Column(
            "credit_code",
            "统一社会信用代码",
            "Unified social credit code",
            aliases=("信用代码", "credit code"),
        ),
        Column("industry", "行业", "Industry", aliases=("所属行业",)),
        Column("industry_standing", "业界地位", "Standing in the industry", aliases=("行业地位", "standing")),
        Column("region_code", "行政区划代码", "Region code", aliases=("区划代码", "region")),
        Column("address", "地址", "Address", aliases=("详细地址",)),
        Column("lat", "纬度", "Latitude", aliases=("lat",)),
        Column("lng", "经度", "Longitude", aliases=("lng", "lon")),
        Column("tier", "客户等级", "Tier", aliases=("等级", "客户级别")),
        Column("status", "状态", "Status", aliases=("客户状态",)),
        Column("owner", "客户专人", "Owner", aliases=("负责人", "专人", "owner username")),
        Column("department", "所属部门", "Department", aliases=("部门",)),
        Column("source_channel", "来源渠道", "Source channel", aliases=("渠道", "channel")),
        Column("growth_rate", "增长率(%)", "Growth rate (%)", aliases=("增长率", "growth rate")),
        Column("credit_rating", "信用等级", "Credit rating", aliases=("资信等级", "信用")),
        Column(
            "profit_margin",
            "总利润率(%)",
            "Total profit margin (%)",
            aliases=("利润率", "总利润率", "profit margin"),
        ),
        Column("developed_at", "开发日期", "Developed on", aliases=("developed at", "developed_at")),
        Column("notes", "备注", "Notes", aliases=("说明",)),
    ),
)

CONTACTS = Table(
    "contacts",
    (
        Column("id", "编号", "ID", export_only=True),
        Column(
            "account_credit_code",
            "客户统一社会信用代码",
            "Account credit code",
            aliases=("统一社会信用代码",),
        ),
        Column("account_name", "客户名称", "Account name", aliases=("客户", "account")),
        Column("name", "姓名", "Name", True, ("联系人", "联系人姓名", "contact name", "contact")),
        Column("title", "职务", "Title", aliases=("职位",)),
        Column("decision_role", "决策角色", "Decision role", aliases=("角色",)),
        Column("mobile", "手机", "Mobile", aliases=("手机号", "手机号码", "mobile phone")),
        Column("other_phones", "其他电话", "Other phones", aliases=("电话", "座机")),
        Column("email", "邮箱", "Email", aliases=("电子邮箱", "e-mail")),
        Column("birthday", "生日", "Birthday"),
        Column("preferences", "喜好", "Preferences", aliases=("爱好",)),
        Column("taboos", "习俗与饮食禁忌", "Customs and dietary taboos", aliases=("禁忌", "饮食禁忌")),
    ),
    one_of=(("account_credit_code", "account_name"),),
)

TABLES = {"accounts": ACCOUNTS, "contacts": CONTACTS}
ERRORS_HEADER = "错误说明 / Errors"

_SPACES = re.compile(r"[\s*＊]+")


def header_key(text: object) -> str:
    """Return a header as matched: NFKC, lower case, without spaces or required-field stars."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text or ""))).lower()


def header_map(table: Table) -> dict[str, str]:
    """Return every accepted header spelling → field."""
    mapping: dict[str, str] = {}
    for column in table.columns:
        for spelling in (column.zh, column.en, column.field, *column.aliases):
            mapping.setdefault(header_key(spelling), column.field)
    return mapping


def match_headers(table: Table, headers: Sequence[object]) -> tuple[list[str | None], list[Column]]:
    """Return the field of each header (None for unknown ones) and the required columns missing."""
    mapping = header_map(table)
    fields: list[str | None] = []
    for header in headers:
        found = mapping.get(header_key(header))
        fields.append(found if found not in fields else None)
    present = set(fields)
    by_field = table.by_field()
    missing = [c for c in table.columns if c.required and c.field not in present]
    for group in table.one_of:
        if not present.intersection(group):
            missing.append(by_field[group[0]])
    return fields, missing


def label_for(field_name: str, code: str, language: str) -> str:
    labels = LABELS.get(field_name, {}).get(code)
    if not labels or not language.startswith("zh"):
        return code
    return labels[0]


def code_for(field_name: str, value: str) -> str:
    """Return the code of an enumerated value given as code, Chinese label or English label."""
    wanted = value.strip().lower()
    for code, (zh, en) in LABELS.get(field_name, {}).items():
        if wanted in (code, zh, en.lower()):
            return code
    return value.strip()
