"""Helpers for the browser tests: Debian's chromium, the Spanish catalogue, browser contexts that
leave screenshots behind when a test fails, and the few page actions every journey repeats."""
from __future__ import annotations

import contextlib
import functools
import re
import threading
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.pofile import read_po
from playwright.sync_api import Browser, BrowserContext, Page, expect
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CATALOGUE = PROJECT_ROOT / "translations" / "es" / "LC_MESSAGES" / "messages.po"

# A phone as the representatives use it (375 × 812 CSS pixels, Peruvian Spanish), and the
# organiser's desktop.
PHONE = {"viewport": {"width": 375, "height": 812}, "locale": "es-PE", "accept_downloads": True,
         "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "es-PE", "accept_downloads": True}
TIMEOUT_MS = 10_000


@contextlib.contextmanager
def serving(app):
    """`app` served by werkzeug on 127.0.0.1:<free port> in a thread; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@functools.cache
def _catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="es")


def es(msgid: str) -> str:
    """The Spanish text the page shows for an English msgid, read from the catalogue."""
    message = _catalogue().get(msgid)
    assert message is not None and message.string, f"no Spanish translation for {msgid!r}"
    return message.string


class Browsing:
    """The browser contexts one test opened, and the step it is at (names the screenshots)."""

    def __init__(self, browser: Browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.step = "setup"
        self.contexts: list[tuple[str, BrowserContext]] = []

    def at(self, step: str) -> None:
        self.step = step

    def context(self, name: str, **options) -> BrowserContext:
        context = self.browser.new_context(base_url=self.base_url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        self.contexts.append((name, context))
        return context

    def phone(self) -> Page:
        return self.context("phone", **PHONE).new_page()

    def desktop(self) -> Page:
        return self.context("desktop", **DESKTOP).new_page()

    def screenshots(self, test_name: str) -> list[Path]:
        """One PNG per open page: test-artifacts/<test>-<step>[-<context>-<n>].png, n counting
        the pages of every context (two contexts of one kind never overwrite each other)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pages = [(name, page) for name, context in self.contexts
                 for page in context.pages if not page.is_closed()]
        saved = []
        for number, (name, page) in enumerate(pages, start=1):  # numbered across contexts
            suffix = "" if len(pages) == 1 else f"-{name}-{number}"
            path = ARTIFACTS / _safe(f"{test_name}-{self.step}{suffix}.png")
            try:
                page.screenshot(path=str(path), full_page=True)
            except Exception as error:  # a crashed page must not hide the test's own failure
                print(f"could not screenshot {page.url}: {error}")
                continue
            print(f"screenshot of {page.url} at step {self.step!r}: {path}")
            saved.append(path)
        return saved

    def close(self) -> None:
        for _name, context in reversed(self.contexts):
            try:
                context.close()
            except Exception as error:
                print(f"could not close a browser context: {error}")
        self.contexts.clear()


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def mailed_path(messages: list[EmailMessage], to: str, prefix: str) -> str:
    """The path of the link starting with `prefix` in the latest mail to `to`, to open on the
    live server (mails link to the configured public host, not to the test's port)."""
    mails = [m for m in messages if m["To"] == to]
    assert mails, f"no mail to {to}"
    text = mails[-1].get_body(("plain",)).get_content()
    paths = [urlsplit(url).path for url in re.findall(r"https?://\S+", text)]
    matching = [path for path in paths if path.startswith(prefix)]
    assert len(matching) == 1, f"expected one {prefix} link in the mail to {to}, found {paths}"
    return matching[0]


def fits_phone_width(page: Page) -> bool:
    """Nothing sticks out sideways on a 375-pixel-wide phone (no horizontal scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth") <= 375


# -- page actions -----------------------------------------------------------------------------

def open_menu(page: Page) -> None:
    """On a phone the navigation is folded behind the toggler; open it."""
    page.wait_for_load_state("load")  # Bootstrap's script binds the toggler at the end of <body>
    toggler = page.locator("button.navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        # Bootstrap adds "show" when the slide-down ends; clicking during it can miss the link.
        expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))
    expect(page.locator("#nav")).to_be_visible()


def expect_signed_in_as(page: Page, name: str) -> None:
    open_menu(page)
    expect(page.locator("#nav .account-name")).to_have_text(name)


def open_account_menu(page: Page) -> None:
    """The signed-in person's menu (profile, log out) under their name."""
    open_menu(page)
    toggle = page.locator("#nav .account-name")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    expect(page.locator('#nav form[action="/logout"] button')).to_be_visible()


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#main form").get_by_role("button").click()
    page.wait_for_url(lambda url: not url.rstrip("/").endswith("/login"))


def log_out(page: Page) -> None:
    open_account_menu(page)
    with page.expect_navigation():
        page.locator('#nav form[action="/logout"] button').click()
    expect(page.locator('#nav a[href="/login"]')).to_be_attached()


def wait_for_draft_saved(page: Page) -> None:
    """The status says the draft was saved, and the page holds nothing the server lacks (the copy
    kept in the browser is dropped only once every edit reached the server)."""
    expect(page.locator("#autosave-status")).to_contain_text(es("Draft saved at"))
    page.wait_for_function("""() => {
        const form = document.getElementById("nomination-form");
        return localStorage.getItem(form.dataset.storageKey) === null;
    }""", timeout=TIMEOUT_MS)


# -- accessibility (axe-core, installed from npm by scripts/_venv.sh test) -----------------------

AXE_SCRIPT = PROJECT_ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@functools.cache
def _axe_source() -> str:
    assert AXE_SCRIPT.exists(), f"axe-core is missing at {AXE_SCRIPT}: run scripts/test (it installs it)"
    return AXE_SCRIPT.read_text(encoding="utf-8")


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line per element.
    The script is evaluated, not added as a tag, so the app's CSP (script-src 'self') stays on."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{page.url} [{v['impact']}] {v['id']}: {v['help']} — {node['target']}"
            for v in results["violations"] if v["impact"] in SERIOUS for node in v["nodes"]]


class AxeAudit:
    """Collects every page's serious findings across a journey; asserted once at the end so one
    run lists them all."""

    def __init__(self):
        self.findings: list[str] = []
        self.pages = 0

    def check(self, page: Page) -> None:
        page.wait_for_load_state("load")
        self.pages += 1
        self.findings += serious_violations(page)

    def assert_clean(self) -> None:
        assert not self.findings, "axe-core found serious or critical violations:\n" + "\n".join(
            self.findings)
