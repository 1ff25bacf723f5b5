"""«Legg til medlemmer» on the group's form (R5, R6, R7): the coordinator adds several members in one
dialog; a unit outside the consent is refused with its row named and nothing added; corrected, they are
added approved at once."""

import pytest
from conftest import click_page_action, login, site_fixture

PASSWORD = "Medlemmer-Passord-2026!"


@pytest.fixture(scope="module")
def desk_members():
	return site_fixture("desk_members", password=PASSWORD)


def fill_row(dialog, index: int, user: str, unit: str, mandate: str):
	dialog.locator(".grid-add-row").click()
	row = dialog.locator(".grid-body .grid-row").nth(index)
	row.wait_for(timeout=30000)
	for fieldname, value in (("user", user), ("service_unit", unit)):
		row.locator(f'[data-fieldname="{fieldname}"]').first.click()
		field = row.locator(f'input[data-fieldname="{fieldname}"]')
		field.fill(value)
		field.press("Tab")
	row.locator('[data-fieldname="mandate_clarified"]').first.click()
	checkbox = row.locator('input[data-fieldname="mandate_clarified"]')
	if not checkbox.is_checked():
		checkbox.check()
	row.locator('[data-fieldname="mandate_note"]').first.click()
	row.locator('input[data-fieldname="mandate_note"]').fill(mandate)


def test_the_coordinator_adds_members_in_one_dialog_approved_at_once(page, desk_members):
	scene = desk_members
	login(page, scene["coordinator"], PASSWORD)
	click_page_action(page, f"/app/responsibility-group/{scene['group']}", "Legg til medlemmer")
	dialog = page.locator(".modal-dialog:visible")
	dialog.wait_for(timeout=30000)
	fill_row(dialog, 0, scene["teacher"], scene["school"], "Kan avtale tilrettelegging i klassen.")
	fill_row(dialog, 1, scene["nurse"], scene["welfare"], "Kan avtale oppfølging fra helsestasjonen.")
	dialog.locator(".modal-footer .btn-primary:visible", has_text="Legg til medlemmer").click()

	# R5: the welfare unit is not covered by the consent: the row is named, nothing added
	refusal = page.locator(".modal-dialog:visible", has_text="Ingen medlemmer ble lagt til")
	refusal.wait_for(timeout=30000)
	assert "Rad 2" in refusal.inner_text()
	assert "Rad 1" not in refusal.inner_text()
	page.screenshot(path="/tmp/ansvarsgruppe-add-members-refused.png", full_page=True)
	refusal.locator(".btn-modal-close").first.click()

	row = dialog.locator(".grid-body .grid-row").nth(1)
	row.locator('[data-fieldname="service_unit"]').first.click()
	field = row.locator('input[data-fieldname="service_unit"]')
	field.fill(scene["health"])
	field.press("Tab")
	# the link is checked on the server before the row takes it
	page.wait_for_function(
		"""unit => frappe.ui.open_dialogs.some(d => d.fields_dict.rows
			&& (d.fields_dict.rows.grid.get_data()[1] || {}).service_unit === unit)""",
		arg=scene["health"],
		timeout=30000,
	)
	dialog.locator(".modal-footer .btn-primary:visible", has_text="Legg til medlemmer").click()
	message = page.locator(".msgprint:visible")
	page.wait_for_function(
		"""() => !frappe.ui.open_dialogs.some(d => d.fields_dict.rows)
			|| [...document.querySelectorAll('.msgprint')].some(m => m.offsetParent)""",
		timeout=30000,
	)
	assert not message.count(), message.first.inner_text()
	page.wait_for_selector(".modal-dialog:visible", state="detached", timeout=30000)

	page.goto(f"/app/group-member?group={scene['group']}")
	listing = page.locator(".frappe-list .result")
	listing.wait_for(timeout=30000)
	page.wait_for_function(
		"names => names.every(n => document.querySelector('.frappe-list').innerText.includes(n))",
		arg=list(scene["names"].values()),
		timeout=30000,
	)
	page.screenshot(path="/tmp/ansvarsgruppe-add-members.png", full_page=True)
	text = listing.inner_text()
	assert text.count("Godkjent") >= 2, text
