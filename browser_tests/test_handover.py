"""«Overfør til ny kommune» on the group's form (R4, R16, R19): without the person's consent the coordinator
is told why and nothing happens; with it the group is handed over and closed in one dialog."""

import pytest
from conftest import click_page_action, login, site_fixture

PASSWORD = "Flytting-Passord-2026!"


@pytest.fixture(scope="module")
def desk_handover():
	return site_fixture("desk_handover", password=PASSWORD)


def test_the_coordinator_hands_the_group_over_in_one_dialog(page, desk_handover):
	scene = desk_handover
	login(page, scene["coordinator"], PASSWORD)
	click_page_action(page, f"/app/responsibility-group/{scene['group']}", "Overfør til ny kommune")
	dialog = page.locator(".modal-dialog:visible", has_text="Mottakende kommune")
	dialog.wait_for(timeout=30000)
	dialog.locator('input[data-fieldname="receiving_municipality"]').fill("Sandnes kommune")
	dialog.locator('textarea[data-fieldname="reason"]').fill("Familien flytter til Sandnes i januar.")
	dialog.locator(".modal-footer .btn-primary:visible", has_text="Overfør").click()

	# R4: no consent, no handover
	refusal = page.locator(".modal-dialog:visible", has_text="bare med samtykke fra personen")
	refusal.wait_for(timeout=30000)
	page.screenshot(path="/tmp/ansvarsgruppe-handover-refused.png", full_page=True)
	refusal.locator(".btn-modal-close").first.click()

	dialog.locator('input[data-fieldname="consent_given"]').check()
	page.screenshot(path="/tmp/ansvarsgruppe-handover-dialog.png", full_page=True)
	dialog.locator(".modal-footer .btn-primary:visible", has_text="Overfør").click()
	page.wait_for_selector(".modal-dialog:visible", state="detached", timeout=60000)
	page.locator(".indicator-pill:visible", has_text="Avsluttet").first.wait_for(timeout=30000)
	page.screenshot(path="/tmp/ansvarsgruppe-handover-done.png", full_page=True)
