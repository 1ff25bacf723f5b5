"""One case through the screens only, as the people whose job each step is: no refusal dialog on the way,
no English word or raw id where Norwegian and names belong; the clicks per task are printed."""

import json
import re
import subprocess

import pytest
from conftest import BASE_URL, BENCH, SITE, log_in_as_a_person, login

PASSWORD = "Saken-Gaar-2026!"
# Frappe's English that a Norwegian user must not meet on the road (whole words)
ENGLISH = ("Actions", "Not allowed", "Not permitted", "Login", "No Data", "Workflow", "Edit Filters", "New")
REFUSALS = ("Ikke tillatt", "Ingen tilgang", "Not allowed", "Insufficient Permission")


def case_fixture(password: str) -> dict:
	out = subprocess.run(
		[
			"bench",
			"--site",
			SITE,
			"execute",
			"ansvarsgruppe.tests.browser_case_fixtures.case_walk",
			"--kwargs",
			json.dumps({"password": password}),
		],
		cwd=BENCH,
		capture_output=True,
		text=True,
		check=True,
	).stdout
	return json.loads(next(line for line in out.splitlines() if line.startswith("{")))


@pytest.fixture(scope="module")
def case():
	return case_fixture(PASSWORD)


class Walk:
	"""Clicks per task, and the checks every screen of the walk passes."""

	def __init__(self, page):
		self.page, self.clicks, self.task = page, {}, None

	def start(self, task: str):
		self.task = task
		self.clicks[task] = 0

	def click(self, locator):
		locator.click(timeout=30000)
		self.clicks[self.task] += 1

	def wait(self, locator, timeout=30000):
		"""Wait for ``locator``; on a timeout say which dialog stood in the way, with a screenshot."""
		try:
			locator.wait_for(timeout=timeout)
		except Exception:
			self.page.screenshot(path="/tmp/ansvarsgruppe-case-failed.png", full_page=True)
			dialogs = self.page.locator(".modal-dialog:visible, .msgprint:visible")
			shown = [dialogs.nth(i).inner_text() for i in range(dialogs.count())]
			raise AssertionError(f"{self.task}: stopped waiting for {locator}; dialogs: {shown}") from None

	def assert_clean(self, raw_ids=()):
		"""No refusal dialog, no English word, no raw id where a name belongs."""
		self.page.wait_for_timeout(800)
		dialogs = self.page.locator(".modal-dialog:visible, .msgprint:visible")
		for i in range(dialogs.count()):
			text = dialogs.nth(i).inner_text()
			assert not any(word in text for word in REFUSALS), f"{self.task}: refused: {text}"
		text = self.page.locator("body").inner_text()
		for word in ENGLISH:
			assert not re.search(rf"\b{re.escape(word)}\b", text), (
				f"{self.task}: English «{word}» on the page"
			)
		for raw in raw_ids:
			assert raw not in text, f"{self.task}: raw id {raw} shown"


