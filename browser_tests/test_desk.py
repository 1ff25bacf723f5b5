"""The desk in Norwegian, as a person sees it."""

from conftest import login


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
	page.wait_for_selector("text=Klager på ansatte", timeout=30000)
	assert page.get_by_text("Enkeltvedtak kan ikke fattes i ansvarsgruppen").first.is_visible()


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
