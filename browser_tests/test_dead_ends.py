"""No dead ends: a coordinator closes a Proposed group for a cause, and KE sees it among the exceptions."""

import pytest
from conftest import login, site_fixture

PASSWORD = "Avslutt-Passord-2026!"


@pytest.fixture(scope="module")
def closing():
	return site_fixture("closing_proposed_group", password=PASSWORD)


def test_r16_coordinator_closes_a_proposed_group_with_a_cause_and_ke_sees_it(page, closing):
	login(page, closing["coordinator"], PASSWORD)
	page.goto(f"/app/responsibility-group/{closing['group']}")
	actions = page.locator(".page-actions button:visible", has_text="Handlinger").first
	actions.wait_for(timeout=30000)
	actions.click()
	page.locator(".dropdown-menu:visible .dropdown-item", has_text="Avslutt").first.click()
	dialog = page.locator(".modal-dialog:visible", has_text="Avslutt ansvarsgruppen")
	dialog.wait_for(timeout=30000)
	dialog.locator('select[data-fieldname="closing_cause"]').select_option("Moved")
	dialog.locator(".btn-primary", has_text="Avslutt ansvarsgruppen").click()
	page.locator(".indicator-pill:visible", has_text="Avsluttet").first.wait_for(timeout=30000)
	page.screenshot(path="/tmp/ansvarsgruppe-closed-for-a-cause.png", full_page=True)

	page.context.clear_cookies()
	login(page, closing["ke"], PASSWORD)
	page.goto("/app/query-report/Responsibility Group Overview?status=Exceptions")
	row = page.locator(".dt-row", has_text=closing["group"]).first
	row.wait_for(timeout=30000)
	assert "Avsluttet uten avslutningsmøte: Flyttet" in row.inner_text()
	page.screenshot(path="/tmp/ansvarsgruppe-overview-exceptions.png", full_page=True)
