"""The demo company's playbook data: products and collateral with files, listening-test results over
time for the staff who take calls or visit, a course with sessions and attendance, a pre-visit kit and
a Franklin sheet (A2f, D9-test, E1)."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kam.core import clock
from kam.core.demo import DemoContext
from kam.playbook import rules, selectors, services
from kam.playbook.models import AttendanceStatus

# name, product type, model, specification, lowest price, highest price
PRODUCTS = [
    ("华信 HX-5P 商用柜式空调", "商用空调", "HX-5P", "制冷量 12 kW;一级能效;380 V", "16800", "19800"),
    ("华信 HX-MRV 多联机", "商用空调", "HX-MRV-20", "制冷量 56 kW;可带 12 台室内机", "98000", "126000"),
    ("华信 AP-800 空气净化器", "空气净化设备", "AP-800", "CADR 800 m³/h;适用 90 m²", "5200", "6800"),
    ("华信 FA-2000 新风系统", "空气净化设备", "FA-2000", "风量 2000 m³/h;全热交换", "23000", "31000"),
    ("华信 SL-Panel 智能照明面板", "智能照明", "SL-P4", "四路调光;支持场景联动", "680", "980"),
    ("华信 SL-Gateway 照明网关", "智能照明", "SL-GW", "最多接入 256 个节点", "2600", "3200"),
]
STAFF = [
    "zhangwei",
    "liuyang",
    "chenxi",
    "yangfan",
    "huanglei",
    "zhaomin",
    "wujing",
    "sunhao",
    "xuli",
    "guoyan",
]


def pdf_bytes(title: str) -> bytes:
    """A tiny valid PDF (one empty page) standing in for a brochure."""
    body = (
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        f"% {title.encode('unicode_escape').decode()}\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return body.encode("ascii")


def png_bytes(red: int, green: int, blue: int) -> bytes:
    """A 1×1 PNG of one colour standing in for a product photo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, green, blue]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def seed_library(ctx: DemoContext) -> None:
    manager = ctx.data["users"]["liming"]
    products = []
    for name, product_type, model, spec, low, high in PRODUCTS:
        products.append(
            services.product_create(
                actor=manager,
                name=name,
                product_type=product_type,
                model_number=model,
                specification=spec,
                price_min=Decimal(low),
                price_max=Decimal(high),
            )
        )
    for index, product in enumerate(products):
        services.collateral_create(
            actor=manager, kind="sample", title=f"{product.model_number} 样机", product_ids=[product.pk]
        )
        services.collateral_create(
            actor=manager,
            kind="brochure",
            title=f"{product.name} 产品彩页",
            product_ids=[product.pk],
            upload=SimpleUploadedFile(f"{product.model_number}-brochure.pdf", pdf_bytes(product.name)),
        )
        services.collateral_create(
            actor=manager,
            kind="photo",
            title=f"{product.name} 实拍照片",
            product_ids=[product.pk],
            upload=SimpleUploadedFile(f"{product.model_number}.png", png_bytes(40 * index, 120, 200)),
        )
        ctx.progress(index + 1, len(products))
    for product_type in sorted({p.product_type for p in products}):
        services.collateral_create(
            actor=manager, kind="catalogue", title=f"{product_type} 产品目录", product_type=product_type
        )
        services.collateral_create(
            actor=manager, kind="manual", title=f"{product_type} 使用说明书", product_type=product_type
        )
    services.collateral_create(
        actor=manager, kind="certificate", title="ISO 9001 质量管理体系认证证书", product_type="商用空调"
    )
    services.collateral_create(
        actor=manager, kind="award", title="浙江省名牌产品证书", product_type="空气净化设备"
    )
    services.collateral_create(
        actor=manager, kind="slides", title="智能照明场景演示幻灯片", product_type="智能照明"
    )
    ctx.data["playbook_products"] = products


def _answers(ctx: DemoContext, level: float) -> list[int]:
    """Answers around ``level`` (1–5); question 6 is answered the other way round, as people do."""
    answers = []
    for number in range(1, rules.QUESTION_COUNT + 1):
        value = round(min(5.0, max(1.0, ctx.rng.gauss(level, 0.8))))
        answers.append(6 - value if number in rules.REVERSED_QUESTIONS else value)
    return answers


