"""The pure checks of uploaded files (E1): names, size, extension and content signature."""

from __future__ import annotations

import pytest

from kam.playbook import uploads

PDF = b"%PDF-1.4 rest"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


@pytest.mark.parametrize(
    ("name", "size", "head", "expected"),
    [
        ("brochure.pdf", 100, PDF, None),
        ("photo.PNG", 100, PNG, None),
        ("clip.mp4", 100, b"\x00\x00\x00\x18ftypmp42", None),
        ("deck.pptx", 100, b"PK\x03\x04rest", None),
        ("../etc/passwd.pdf", 100, PDF, ("file", uploads.FILE_NAME_BAD)),
        ("a\\b.pdf", 100, PDF, ("file", uploads.FILE_NAME_BAD)),
        ("nul\x00.pdf", 100, PDF, ("file", uploads.FILE_NAME_BAD)),
        ("", 100, PDF, ("file", uploads.FILE_NAME_EMPTY)),
        ("x" * 151 + ".pdf", 100, PDF, ("file", uploads.FILE_NAME_LONG)),
        ("empty.pdf", 0, b"", ("file", uploads.FILE_EMPTY)),
        ("big.pdf", 2 * 2**20 + 1, PDF, ("file", uploads.FILE_TOO_LARGE.format(mb=2.0))),
        (
            "script.exe",
            100,
            b"MZ",
            ("file", uploads.FILE_TYPE_NOT_ALLOWED.format(allowed=", ".join(sorted(uploads.ALLOWED_FILES)))),
        ),
        (
            "noextension",
            100,
            PDF,
            ("file", uploads.FILE_TYPE_NOT_ALLOWED.format(allowed=", ".join(sorted(uploads.ALLOWED_FILES)))),
        ),
        ("fake.pdf", 100, b"<html><script>", ("file", uploads.FILE_CONTENT_MISMATCH.format(ext="pdf"))),
        ("fake.png", 100, PDF, ("file", uploads.FILE_CONTENT_MISMATCH.format(ext="png"))),
    ],
)
def test_uploads_are_checked_by_name_size_extension_and_content(
    name: str, size: int, head: bytes, expected: tuple[str, str] | None
) -> None:
    assert uploads.upload_problem(name=name, size=size, head=head, max_bytes=2 * 2**20) == expected


@pytest.mark.parametrize(
    ("head", "family"),
    [
        (b"GIF89a", "gif"),
        (b"RIFF\x00\x00\x00\x00WEBP", "webp"),
        (b"\xff\xd8\xff\xe0", "jpeg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
        (b"hello", None),
    ],
)
def test_sniffing_recognises_signatures(head: bytes, family: str | None) -> None:
    assert uploads.sniff(head) == family
