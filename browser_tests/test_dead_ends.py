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
	actions = page.locator(".page-actions .actions-btn-group button:visible").first  # the workflow's actions
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


@pytest.fixture(scope="module")
def local_admin_group():
	return site_fixture("local_administrator_group", password=PASSWORD)


def test_r16_the_local_administrator_opens_a_closed_group_with_its_own_buttons(page, local_admin_group):
	login(page, local_admin_group["local_admin"], PASSWORD)
	page.goto(f"/app/responsibility-group/{local_admin_group['group']}")
	for label in ("Gjenåpne gruppe", "Arkiver"):
		page.locator(".page-actions button:visible", has_text=label).first.wait_for(timeout=30000)
	assert page.locator(".page-actions .primary-action:visible", has_text="Lagre").count() == 0
	page.screenshot(path="/tmp/ansvarsgruppe-local-administrator-group.png", full_page=True)
