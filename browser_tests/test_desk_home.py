"""Each role's home, the meeting calendar and the minutes form by stage, as the person sees them.

Final records read-only, with a note saying why and how a change is made, and no Save button (R4, R11,
R16, R18; the server refuses the changes, ansvarsgruppe/rules/final.py); people by name in the overview
report; only the app's workspaces in the staff's sidebar; Frappe's activity texts in Norwegian.

Screenshots: /tmp/ansvarsgruppe-home-<role>.png, /tmp/ansvarsgruppe-calendar.png,
/tmp/ansvarsgruppe-minutes-invited.png, /tmp/ansvarsgruppe-minutes-draft.png,
/tmp/ansvarsgruppe-minutes-approved.png, /tmp/ansvarsgruppe-readonly-<record>.png (consent, plan, group,
minutes, closed-plan), /tmp/ansvarsgruppe-overview-names.png.
"""

import datetime
import re

import pytest
from conftest import login, site_fixture

PASSWORD = "Desk-Home-2026!"
HOMES = {
	"coordinator": ("mine-grupper", "Mitt arbeid"),
	"ke": ("koordinerende-enhet", "Oversikt for koordinerende enhet"),
	"leader": ("enhetsleder", "Min enhet"),
	"participant": ("gruppedeltaker", "Mine grupper"),
}
# The cards' labels as the desk shows them (Norwegian).
CARD_LABELS = {
	"My Groups": "Mine grupper",
	"My Next Meetings": "Mine neste møter",
	"Minutes to Write or Approve": "Referater å skrive eller godkjenne",
	"Applications Waiting": "Søknader som venter",
	"Open Groups": "Åpne grupper",
	"Unit Groups": "Enhetens ansvarsgrupper",
	"Applications to Appoint For": "Søknader som venter på koordinator",
	"Groups I Take Part In": "Grupper jeg deltar i",
}


APP_WORKSPACES = {"Mine grupper", "Ansvarsgrupper", "Koordinerende enhet", "Enhetsleder", "Gruppedeltaker"}


@pytest.fixture(scope="module")
def home():
	return site_fixture("desk_home", password=PASSWORD)


def card_number(page, label: str) -> int:
	card = page.locator(".number-widget-box", has=page.locator(".widget-title", has_text=label)).first
	number = card.locator(".widget-content .number")
	number.wait_for(timeout=30000)
	return int(re.sub(r"\D", "", number.inner_text()) or 0)


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_lands_on_its_home_with_figures_from_the_database(page, home, role):
	slug, header = HOMES[role]
	login(page, home[role], PASSWORD)
	methods = []
	page.on(
		"request", lambda request: methods.append((request.url.split("/api/method/")[-1], request.post_data))
	)
	page.goto("/app")
	page.wait_for_url(f"**/app/{slug}", timeout=30000)
	page.get_by_text(header, exact=True).first.wait_for(timeout=30000)
	for card, expected in home["figures"][role].items():
		assert card_number(page, CARD_LABELS[card]) == expected, card
	# Every card from one request beside the page's own, not a document and a figure per card.
	cards = [
		method.split("?")[0] for method, _data in methods if method.startswith("ansvarsgruppe.api.home.")
	]
	assert cards == ["ansvarsgruppe.api.home.cards"], cards
	assert not [data for method, data in methods if "Number+Card" in f"{method}{data}"]
	# Shown again (back from a list), the cards come from one request again, with the same figures.
	methods.clear()
	page.evaluate("frappe.set_route('List', 'Meeting Minutes')")
	page.wait_for_url("**/app/meeting-minutes**", timeout=30000)
	with page.expect_response(lambda response: "ansvarsgruppe.api.home.cards" in response.url, timeout=30000):
		page.go_back()
	for card, expected in home["figures"][role].items():
		assert card_number(page, CARD_LABELS[card]) == expected, card
	cards = [
		method.split("?")[0] for method, _data in methods if method.startswith("ansvarsgruppe.api.home.")
	]
	assert cards == ["ansvarsgruppe.api.home.cards"], cards
	# Only the app's workspaces in the sidebar: none of Frappe's own.
	shown = {t.strip() for t in page.locator(".desk-sidebar .sidebar-item-label").all_inner_texts()}
	assert shown and shown <= APP_WORKSPACES, shown
	page.screenshot(path=f"/tmp/ansvarsgruppe-home-{role}.png", full_page=True)