def test_a_case_without_a_refusal(browser, case):
	context = browser.new_context(base_url=BASE_URL, locale="nb-NO", viewport={"width": 1280, "height": 900})
	page = context.new_page()
	walk = Walk(page)

	# KE decides which unit is responsible, in the application's screen; the decision is dated by itself
	walk.start("KE behandler søknaden")
	login(page, case["ke"], PASSWORD)
	page.goto(f"/app/ip-application/{case['application']}")
	field = page.locator('input[data-fieldname="responsible_unit"]')
	walk.wait(field)
	walk.assert_clean()
	walk.click(field)
	field.press_sequentially(case["school"], delay=20)
	choice = page.locator(".awesomplete [role=option]:visible", has_text=case["school"]).first
	walk.wait(choice)
	walk.click(choice)
	page.wait_for_timeout(500)
	label = page.locator(".actions-btn-group .actions-btn-group-label")
	assert "Behandle" in label.inner_text(), label.inner_text()
	walk.click(page.locator(".actions-btn-group > button"))
	walk.click(page.locator(".actions-btn-group .dropdown-menu a", has_text="Behandle"))
	walk.wait(page.locator(".indicator-pill", has_text="Behandlet").first)
	walk.assert_clean()

	# The unit leader opens the application she must act on: no dialog, the applicant's relation shown
	walk.start("leder oppnevner koordinator")
	page.context.clear_cookies()
	login(page, case["leader"], PASSWORD)
	page.goto(f"/app/ip-application/{case['application']}")
	page.locator('[data-fieldname="applicant_relation"] select').wait_for(timeout=30000)
	page.wait_for_timeout(1500)
	relation = page.locator('[data-fieldname="applicant_relation"] select option:checked').inner_text()
	assert case["applicant"] in relation, f"the applicant's relation shows «{relation}»"
	button = page.locator(".actions-btn-group .actions-btn-group-label")
	button.wait_for(timeout=30000)
	assert "Oppnevn" in button.inner_text(), button.inner_text()
	walk.assert_clean()
	# and appoints the coordinator in the same screen: his unit and the group follow by themselves
	field = page.locator('input[data-fieldname="appointed_coordinator"]')
	walk.click(field)
	# the test site holds many people of the same name: the coordinator is typed by his address
	field.press_sequentially(case["coordinator"], delay=20)
	choice = page.locator(".awesomplete [role=option]:visible", has_text=case["coordinator_name"]).first
	walk.wait(choice)
	walk.click(choice)
	page.wait_for_timeout(500)
	walk.click(page.locator(".actions-btn-group > button"))
	walk.click(page.locator(".actions-btn-group .dropdown-menu a", has_text="Oppnevn koordinator"))
	walk.wait(page.locator(".indicator-pill", has_text="Koordinator oppnevnt").first)
	walk.assert_clean()
	page.screenshot(path="/tmp/ansvarsgruppe-case-leader.png", full_page=True)

	# The coordinator writes the pre-meeting's minutes he took, and approves them himself
	walk.start("koordinator skriver og godkjenner referatet")
	page.context.clear_cookies()
	login(page, case["coordinator"], PASSWORD)
	page.goto(f"/app/meeting-minutes/{case['pre_meeting']}")
	label = page.locator(".actions-btn-group .actions-btn-group-label")
	label.wait_for(timeout=30000)
	assert label.inner_text().strip() == "Skriv referat", label.inner_text()
	walk.click(page.locator(".actions-btn-group > button"))
	walk.click(page.locator(".actions-btn-group .dropdown-menu a", has_text="Skriv referat"))
	page.locator(".indicator-pill", has_text="Utkast").first.wait_for(timeout=30000)
	walk.assert_clean()
	walk.click(page.locator(".form-tabs .nav-link", has_text="Referat"))
	conclusion = page.locator(
		'[data-fieldname="conclusion"] textarea, [data-fieldname="conclusion"] .ql-editor'
	)
	walk.click(conclusion.first)
	conclusion.first.fill("Mandatet er gjennomgått; første møte holdes neste uke.")
	# the step stays while the form has unsaved changes, and saves them first
	label.wait_for(timeout=30000)
	assert "Godkjenn" in label.inner_text(), label.inner_text()
	walk.click(page.locator(".actions-btn-group > button"))
	walk.click(page.locator(".actions-btn-group .dropdown-menu a", has_text="Godkjenn"))
	walk.wait(page.locator(".indicator-pill", has_text="Godkjent").first)
	walk.assert_clean()
	page.screenshot(path="/tmp/ansvarsgruppe-case-minutes.png", full_page=True)

	# A participant finds the measure she carries out from her home page and reports it done
	walk.start("deltaker oppdaterer et tiltak")
	page.context.clear_cookies()
	login(page, case["participant"], PASSWORD)
	page.goto("/app/gruppedeltaker")
	card = page.locator(".number-widget-box", has_text="Mine åpne tiltak")
	walk.wait(card.locator(".widget-body", has_text="1"))  # the card's figure and its list are loaded
	walk.click(card.locator(".widget-body"))
	page.wait_for_url("**/query-report/**", timeout=30000)
	walk.wait(page.locator(".dt-cell__content", has_text="Lesekurs to ganger i uka").first)
	walk.assert_clean()
	walk.click(page.locator(f'.dt-cell__content a[href*="{case["plan"]}"]').first)
	update = page.locator(".page-actions button, .form-inner-toolbar button", has_text="Oppdater mitt tiltak")
	walk.wait(update.first)
	walk.click(update.first)
	status = page.locator('.modal-dialog:visible [data-fieldname="status"] select')
	walk.wait(status)
	walk.click(status)
	status.select_option("Done")
	walk.click(page.locator(".modal-dialog:visible .btn-primary", has_text="Lagre"))
	walk.wait(page.locator('[data-fieldname="measures"] .grid-static-col', has_text="Gjennomført").first)
	walk.assert_clean()
	page.screenshot(path="/tmp/ansvarsgruppe-case-measure.png", full_page=True)
	context.close()

	# A parent on a phone logs in at /login, reads the next meeting and sends a message
	phone = browser.new_context(base_url=BASE_URL, locale="nb-NO", viewport={"width": 390, "height": 844})
	page = phone.new_page()
	walk.page = page
	walk.start("forelder på mobil")
	log_in_as_a_person(page, case["parent"], PASSWORD)
	walk.clicks[walk.task] += 1  # the log-in button
	page.wait_for_url("**/mine-ansvarsgrupper", timeout=30000)
	page.get_by_text("kl. 13:30, Møterom Fjord, rådhuset").first.wait_for(timeout=30000)
	walk.assert_clean()
	form = page.locator(".ag-message-form").first
	walk.click(form.locator("textarea"))
	form.locator("textarea").fill("Takk for innkallingen. Vi kommer begge to.")
	walk.click(form.locator("button[type=submit]"))
	page.get_by_text("Takk for innkallingen. Vi kommer begge to.").first.wait_for(timeout=30000)
	walk.assert_clean()
	page.screenshot(path="/tmp/ansvarsgruppe-case-parent.png", full_page=True)
	phone.close()

	print("Klikk per oppgave:", json.dumps(walk.clicks, ensure_ascii=False))
	print("Klikk i alt:", sum(walk.clicks.values()))
