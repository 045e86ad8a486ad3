"""Browser journeys: the production server on a free loopback port with a fresh demo database,
driven by Playwright in Debian's Chromium. Screenshots go to tests/e2e/screenshots/.

Every page a journey opens is checked: no console error, no failed request, no untranslated
interface string in Chinese, every form control labelled, no sideways scrolling on a phone.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PO_FILES = sorted((ROOT / "src/kam").glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
PASSWORD = "kam-demo-2026"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # One xdist worker runs every journey (``--dist loadgroup``), so the demo company is built once.
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group("e2e"))
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
        for item in items:
            if "e2e" in item.nodeid:
                item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _kam(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "kam", *args], env=env, check=True, capture_output=True)


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """Serve a fresh demo company with the production server; yield its base URL."""
    data_dir = tempfile.mkdtemp(prefix="kam-e2e-")
    env = {
        **os.environ,
        "KAM_DATA_DIR": data_dir,
        "KAM_TESTING": "0",
        "DJANGO_SETTINGS_MODULE": "kam.settings",
        # The journeys sign in from one address many times a minute; the production limit (20 a
        # minute per address, tests/security) would answer some of them 429 when the suite runs fast.
        "KAM_SIGNIN_RATE": "1000/m",
    }
    env.pop("DATABASE_URL", None)
    env.pop("KAM_BROKER_URL", None)
    _kam("demo", "--no-serve", env=env)
    port = _free_port()
    # The server's log goes to a file: a pipe nobody reads fills up and then blocks the server.
    log = Path(data_dir) / "server.log"
    log_file = log.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kam",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--no-scheduler",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a loaded machine may take a while to start the workers
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        log_file.close()
        raise RuntimeError("the server did not start: " + log.read_text(errors="replace")[-2000:])
    yield base
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)
    log_file.close()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _msgids() -> set[str]:
    import polib

    return {
        entry.msgid
        for po_file in PO_FILES
        for entry in polib.pofile(str(po_file))
        if len(entry.msgid) > 2 and "%" not in entry.msgid
    }


UNTRANSLATED = _msgids()

CHECK_PAGE_JS = """
() => {
  const problems = [];
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || el.offsetParent === null) continue;
    const labelled = (el.labels && el.labels.length) || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby');
    if (!labelled) problems.push('unlabelled control: ' + (el.name || el.id || el.outerHTML.slice(0, 80)));
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    problems.push('sideways scrolling: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode.textContent.trim();
    if (t && walker.currentNode.parentElement.offsetParent !== null) texts.push(t);
  }
  for (const el of document.querySelectorAll('[placeholder],[title],[aria-label]'))
    for (const a of ['placeholder', 'title', 'aria-label'])
      if (el.getAttribute(a)) texts.push(el.getAttribute(a));
  return {problems, texts};
}
"""


class Journey:
    """A browser page for one post, language and size, checking every page it visits."""

    def __init__(self, browser: Any, base: str, name: str, language: str, size: str):
        self.base, self.name, self.language, self.size = base, name, language, size
        self.context = browser.new_context(
            viewport=SIZES[size], locale="zh-CN" if language == "zh-hans" else "en-US"
        )
        self.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on(
            "console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None
        )
        self.page.on("requestfailed", self._request_failed)
        self.page.on(
            "response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None
        )
        self.shots = 0

    def goto(self, path: str) -> Any:
        self.page.goto(self.base + path)
        self.check(path)
        return self.page

    def sign_in(self, username: str) -> None:
        self.page.goto(self.base + "/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.press("#id_password", "Enter")
        self.page.wait_for_load_state()
        self.check("after sign-in")

    def _request_failed(self, request: Any) -> None:
        # A request the browser cancelled itself is not a failure of the site: a link that answers with a
        # file turns the navigation into a download (an aborted navigation), and leaving a page aborts
        # what it was still loading (the favicon, say). Answers of 400 and over are caught as responses.
        if request.failure == "net::ERR_ABORTED":
            return
        self.errors.append(f"request failed: {request.url}")

    def check(self, where: str) -> None:
        self.page.wait_for_load_state()
        result = self.page.evaluate(CHECK_PAGE_JS)
        problems = list(result["problems"])
        if self.language == "zh-hans":
            problems += [f"untranslated: {t!r}" for t in result["texts"] if t in UNTRANSLATED]
        problems += self.errors
        self.errors.clear()
        assert not problems, f"{self.name} {self.language} {self.size} at {where}: {problems}"

    def screenshot(self, label: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        path = SCREENSHOTS / f"{self.name}-{self.language}-{self.size}-{self.shots:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)

    def submit_hospitality_request(self, words: dict[str, Any]) -> None:
        """Save the filled hospitality request form, then submit the saved request for approval.

        ``words`` gives the page's wording in the journey's language: the ``save`` and ``submit`` buttons
        and the ``submitted`` message, which must show.
        """
        page = self.page
        with page.expect_navigation():
            page.get_by_role("button", name=words["save"]).click()
        self.check("request saved")
        with page.expect_navigation():
            page.get_by_role("button", name=words["submit"]).click()
        self.check("request submitted")
        assert page.get_by_text(words["submitted"]).is_visible()
        self.screenshot("submitted")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def journey(browser: Any, server: str) -> Iterator[Any]:
    opened: list[Journey] = []

    def start(name: str, language: str = "zh-hans", size: str = "desktop") -> Journey:
        opened.append(Journey(browser, server, name, language, size))
        return opened[-1]

    yield start
    for j in opened:
        j.close()
