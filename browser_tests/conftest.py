"""Browser tests: Debian's Chromium driven by Playwright against ``bench serve`` on localhost.

``scripts/browser-test`` starts the server and sets BROWSER_BASE_URL before running pytest here.
"""

import json
import os
import subprocess

import pytest
from playwright.sync_api import sync_playwright

BASE_URL = os.environ.get("BROWSER_BASE_URL", "http://127.0.0.1:8011")
BENCH = os.environ.get("FRAPPE_BENCH", "/opt/frappe-bench")
SITE = os.environ.get("TEST_SITE", "test-ansvarsgruppe.localhost")
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


@pytest.fixture(scope="session", autouse=True)
def mail_ready():
	"""The site sends mail, as a municipality's site does once it is set up (the mails stay in its queue)."""
	site_fixture("mail_ready")


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


def log_in_as_a_person(page, user: str, password: str):
	"""Log in through the site's log-in page, as a person does (the portal's road)."""
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url(lambda url: "/login" not in url, timeout=30000)


def click_page_action(page, path: str, label: str):
	"""Open the desk form at ``path`` and click its page action button ``label``."""
	page.goto(path)
	button = page.locator(".page-actions button:visible", has_text=label).first
	button.wait_for(timeout=30000)
	button.click()


def site_fixture(function: str, **kwargs) -> dict:
	"""Run ``ansvarsgruppe.tests.browser_fixtures.<function>`` on the test site; its printed JSON."""
	out = subprocess.run(
		[
			"bench",
			"--site",
			SITE,
			"execute",
			f"ansvarsgruppe.tests.browser_fixtures.{function}",
			"--kwargs",
			json.dumps(kwargs),
		],
		cwd=BENCH,
		capture_output=True,
		text=True,
		check=True,
	).stdout
	return json.loads(next(line for line in out.splitlines() if line.startswith("{")))
