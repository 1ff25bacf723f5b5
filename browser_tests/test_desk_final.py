"""The desk as the app's staff meet it: final records shown read-only, with a note saying why and how a
change is made, and no Save button (R4, R11, R16, R18; the server refuses the changes,
ansvarsgruppe/rules/final.py); people by name in the overview report; only the app's workspaces in the
sidebar.

Screenshots: /tmp/ansvarsgruppe-readonly-consent.png, /tmp/ansvarsgruppe-readonly-plan.png,
/tmp/ansvarsgruppe-readonly-group.png, /tmp/ansvarsgruppe-readonly-minutes.png,
/tmp/ansvarsgruppe-readonly-closed-plan.png, /tmp/ansvarsgruppe-overview-names.png,
/tmp/ansvarsgruppe-sidebar-coordinator.png.
"""

import pytest
from conftest import login, site_fixture

PASSWORD = "Desk-Final-2026!"
# record key, DocType route, the note's opening words (Norwegian), a field shown as a value, the screenshot
RECORDS = [
	("consent", "consent", "Et signert samtykke kan ikke endres", "valid_from", "consent"),
	("plan", "individual-plan", "Denne versjonen av planen er godkjent", "own_goals", "plan"),
	("group", "responsibility-group", "Gruppen er avsluttet og kan ikke lenger endres", "mandate", "group"),
	("minutes", "meeting-minutes", "Gruppen er avsluttet, så referatet", "meeting_date", "minutes"),
	("closed_plan", "individual-plan", "Gruppen er avsluttet, så planen", "own_goals", "closed-plan"),
]


@pytest.fixture(scope="module")
def final():
	return site_fixture("desk_final", password=PASSWORD)


def test_r4_r11_r16_r18_final_records_are_read_only_without_save(page, final):
	login(page, final["coordinator"], PASSWORD)
	for key, route, note, field, shot in RECORDS:
		name = final[key]
		page.goto(f"/app/{route}/{name}")
		page.wait_for_function("(n) => window.cur_frm && cur_frm.doc.name === n", arg=name, timeout=30000)
		page.locator(".form-message", has_text=note).first.wait_for(timeout=30000)
		control = page.locator(f'.frappe-control[data-fieldname="{field}"]').first
		assert control.locator("input:visible, textarea:visible, .ql-editor:visible").count() == 0, key
		assert page.locator(".page-actions .primary-action:visible").count() == 0, f"{key}: a Save button"
		assert page.evaluate("cur_frm.save_disabled"), key
		page.screenshot(path=f"/tmp/ansvarsgruppe-readonly-{shot}.png", full_page=True)


def test_r17_the_overview_report_shows_the_coordinator_by_name(page, final):
	"""People by name: the KE overview's coordinator column shows the full name, not the e-mail address."""
	login(page, final["ke"], PASSWORD)
	page.goto(f"/app/query-report/Responsibility Group Overview?responsible_unit={final['unit']}")
	row = page.locator(".dt-row", has_text=final["person"]).first
	row.wait_for(timeout=30000)
	assert final["coordinator_name"] in row.inner_text()
	assert final["coordinator"] not in row.inner_text()
	assert "@" not in row.inner_text()
	page.locator(".dt-row", has_text=final["person"]).first.wait_for(state="visible", timeout=30000)
	page.screenshot(path="/tmp/ansvarsgruppe-overview-names.png", full_page=True)


def test_a_coordinators_sidebar_lists_only_the_apps_workspaces(page, final):
	"""Frappe's own workspaces (users, tools, website, integrations, build) are not in the staff's sidebar."""
	login(page, final["coordinator"], PASSWORD)
	page.goto("/app")
	page.wait_for_url("**/app/mine-grupper", timeout=30000)
	labels = page.locator(".desk-sidebar .standard-sidebar-item .sidebar-item-label")
	labels.first.wait_for(timeout=30000)
	shown = {text.strip() for text in labels.all_inner_texts()}
	assert "Mine grupper" in shown, shown
	assert shown <= {"Mine grupper", "Ansvarsgrupper", "Koordinerende enhet", "Enhetsleder", "Gruppedeltaker"}
	for frappes in ("Brukere", "Users", "Verktøy", "Tools", "Website", "Integrasjoner", "Build", "Bygg"):
		assert frappes not in shown, shown
	page.locator(".number-widget-box .widget-content .number").first.wait_for(timeout=30000)
	page.screenshot(path="/tmp/ansvarsgruppe-sidebar-coordinator.png", full_page=True)
