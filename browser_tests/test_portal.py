"""The family portal as a parent uses it, at phone and desktop width (Playwright + Debian's Chromium)."""

import os
import re
from pathlib import Path

import pytest
from conftest import BASE_URL, log_in_as_a_person, site_fixture

PASSWORD = "Portal-Passord-2026!"
AXE = Path(os.environ.get("AXE_PATH", "/tmp/ansvarsgruppe-axe/node_modules/axe-core/axe.min.js"))
WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture(scope="module")
def family():
	return site_fixture("portal_families", password=PASSWORD)


def portal_page(browser, width: str):
	context = browser.new_context(
		base_url=BASE_URL, locale="nb-NO", viewport={"width": WIDTHS[width], "height": 900}
	)
	return context.new_page()


def assert_accessible(page):
	if not AXE.exists():
		pytest.fail(f"axe-core is missing at {AXE} (scripts/browser-test installs it from npm)")
	page.add_script_tag(path=str(AXE))
	result = page.evaluate(
		"async () => await axe.run(document.querySelector('main') || document, {resultTypes: ['violations']})"
	)
	serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
	assert not serious, serious


# the records' numbers (AG-2026-0031, REF-2026-00068, BRU-00002 …): names, titles and dates go in their place
RAW_ID = re.compile(r"\b(AG|ARK|BRU|ESK|GJA|KOR|MED|MLD|PLAN|REF|SAKSFORSLAG|SAM|SOK|SVAR)-\d{4,}(-\d+)?\b")


def assert_no_raw_ids(page):
	shown = page.locator("main").first.inner_text()
	assert not RAW_ID.search(shown), RAW_ID.search(shown).group(0)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_parent_follows_the_group_applies_and_withdraws(browser, family, width):
	page = portal_page(browser, width)
	log_in_as_a_person(page, family["parent"], PASSWORD)
	page.goto("/mine-ansvarsgrupper")
	page.wait_for_selector('h3:has-text("Ansvarsgruppe for")')
	assert page.get_by_text("Godkjente referater").first.is_visible()
	assert_no_raw_ids(page)
	page.screenshot(path=f"/tmp/portal-mine-{width}.png", full_page=True)
	assert_accessible(page)

	pdf = page.request.get(
		f"/api/method/frappe.utils.print_format.download_pdf?doctype=Meeting%20Minutes&name={family['minutes']}"
	)
	assert pdf.ok and pdf.headers["content-type"].startswith("application/pdf")

	page.goto(f"/soknad-om-ip/new?service_user={family['child']}")
	page.wait_for_selector("text=Søknad om individuell plan og koordinator")
	page.locator('[data-fieldname="needs_description"] textarea').fill(
		"Vi trenger hjelp til å samordne skole og helse."
	)
	page.screenshot(path=f"/tmp/portal-soknad-{width}.png", full_page=True)
	page.get_by_role("button", name="Send søknad").click()
	page.wait_for_selector("text=Søknaden er mottatt", timeout=30000)

	page.goto("/innsyn")
	page.wait_for_selector("text=Innsyn: hvem har sett på opplysningene")
	assert page.locator("tbody tr").count() >= 1
	page.screenshot(path=f"/tmp/portal-innsyn-{width}.png", full_page=True)
	assert_accessible(page)
	page.context.close()


def test_parent_withdraws_consent_for_one_partner(browser, family):
	page = portal_page(browser, "phone")
	log_in_as_a_person(page, family["parent"], PASSWORD)
	page.goto("/mine-ansvarsgrupper")
	form = page.locator(f'form.withdraw-form[data-unit="{family["health"]}"]')
	form.locator("input").fill("Helsestasjonen trenger ikke lenger opplysninger")
	# the withdrawal asks first: declined, nothing is withdrawn
	asked = []
	page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
	form.get_by_role("button").click()
	page.wait_for_load_state("networkidle")
	page.reload()
	assert family["health"] in asked[0]
	form = page.locator(f'form.withdraw-form[data-unit="{family["health"]}"]')
	assert form.count() == 1
	form.locator("input").fill("Helsestasjonen trenger ikke lenger opplysninger")
	page.once("dialog", lambda dialog: dialog.accept())
	form.get_by_role("button").click()
	page.wait_for_load_state("networkidle")
	page.reload()
	assert page.locator(f'form.withdraw-form[data-unit="{family["health"]}"]').count() == 0
	page.context.close()


def test_other_parent_cannot_reach_the_first_familys_pages_or_pdfs(browser, family):
	page = portal_page(browser, "desktop")
	log_in_as_a_person(page, family["other_parent"], PASSWORD)
	page.goto("/mine-ansvarsgrupper")
	assert page.get_by_text(family["group"]).count() == 0
	pdf = page.request.get(
		f"/api/method/frappe.utils.print_format.download_pdf?doctype=Meeting%20Minutes&name={family['minutes']}"
	)
	assert pdf.status == 403
	resource = page.request.get(f"/api/resource/Responsibility Group/{family['group']}")
	assert resource.status == 403
	page.goto(f"/soknad-om-ip/new?service_user={family['child']}")
	page.locator('[data-fieldname="needs_description"] textarea').fill("Forsøk på å søke for et annet barn")
	page.get_by_role("button", name="Send søknad").click()
	page.wait_for_timeout(3000)
	assert not page.get_by_text("Søknaden er mottatt").first.is_visible()
	page.context.close()


@pytest.fixture(scope="module")
def plan(family):
	return site_fixture("portal_plan", group=family["group"])["plan"]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_parent_reads_the_plan_with_the_childs_own_goals_first(browser, family, plan, width):
	page = portal_page(browser, width)
	log_in_as_a_person(page, family["parent"], PASSWORD)
	page.goto("/mine-ansvarsgrupper")
	page.get_by_role("link", name="Se den individuelle planen").click()
	page.wait_for_url("**/individuell-plan#*")
	article = page.locator(f"article#{plan.lower()}")
	article.wait_for()
	headings = [h.strip() for h in article.locator("h4, h5").all_inner_texts()]
	assert headings[0].endswith("egne mål"), headings
	assert "Jeg vil lese bøker selv" in article.locator("h4 + p").first.inner_text()
	goals = [h for h in headings if h.startswith(("M1:", "M2:"))]
	assert goals[0].startswith("M2: Lese alderstilpasset tekst") and "Eget mål" in goals[0], goals
	assert goals[1].startswith("M1:") and "Eget mål" not in goals[1], goals
	assert article.get_by_text("Pågår").first.is_visible()
	page.screenshot(path=f"/tmp/portal-plan-{width}.png", full_page=True)
	assert_accessible(page)

	pdf = page.request.get(
		article.get_by_role("link", name=f"Last ned planen {plan} som PDF").get_attribute("href")
	)
	assert pdf.ok and pdf.headers["content-type"].startswith("application/pdf")
	page.context.close()
