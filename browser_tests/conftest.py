"""Browser tests: Debian's Chromium driven by Playwright against ``bench serve`` on localhost.

``scripts/browser-test`` starts the server and sets BROWSER_BASE_URL before running pytest here.
"""

import os

import pytest
from playwright.sync_api import sync_playwright

BASE_URL = os.environ.get("BROWSER_BASE_URL", "http://127.0.0.1:8011")
ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "admin")
CHROMIUM_FLAGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(
			executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_FLAGS
		)
		yield browser
		browser.close()


@pytest.fixture
def page(browser):
	context = browser.new_context(base_url=BASE_URL, locale="nb-NO", viewport={"width": 1280, "height": 900})
	page = context.new_page()
	yield page
	context.close()


def login(page, user: str = "Administrator", password: str = ADMIN_PASSWORD):
	response = page.request.post("/api/method/login", form={"usr": user, "pwd": password})
	assert response.ok, response.text()
