"""The family's voice before a meeting (R24) on a phone (390×844): a parent answers the invitation and
proposes an item in the portal, and the coordinator takes it into the meeting's agenda on the desk."""

import pytest
from conftest import BASE_URL, log_in_as_a_person, site_fixture
from test_portal import assert_accessible

PASSWORD = "Familiens-Stemme-2026!"
PHONE = {"width": 390, "height": 844}
ITEM = "Skyss til og fra skolen"


@pytest.fixture(scope="module")
def family():
	return site_fixture("voice_family", password=PASSWORD)


def phone_page(browser):
	return browser.new_context(base_url=BASE_URL, locale="nb-NO", viewport=PHONE).new_page()


def test_parent_answers_and_proposes_and_the_coordinator_takes_it_in(browser, family):
	page = phone_page(browser)
	log_in_as_a_person(page, family["parent"], PASSWORD)
	page.goto("/innkallinger")
	page.wait_for_selector("text=Kommer dere?")
	page.get_by_label("Vi kommer", exact=True).check()
	page.get_by_label("Hvem kommer?").fill("Ola og Sondre")
	page.get_by_label("Dette vil vi at gruppen skal vite før møtet").fill("Sondre er sliten etter skolen.")
	page.get_by_role("button", name="Send svar").click()
	page.wait_for_load_state("networkidle")
	page.get_by_label("Foreslå en sak til sakslisten").fill(ITEM)
	page.get_by_role("button", name="Foreslå saken").click()
	page.wait_for_selector(f".ag-proposals >> text={ITEM}", timeout=30000)
	assert page.get_by_label("Vi kommer", exact=True).is_checked()
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	page.screenshot(path="/tmp/portal-innkallinger-phone.png", full_page=True)
	assert_accessible(page)
	page.context.close()

	desk = phone_page(browser)
	log_in_as_a_person(desk, family["coordinator"], PASSWORD)
	desk.goto(f"/app/meeting-minutes/{family['minutes']}")
	button = desk.locator(".ag-family-voice .ag-take-in").first
	button.wait_for(timeout=30000)
	assert desk.locator(".ag-family-voice", has_text="Ola og Sondre").count() == 1
	button.click()
	desk.wait_for_selector(".ag-family-voice >> text=Tatt inn", timeout=30000)
	assert desk.locator('[data-fieldname="agenda"] .grid-body', has_text=ITEM).count() == 1
	desk.screenshot(path="/tmp/desk-family-voice-phone.png", full_page=True)
	desk.context.close()
