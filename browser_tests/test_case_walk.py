"""One case through the screens only, as the people whose job each step is: no refusal dialog on the way,
no English word or raw id where Norwegian and names belong; the clicks per task are printed."""

import datetime
import json
import re
import subprocess

import pytest
from conftest import BASE_URL, BENCH, SITE, log_in_as_a_person, login
from playwright.sync_api import expect
from test_add_members import fill_row

PASSWORD = "Saken-Gaar-2026!"
# Frappe's English that a Norwegian user must not meet on the road (whole words)
ENGLISH = (
	"Actions",
	"Not allowed",
	"Not permitted",
	"Login",
	"No Data",
	"Workflow",
	"Edit Filters",
	"New",
	"No.",
	"notifications",
	"Built on",
	"Undo",
	"Remind Me",
)
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
		try:
			locator.click(timeout=30000)
		except Exception:
			self.fail(locator)
		self.clicks[self.task] += 1

	def fail(self, locator):
		self.page.screenshot(path="/tmp/ansvarsgruppe-case-failed.png", full_page=True)
		dialogs = self.page.locator(".modal-dialog:visible, .msgprint:visible")
		shown = [dialogs.nth(i).inner_text() for i in range(dialogs.count())]
		raise AssertionError(f"{self.task}: could not reach {locator}; dialogs: {shown}") from None

	def wait(self, locator, timeout=30000):
		"""Wait for ``locator``; on a timeout say which dialog stood in the way, with a screenshot."""
		try:
			locator.wait_for(timeout=timeout)
		except Exception:
			self.fail(locator)

	def step(self, label: str, done: str):
		"""The workflow button named for its step, then the state it leads to."""
		button = self.page.locator(".actions-btn-group > button:visible").first
		self.wait(button)
		self.click(button)
		self.click(self.page.locator(".actions-btn-group .dropdown-menu a:visible", has_text=label).first)
		self.wait(self.page.locator(".indicator-pill:visible", has_text=done).first)

	def button(self, label: str):
		button = self.page.locator(
			".page-actions button:visible, .form-inner-toolbar button:visible", has_text=label
		)
		self.wait(button.first)
		self.click(button.first)

	def type(self, fieldname: str, value: str, choose: str | None = None):
		"""Type into a field of the form (a link: pick ``choose`` from its list)."""
		field = self.page.locator(
			f'.form-page [data-fieldname="{fieldname}"] :is(input, textarea, .ql-editor):visible'
		).first
		self.wait(field)
		self.click(field)
		if choose is None:
			field.fill(value)
			field.press("Escape")
			return
		field.press_sequentially(value, delay=20)
		option = self.page.locator(".awesomplete [role=option]:visible", has_text=choose).first
		self.wait(option)
		self.click(option)

	def cell(self, table: str, idx: int, fieldname: str, value: str | None = None, option: str | None = None):
		"""Edit one cell of a table on the form, in place."""
		row = self.page.locator(
			f'.form-page:visible [data-fieldname="{table}"] .grid-body .grid-row[data-idx="{idx}"]'
		).first
		self.click(row.locator(f'.grid-static-col[data-fieldname="{fieldname}"]').first)
		field = row.locator(
			f'.grid-static-col[data-fieldname="{fieldname}"] :is(input, select, textarea):visible'
		)
		self.wait(field.first)
		if option is not None:
			value = field.first.locator("option", has_text=option).first.get_attribute("value")
			field.first.select_option(value=value)
		else:
			field.first.fill(value)

	def tab(self, label: str):
		self.click(self.page.locator(".form-tabs .nav-link:visible", has_text=label).first)

	def check(self, fieldname: str):
		self.click(
			self.page.locator(f'.form-page:visible [data-fieldname="{fieldname}"] input:visible').first
		)

	def select(self, fieldname: str, label: str):
		field = self.page.locator(f'.form-page [data-fieldname="{fieldname}"] select:visible').first
		self.wait(field)
		self.click(field)
		option = field.locator("option", has_text=label).first
		field.select_option(value=option.get_attribute("value"))

	def save(self, indicator: str | None = None):
		self.page.keyboard.press("Control+s")
		self.clicks[self.task] += 1
		if indicator:
			self.wait(self.page.locator(".indicator-pill:visible", has_text=indicator).first)
		else:
			self.page.wait_for_timeout(1500)

	def open_group(self, child_name: str):
		"""From the list of groups to the child's group."""
		self.page.goto("/app/responsibility-group")
		row = self.page.locator(".list-subject a", has_text=child_name).first
		self.wait(row)
		self.click(row)
		self.wait(self.page.locator(".form-page:visible").first)

	def new_meeting(self):
		"""A meeting called from the group's own form (its connections)."""
		tab = self.page.locator(".form-tabs .nav-link:visible", has_text="Tilkoblinger")
		if tab.count():
			self.click(tab.first)
		self.click(self.page.locator('.document-link[data-doctype="Meeting Minutes"] .btn-new:visible').first)
		self.wait(self.page.locator('.form-page [data-fieldname="meeting_date"] input:visible').first)

	def assert_clean(self, raw_ids=()):
		"""No refusal dialog, no English word, no raw id where a name belongs."""
		self.page.wait_for_timeout(800)
		dialogs = self.page.locator(".modal-dialog:visible, .msgprint:visible")
		for i in range(dialogs.count()):
			text = dialogs.nth(i).inner_text()
			assert not any(word in text for word in REFUSALS), f"{self.task}: refused: {text}"
		text = self.page.locator("body").inner_text()
		for word in ENGLISH:
			assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text), (
				f"{self.task}: English «{word}» on the page"
			)
		# where a name belongs: the title, the breadcrumbs, the fields (the mails in the timeline name the
		# record by its number on purpose: no personal data in an e-mail)
		named = "\n".join(
			"\n".join(self.page.locator(selector).all_inner_texts())
			for selector in ("#navbar-breadcrumbs", ".page-head:visible .title-area", ".form-layout:visible")
		)
		for raw in raw_ids:
			assert raw not in named, f"{self.task}: raw id {raw} shown"


