"""Final records shown read-only in the desk, with a note saying why and how a change is made, and no
Save button (R4, R11, R16, R18; the server refuses the changes, ansvarsgruppe/rules/final.py).

Screenshots: /tmp/ansvarsgruppe-readonly-consent.png, /tmp/ansvarsgruppe-readonly-plan.png,
/tmp/ansvarsgruppe-readonly-group.png, /tmp/ansvarsgruppe-readonly-minutes.png,
/tmp/ansvarsgruppe-readonly-closed-plan.png.
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
