"""Writes of the playbook: one function per use case, each in one transaction with its permission check.

Split by role: ``content`` (topic versions, the listening test), ``library`` (products, collateral,
uploads), ``kits`` (pre-visit kits, Franklin sheets), ``training`` (courses, sessions, attendance).
"""

from kam.playbook.services.content import listening_submit, topic_version_create
from kam.playbook.services.kits import franklin_create, franklin_update, kit_item_update, kit_prepare
from kam.playbook.services.library import (
    collateral_attach,
    collateral_create,
    collateral_update,
    max_upload_bytes,
    product_create,
    product_delete,
    product_update,
)
from kam.playbook.services.training import attendance_record, course_create, session_create

__all__ = [
    "attendance_record",
    "collateral_attach",
    "collateral_create",
    "collateral_update",
    "course_create",
    "franklin_create",
    "franklin_update",
    "kit_item_update",
    "kit_prepare",
    "listening_submit",
    "max_upload_bytes",
    "product_create",
    "product_delete",
    "product_update",
    "session_create",
    "topic_version_create",
]
