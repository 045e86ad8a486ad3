"""Every refusal the pages can show has its Chinese translation, and is filled in after translating (F4).

The services raise :class:`kam.core.errors.ApplicationError` with an English constant and, where it has
placeholders, ``params``; the pages show ``error.localized()``. These tests read the source: each
constant raised must be translated in a catalogue, with the same placeholders, and no call may format
the constant itself (a formatted message can no longer be looked up in the catalogue).
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import polib  # type: ignore[import-untyped]

from kam.core.errors import ValidationFailed

ROOT = Path(__file__).resolve().parents[2] / "src" / "kam"
ERRORS = {"ApplicationError", "ValidationFailed", "NotFound", "Forbidden", "Conflict"}
MARKERS = {"gettext_noop", "_noop", "N_"}


def _modules() -> list[Path]:
    return [p for p in sorted(ROOT.rglob("*.py")) if "migrations" not in p.parts]


def _text(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) in MARKERS and node.args:
        return _text(node.args[0])
    return None


def _constants() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in _modules():
        for node in ast.parse(path.read_text()).body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                name, text = node.targets[0].id, _text(node.value)
                if name.isupper() and text:
                    found.setdefault(name, set()).add(text)
    return found


def _raised() -> tuple[set[str], list[str]]:
    """Return the messages raised, and the calls that format their message themselves."""
    constants = _constants()
    messages: set[str] = set()
    formatted: list[str] = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name not in ERRORS:
                continue
            first = node.args[0]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if (isinstance(first, ast.Call) and getattr(first.func, "attr", None) == "format") or isinstance(
                first, ast.JoinedStr
            ):
                formatted.append(where)
            elif (text := _text(first)) is not None:
                messages.add(text)
            else:
                key = first.id if isinstance(first, ast.Name) else getattr(first, "attr", "")
                # A local variable names no constant and is skipped; constants are matched by name across
                # modules, so a status code of the same name ("cancelled", one word) is not a message.
                messages.update(text for text in constants.get(key, ()) if " " in text)
    return messages, formatted


def _translations() -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.msgctxt and not entry.obsolete and "fuzzy" not in entry.flags:
                merged.setdefault(entry.msgid, entry.msgstr)
    return merged


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_no_call_formats_its_own_message() -> None:
    _, formatted = _raised()
    assert formatted == [], "pass the values as params=…, not .format() or an f-string"


def test_every_message_raised_has_chinese_with_the_same_placeholders() -> None:
    messages, _ = _raised()
    translations = _translations()
    missing = sorted(m for m in messages if m not in translations)
    assert missing == [], f"{len(missing)} messages without Chinese"
    different = sorted(m for m in messages if _fields(m) != _fields(translations[m]))
    assert different == []


def test_localized_fills_in_after_translating() -> None:
    from django.utils import translation

    error = ValidationFailed(
        "Unknown tier: {values} are configured.", params={"values": "A, B"}, field="tier"
    )
    assert error.message == "Unknown tier: A, B are configured."
    with translation.override("en"):
        assert error.localized() == error.message
    with translation.override("zh-hans"):
        chinese = error.localized()
    assert "A, B" in chinese
    assert chinese != error.message or "Unknown tier: {values} are configured." not in _translations()
