"""The plan as the person's own (R24) on a phone (390×844): an adult logs in to the portal with ID-porten
(the local OpenID Connect provider, ``ansvarsgruppe/tests/oidc_provider.py``), proposes a goal of their
own for their draft plan and signs the plan with their fresh ID-porten log-in; the coordinator sees the
proposal and the signature beside the plan in the desk."""

import re

import pytest
from conftest import BASE_URL, log_in_as_a_person, site_fixture
from test_portal import assert_accessible

from ansvarsgruppe.tests.oidc_provider import CLIENT_SECRET, Provider

PASSWORD = "Planens-Stemme-2026!"
PHONE = {"width": 390, "height": 844}
GOAL = "Jeg vil begynne på svømming"


@pytest.fixture(scope="module")
def provider():
	with Provider(f"{BASE_URL}/api/method/ansvarsgruppe.api.idporten.callback") as provider:
		yield provider


@pytest.fixture(scope="module")
def person(provider):
	data = site_fixture(
		"idporten_person_plan",
		discovery_url=provider.discovery_url,
		client_secret=CLIENT_SECRET,
		password=PASSWORD,
	)
	yield data
	site_fixture("idporten_off")


def test_a_person_proposes_a_goal_and_signs_their_plan_with_idporten(browser, provider, person):
	page = browser.new_context(base_url=BASE_URL, locale="nb-NO", viewport=PHONE).new_page()
	provider.next_login(person["person_pid"])
	page.goto("/individuell-plan")
	page.wait_for_url(re.compile(r"/logg-inn\?redirect-to="))
	page.get_by_role("link", name="Logg inn med ID-porten").click()
	page.wait_for_url(f"{BASE_URL}/individuell-plan", timeout=30000)
	page.wait_for_selector("text=Utkast til individuell plan")

	page.get_by_label("Foreslå et eget mål").fill(GOAL)
	page.get_by_label("Livsområde").select_option("Leisure")
	page.get_by_role("button", name="Send målet").click()
	page.wait_for_selector(f".plan-proposals >> text={GOAL}", timeout=30000)
	assert page.locator(".plan-proposals", has_text="Fritid").count() == 1

	page.get_by_role("button", name="Signer planen med ID-porten").click()
	page.wait_for_selector(".plan-agreement", timeout=30000)
	assert "(signert med ID-porten)" in page.locator(".plan-agreement").inner_text()
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	page.screenshot(path="/tmp/portal-plan-signed-phone.png", full_page=True)
	assert_accessible(page)
	page.context.close()

	recorded = site_fixture("plan_agreement", plan=person["plan"])
	assert recorded["person_agreed"] == 1 and recorded["agreed_by"] == person["person"]
	assert (recorded["agreed_as"], recorded["agreement_signed_digitally"]) == ("The Person", 1)
	assert recorded["agreement_signature_level"] == "idporten-loa-high"

	desk = browser.new_context(base_url=BASE_URL, locale="nb-NO", viewport={"width": 1280, "height": 900})
	coordinator = desk.new_page()
	log_in_as_a_person(coordinator, person["coordinator"], PASSWORD)
	coordinator.goto(f"/app/individual-plan/{person['plan']}")
	voice = coordinator.locator(".ag-plan-voice")
	voice.get_by_text(GOAL).wait_for(timeout=30000)
	assert voice.locator(".ag-take-in").count() == 1
	assert voice.locator(".text-success").count() == 1, "the person's agreement beside the plan"
	coordinator.screenshot(path="/tmp/desk-plan-voice.png", full_page=True)
	desk.close()