def seed_listening(ctx: DemoContext) -> None:
    users = ctx.data["users"]
    now = clock.now()
    for index, username in enumerate(STAFF):
        level = ctx.rng.uniform(2.8, 4.2)
        sittings = ctx.rng.randint(2, 4)
        for sitting in range(sittings):
            taken_at = now - timedelta(days=30 * (sittings - sitting) * 2 - ctx.rng.randint(0, 10))
            services.listening_submit(
                actor=users[username], answers=_answers(ctx, level + 0.25 * sitting), taken_at=taken_at
            )
        ctx.progress(index + 1, len(STAFF))


def seed_training(ctx: DemoContext) -> None:
    users = ctx.data["users"]
    manager = users["liming"]
    now = clock.now()
    course = services.course_create(
        actor=manager,
        title="电话礼仪与有效聆听",
        description="接听、拨打电话的流程,电话礼仪,聆听的五个层次和有效聆听的技巧。",
        topic_slugs=["call-flow", "phone-etiquette", "listening-levels", "listening-techniques"],
    )
    for week in (6, 2):
        session = services.session_create(
            actor=manager,
            course=course,
            starts_at=now - timedelta(weeks=week),
            place="一部会议室",
            trainer="李明",
        )
        for username in ("zhangwei", "liuyang", "chenxi", "yangfan"):
            present = ctx.rng.random() > 0.15
            services.attendance_record(
                actor=manager,
                session=session,
                trainee=users[username],
                status=AttendanceStatus.PRESENT if present else AttendanceStatus.EXCUSED,
                score=Decimal(ctx.rng.randint(70, 98)) if present else None,
            )
    services.course_create(
        actor=manager,
        title="产品介绍与助销装备",
        description="故事法、例证法、数据法、比喻法、富兰克林法;样品与产品目录、说明书的核对。",
        topic_slugs=["product-presentation", "sales-kit"],
    )


def _account_of(ctx: DemoContext, owner: Any) -> int | None:
    for account in ctx.data.get("accounts") or []:
        if getattr(account, "owner_id", None) == owner.pk:
            return int(account.pk)
    return None


def _seed_appointment_kit(specialist: Any) -> None:
    """A kit for the specialist's next booked appointment: its account, date and demanded types (E1)."""
    from django.apps import apps

    if not apps.is_installed("kam.visits"):
        return
    from kam.visits.models import Appointment

    appointment = (
        Appointment.objects.filter(user=specialist, starts_at__gte=clock.now(), cancelled_at__isnull=True)
        .order_by("starts_at")
        .first()
    )
    if appointment is None:
        return
    demanded = selectors.demanded_product_types(appointment.account_id)
    services.kit_prepare(
        actor=specialist,
        appointment_id=appointment.pk,
        product_types=[] if demanded else ["商用空调"],
        note="预约拜访前准备",
    )


def seed_kit(ctx: DemoContext) -> None:
    """A kit for the next visit of a demo specialist, and a Franklin sheet for the proposal (E1)."""
    specialist = ctx.data["users"]["zhangwei"]
    account_id = _account_of(ctx, specialist)
    kit = services.kit_prepare(
        actor=specialist,
        product_types=["商用空调", "空气净化设备"],
        account_id=account_id,
        visit_on=clock.local_today() + timedelta(days=1),
        note="带上节能测算表",
    )
    first = kit.items.order_by("order").first()
    if first is not None:
        services.kit_item_update(actor=specialist, kit=kit, item_id=first.pk, packed=True)
    _seed_appointment_kit(specialist)
    services.franklin_create(
        actor=specialist,
        title="办公楼空调与新风改造方案",
        customer="恒达科技",
        account_id=account_id,
        product_id=ctx.data["playbook_products"][1].pk,
        gains=[
            {"text": "多联机一级能效,每年电费约省 30%", "weight": 5},
            {"text": "新风全热交换,室内空气质量达标", "weight": 4},
            {"text": "三年整机保修,24 小时上门服务", "weight": 3},
        ],
        losses=[
            {"text": "旧机组故障率高,夏季停机影响办公", "weight": 5},
            {"text": "下季度起政府节能补贴退坡", "weight": 3},
        ],
    )


def seed_playbook(ctx: DemoContext) -> None:
    seed_library(ctx)
    seed_listening(ctx)
    seed_training(ctx)
    seed_kit(ctx)


STEPS = [(90, "Playbook: library, listening tests, training, a pre-visit kit", seed_playbook)]