def test_a_case_without_a_refusal(browser, case):
	context = browser.new_context(base_url=BASE_URL, locale="nb-NO", viewport={"width": 1280, "height": 900})
	page = context.new_page()
	walk = Walk(page)
	today = datetime.date.today().strftime("%d.%m.%Y")
	next_week = (datetime.date.today() + datetime.timedelta(days=7)).strftime("%d.%m.%Y")

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

	# The coordinator takes the group the appointment made: registers the consent from it, approves it,
	# adds the members, calls and holds the pre-meeting, writes and approves its minutes, calls the first meeting
	walk.start("koordinator registrerer samtykket")
	page.context.clear_cookies()
	login(page, case["coordinator"], PASSWORD)
	walk.open_group(case["child_name"])
	group = page.url.rstrip("/").rsplit("/", 1)[-1]
	walk.assert_clean(raw_ids=(group, case["child"]))
	walk.button("Registrer samtykke")
	walk.type("case_description", "Samordning av skole, helsestasjon og avlastning.")
	walk.select("signed_by_kind", "Pårørende/verge")
	walk.select("signed_by_relation", case["applicant"])
	walk.click(page.locator('.form-page [data-fieldname="reviewed_with_signer"] input:visible').first)
	walk.save("Registrert")
	walk.assert_clean(raw_ids=(case["child"],))
	walk.step("Registrer signatur", "Signert")
	walk.step("Sett i kraft", "Gjeldende")
	walk.assert_clean(raw_ids=(case["child"],))
	page.screenshot(path="/tmp/ansvarsgruppe-case-consent.png", full_page=True)

	walk.start("koordinator godkjenner gruppen og legger til medlemmer")
	walk.open_group(case["child_name"])
	walk.step("Godkjenn", "Godkjent")
	walk.assert_clean(raw_ids=(group, case["child"]))
	# the mandate the pre-meeting goes through, as the checklist of its minutes asks
	walk.type("mandate", "Samordne skole, helsestasjon og avlastning rundt Mia; følge opp planen.")
	walk.save()
	walk.button("Legg til medlemmer")
	dialog = page.locator(".modal-dialog:visible")
	walk.wait(dialog)
	fill_row(dialog, 0, case["participant"], case["school"], "Kan avtale tilrettelegging i klassen.")
	walk.clicks[walk.task] += 6  # the row, its user, unit, mandate and note
	walk.click(dialog.locator(".modal-footer .btn-primary:visible", has_text="Legg til medlemmer"))
	page.wait_for_selector(".modal-dialog:visible", state="detached", timeout=30000)
	walk.assert_clean(raw_ids=(group, case["child"]))

	walk.start("koordinator kaller inn og holder formøtet")
	walk.new_meeting()
	meeting_type = page.locator('.form-page [data-fieldname="meeting_type"] select:visible option:checked')
	# the form asks how many pre-meetings the group has had before it chooses (an answer, not at once)
	expect(meeting_type).to_have_text("Formøte", timeout=30000)
	walk.type("meeting_date", today)
	walk.type("start_time", "09:00")
	walk.type("place", "Møterom Fjord, rådhuset")
	walk.save("Innkalt")
	walk.assert_clean(raw_ids=(group, case["child"]))
	invitees = page.locator('.form-page:visible [data-fieldname="participants"]').first.inner_text()
	assert case["coordinator_name"] in invitees and case["teacher_name"] in invitees, invitees
	walk.button("Send innkalling")
	walk.wait(page.locator(".modal-dialog:visible .btn-primary").first)
	walk.click(page.locator(".modal-dialog:visible .btn-primary").first)
	page.wait_for_timeout(1500)
	walk.step("Skriv referat", "Utkast")
	walk.assert_clean(raw_ids=(group, case["child"]))

	walk.start("koordinator skriver og godkjenner referatet")
	for idx in (1, 2):
		walk.cell("participants", idx, "attendance", option="Til stede")
	agenda = page.locator('.form-page:visible [data-fieldname="agenda"] .grid-body .grid-row')
	for idx in range(1, agenda.count() + 1):
		walk.cell("agenda", idx, "discussion", "Gjennomgått, ingen merknader.")
	walk.tab("Referat")
	walk.type("conclusion", "Mandatet er gjennomgått; første møte holdes neste uke.")
	walk.type("next_meeting_date", next_week)
	walk.type("next_meeting_topic", "Første møte i ansvarsgruppen")
	walk.check("guidelines_reviewed")
	walk.check("mandate_reviewed")
	walk.step("Godkjenn", "Godkjent")
	walk.assert_clean(raw_ids=(group, case["child"]))
	page.screenshot(path="/tmp/ansvarsgruppe-case-minutes.png", full_page=True)

	walk.start("koordinator kaller inn til første møte")
	walk.open_group(case["child_name"])
	walk.new_meeting()
	walk.select("meeting_type", "Ordinært møte")
	walk.type("meeting_date", next_week)
	walk.type("start_time", "13:30")
	walk.type("place", "Møterom Fjord, rådhuset")
	walk.save("Innkalt")
	walk.assert_clean(raw_ids=(group, case["child"]))

	# A participant finds the measure she carries out from her home page and reports it done
	walk.start("deltaker oppdaterer et tiltak")
	page.context.clear_cookies()
	login(page, case["participant"], PASSWORD)
	page.goto("/app/gruppedeltaker")
	# her next meetings: the card opens the coming meetings themselves, and she reads the call
	card = page.locator(".number-widget-box", has_text="Neste møter i mine grupper")
	walk.wait(card.locator(".widget-body", has_text="1"))
	walk.click(card.locator(".widget-body"))
	page.wait_for_url("**/app/meeting-minutes**", timeout=30000)
	meeting = page.locator(".list-row-container .list-subject a", has_text=case["child_name"]).first
	walk.wait(meeting)
	walk.assert_clean()
	walk.click(meeting)
	walk.wait(page.locator('.form-page [data-fieldname="place"]', has_text="Møterom Fjord").first)
	walk.assert_clean(raw_ids=(case["child"],))
	# she reads the call: no step offered that she would be refused on, no checklist of another's step
	assert not page.locator(".actions-btn-group:visible").count(), "a workflow step for the invitee"
	assert "Neste steg" not in page.locator(".form-page:visible").first.inner_text()
	page.screenshot(path="/tmp/ansvarsgruppe-case-next-meeting.png", full_page=True)
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
