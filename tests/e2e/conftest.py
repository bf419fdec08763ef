"""Browser tests: the app on a real port with CSRF on, driven by Debian's chromium (Playwright).

Fixtures:
- `live_server`: the `app` fixture's application served by werkzeug in a thread; the base URL.
- `browser`: one headless chromium per test session (never downloaded: /usr/bin/chromium).
- `browsing`: the contexts a test opens (`browsing.phone()`, `browsing.desktop()`); when the
  test fails, every open page is saved to test-artifacts/<test>-<step>….png first.
"""
from __future__ import annotations

import os

import pytest

from tests.e2e.support import CHROMIUM, CHROMIUM_ARGS, Browsing, serving


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (rep_setup, rep_call, rep_teardown) for fixtures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def live_server(app):
    """The app on 127.0.0.1:<free port>, CSRF enabled as in production; yields the base URL."""
    app.config["WTF_CSRF_ENABLED"] = True
    with serving(app) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"The browser tests need Debian's chromium at {CHROMIUM}: "
                    "apt-get install chromium (.ci/run installs it). Never `playwright install`.",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as error:
            pytest.fail(f"Could not start {CHROMIUM}: {error}", pytrace=False)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def browsing(browser, live_server, request):
    """Browser contexts for one test, closed (after screenshots if it failed) before the server stops."""
    session = Browsing(browser, live_server)
    try:
        yield session
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            session.screenshots(request.node.name)
        session.close()
