"""Objects of the playbook for tests that need one of each (the authorization matrix among them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from kam.playbook import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def playbook_params(*, manager: Any, specialist: Any, trainee: Any) -> dict[str, Any]:
    """Create a product, collateral with a file, a course session, a kit and a Franklin sheet.

    ``manager`` holds ka_manager; ``specialist`` owns the kit and the sheet; ``trainee`` attends.
    """
    product = services.product_create(actor=manager, name="测试空调", product_type="商用空调")
    collateral = services.collateral_create(
        actor=manager,
        kind="brochure",
        title="彩页",
        product_ids=[product.pk],
        upload=SimpleUploadedFile("brochure.pdf", PDF),
    )
    course = services.course_create(actor=manager, title="电话礼仪")
    session = services.session_create(
        actor=manager, course=course, starts_at=datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    )
    services.attendance_record(actor=manager, session=session, trainee=trainee, status="present")
    kit = services.kit_prepare(actor=specialist, product_types=["商用空调"])
    sheet = services.franklin_create(actor=specialist, title="方案", gains=[{"text": "省电", "weight": 3}])
    return {
        "slug": "phone-etiquette",
        "number": 1,
        "code": "script-callback-purchase",
        "product_id": product.pk,
        "collateral_id": collateral.pk,
        "course_id": course.pk,
        "session_id": session.pk,
        "kit_id": kit.pk,
        "item_id": kit.items.first().pk,
        "sheet_id": sheet.pk,
    }


ETIQUETTE_KEYS = (
    "three_rings",
    "greeting",
    "hold",
    "cover",
    "transfer",
    "wrong_number",
    "prepare",
    "hang_up_last",
    "no_mimicking",
)
# A complete new version of the telephone-etiquette topic (every item keeps its key).
ETIQUETTE_VERSION = {
    "title_zh": "电话礼仪",
    "title_en": "Telephone etiquette",
    "items": [{"key": key, "title": {"zh": f"规范 {key}", "en": f"Rule {key}"}} for key in ETIQUETTE_KEYS],
    "note": "test",
}

# Page name → the path parameters it takes from ``playbook_params``.
PAGE_PARAMS = {
    "playbook_topic": ("slug",),
    "playbook_topic_versions": ("slug",),
    "playbook_topic_edit": ("slug",),
    "playbook_script": ("code",),
    "playbook_product": ("product_id",),
    "playbook_collateral_file": ("collateral_id",),
    "playbook_kit": ("kit_id",),
    "playbook_franklin": ("sheet_id",),
    "playbook_course": ("course_id",),
}