def test_r5_the_calendar_shows_the_coordinators_meetings_and_not_anothers(page, home):
	login(page, home["coordinator"], PASSWORD)
	page.goto("/app/meeting-minutes/view/calendar/default")
	page.locator(".fc-event", has_text=home["person"]).first.wait_for(timeout=30000)
	# The other coordinator's meeting the same day is not there.
	assert not any(home["other_person"] in t for t in page.locator(".fc-event").all_inner_texts())
	page.screenshot(path="/tmp/ansvarsgruppe-calendar.png", full_page=True)

	login(page, home["other_coordinator"], PASSWORD)
	page.goto("/app/meeting-minutes/view/calendar/default")
	page.locator(".fc-event", has_text=home["other_person"]).first.wait_for(timeout=30000)
	assert not any(home["person"] in t for t in page.locator(".fc-event").all_inner_texts())


def tabs(page, name: str) -> dict[str, bool]:
	"""The form's tabs and whether each is shown (Frappe hides the tab bar when one tab is left)."""
	page.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name", arg=name, timeout=30000)
	page.locator('[data-fieldname="meeting_date"]').first.wait_for(timeout=30000)
	links = page.locator(".form-tabs .nav-link")
	return {links.nth(i).inner_text().strip(): links.nth(i).is_visible() for i in range(links.count())}


def test_the_minutes_form_shows_each_stage_when_it_comes(page, home):
	login(page, home["coordinator"], PASSWORD)
	page.goto(f"/app/meeting-minutes/{home['coming']}")
	shown = tabs(page, home["coming"])
	assert not shown["Referat"] and not shown["Distribusjon"], shown
	assert page.locator('[data-fieldname="agenda"]').first.is_visible()
	assert not page.locator('[data-fieldname="conclusion"]').first.is_visible()
	# Dates as dd.mm.yyyy, on Norwegian time.
	day = datetime.date.fromisoformat(home["coming_date"]).strftime("%d.%m.%Y")
	assert page.locator('input[data-fieldname="meeting_date"]').input_value() == day
	assert page.evaluate("frappe.boot.time_zone.system") == "Europe/Oslo"
	assert page.evaluate("frappe.boot.sysdefaults.date_format") == "dd.mm.yyyy"
	assert page.locator('input[data-fieldname="start_time"]').input_value().startswith("13:30")
	page.screenshot(path="/tmp/ansvarsgruppe-minutes-invited.png", full_page=True)

	# The minute-taker writes the minutes once the meeting is held.
	login(page, home["participant"], PASSWORD)
	page.goto(f"/app/meeting-minutes/{home['held']}")
	shown = tabs(page, home["held"])
	assert shown["Møte og innkalling"] and shown["Referat"] and shown["Distribusjon"], shown
	page.locator(".form-tabs .nav-link", has_text="Referat").click()
	page.locator('[data-fieldname="conclusion"] textarea').first.wait_for(timeout=30000)
	page.screenshot(path="/tmp/ansvarsgruppe-minutes-draft.png", full_page=True)

	login(page, home["coordinator"], PASSWORD)
	page.goto(f"/app/meeting-minutes/{home['approved']}")
	page.get_by_text("Referatet er godkjent og kan ikke lenger endres.").first.wait_for(timeout=30000)
	page.locator(".form-tabs .nav-link", has_text="Referat").click()
	conclusion = page.locator('[data-fieldname="conclusion"]').first
	conclusion.locator(".control-value").wait_for(timeout=30000)
	assert conclusion.locator("textarea:visible").count() == 0, "approved minutes are read-only"
	page.screenshot(path="/tmp/ansvarsgruppe-minutes-approved.png", full_page=True)


