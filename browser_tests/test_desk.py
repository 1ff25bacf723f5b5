"""The desk in Norwegian, as a person sees it."""

import pytest
from conftest import click_page_action, login, site_fixture

PASSWORD = "Desk-Passord-2026!"


def test_workspace_and_group_form_show_norwegian_labels(page):
	login(page)
	page.goto("/app/ansvarsgrupper")
	shortcut = page.locator(".shortcut-widget-box", has_text="Ansvarsgruppe").first
	shortcut.wait_for(timeout=30000)
	assert shortcut.is_visible()

	page.goto("/app/responsibility-group/new")
	form = page.locator(".form-layout")
	form.wait_for(timeout=30000)
	for label in ("Ansvarlig enhet", "Koordinator", "Gjeldende samtykke", "Overganger"):
		assert form.get_by_text(label, exact=True).first.is_visible(), label
	page.screenshot(path="/tmp/ansvarsgruppe-group-form.png", full_page=True)


def test_minutes_form_shows_the_r10_guidance(page):
	login(page)
	page.goto("/app/meeting-minutes/new")
	page.wait_for_selector("text=Misnøye med personell, manglende oppfølging fra en instans", timeout=30000)
	assert page.get_by_text("Ansvarsgruppen kan ikke fatte enkeltvedtak").first.is_visible()
	assert page.get_by_text("følger ordinær klageadgang").first.is_visible()


def test_invalid_identity_number_is_refused_in_norwegian(page):
	login(page)
	page.goto("/app/service-user/new")
	page.locator('input[data-fieldname="full_name"]').wait_for(timeout=30000)
	page.locator('input[data-fieldname="full_name"]').fill("Testbruker Nettleser")
	page.locator('input[data-fieldname="national_id"]').fill("12345678901")
	page.keyboard.press("Control+s")
	dialog = page.locator(".modal-dialog:visible .msgprint")
	dialog.wait_for(timeout=30000)
	assert "kontrollsiffer" in dialog.inner_text()


@pytest.fixture(scope="module")
def desk_plan():
	return site_fixture("desk_plan", password=PASSWORD)


def test_r18_coordinator_opens_the_plan_from_the_group_and_sees_it_in_the_meeting(page, desk_plan):
	login(page, desk_plan["coordinator"], PASSWORD)
	click_page_action(page, f"/app/responsibility-group/{desk_plan['group']}", "Individuell plan")
	page.wait_for_url(f"**/app/individual-plan/{desk_plan['plan']}", timeout=30000)
	page.get_by_text("Lesekurs to ganger i uka").first.wait_for(timeout=30000)

	page.goto(f"/app/meeting-minutes/{desk_plan['minutes']}")
	page.locator(".form-tabs .nav-link", has_text="Oppfølging av plan").click(timeout=30000)
	page.get_by_text("Individuell plan: status per tiltak").first.wait_for(timeout=30000)
	table = page.locator('[data-fieldname="measure_updates"]')
	assert "Lesekurs to ganger i uka" in table.inner_text()
	page.screenshot(path="/tmp/ansvarsgruppe-minutes-plan.png", full_page=True)


def test_r18_the_responsible_person_updates_their_measure_in_the_desk(page, desk_plan):
	login(page, desk_plan["teacher"], PASSWORD)
	click_page_action(page, f"/app/individual-plan/{desk_plan['plan']}", "Oppdater mitt tiltak")
	dialog = page.locator(".modal-dialog:visible")
	dialog.locator('select[data-fieldname="status"]').select_option("Ongoing")
	dialog.locator(".btn-primary", has_text="Lagre").click()
	dialog.wait_for(state="hidden", timeout=30000)
	page.locator('[data-fieldname="measures"]', has_text="Pågår").first.wait_for(timeout=30000)
