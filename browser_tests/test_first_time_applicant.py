"""A family the app does not know logs in through ID-porten (the local OpenID Connect provider) on a phone,
applies for their child, and later reads the decision letter in Mine ansvarsgrupper (390x844)."""

import re

import pytest
from conftest import BASE_URL, site_fixture

from ansvarsgruppe.tests.oidc_provider import CLIENT_SECRET, Provider

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def provider():
	with Provider(f"{BASE_URL}/api/method/ansvarsgruppe.api.idporten.callback") as provider:
		yield provider


@pytest.fixture(scope="module")
def numbers(provider):
	site_fixture(
		"idporten_family",
		discovery_url=provider.discovery_url,
		client_secret=CLIENT_SECRET,
		password="Idporten-Passord-2026!",
	)
	yield site_fixture("first_time_numbers")
	site_fixture("idporten_off")


@pytest.fixture
def phone(browser):
	context = browser.new_context(base_url=BASE_URL, locale="nb-NO", viewport=PHONE, is_mobile=True)
	page = context.new_page()
	yield page
	context.close()


def no_sideways_scroll(page):
	width = page.evaluate("() => document.documentElement.scrollWidth")
	assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px screen"


def field(page, name: str):
	return page.locator(f'.frappe-control[data-fieldname="{name}"]').locator("input, textarea, select").first


def test_an_unknown_family_applies_through_idporten_and_reads_the_answer_on_a_phone(phone, provider, numbers):
	page = phone
	provider.next_login(numbers["parent_pid"])
	page.goto("/logg-inn?redirect-to=/soknad-om-ip/new")
	page.get_by_role("link", name="Logg inn med ID-porten").click()
	page.wait_for_url(re.compile(r"/soknad-om-ip/new"), timeout=30000)
	field(page, "new_applicant_for").wait_for(timeout=30000)
	assert not page.locator('.frappe-control[data-fieldname="service_user"]').is_visible()
	field(page, "new_applicant_for").select_option("My Child")
	field(page, "new_applicant_name").fill("Nina Nysøker")
	field(page, "new_child_name").fill("Nils Nysøker")
	field(page, "new_child_national_id").fill(numbers["child_number"])
	field(page, "needs_description").fill("Nils trenger hjelp fra skolen, helsestasjonen og BUP.")
	field(page, "answer_channel").select_option("Post")
	no_sideways_scroll(page)
	page.screenshot(path="/tmp/first-time-application.png", full_page=True)
	page.get_by_role("button", name="Send søknad").first.click()
	page.wait_for_selector("text=Søknaden er mottatt", timeout=30000)
	# The web form sends the family on to its own page after a few seconds; a goto of ours would race it.
	page.wait_for_url(re.compile(r"/mine-ansvarsgrupper"), timeout=30000)
	page.wait_for_load_state("load")

	decided = site_fixture("decide_first_time_application", parent_pid=numbers["parent_pid"])
	assert "ID-porten" in decided["identified_by"] and numbers["parent_pid"] not in decided["identified_by"]
	assert decided["decision_letter_on"] not in ("None", "")

	page.reload()
	page.wait_for_selector("text=Nils Nysøker", timeout=30000)
	letter = page.get_by_role("link", name=re.compile("Svar på søknaden"))
	letter.wait_for(timeout=30000)
	assert letter.is_visible()
	no_sideways_scroll(page)
	page.screenshot(path="/tmp/first-time-answer.png", full_page=True)
	answer = page.request.get(letter.get_attribute("href"))
	assert answer.status == 200 and answer.headers["content-type"].startswith("application/pdf")