def test_the_group_list_shows_the_coordinator_by_name_and_dates_as_dd_mm_yyyy(page, home):
	login(page, home["coordinator"], PASSWORD)
	page.goto("/app/responsibility-group")
	row = page.locator(".list-row-container", has_text=home["person"]).first
	row.wait_for(timeout=30000)
	assert "Kari Koordinator" in row.inner_text()
	assert home["coordinator"] not in row.inner_text()
	assert page.locator(".indicator-pill", has_text="Godkjent").first.is_visible()
	page.screenshot(path="/tmp/ansvarsgruppe-group-list.png", full_page=True)


# who opens it, record key, DocType route, the note's opening words (Norwegian), a field shown as a value, the
# screenshot
RECORDS = [
	("coordinator", "consent", "consent", "Et signert samtykke kan ikke endres", "valid_from", "consent"),
	("coordinator", "plan", "individual-plan", "Denne versjonen av planen er godkjent", "own_goals", "plan"),
	(
		"closed_coordinator",
		"closed_group",
		"responsibility-group",
		"Gruppen er avsluttet og kan ikke lenger endres",
		"mandate",
		"group",
	),
	(
		"closed_coordinator",
		"closed_minutes",
		"meeting-minutes",
		"Gruppen er avsluttet, så referatet",
		"meeting_date",
		"minutes",
	),
	(
		"closed_coordinator",
		"closed_plan",
		"individual-plan",
		"Gruppen er avsluttet, så planen",
		"own_goals",
		"closed-plan",
	),
]


# Frappe's own timeline texts that are English unless the app translates them.
ENGLISH = ("created this", "changed the value of", "last edited this", "viewed this", "Type a reply")


def assert_timeline_in_norwegian(page):
	"""The group's activity (who created it, each change of status) and the comment box in Norwegian."""
	footer = page.locator(".form-footer")
	footer.locator(".timeline-item", has_text="opprettet dette").first.wait_for(timeout=30000)
	assert footer.locator(".timeline-item", has_text="endret verdien av").count(), footer.inner_text()
	# the status's values as the form shows them, not as stored
	change = footer.locator(".timeline-item", has_text="endret verdien av Status").first.inner_text()
	assert "Avsluttet" in change and "Closed" not in change and "Approved" not in change, change
	assert "null" not in change and "(tom)" in change, change
	html = footer.inner_html() + page.locator(".form-sidebar").inner_html()
	for english in ENGLISH:
		assert english not in html, english


def test_r4_r11_r16_r18_final_records_are_read_only_without_save(page, home):
	user = None
	for who, key, route, note, field, shot in RECORDS:
		if who != user:
			login(page, home[who], PASSWORD)
			user = who
		name = home[key]
		page.goto(f"/app/{route}/{name}")
		page.wait_for_function("(n) => window.cur_frm && cur_frm.doc.name === n", arg=name, timeout=30000)
		page.locator(".form-message", has_text=note).first.wait_for(timeout=30000)
		control = page.locator(f'.frappe-control[data-fieldname="{field}"]').first
		assert control.locator("input:visible, textarea:visible, .ql-editor:visible").count() == 0, key
		assert page.locator(".page-actions .primary-action:visible").count() == 0, f"{key}: a Save button"
		assert page.evaluate("cur_frm.save_disabled"), key
		if key == "closed_group":
			assert_timeline_in_norwegian(page)
		page.screenshot(path=f"/tmp/ansvarsgruppe-readonly-{shot}.png", full_page=True)


def test_r17_the_overview_report_shows_the_coordinator_by_name(page, home):
	"""People by name: the KE overview's coordinator column shows the full name, not the e-mail address."""
	login(page, home["ke"], PASSWORD)
	page.goto(f"/app/query-report/Responsibility Group Overview?responsible_unit={home['unit']}")
	row = page.locator(".dt-row", has_text=home["person"]).first
	row.wait_for(timeout=30000)
	assert home["coordinator_name"] in row.inner_text()
	assert home["coordinator"] not in row.inner_text()
	assert "@" not in row.inner_text()
	page.locator(".dt-row", has_text=home["person"]).first.wait_for(state="visible", timeout=30000)
	page.screenshot(path="/tmp/ansvarsgruppe-overview-names.png", full_page=True)
