"""Checks of uploaded collateral files (E1) as pure functions: file names, size, extensions and
content signatures. No I/O: the caller passes the name, the size and the first bytes."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext_noop

from kam.playbook.rules import Message

FILE_NAME_BAD = gettext_noop("The file name may not contain path characters (/ \\ ..) or control characters.")
FILE_NAME_EMPTY = gettext_noop("The file has no name.")
FILE_NAME_LONG = gettext_noop("The file name is too long (at most 150 characters).")
FILE_EMPTY = gettext_noop("The file is empty.")
FILE_TOO_LARGE = gettext_noop("The file is too large (at most {mb} MB).")
FILE_TYPE_NOT_ALLOWED = gettext_noop("Files of this type are not accepted; allowed: {allowed}.")
FILE_CONTENT_MISMATCH = gettext_noop("The file's content is not a .{ext} file.")

# Extension → (content family, content type). The content is sniffed, the extension is not trusted.
ALLOWED_FILES: Mapping[str, tuple[str, str]] = {
    "pdf": ("pdf", "application/pdf"),
    "png": ("png", "image/png"),
    "jpg": ("jpeg", "image/jpeg"),
    "jpeg": ("jpeg", "image/jpeg"),
    "gif": ("gif", "image/gif"),
    "webp": ("webp", "image/webp"),
    "mp4": ("isobmff", "video/mp4"),
    "mov": ("isobmff", "video/quicktime"),
    "pptx": ("zip", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "docx": ("zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt": ("ole", "application/vnd.ms-powerpoint"),
    "doc": ("ole", "application/msword"),
    "xls": ("ole", "application/vnd.ms-excel"),
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def sniff(head: bytes) -> str | None:
    """Return the content family the first bytes of a file show, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return "isobmff"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return None


def file_name_problem(name: str) -> str | None:
    """Refuse names that could climb out of a folder or hide characters (the stored name is ours)."""
    if not name or not name.strip():
        return FILE_NAME_EMPTY
    if "/" in name or "\\" in name or ".." in name or _CONTROL.search(name) or name.strip() in {".", ".."}:
        return FILE_NAME_BAD
    if len(name) > 150:
        return FILE_NAME_LONG
    return None


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def upload_problem(*, name: str, size: int, head: bytes, max_bytes: int) -> tuple[str, str] | None:
    """Return (field, message) for an upload that must be refused, or None; the checks run cheap first."""
    problem = file_name_problem(name)
    if problem:
        return "file", problem
    if size <= 0:
        return "file", FILE_EMPTY
    if size > max_bytes:
        return "file", Message(FILE_TOO_LARGE, mb=round(max_bytes / 2**20, 1))
    ext = extension_of(name)
    if ext not in ALLOWED_FILES:
        return "file", Message(FILE_TYPE_NOT_ALLOWED, allowed=", ".join(sorted(ALLOWED_FILES)))
    if sniff(head) != ALLOWED_FILES[ext][0]:
        return "file", Message(FILE_CONTENT_MISMATCH, ext=ext)
    return None
